"""Posting courses and offerings: pages for the members of the course's centre only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..exceptions import DomainError
from ..forms import CourseForm, OfferingForm
from ..models import Course, CourseQuerySet, Offering, OfferingQuerySet
from ..permissions import (
    User,
    centre_of,
    editable_courses,
    editable_offerings,
    may_edit_course,
    may_edit_offering,
    may_post_course,
)
from ..services import course_create, course_update, offering_create, offering_update
from .decorators import permission_required_for


def _editable_courses(user: User) -> CourseQuerySet:
    return editable_courses(user).select_related("centre")


def _editable_offerings(user: User) -> OfferingQuerySet:
    return editable_offerings(user).select_related("course__centre")


@permission_required_for(may_post_course)
@require_http_methods(["GET", "POST"])
def course_create_view(request: HttpRequest) -> HttpResponse:
    centre = centre_of(request.user)
    form = CourseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(centre=centre, by=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved. Now add its first offering.") % {"title": course.title},
            )
            return redirect("offering-create", slug=course.slug)
    return render(request, "courses/course_form.html", {"form": form, "centre": centre})


@permission_required_for(may_edit_course, lookup=_editable_courses, url_kwarg="slug")
@require_http_methods(["GET", "POST"])
def course_edit_view(request: HttpRequest, course: Course) -> HttpResponse:
    form = CourseForm(request.POST or None, request.FILES or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_update(course=course, by=request.user, **form.service_arguments())
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


@permission_required_for(may_edit_course, lookup=_editable_courses, url_kwarg="slug")
@require_http_methods(["GET", "POST"])
def offering_create_view(request: HttpRequest, course: Course) -> HttpResponse:
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


@permission_required_for(may_edit_offering, lookup=_editable_offerings)
@require_http_methods(["GET", "POST"])
def offering_edit_view(request: HttpRequest, offering: Offering) -> HttpResponse:
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
