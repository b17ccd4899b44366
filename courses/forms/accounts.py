"""A member's own account: logging in, and its personal API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .base import DomainErrorFormMixin


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


class ApiTokenForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Centre website” or “EU training system”."),
        error_messages={"required": _("Give the token a name.")},
    )
