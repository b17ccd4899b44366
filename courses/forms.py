"""Forms: validation only. They never write; the views hand their cleaned data to a service.

Field names are part of the public contract (SPEC section 3): keep them exactly.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .exceptions import DomainError
from .models import (
    Course,
    Language,
    Offering,
    OfferingStatus,
    SeatRequest,
    SeatRequestStatus,
    Theme,
)
from .models.centres import COUNTRY_TIME_ZONES
from .models.preferences import available_time_zones


class DomainErrorFormMixin:
    """Put a service's refusal on the field it is about (or on the whole form)."""

    def add_domain_error(self, error: DomainError) -> None:
        for field, messages in error.errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


def is_possible_key(queryset: QuerySet, value: Any, *, to_field_name: str | None = None) -> bool:
    """Whether `value` (as posted) could be the key of a row of `queryset`.

    The key is the primary key, or the field `to_field_name`. False for text the key cannot be
    read from ("abc" for an id) and for a number outside the range of the key's column on the
    queryset's database: no row has it, and asking for it is not safe (Django raises
    ValueError for "abc"; SQLite raises OverflowError beyond 64 bits).
    """
    opts = queryset.model._meta
    key_field = opts.get_field(to_field_name) if to_field_name else opts.pk
    while key_field.is_relation:
        key_field = key_field.target_field
    try:
        key = key_field.get_prep_value(key_field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(key_field, models.IntegerField) and isinstance(key, int):
        ops = connections[queryset.db].ops
        low, high = ops.integer_field_range(key_field.get_internal_type())
        return (low is None or key >= low) and (high is None or key <= high)
    return True


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id where an id no row can have (not a number, or out of
    the database's range) is simply not a valid value (Django would pass an out-of-range id
    to the database, and SQLite answers OverflowError)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            # Only what a POST carries; rows given by the code itself are Django's to check.
            if isinstance(pk, (str, int)) and not is_possible_key(
                self.queryset, pk, to_field_name=self.to_field_name
            ):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CourseForm(DomainErrorFormMixin, forms.ModelForm):
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


class OfferingForm(DomainErrorFormMixin, forms.ModelForm):
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


class PreferencesForm(forms.Form):
    """A member's language and time zone (/account/preferences/)."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args: Any, centre_time_zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("As my browser asks")),
            *settings.LANGUAGES,
        ]
        # The network's zones first (where nearly every member is), then every other zone.
        asean = sorted(set(COUNTRY_TIME_ZONES.values()))
        others = sorted(available_time_zones() - set(asean))
        default_label = (
            _("My centre's time zone (%(zone)s)") % {"zone": centre_time_zone}
            if centre_time_zone
            else _("The site's time zone (%(zone)s)") % {"zone": settings.TIME_ZONE}
        )
        self.fields["time_zone"].choices = [
            ("", default_label),
            (_("ASEAN"), [(zone, zone) for zone in asean]),
            (_("Elsewhere"), [(zone, zone) for zone in others]),
        ]
