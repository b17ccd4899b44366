"""Forms: validation only. They never write; the views hand their cleaned data to a service.

Field names are part of the public contract (SPEC section 3): keep them exactly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .exceptions import DomainError
from .models import (
    Course,
    Gender,
    Language,
    Offering,
    OfferingStatus,
    Participant,
    SeatRequest,
    SeatRequestStatus,
    Service,
    Theme,
)
from .services.participants import ParticipantDetails


class DomainErrorFormMixin:
    """Put a service's refusal on the field it is about (or on the whole form)."""

    def add_domain_error(self, error: DomainError) -> None:
        for field, messages in error.errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


def is_possible_key(queryset: QuerySet, value: Any, *, to_field_name: str | None = None) -> bool:
    """Whether `value` (as posted) could be the key of a row of `queryset`.

    The key is the primary key, or the field `to_field_name`. False for text the key cannot be
    read from ("abc" for an id) and for a number outside the range of the key's column on the
    queryset's database: no row has it, and asking for it is not safe (Django raises
    ValueError for "abc"; SQLite raises OverflowError beyond 64 bits).
    """
    opts = queryset.model._meta
    key_field = opts.get_field(to_field_name) if to_field_name else opts.pk
    while key_field.is_relation:
        key_field = key_field.target_field
    try:
        key = key_field.get_prep_value(key_field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(key_field, models.IntegerField) and isinstance(key, int):
        ops = connections[queryset.db].ops
        low, high = ops.integer_field_range(key_field.get_internal_type())
        return (low is None or key >= low) and (high is None or key <= high)
    return True


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id where an id no row can have (not a number, or out of
    the database's range) is simply not a valid value (Django would pass an out-of-range id
    to the database, and SQLite answers OverflowError)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            # Only what a POST carries; rows given by the code itself are Django's to check.
            if isinstance(pk, (str, int)) and not is_possible_key(
                self.queryset, pk, to_field_name=self.to_field_name
            ):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CourseForm(DomainErrorFormMixin, forms.ModelForm):
    themes = ModelChoicesField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one theme."},
    )
    languages = ModelChoicesField(
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Languages of instruction",
        error_messages={"required": "Choose at least one language of instruction."},
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "description",
            "themes",
            "audience",
            "level",
            "languages",
            "delivery_mode",
            "duration_days",
            "prerequisites",
            "un_recognised",
            "status",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
        }


class OfferingForm(DomainErrorFormMixin, forms.ModelForm):
    class Meta:
        model = Offering
        fields = [
            "start_date",
            "end_date",
            "city",
            "country",
            "application_deadline",
            "seats_total",
            "partner_seats",
            "status",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "application_deadline": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "status": "Cancelling tells every centre that holds or awaits seats on this offering.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new offering is scheduled; cancelling is a change made later.
            self.fields["status"].choices = [
                (OfferingStatus.SCHEDULED, OfferingStatus.SCHEDULED.label)
            ]


class SeatRequestForm(DomainErrorFormMixin, forms.ModelForm):
    class Meta:
        model = SeatRequest
        fields = ["seats_requested", "women_nominated", "participant_profile", "message"]
        labels = {"seats_requested": "Seats requested", "women_nominated": "Of which women"}
        widgets = {
            "participant_profile": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "message": "Anything the host centre should know (optional).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seats_requested"].min_value = 1
        self.fields["seats_requested"].widget.attrs["min"] = 1
        self.fields["women_nominated"].widget.attrs["min"] = 0


ACTION_LABELS = {
    "approve": "Approve",
    "waitlist": "Waitlist",
    "decline": "Decline",
    "withdraw": "Withdraw",
    "reopen": "Re-open",
}


class SeatRequestDecisionForm(DomainErrorFormMixin, forms.Form):
    """A decision on a request; `actions` are those the viewer may take now."""

    action = forms.ChoiceField(
        choices=list(ACTION_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the request."},
    )
    seats_approved = forms.IntegerField(
        required=False,
        min_value=1,
        label="Seats approved",
        help_text="Leave empty to approve every seat requested.",
    )
    response = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Answer",
        help_text="Sent to the other centre with the decision.",
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ACTION_LABELS[a]) for a in actions]
        if len(actions) == 1:
            self.fields["action"].initial = actions[0]
        if "approve" not in actions:
            del self.fields["seats_approved"]
        if not {"approve", "waitlist", "decline"} & set(actions):
            self.fields["response"].label = "Note to the host centre"
            self.fields["response"].help_text = "Sent to the host centre with your change."


class SeatRequestFilterForm(forms.Form):
    """The filters of /requests/: direction, status, year of the offering, offering. A bad value
    shows on the field."""

    direction = forms.ChoiceField(
        required=False,
        label=_("Direction"),
        choices=[
            ("", _("Incoming and outgoing")),
            ("incoming", _("Incoming")),
            ("outgoing", _("Outgoing")),
        ],
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status")])
    year = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Year"), choices=[("", _("Any year"))]
    )
    offering = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "Any offering")]
    )

    def __init__(self, *args, offerings: list[Offering], with_direction: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_direction:  # the network admin reads every request, from no side
            del self.fields["direction"]
        self.fields["status"].choices = [("", "Any status"), *SeatRequestStatus.choices]
        years = sorted({o.start_date.year for o in offerings}, reverse=True)
        self.fields["year"].choices = [("", _("Any year")), *((y, str(y)) for y in years)]
        self.fields["offering"].choices = [
            ("", "Any offering"),
            *((o.pk, f"{o.course.title} — {o.start_date:%d %b %Y}") for o in offerings),
        ]


# --- Named participants ----------------------------------------------------------------------


class ParticipantForm(DomainErrorFormMixin, forms.Form):
    """One participant: who comes on an approved seat. `id` is set for one already named."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    rank = forms.CharField(label=_("Rank"), max_length=60, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices])
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("For the joining instructions."),
    )
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False, help_text=_("Current post.")
    )
    service = forms.ChoiceField(label=_("Service"), choices=[("", "—"), *Service.choices])

    def details(self) -> ParticipantDetails:
        data = self.cleaned_data
        return ParticipantDetails(
            full_name=data["full_name"],
            gender=data["gender"],
            service=data["service"],
            rank=data.get("rank", ""),
            email=data.get("email", ""),
            position=data.get("position", ""),
        )


class BaseParticipantFormSet(forms.BaseFormSet):
    """The request's participants; a row's `DELETE` removes a person who no longer comes."""

    def __init__(self, *args, known_ids: set[int], **kwargs):
        self.known_ids = known_ids
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        if any(self.errors):
            return
        emails: set[str] = set()
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            pk = form.cleaned_data.get("id")
            if pk and pk not in self.known_ids:
                raise ValidationError(
                    _("A participant you changed is no longer on this request; look again.")
                )
            if self._should_delete_form(form):
                continue
            email = (form.cleaned_data.get("email") or "").strip().lower()
            if email and email in emails:
                form.add_error("email", _("This e-mail is given for two participants."))
            emails.add(email)

    def changes(self) -> tuple[list[ParticipantDetails], dict[int, ParticipantDetails], list[int]]:
        """What the formset asks for: (people to add, corrections by id, ids to remove)."""
        add: list[ParticipantDetails] = []
        change: dict[int, ParticipantDetails] = {}
        remove: list[int] = []
        for form in self.forms:
            pk = form.cleaned_data.get("id")
            if self._should_delete_form(form):
                if pk:
                    remove.append(pk)
            elif pk:
                change[pk] = form.details()
            elif form.has_changed():
                add.append(form.details())
        return add, change, remove


def participant_formset(
    *, seats: int, participants: list[Participant], data: Any = None
) -> BaseParticipantFormSet:
    """The formset (prefix `participants`) of a request with `seats` approved seats: one row per
    named participant and an empty row for each seat still to name."""
    initial = [
        {
            "id": p.pk,
            "rank": p.rank,
            "full_name": p.full_name,
            "gender": p.gender,
            "email": p.email,
            "position": p.position,
            "service": p.service,
        }
        for p in participants
    ]
    formset_class = forms.formset_factory(
        ParticipantForm,
        formset=BaseParticipantFormSet,
        extra=max(seats - len(participants), 0),
        can_delete=True,
        # The service refuses more people than seats too; this keeps a forged TOTAL_FORMS
        # from building thousands of forms.
        max_num=max(seats, len(participants)),
        absolute_max=max(seats, len(participants)),
        validate_max=True,
    )
    return formset_class(
        data,
        initial=initial,
        prefix="participants",
        known_ids={p.pk for p in participants},
    )


class SubstituteForm(ParticipantForm):
    """Who comes instead of `replaces` (a participant still on the request)."""

    replaces = forms.TypedChoiceField(coerce=int, label=_("Instead of"))

    def __init__(self, *args, participants: list[Participant], **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["id"]
        self.fields["replaces"].choices = [("", "—")] + [
            (p.pk, p.display_name) for p in participants
        ]
        self.order_fields(["replaces"])
