"""Named participants: who a centre sends on the seats another centre approved for it.

A participant is personal data (a name, an e-mail address, a rank, a post). It is seen only by
the two centres of its seat request and by the network admin (`courses/permissions.py`), and
is blanked `PARTICIPANT_RETENTION_MONTHS` after the offering ends (`purge_participant_data`),
keeping what the reports count (gender and service).

A substitution never overwrites a person: the one who no longer comes is marked removed and the
one who comes instead points at them (`replaces`), so the request keeps a record of who replaced
whom. The one row per person and offering is also where attendance and certificates attach.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class ParticipantDetails:
    """Who a participant is, as the requesting centre gives it."""

    full_name: str
    gender: str
    service: str
    rank: str = ""
    email: str = ""
    position: str = ""

    def cleaned(self) -> dict[str, str]:
        return {
            "full_name": " ".join(self.full_name.split()),
            "gender": self.gender,
            "service": self.service,
            "rank": self.rank.strip(),
            "email": self.email.strip().lower(),
            "position": self.position.strip(),
        }


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Service(models.TextChoices):
    MILITARY = "military", _("Military")
    POLICE = "police", _("Police")
    CIVILIAN = "civilian", _("Civilian")


class Attendance(models.TextChoices):
    """What the host records from the offering's start date on (blank: not recorded yet)."""

    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no-show", _("No-show")


# The fields that identify a person: never in the audit history, blanked by the retention purge.
PERSONAL_FIELDS = ("rank", "full_name", "email", "position")


class ParticipantQuerySet(models.QuerySet):
    def active(self) -> ParticipantQuerySet:
        """The people who come: named and neither removed nor substituted."""
        return self.filter(removed_at__isnull=True)

    def for_roll(self) -> ParticipantQuerySet:
        return self.select_related("seat_request__requesting_centre").order_by(
            "seat_request__requesting_centre__name", "full_name", "pk"
        )


class Participant(models.Model):
    seat_request = models.ForeignKey(
        "courses.SeatRequest",
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("seat request"),
    )
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    # Blank only once purged (see `clean`): the retention purge keeps the row for the counts.
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("Current post.")
    )
    service = models.CharField(_("service"), max_length=10, choices=Service.choices)
    # The person this one came instead of (a substitution); the other is marked removed.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("named by"),
    )
    named_at = models.DateTimeField(_("named"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the person no longer comes: removed, or replaced by another (see `replaced_by`).
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    # Recorded by the host on the roll, from the offering's start date on; blank until then.
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True
    )
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
    )
    # Set by the retention purge, once the personal fields are blanked.
    purged_at = models.DateTimeField(_("purged"), null=True, blank=True)
    # The audit keeps who changed what and when, but never a name: the history is read in the
    # admin and outlives the retention purge, which would otherwise have to rewrite it.
    history = HistoricalRecords(excluded_fields=list(PERSONAL_FIELDS))

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["named_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [
            models.Index(fields=["seat_request", "removed_at"], name="participant_request_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="participant_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(service__in=Service.values), name="participant_service_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendance="") | Q(attendance__in=Attendance.values),
                name="participant_attendance_valid",
            ),
            models.UniqueConstraint(
                fields=["seat_request", "email"],
                condition=Q(removed_at__isnull=True) & ~Q(email=""),
                name="participant_one_email_per_request",
                violation_error_message=_("This person is already named on this request."),
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this string reaches the admin's messages, history and logs.
        return f"{_('Participant')} #{self.pk}"

    def clean(self) -> None:
        if self.purged_at is None and not self.full_name.strip():
            raise ValidationError({"full_name": _("Give the participant's full name.")})

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.rank, self.full_name) if part)


def named_count() -> Coalesce:
    """How many people are named (and still come) on a seat request, for `.annotate()`."""
    named = (
        Participant.objects.active()
        .filter(seat_request=OuterRef("pk"))
        .order_by()
        .values("seat_request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(named, output_field=IntegerField()), 0)


def named_women_count() -> Subquery:
    """Women among a request's named participants, or NULL while nobody is named.

    For `.annotate()` on seat requests: `women_count()` falls back to the number the request
    gave in advance only while no participant is named.
    """
    named = (
        Participant.objects.active()
        .filter(seat_request=OuterRef("pk"))
        .order_by()
        .values("seat_request")
        .annotate(women=Count("pk", filter=Q(gender=Gender.FEMALE)))
        .values("women")
    )
    return Subquery(named, output_field=IntegerField())


def women_count() -> Coalesce:
    """The women of a seat request, for `.annotate()`: its named participants once named,
    otherwise the `women_nominated` it gave in advance. Derived at read time, never stored."""
    return Coalesce(named_women_count(), "women_nominated", output_field=IntegerField())
