"""Notices of the instructor exchange: a request reaches the lending centre, each move the
other side of the request.

Queued in the outbox inside the service's transaction: a rolled-back request mails nobody, and
a mail server that fails delays the notice, never the request or the decision.
"""

from __future__ import annotations

from django.conf import settings

from ..models import InstructorRequest
from .outbox import enqueue_email
from .recipients import centre_audience

HOST_SIDE = "host"


def _link(instructor_request: InstructorRequest) -> str:
    return f"{settings.SITE_URL}{instructor_request.get_absolute_url()}"


def instructor_request_submitted(instructor_request: InstructorRequest) -> None:
    """Tell the lending centre that another centre asks to borrow one of its instructors."""
    instructor = instructor_request.instructor
    enqueue_email(
        topic="instructor_request_submitted",
        template="instructor_request_submitted",
        context={
            "instructor_request": instructor_request,
            "instructor": instructor,
            "asker": instructor_request.requesting_centre,
            "link": _link(instructor_request),
        },
        recipients=centre_audience(instructor.centre),
    )


def instructor_request_changed(
    instructor_request: InstructorRequest, *, move: str, side: str, note: str = ""
) -> None:
    """Tell the other side of the request what one side did (approved, declined, cancelled,
    withdrawn), each recipient in their own language."""
    instructor = instructor_request.instructor
    told = instructor_request.requesting_centre if side == HOST_SIDE else instructor.centre
    enqueue_email(
        topic="instructor_request_changed",
        template="instructor_request_changed",
        context={
            "instructor_request": instructor_request,
            "instructor": instructor,
            "move": move,
            "actor": instructor.centre
            if side == HOST_SIDE
            else instructor_request.requesting_centre,
            "note": note,
            "link": _link(instructor_request),
        },
        recipients=centre_audience(told),
    )
