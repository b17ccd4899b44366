"""The OpenAPI description of the list parameters, read from the FilterSets themselves.

The catalog's parameters are declared once, in `courses.filters.CourseFilter`; the API uses
that FilterSet and describes each of its filters from it here, so a parameter added to the
catalog appears in the API and in its OpenAPI document without a second definition.
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import OpenApiParameter

from ..filters import CourseFilter, ResourceFilter, SlugListFilter

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _choices(filter_: django_filters.Filter) -> list[str]:
    values = [str(value) for value, _label in filter_.extra.get("choices", [])]
    if isinstance(
        filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
    ):
        return []
    return values


def _schema_of(name: str, filter_: django_filters.Filter) -> tuple[dict[str, Any], bool]:
    """The JSON schema of one filter's value, and whether the parameter repeats."""
    if isinstance(filter_, SlugListFilter):
        return {"type": "string", "pattern": SLUG_PATTERN, "minLength": 1, "maxLength": 60}, True
    if isinstance(filter_, django_filters.DateFilter):
        return {"type": "string", "format": "date"}, False
    if isinstance(
        filter_, django_filters.ModelMultipleChoiceFilter | django_filters.ModelChoiceFilter
    ):
        many = isinstance(filter_, django_filters.ModelMultipleChoiceFilter)
        return {"type": "string", "pattern": SLUG_PATTERN, "minLength": 1, "maxLength": 60}, many
    choices = _choices(filter_)
    many = isinstance(filter_, django_filters.MultipleChoiceFilter)
    if choices:
        if name == "country":  # hand-typed lower-case codes are taken too
            choices = sorted({*choices, *(c.lower() for c in choices)})
        return {"type": "string", "enum": choices}, many
    schema: dict[str, Any] = {"type": "string"}
    max_length = filter_.extra.get("max_length")
    if max_length:
        schema["maxLength"] = max_length
    return schema, many


def parameters_of(filterset: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    """One OpenAPI query parameter per filter of `filterset`, in its order."""
    parameters = []
    for name, filter_ in filterset.base_filters.items():
        schema, many = _schema_of(name, filter_)
        if many:
            schema = {"type": "array", "items": schema}
        parameters.append(
            OpenApiParameter(
                name=name,
                type=schema,
                location=OpenApiParameter.QUERY,
                required=False,
                description=str(filter_.label or name)
                + (" (repeat the parameter for several values)" if many else ""),
                explode=True if many else None,
                style="form" if many else None,
            )
        )
    return parameters


def catalog_parameters() -> list[OpenApiParameter]:
    return parameters_of(CourseFilter)


def resource_parameters() -> list[OpenApiParameter]:
    return parameters_of(ResourceFilter)


# OpenAPI links: how one answer leads to the next request (a client, and schemathesis'
# stateful tests, follow them). {(path, method, status): {name: (operationId, parameters)}}
LINKS = {
    ("/api/v1/courses/", "get", "200"): {
        "CourseOfTheList": ("courses_retrieve", {"slug": "$response.body#/results/0/slug"}),
    },
    ("/api/v1/courses/{slug}/", "get", "200"): {
        "OfferingOfTheCourse": ("offerings_retrieve", {"id": "$response.body#/offerings/0/id"}),
    },
    ("/api/v1/seat-requests/", "post", "201"): {
        "TheNewRequest": ("seat_requests_retrieve", {"id": "$response.body#/id"}),
        "DecideOnTheNewRequest": ("seat_requests_decision_create", {"id": "$response.body#/id"}),
    },
    ("/api/v1/seat-requests/{id}/decision/", "post", "200"): {
        "TheDecidedRequest": ("seat_requests_retrieve", {"id": "$response.body#/id"}),
    },
    ("/api/v1/resources/", "get", "200"): {
        "ResourceOfTheList": ("resources_retrieve", {"id": "$response.body#/results/0/id"}),
    },
}


def add_links(result: dict, generator, request, public: bool) -> dict:
    """drf-spectacular post-processing hook: put `LINKS` into the document, and say that every
    query parameter may be sent empty (`?theme=&level=basic`, as a form sends it): an empty
    value counts as not given, as on the pages."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    for (path, method, status), links in LINKS.items():
        response = result.get("paths", {}).get(path, {}).get(method, {}).get("responses", {})
        if status not in response:
            continue
        response[status]["links"] = {
            name: {"operationId": operation, "parameters": parameters}
            for name, (operation, parameters) in links.items()
        }
    return result
