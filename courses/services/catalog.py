"""Writes of courses and offerings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ..exceptions import DomainError
from ..models import Centre, Course, CourseStatus, Language, Offering, OfferingStatus, Theme
from ..search import refresh_search_vectors


def unique_course_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug made from the title, with a number appended when another course has it already."""
    base = slugify(title)[:200] or "course"
    candidate, n = base, 2
    taken = Course.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _validate(instance: Course | Offering, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from error


@transaction.atomic
def course_create(
    *,
    centre: Centre,
    by: AbstractBaseUser | None,
    title: str,
    summary: str,
    audience: str,
    level: str,
    delivery_mode: str,
    duration_days: int,
    themes: Iterable[Theme],
    languages: Iterable[Language],
    description: str = "",
    prerequisites: str = "",
    un_recognised: bool = False,
    status: str = CourseStatus.DRAFT,
    slug: str | None = None,
) -> Course:
    """Create a course of `centre`. The slug is made from the title and never changes after."""
    themes, languages = list(themes), list(languages)
    if not themes:
        raise DomainError("Choose at least one theme.", field="themes")
    if not languages:
        raise DomainError("Choose at least one language of instruction.", field="languages")
    course = Course(
        centre=centre,
        created_by=by,
        title=title.strip(),
        slug=slug or unique_course_slug(title),
        summary=summary.strip(),
        description=description,
        audience=audience,
        level=level,
        delivery_mode=delivery_mode,
        duration_days=duration_days,
        prerequisites=prerequisites,
        un_recognised=un_recognised,
        status=status,
    )
    _validate(course)
    course.save()
    course.themes.set(themes)
    course.languages.set(languages)
    refresh_search_vectors([course])
    return course


@transaction.atomic
def offering_create(
    *,
    course: Course,
    by: AbstractBaseUser | None,
    start_date: datetime.date,
    end_date: datetime.date,
    city: str,
    country: str,
    application_deadline: datetime.date,
    seats_total: int,
    partner_seats: int,
    notes: str = "",
    status: str = OfferingStatus.SCHEDULED,
) -> Offering:
    """Add a dated run to `course`. Dates and seat counts are checked here and by the database."""
    offering = Offering(
        course=course,
        created_by=by,
        start_date=start_date,
        end_date=end_date,
        city=city.strip(),
        country=country,
        application_deadline=application_deadline,
        seats_total=seats_total,
        partner_seats=partner_seats,
        notes=notes,
        status=status,
    )
    _validate(offering)
    offering.save()
    return offering


# Fields a trainer edits on a course; the centre, slug and creator never change after creation.
COURSE_EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "audience",
    "level",
    "delivery_mode",
    "duration_days",
    "prerequisites",
    "un_recognised",
    "status",
)


@transaction.atomic
def course_update(
    *,
    course: Course,
    by: AbstractBaseUser | None,
    themes: Iterable[Theme] | None = None,
    languages: Iterable[Language] | None = None,
    **changes: object,
) -> Course:
    """Change a course's description, themes, languages or status. The slug stays as it was."""
    unknown = set(changes) - set(COURSE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"course_update() cannot change {', '.join(sorted(unknown))}")
    course = Course.objects.select_for_update().get(pk=course.pk)
    for field, value in changes.items():
        setattr(course, field, value.strip() if field in ("title", "summary") else value)
    if themes is not None:
        themes = list(themes)
        if not themes:
            raise DomainError("Choose at least one theme.", field="themes")
    if languages is not None:
        languages = list(languages)
        if not languages:
            raise DomainError("Choose at least one language of instruction.", field="languages")
    _validate(course)
    course.save()
    if themes is not None:
        course.themes.set(themes)
    if languages is not None:
        course.languages.set(languages)
    refresh_search_vectors([course])
    return course


def course_publish(*, course: Course, by: AbstractBaseUser | None) -> Course:
    """Publish a draft (or re-publish an archived course) so that it appears in the catalog."""
    return course_update(course=course, by=by, status=CourseStatus.PUBLISHED)


def course_archive(*, course: Course, by: AbstractBaseUser | None) -> Course:
    """Take a course out of the catalog; its page stays reachable by URL."""
    return course_update(course=course, by=by, status=CourseStatus.ARCHIVED)


OFFERING_EDITABLE_FIELDS = (
    "start_date",
    "end_date",
    "city",
    "country",
    "application_deadline",
    "seats_total",
    "partner_seats",
    "notes",
)


@transaction.atomic
def offering_update(
    *, offering: Offering, by: AbstractBaseUser | None, **changes: object
) -> Offering:
    """Change an offering's dates, place or seats.

    The row is locked first, so that lowering partner seats is checked against the seats
    approved at this moment: it is refused when they would fall below what is approved.
    Cancelling is its own service, because it tells the centres that hold seats.
    """
    unknown = set(changes) - set(OFFERING_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"offering_update() cannot change {', '.join(sorted(unknown))}")
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    for field, value in changes.items():
        setattr(offering, field, value.strip() if field == "city" else value)
    _validate(offering)
    offering.save()
    return offering
