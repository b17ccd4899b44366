"""Forms of the seat exchange: a request, a decision on it, and the filters of /requests/."""

from __future__ import annotations

from django import forms

from ..models import Offering, SeatRequest, SeatRequestStatus
from .base import DomainErrorFormMixin


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
