"""Forms of the catalog: posting and editing courses and their offerings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Course, Language, Offering, OfferingStatus, Theme
from .base import (
    DateInput,
    DomainErrorFormMixin,
    EmptyChoiceLabelsMixin,
    ModelChoicesField,
    SensibleNumbersMixin,
)


class CourseForm(
    SensibleNumbersMixin, EmptyChoiceLabelsMixin, DomainErrorFormMixin, forms.ModelForm
):
    themes = ModelChoicesField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        error_messages={"required": _("Choose at least one theme.")},
    )
    languages = ModelChoicesField(
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages of instruction"),
        error_messages={"required": _("Choose at least one language of instruction.")},
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


class OfferingForm(
    SensibleNumbersMixin, EmptyChoiceLabelsMixin, DomainErrorFormMixin, forms.ModelForm
):
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
            "status": _(
                "Cancelling tells every centre that holds or awaits seats on this offering."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new offering is scheduled; cancelling is a change made later.
            self.fields["status"].choices = [
                (OfferingStatus.SCHEDULED, OfferingStatus.SCHEDULED.label)
            ]
