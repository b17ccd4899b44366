"""The instructor exchange: the list of instructors and teams the centres lend, one offer, a
centre's own offers, the request to borrow one, the request's page and the calendar of loans."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import workflow
from ..calendar import Month
from ..exceptions import DomainError
from ..filters import InstructorFilter
from ..forms import (
    INSTRUCTOR_ACTION_LABELS,
    InstructorDecisionForm,
    InstructorForm,
    InstructorRequestForm,
    WindowFormSet,
)
from ..models import Instructor, InstructorRequest, InstructorRequestEvent
from ..permissions import (
    centre_of,
    editable_instructors,
    listed_instructors,
    may_answer_instructor_request,
    may_edit_instructor,
    may_offer_instructors,
    may_request_instructor,
    may_see_instructor_details,
    visible_instructor_requests,
    visible_instructors,
)
from ..services.instructors import (
    instructor_archive,
    instructor_request_act,
    instructor_request_submit,
    instructor_save,
)
from ..workflow import StaleDecision
from .decorators import permission_required_for


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
def instructor_list(request: HttpRequest) -> HttpResponse:
    offers = listed_instructors(request.user).for_listing()
    filterset = InstructorFilter(request.GET or None, queryset=offers)
    results = filterset.qs.order_by("title", "pk")
    page = Paginator(results, settings.RESOURCE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "instructors": page.object_list,
        "querystring": _querystring_without_page(request),
        "can_offer": may_offer_instructors(request.user),
        "show_details": may_see_instructor_details(request.user),
        "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
    }
    return render(request, "courses/instructors/list.html", context)


def _visible_for_page(user: Any) -> QuerySet:
    return (
        visible_instructors(user)
        .select_related("centre")
        .prefetch_related("themes", "languages", "availability")
    )


@permission_required_for(lookup=_visible_for_page, login=False, hidden_asks_login=True)
@require_safe
def instructor_detail(request: HttpRequest, instructor: Instructor) -> HttpResponse:
    show_details = may_see_instructor_details(request.user, instructor)
    loans = (
        instructor.requests.approved()
        .filter(end_date__gte=timezone.localdate())
        .select_related("requesting_centre")
        .order_by("start_date", "pk")
    )
    context = {
        "instructor": instructor,
        "show_details": show_details,
        "loans": list(loans),
        "can_edit": may_edit_instructor(request.user, instructor),
        "can_request": not instructor.is_archived
        and may_request_instructor(request.user, instructor),
    }
    return render(request, "courses/instructors/detail.html", context)


def _offer_form(
    request: HttpRequest, *, instructor: Instructor | None, centre
) -> HttpResponse | None:
    """The offer form with its windows; a redirect when saved, else the page to show."""
    data = request.POST if request.method == "POST" else None
    initial_windows = (
        [
            {"start_date": w.start_date, "end_date": w.end_date}
            for w in instructor.availability.all()
        ]
        if instructor is not None
        else []
    )
    form = InstructorForm(data, instance=instructor)
    windows = WindowFormSet(data, prefix="windows", initial=initial_windows)
    if data is not None and form.is_valid() and windows.is_valid():
        values = {
            name: form.cleaned_data[name]
            for name in form.Meta.fields
            if name not in ("themes", "languages")
        }
        try:
            saved = instructor_save(
                instructor=instructor,
                centre=centre,
                by=request.user,
                themes=form.cleaned_data["themes"],
                languages=form.cleaned_data["languages"],
                windows=windows.windows(),
                **values,
            )
        except DomainError as error:
            if error.field == "windows":
                windows._non_form_errors = windows.error_class([error.message])
            else:
                form.add_domain_error(error)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect(saved)
    return render(
        request,
        "courses/instructors/form.html",
        {"form": form, "windows": windows, "instructor": instructor},
    )


@permission_required_for(may_offer_instructors)
@require_http_methods(["GET", "POST"])
def instructor_create(request: HttpRequest) -> HttpResponse:
    return _offer_form(request, instructor=None, centre=centre_of(request.user))


@permission_required_for(may_edit_instructor, lookup=editable_instructors)
@require_http_methods(["GET", "POST"])
def instructor_edit(request: HttpRequest, instructor: Instructor) -> HttpResponse:
    return _offer_form(request, instructor=instructor, centre=instructor.centre)


@permission_required_for(may_edit_instructor, lookup=editable_instructors)
@require_POST
def instructor_archive_view(request: HttpRequest, instructor: Instructor) -> HttpResponse:
    archived = request.POST.get("archived", "1") != "0"
    try:
        instructor_archive(instructor=instructor, by=request.user, archived=archived)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The offer is archived: it leaves the list.")
            if archived
            else _("The offer is back in the list."),
        )
    return redirect(instructor)


@permission_required_for(may_request_instructor, lookup=listed_instructors, as_arg="instructor")
@require_http_methods(["GET", "POST"])
def instructor_request_view(request: HttpRequest, instructor: Instructor) -> HttpResponse:
    centre = centre_of(request.user)
    form = InstructorRequestForm(
        request.POST or None, initial={"city": centre.city, "country": centre.country}
    )
    if request.method == "POST" and form.is_valid():
        try:
            instructor_request = instructor_request_submit(
                instructor=instructor, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Your request is sent to %(centre)s. You will get an e-mail when they answer.")
                % {"centre": instructor.centre.short_name},
            )
            return redirect(instructor_request)
    context = {
        "instructor": instructor,
        "form": form,
        "windows": list(instructor.availability.filter(end_date__gte=timezone.localdate())),
    }
    return render(request, "courses/instructors/request_form.html", context)


def _requests_for_page(user: Any) -> QuerySet:
    return (
        visible_instructor_requests(user).for_listing().select_related("requested_by", "decided_by")
    )


@permission_required_for(lookup=_requests_for_page, as_arg="instructor_request")
@require_http_methods(["GET", "POST"])
def instructor_request_detail(
    request: HttpRequest, instructor_request: InstructorRequest
) -> HttpResponse:
    engine = workflow.instructor_requests()
    stale = ""
    actions = engine.actions_for(request.user, instructor_request)
    form = InstructorDecisionForm(request.POST or None, actions=actions)
    if request.method == "POST":
        action = request.POST.get("action", "")
        # A move the viewer's side may never make is not offered: it does not exist for it.
        sides = [engine.may_move(request.user, instructor_request, name) for name in engine.moves]
        if not any(sides) or (
            action and not engine.may_move(request.user, instructor_request, action)
        ):
            raise Http404("No such action for you on this request.")
        if form.is_valid():
            action = form.cleaned_data["action"]
            move = engine.moves[action]
            if move.destructive(instructor_request) and not form.cleaned_data["confirmed"]:
                # Giving a loan up is asked twice, on a page of its own (no JavaScript needed).
                return render(
                    request,
                    "courses/instructors/confirm.html",
                    {
                        "instructor_request": instructor_request,
                        "form": form,
                        "action": action,
                        "label": INSTRUCTOR_ACTION_LABELS[action],
                    },
                )
            try:
                instructor_request = instructor_request_act(
                    instructor_request=instructor_request,
                    by=request.user,
                    action=action,
                    response=form.cleaned_data["response"],
                    seen=form.cleaned_data["seen"] or None,
                )
            except StaleDecision as error:
                stale = error.message
                instructor_request = _requests_for_page(request.user).get(pk=instructor_request.pk)
                actions = engine.actions_for(request.user, instructor_request)
                form = InstructorDecisionForm(actions=actions)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("The request is %(status)s; %(centre)s has been told by e-mail.")
                    % {
                        "status": instructor_request.get_status_display().lower(),
                        "centre": _other_side(request, instructor_request),
                    },
                )
                return redirect(instructor_request)
        elif action and "action" in form.errors:
            # A move of the viewer's side that the request's status does not allow now: when
            # the page was shown before the request moved, say what happened, by whom, when.
            form.errors.pop("action")
            seen = request.POST.get("seen")
            if seen and seen != engine.seen(instructor_request):
                stale = engine.stale_message(instructor_request)
            else:
                stale = _("This request is %(status)s; it cannot be changed that way now.") % {
                    "status": instructor_request.get_status_display().lower()
                }
    events = InstructorRequestEvent.objects.filter(
        instructor_request=instructor_request
    ).select_related("actor")
    context = {
        "instructor_request": instructor_request,
        "instructor": instructor_request.instructor,
        "events": events,
        "form": form,
        "actions": actions,
        "is_host": may_answer_instructor_request(request.user, instructor_request),
        "seen": engine.seen(instructor_request),
        "stale": stale,
    }
    return render(request, "courses/instructors/request_detail.html", context)


def _other_side(request: HttpRequest, instructor_request: InstructorRequest) -> str:
    if may_answer_instructor_request(request.user, instructor_request):
        return instructor_request.requesting_centre.short_name
    return instructor_request.instructor.centre.short_name


@permission_required_for(may_see_instructor_details)
@require_safe
def instructor_calendar(request: HttpRequest) -> HttpResponse:
    """Who is lent where, month by month: the approved loans of the network."""
    today = timezone.localdate()
    error = ""
    try:
        month = Month.parse(request.GET["month"]) if request.GET.get("month") else Month.of(today)
    except ValueError as problem:
        error, month = str(problem), Month.of(today)
    loans = (
        InstructorRequest.objects.approved()
        .overlapping(month.first_day, month.last_day)
        .filter(instructor__in=visible_instructors(request.user))
        .for_listing()
        .order_by("start_date", "instructor__title", "pk")
    )
    context = {
        "month": month,
        "month_start": datetime.date(month.year, month.month, 1),
        "loans": list(loans),
        "error": error,
    }
    return render(request, "courses/instructors/calendar.html", context)


def instructor_requests_context(user: Any) -> dict[str, Any]:
    """What `courses/instructors/_requests.html` shows on /requests/: the member centre's
    incoming and outgoing instructor requests, newest first."""
    centre = centre_of(user)
    if centre is None:
        return {"instructor_requests_incoming": [], "instructor_requests_outgoing": []}
    # One query for both directions: a centre exchanges a few instructors a year.
    requests = list(InstructorRequest.objects.involving(centre).for_listing()[:100])
    return {
        "instructor_requests_incoming": [
            r for r in requests if r.instructor.centre_id == centre.pk
        ],
        "instructor_requests_outgoing": [
            r for r in requests if r.requesting_centre_id == centre.pk
        ],
    }
