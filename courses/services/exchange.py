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
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import notifications, workflow
from ..exceptions import DomainError
from ..models import (
    Centre,
    CourseStatus,
    Offering,
    SeatQuota,
    SeatRequest,
    SeatRequestStatus,
)
from ..models.catalog import as_of, network_today, today
from ..permissions import may_hold_seats, may_request_for
from .catalog import refresh_next_start_dates
from .validation import validate
from .waitlist import (
    _approved_by_centre,
    _approved_seats,
    free_seats_for,
    held_for_others,
    quotas_active,
)
from .waitlist import promote_waitlist as _promote_waitlist

S = SeatRequestStatus

# The moves of a seat request (approve, adjust, waitlist, decline, ask-more, withdraw, reopen,
# and the system's promote), who may make them, the timeline and the notices are the request
# engine's (courses/workflow.py); this module keeps what is the exchange's own: counting seats
# under the offering's lock, held seats, and the waitlist that moves.


class DuplicateSeatRequest(DomainError):
    """The centre already has an open request for the offering; `existing` is that request."""

    def __init__(self, existing: SeatRequest) -> None:
        super().__init__(
            _(
                "Your centre already has an open request for this offering "
                "(request #%(pk)s, %(status)s): change or withdraw that one instead."
            )
            % {"pk": existing.pk, "status": existing.get_status_display().lower()}
        )
        self.existing = existing


def allowed_transitions(seat_request: SeatRequest) -> list[str]:
    """The actions the request's status allows, whoever asks (the request engine's moves)."""
    return workflow.seat_requests().allowed(seat_request)


def named_participants(seat_request: SeatRequest) -> int:
    """How many participants the requesting centre has named on the request (0 while the
    product does not name them)."""
    participants = getattr(seat_request, "participants", None)
    if participants is None:
        return 0
    # Those removed or substituted no longer come.
    active = participants.active() if hasattr(participants, "active") else participants.all()
    return active.count()


def _too_many(offering: Offering) -> str:
    return ngettext(
        "This offering opens %(seats)d seat to partner centres; request at most that many.",
        "This offering opens %(seats)d seats to partner centres; request at most that many.",
        offering.partner_seats,
    ) % {"seats": offering.partner_seats}


def offering_refusal(
    *, offering: Offering, centre: Centre | None, on: datetime.date | None = None
) -> str | None:
    """Why `centre` cannot ask for seats on `offering` now, or None when it can.

    Shared by the request page (to explain before the form is filled in) and by
    `seat_request_submit` (which enforces it).
    """
    on = on or today()
    if centre is None:
        return _("Only members of a centre can request seats.")
    if offering.course.centre_id == centre.pk:
        return _(
            "This offering belongs to your own centre: assign its seats directly, no request is needed."
        )
    if not offering.course.centre.is_active:
        return _(
            "%(centre)s is not active in the network at the moment: its offerings take no seat "
            "requests."
        ) % {"centre": offering.course.centre.short_name}
    if offering.is_cancelled:
        return _("This offering has been cancelled.")
    if offering.course.status != CourseStatus.PUBLISHED:
        return _("This course is not in the catalog any more.")
    if offering.start_date < on:
        return _("This offering has already started.")
    if offering.partner_seats == 0:
        return _("This offering has no seats open to partner centres.")
    if offering.application_deadline < on:
        return _("The application deadline (%(date)s) has passed.") % {
            "date": date_format(offering.application_deadline)
        }
    return None


def _not_enough_seats(
    offering: Offering, *, free: int, centre_id: int, holding: int = 0
) -> DomainError:
    """The refusal of more seats than are free for the centre. Raising a request's approved
    seats, it holds `holding` of them already, and `free` counts those too."""
    held = held_for_others(offering, centre_id=centre_id)
    if holding:
        more = max(free - holding, 0)
        message = ngettext(
            "Only %(more)d more of the %(total)d partner seats is free for this centre beyond "
            "the %(holding)d approved",
            "Only %(more)d more of the %(total)d partner seats are free for this centre beyond "
            "the %(holding)d approved",
            more,
        ) % {"more": more, "total": offering.partner_seats, "holding": holding}
        suffix = _("; keep the approved seats as they are or open more partner seats.")
    else:
        message = ngettext(
            "Only %(free)d of the %(total)d partner seats is still free for this centre",
            "Only %(free)d of the %(total)d partner seats are still free for this centre",
            free,
        ) % {"free": free, "total": offering.partner_seats}
        suffix = _("; approve fewer seats, waitlist the request or open more partner seats.")
    if held:
        message += ngettext(
            " (%(held)d seat is held for other partner centres until %(date)s)",
            " (%(held)d seats are held for other partner centres until %(date)s)",
            held,
        ) % {"held": held, "date": date_format(offering.quota_release_date)}
    return DomainError(message + suffix, field="seats_approved")


def _set_taken(offering: Offering, taken: int | None = None) -> None:
    if taken is None:
        taken = _approved_seats(offering)
    offering.partner_seats_taken = taken
    offering.save(update_fields=["partner_seats_taken", "updated_at"])
    # The "partner seats open" filter reads the course's stored deadline of its open runs.
    refresh_next_start_dates(courses=[offering.course_id])


def _engine():
    return workflow.seat_requests()


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
        raise DomainError(_("You can only request seats for your own centre."))
    refusal = offering_refusal(offering=offering, centre=centre)
    if refusal:
        raise DomainError(refusal)
    existing = (
        SeatRequest.objects.open().filter(offering=offering, requesting_centre=centre).first()
    )
    if existing is not None:
        raise DuplicateSeatRequest(existing)
    if seats_requested is not None and seats_requested > offering.partner_seats:
        raise DomainError(_too_many(offering), field="seats_requested")
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
    workflow.seat_requests().record(
        seat_request, by=by, action="submit", from_status="", note=seat_request.message
    )
    notifications.seat_request_submitted(seat_request)
    return seat_request


def _save(seat_request: SeatRequest) -> None:
    validate(seat_request)
    seat_request.save()


@transaction.atomic
def seat_request_approve(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    seats_approved: int | None = None,
    response: str = "",
    seen: str | None = None,
) -> SeatRequest:
    """Approve all the requested seats, or fewer (`seats_approved`), within the free partner seats.

    The offering row is locked, the seats already approved are counted, and only then is the
    approval written: two approvals at the same moment can never overbook the offering. Seats
    held for other partner centres (before the offering's quota release date) are not free.
    `seen` is the state the deciding page showed; a request that moved since is refused.
    """

    def approve(locked: SeatRequest) -> None:
        offering = locked.offering
        if offering.is_cancelled:
            raise DomainError(_("This offering has been cancelled; its seats cannot be approved."))
        if offering.has_started:
            raise DomainError(_("This offering has already started."))
        seats = locked.seats_requested if seats_approved is None else seats_approved
        if seats < 1 or seats > locked.seats_requested:
            raise DomainError(
                ngettext(
                    "Approve between 1 and %(max)d seat.",
                    "Approve between 1 and %(max)d seats.",
                    locked.seats_requested,
                )
                % {"max": locked.seats_requested},
                field="seats_approved",
            )
        free = free_seats_for(offering, centre_id=locked.requesting_centre_id, exclude=locked)
        if seats > free:
            raise _not_enough_seats(offering, free=free, centre_id=locked.requesting_centre_id)
        locked.seats_approved = seats
        locked.response = response.strip()
        locked.decided_by = by
        locked.decided_at = timezone.now()

    seat_request = _engine().move(
        seat_request, "approve", by=by, note=response.strip(), seen=seen, change=approve
    )
    _set_taken(seat_request.offering)
    return seat_request


@transaction.atomic
def seat_request_adjust(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    seats_approved: int,
    response: str = "",
    seen: str | None = None,
) -> SeatRequest:
    """The host raises or lowers the seats approved on an approved request (1 to the seats
    requested), under the offering's lock. Raising takes only free seats; lowering frees seats
    and moves the waitlist. Never below the participants already named.
    """
    previous: dict[str, int] = {}

    def adjust(locked: SeatRequest) -> None:
        offering = locked.offering
        if offering.is_cancelled or offering.has_started:
            raise DomainError(
                _("This offering has been cancelled or has started; its seats stay as they are.")
            )
        if seats_approved is None or seats_approved < 1 or seats_approved > locked.seats_requested:
            raise DomainError(
                ngettext(
                    "Approve between 1 and %(max)d seat (to give every seat back, decline).",
                    "Approve between 1 and %(max)d seats (to give every seat back, decline).",
                    locked.seats_requested,
                )
                % {"max": locked.seats_requested},
                field="seats_approved",
            )
        if seats_approved == locked.seats_approved:
            raise DomainError(
                _("%(seats)d seats are approved already; nothing to change.")
                % {"seats": seats_approved},
                field="seats_approved",
            )
        named = named_participants(locked)
        if seats_approved < named:
            raise DomainError(
                ngettext(
                    "%(named)d participant is named on this request; approve at least that many "
                    "seats, or ask the requesting centre to remove names first.",
                    "%(named)d participants are named on this request; approve at least that many "
                    "seats, or ask the requesting centre to remove names first.",
                    named,
                )
                % {"named": named},
                field="seats_approved",
            )
        if seats_approved > locked.seats_approved:
            free = free_seats_for(offering, centre_id=locked.requesting_centre_id, exclude=locked)
            if seats_approved > free:
                raise _not_enough_seats(
                    offering,
                    free=free,
                    centre_id=locked.requesting_centre_id,
                    holding=locked.seats_approved,
                )
        previous["seats"] = locked.seats_approved
        locked.seats_approved = seats_approved
        locked.response = response.strip() or locked.response
        locked.decided_by = by
        locked.decided_at = timezone.now()

    seat_request = _engine().move(
        seat_request,
        "adjust",
        by=by,
        note=response.strip(),
        seen=seen,
        change=adjust,
        extra={"previous": previous},
    )
    offering = seat_request.offering
    _set_taken(offering)
    if seat_request.seats_approved < previous["seats"]:
        promote_waitlist(offering=offering)
    return seat_request


@transaction.atomic
def seat_request_ask_more(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    seats_requested: int,
    women_nominated: int | None = None,
    note: str = "",
    seen: str | None = None,
) -> SeatRequest:
    """The requesting centre asks for more seats on the same request; seats approved so far
    stay approved (a partial approval), and the host is told to decide on the rest."""
    previous: dict[str, int] = {}

    def ask(locked: SeatRequest) -> None:
        offering = locked.offering
        refusal = offering_refusal(
            offering=Offering.objects.select_related("course__centre").get(pk=offering.pk),
            centre=locked.requesting_centre,
        )
        if refusal:
            raise DomainError(refusal)
        if seats_requested is None or seats_requested <= locked.seats_requested:
            raise DomainError(
                ngettext(
                    "This request asks for %(seats)d seat already; ask for more than that.",
                    "This request asks for %(seats)d seats already; ask for more than that.",
                    locked.seats_requested,
                )
                % {"seats": locked.seats_requested},
                field="seats_requested",
            )
        if seats_requested > offering.partner_seats:
            raise DomainError(_too_many(offering), field="seats_requested")
        previous["seats"] = locked.seats_requested
        locked.seats_requested = seats_requested
        if women_nominated is not None:
            locked.women_nominated = women_nominated

    return _engine().move(
        seat_request,
        "ask-more",
        by=by,
        note=note.strip(),
        seen=seen,
        change=ask,
        extra={"previous": previous},
    )


def _give_up(
    *,
    seat_request: SeatRequest,
    by: AbstractBaseUser,
    action: str,
    response: str,
    seen: str | None,
) -> SeatRequest:
    """Waitlist, decline or withdraw: any approved seats are freed and the waitlist moves."""
    was: dict[str, object] = {}

    def give_up(locked: SeatRequest) -> None:
        was["approved"] = locked.status == S.APPROVED
        locked.seats_approved = 0
        if action in ("waitlist", "decline"):
            locked.response = response.strip()
            locked.decided_by = by
            locked.decided_at = timezone.now()

    # The notice says how many seats were freed, which is known once the move is written.
    seat_request = _engine().move(
        seat_request,
        action,
        by=by,
        note=response.strip(),
        seen=seen,
        change=give_up,
        notify=False,
    )
    offering = seat_request.offering
    free_now = 0
    if was["approved"]:
        _set_taken(offering)
        free_now = offering.partner_seats - offering.partner_seats_taken
    _engine().notify(
        seat_request, move=_engine().moves[action], note=response.strip(), freed_seats=free_now
    )
    if was["approved"]:
        promote_waitlist(offering=offering)
    return seat_request


@transaction.atomic
def seat_request_waitlist(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = "", seen: str | None = None
) -> SeatRequest:
    """Put a pending request on the offering's waitlist: it is promoted, oldest first, when
    seats free up."""
    return _give_up(
        seat_request=seat_request, by=by, action="waitlist", response=response, seen=seen
    )


@transaction.atomic
def seat_request_decline(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = "", seen: str | None = None
) -> SeatRequest:
    """Decline a pending, waitlisted or approved request; approved seats are freed and go to
    the waitlist."""
    return _give_up(
        seat_request=seat_request, by=by, action="decline", response=response, seen=seen
    )


@transaction.atomic
def seat_request_withdraw(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = "", seen: str | None = None
) -> SeatRequest:
    """The requesting centre withdraws its request; approved seats are freed for the waitlist."""
    return _give_up(
        seat_request=seat_request, by=by, action="withdraw", response=response, seen=seen
    )


@transaction.atomic
def seat_request_reopen(
    *, seat_request: SeatRequest, by: AbstractBaseUser, response: str = "", seen: str | None = None
) -> SeatRequest:
    """The requesting centre re-opens a declined or withdrawn request: it is pending again.

    Refused when the offering no longer takes requests or the centre has opened another request
    for it meanwhile.
    """

    def reopen(locked: SeatRequest) -> None:
        offering = Offering.objects.select_related("course__centre").get(pk=locked.offering_id)
        refusal = offering_refusal(offering=offering, centre=locked.requesting_centre)
        if refusal:
            raise DomainError(refusal)
        existing = (
            SeatRequest.objects.open()
            .filter(offering=offering, requesting_centre_id=locked.requesting_centre_id)
            .first()
        )
        if existing is not None:
            raise DuplicateSeatRequest(existing)
        locked.seats_approved = 0
        locked.decided_by = None
        locked.decided_at = None

    return _engine().move(
        seat_request, "reopen", by=by, note=response.strip(), seen=seen, change=reopen
    )


# --- The waitlist moves -------------------------------------------------------------------------


def promote_waitlist(*, offering: Offering) -> list[SeatRequest]:
    """Move the offering's waitlist on (`courses.services.waitlist.promote_waitlist`, same lock
    contract) and refresh what the catalog stores of the offering's open seats."""
    promoted = _promote_waitlist(offering=offering)
    if promoted:
        refresh_next_start_dates(courses=[offering.course_id])
    return promoted


@transaction.atomic
def waitlist_promote(
    *, offering: Offering, by: AbstractBaseUser | None = None
) -> list[SeatRequest]:
    """Lock the offering and move its waitlist on (see `promote_waitlist`); on demand from the
    host's pages (`by`, a member of the host centre) or from the daily job (`by=None`)."""
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    if by is not None and not may_hold_seats(by, offering):
        raise DomainError(_("Only members of the host centre can move its waitlist."))
    return promote_waitlist(offering=offering)


def held_seats_release(*, on: datetime.date | None = None) -> int:
    """The daily release: on and after each offering's quota release date, seats held and not
    claimed join the pool and the waitlist moves. Idempotent: a second run promotes nobody new
    unless seats freed up meanwhile. Each offering in its own transaction, so one refusal
    never holds up the others. Returns how many requests were promoted."""
    on = on or today()
    offerings = (
        Offering.objects.scheduled()
        .filter(
            start_date__gt=on,
            seat_requests__status=S.WAITLISTED,
        )
        .filter(Q(quota_release_date__isnull=True) | Q(quota_release_date__lte=on))
        .distinct()
        .values_list("pk", flat=True)
    )
    promoted = 0
    for pk in list(offerings):
        with as_of(on):
            promoted += len(waitlist_promote(offering=Offering(pk=pk)))
    return promoted


# --- Held seats ---------------------------------------------------------------------------------


@transaction.atomic
def offering_quotas_set(
    *,
    offering: Offering,
    by: AbstractBaseUser,
    quota_release_date: datetime.date | None,
    quotas: Mapping[int, int],
) -> Offering:
    """Hold partner seats of `offering` for named partner centres (`quotas`: centre id → seats;
    0 removes a hold) until `quota_release_date`.

    Under the offering's lock: the held seats never exceed the partner seats, a hold is never
    below what that centre has approved already, and a centre may not hold seats on its own
    offering. Fewer held seats free seats for the waitlist, which moves at once.
    """
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    offering = Offering.objects.select_related("course__centre").get(pk=offering.pk)
    if not may_hold_seats(by, offering):
        raise DomainError(_("Only members of the host centre can hold its seats."))
    if offering.is_cancelled:
        raise DomainError(_("This offering has been cancelled."))
    wanted = {int(centre_id): int(seats) for centre_id, seats in quotas.items() if seats}
    if any(seats < 0 for seats in wanted.values()):
        raise DomainError(_("Held seats cannot be negative."), field="quotas")
    if offering.course.centre_id in wanted:
        raise DomainError(
            _("Seats are held for partner centres; your own centre needs no hold."), field="quotas"
        )
    total = sum(wanted.values())
    if total > offering.partner_seats:
        raise DomainError(
            ngettext(
                "You hold %(held)d seats, but the offering opens only %(total)d partner seat.",
                "You hold %(held)d seats, but the offering opens only %(total)d partner seats.",
                offering.partner_seats,
            )
            % {"held": total, "total": offering.partner_seats},
            field="quotas",
        )
    if wanted and quota_release_date is None:
        raise DomainError(
            _("Say until when the seats are held (the release date)."), field="quota_release_date"
        )
    if quota_release_date is not None and quota_release_date > offering.start_date:
        raise DomainError(
            _("Held seats are released on or before the offering starts (%(start)s).")
            % {"start": date_format(offering.start_date)},
            field="quota_release_date",
        )
    centres = {c.pk: c for c in Centre.objects.filter(pk__in=wanted)}
    missing = set(wanted) - set(centres)
    if missing:
        raise DomainError(_("Choose partner centres of the network."), field="quotas")
    offering.quota_release_date = quota_release_date
    validate(offering)
    offering.save(update_fields=["quota_release_date", "updated_at"])
    SeatQuota.objects.filter(offering=offering).exclude(centre_id__in=wanted).delete()
    for centre_id, seats in wanted.items():
        quota = SeatQuota.objects.filter(offering=offering, centre_id=centre_id).first()
        quota = quota or SeatQuota(offering=offering, centre_id=centre_id)
        quota.seats = seats
        validate(quota)
        quota.save()
    # Fewer held seats (or an earlier release) may have freed seats for the waitlist.
    promote_waitlist(offering=offering)
    return offering


@transaction.atomic
def held_seats_release_now(*, offering: Offering, by: AbstractBaseUser) -> list[SeatRequest]:
    """The host releases its held seats today instead of waiting for the release date: the
    release date becomes today, unclaimed held seats join the pool and the waitlist moves."""
    locked = Offering.objects.select_for_update().get(pk=offering.pk)
    locked = Offering.objects.select_related("course__centre").get(pk=locked.pk)
    if not may_hold_seats(by, locked):
        raise DomainError(_("Only members of the host centre can release its held seats."))
    # The earlier of the host's day and the network's: a host whose day has begun before the
    # network's would otherwise keep the seats held for another hour for everyone else.
    on = min(today(), network_today())
    if locked.quota_release_date is None or locked.quota_release_date > on:
        locked.quota_release_date = on
        locked.save(update_fields=["quota_release_date", "updated_at"])
    return promote_waitlist(offering=locked)


def seat_board(offering: Offering) -> dict[str, object]:
    """What the host's held-seats page shows: per partner centre the seats held and claimed,
    the pool still free for any centre, and whether the holds are still in force."""
    approved = _approved_by_centre(offering)
    active = quotas_active(offering)
    rows = []
    for quota in SeatQuota.objects.filter(offering=offering).select_related("centre"):
        claimed = min(approved.get(quota.centre_id, 0), quota.seats)
        rows.append({"quota": quota, "claimed": claimed, "unclaimed": quota.seats - claimed})
    held = sum(row["unclaimed"] for row in rows) if active else 0
    taken = sum(approved.values())
    return {
        "rows": rows,
        "active": active,
        "taken": taken,
        "held_unclaimed": held,
        "pool": max(offering.partner_seats - taken - held, 0),
    }


# One entry per value of the decision form's `action` field.
SEAT_REQUEST_ACTIONS = {
    "approve": seat_request_approve,
    "adjust": seat_request_adjust,
    "waitlist": seat_request_waitlist,
    "decline": seat_request_decline,
    "ask-more": seat_request_ask_more,
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
    seats_requested: int | None = None,
    seen: str | None = None,
) -> SeatRequest:
    """Take one of the decision form's actions on a request (see SEAT_REQUEST_ACTIONS)."""
    if action not in SEAT_REQUEST_ACTIONS:
        raise DomainError(_("Unknown action."), field="action")
    if action == "approve":
        return seat_request_approve(
            seat_request=seat_request,
            by=by,
            seats_approved=seats_approved,
            response=response,
            seen=seen,
        )
    if action == "adjust":
        return seat_request_adjust(
            seat_request=seat_request,
            by=by,
            seats_approved=seats_approved,
            response=response,
            seen=seen,
        )
    if action == "ask-more":
        return seat_request_ask_more(
            seat_request=seat_request,
            by=by,
            seats_requested=seats_requested,
            note=response,
            seen=seen,
        )
    return SEAT_REQUEST_ACTIONS[action](
        seat_request=seat_request, by=by, response=response, seen=seen
    )
