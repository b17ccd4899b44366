"""Pages of a list: `page` and `page_size`; a bad value is a 400 naming the parameter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .errors import ApiNotFound, ApiValidationError


def _positive(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        if maximum is None:
            message = _("Enter a whole number of 1 or more.")
        else:
            message = _("Enter a whole number from 1 to %(maximum)d.") % {"maximum": maximum}
        raise ApiValidationError({name: [message]})
    return value


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:  # read when the schema is built, after settings are loaded
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None, *, count: int | None = None):
        """One page of `queryset`; `count`, when the caller knows it already (the catalog
        sums its centre facet), spares the COUNT query."""
        self.request = request
        size = _positive(request, "page_size", self.page_size, self.max_page_size)
        number = _positive(request, "page", 1)
        paginator = Paginator(queryset, size)
        if count is not None:
            paginator.count = count
        if number > paginator.num_pages:
            pages = paginator.num_pages
            # A well-formed page number that the results do not reach: not found.
            raise ApiNotFound(
                ngettext(
                    "There is no page %(number)d: the results fill %(pages)d page.",
                    "There is no page %(number)d: the results fill %(pages)d pages.",
                    pages,
                )
                % {"number": number, "pages": pages},
                field="page",
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["count", "page", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "The page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Results per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
