"""The member centres of the network and one centre's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import Centre
from ..permissions import catalog_courses


@require_safe
def centre_list(request: HttpRequest) -> HttpResponse:
    centres = list(Centre.objects.active().with_published_course_count().order_by("name"))
    # The member centres first, then the partner institutions, each under its own heading.
    context = {
        "centres": [centre for centre in centres if not centre.is_partner],
        "partners": [centre for centre in centres if centre.is_partner],
    }
    return render(request, "courses/centre_list.html", context)


@require_safe
def centre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A centre's profile and its courses: the published ones, and for its members its drafts
    too (that is what `catalog_courses` gives a member)."""
    centre = get_object_or_404(Centre.objects.active(), slug=slug)
    courses = catalog_courses(request.user).filter(centre=centre).for_listing().order_by("title")
    context = {"centre": centre, "courses": courses}
    return render(request, "courses/centre_detail.html", context)
