"""Demo participants: the requesting centres name people on some of their approved seats.

Runs after the seat requests. Made through `participants_update` (the same rules as the site),
mail muted; idempotent: once any participant exists, it does nothing. Names are invented.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import notifications
from ..exceptions import DomainError
from ..models import Participant, SeatRequest, SeatRequestStatus
from ..services.participants import ParticipantDetails, naming_refusal, participants_update

if TYPE_CHECKING:
    from . import SeedContext

PEOPLE = (
    ("Capt.", "Nguyen Thi Hoa", "female", "military", "Staff officer, engineering brigade"),
    ("Maj.", "Ahmad Faizal bin Osman", "male", "military", "Company commander"),
    ("Insp.", "Dewi Lestari", "female", "police", "Formed police unit planner"),
    ("Lt Col", "Somchai Boonmee", "male", "military", "Battalion executive officer"),
    ("", "Maria Santos", "female", "civilian", "Peacekeeping desk officer"),
    ("Capt.", "Sok Dara", "male", "military", "Demining team leader"),
    ("Maj.", "Aye Myat Thu", "female", "military", "Military observer candidate"),
    ("Pol. Capt.", "Kittisak Wongsa", "male", "police", "Police adviser"),
)


def seed(context: SeedContext) -> None:
    """The participants part of `seed_demo` (see courses.demo.PARTS)."""
    if Participant.objects.exists():
        return
    approved = (
        SeatRequest.objects.filter(status=SeatRequestStatus.APPROVED)
        .select_related("offering__course__centre", "requesting_centre")
        .order_by("offering__start_date", "pk")
    )
    rng = context.random("participants")
    made = 0
    people = iter(PEOPLE * 4)
    with notifications.muted():
        for seat_request in approved:
            if naming_refusal(seat_request) or made >= 20:
                continue
            namer = context.trainer(seat_request.requesting_centre.slug)
            if namer is None:
                continue
            # Some centres have named everyone, some only part: both states show on the pages.
            count = rng.randint(1, seat_request.seats_approved)
            add = []
            for rank, name, gender, service, position in (next(people) for _ in range(count)):
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
                participants_update(seat_request=seat_request, by=namer, add=add)
            except DomainError:
                continue  # a rule of the day refused it: the demo simply has fewer names
            made += count
    context.count("participant", made)
