"""A member's own settings: the language and the time zone the site and its e-mails use."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@cache
def available_time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows (Python's zoneinfo)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in available_time_zones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone, e.g. Asia/Bangkok."),
            code="invalid_time_zone",
            params={"value": value},
        )


def validate_language(value: str) -> None:
    if value and value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("“%(value)s” is not one of the site's languages."),
            code="invalid_language",
            params={"value": value},
        )


class UserPreference(models.Model):
    """One member's language and time zone; empty means "as the browser or the centre says"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    # No `choices`: the list of languages is a setting, and a migration per language added to
    # the site would be noise. The validator keeps the value to the configured languages.
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        validators=[validate_language],
        help_text=_("The language of the site and of your e-mails."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times are shown in this zone. Empty: your centre's time zone."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(self.user)
