"""Forms of the seat exchange: a request, a decision on it, and the filters of /requests/."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import Offering, SeatRequest, SeatRequestStatus
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
    """The filters of /requests/: by status and by offering. A bad value shows on the field."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))])
    offering = forms.TypedChoiceField(
        label=_("Offering"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any offering"))],
    )

    def __init__(self, *args, offerings: list[Offering], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *SeatRequestStatus.choices]
        self.fields["offering"].choices = [
            ("", _("Any offering")),
            *((o.pk, f"{o.course.title} — {date_format(o.start_date)}") for o in offerings),
        ]
