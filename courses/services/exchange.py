"""Writes of seat requests: submit, approve (all or fewer seats), waitlist, decline, withdraw,
re-open.

Every change locks the offering row first and the request row second, always in that order,
so two decisions on the same offering queue up instead of both reading the same free seats
(pretix's quota locking). Approved seats are counted after the lock and written in the same
transaction; `Offering.partner_seats_taken` is kept equal to that count, and the database
refuses any value above the partner seats.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..exceptions import DomainError
from ..models import (
    Centre,
    CourseStatus,
    Offering,
    SeatRequest,
    SeatRequestEvent,
    SeatRequestStatus,
)
from ..models.catalog import today
from ..permissions import may_act, may_request_for
from .catalog import refresh_next_start_dates
from .validation import validate
from .webhooks import seat_request_event

S = SeatRequestStatus

# The state machine of a seat request: action -> the statuses it may start from, and where it
# leads. A declined or withdrawn request is closed; only its requester can re-open it (back to
# pending), and the host then decides again.
SEAT_REQUEST_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": ((S.PENDING, S.WAITLISTED), S.APPROVED),
    "waitlist": ((S.PENDING,), S.WAITLISTED),
    "decline": ((S.PENDING, S.WAITLISTED, S.APPROVED), S.DECLINED),
    "withdraw": ((S.PENDING, S.WAITLISTED, S.APPROVED), S.WITHDRAWN),
    "reopen": ((S.DECLINED, S.WITHDRAWN), S.PENDING),
}

_REFUSED_TRANSITION = {
    "approve": "Only a pending or waitlisted request can be approved.",
    "waitlist": "Only a pending request can be put on the waitlist.",
    "decline": "This request is already closed.",
    "withdraw": "This request is already closed.",
    "reopen": "Only a declined or withdrawn request can be re-opened.",
}


class DuplicateSeatRequest(DomainError):
    """The centre already has an open request for the offering; `existing` is that request."""

    def __init__(self, existing: SeatRequest) -> None:
        super().__init__(
            f"Your centre already has an open request for this offering "
            f"(request #{existing.pk}, {existing.get_status_display().lower()}): "
            "change or withdraw that one instead."
        )
        self.existing = existing


def allowed_transitions(seat_request: SeatRequest) -> list[str]:
    """The actions the request's status allows, whoever asks."""
    return [
        action
        for action, (sources, _target) in SEAT_REQUEST_TRANSITIONS.items()
        if seat_request.status in sources
    ]


def offering_refusal(
    *, offering: Offering, centre: Centre | None, on: datetime.date | None = None
) -> str | None:
    """Why `centre` cannot ask for seats on `offering` now, or None when it can.

    Shared by the request page (to explain before the form is filled in) and by
    `seat_request_submit` (which enforces it).
    """
    on = on or today()
    if centre is None:
        return "Only members of a centre can request seats."
    if offering.course.centre_id == centre.pk:
        return "This offering belongs to your own centre: assign its seats directly, no request is needed."
    if not offering.course.centre.is_active:
        return (
            f"{offering.course.centre.short_name} is not active in the network at the moment: "
            "its offerings take no seat requests."
        )
    if offering.is_cancelled:
        return "This offering has been cancelled."
    if offering.course.status != CourseStatus.PUBLISHED:
        return "This course is not in the catalog any more."
    if offering.start_date < on:
        return "This offering has already started."
    if offering.partner_seats == 0:
        return "This offering has no seats open to partner centres."
    if offering.application_deadline < on:
        return f"The application deadline ({offering.application_deadline:%d %b %Y}) has passed."
    return None


def _approved_seats(offering: Offering, *, exclude: SeatRequest | None = None) -> int:
    approved = SeatRequest.objects.filter(offering=offering, status=S.APPROVED)
    if exclude is not None:
        approved = approved.exclude(pk=exclude.pk)
    return approved.aggregate(total=Sum("seats_approved"))["total"] or 0


def _lock(seat_request: SeatRequest) -> tuple[Offering, SeatRequest]:
    # Offering first, then the request: the same order everywhere, so no two services deadlock.
    offering = Offering.objects.select_for_update().get(pk=seat_request.offering_id)
    locked = SeatRequest.objects.select_for_update().get(pk=seat_request.pk)
    locked.offering = offering
    return offering, locked


def _check(by: AbstractBaseUser, seat_request: SeatRequest, action: str) -> None:
    # The views ask the same question first (and answer 404); this keeps the rule when a
    # service is called from elsewhere (admin, commands).
    if not may_act(by, seat_request, action):
        raise DomainError("You cannot take this action on this request.")
    sources, _target = SEAT_REQUEST_TRANSITIONS[action]
    if seat_request.status not in sources:
        raise DomainError(
            f"{_REFUSED_TRANSITION[action]} It is {seat_request.get_status_display().lower()}."
        )


def _record(
    seat_request: SeatRequest,
    *,
    by: AbstractBaseUser | None,
    action: str,
    from_status: str,
    note: str = "",
) -> None:
    SeatRequestEvent.objects.create(
        seat_request=seat_request,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=seat_request.status,
        seats_approved=seat_request.seats_approved,
        note=note,
    )
    seat_request_event(seat_request, action=action)  # the centres' webhooks, same transaction


def _save(seat_request: SeatRequest) -> None:
    validate(seat_request)
    seat_request.save()


def _set_taken(offering: Offering, taken: int) -> None:
    offering.partner_seats_taken = taken
    offering.save(update_fields=["partner_seats_taken", "updated_at"])
    # The "partner seats open" filter reads the course's stored deadline of its open runs.
    refresh_next_start_dates(courses=[offering.course_id])


@transaction.atomic
def seat_request_submit(
    *,
    offering: Offering,
    centre: Centre,
    by: AbstractBaseUser,
    seats_requested: int,
    women_nominated: int = 0,
    participant_profile: str = "",
    message: str = "",
) -> SeatRequest:
    """Ask, for `centre`, for seats on another centre's offering; the host is e-mailed.

    Refused: own centre's offering, an inactive centre's offering, cancelled or started
    offering, deadline passed, more women
    than seats, more seats than the offering opens to partners, and a second open request of
    the same centre (`DuplicateSeatRequest` carries the first one).
    """
    offering = (
        Offering.objects.select_for_update(of=("self",))
        .select_related("course__centre")
        .filter(pk=offering.pk)
        .first()
    )
    if offering is None:
        # Erased by the network admin while the form was being filled in.
        raise DomainError(_("This offering no longer exists."))
    if not may_request_for(by, centre):
        raise DomainError("You can only request seats for your own centre.")
    refusal = offering_refusal(offering=offering, centre=centre)
    if refusal:
        raise DomainError(refusal)
    existing = (
        SeatRequest.objects.open().filter(offering=offering, requesting_centre=centre).first()
    )
    if existing is not None:
        raise DuplicateSeatRequest(existing)
    if seats_requested is not None and seats_requested > offering.partner_seats:
        raise DomainError(
            f"This offering opens {offering.partner_seats} seat(s) to partner centres; "
            "request at most that many.",
            field="seats_requested",
        )
    seat_request = SeatRequest(
        offering=offering,
        requesting_centre=centre,
        requested_by=by,
        seats_requested=seats_requested,
        women_nominated=women_nominated,
        participant_profile=participant_profile.strip(),
        message=message.strip(),
    )
    try:
        # A savepoint, so that losing a race for the one-open-request rule leaves the outer
        # transaction usable and the refusal readable.
        with transaction.atomic():
            _save(seat_request)
    except IntegrityError as error:
        existing = (
            SeatRequest.objects.open().filter(offering=offering, requesting_centre=centre).first()
        )
        if existing is not None:
            raise DuplicateSeatRequest(existing) from error
        raise
    _record(seat_request, by=by, action="submit", from_status="", note=seat_request.message)
    notifications.seat_request_submitted(seat_request)
    return seat_request


@transaction.atomic
def seat_request_approve(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    seats_approved: int | None = None,
    response: str = "",
) -> SeatRequest:
    """Approve all the requested seats, or fewer (`seats_approved`), within the free partner seats.

    The offering row is locked, the seats already approved are counted, and only then is the
    approval written: two approvals at the same moment can never overbook the offering.
    """
    offering, seat_request = _lock(seat_request)
    _check(by, seat_request, "approve")
    if offering.is_cancelled:
        raise DomainError("This offering has been cancelled; its seats cannot be approved.")
    if offering.has_started:
        raise DomainError("This offering has already started.")
    seats = seat_request.seats_requested if seats_approved is None else seats_approved
    if seats < 1 or seats > seat_request.seats_requested:
        raise DomainError(
            f"Approve between 1 and {seat_request.seats_requested} seat(s).", field="seats_approved"
        )
    taken = _approved_seats(offering, exclude=seat_request)
    free = offering.partner_seats - taken
    if seats > free:
        raise DomainError(
            f"Only {max(free, 0)} of the {offering.partner_seats} partner seats are still free; "
            "approve fewer seats, waitlist the request or open more partner seats.",
            field="seats_approved",
        )
    previous = seat_request.status
    seat_request.status = S.APPROVED
    seat_request.seats_approved = seats
    seat_request.response = response.strip()
    seat_request.decided_by = by
    seat_request.decided_at = timezone.now()
    _save(seat_request)
    _set_taken(offering, taken + seats)
    _record(seat_request, by=by, action="approve", from_status=previous, note=seat_request.response)
    notifications.seat_request_changed(seat_request, action="approve")
    return seat_request


def _close_or_park(
    *, seat_request: SeatRequest, by: AbstractBaseUser, action: str, response: str
) -> SeatRequest:
    offering, seat_request = _lock(seat_request)
    _check(by, seat_request, action)
    previous = seat_request.status
    was_approved = previous == S.APPROVED
    seat_request.status = SEAT_REQUEST_TRANSITIONS[action][1]
    seat_request.seats_approved = 0
    if action in ("waitlist", "decline"):
        seat_request.response = response.strip()
        seat_request.decided_by = by
        seat_request.decided_at = timezone.now()
    _save(seat_request)
    if was_approved:
        # Seats are freed: recount under the lock rather than subtract, so the stored figure
        # is exact even if it had drifted.
        _set_taken(offering, _approved_seats(offering))
    _record(seat_request, by=by, action=action, from_status=previous, note=response.strip())
    freed = offering.partner_seats - offering.partner_seats_taken if was_approved else 0
    notifications.seat_request_changed(
        seat_request, action=action, freed_seats=freed, note=response.strip()
    )
    return seat_request


@transaction.atomic
def seat_request_waitlist(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = ""
) -> SeatRequest:
    """Put a pending request on the offering's waitlist (oldest first when seats free up)."""
    return _close_or_park(seat_request=seat_request, by=by, action="waitlist", response=response)


@transaction.atomic
def seat_request_decline(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = ""
) -> SeatRequest:
    """Decline a pending, waitlisted or approved request; approved seats are freed."""
    return _close_or_park(seat_request=seat_request, by=by, action="decline", response=response)


@transaction.atomic
def seat_request_withdraw(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = ""
) -> SeatRequest:
    """The requesting centre withdraws its request; approved seats are freed for the waitlist."""
    return _close_or_park(seat_request=seat_request, by=by, action="withdraw", response=response)


@transaction.atomic
def seat_request_reopen(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = ""
) -> SeatRequest:
    """The requesting centre re-opens a declined or withdrawn request: it is pending again.

    Refused when the offering no longer takes requests or the centre has opened another request
    for it meanwhile.
    """
    offering, seat_request = _lock(seat_request)
    _check(by, seat_request, "reopen")
    offering = Offering.objects.select_related("course__centre").get(pk=offering.pk)
    refusal = offering_refusal(offering=offering, centre=seat_request.requesting_centre)
    if refusal:
        raise DomainError(refusal)
    existing = (
        SeatRequest.objects.open()
        .filter(offering=offering, requesting_centre_id=seat_request.requesting_centre_id)
        .first()
    )
    if existing is not None:
        raise DuplicateSeatRequest(existing)
    previous = seat_request.status
    seat_request.status = S.PENDING
    seat_request.seats_approved = 0
    seat_request.decided_by = None
    seat_request.decided_at = None
    _save(seat_request)
    _record(seat_request, by=by, action="reopen", from_status=previous, note=response.strip())
    notifications.seat_request_changed(seat_request, action="reopen", note=response.strip())
    return seat_request


# One entry per value of the decision form's `action` field.
SEAT_REQUEST_ACTIONS = {
    "approve": seat_request_approve,
    "waitlist": seat_request_waitlist,
    "decline": seat_request_decline,
    "withdraw": seat_request_withdraw,
    "reopen": seat_request_reopen,
}


@transaction.atomic
def seat_request_act(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    action: str,
    response: str = "",
    seats_approved: int | None = None,
) -> SeatRequest:
    """Take one of the decision form's actions on a request (see SEAT_REQUEST_ACTIONS)."""
    if action not in SEAT_REQUEST_ACTIONS:
        raise DomainError("Unknown action.", field="action")
    if action == "approve":
        return seat_request_approve(
            seat_request=seat_request, by=by, seats_approved=seats_approved, response=response
        )
    return SEAT_REQUEST_ACTIONS[action](seat_request=seat_request, by=by, response=response)
