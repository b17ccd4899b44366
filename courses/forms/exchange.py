"""Forms of the seat exchange: a request, a decision on it, the filters of /requests/ and the
seats an offering holds for partner centres."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import (
    Centre,
    Gender,
    Offering,
    Participant,
    SeatRequest,
    SeatRequestStatus,
    Service,
)
from ..models.participants import ParticipantDetails
from .base import DateInput, DomainErrorFormMixin, EmptyChoiceLabelsMixin, SensibleNumbersMixin


class SeatRequestForm(SensibleNumbersMixin, DomainErrorFormMixin, forms.ModelForm):
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


class SeatRequestDecisionForm(SensibleNumbersMixin, DomainErrorFormMixin, forms.Form):
    """A decision on a request; `actions` are those the viewer may take now.

    `seen` carries the state of the request the page showed (the request engine's last move),
    so a decision on a request that changed since is refused instead of crossing another.
    `confirmed` is set by the confirmation step of a destructive action.
    """

    action = forms.ChoiceField(
        label=_("Action"),
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


class HeldSeatsRowForm(SensibleNumbersMixin, EmptyChoiceLabelsMixin, forms.Form):
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
    *, seats: int, participants: list[Participant], data: Any = None, most: int = 0
) -> BaseParticipantFormSet:
    """The formset (prefix `participants`) of a request with `seats` approved seats: one row per
    named participant and an empty row for each seat still to name. `most` is the most seats
    the request can have had approved (the seats it asks for): a page opened before the host
    lowered the approved seats sends that many rows, and every one of them is kept to be shown
    again beside the refusal, never dropped unseen."""
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
    # The service refuses more people than seats (with the number of seats); the bound keeps a
    # forged TOTAL_FORMS from building thousands of forms.
    bound = max(seats, len(participants), most)
    formset_class = forms.formset_factory(
        ParticipantForm,
        formset=BaseParticipantFormSet,
        extra=max(seats - len(participants), 0),
        can_delete=True,
        max_num=bound,
        absolute_max=bound,
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
