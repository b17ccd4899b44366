"""Each request in the signed-in member's own language and time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .models import UserPreference
from .permissions import membership_of

# The member's language and time zone ride in the session (written at log-in and whenever they
# change them), so that a page costs no query for them.
SESSION_KEY = "member_preferences"


def remember_preferences(request: HttpRequest, preferences: UserPreference | None) -> None:
    """Keep the signed-in member's language and time zone in their session."""
    request.session[SESSION_KEY] = {
        "user": request.user.pk,
        "language": preferences.language if preferences else "",
        "time_zone": preferences.time_zone if preferences else "",
    }


def session_preferences(request: HttpRequest) -> dict:
    """The signed-in member's {"language", "time_zone"}: from the session, else (a session from
    before they were kept there) read once and kept."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("user") != request.user.pk:
        remember_preferences(request, preferences_of(request.user))
        kept = request.session[SESSION_KEY]
    return kept


def keep_preferences_at_log_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver (connected in CoursesConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        request.user = user
        remember_preferences(request, UserPreference.objects.filter(user_id=user.pk).first())


def member_time_zone(user, preferred: str = "") -> str:
    """The zone a user's times are shown in: their own, else their centre's, else the site's."""
    if preferred:
        return preferred
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
            preferences = session_preferences(request)
            if preferences["language"] in dict(settings.LANGUAGES):
                translation.activate(preferences["language"])
                request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(
                    zoneinfo.ZoneInfo(member_time_zone(user, preferences["time_zone"]))
                )
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
