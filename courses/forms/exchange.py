"""Forms of the seat exchange: a request, a decision on it, the filters of /requests/ and the
seats an offering holds for partner centres."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Centre, Offering, SeatRequest, SeatRequestStatus
from .base import DateInput, DomainErrorFormMixin


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
