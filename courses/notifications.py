"""E-mails to the other side of a seat request, sent once the change is committed.

Recipients of a centre: its contact address plus the e-mail of every active member (trainers
and centre admins), because the person who answers a request is not always the one who
reads the centre's shared mailbox. Duplicates and blanks are dropped.

A message is sent only after the transaction that made the change has committed (so nobody
is told about a decision that was rolled back), and a failed send is logged, never raised: the
decision stands whether or not the mail server answers.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from .models import Centre, Offering, SeatRequest

logger = logging.getLogger(__name__)


def centre_recipients(centre: Centre) -> list[str]:
    """The addresses that speak for `centre`: its contact e-mail and its active members'."""
    members = (
        get_user_model()
        .objects.filter(membership__centre=centre, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    addresses = [centre.contact_email, *members]
    return sorted({address.strip().lower() for address in addresses if address and address.strip()})


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        ).send(fail_silently=False)
    except Exception:  # any transport failure: the change is committed and must stand
        logger.exception("Could not send %r to %s", subject, ", ".join(recipients))


_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Queue no e-mail inside this block (demo data: the changes are real, the news is not)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def send_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue one e-mail to be sent when the current transaction commits (now if none)."""
    if _muted.get():
        return
    recipients = list(recipients)
    if not recipients:
        logger.warning("No recipient for %r; nothing sent", subject)
        return
    transaction.on_commit(lambda: _send(subject, body, recipients))


def _link(seat_request: SeatRequest) -> str:
    return f"{settings.SITE_URL}{seat_request.get_absolute_url()}"


def _offering_line(offering: Offering) -> str:
    return (
        f"{offering.course.title}, {offering.start_date:%d %b %Y} to {offering.end_date:%d %b %Y}, "
        f"{offering.city} ({offering.course.centre.short_name})"
    )


def _signature() -> str:
    return "\n\n-- \nAPCN Training Catalog\n"


def seat_request_submitted(seat_request: SeatRequest) -> None:
    """Tell the host centre that another centre asks for seats on its offering."""
    offering = seat_request.offering
    requester = seat_request.requesting_centre
    subject = (
        f"[APCN] Seat request from {requester.short_name}: "
        f"{seat_request.seats_requested} seat(s) on {offering.course.title}"
    )
    lines = [
        f"{requester.name} asks for {seat_request.seats_requested} seat(s) "
        f"({seat_request.women_nominated} women) on:",
        _offering_line(offering),
        "",
    ]
    if seat_request.participant_profile:
        lines += ["Participants:", seat_request.participant_profile, ""]
    if seat_request.message:
        lines += ["Message:", seat_request.message, ""]
    lines += ["Approve, waitlist or decline it here:", _link(seat_request)]
    send_after_commit(
        subject, "\n".join(lines) + _signature(), centre_recipients(offering.course.centre)
    )


_DECISION_WORDS = {
    "approve": "approved",
    "waitlist": "waitlisted",
    "decline": "declined",
    "withdraw": "withdrawn",
    "reopen": "re-opened",
}


def seat_request_changed(
    seat_request: SeatRequest, *, action: str, freed_seats: int = 0, note: str = ""
) -> None:
    """Tell the other side of the request what changed: the host's decisions go to the
    requesting centre, the requester's withdrawals and re-openings to the host."""
    offering = seat_request.offering
    host = offering.course.centre
    requester = seat_request.requesting_centre
    by_host = action in ("approve", "waitlist", "decline")
    word = _DECISION_WORDS.get(action, action)
    subject = f"[APCN] Seat request {word}: {offering.course.title} ({requester.short_name})"
    lines = []
    if action == "approve":
        lines.append(
            f"{host.name} approved {seat_request.seats_approved} of the "
            f"{seat_request.seats_requested} seat(s) {requester.short_name} requested on:"
        )
    elif action == "waitlist":
        lines.append(
            f"{host.name} put the request of {requester.short_name} on the waitlist for seats on:"
        )
    elif action == "decline":
        lines.append(f"{host.name} declined the request of {requester.short_name} for seats on:")
    elif action == "withdraw":
        lines.append(f"{requester.name} withdrew its request for seats on:")
    else:
        lines.append(f"{requester.name} re-opened its request for seats on:")
    lines += [_offering_line(offering), ""]
    if action == "withdraw" and freed_seats:
        lines += [
            f"{freed_seats} partner seat(s) are free now. Requests on the waitlist, oldest "
            f"first, can be approved from {settings.SITE_URL}/requests/",
            "",
        ]
    if note and not by_host:
        lines += [f"Note from {requester.short_name}:", note, ""]
    if seat_request.response and by_host:
        lines += ["Answer:", seat_request.response, ""]
    lines += ["The request and its timeline:", _link(seat_request)]
    recipients = centre_recipients(requester if by_host else host)
    send_after_commit(subject, "\n".join(lines) + _signature(), recipients)


def offering_cancelled(offering: Offering, seat_requests: Iterable[SeatRequest]) -> None:
    """Tell each centre that holds or awaits seats on `offering` that it is cancelled."""
    for seat_request in seat_requests:
        subject = (
            f"[APCN] Offering cancelled: {offering.course.title} ({offering.start_date:%d %b %Y})"
        )
        held = (
            f"the {seat_request.seats_approved} seat(s) approved for your centre will not be used"
            if seat_request.status == "approved"
            else f"your {seat_request.get_status_display().lower()} request will not be answered"
        )
        body = (
            f"{offering.course.centre.name} cancelled this offering:\n{_offering_line(offering)}\n\n"
            f"It will not take place: {held}.\n\nYour request:\n{_link(seat_request)}"
            + _signature()
        )
        send_after_commit(subject, body, centre_recipients(seat_request.requesting_centre))


def participants_changed(seat_request: SeatRequest, *, summary: str) -> None:
    """Tell the host centre that the requesting centre named, corrected, removed or substituted
    participants. The mail says how many and links to the page; it never carries a name, so
    that no mailbox or mail log keeps personal data beyond the retention period."""
    from django.utils.translation import gettext as _

    offering = seat_request.offering
    requester = seat_request.requesting_centre
    subject = _("[APCN] Participants of %(centre)s: %(course)s") % {
        "centre": requester.short_name,
        "course": offering.course.title,
    }
    lines = [
        _("%(centre)s changed its participants on:") % {"centre": requester.name},
        _offering_line(offering),
        "",
        summary,
        "",
        _("Who comes, on the request:"),
        f"{settings.SITE_URL}{reverse('request-participants', kwargs={'pk': seat_request.pk})}",
        _("Every centre's participants, on the roll of the offering:"),
        f"{settings.SITE_URL}{reverse('offering-participants', kwargs={'pk': offering.pk})}",
    ]
    send_after_commit(
        subject, "\n".join(lines) + _signature(), centre_recipients(offering.course.centre)
    )
