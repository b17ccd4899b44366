"""A member's own settings, and the language menu of every page."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from ..exceptions import DomainError
from ..forms import PreferencesForm
from ..middleware import preferences_of, remember_preferences
from ..permissions import membership_of
from ..services.preferences import preferences_update


@require_POST
def set_language_view(request: HttpRequest) -> HttpResponse:
    """Django's /i18n/setlang/ (session and cookie), and for a signed-in member the stored
    choice too, so that their next visit from another browser and their e-mails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and language
        and language in dict(settings.LANGUAGES)
        and translation.check_for_language(language)
    ):
        # The cookie is set all the same; a refused store must not break the menu.
        with contextlib.suppress(DomainError):
            stored = preferences_update(user=request.user, by=request.user, language=language)
            remember_preferences(request, stored)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    """/account/preferences/: the member's language and time zone."""
    membership = membership_of(request.user)
    centre_zone = membership.centre.effective_time_zone if membership else ""
    current = preferences_of(request.user)
    initial = {
        "language": current.language if current else "",
        "time_zone": current.time_zone if current else "",
    }
    form = PreferencesForm(request.POST or None, initial=initial, centre_time_zone=centre_zone)
    if request.method == "POST" and form.is_valid():
        try:
            preferences = preferences_update(
                user=request.user,
                by=request.user,
                language=form.cleaned_data["language"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            remember_preferences(request, preferences)
            # The next page is in the new language: LocaleMiddleware reads the cookie for
            # visitors, and the member's stored choice wins once signed in.
            response = redirect("account-preferences")
            if preferences.language:
                translation.activate(preferences.language)
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    preferences.language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                )
            else:
                # "As my browser asks": an earlier menu choice must not keep overriding it.
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            messages.success(request, _("Your preferences are saved."))
            return response
    return render(
        request,
        "courses/account/preferences.html",
        {"form": form, "centre_time_zone": centre_zone, "now": timezone.now()},
    )
