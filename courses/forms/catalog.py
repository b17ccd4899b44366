"""Forms of the catalog: posting and editing courses and their offerings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import (
    Course,
    Language,
    Offering,
    OfferingStatus,
    Theme,
    UNPackageEdition,
    UNRecognition,
)
from .base import (
    DateInput,
    DomainErrorFormMixin,
    EmptyChoiceLabelsMixin,
    ModelChoicesField,
    SensibleNumbersMixin,
)


class UNRecognitionField(forms.TypedChoiceField):
    """The UN recognition's status under the form's field name `un_recognised`; a script that
    still sends the old checkbox ("on", "true", "1") means `recognised`."""

    CHECKED = frozenset({"on", "true", "1", "yes"})

    def to_python(self, value):
        value = super().to_python(value)
        return UNRecognition.RECOGNISED if str(value).lower() in self.CHECKED else value


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
    # The form keeps its field name `un_recognised` (a contract of the forms, SPEC §3); it now
    # says how far the UN's recognition has come, and the service stores it as `un_status`.
    un_recognised = UNRecognitionField(
        label=_("UN recognition"),
        choices=UNRecognition.choices,
        required=False,
        empty_value=UNRecognition.NOT_RECOGNISED,
    )
    un_edition = forms.ModelChoiceField(
        queryset=UNPackageEdition.objects.for_choices(),
        required=False,
        label=_("UN training package edition"),
        empty_label=_("None"),
        help_text=_("The edition of the UN training package the course teaches, if any."),
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
            "un_certificate_date",
            "un_expiry_date",
            "un_evidence",
            "un_edition",
            "status",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
            "un_certificate_date": DateInput(),
            "un_expiry_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["un_recognised"] = self.instance.un_status

    def clean(self):
        cleaned = super().clean()
        # The model's own rules (a recognised course has a certificate date) see the status.
        self.instance.un_status = cleaned.get("un_recognised") or UNRecognition.NOT_RECOGNISED
        return cleaned

    def service_arguments(self) -> dict:
        """The cleaned data as the course services take it."""
        data = dict(self.cleaned_data)
        data["un_status"] = data.pop("un_recognised") or UNRecognition.NOT_RECOGNISED
        return data


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
