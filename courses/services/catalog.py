"""Writes of courses and offerings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from anyascii import anyascii
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..catalog_cache import catalog_changed, database_version
from ..exceptions import DomainError
from ..models import (
    Centre,
    Course,
    CourseStatus,
    Language,
    Offering,
    OfferingStatus,
    Theme,
    UNPackageEdition,
    UNRecognition,
)
from ..models.catalog import today
from ..permissions import (
    may_change_course,
    may_change_offering,
    may_delete_course,
    may_delete_offering,
    may_post_course_for,
)
from ..uploads import UploadRefused, check_upload
from .authorization import authorize
from .validation import validate
from .waitlist import promote_waitlist


class _Keep:
    """The default of an optional field of `course_update`: leave it as it is (None clears)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: object = _Keep()


def _attach_un_evidence(course: Course, evidence: UploadedFile | bool | None) -> None:
    """Put the evidence of the UN recognition on `course` (checked like a resource file, by
    content and name, before anything is written); False removes it, None (or the file already
    kept, as a form hands it back) leaves it."""
    if evidence is None or not isinstance(evidence, (UploadedFile, bool)):
        return
    if evidence is False:
        course.un_evidence = ""
        course.un_evidence_name = course.un_evidence_type = ""
        return
    try:
        checked = check_upload(evidence)
    except UploadRefused as refusal:
        raise DomainError(refusal.message, field="un_evidence") from refusal
    course.un_evidence_name = checked.display_name
    course.un_evidence_type = checked.content_type
    evidence.name = checked.display_name
    course.un_evidence = evidence


def _save_course_with_evidence(course: Course, save) -> None:
    """Save the course (which writes a new evidence file last); remove that file again if the
    row is refused."""
    try:
        save()
    except Exception:
        name = course.un_evidence.name if course.un_evidence else ""
        fresh = name and not getattr(course.un_evidence, "_committed", True)
        if fresh and course.un_evidence.storage.exists(name):
            course.un_evidence.storage.delete(name)
        raise


def refresh_next_start_dates(*, courses: Iterable[Course | int] | None = None) -> int:
    """Move the catalog's day on to today, and with it each course's next run.

    Every other derived column of a course (run dates, theme and language ids, search
    documents) is kept by the database's triggers on every write (migration 0012), so nothing
    here puts data right. Only "next" and "open to partners" depend on the calendar: a run that
    started yesterday is no longer next, nor one whose applications closed yesterday open. This
    sets the day the triggers count from and touches the courses whose stored next run is now
    in the past or which had such a run open, so the triggers derive them again. Run daily
    (`manage.py refresh_next_offerings`); idempotent. Returns the number of courses moved on.

    `courses` is accepted from callers that used to ask for a refresh after a write; the
    database has already done it, so they only forget the cached catalog pages.
    """
    if courses is not None:
        catalog_changed()
        return 0
    day = today()
    with transaction.atomic(), connection.cursor() as cursor:
        since = database_version()[2]  # the day the job last moved the catalog to
        cursor.execute("UPDATE courses_catalog_state SET day = %s WHERE id = 1", [day])
        # The runs whose applications closed since the last day moved on: no longer open to
        # partners, they leave their courses' first and last open runs.
        closed = Offering.objects.filter(
            status=OfferingStatus.SCHEDULED,
            partner_seats__gt=F("partner_seats_taken"),
            application_deadline__lt=day,
        )
        if since:
            closed = closed.filter(application_deadline__gte=since)
        moved = Course.objects.filter(
            Q(next_start_date__lt=day) | Q(pk__in=closed.values("course_id"))
        ).update(version=F("version") + 1)
    catalog_changed()
    return moved


def slug_base(title: str) -> str:
    """A readable ASCII slug for a title in any script: "Bảo vệ thường dân" gives
    "bao-ve-thuong-dan" ("đ" becomes "d", not nothing), a Thai title its romanization."""
    return slugify(anyascii(title))[:200].strip("-") or "course"


def unique_course_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug made from the title, with a number appended when another course has it already."""
    base = slug_base(title)
    candidate, n = base, 2
    taken = Course.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


SLUG_ATTEMPTS = 5


def _save_with_unique_slug(course: Course, *, slug_given: bool) -> None:
    """Validate and insert a new course; a slug taken meanwhile is replaced by the next free one.

    Two trainers posting the same title at the same moment both find the slug free, and the
    second insert breaks the unique index. Each insert runs in a savepoint, so the loser takes
    the next free slug and saves, instead of failing with a server error and losing the form.
    A slug the caller chose itself is not changed: it is refused as taken.
    """
    validate(course, exclude=() if slug_given else ("slug",))
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                course.save()
            return
        except IntegrityError as error:
            if not Course.objects.filter(slug=course.slug).exists():
                raise  # another rule broke, not the slug
            if slug_given or attempt == SLUG_ATTEMPTS - 1:
                raise DomainError(
                    _("Another course took this address a moment ago; please save again."),
                    field="slug",
                ) from error
            course.pk = None
            course.slug = unique_course_slug(course.title)


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
    un_status: str = UNRecognition.NOT_RECOGNISED,
    un_certificate_date: datetime.date | None = None,
    un_expiry_date: datetime.date | None = None,
    un_evidence: UploadedFile | bool | None = None,
    un_edition: UNPackageEdition | None = None,
    status: str = CourseStatus.DRAFT,
    slug: str | None = None,
) -> Course:
    """Create a course of `centre`. The slug is made from the title and never changes after.

    The UN recognition's expiry, left empty, is four years after its certificate date.
    Refused for a `by` who may not post courses for `centre` (`may_post_course_for`).
    """
    authorize(
        by, may_post_course_for, centre, message=_("You may not post courses for this centre.")
    )
    themes, languages = list(themes), list(languages)
    if not themes:
        raise DomainError(_("Choose at least one theme."), field="themes")
    if not languages:
        raise DomainError(_("Choose at least one language of instruction."), field="languages")
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
        un_status=un_status,
        un_certificate_date=un_certificate_date,
        un_expiry_date=un_expiry_date,
        un_edition=un_edition,
        status=status,
    )
    _attach_un_evidence(course, un_evidence)
    _save_course_with_evidence(
        course, lambda: _save_with_unique_slug(course, slug_given=bool(slug))
    )
    course.themes.set(themes)
    course.languages.set(languages)
    catalog_changed()
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
    """Add a dated run to `course`. Dates and seat counts are checked here and by the database.

    Refused for a `by` who may not change the course (`may_change_course`).
    """
    authorize(by, may_change_course, course, message=_("You may not add offerings to this course."))
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
    validate(offering)
    offering.save()
    catalog_changed()
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
    "un_status",
    "un_certificate_date",
    "un_expiry_date",
    "un_evidence",
    "un_edition",
    "status",
)


# A course moves draft -> published -> archived; an archived course may be published again. Once
# published it never returns to draft, because other centres may hold seats on its offerings.
COURSE_STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CourseStatus.DRAFT: (CourseStatus.PUBLISHED, CourseStatus.ARCHIVED),
    CourseStatus.PUBLISHED: (CourseStatus.ARCHIVED,),
    CourseStatus.ARCHIVED: (CourseStatus.PUBLISHED,),
}


@transaction.atomic
def course_update(
    *,
    course: Course,
    by: AbstractBaseUser | None,
    title: str | None = None,
    summary: str | None = None,
    description: str | None = None,
    audience: str | None = None,
    level: str | None = None,
    delivery_mode: str | None = None,
    duration_days: int | None = None,
    prerequisites: str | None = None,
    un_status: str | None = None,
    un_certificate_date: datetime.date | object | None = KEEP,
    un_expiry_date: datetime.date | object | None = KEEP,
    un_evidence: UploadedFile | bool | None = None,
    un_edition: UNPackageEdition | object | None = KEEP,
    status: str | None = None,
    themes: Iterable[Theme] | None = None,
    languages: Iterable[Language] | None = None,
) -> Course:
    """Change a course's description, themes, languages or status. The slug stays as it was.

    A field left at None is not changed; the UN recognition's dates and the edition, which may
    be emptied, are left as they are at KEEP (their default) and emptied by None. An evidence
    file replaces the one kept; False removes it. Refused for a `by` who may not change the course
    (`may_change_course`), and for a status the course cannot move to.
    """
    authorize(by, may_change_course, course, message=_("You may not change this course."))
    course = Course.objects.select_for_update().get(pk=course.pk)
    moves = COURSE_STATUS_TRANSITIONS[course.status]
    if status is not None and status != course.status and status not in moves:
        raise DomainError(
            _(
                "A %(current)s course cannot go back to %(new)s: other centres may already "
                "rely on it."
            )
            % {
                "current": course.get_status_display().lower(),
                "new": CourseStatus(status).label.lower(),
            },
            field="status",
        )
    changes = {
        "title": title.strip() if title is not None else None,
        "summary": summary.strip() if summary is not None else None,
        "description": description,
        "audience": audience,
        "level": level,
        "delivery_mode": delivery_mode,
        "duration_days": duration_days,
        "prerequisites": prerequisites,
        "un_status": un_status,
        "status": status,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(course, field, value)
    for field, value in (
        ("un_certificate_date", un_certificate_date),
        ("un_expiry_date", un_expiry_date),
        ("un_edition", un_edition),
    ):
        if value is not KEEP:
            setattr(course, field, value)
    _attach_un_evidence(course, un_evidence)
    if themes is not None:
        themes = list(themes)
        if not themes:
            raise DomainError(_("Choose at least one theme."), field="themes")
    if languages is not None:
        languages = list(languages)
        if not languages:
            raise DomainError(_("Choose at least one language of instruction."), field="languages")
    validate(course)
    _save_course_with_evidence(course, course.save)
    if themes is not None:
        course.themes.set(themes)
    if languages is not None:
        course.languages.set(languages)
    catalog_changed()
    return course


@transaction.atomic
def course_publish(*, course: Course, by: AbstractBaseUser | None) -> Course:
    """Publish a draft (or re-publish an archived course) so that it appears in the catalog."""
    return course_update(course=course, by=by, status=CourseStatus.PUBLISHED)


@transaction.atomic
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
    "status",
)


@transaction.atomic
def offering_update(
    *,
    offering: Offering,
    by: AbstractBaseUser | None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    city: str | None = None,
    country: str | None = None,
    application_deadline: datetime.date | None = None,
    seats_total: int | None = None,
    partner_seats: int | None = None,
    notes: str | None = None,
    status: str | None = None,
) -> Offering:
    """Change an offering's dates, place or seats; a field left at None is not changed.

    The row is locked first, so that lowering partner seats is checked against the seats
    approved at this moment: it is refused when they would fall below what is approved.
    A `status` of cancelled hands over to `offering_cancel`, which tells the centres that hold
    seats; a cancelled offering is not rescheduled (post a new offering instead). Refused for
    a `by` who may not change the offering (`may_change_offering`).
    """
    authorize(by, may_change_offering, offering, message=_("You may not change this offering."))
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    new_status = status if status is not None else offering.status
    if offering.is_cancelled and new_status != OfferingStatus.CANCELLED:
        raise DomainError(
            _("A cancelled offering cannot be rescheduled; add a new offering instead."),
            field="status",
        )
    partner_seats_before = offering.partner_seats
    changes = {
        "start_date": start_date,
        "end_date": end_date,
        "city": city.strip() if city is not None else None,
        "country": country,
        "application_deadline": application_deadline,
        "seats_total": seats_total,
        "partner_seats": partner_seats,
        "notes": notes,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(offering, field, value)
    validate(offering)
    offering.save()
    if offering.partner_seats > partner_seats_before and not offering.is_cancelled:
        # More partner seats: the waitlist moves at once, under the lock taken above.
        promote_waitlist(offering=offering)
    catalog_changed()
    if new_status == OfferingStatus.CANCELLED and not offering.is_cancelled:
        offering = offering_cancel(offering=offering, by=by)
    return offering


@transaction.atomic
def offering_cancel(*, offering: Offering, by: AbstractBaseUser | None) -> Offering:
    """Cancel an offering and tell every centre with a pending, waitlisted or approved request.

    The requests keep their status (their history stays readable); each gets a timeline entry
    saying the offering was cancelled, and no request can be approved on it any more.
    """
    # Imported here: the exchange models and notifications sit on top of the catalog.
    from .. import notifications, workflow
    from ..models import SeatRequest

    authorize(by, may_change_offering, offering, message=_("You may not cancel this offering."))
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    if offering.is_cancelled:
        raise DomainError(_("This offering is already cancelled."), field="status")
    offering.status = OfferingStatus.CANCELLED
    validate(offering)
    offering.save()
    catalog_changed()
    held = list(
        SeatRequest.objects.open()
        .filter(offering=offering)
        .select_related("requesting_centre", "offering__course__centre")
    )
    # On each request's timeline, written by the request engine like every other entry; the
    # requests keep their status (their history stays readable).
    timeline = workflow.seat_requests()
    for seat_request in held:
        timeline.record(
            seat_request,
            by=by,
            action="offering-cancelled",
            from_status=seat_request.status,
            note="The host centre cancelled the offering.",
        )
    notifications.offering_cancelled(offering, held)
    return offering


# Lazy: made at import, read in the language of whoever is refused.
ERASE_REFUSED = gettext_lazy(
    "Only the network admin erases courses and offerings: archive or cancel instead."
)


def seat_requests_blocking_delete(
    *, courses: Iterable[Course] = (), offerings: Iterable[Offering] = ()
) -> list[object]:
    """The seat requests that keep these courses or offerings from being erased.

    A seat request is history between two centres: erasing its offering would erase it
    with no word to the centre that asked. Such an offering is cancelled (the centres are
    told) and such a course archived, instead.
    """
    from ..models import SeatRequest

    course_ids = [course.pk for course in courses]
    offering_ids = [offering.pk for offering in offerings]
    return list(
        SeatRequest.objects.filter(
            Q(offering__course_id__in=course_ids) | Q(offering_id__in=offering_ids)
        ).select_related("requesting_centre", "offering__course")
    )


@transaction.atomic
def offering_delete(*, offering: Offering, by: AbstractBaseUser | None) -> None:
    """Erase an offering entered in error; one that centres have asked seats for is refused.

    Only the network admin erases (`may_delete_offering`; `by=None` is the system itself); a
    centre cancels. The offering row is locked before the seat requests are counted, the same
    lock a seat request takes before it is written: either the request is there and the delete
    is refused, or the offering is gone and the request is refused, never a half-written pair.
    """
    authorize(by, may_delete_offering, offering, message=ERASE_REFUSED)
    offering = Offering.objects.select_for_update().filter(pk=offering.pk).first()
    if offering is None:
        return
    if seat_requests_blocking_delete(offerings=[offering]):
        raise DomainError(
            _("Centres have asked for seats on this offering: cancel it instead, so they are told.")
        )
    offering.delete()
    catalog_changed()


@transaction.atomic
def course_delete(*, course: Course, by: AbstractBaseUser | None) -> None:
    """Erase a course entered in error, with its offerings; refused once any has seat requests.

    Only the network admin erases (`may_delete_course`; `by=None` is the system itself). The
    course and then each of its offerings are locked before the seat requests are counted (see
    offering_delete).
    """
    authorize(by, may_delete_course, course, message=ERASE_REFUSED)
    course = Course.objects.select_for_update().filter(pk=course.pk).first()
    if course is None:
        return
    list(Offering.objects.select_for_update().filter(course=course).order_by("pk"))
    if seat_requests_blocking_delete(courses=[course]):
        raise DomainError(
            _("Centres have asked for seats on this course's offerings: archive it instead.")
        )
    course.delete()
    catalog_changed()
