"""The participation report's choices: year, host centre, theme. Validation only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Centre, Theme


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    centre = forms.ModelChoiceField(
        queryset=Centre.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All centres"),
        label=_("Host centre"),
        help_text=_("Courses run by this centre."),
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        label=_("Theme"),
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["centre"].error_messages["invalid_choice"] = _("There is no centre %(value)s.")
        self.fields["theme"].error_messages["invalid_choice"] = _("There is no theme %(value)s.")
