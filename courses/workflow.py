"""The one request engine: seat requests and resource access requests (and the requests to come)
move through the same machine.

A `Workflow` names, for one kind of request, its states and allowed moves (`Move`), who may make
each move (it asks courses/permissions.py), how the thing is locked, its timeline (one event
table per kind of request, written only here) and the notices sent when it moves. The services
of each kind (courses/services/exchange.py, courses/services/library.py) keep what is theirs —
counting seats, granting files — and hand every change of state to `Workflow.move`, which:

1. locks the thing (and what its capacity depends on) in the kind's own order;
2. checks that `by` may make the move (a move of the system, such as a promotion from the
   waitlist, has no `by` and only the engine's own callers make it);
3. refuses a decision taken on a stale view: the form carried the id of the last event it was
   shown (`Workflow.seen`), and if the thing moved since, nothing changes and the message says
   what happened, by whom and when;
4. checks that the current status allows the move;
5. lets the service change the fields it owns, validates, saves, writes the timeline event and
   queues the notice — all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import DomainError
from .people import person_name
from .services.validation import validate

User = AbstractBaseUser | AnonymousUser

# The sides of a request. The host (or owner) answers; the requester asks, changes its ask or
# takes it back; the system moves things on its own (a promotion from the waitlist).
HOST = "host"
REQUESTER = "requester"
SYSTEM = "system"


@dataclass(frozen=True)
class Move:
    """One allowed move: from which statuses, to which (None: the status stays), by which side.

    `event` is the word written on the timeline (kept as the existing timelines spell it);
    `destructive` moves give something up and ask for confirmation on the pages.
    """

    name: str
    sources: tuple[str, ...]
    target: str | None
    side: str
    label: Any
    event: str = ""
    destructive: Callable[[Any], bool] = field(default=lambda thing: False)

    @property
    def event_word(self) -> str:
        return self.event or self.name


class StaleDecision(DomainError):
    """The thing moved since the deciding page was shown: nothing was changed."""


@dataclass
class Workflow:
    """The moves of one kind of request and how the engine reaches its parts.

    `lock(thing)` returns the thing re-read under `select_for_update` (and locks what it
    depends on first); `may(user, thing, side)` asks the permission policy whether the user
    speaks for `side`; `notify(thing, move, note, extra)` queues the notice of a move;
    `event_values(thing)` adds the kind's own columns to a timeline event.
    """

    name: str
    model: type[models.Model]
    event_model: type[models.Model]
    event_fk: str
    moves: dict[str, Move]
    lock: Callable[[Any], Any]
    may: Callable[[User, Any, str], bool]
    notify: Callable[..., None]
    event_values: Callable[[Any], dict[str, Any]] = field(default=lambda thing: {})
    # Timeline words that are the thing being created (its first event).
    created_words: tuple[str, ...] = ("submit",)
    # Why the status refuses a move, and why a user may not make it, in the kind's words.
    refusal: Callable[[Any, Move], str] | None = None
    denied: Callable[[Move], str] | None = None
    # Told of every timeline entry, in the same transaction: the centres' webhooks.
    published: Callable[..., Any] | None = None

    # --- reading ------------------------------------------------------------------------------

    def allowed(self, thing: Any) -> list[str]:
        """The moves the thing's status allows, whoever asks (system moves left out)."""
        return [
            name
            for name, move in self.moves.items()
            if move.side != SYSTEM and thing.status in move.sources
        ]

    def may_move(self, user: User, thing: Any, name: str) -> bool:
        """Whether the user's side may make the move at all, whatever the status."""
        move = self.moves.get(name)
        return move is not None and move.side != SYSTEM and self.may(user, thing, move.side)

    def actions_for(self, user: User, thing: Any) -> list[str]:
        """The moves the user may make on the thing now: its side's, allowed from its status."""
        return [name for name in self.allowed(thing) if self.may_move(user, thing, name)]

    def events(self, thing: Any) -> models.QuerySet:
        return self.event_model.objects.filter(**{self.event_fk: thing})

    def _decisive(self, thing: Any) -> models.QuerySet:
        # The events that change what a decision is about: the moves and the creation. Other
        # entries on the same timeline (e.g. participants named) do not make a decision stale.
        words = {move.event_word for move in self.moves.values()} | set(self.created_words)
        return self.events(thing).filter(action__in=words)

    def last_event(self, thing: Any) -> Any | None:
        return self._decisive(thing).select_related("actor").order_by("-pk").first()

    def seen(self, thing: Any) -> str:
        """The token a deciding form carries: the id of the last move it was shown."""
        event = self._decisive(thing).order_by("-pk").values_list("pk", flat=True).first()
        return str(event or 0)

    # --- writing ------------------------------------------------------------------------------

    def record(
        self,
        thing: Any,
        *,
        by: AbstractBaseUser | None,
        action: str,
        from_status: str,
        note: str = "",
    ) -> Any:
        """Write one entry on the thing's timeline (the engine's callers only), and tell the
        centres' webhooks in the same transaction."""
        event = self.event_model.objects.create(
            **{self.event_fk: thing},
            actor=by,
            action=action,
            from_status=from_status,
            to_status=thing.status,
            note=note,
            **self.event_values(thing),
        )
        if self.published is not None:
            self.published(thing, action=action)
        return event

    def stale_message(self, thing: Any) -> str:
        """ "This request was approved by … at …; look again": what happened last, and by whom."""
        event = self.last_event(thing)
        if event is None:
            return _("This request changed since you opened it; look again before you decide.")
        who = person_name(event.actor) or _("the system")
        when = formats.date_format(timezone.localtime(event.created_at), "DATETIME_FORMAT")
        return _(
            "This request was %(what)s by %(who)s at %(when)s; look again before you decide."
        ) % {"what": self.describe(event), "who": who, "when": when}

    def describe(self, event: Any) -> str:
        """A timeline event in a few words, for messages ("approved", "changed")."""
        for move in self.moves.values():
            if move.event_word == event.action:
                return str(EVENT_WORDS.get(move.event_word, move.event_word))
        return str(EVENT_WORDS.get(event.action, event.action))

    def move(
        self,
        thing: Any,
        name: str,
        *,
        by: AbstractBaseUser | None,
        note: str = "",
        seen: str | None = None,
        change: Callable[[Any], None] | None = None,
        notify: bool = True,
        extra: dict[str, Any] | None = None,
    ) -> Any:
        """Make the move `name` on `thing`, as described in the module's docstring.

        `change(locked)` sets the fields the kind's service owns (it runs under the lock and
        may raise DomainError, which leaves everything unchanged). `by=None` is the system
        itself and may make only SYSTEM moves. Returns the locked, saved thing.
        """
        move = self.moves[name]
        with transaction.atomic():
            locked = self.lock(thing)
            if move.side == SYSTEM:
                if by is not None:
                    raise DomainError(_("Only the system makes this change."))
            elif by is None or not self.may(by, locked, move.side):
                raise DomainError(
                    self.denied(move)
                    if self.denied
                    else _("You cannot take this action on this request.")
                )
            if seen is not None and str(seen) != self.seen(locked):
                raise StaleDecision(self.stale_message(locked))
            if locked.status not in move.sources:
                # The status says why; the last move says what happened meanwhile.
                why = self.refusal(locked, move) if self.refusal else ""
                raise StaleDecision(f"{why} {self.stale_message(locked)}".strip())
            previous = locked.status
            if change is not None:
                change(locked)
            if move.target is not None:
                locked.status = move.target
            validate(locked)
            locked.save()
            self.record(locked, by=by, action=move.event_word, from_status=previous, note=note)
            if notify:
                self.notify(locked, move=move, note=note, **(extra or {}))
        return locked


# The words of the timelines and of the "this request was … by …" messages.
EVENT_WORDS: dict[str, Any] = {
    "submit": gettext_lazy("sent"),
    "approve": gettext_lazy("approved"),
    "waitlist": gettext_lazy("waitlisted"),
    "decline": gettext_lazy("declined"),
    "withdraw": gettext_lazy("withdrawn"),
    "reopen": gettext_lazy("re-opened"),
    "adjust": gettext_lazy("changed (approved seats)"),
    "ask-more": gettext_lazy("changed (more seats asked for)"),
    "promote": gettext_lazy("promoted from the waitlist"),
    "requested": gettext_lazy("sent"),
    "granted": gettext_lazy("granted"),
    "refused": gettext_lazy("refused"),
    "withdrawn": gettext_lazy("withdrawn"),
    "cancel": gettext_lazy("cancelled"),
}


# --- Seat requests ------------------------------------------------------------------------------


def _seat_request_workflow() -> Workflow:
    from . import notifications
    from .models import Offering, SeatRequest, SeatRequestEvent
    from .models import SeatRequestStatus as S
    from .permissions import may_decide, may_withdraw
    from .services.webhooks import seat_request_event

    def lock(seat_request: SeatRequest) -> SeatRequest:
        # Offering first, then the request: the same order everywhere, so no two services
        # deadlock, and every change of approved seats queues behind the offering's lock.
        offering = Offering.objects.select_for_update().get(pk=seat_request.offering_id)
        locked = SeatRequest.objects.select_for_update().get(pk=seat_request.pk)
        locked.offering = offering
        return locked

    def may(user: User, seat_request: SeatRequest, side: str) -> bool:
        if side == HOST:
            return may_decide(user, seat_request)
        return may_withdraw(user, seat_request)

    def notify(seat_request: SeatRequest, *, move: Move, note: str, **extra: Any) -> None:
        if move.name == "promote":
            notifications.seat_request_promoted(seat_request)
        elif move.name in ("adjust", "ask-more"):
            notifications.seat_request_seats_changed(
                seat_request, action=move.name, note=note, **extra
            )
        else:
            notifications.seat_request_changed(seat_request, action=move.name, note=note, **extra)

    def approved_given_up(seat_request: SeatRequest) -> bool:
        return seat_request.status == S.APPROVED

    moves = [
        Move("approve", (S.PENDING, S.WAITLISTED), S.APPROVED, HOST, gettext_lazy("Approve")),
        Move("adjust", (S.APPROVED,), None, HOST, gettext_lazy("Change the approved seats")),
        Move("waitlist", (S.PENDING,), S.WAITLISTED, HOST, gettext_lazy("Waitlist")),
        Move(
            "decline",
            (S.PENDING, S.WAITLISTED, S.APPROVED),
            S.DECLINED,
            HOST,
            gettext_lazy("Decline"),
            destructive=approved_given_up,
        ),
        Move(
            "ask-more",
            (S.PENDING, S.WAITLISTED, S.APPROVED),
            None,
            REQUESTER,
            gettext_lazy("Ask for more seats"),
        ),
        Move(
            "withdraw",
            (S.PENDING, S.WAITLISTED, S.APPROVED),
            S.WITHDRAWN,
            REQUESTER,
            gettext_lazy("Withdraw"),
            destructive=lambda seat_request: True,
        ),
        Move("reopen", (S.DECLINED, S.WITHDRAWN), S.PENDING, REQUESTER, gettext_lazy("Re-open")),
        Move("promote", (S.WAITLISTED,), S.APPROVED, SYSTEM, gettext_lazy("Promote")),
    ]
    refused = {
        "approve": gettext_lazy("Only a pending or waitlisted request can be approved."),
        "adjust": gettext_lazy("Only an approved request can have its approved seats changed."),
        "waitlist": gettext_lazy("Only a pending request can be put on the waitlist."),
        "decline": gettext_lazy("This request is already closed."),
        "ask-more": gettext_lazy("This request is closed; re-open it to ask again."),
        "withdraw": gettext_lazy("This request is already closed."),
        "reopen": gettext_lazy("Only a declined or withdrawn request can be re-opened."),
        "promote": gettext_lazy("Only a waitlisted request can be promoted."),
    }
    return Workflow(
        name="seat-request",
        refusal=lambda seat_request, move: str(refused[move.name]),
        model=SeatRequest,
        event_model=SeatRequestEvent,
        event_fk="seat_request",
        moves={move.name: move for move in moves},
        lock=lock,
        may=may,
        notify=notify,
        event_values=lambda seat_request: {"seats_approved": seat_request.seats_approved},
        published=seat_request_event,
        created_words=("submit", "offering-cancelled"),
    )


# --- Resource access requests ------------------------------------------------------------------


def _access_request_workflow() -> Workflow:
    from .models import AccessRequestStatus as A
    from .models import ResourceAccessRequest, ResourceAccessRequestEvent
    from .notifications.library import (
        notify_access_decided,
        notify_access_withdrawn,
    )
    from .permissions import can_decide_access_request, can_withdraw_access_request
    from .services.webhooks import access_request_event

    def lock(access_request: ResourceAccessRequest) -> ResourceAccessRequest:
        # Only the request row is locked (not the resource, centres or users joined for the
        # mail): a decision and a withdrawal of the same request queue up, and the second sees
        # the first.
        return (
            ResourceAccessRequest.objects.select_for_update(of=("self",))
            .select_related("resource__owner_centre", "requesting_centre", "requested_by")
            .get(pk=access_request.pk)
        )

    def may(user: User, access_request: ResourceAccessRequest, side: str) -> bool:
        if side == HOST:
            return can_decide_access_request(user, access_request)
        return can_withdraw_access_request(user, access_request)

    def notify(access_request: ResourceAccessRequest, *, move: Move, note: str) -> None:
        if move.name == "withdraw":
            notify_access_withdrawn(access_request, note=note)
        else:
            notify_access_decided(access_request)

    moves = [
        Move("grant", (A.PENDING,), A.GRANTED, HOST, gettext_lazy("Grant"), event="granted"),
        Move("refuse", (A.PENDING,), A.REFUSED, HOST, gettext_lazy("Refuse"), event="refused"),
        Move(
            "withdraw",
            (A.PENDING,),
            A.WITHDRAWN,
            REQUESTER,
            gettext_lazy("Withdraw"),
            event="withdrawn",
            destructive=lambda access_request: True,
        ),
    ]

    def refusal(access_request: ResourceAccessRequest, move: Move) -> str:
        status = access_request.get_status_display().lower()
        if move.name != "withdraw":
            return _("This request has been %(status)s already.") % {"status": status}
        if access_request.status == A.WITHDRAWN:
            return _("This request has been withdrawn already.")
        return _(
            "This request has been %(status)s already; only a pending request can be withdrawn."
        ) % {"status": status}

    def denied(move: Move) -> str:
        if move.side == HOST:
            return _("Only members of the owner centre can answer this request.")
        return _("Only members of the requesting centre can withdraw this request.")

    return Workflow(
        name="access-request",
        refusal=refusal,
        denied=denied,
        model=ResourceAccessRequest,
        event_model=ResourceAccessRequestEvent,
        event_fk="access_request",
        moves={move.name: move for move in moves},
        lock=lock,
        may=may,
        notify=notify,
        created_words=("requested",),
        published=access_request_event,
    )


# --- Instructor requests -----------------------------------------------------------------------


def _instructor_request_workflow() -> Workflow:
    from .models import Instructor, InstructorRequest, InstructorRequestEvent
    from .models import InstructorRequestStatus as R
    from .notifications.instructors import instructor_request_changed
    from .permissions import may_answer_instructor_request, may_withdraw_instructor_request
    from .services.webhooks import instructor_request_event

    def lock(instructor_request: InstructorRequest) -> InstructorRequest:
        # The offer first, then the request: an instructor cannot be in two places at once, so
        # every approval of the same offer queues behind its lock and sees the one before.
        instructor = Instructor.objects.select_for_update().get(pk=instructor_request.instructor_id)
        locked = (
            InstructorRequest.objects.select_for_update(of=("self",))
            .select_related("requesting_centre", "requested_by")
            .get(pk=instructor_request.pk)
        )
        locked.instructor = instructor
        return locked

    def may(user: User, instructor_request: InstructorRequest, side: str) -> bool:
        if side == HOST:
            return may_answer_instructor_request(user, instructor_request)
        return may_withdraw_instructor_request(user, instructor_request)

    def notify(instructor_request: InstructorRequest, *, move: Move, note: str) -> None:
        instructor_request_changed(instructor_request, move=move.name, side=move.side, note=note)

    moves = [
        Move("approve", (R.PENDING,), R.APPROVED, HOST, gettext_lazy("Approve")),
        Move("decline", (R.PENDING,), R.DECLINED, HOST, gettext_lazy("Decline")),
        Move(
            "cancel",
            (R.APPROVED,),
            R.CANCELLED,
            HOST,
            gettext_lazy("Cancel the loan"),
            destructive=lambda instructor_request: True,
        ),
        Move(
            "withdraw",
            (R.PENDING, R.APPROVED),
            R.WITHDRAWN,
            REQUESTER,
            gettext_lazy("Withdraw"),
            destructive=lambda instructor_request: True,
        ),
    ]
    refused = {
        "approve": gettext_lazy("Only a pending request can be approved."),
        "decline": gettext_lazy("Only a pending request can be declined."),
        "cancel": gettext_lazy("Only an approved loan can be cancelled."),
        "withdraw": gettext_lazy("This request is already closed."),
    }

    def denied(move: Move) -> str:
        if move.side == HOST:
            return _("Only members of the lending centre can answer this request.")
        return _("Only members of the requesting centre can withdraw this request.")

    return Workflow(
        name="instructor-request",
        refusal=lambda instructor_request, move: str(refused[move.name]),
        denied=denied,
        model=InstructorRequest,
        event_model=InstructorRequestEvent,
        event_fk="instructor_request",
        moves={move.name: move for move in moves},
        lock=lock,
        may=may,
        notify=notify,
        published=instructor_request_event,
    )


_workflows: dict[str, Workflow] = {}


def seat_requests() -> Workflow:
    """The workflow of seat requests (built on first use: it reaches models and notices)."""
    if "seat-request" not in _workflows:
        _workflows["seat-request"] = _seat_request_workflow()
    return _workflows["seat-request"]


def access_requests() -> Workflow:
    """The workflow of resource access requests."""
    if "access-request" not in _workflows:
        _workflows["access-request"] = _access_request_workflow()
    return _workflows["access-request"]


def instructor_requests() -> Workflow:
    """The workflow of requests to borrow an instructor or a mobile training team."""
    if "instructor-request" not in _workflows:
        _workflows["instructor-request"] = _instructor_request_workflow()
    return _workflows["instructor-request"]
