"""Each request in the signed-in member's own language and time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .models import UserPreference
from .permissions import membership_of


def member_time_zone(user) -> str:
    """The zone a user's times are shown in: their own, else their centre's, else the site's."""
    preferences = preferences_of(user)
    if preferences is not None and preferences.time_zone:
        return preferences.time_zone
    membership = membership_of(user)
    if membership is not None:
        return membership.centre.effective_time_zone
    return settings.TIME_ZONE


def preferences_of(user) -> UserPreference | None:
    """The user's stored preferences, or None (visitors, members who never chose)."""
    if not getattr(user, "is_authenticated", False):
        return None
    # Cached on the user for the request, like the membership.
    if not hasattr(user, "_preferences_cache"):
        user._preferences_cache = UserPreference.objects.filter(user_id=user.pk).first()
    return user._preferences_cache


class MemberPreferencesMiddleware:
    """Activate a signed-in member's stored language and time zone.

    LocaleMiddleware has already chosen from the session, the language cookie and
    Accept-Language; a member's stored choice is their choice wherever they sign in, so it comes
    first. Visitors keep LocaleMiddleware's choice and see times in the site's zone, which every
    page names.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferences = preferences_of(user)
            if preferences is not None and preferences.language:
                translation.activate(preferences.language)
                request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(zoneinfo.ZoneInfo(member_time_zone(user)))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
