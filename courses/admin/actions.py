"""Bulk actions shared by the product's ModelAdmins."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from ..exports import csv_response


@admin.action(description=_("Export selected rows as CSV"), permissions=["view"])
def export_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    """The selected rows (already scoped to what the user may see) with the list's columns.

    Columns are the ModelAdmin's `csv_fields` when it names them, else its list columns.
    """
    fields = list(getattr(modeladmin, "csv_fields", None) or modeladmin.list_display)
    fields = [field for field in fields if field != "action_checkbox"]
    opts = modeladmin.model._meta
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    header = [str(label_for_field(field, modeladmin.model, modeladmin)) for field in fields]
    return csv_response(
        f"{opts.model_name}s-{stamp}.csv",
        header,
        (_row(modeladmin, obj, fields) for obj in queryset),
    )


def _row(modeladmin: admin.ModelAdmin, obj: object, fields: list[str]) -> list[str]:
    # The list's own display of each column (admin methods included), as text; csv_response
    # makes each cell spreadsheet-safe.
    row = []
    for field in fields:
        _f, _attr, value = lookup_field(field, obj, modeladmin)
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        row.append(strip_tags(str(value)))
    return row
