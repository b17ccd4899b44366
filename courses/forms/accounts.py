"""A member's own account: its personal API tokens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import DomainErrorFormMixin


class ApiTokenForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Centre website” or “EU training system”."),
        error_messages={"required": _("Give the token a name.")},
    )
