"""Writes of a member's own preferences: the language and the time zone."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import UserPreference
from ..permissions import may_change_preferences
from .authorization import authorize
from .validation import validate


@transaction.atomic
def preferences_update(
    *,
    user: AbstractBaseUser,
    by: AbstractBaseUser,
    language: str | None = None,
    time_zone: str | None = None,
) -> UserPreference:
    """Store `user`'s language and/or time zone; None leaves a value as it is, "" clears it.

    Raises DomainError when `by` may not change this user's preferences
    (`permissions.may_change_preferences`) or a value is not one the site knows (a language of
    settings.LANGUAGES, an IANA time zone name).
    """
    authorize(
        by, may_change_preferences, user, message=_("You may only change your own preferences.")
    )
    # Locked so that two tabs saving at once cannot both create the row.
    preferences = UserPreference.objects.select_for_update().filter(user_id=user.pk).first()
    if preferences is None:
        preferences = UserPreference(user_id=user.pk)
    if language is not None:
        preferences.language = language.strip()
    if time_zone is not None:
        preferences.time_zone = time_zone.strip()
    validate(preferences, validate_unique=preferences.pk is None)
    preferences.save()
    # The request's cached copy (courses.middleware.preferences_of) is stale now.
    if hasattr(user, "_preferences_cache"):
        user._preferences_cache = preferences
    return preferences
