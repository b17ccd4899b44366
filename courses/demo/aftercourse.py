"""Last year's courses after they ran: named participants, attendance and certificates.

Runs after last year's exchange (`courses.demo.history`), whose past offerings have approved
requests. For each of them, the requesting centre names its people (with the rules' day set to a
week before the start, `as_of`, since names are given until the offering starts); the host then
records attendance on the last day, through the same services as the roll: most completed (and
got their certificate), some only attended, a few did not come. One certificate is revoked, with
its reason, so the public page shows both states. Names are invented, in the network's scripts
(Vietnamese and Thai among them). Idempotent: once any certificate exists, it does nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from ..exceptions import DomainError
from ..models import Attendance, Certificate, Offering, SeatRequestStatus
from ..models.catalog import as_of
from ..notifications import muted
from ..services import attendance_record, certificate_revoke, participants_update
from ..services.attendance import roll_participants
from ..services.participants import ParticipantDetails

if TYPE_CHECKING:
    from . import SeedContext

PEOPLE = (
    ("Đại úy", "Nguyễn Thị Hồng Nhung", "female", "military", "Staff officer, Level-2 hospital"),
    ("ร.อ.", "สมศรี ใจดี", "female", "military", "Military observer"),
    ("Maj.", "Trần Văn Đức", "male", "military", "Engineering company commander"),
    ("พ.ต.ท.", "ประยุทธ์ ศรีสุข", "male", "police", "Formed police unit officer"),
    ("Insp.", "Siti Nurhaliza binti Ahmad", "female", "police", "Community policing adviser"),
    ("Capt.", "Lê Minh Tuấn", "male", "military", "Logistics officer"),
    ("", "Maria Cristina Reyes", "female", "civilian", "Gender adviser"),
    ("Lt", "Chan Sophea", "female", "military", "Medical officer"),
    ("น.ท.", "วิชัย ทองดี", "male", "military", "Staff officer, plans"),
    ("Capt.", "Rizky Pratama", "male", "military", "Protection of civilians officer"),
    ("Maj.", "Phạm Thu Hà", "female", "military", "Liaison officer"),
    ("", "กาญจนา วงศ์สวัสดิ์", "female", "civilian", "Civil affairs officer"),
)
MAX_OFFERINGS = 8
REVOKE_REASON = "Issued in error: the participant left the course on its second day."


def seed(context: SeedContext) -> None:
    """The after-the-course part of `seed_demo` (see courses.demo.PARTS)."""
    if Certificate.objects.exists():
        return
    past = (
        Offering.objects.filter(
            end_date__lt=context.today,
            start_date__gte=context.today - datetime.timedelta(days=366),
            seat_requests__status=SeatRequestStatus.APPROVED,
        )
        .select_related("course__centre")
        .distinct()
        .order_by("start_date", "pk")[:MAX_OFFERINGS]
    )
    rng = context.random("aftercourse")
    before = Certificate.objects.count()
    people = iter(PEOPLE * (MAX_OFFERINGS * 2))
    named = recorded = 0
    with muted():
        for offering in past:
            host = context.trainer(offering.course.centre.slug)
            if host is None:
                continue
            requests = offering.seat_requests.filter(status=SeatRequestStatus.APPROVED)
            for seat_request in requests.select_related("requesting_centre").order_by("pk"):
                namer = context.trainer(seat_request.requesting_centre.slug)
                if namer is None or seat_request.participants.exists():
                    continue
                add = []
                for rank, name, gender, service, position in (
                    next(people) for _ in range(seat_request.seats_approved)
                ):
                    email = f"participant.{len(add) + 1}.{seat_request.pk}@example.org"
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
                    with as_of(offering.start_date - datetime.timedelta(days=7)):
                        participants_update(seat_request=seat_request, by=namer, add=add)
                except DomainError:
                    continue
                named += len(add)
            roll = list(roll_participants(offering).order_by("pk"))
            if not roll:
                continue
            outcomes = {}
            for participant in roll:
                draw = rng.random()
                outcomes[participant.pk] = (
                    Attendance.COMPLETED
                    if draw < 0.75
                    else Attendance.ATTENDED
                    if draw < 0.9
                    else Attendance.NO_SHOW
                )
            with as_of(offering.end_date):
                changed = attendance_record(offering=offering, by=host, changes=outcomes)
            recorded += len(changed)
        issued = Certificate.objects.select_related("participant__seat_request__offering")
        first = issued.order_by("issued_at", "pk").first()
        if first is not None:
            host = context.trainer(first.participant.seat_request.offering.course.centre.slug)
            certificate_revoke(certificate=first, by=host, reason=REVOKE_REASON)
    context.count("past participant", named)
    context.count("attendance record", recorded)
    context.count("certificate", Certificate.objects.count() - before)
