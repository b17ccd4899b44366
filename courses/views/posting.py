"""Posting courses and offerings: pages for the members of the course's centre only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..exceptions import DomainError
from ..forms import CourseForm, OfferingForm
from ..models import Offering
from ..permissions import centre_of, editable_courses, editable_offerings, may_post_course
from ..services import course_create, course_update, offering_create, offering_update


@login_required
@require_http_methods(["GET", "POST"])
def course_create_view(request: HttpRequest) -> HttpResponse:
    if not may_post_course(request.user):
        raise Http404("Only members of a centre post courses.")
    centre = centre_of(request.user)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(centre=centre, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved. Now add its first offering.") % {"title": course.title},
            )
            return redirect("offering-create", slug=course.slug)
    return render(request, "courses/course_form.html", {"form": form, "centre": centre})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(editable_courses(request.user).select_related("centre"), slug=slug)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_update(course=course, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": course.title})
            return redirect(course)
    offerings = course.offerings.order_by("start_date")
    context = {
        "form": form,
        "course": course,
        "centre": course.centre,
        "offerings": offerings,
    }
    return render(request, "courses/course_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offering_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(editable_courses(request.user).select_related("centre"), slug=slug)
    form = OfferingForm(
        request.POST or None,
        initial={"city": course.centre.city, "country": course.centre.country},
    )
    if request.method == "POST" and form.is_valid():
        try:
            offering = offering_create(course=course, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("The offering of %(date)s is added to “%(title)s”.")
                % {"date": date_format(offering.start_date), "title": course.title},
            )
            return redirect(course)
    return render(request, "courses/offering_form.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def offering_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    offering: Offering = get_object_or_404(
        editable_offerings(request.user).select_related("course__centre"), pk=pk
    )
    was_cancelled = offering.is_cancelled
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        try:
            offering = offering_update(offering=offering, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if offering.is_cancelled and not was_cancelled:
                messages.warning(
                    request,
                    _(
                        "The offering is cancelled; the centres that requested seats have been told."
                    ),
                )
            else:
                messages.success(request, _("The offering is saved."))
            return redirect(offering.course)
    context = {"form": form, "course": offering.course, "offering": offering}
    return render(request, "courses/offering_form.html", context)
