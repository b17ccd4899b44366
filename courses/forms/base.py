"""What every form of the product shares: a service's refusal shown on its field, and choices
by id that never reach the database with an id no row can have."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..exceptions import DomainError


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


# What an empty choice says, by field name: Django's "---------" tells nobody what to do.
EMPTY_CHOICE_LABELS = {
    "audience": _("Choose an audience"),
    "level": _("Choose a level"),
    "delivery_mode": _("Choose a delivery mode"),
    "country": _("Choose a country"),
    "centre": _("Choose a centre"),
    "owner_centre": _("Choose a centre"),
    "requesting_centre": _("Choose a centre"),
    "course": _("Choose a course"),
    "offering": _("Choose an offering"),
    "language": _("Choose a language"),
    "kind": _("Choose a kind"),
    "visibility": _("Choose who may see it"),
    "status": _("Choose a status"),
    "role": _("Choose a role"),
    "gender": _("Choose a gender"),
    "service": _("Choose a service"),
    "attendance": _("Not recorded yet"),
    "user": _("Choose a user"),
    "resource": _("Choose a resource"),
    "replaces": _("Choose the version it replaces"),
}
DASHES = BLANK_CHOICE_DASH[0][1]


def label_empty_choice(name: str, field: forms.Field) -> None:
    """Give a select's empty choice a label that says what to choose ("Choose a country")
    in place of Django's "---------"."""
    label = EMPTY_CHOICE_LABELS.get(name, _("Choose one"))
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = label
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and choices[0][1] == DASHES:
            field.choices = [("", label), *choices[1:]]


class EmptyChoiceLabelsMixin:
    """A form whose selects name their empty choice (see `label_empty_choice`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label_empty_choice(name, field)


# Numbers a person types, with the range that makes sense for them, instead of the range of
# the database column ("less than or equal to 9223372036854775807" on SQLite).
MAX_SEATS = 1000
MAX_COURSE_DAYS = 365
SEATS = (
    ngettext_lazy(
        "Enter at least %(limit_value)s seat.",
        "Enter at least %(limit_value)s seats.",
        "limit_value",
    ),
    ngettext_lazy(
        "Enter at most %(limit_value)s seat.", "Enter at most %(limit_value)s seats.", "limit_value"
    ),
)
DAYS = (
    ngettext_lazy(
        "Enter at least %(limit_value)s day.", "Enter at least %(limit_value)s days.", "limit_value"
    ),
    ngettext_lazy(
        "A course lasts at most %(limit_value)s day.",
        "A course lasts at most %(limit_value)s days.",
        "limit_value",
    ),
)
# field name -> (least, most, messages); None keeps the field's own least value.
NUMBER_LIMITS: dict[str, tuple[int | None, int, tuple]] = {
    "seats_total": (0, MAX_SEATS, SEATS),
    "partner_seats": (0, MAX_SEATS, SEATS),
    "seats_requested": (1, MAX_SEATS, SEATS),
    "women_nominated": (0, MAX_SEATS, SEATS),
    "seats_approved": (None, MAX_SEATS, SEATS),
    "seats": (None, MAX_SEATS, SEATS),
    "duration_days": (1, MAX_COURSE_DAYS, DAYS),
}


def limit_number(name: str, field: forms.Field) -> None:
    """Give a number field of the product (seats, days) a sensible range, told in words a
    person reads ("Enter at most 1000 seats."), on the server and on the input (min, max)."""
    if name not in NUMBER_LIMITS or not isinstance(field, forms.IntegerField):
        return
    least, most, (too_few, too_many) = NUMBER_LIMITS[name]
    if least is None:
        least = field.min_value
    field.min_value, field.max_value = least, most
    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ]
    if least is not None:
        field.validators.append(MinValueValidator(least))
        field.widget.attrs["min"] = least
    field.validators.append(MaxValueValidator(most))
    field.widget.attrs["max"] = most
    field.error_messages["min_value"] = too_few
    field.error_messages["max_value"] = too_many


class SensibleNumbersMixin:
    """A form whose numbers of seats and days have a sensible range (see `limit_number`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            limit_number(name, field)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
