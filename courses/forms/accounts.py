"""Log-in forms: Django's, refusing a username longer than any account's."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's log-in form, refusing a username longer than any account's.

    Django only tells the browser the limit (`maxlength`); without a validator an overlong name
    reached authenticate() and the failed-login record (255 characters), which PostgreSQL
    refused with a server error.
    """

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's log-in form with the same limit on the username."""
