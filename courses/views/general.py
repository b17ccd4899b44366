"""The home page and the health check."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..models import Theme
from ..permissions import listed_courses, listed_offerings, listed_q, membership_of
from .exchange import pending_requests_context
from .request_news import request_news

HOME_OFFERINGS = 8
HOME_NEW_COURSES = 6


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    upcoming = listed_offerings().upcoming().for_listing()[:HOME_OFFERINGS]
    # What is new: the newest listed courses. By creation, not by last change: fixing a typo
    # in an old course must not present it as new.
    new_courses = listed_courses().select_related("centre").order_by("-created_at", "-pk")
    new_courses = new_courses[:HOME_NEW_COURSES]
    priority_themes = Theme.objects.filter(is_priority=True).annotate(
        course_count=Count("courses", filter=listed_q("courses__"))
    )
    context = {
        "upcoming_offerings": upcoming,
        "new_courses": new_courses,
        "priority_themes": priority_themes,
        "membership": membership_of(request.user),
        **pending_requests_context(request.user),
        **request_news(request.user),
    }
    return render(request, "courses/home.html", context)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 and `ok` when the app and its database answer; 503 when the database does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", whatever its class
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
