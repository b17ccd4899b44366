"""The home page and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Offering, Theme
from ..permissions import membership_of
from .exchange import pending_requests_context

HOME_OFFERINGS = 8


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    upcoming = Offering.objects.upcoming().in_published_courses().for_listing()[:HOME_OFFERINGS]
    context = {
        "upcoming_offerings": upcoming,
        "priority_themes": Theme.objects.filter(is_priority=True),
        "membership": membership_of(request.user),
        **pending_requests_context(request.user),
    }
    return render(request, "courses/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 and `ok` when the app and its database answer; 503 when the database does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever its class
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
