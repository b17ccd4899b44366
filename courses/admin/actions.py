"""Bulk actions shared by the product's ModelAdmins."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags


@admin.action(description="Export selected rows as CSV", permissions=["view"])
def export_csv(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    """The selected rows (already scoped to what the user may see) with the list's columns.

    Columns are the ModelAdmin's `csv_fields` when it names them, else its list columns.
    """
    fields = list(getattr(modeladmin, "csv_fields", None) or modeladmin.list_display)
    fields = [field for field in fields if field != "action_checkbox"]
    opts = modeladmin.model._meta
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{opts.model_name}s-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(label_for_field(field, modeladmin.model, modeladmin)) for field in fields])
    for obj in queryset:
        row = []
        for field in fields:
            _f, _attr, value = lookup_field(field, obj, modeladmin)
            if value is None:
                value = ""
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            row.append(_csv_safe(strip_tags(str(value))))
        writer.writerow(row)
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheet programs (CSV injection).
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
