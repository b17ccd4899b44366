"""Attendance on the roll: the host records, from the offering's start date on, who attended,
who completed and who did not come, one by one or all at once.

Each change locks the offering, then the participants' rows, then reads their certificates, and
only then checks and writes: a completed participant who holds a valid certificate keeps that
attendance until the host revokes the certificate (`certificate_revoke`), and marking someone
completed issues their certificate in the same transaction. Every change is on the participant's
audit history (django-simple-history) with the member who made it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import Attendance, Certificate, Offering, Participant, SeatRequestStatus
from ..models.catalog import today
from ..permissions import may_record_attendance
from .authorization import authorize
from .certificates import certificate_issue
from .validation import validate


def recording_refusal(offering: Offering, *, on: datetime.date | None = None) -> str | None:
    """Why the host cannot record attendance on `offering` now, or None when it can.

    Shared by the roll (to explain instead of showing the form) and the service (which enforces
    it).
    """
    on = on or today()
    if offering.is_cancelled:
        return _("This offering has been cancelled.")
    if offering.start_date > on:
        return _("Attendance is recorded from the offering's start date on (%(date)s).") % {
            "date": formats.date_format(offering.start_date, "DATE_FORMAT")
        }
    return None


def roll_participants(offering: Offering):
    """The people on the offering's roll: every active participant of its approved requests."""
    return Participant.objects.active().filter(
        seat_request__offering=offering, seat_request__status=SeatRequestStatus.APPROVED
    )


@transaction.atomic
def attendance_record(
    *,
    offering: Offering,
    by: AbstractBaseUser | None,
    changes: Mapping[int, str],
    seen: Mapping[int, str] | None = None,
) -> list[Participant]:
    """Record the attendance of the roll's participants: `changes` maps a participant id to
    `attended`, `completed`, `no-show` or "" (not recorded); returns the participants changed.

    `seen` is what the page showed for each participant: if someone else changed one since, the
    whole change is refused (look again) rather than overwriting theirs. Marking a participant
    completed issues their certificate; changing a completed participant who holds a valid
    certificate is refused until it is revoked. Nothing is written when anything is refused.
    """
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("course__centre")
        .get(pk=offering.pk)
    )
    authorize(
        by,
        may_record_attendance,
        offering,
        message=_("Only the host centre records attendance."),
    )
    refusal = recording_refusal(offering)
    if refusal:
        raise DomainError(refusal)
    allowed = {"", *Attendance.values}
    if any(value not in allowed for value in changes.values()):
        raise DomainError(_("Choose attended, completed, no-show or not recorded."))
    participants = {
        p.pk: p
        for p in roll_participants(offering)
        .filter(pk__in=list(changes))
        .select_for_update(of=("self",))
        .order_by("pk")
    }
    if set(changes) - set(participants):
        raise DomainError(_("A participant you changed is no longer on the roll; look again."))
    certified = set(
        Certificate.objects.valid()
        .filter(participant_id__in=list(participants))
        .values_list("participant_id", flat=True)
    )
    now = timezone.now()
    changed: list[Participant] = []
    for pk in sorted(changes):
        participant, value = participants[pk], changes[pk]
        if seen is not None and pk in seen and seen[pk] != participant.attendance:
            raise DomainError(
                _("Someone recorded attendance on this roll since you opened it; look again.")
            )
        if value == participant.attendance:
            continue
        if pk in certified:
            raise DomainError(
                _("%(name)s holds a valid certificate: revoke it before changing their attendance.")
                % {"name": participant.display_name or _("A participant")}
            )
        participant.attendance = value
        participant.attendance_recorded_at = now
        participant.attendance_recorded_by = by
        # The audit history's "changed by" (outside a request, simple-history knows nobody).
        participant._history_user = by
        validate(participant, validate_unique=False)
        participant.save(
            update_fields=[
                "attendance",
                "attendance_recorded_at",
                "attendance_recorded_by",
                "updated_at",
            ]
        )
        if value == Attendance.COMPLETED:
            certificate_issue(participant=participant, offering=offering, by=by)
        changed.append(participant)
    return changed
