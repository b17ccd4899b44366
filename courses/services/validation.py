"""The one way a service checks a model instance before it saves it."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from ..exceptions import DomainError


def validate(
    instance: models.Model, *, exclude: Iterable[str] = (), validate_unique: bool = True
) -> None:
    """Run `full_clean()` on `instance`; a refused rule becomes a `DomainError`.

    The error keeps every message by field, so a view can put each next to its input.
    """
    try:
        instance.full_clean(exclude=list(exclude) or None, validate_unique=validate_unique)
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from error
