"""The network's training plan: the shared calendar, its iCalendar feeds and CSV exports."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..calendar import Month, PlanItem, find_clashes, month_grid
from ..exports import OFFERING_COLUMNS, csv_response, offering_rows
from ..filters import CourseFilter
from ..ical import offerings_calendar
from ..models import (
    Audience,
    Centre,
    CourseQuerySet,
    Offering,
    OfferingQuerySet,
    Theme,
)
from ..models.catalog import today as current_day
from ..permissions import catalog_courses, listed_courses


class FilterError(Exception):
    """The catalog filters in the query string are not valid."""

    def __init__(self, filterset) -> None:
        super().__init__("Invalid catalog filter")
        self.filterset = filterset

    def as_text(self) -> str:
        errors = self.filterset.errors if self.filterset is not None else {}
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())


def filter_courses(request: HttpRequest, courses: CourseQuerySet):
    """The catalog's filters (same parameters as `/courses/`) applied to `courses`.

    Returns the filtered courses and the filterset (for its form and facets); raises FilterError
    when a parameter is invalid, so that the caller shows the form error (page) or answers 400
    (feed, export) rather than ignoring the filter and returning everything.
    """
    filterset = CourseFilter(request.GET, queryset=courses, request=request)
    if not filterset.is_valid():
        raise FilterError(filterset)
    return filterset.qs, filterset


def offerings_of(
    courses: CourseQuerySet, filterset: CourseFilter | None = None
) -> OfferingQuerySet:
    """Offerings of `courses` with what a listing, a feed or an export shows of them.

    The catalog's date and open-seats filters choose courses by their offerings; here they also
    choose the offerings themselves, so `?starts_after=2027-01-01` exports 2027's runs and not
    the course's past ones.
    """
    offerings = Offering.objects.filter(course__in=courses)
    if filterset is not None:
        data = filterset.form.cleaned_data
        if data.get("starts_after"):
            offerings = offerings.filter(start_date__gte=data["starts_after"])
        if data.get("starts_before"):
            offerings = offerings.filter(start_date__lte=data["starts_before"])
        if data.get("open_seats") == "1":
            offerings = offerings.open_to_partners()
    return (
        offerings.select_related("course", "course__centre")
        .prefetch_related("course__themes", "course__languages")
        .order_by("start_date", "end_date", "pk")
    )


def _filter_query(request: HttpRequest, drop: tuple[str, ...] = ("month", "page", "sort")) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


def _mark_clashes(shown: list[Offering], courses: CourseQuerySet) -> int:
    """Attach `clashes` (the offerings each may clash with) to every shown offering.

    Candidates are every scheduled offering the viewer's catalog holds around those dates,
    whatever the page's filters: a planner who looks at one centre wants to see the clashes
    with the others.
    """
    scheduled = [o for o in shown if not o.is_cancelled]
    for offering in shown:
        offering.clashes = []
    if not scheduled:
        return 0
    span_start = min(o.start_date for o in scheduled)
    span_end = max(o.end_date for o in scheduled)
    candidates = {
        o.pk: o
        for o in offerings_of(courses)
        .scheduled()
        .filter(start_date__lte=span_end, end_date__gte=span_start)
    }
    for offering in scheduled:
        candidates.setdefault(offering.pk, offering)
    clashes = find_clashes(
        [
            PlanItem(
                key=o.pk,
                centre=o.course.centre_id,
                audience=o.course.audience,
                themes=frozenset(t.pk for t in o.course.themes.all()),
                start_date=o.start_date,
                end_date=o.end_date,
                languages=frozenset(language.pk for language in o.course.languages.all()),
            )
            for o in candidates.values()
        ]
    )
    flagged = 0
    for offering in scheduled:
        keys = clashes.get(offering.pk, set())
        offering.clashes = sorted((candidates[k] for k in keys), key=lambda o: (o.start_date, o.pk))
        # Why each pair is flagged, shown beside it: the themes and languages they share.
        offering.clash_details = [
            {
                "offering": other,
                "themes": sorted(
                    _(t.name)
                    for t in set(offering.course.themes.all()) & set(other.course.themes.all())
                ),
                "languages": sorted(
                    _(lang.name)
                    for lang in set(offering.course.languages.all())
                    & set(other.course.languages.all())
                ),
            }
            for other in offering.clashes
        ]
        flagged += bool(keys)
    return flagged


# The filters the calendar page offers as drop-downs; the catalog's other parameters (search,
# country, language, level, mode, dates, open seats) still apply when a link carries them, and
# show as "also filtered by" with a link that removes each.
CALENDAR_CONTROLS = ("theme", "centre", "audience")


def _filter_controls(request: HttpRequest) -> tuple[list[dict], list[tuple[str, str]]]:
    """The drop-downs of the calendar's filter form, and hidden inputs for the other parameters."""
    options = {
        "theme": [(t.slug, _(t.name)) for t in Theme.objects.order_by("-is_priority", "name")],
        "centre": [(c.slug, c.name) for c in Centre.objects.active().order_by("name")],
        "audience": list(Audience.choices),
    }
    labels = {
        "theme": (_("Theme"), _("All themes")),
        "centre": (_("Centre"), _("All centres")),
        "audience": (_("Audience"), _("All audiences")),
    }
    controls = []
    for name in CALENDAR_CONTROLS:
        chosen = [v for v in request.GET.getlist(name) if v]
        controls.append(
            {
                "name": name,
                "label": labels[name][0],
                "empty_label": labels[name][1],
                "options": [(value, label, value in chosen) for value, label in options[name]],
                # A link from the catalog may carry several values: keep them all selectable.
                "multiple": len(chosen) > 1,
            }
        )
    hidden = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in (*CALENDAR_CONTROLS, "month", "page", "sort")
        for value in values
    ]
    return controls, hidden


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    today = current_day()
    month = Month.of(today)
    month_error = ""
    if request.GET.get("month"):
        try:
            month = Month.parse(request.GET["month"])
        except ValueError as error:
            month_error = str(error)
    base = catalog_courses(request.user)
    filterset = None
    filter_invalid = False
    try:
        courses, filterset = filter_courses(request, base)
    except FilterError as error:
        courses, filterset, filter_invalid = base.none(), error.filterset, True

    weeks: list = []
    month_offerings: list[Offering] = []
    clash_count = 0
    if not month_error and not filter_invalid:
        grid_first = month.first_day - datetime.timedelta(days=month.first_day.weekday())
        grid_last = month.last_day + datetime.timedelta(days=6 - month.last_day.weekday())
        shown = list(
            offerings_of(courses, filterset).filter(
                start_date__lte=grid_last, end_date__gte=grid_first
            )
        )
        clash_count = _mark_clashes(shown, base)
        weeks = month_grid(month, shown, today)
        month_offerings = [
            o for o in shown if o.start_date <= month.last_day and o.end_date >= month.first_day
        ]
        clash_count = sum(1 for o in month_offerings if getattr(o, "clashes", None))

    controls, hidden = _filter_controls(request)
    filter_query = _filter_query(request)
    context = {
        "controls": controls,
        "hidden_filters": hidden,
        "other_filters": (
            [f for f in filterset.active_filters() if f.param not in CALENDAR_CONTROLS]
            if filterset is not None and not filter_invalid
            else []
        ),
        "month": month,
        "month_error": month_error,
        "month_value": request.GET.get("month", str(month)),
        "today": today,
        "weeks": weeks,
        "month_offerings": month_offerings,
        "clash_count": clash_count,
        "filter": filterset,
        "filter_invalid": filter_invalid,
        "filter_query": filter_query,
        "feed_url": reverse("calendar-feed") + (f"?{filter_query}" if filter_query else ""),
        "export_url": reverse("course-export") + (f"?{filter_query}" if filter_query else ""),
        # Short names of the days in the active language (Django's own catalogs have them).
        "weekdays": [str(WEEKDAYS_ABBR[day]) for day in range(7)],
    }
    status = 400 if (month_error or filter_invalid) else 200
    return render(request, "courses/calendar.html", context, status=status)


def _ical_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # inline: a subscribing calendar reads it; a browser offers to open it in the calendar app.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _bad_filter(error: FilterError) -> HttpResponse:
    return HttpResponseBadRequest(
        f"Invalid catalog filter. {error.as_text()}", content_type="text/plain; charset=utf-8"
    )


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """All published offerings, or those of the catalog's filters in the query string.

    Feeds are read by calendar apps without a session, so they hold the courses listed for
    everyone (published, of active centres), whoever asks.
    """
    try:
        courses, filterset = filter_courses(request, listed_courses())
    except FilterError as error:
        return _bad_filter(error)
    name = _("APCN training calendar")
    if _filter_query(request):
        name = _("APCN training calendar (filtered)")
    body = offerings_calendar(offerings_of(courses, filterset), name=name)
    return _ical_response(body, "apcn.ics")


@require_safe
def centre_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """A centre's published offerings; like its page, a centre no longer active has none."""
    centre = get_object_or_404(Centre.objects.active(), slug=slug)
    courses = listed_courses().filter(centre=centre)
    body = offerings_calendar(
        offerings_of(courses), name=_("%(centre)s training courses") % {"centre": centre.short_name}
    )
    return _ical_response(body, f"{centre.slug}.ics")


@require_safe
def course_export(request: HttpRequest) -> HttpResponse:
    """The catalog's current selection as a spreadsheet: one row per offering."""
    try:
        courses, filterset = filter_courses(request, catalog_courses(request.user))
    except FilterError as error:
        return _bad_filter(error)
    offerings = offerings_of(courses, filterset)
    filename = f"apcn-offerings-{current_day():%Y-%m-%d}.csv"
    return csv_response(filename, OFFERING_COLUMNS, offering_rows(offerings, settings.SITE_URL))
