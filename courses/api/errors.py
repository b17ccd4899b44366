"""One error body for every refusal of the API.

    {"detail": "<the message>", "field": "<the field it is about, or null>",
     "errors": {"<field or __all__>": ["<message>", ...]}}

A `DomainError` of a service keeps its message and field; a bad parameter or body names its
field; authentication, permission, "not found" and throttling refusals have `field: null`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..exceptions import DomainError

NON_FIELD = "__all__"


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (described in the OpenAPI document)."""

    detail = serializers.CharField(help_text="The message, readable by a person.")
    field = serializers.CharField(
        allow_null=True, help_text="The parameter or body field it is about, or null."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Every message by field name (`__all__` for the whole request).",
    )


class ApiValidationError(exceptions.ValidationError):
    """A 400 whose messages are already sorted by field (from a form or a filter set)."""


class ApiNotFound(exceptions.NotFound):
    """A 404 about one parameter (a page past the last): the body names it."""

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field


def error_body(errors: dict[str, list[str]], *, detail: str | None = None) -> dict[str, Any]:
    """The error body for `errors` ({field: [messages]}); `detail` is the first message."""
    errors = {name: [str(m) for m in messages] for name, messages in errors.items() if messages}
    field = next(iter(errors), None)
    if detail is None:
        detail = errors[field][0] if field else _("The request was refused.")
    return {
        "detail": str(detail),
        "field": None if field in (None, NON_FIELD) else field,
        "errors": errors,
    }


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation detail as {"field" or "field.sub": [messages]}."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            name = NON_FIELD if key in ("non_field_errors", NON_FIELD) else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            return {prefix or NON_FIELD: [str(item) for item in data]}
        flat = {}
        for index, item in enumerate(data):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or NON_FIELD: [str(data)]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body = error_body(exc.errors, detail=exc.message)
        body["field"] = exc.field
        existing = getattr(exc, "existing", None)  # a duplicate seat request names the first
        if existing is not None:
            body["existing"] = existing.pk
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500 handling and logging
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(_flatten(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        field = getattr(exc, "field", None)
        errors = {field: [str(detail)]} if field else {}
        response.data = {"detail": str(detail), "field": field, "errors": errors}
    return response
