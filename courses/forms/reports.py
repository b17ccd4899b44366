"""The participation report's choices: year, host centre, theme. Validation only."""

from __future__ import annotations

from django import forms

from ..models import Centre, Theme


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, choices=())
    centre = forms.ModelChoiceField(
        queryset=Centre.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All centres",
        label="Host centre",
        help_text="Courses run by this centre.",
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All themes",
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["centre"].error_messages["invalid_choice"] = "There is no centre %(value)s."
        self.fields["theme"].error_messages["invalid_choice"] = "There is no theme %(value)s."
