"""Forms of the instructor exchange: an offer with its windows of availability, a request to
borrow one, and a decision on the request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import COUNTRY_CHOICES, Instructor, InstructorRequest, Language, Theme
from .base import DateInput, DomainErrorFormMixin, ModelChoicesField


class InstructorForm(DomainErrorFormMixin, forms.ModelForm):
    themes = ModelChoicesField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        error_messages={"required": _("Choose at least one theme.")},
    )
    languages = ModelChoicesField(
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
        error_messages={"required": _("Choose at least one language.")},
    )

    class Meta:
        model = Instructor
        fields = [
            "kind",
            "title",
            "summary",
            "themes",
            "languages",
            "ranks",
            "team_size",
            "person_name",
            "person_rank",
            "bio",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "bio": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "team_size": _("For a single instructor, 1."),
            "person_name": _("Members of the network only; for a team, its leader."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team_size"].min_value = 1
        self.fields["team_size"].widget.attrs["min"] = 1


class WindowForm(forms.Form):
    start_date = forms.DateField(label=_("Available from"), widget=DateInput())
    end_date = forms.DateField(label=_("Available until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A window ends on or after the day it starts."))
        return cleaned


class BaseWindowFormSet(forms.BaseFormSet):
    def windows(self) -> list[tuple[Any, Any]]:
        """The windows given, as (start_date, end_date), the blank and deleted rows left out."""
        return [
            (form.cleaned_data["start_date"], form.cleaned_data["end_date"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


WindowFormSet = forms.formset_factory(
    WindowForm, formset=BaseWindowFormSet, extra=2, can_delete=True, max_num=20
)


class InstructorRequestForm(DomainErrorFormMixin, forms.ModelForm):
    class Meta:
        model = InstructorRequest
        fields = ["start_date", "end_date", "city", "country", "purpose"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *COUNTRY_CHOICES]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is on or after the start date."))
        return cleaned

    def _post_clean(self) -> None:
        # The service checks the request as a whole (the offer and centre are not in the form).
        pass


INSTRUCTOR_ACTION_LABELS = {
    "approve": _("Approve"),
    "decline": _("Decline"),
    "cancel": _("Cancel the loan"),
    "withdraw": _("Withdraw"),
}


class InstructorDecisionForm(DomainErrorFormMixin, forms.Form):
    """A move on an instructor request; `actions` are those the viewer may make now. `seen`
    carries the last move the page showed (a stale decision is refused); `confirmed` is set
    by the confirmation page of a move that gives something up."""

    action = forms.ChoiceField(
        widget=forms.RadioSelect,
        label=_("Action"),
        error_messages={"required": _("Choose what to do with the request.")},
    )
    response = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Note"),
        help_text=_("Sent to the other centre with your decision."),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, INSTRUCTOR_ACTION_LABELS[a]) for a in actions]
