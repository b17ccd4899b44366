"""The instructor exchange: the instructors and mobile training teams (MTT) a centre lends to the
network, when they are free, and another centre's request to borrow one for dates and a place."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .centres import COUNTRY_CHOICES, Centre, Language, Theme
from .timeline import event_caption


class InstructorKind(models.TextChoices):
    INSTRUCTOR = "instructor", _("Instructor")
    TEAM = "team", _("Mobile training team")


class InstructorQuerySet(models.QuerySet):
    def active(self) -> InstructorQuerySet:
        return self.filter(is_archived=False)

    def for_listing(self) -> InstructorQuerySet:
        return self.select_related("centre").prefetch_related("themes", "languages", "availability")

    def available_between(self, start: datetime.date, end: datetime.date) -> InstructorQuerySet:
        """Offers with a window of availability covering `start`..`end` and no approved loan
        overlapping those dates."""
        window = InstructorAvailability.objects.filter(
            instructor=OuterRef("pk"), start_date__lte=start, end_date__gte=end
        )
        booked = InstructorRequest.objects.filter(
            instructor=OuterRef("pk"),
            status=InstructorRequestStatus.APPROVED,
            start_date__lte=end,
            end_date__gte=start,
        )
        return self.filter(Exists(window)).exclude(Exists(booked))


class Instructor(models.Model):
    """An instructor, or a mobile training team, that a centre offers to lend to the network.

    The offer (title, kind, expertise, languages, ranks, team size, availability) is what the
    list shows; the person's details (name, rank, biography, contact) are personal data that
    only members of the network read (courses.permissions.may_see_instructor_details).
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="instructors", verbose_name=_("centre")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=InstructorKind.choices, default=InstructorKind.INSTRUCTOR
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_(
            'What the network sees, e.g. "Gender adviser" or "MTT Protection of Civilians".'
        ),
    )
    summary = models.TextField(
        _("expertise"), blank=True, help_text=_("What they teach and for which audiences.")
    )
    themes = models.ManyToManyField(Theme, related_name="instructors", verbose_name=_("themes"))
    languages = models.ManyToManyField(
        Language, related_name="instructors", verbose_name=_("languages")
    )
    ranks = models.CharField(
        _("ranks"),
        max_length=200,
        blank=True,
        help_text=_("For a team, its composition (e.g. 1 Lt Col, 2 Majors, 1 civilian expert)."),
    )
    team_size = models.PositiveSmallIntegerField(_("team size"), default=1)
    # Personal details: members of the network only.
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    person_rank = models.CharField(_("rank"), max_length=80, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstructorQuerySet.as_manager()

    class Meta:
        verbose_name = _("instructor or team")
        verbose_name_plural = _("instructors and teams")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InstructorKind.values), name="instructor_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(team_size__gte=1) & (Q(kind=InstructorKind.TEAM) | Q(team_size=1)),
                name="instructor_team_size_valid",
                violation_error_message=_("An instructor is one person; only a team has more."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("instructor-detail", kwargs={"pk": self.pk})

    @property
    def is_team(self) -> bool:
        return self.kind == InstructorKind.TEAM


class InstructorAvailability(models.Model):
    """A window of dates in which the centre can lend the instructor or team."""

    instructor = models.ForeignKey(
        Instructor,
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("instructor"),
    )
    start_date = models.DateField(_("available from"))
    end_date = models.DateField(_("available until"))

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="instructor_availability_dates",
                violation_error_message=_("A window ends on or after the day it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date} to {self.end_date}"


class InstructorRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    # The requesting centre took its request back (before or after the approval).
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # The host could no longer lend after it had approved.
    CANCELLED = "cancelled", _("Cancelled")


class InstructorRequestQuerySet(models.QuerySet):
    def incoming_for(self, centre: Centre) -> InstructorRequestQuerySet:
        """Requests addressed to `centre`: for instructors and teams it lends."""
        return self.filter(instructor__centre=centre)

    def outgoing_for(self, centre: Centre) -> InstructorRequestQuerySet:
        return self.filter(requesting_centre=centre)

    def involving(self, centre: Centre) -> InstructorRequestQuerySet:
        return self.filter(Q(instructor__centre=centre) | Q(requesting_centre=centre))

    def approved(self) -> InstructorRequestQuerySet:
        return self.filter(status=InstructorRequestStatus.APPROVED)

    def overlapping(self, start: datetime.date, end: datetime.date) -> InstructorRequestQuerySet:
        return self.filter(start_date__lte=end, end_date__gte=start)

    def for_listing(self) -> InstructorRequestQuerySet:
        return self.select_related("instructor", "instructor__centre", "requesting_centre")


class InstructorRequest(models.Model):
    """Another centre asks to borrow an instructor or team for dates and a place."""

    instructor = models.ForeignKey(
        Instructor, on_delete=models.PROTECT, related_name="requests", verbose_name=_("instructor")
    )
    requesting_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="outgoing_instructor_requests",
        verbose_name=_("requesting centre"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    purpose = models.TextField(
        _("purpose"), help_text=_("The course or exercise, its audience and what you need taught.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstructorRequestStatus.choices,
        default=InstructorRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstructorRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("instructor request")
        verbose_name_plural = _("instructor requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InstructorRequestStatus.values),
                name="instructorrequest_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="instructorrequest_dates",
                violation_error_message=_("The end date is on or after the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["instructor", "status"], name="instructorrequest_offer"),
        ]

    def __str__(self) -> str:
        return gettext("%(centre)s asks for %(instructor)s") % {
            "centre": self.requesting_centre.short_name,
            "instructor": self.instructor,
        }

    def get_absolute_url(self) -> str:
        return reverse("instructor-request-detail", kwargs={"pk": self.pk})


class InstructorRequestEvent(models.Model):
    """One change in an instructor request's life, for its timeline: who did what, when."""

    instructor_request = models.ForeignKey(
        InstructorRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("instructor request"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(
        _("from status"), max_length=20, blank=True, choices=InstructorRequestStatus.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=InstructorRequestStatus.choices
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("instructor request event")
        verbose_name_plural = _("instructor request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return event_caption(self)
