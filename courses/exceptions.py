"""The error every service raises when a rule of the domain refuses an action."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A refused action, with a message a user can read.

    `field` names the form field the message belongs to, when there is one, so a view can put
    the message next to the input it is about.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Every message by field name ("__all__" for the whole object), when there are several.
        self.errors = errors or {field or "__all__": [message]}

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> DomainError:
        """Turn a model's `full_clean()` error into a domain error keeping every message."""
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
        field, messages = next(iter(errors.items()))
        return cls(" ".join(messages), field=None if field == "__all__" else field, errors=errors)
