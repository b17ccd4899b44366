"""Writes of named participants: name, correct and remove them, substitute one, purge them.

Each change locks the offering row, then the request row (the order every seat-request service
uses), then counts the people who come against the seats approved, then writes: two members
naming participants at the same moment never name more people than the approved seats.

Names never leave these tables: the timeline and the e-mails to the host say how many were
named, corrected, removed or substituted, and link to the page where the host reads who. So
the retention purge has only these rows to blank, and no mailbox, log or audit keeps a name.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import notifications, workflow
from ..exceptions import DomainError
from ..models import (
    Certificate,
    Offering,
    Participant,
    SeatRequest,
    SeatRequestStatus,
)
from ..models.catalog import today
from ..models.participants import PERSONAL_FIELDS, ParticipantDetails
from ..permissions import may_name_participants
from .validation import validate


def naming_refusal(seat_request: SeatRequest, *, on: datetime.date | None = None) -> str | None:
    """Why the requesting centre cannot change its participants now, or None when it can.

    Shared by the participants page (to explain instead of showing a form) and by the services
    (which enforce it).
    """
    on = on or today()
    offering = seat_request.offering
    if seat_request.status != SeatRequestStatus.APPROVED:
        return _("Participants are named once seats are approved; this request is %(status)s.") % {
            "status": seat_request.get_status_display().lower()
        }
    if offering.is_cancelled:
        return _("This offering has been cancelled.")
    if offering.start_date <= on:
        return _("The offering has started: its participants can no longer be changed.")
    return None


def _lock(seat_request: SeatRequest) -> SeatRequest:
    # Offering first, then the request: the same order as the seat-request services, so a
    # decision and a naming on the same request queue up instead of deadlocking.
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("course__centre")
        .get(pk=seat_request.offering_id)
    )
    locked = (
        SeatRequest.objects.select_for_update(of=("self",))
        .select_related("requesting_centre")
        .get(pk=seat_request.pk)
    )
    locked.offering = offering
    return locked


def _authorize(by: AbstractBaseUser, seat_request: SeatRequest) -> None:
    if not may_name_participants(by, seat_request):
        raise DomainError(_("Only the requesting centre names its participants."))
    refusal = naming_refusal(seat_request)
    if refusal:
        raise DomainError(refusal)


def _record(seat_request: SeatRequest, *, by: AbstractBaseUser, action: str, note: str) -> None:
    # On the request's one timeline, written by the request engine, which also tells the
    # centres' webhooks in the same transaction; the status does not move.
    workflow.seat_requests().record(
        seat_request, by=by, action=action, from_status=seat_request.status, note=note
    )


def _check_capacity(seat_request: SeatRequest) -> None:
    named = seat_request.participants.active().count()
    if named > seat_request.seats_approved:
        raise DomainError(
            ngettext(
                "Your centre has %(seats)d approved seat: name at most %(seats)d participant.",
                "Your centre has %(seats)d approved seats: name at most %(seats)d participants.",
                seat_request.seats_approved,
            )
            % {"seats": seat_request.seats_approved}
        )


def _check_no_duplicate_email(seat_request: SeatRequest, participant: Participant) -> None:
    # One person comes once per offering, whichever centre names them.
    if not participant.email:
        return
    clash = (
        Participant.objects.active()
        .filter(seat_request__offering_id=seat_request.offering_id, email=participant.email)
        .exclude(pk=participant.pk)
        .exists()
    )
    if clash:
        raise DomainError(
            _("%(email)s is already named on this offering.") % {"email": participant.email},
            field="email",
        )


def _save(seat_request: SeatRequest, participant: Participant) -> None:
    validate(participant, validate_unique=False)
    _check_no_duplicate_email(seat_request, participant)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:  # the partial unique index on (request, e-mail)
        raise DomainError(
            _("%(email)s is already named on this request.") % {"email": participant.email},
            field="email",
        ) from error


def _summary(*, added: int, changed: int, removed: int) -> str:
    parts = []
    if added:
        parts.append(
            ngettext("%(n)d participant named", "%(n)d participants named", added) % {"n": added}
        )
    if changed:
        parts.append(ngettext("%(n)d corrected", "%(n)d corrected", changed) % {"n": changed})
    if removed:
        parts.append(ngettext("%(n)d removed", "%(n)d removed", removed) % {"n": removed})
    return ", ".join(parts)


@transaction.atomic
def participants_update(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    add: Sequence[ParticipantDetails] = (),
    change: Mapping[int, ParticipantDetails] | None = None,
    remove: Sequence[int] = (),
) -> SeatRequest:
    """Name new participants (`add`), correct named ones (`change`, by participant id) and
    remove those who no longer come (`remove`, by id), in one change of the request.

    Only the requesting centre, only on an approved request, only until the offering starts;
    never more people than the seats approved. A correction is for the same person (a typo, a
    new post); another person coming instead is `participant_substitute`, which keeps a record.
    The change is one entry on the timeline and one e-mail to the host, neither with names.
    """
    change = dict(change or {})
    seat_request = _lock(seat_request)
    _authorize(by, seat_request)
    active = {p.pk: p for p in seat_request.participants.active()}
    unknown = (set(change) | set(remove)) - set(active)
    if unknown:
        raise DomainError(_("A participant you changed is no longer on this request; look again."))
    now = timezone.now()
    removed = 0
    for pk in dict.fromkeys(remove):
        participant = active.pop(pk)
        participant.removed_at = now
        validate(participant, validate_unique=False)
        participant.save(update_fields=["removed_at", "updated_at"])
        removed += 1
    changed = 0
    for pk, details in change.items():
        if pk not in active:
            continue  # removed in the same change
        participant = active[pk]
        values = details.cleaned()
        if all(getattr(participant, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(participant, name, value)
        _save(seat_request, participant)
        changed += 1
    for details in add:
        _save(
            seat_request,
            Participant(seat_request=seat_request, named_by=by, **details.cleaned()),
        )
    _check_capacity(seat_request)
    added = len(add)
    if not (added or changed or removed):
        return seat_request
    note = _summary(added=added, changed=changed, removed=removed)
    _record(seat_request, by=by, action="participants", note=note)
    notifications.participants_changed(seat_request, added=added, changed=changed, removed=removed)
    return seat_request


@transaction.atomic
def participant_substitute(
    *,
    participant: Participant,
    by: AbstractBaseUser,
    replacement: ParticipantDetails,
) -> Participant:
    """Another person comes instead of `participant`, until the offering starts.

    The participant is kept, marked removed, and the new one records whom it replaces: the
    request keeps who replaced whom. On the timeline and told to the host, without names.
    """
    seat_request = _lock(participant.seat_request)
    _authorize(by, seat_request)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.seat_request_id != seat_request.pk or not participant.is_active:
        raise DomainError(_("This participant is no longer on this request; look again."))
    participant.removed_at = timezone.now()
    validate(participant, validate_unique=False)
    participant.save(update_fields=["removed_at", "updated_at"])
    newcomer = Participant(
        seat_request=seat_request, named_by=by, replaces=participant, **replacement.cleaned()
    )
    _save(seat_request, newcomer)
    _check_capacity(seat_request)
    note = _("1 participant substituted")
    _record(seat_request, by=by, action="substitution", note=note)
    notifications.participants_changed(seat_request, substituted=1)
    return newcomer


def retention_cutoff(months: int, *, on: datetime.date | None = None) -> datetime.date:
    """The last end date whose participants are kept: `months` calendar months before `on`.

    The 31st of a month without one falls back to that month's last day.
    """
    on = on or today()
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    month += 1
    for day in (on.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # every month has a 28th


@transaction.atomic
def participants_purge(*, months: int, on: datetime.date | None = None) -> int:
    """Blank the names, e-mails, ranks and posts of every participant of an offering that ended
    more than `months` months ago; returns how many were purged.

    Gender and service stay, and so do the rows (the reports count them, and attendance and
    certificates hang on them). Their certificates' names go too: the public page of such a
    certificate still vouches for the course, dates and host centre, and says the name is no
    longer kept. Idempotent: purged rows are not touched again. A bulk update
    rather than one `full_clean` a row: blanking cannot break a rule, and a large network's
    yearly purge is thousands of rows.
    """
    if months < 0:
        raise DomainError(_("The retention period cannot be negative."))
    cutoff = retention_cutoff(months, on=on)
    due = Participant.objects.filter(
        Q(purged_at__isnull=True), seat_request__offering__end_date__lt=cutoff
    )
    Certificate.objects.filter(participant__in=due).update(participant_name="")
    return due.update(
        **{name: "" for name in PERSONAL_FIELDS},
        purged_at=timezone.now(),
        updated_at=timezone.now(),
    )
