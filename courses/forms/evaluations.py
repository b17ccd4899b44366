"""After the course: the participant's evaluation, the host's after-action report, and the year
of the ledger and of the network's evaluations. Validation only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..evaluations import QUESTION_LABELS
from ..models import ResourceVisibility
from ..models.evaluations import SCORE_FIELDS, SCORE_RANGE
from ..uploads import UploadRefused, check_upload
from .base import DomainErrorFormMixin

SCORE_CHOICES = [(score, str(score)) for score in SCORE_RANGE]


class EvaluationForm(forms.Form):
    """Four scores from 1 (poor) to 5 (excellent) and two optional free answers."""

    keep = forms.CharField(
        label=_("What should the course keep?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    change = forms.CharField(
        label=_("What should the course change?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scores = {
            name: forms.TypedChoiceField(
                label=QUESTION_LABELS[name],
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score from 1 to 5.")},
            )
            for name in SCORE_FIELDS
        }
        # The scores first, in the order of the questions, then the free answers.
        self.fields = {**scores, **self.fields}


class AfterActionForm(DomainErrorFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Lessons learned"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What worked, what did not, and what the next run should do differently."),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=ResourceVisibility.choices,
        initial=ResourceVisibility.NETWORK,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("A report or annex: PDF, Word, OpenDocument, presentation or image."),
    )
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args, has_file: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not has_file:
            del self.fields["remove_file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_upload(upload)
            except UploadRefused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
        return upload


class YearForm(forms.Form):
    """The year of the ledger and of the network's evaluations."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
