"""Forms of the seat exchange: a request, a decision on it, and the filters of /requests/."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import (
    Gender,
    Offering,
    Participant,
    SeatRequest,
    SeatRequestStatus,
    Service,
)
from ..models.participants import ParticipantDetails
from .base import DomainErrorFormMixin


class SeatRequestForm(DomainErrorFormMixin, forms.ModelForm):
    class Meta:
        model = SeatRequest
        fields = ["seats_requested", "women_nominated", "participant_profile", "message"]
        labels = {"seats_requested": _("Seats requested"), "women_nominated": _("Of which women")}
        widgets = {
            "participant_profile": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "message": _("Anything the host centre should know (optional)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seats_requested"].min_value = 1
        self.fields["seats_requested"].widget.attrs["min"] = 1
        self.fields["women_nominated"].widget.attrs["min"] = 0


ACTION_LABELS = {
    "approve": _("Approve"),
    "waitlist": _("Waitlist"),
    "decline": _("Decline"),
    "withdraw": _("Withdraw"),
    "reopen": _("Re-open"),
}


class SeatRequestDecisionForm(DomainErrorFormMixin, forms.Form):
    """A decision on a request; `actions` are those the viewer may take now."""

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
    response = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Answer"),
        help_text=_("Sent to the other centre with the decision."),
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ACTION_LABELS[a]) for a in actions]
        if len(actions) == 1:
            self.fields["action"].initial = actions[0]
        if "approve" not in actions:
            del self.fields["seats_approved"]
        if not {"approve", "waitlist", "decline"} & set(actions):
            self.fields["response"].label = _("Note to the host centre")
            self.fields["response"].help_text = _("Sent to the host centre with your change.")


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
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))])
    year = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Year"), choices=[("", _("Any year"))]
    )
    offering = forms.TypedChoiceField(
        label=_("Offering"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any offering"))],
    )

    def __init__(self, *args, offerings: list[Offering], with_direction: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_direction:  # the network admin reads every request, from no side
            del self.fields["direction"]
        self.fields["status"].choices = [("", _("Any status")), *SeatRequestStatus.choices]
        years = sorted({o.start_date.year for o in offerings}, reverse=True)
        self.fields["year"].choices = [("", _("Any year")), *((y, str(y)) for y in years)]
        self.fields["offering"].choices = [
            ("", _("Any offering")),
            *((o.pk, f"{o.course.title} — {date_format(o.start_date)}") for o in offerings),
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
