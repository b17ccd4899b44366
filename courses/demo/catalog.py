"""Demo part: the courses of `catalog_data` and their offerings around today.

Offerings run from a year back to 18 months ahead: some past, many upcoming, some with partner
seats still open, some reserved for the national contingent (no partner seats), some whose
application deadline has passed, and one cancelled. A course that exists already (by slug) is
left as it is with its offerings, so a later run on another day changes nothing.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.utils.text import slugify

from ..models import Course, CourseStatus, Language, OfferingStatus, Theme, UNRecognition
from ..services import course_archive, course_create, offering_create
from . import centres as demo_centres
from .catalog_data import COURSES, METHODS, ONLINE, DemoCourse

if TYPE_CHECKING:
    from . import SeedContext

PAST_DAYS = 365
AHEAD_DAYS = 548  # 18 months

NOTES = (
    "",
    "",
    "",
    "Accommodation and meals at the centre are provided for partner participants.",
    "Nominations through the national peacekeeping focal point, with a medical certificate.",
    "Conducted with instructors from partner centres and the UN.",
    "Participants arrive the day before the start; a transfer from the airport is arranged.",
)


def course_slug(course: DemoCourse) -> str:
    return course.slug or slugify(course.title)


def _end_date(start: datetime.date, days: int) -> datetime.date:
    # Courses of more than a week run on weekdays: five training days a week.
    if days <= 5:
        return start + datetime.timedelta(days=days - 1)
    weeks, extra = divmod(days - 1, 5)
    return start + datetime.timedelta(days=weeks * 7 + extra)


def _next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _location(course: DemoCourse) -> tuple[str, str]:
    centre = demo_centres.by_slug(course.centre)
    return ("Online" if course.mode == ONLINE else centre.city, centre.country)


def offering_plan(
    course: DemoCourse, rng: random.Random, today: datetime.date
) -> list[dict[str, object]]:
    """The offerings of `course` as keyword arguments of `offering_create`, oldest first."""
    city, country = _location(course)

    def offering(start: datetime.date, **values: object) -> dict[str, object]:
        seats = values.pop("seats", course.seats)
        partner = values.pop("partner", None)
        if partner is None:
            # About one run in seven is reserved for the centre's own personnel.
            partner = 0 if rng.random() < 0.15 else min(rng.choice((4, 6, 8, 10)), seats)
        deadline = values.pop("deadline", start - datetime.timedelta(rng.choice((21, 28, 42))))
        return {
            "start_date": start,
            "end_date": _end_date(start, course.days),
            "city": city,
            "country": country,
            "application_deadline": deadline,
            "seats_total": seats,
            "partner_seats": partner,
            "notes": values.pop("notes", rng.choice(NOTES)),
            "status": values.pop("status", OfferingStatus.SCHEDULED),
        }

    plans: list[dict[str, object]] = []
    if course.status == CourseStatus.ARCHIVED:
        # The course ran before it was replaced: two runs in the past year.
        for back in (rng.randint(260, 330), rng.randint(90, 200)):
            plans.append(offering(_next_monday(today - datetime.timedelta(back))))
    elif course.status == CourseStatus.DRAFT:
        # A draft has at most one tentative date, not yet open to partners.
        if rng.random() < 0.5:
            start = _next_monday(today + datetime.timedelta(rng.randint(120, 300)))
            plans.append(offering(start, partner=0, notes="Dates to be confirmed."))
    else:
        period = 365 // course.runs
        start = today - datetime.timedelta(PAST_DAYS - rng.randint(0, period - 1))
        last = today + datetime.timedelta(AHEAD_DAYS)
        while (monday := _next_monday(start)) <= last:
            plans.append(offering(monday))
            start += datetime.timedelta(period + rng.randint(-10, 10))
    for fixed in course.fixed:
        values = dict(fixed)
        start = today + datetime.timedelta(values.pop("start"))
        if "deadline" in values:
            values["deadline"] = today + datetime.timedelta(values.pop("deadline"))
        plans.append(offering(start, **values))
    return sorted(plans, key=lambda plan: plan["start_date"])


def _un_recognition(
    course: DemoCourse, rng: random.Random, today: datetime.date
) -> dict[str, object]:
    """A recognised demo course holds a certificate of the last three and a half years, so
    that some recognitions run out within the year (their centres get the reminders)."""
    if not course.un:
        return {}
    return {
        "un_status": UNRecognition.RECOGNISED,
        "un_certificate_date": today - datetime.timedelta(rng.randint(60, 1270)),
    }


def seed(context: SeedContext) -> None:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    existing = set(Course.objects.values_list("slug", flat=True))
    centres = {}
    for course in COURSES:
        slug = course_slug(course)
        if slug in existing:
            continue
        demo_centre = demo_centres.by_slug(course.centre)
        if course.centre not in centres:
            centres[course.centre] = context.centre(course.centre)
        trainer = context.trainer(course.centre)
        rng = context.random(slug)
        created = course_create(
            centre=centres[course.centre],
            by=trainer,
            slug=slug,
            title=course.title,
            summary=course.summary,
            description=course.description(rng.choice(METHODS[course.mode])),
            themes=[themes[theme] for theme in course.themes],
            languages=[languages[code] for code in course.languages or demo_centre.languages],
            audience=course.audience,
            level=course.level,
            delivery_mode=course.mode,
            duration_days=course.days,
            prerequisites=course.prerequisites,
            # Its own random draw, so that the rest of the course stays as it was.
            **_un_recognition(course, context.random(f"{slug}:un"), context.today),
            # An archived course was published first; it is archived below, as a trainer would.
            status=CourseStatus.DRAFT if course.status == CourseStatus.DRAFT else "published",
        )
        context.count("course")
        for plan in offering_plan(course, rng, context.today):
            offering_create(course=created, by=trainer, **plan)
            context.count("offering")
        if course.status == CourseStatus.ARCHIVED:
            course_archive(course=created, by=trainer)
