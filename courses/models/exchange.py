"""Seat requests: one centre asks for seats on another centre's offering."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from .catalog import Offering
from .centres import Centre
from .timeline import event_caption


class SeatRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A centre has at most one open request per offering: open means it may still turn into seats.
OPEN_SEAT_REQUEST_STATUSES = (
    SeatRequestStatus.PENDING,
    SeatRequestStatus.APPROVED,
    SeatRequestStatus.WAITLISTED,
)


class SeatRequestQuerySet(models.QuerySet):
    def open(self) -> SeatRequestQuerySet:
        return self.filter(status__in=OPEN_SEAT_REQUEST_STATUSES)

    def incoming_for(self, centre: Centre) -> SeatRequestQuerySet:
        """Requests addressed to `centre`: on offerings of its courses."""
        return self.filter(offering__course__centre=centre)

    def outgoing_for(self, centre: Centre) -> SeatRequestQuerySet:
        return self.filter(requesting_centre=centre)

    def involving(self, centre: Centre) -> SeatRequestQuerySet:
        return self.filter(Q(offering__course__centre=centre) | Q(requesting_centre=centre))

    def with_women_count(self) -> SeatRequestQuerySet:
        """Annotate `women_count`: the named women once participants are named, else the
        number given in advance (see `participants.women_count`)."""
        from .participants import women_count

        return self.annotate(women_count=women_count())

    def with_named_count(self) -> SeatRequestQuerySet:
        """Annotate `named_count`: the participants named (and still coming) on each request."""
        from .participants import named_count

        return self.annotate(named_count=named_count())

    def for_listing(self) -> SeatRequestQuerySet:
        return self.select_related(
            "offering",
            "offering__course",
            "offering__course__centre",
            "requesting_centre",
            "requested_by",
        )


class SeatRequest(models.Model):
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="seat_requests", verbose_name=_("offering")
    )
    requesting_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="outgoing_seat_requests",
        verbose_name=_("requesting centre"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    seats_requested = models.PositiveIntegerField(
        _("seats requested"), validators=[MinValueValidator(1)]
    )
    women_nominated = models.PositiveIntegerField(
        _("of which women"), default=0, help_text=_("How many of the participants are women.")
    )
    participant_profile = models.TextField(
        _("participant profile"),
        blank=True,
        help_text=_("Ranks and roles of the participants, e.g. 2 captains, 1 major."),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SeatRequestStatus.choices,
        default=SeatRequestStatus.PENDING,
    )
    seats_approved = models.PositiveIntegerField(_("seats approved"), default=0)
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
    history = HistoricalRecords()

    objects = SeatRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat request")
        verbose_name_plural = _("seat requests")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["offering", "status"], name="seatrequest_offering_status"),
            models.Index(fields=["requesting_centre", "status"], name="seatrequest_centre_status"),
            models.Index(fields=["status", "created_at"], name="seatrequest_status_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_requested__gte=1),
                name="seatrequest_at_least_one_seat",
                violation_error_message=_("Request at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(women_nominated__gte=0) & Q(women_nominated__lte=F("seats_requested")),
                name="seatrequest_women_within_seats",
                violation_error_message=_("The number of women cannot exceed the seats requested."),
            ),
            models.CheckConstraint(
                condition=Q(seats_approved__gte=0) & Q(seats_approved__lte=F("seats_requested")),
                name="seatrequest_approved_within_requested",
                violation_error_message=_("Approved seats cannot exceed the seats requested."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatRequestStatus.values),
                name="seatrequest_status_valid",
            ),
            models.UniqueConstraint(
                fields=["offering", "requesting_centre"],
                condition=Q(status__in=OPEN_SEAT_REQUEST_STATUSES),
                name="seatrequest_one_open_per_centre_and_offering",
                violation_error_message=_(
                    "Your centre already has an open request for this offering."
                ),
            ),
        ]

    def __str__(self) -> str:
        return ngettext(
            "%(centre)s: %(count)d seat on %(offering)s",
            "%(centre)s: %(count)d seats on %(offering)s",
            self.seats_requested,
        ) % {
            "centre": self.requesting_centre.short_name,
            "count": self.seats_requested,
            "offering": self.offering,
        }

    def get_absolute_url(self) -> str:
        return reverse("request-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if (
            self.seats_requested is not None
            and self.women_nominated is not None
            and self.women_nominated > self.seats_requested
        ):
            raise ValidationError(
                {"women_nominated": _("The number of women cannot exceed the seats requested.")}
            )

    @property
    def host_centre(self) -> Centre:
        return self.offering.course.centre

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SEAT_REQUEST_STATUSES


class SeatRequestEvent(models.Model):
    """One change in a seat request's life, for its timeline: who did what, when."""

    seat_request = models.ForeignKey(
        SeatRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("seat request")
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
        _("from status"), max_length=20, blank=True, choices=SeatRequestStatus.choices
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=SeatRequestStatus.choices)
    seats_approved = models.PositiveIntegerField(_("seats approved"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seat request event")
        verbose_name_plural = _("seat request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return event_caption(self)


class SeatQuota(models.Model):
    """Partner seats of an offering held for one partner centre until the offering's
    `quota_release_date`: before it, other centres' approvals cannot take them."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("offering")
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="seat_quotas", verbose_name=_("centre")
    )
    seats = models.PositiveIntegerField(_("seats held"), validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("held seats")
        verbose_name_plural = _("held seats")
        ordering = ["offering", "centre__short_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "centre"],
                name="seatquota_one_per_centre_and_offering",
                violation_error_message=_("Seats are held for this centre once per offering."),
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="seatquota_at_least_one_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.centre.short_name}: {self.seats} on {self.offering}"
