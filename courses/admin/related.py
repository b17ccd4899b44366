"""Ids in admin POSTs that no row can have: a form error or a row left out, never a 500.

A POST may carry, where an id is expected, text that no row's key can be: "abc", "1.5", or a
number beyond the database's integer range (99999999999999999999). Django asks the database
about such ids in three places of the admin, and fails there:

- a many-to-many field validates the posted ids with one query (SQLite raises OverflowError
  beyond 64 bits, where PostgreSQL finds nothing);
- an autocomplete widget looks the posted ids up to show the form again with its errors
  (ValueError for "abc" on every database, OverflowError on SQLite);
- a bulk action filters the ticked rows by their posted ids (the same two errors).

`CheckedIdsAdminMixin` checks each such id first (`courses.forms.is_possible_key`, the rule
the site's forms use too). Every ModelAdmin of the product has it through the scoping mixin.
"""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..forms import ModelChoicesField, is_possible_key, label_empty_choice, limit_number


class _PossibleKeysOnlyMixin:
    def optgroups(self, name: str, value: list[str], attr: dict | None = None) -> list:
        # An id no row can have names no row to show; the field has said why it is refused.
        queryset = self.choices.queryset.using(self.db)
        to_field_name = self.choices.field.to_field_name
        value = [v for v in value if is_possible_key(queryset, v, to_field_name=to_field_name)]
        return super().optgroups(name, value, attr)


class KeyCheckedAutocompleteSelect(_PossibleKeysOnlyMixin, AutocompleteSelect):
    pass


class KeyCheckedAutocompleteSelectMultiple(_PossibleKeysOnlyMixin, AutocompleteSelectMultiple):
    pass


class CheckedIdsAdminMixin:
    """A ModelAdmin whose forms and bulk actions check every posted id before a query."""

    def _autocompletes(self, request: HttpRequest, db_field: models.Field, kwargs: dict) -> bool:
        return "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self._autocompletes(request, db_field, kwargs):
            kwargs["widget"] = KeyCheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if self._autocompletes(request, db_field, kwargs):
            kwargs["widget"] = KeyCheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        # Whatever the widget: Django's own field asks the database about every posted id.
        kwargs.setdefault("form_class", ModelChoicesField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        # An id no row can have is left out, as the id of a row deleted meanwhile finds
        # nothing; with none left, Django says "Items must be selected".
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        possible = [pk for pk in selected if is_possible_key(queryset, pk)]
        if possible != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(ACTION_CHECKBOX_NAME, possible)
        return super().response_action(request, queryset)


class NamedEmptyChoicesAdminMixin:
    """A ModelAdmin (or inline) whose selects name their empty choice ("Choose a country",
    "Choose an action") in place of Django's "---------", and whose numbers of seats and days
    have the site's sensible range and messages: the admin's fields speak as the site's do."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            label_empty_choice(db_field.name, field)
            limit_number(db_field.name, field)
        return field

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, [("", _("Choose an action"))])
