"""Courses (the standing description) and offerings (one dated run of a course)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from .centres import COUNTRY_CHOICES, Centre, Language, Theme, country_code_validator, country_name
from .un import UNRecognition, default_un_expiry, un_evidence_upload_to


class Audience(models.TextChoices):
    MILITARY = "military", _("Military")
    POLICE = "police", _("Police")
    CIVILIAN = "civilian", _("Civilian")
    MIXED = "mixed", _("Mixed")


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    TRAINING_OF_TRAINERS = "training-of-trainers", _("Training of trainers")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# The day the rules of the domain count from. Only the demo data moves it (`as_of`), to record
# last year's seat exchange through the same services, with the rules as they stood then.
_as_of: ContextVar[datetime.date | None] = ContextVar("apcn_as_of", default=None)


def today() -> datetime.date:
    return _as_of.get() or timezone.localdate()


def network_today() -> datetime.date:
    """Today on the network's clock (`TIME_ZONE`), whatever zone the request has activated."""
    return _as_of.get() or timezone.localdate(timezone=timezone.get_default_timezone())


# The window every date a person enters must fall in: the network's records start in 2000 and
# nobody plans a course more than ten years ahead. A typo (0001-01-01, 9999-12-31) would
# otherwise sort first or last everywhere and break whatever adds a day to it (a calendar's
# DTEND). The one rule for every date field: forms, the admin and the API all reach it through
# the model field's validators and the services' full_clean().
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_YEARS_AHEAD = 10


def latest_date() -> datetime.date:
    """The last day a date may be: the end of the year ten years from today."""
    return datetime.date(today().year + LATEST_YEARS_AHEAD, 12, 31)


def validate_plausible_date(value: datetime.date) -> None:
    """Refuse a date before 2000 or more than ten years ahead (see EARLIEST_DATE)."""
    if value is None:
        return
    latest = latest_date()
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
        )


@contextmanager
def as_of(day: datetime.date) -> Iterator[None]:
    """Inside this block, `today()` is `day`."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


class OfferingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class OfferingQuerySet(models.QuerySet):
    def scheduled(self) -> OfferingQuerySet:
        return self.filter(status=OfferingStatus.SCHEDULED)

    def upcoming(self, on: datetime.date | None = None) -> OfferingQuerySet:
        """Scheduled offerings that have not started yet, soonest first."""
        return self.scheduled().filter(start_date__gte=on or today()).order_by("start_date", "pk")

    def open_to_partners(self, on: datetime.date | None = None) -> OfferingQuerySet:
        """Upcoming offerings that still have partner seats and whose deadline has not passed."""
        on = on or today()
        return self.upcoming(on).filter(
            application_deadline__gte=on, partner_seats__gt=F("partner_seats_taken")
        )

    def in_published_courses(self) -> OfferingQuerySet:
        return self.filter(course__status=CourseStatus.PUBLISHED)

    def for_listing(self) -> OfferingQuerySet:
        return self.select_related("course", "course__centre")


# What a catalog row never shows, left unread by `for_catalog`.
CATALOG_ROW_SKIPS = ("description", "prerequisites", "search_vector", "centre__description")


class CourseQuerySet(models.QuerySet):
    # Rows to give each course as its themes and languages (`for_catalog`), by id.
    _link_rows: tuple[Mapping[int, Theme], Mapping[int, Language]] | None = None

    def published(self) -> CourseQuerySet:
        return self.filter(status=CourseStatus.PUBLISHED)

    def un_recognised(self, on: datetime.date | None = None) -> CourseQuerySet:
        """Courses the UN recognises on `on` (today): recognised, and not past their expiry.
        Asked of the stored dates when read, so no job has to run for a course to expire."""
        return self.filter(un_status=UNRecognition.RECOGNISED, un_expiry_date__gte=on or today())

    def for_catalog(
        self,
        themes: Mapping[int, Theme],
        languages: Mapping[int, Language],
        on: datetime.date | None = None,
    ) -> CourseQuerySet:
        """What a catalog row shows, like `for_listing()`, but each course's themes and
        languages are taken from `themes` and `languages` (the rows the catalog's facets
        loaded) by the ids the course stores, instead of two more queries. The long texts a
        row does not show (the description, the search document: some 2 KB a course) are not
        read."""
        clone = (
            self.select_related("centre")
            .defer(*CATALOG_ROW_SKIPS)
            .prefetch_related(
                Prefetch(
                    "offerings",
                    queryset=Offering.objects.upcoming(on),
                    to_attr="upcoming_offerings",
                )
            )
        )
        clone._link_rows = (themes, languages)
        return clone

    def _clone(self) -> CourseQuerySet:
        clone = super()._clone()
        clone._link_rows = self._link_rows
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if not (fresh and self._link_rows):
            return
        themes, languages = self._link_rows
        for course in self._result_cache:
            if not isinstance(course, Course):
                return
            cache = course.__dict__.setdefault("_prefetched_objects_cache", {})
            cache["themes"] = _as_prefetched(Theme, course.theme_ids, themes)
            cache["languages"] = _as_prefetched(Language, course.language_ids, languages)

    def for_listing(self, on: datetime.date | None = None) -> CourseQuerySet:
        """Everything a catalog row shows, in a fixed number of queries for any page size.

        Each course carries `upcoming_offerings` (soonest first), so the row can show the next
        offering and its open partner seats without a query per row.
        """
        return self.select_related("centre", "un_edition__package").prefetch_related(
            "themes",
            "languages",
            Prefetch(
                "offerings",
                queryset=Offering.objects.upcoming(on),
                to_attr="upcoming_offerings",
            ),
        )


def _as_prefetched(model: type[models.Model], ids: Iterable[int], rows: Mapping) -> QuerySet:
    """A queryset already holding `rows[id]` for each id, in the model's order, as Django's
    `prefetch_related` leaves one: `course.themes.all()` then reads it without a query."""
    found = sorted((rows[pk] for pk in ids if pk in rows), key=lambda row: row.name)
    queryset = model.objects.all()
    queryset._result_cache = found
    queryset._prefetch_done = True
    return queryset


def link_key(ids: Iterable[int]) -> str:
    """Ids as SQLite keeps an `IdArrayField`: sorted, between commas (",3,7,12,"), so that
    `",7,"` finds id 7 and no other."""
    ordered = sorted(set(ids))
    return f",{','.join(map(str, ordered))}," if ordered else ""


def link_ids(key: str) -> list[int]:
    """The ids in a `link_key`."""
    return [int(part) for part in key.split(",") if part]


class IdArrayField(models.Field):
    """A sorted set of ids (a course's themes or languages) that the database keeps.

    PostgreSQL stores an `integer[]` (with a GIN index, so that `overlaps` reads the index);
    SQLite, which has no arrays, stores the ids as `link_key` text. Python sees a list of ints
    either way. Whatever Python writes here is replaced by the database's triggers (migration
    0012), which derive it from the course's links on every write.
    """

    description = "ids kept by the database"

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def db_type(self, connection) -> str:
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared: bool = False):
        if value is None:
            return None
        ids = sorted({int(v) for v in value})
        return ids if connection.vendor == "postgresql" else link_key(ids)

    def from_db_value(self, value, expression, connection) -> list[int]:
        if value is None:
            return []
        return list(value) if isinstance(value, list) else link_ids(value)

    def to_python(self, value) -> list[int]:
        if isinstance(value, str):
            return link_ids(value)
        return [int(v) for v in value or ()]


@IdArrayField.register_lookup
class IdsOverlap(models.Lookup):
    """`theme_ids__overlaps=[3, 7]`: the course has theme 3 or theme 7."""

    lookup_name = "overlaps"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = sorted({int(v) for v in self.rhs})
        if not ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} && %s::integer[]", [*lhs_params, ids]
        tests = " OR ".join(f"{lhs} LIKE %s" for _ in ids)
        params: list = []
        for pk in ids:
            params += [*lhs_params, f"%,{pk},%"]
        return f"({tests})", params


class Course(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="courses", verbose_name=_("centre")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in the catalog.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Aims, content and method. Markdown: headings, lists, links."),
    )
    themes = models.ManyToManyField(Theme, related_name="courses", verbose_name=_("themes"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    level = models.CharField(_("level"), max_length=30, choices=Level.choices)
    languages = models.ManyToManyField(
        Language, related_name="courses", verbose_name=_("languages of instruction")
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration (days)"), validators=[MinValueValidator(1)]
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    # The UN's recognition of the course (its Integrated Training Service). Whether the course
    # is recognised today is read from these when asked (`un_recognised`), never stored.
    un_status = models.CharField(
        _("UN recognition"),
        max_length=20,
        choices=UNRecognition.choices,
        default=UNRecognition.NOT_RECOGNISED,
    )
    un_certificate_date = models.DateField(
        _("date of the UN recognition certificate"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    un_expiry_date = models.DateField(
        _("UN recognition expires on"),
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text=_("Empty: four years after the certificate date."),
    )
    # The certificate (or the application), seen by network members only
    # (`permissions.may_see_un_evidence`); checked by courses.uploads like a resource file.
    un_evidence = models.FileField(
        _("UN recognition evidence"),
        upload_to=un_evidence_upload_to,
        blank=True,
        max_length=200,
    )
    un_evidence_name = models.CharField(
        _("evidence file name"), max_length=200, blank=True, editable=False
    )
    un_evidence_type = models.CharField(
        _("evidence content type"), max_length=120, blank=True, editable=False
    )
    un_edition = models.ForeignKey(
        "courses.UNPackageEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("UN training package edition"),
        help_text=_("The edition of the UN training package the course teaches, if any."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Everything below down to `version` is derived, and the database keeps it true for every
    # write path (services, admin, raw SQL, migrations): triggers created by migration 0012
    # recompute a course's derived columns whenever the course, its offerings, its links or its
    # centre change, whatever value Python sends. Nothing waits for a daily job.
    #
    # Weighted full-text document (title A; summary, centre name and acronym, cities B;
    # description C), unaccented, backed by a GIN index. PostgreSQL only; SQLite keeps its own
    # FTS5 tables (`courses.search`).
    search_vector = SearchVectorField(_("search document"), null=True, editable=False)
    # The start of the soonest scheduled offering on or after the catalog's day: the default
    # order ("soonest first") reads it from an index. The day moves at midnight; the daily
    # `manage.py refresh_next_offerings` moves it on for courses whose next run has started.
    next_start_date = models.DateField(_("next start"), null=True, blank=True, editable=False)
    # What the date and partner-seat filters ask of a course's scheduled offerings: the first
    # and the last start of its scheduled runs, and the latest application deadline among the
    # runs that still have partner seats. None of them moves with the calendar: a deadline is
    # never after its start, so "an upcoming run with partner seats open" is exactly
    # "open_seats_deadline is today or later".
    first_start_date = models.DateField(_("first start"), null=True, blank=True, editable=False)
    last_start_date = models.DateField(_("last start"), null=True, blank=True, editable=False)
    open_seats_deadline = models.DateField(
        _("latest deadline with partner seats"), null=True, blank=True, editable=False
    )
    # The first and the last start of the runs open to partners on the catalog's day (scheduled,
    # partner seats left, applications still taken): partner seats open together with a start
    # date is then "open_last_start is on or after the day" or "open_first_start is on or
    # before it", read from the facets' index instead of from the offerings. They move with
    # the calendar (a deadline passes), as `next_start_date` does: read only when the daily job
    # has run today, and moved on by it.
    open_first_start = models.DateField(
        _("first start open to partners"), null=True, blank=True, editable=False
    )
    open_last_start = models.DateField(
        _("last start open to partners"), null=True, blank=True, editable=False
    )
    # The ids of the course's themes and languages: the facet counts group the courses by these
    # sets (some hundreds among 100k courses) rather than joining every course to its links.
    theme_ids = IdArrayField(_("theme ids"))
    language_ids = IdArrayField(_("language ids"))
    # Moves on every write of the course or of anything it shows (offerings, links, centre):
    # a catalog row's rendered fragment is cached under it, so a write invalidates that course.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # Who changed what and when, from the admin and the web UI alike (the request's user is
    # recorded by simple_history's middleware). The search document is derived, not history.
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "next_start_date",
            "first_start_date",
            "last_start_date",
            "open_seats_deadline",
            "open_first_start",
            "open_last_start",
            "theme_ids",
            "language_ids",
            "version",
        ]
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        indexes = [
            # Facet counts and their filters read the catalog's courses from this index alone
            # (PostgreSQL's index-only scan) rather than from the wide rows of the table. On
            # PostgreSQL it also carries each course's theme and language sets (`theme_set`,
            # `language_set`: columns the database keeps, not fields, migration 0029), which
            # the counts group by; an index made again here must add them again.
            models.Index(
                fields=["status", "centre"],
                include=[
                    "id",
                    "audience",
                    "level",
                    "delivery_mode",
                    "first_start_date",
                    "last_start_date",
                    "next_start_date",
                    "open_seats_deadline",
                    "open_first_start",
                    "open_last_start",
                    "theme_ids",
                    "language_ids",
                ],
                name="course_status_centre_facets",
            ),
            # Each order of the catalog, walked in the index alone (the centre is there for the
            # visitors' filter): a page deep in the catalog skips its offset in the index and
            # then reads only its own rows (`CourseListView`).
            models.Index(
                fields=["status", "-created_at", "-id"],
                include=["centre"],
                name="course_status_created_id",
            ),
            models.Index(
                fields=["status", "title", "id"], include=["centre"], name="course_status_title_id"
            ),
            models.Index(fields=["status", "audience"], name="course_status_audience"),
            models.Index(fields=["status", "level"], name="course_status_level"),
            models.Index(fields=["status", "delivery_mode"], name="course_status_mode"),
            # The default order of the catalog, walked in order and cut at one page.
            models.Index(
                fields=["status", "next_start_date", "title", "id"],
                include=["centre"],
                name="course_status_next_start_c",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_days__gte=1),
                name="course_duration_at_least_one_day",
                violation_error_message=_("A course lasts at least one day."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CourseStatus.values), name="course_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(un_status__in=UNRecognition.values), name="course_un_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(un_status=UNRecognition.RECOGNISED)
                | Q(un_certificate_date__isnull=False, un_expiry_date__isnull=False),
                name="course_un_recognised_has_dates",
                violation_error_message=_(
                    "A recognised course needs the date of its UN recognition certificate."
                ),
            ),
            models.CheckConstraint(
                condition=Q(un_expiry_date__isnull=True)
                | Q(un_certificate_date__isnull=True)
                | Q(un_expiry_date__gt=F("un_certificate_date")),
                name="course_un_expiry_after_certificate",
                violation_error_message=_(
                    "The UN recognition expires after the date of its certificate."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("course-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.un_certificate_date and not self.un_expiry_date:
            # The usual term, unless the certificate says otherwise (the field is editable).
            self.un_expiry_date = default_un_expiry(self.un_certificate_date)
        if self.un_status == UNRecognition.RECOGNISED and not self.un_certificate_date:
            errors["un_certificate_date"] = _(
                "A recognised course needs the date of its UN recognition certificate."
            )
        if (
            self.un_certificate_date
            and self.un_expiry_date
            and self.un_expiry_date <= self.un_certificate_date
        ):
            errors["un_expiry_date"] = _(
                "The UN recognition expires after the date of its certificate."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def un_recognised(self) -> bool:
        """Whether the UN recognises the course today (recognised and not expired)."""
        return (
            self.un_status == UNRecognition.RECOGNISED
            and self.un_expiry_date is not None
            and self.un_expiry_date >= today()
        )

    @property
    def un_expired(self) -> bool:
        """A recognition whose expiry date has passed."""
        return (
            self.un_status == UNRecognition.RECOGNISED
            and self.un_expiry_date is not None
            and self.un_expiry_date < today()
        )

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED

    @property
    def next_offering(self) -> Offering | None:
        """The soonest upcoming offering; uses the prefetch of `for_listing()` when present."""
        if hasattr(self, "upcoming_offerings"):
            return self.upcoming_offerings[0] if self.upcoming_offerings else None
        return self.offerings.upcoming().first()


class Offering(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("course")
    )
    start_date = models.DateField(_("start date"), validators=[validate_plausible_date])
    end_date = models.DateField(_("end date"), validators=[validate_plausible_date])
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(
        _("country"), max_length=2, choices=COUNTRY_CHOICES, validators=[country_code_validator]
    )
    application_deadline = models.DateField(
        _("application deadline"), validators=[validate_plausible_date]
    )
    seats_total = models.PositiveIntegerField(_("total seats"))
    partner_seats = models.PositiveIntegerField(
        _("seats open to partner centres"), help_text=_("Seats other centres may request.")
    )
    # The sum of approved seats of this offering's seat requests. Written only by the seat
    # request services, under a lock on this row, and bounded by the database: it can never
    # exceed partner_seats, even when two people approve at the same moment.
    partner_seats_taken = models.PositiveIntegerField(
        _("partner seats taken"), default=0, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OfferingStatus.choices,
        default=OfferingStatus.SCHEDULED,
    )
    notes = models.TextField(_("notes"), blank=True)
    # Held seats (SeatQuota) are kept for their partner centres until this day; from it on,
    # the seats they have not claimed join the pool and the waitlist moves.
    quota_release_date = models.DateField(
        _("held seats released on"),
        null=True,
        blank=True,
        help_text=_(
            "From this day on, seats held for partner centres and not claimed join the pool."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["start_date", "pk"]
        indexes = [
            models.Index(fields=["course", "start_date"], name="offering_course_start"),
            models.Index(fields=["status", "start_date"], name="offering_status_start"),
            # The catalog's "has a scheduled run in these dates / with seats open" EXISTS tests.
            models.Index(
                fields=["course", "start_date"],
                name="offering_scheduled_course",
                condition=Q(status="scheduled"),
            ),
            # ... and the same tests read from the other side (every run in a date window, then
            # their courses), from the index alone: the runs with partner seats still open, and
            # every scheduled run.
            models.Index(
                fields=["start_date", "course"],
                include=["application_deadline"],
                name="offering_open_runs",
                condition=Q(status="scheduled", partner_seats__gt=F("partner_seats_taken")),
            ),
            models.Index(
                fields=["start_date", "course"],
                name="offering_scheduled_start",
                condition=Q(status="scheduled"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="offering_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__lte=F("start_date")),
                name="offering_deadline_before_start",
                violation_error_message=_(
                    "The application deadline cannot be after the start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(seats_total__gte=0),
                name="offering_seats_total_not_negative",
                violation_error_message=_("Total seats cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(partner_seats__gte=0),
                name="offering_partner_seats_not_negative",
                violation_error_message=_("Partner seats cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(partner_seats__lte=F("seats_total")),
                name="offering_partner_seats_within_total",
                violation_error_message=_(
                    "Seats open to partner centres cannot exceed the total seats."
                ),
            ),
            models.CheckConstraint(
                condition=Q(partner_seats_taken__gte=0)
                & Q(partner_seats_taken__lte=F("partner_seats")),
                name="offering_partner_seats_not_overbooked",
                violation_error_message=_(
                    "Approved partner seats cannot exceed the seats open to partner centres."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=OfferingStatus.values), name="offering_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} ({date_format(self.start_date)})"

    def get_absolute_url(self) -> str:
        return f"{self.course.get_absolute_url()}#offering-{self.pk}"

    def clean(self) -> None:
        # The database holds the same rules as check constraints; these messages put the
        # error on the field it is about.
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (
            self.start_date
            and self.application_deadline
            and self.application_deadline > self.start_date
        ):
            errors["application_deadline"] = _(
                "The application deadline cannot be after the start date."
            )
        if (
            self.seats_total is not None
            and self.partner_seats is not None
            and self.partner_seats > self.seats_total
        ):
            errors["partner_seats"] = _(
                "Seats open to partner centres cannot exceed the total seats."
            )
        if self.partner_seats is not None and self.partner_seats < self.partner_seats_taken:
            errors["partner_seats"] = ngettext(
                "%(count)d partner seat is already approved; "
                "partner seats cannot be lowered below that.",
                "%(count)d partner seats are already approved; "
                "partner seats cannot be lowered below that.",
                self.partner_seats_taken,
            ) % {"count": self.partner_seats_taken}
        if errors:
            raise ValidationError(errors)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def partner_seats_open(self) -> int:
        return max(self.partner_seats - self.partner_seats_taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == OfferingStatus.CANCELLED

    @property
    def deadline_passed(self) -> bool:
        return self.application_deadline < today()

    @property
    def has_started(self) -> bool:
        return self.start_date < today()

    @property
    def is_running(self) -> bool:
        """Whether the offering is under way today (started, not yet ended)."""
        return self.start_date <= today() <= self.end_date

    @property
    def is_open_to_partners(self) -> bool:
        """Whether another centre may still ask for a seat on this offering."""
        return (
            not self.is_cancelled
            and not self.has_started
            and not self.deadline_passed
            and self.partner_seats_open > 0
        )
