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
    Centre,
    Course,
    Language,
    Offering,
    OfferingStatus,
    SeatRequest,
    SeatRequestStatus,
    Theme,
)


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
    "approve": _("Approve"),
    "adjust": _("Change the approved seats"),
    "waitlist": _("Waitlist"),
    "decline": _("Decline"),
    "ask-more": _("Ask for more seats"),
    "withdraw": _("Withdraw"),
    "reopen": _("Re-open"),
}

# Actions that give something up: asked for again on a confirmation step, never pre-selected.
DESTRUCTIVE_ACTIONS = ("decline", "withdraw")


class SeatRequestDecisionForm(DomainErrorFormMixin, forms.Form):
    """A decision on a request; `actions` are those the viewer may take now.

    `seen` carries the state of the request the page showed (the request engine's last move),
    so a decision on a request that changed since is refused instead of crossing another.
    `confirmed` is set by the confirmation step of a destructive action.
    """

    action = forms.ChoiceField(
        choices=list(ACTION_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do with the request.")},
    )
    seats_approved = forms.IntegerField(
        required=False,
        min_value=1,
        label=_("Seats approved"),
        help_text=_("Leave empty to approve every seat requested."),
    )
    seats_requested = forms.IntegerField(
        required=False,
        min_value=1,
        label=_("Seats asked for in all"),
        help_text=_("The new total of seats your centre asks for; seats approved stay approved."),
    )
    response = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Answer"),
        help_text=_("Sent to the other centre with the decision."),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ACTION_LABELS[a]) for a in actions]
        # Pre-select only a lone action that gives nothing up: "Withdraw" or "Decline" is
        # always a choice the user makes.
        if len(actions) == 1 and actions[0] not in DESTRUCTIVE_ACTIONS:
            self.fields["action"].initial = actions[0]
        if not {"approve", "adjust"} & set(actions):
            del self.fields["seats_approved"]
        elif "approve" not in actions:
            self.fields["seats_approved"].help_text = _(
                "The new number of seats approved: raise it (within the free partner seats) "
                "or lower it (the freed seats go to the waitlist)."
            )
        if "ask-more" not in actions:
            del self.fields["seats_requested"]
        if not {"approve", "waitlist", "decline"} & set(actions):
            self.fields["response"].label = _("Note to the host centre")
            self.fields["response"].help_text = _("Sent to the host centre with your change.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "adjust" and not cleaned.get("seats_approved"):
            self.add_error("seats_approved", _("Give the new number of seats approved."))
        if action == "ask-more" and not cleaned.get("seats_requested"):
            self.add_error("seats_requested", _("Give the number of seats you ask for in all."))
        return cleaned


class SeatRequestFilterForm(forms.Form):
    """The filters of /requests/: by status and by offering. A bad value shows on the field."""

    status = forms.ChoiceField(required=False, choices=[("", "Any status")])
    offering = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "Any offering")]
    )

    def __init__(self, *args, offerings: list[Offering], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *SeatRequestStatus.choices]
        self.fields["offering"].choices = [
            ("", "Any offering"),
            *((o.pk, f"{o.course.title} — {o.start_date:%d %b %Y}") for o in offerings),
        ]


class HeldSeatsForm(DomainErrorFormMixin, forms.Form):
    """Until when an offering's partner seats are held for named partner centres."""

    quota_release_date = forms.DateField(
        required=False,
        label=_("Held until"),
        help_text=_(
            "On this day, seats held and not claimed join the pool and the waitlist moves. "
            "On or before the offering's start."
        ),
        widget=DateInput(),
    )


class HeldSeatsRowForm(forms.Form):
    """One partner centre and the seats held for it (0 or empty removes the hold)."""

    centre = forms.ModelChoiceField(
        queryset=Centre.objects.none(), required=False, label=_("Partner centre")
    )
    seats = forms.IntegerField(required=False, min_value=0, label=_("Seats held"))

    def __init__(self, *args, centres: QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is not None:
            self.fields["centre"].queryset = centres


class BaseHeldSeatsFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            centre = form.cleaned_data.get("centre")
            if centre is None:
                continue
            if centre.pk in seen:
                raise ValidationError(
                    _("Each centre once: %(centre)s is listed twice.")
                    % {"centre": centre.short_name}
                )
            seen.add(centre.pk)

    def quotas(self) -> dict[int, int]:
        """Centre id → seats held, from the rows that name a centre."""
        return {
            form.cleaned_data["centre"].pk: form.cleaned_data.get("seats") or 0
            for form in self.forms
            if form.cleaned_data.get("centre") is not None
        }


HeldSeatsFormSet = forms.formset_factory(
    HeldSeatsRowForm, formset=BaseHeldSeatsFormSet, extra=3, max_num=20, validate_max=True
)
