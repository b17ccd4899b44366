"""Demo evaluations and after-action reports on last year's offerings.

Runs after the other parts and works on whatever past rolls they left: the participants of
approved requests on offerings that ended in the past year. When there are none (the demo's
own participants are all on coming offerings), it first names a few people on the first past
offerings with approved requests, with the rules' day set back to a week before each start
(`as_of`), as the history part does for requests.

Then, through the services and with mail muted: each ended offering's participants are invited
(`evaluation_invitations_create`), and answer with their tokens: everyone on most offerings, but
only two on one, so the host's page shows the anonymity rule ("results show from 3 answers").
The host of the best-answered offering writes an after-action report, shared with the network.
Idempotent: once any invitation exists, it does nothing. Deterministic: `context.random`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from ..exceptions import DomainError
from ..models import (
    EvaluationInvitation,
    Offering,
    Participant,
    ResourceVisibility,
    SeatRequest,
    SeatRequestStatus,
)
from ..models.catalog import as_of
from ..notifications import muted
from ..services import (
    EvaluationScores,
    ParticipantDetails,
    after_action_report_save,
    evaluation_answer_submit,
    participants_update,
)
from ..services.evaluations import evaluation_invitations_create
from .participants import PEOPLE

if TYPE_CHECKING:
    from . import SeedContext

# How many past offerings get rolls when the demo has none, and the most people on each.
NAMED_OFFERINGS = 4
KEEP = (
    "The tabletop exercise on protecting civilians in a camp.",
    "Mixed syndicates of military, police and civilians.",
    "The instructors' own mission experience.",
    "",
)
CHANGE = (
    "More time for the field exercise, less for lectures.",
    "Send the reading list before the course.",
    "",
    "",
)
AFTER_ACTION = (
    "Participants rated the field exercise highest; the second week's lectures were too long.\n\n"
    "Next run: send the reading list four weeks ahead, move the protection-of-civilians "
    "exercise to day three, and invite a civilian component trainer for the last two days."
)


def _past_offerings(context: SeedContext):
    return (
        Offering.objects.scheduled()
        .filter(
            end_date__lt=context.today,
            end_date__gte=context.today - datetime.timedelta(days=366),
        )
        .select_related("course__centre")
        .order_by("start_date", "pk")
    )


def _name_people(context: SeedContext) -> int:
    """Name a few people on past approved requests when no past roll exists."""
    past = _past_offerings(context)
    if Participant.objects.filter(seat_request__offering__in=past).exists():
        return 0
    requests = (
        SeatRequest.objects.filter(status=SeatRequestStatus.APPROVED, offering__in=past)
        .select_related("offering", "requesting_centre")
        .order_by("offering__start_date", "pk")
    )
    people = iter(PEOPLE * 8)
    named = 0
    offerings: set[int] = set()
    for seat_request in requests:
        if seat_request.offering_id not in offerings and len(offerings) >= NAMED_OFFERINGS:
            continue
        namer = context.trainer(seat_request.requesting_centre.slug)
        if namer is None:
            continue
        add = []
        for rank, name, gender, service, position in (
            next(people) for _ in range(seat_request.seats_approved)
        ):
            email = f"{name.lower().replace(' ', '.')}.{seat_request.pk}@example.org"
            add.append(
                ParticipantDetails(
                    full_name=name,
                    gender=gender,
                    service=service,
                    rank=rank,
                    email=email,
                    position=position,
                )
            )
        try:
            with as_of(seat_request.offering.start_date - datetime.timedelta(days=7)):
                participants_update(seat_request=seat_request, by=namer, add=add)
        except DomainError:
            continue  # a rule of that day refused it: fewer names
        offerings.add(seat_request.offering_id)
        named += len(add)
    return named


def seed(context: SeedContext) -> None:
    """The evaluations part of `seed_demo` (see courses.demo.PARTS)."""
    if EvaluationInvitation.objects.exists():
        return
    rng = context.random("evaluations")
    with muted():
        context.count("past participant", _name_people(context))
        invited = answered = 0
        best: tuple[int, Offering] | None = None
        few_done = False
        for offering in _past_offerings(context):
            day_after = offering.end_date + datetime.timedelta(days=1)
            with as_of(day_after):
                created = evaluation_invitations_create(offering=offering)
            if not created:
                continue
            invited += len(created)
            # One offering with three or more invited keeps only two answers: the host's page
            # then shows the count and the anonymity rule instead of figures.
            answering = created
            if not few_done and len(created) >= 3:
                answering = created[:2]
                few_done = True
            for _invitation, token in answering:
                base = rng.randint(3, 5)
                scores = EvaluationScores(
                    relevance=base,
                    content=max(1, min(5, base + rng.choice((-1, 0, 0, 1)))),
                    instructors=max(1, min(5, base + rng.choice((0, 0, 1)))),
                    organisation=max(1, min(5, base + rng.choice((-2, -1, 0)))),
                    keep=rng.choice(KEEP),
                    change=rng.choice(CHANGE),
                )
                with as_of(day_after + datetime.timedelta(days=2)):
                    evaluation_answer_submit(token=token, scores=scores)
                answered += 1
            if len(answering) >= 3 and (best is None or len(answering) > best[0]):
                best = (len(answering), offering)
        context.count("evaluation invitation", invited)
        context.count("evaluation answer", answered)
        if best is not None:
            offering = best[1]
            host = context.trainer(offering.course.centre.slug)
            with as_of(offering.end_date + datetime.timedelta(days=5)):
                after_action_report_save(
                    offering=offering,
                    by=host,
                    text=AFTER_ACTION,
                    visibility=ResourceVisibility.NETWORK,
                )
            context.count("after-action report")
