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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Centre, Offering, SeatRequest

logger = logging.getLogger(__name__)

# A message is composed once per language among its recipients: (subject, body).
Compose = Callable[[], tuple[str, str]]
# Addresses by the language their mail is written in.
Recipients = dict[str, list[str]]


def member_language(user) -> str:
    """The language a member's mail is written in: their chosen one, else the site's."""
    language = getattr(getattr(user, "preferences", None), "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def centre_recipients_by_language(centre: Centre) -> Recipients:
    """The addresses that speak for `centre`, by language: each active member's in the
    language they chose, the centre's shared contact address in the site's language."""
    members = (
        get_user_model()
        .objects.filter(membership__centre=centre, is_active=True)
        .exclude(email="")
        .select_related("preferences")
    )
    by_language: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for member in members:
        address = member.email.strip().lower()
        if address and address not in seen:
            seen.add(address)
            by_language[member_language(member)].add(address)
    contact = (centre.contact_email or "").strip().lower()
    if contact and contact not in seen:
        by_language[settings.LANGUAGE_CODE].add(contact)
    return {language: sorted(addresses) for language, addresses in by_language.items()}


def centre_recipients(centre: Centre) -> list[str]:
    """The addresses that speak for `centre`: its contact e-mail and its active members'."""
    return sorted(
        {
            address
            for addresses in centre_recipients_by_language(centre).values()
            for address in addresses
        }
    )


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


def send_after_commit(compose: Compose, recipients: Recipients | Iterable[str]) -> None:
    """Queue one e-mail per language of `recipients`, sent when the current transaction
    commits (now if none). `compose` is called under each language, so every recipient reads
    the subject, the body and the dates in their own language; a plain list of addresses gets
    the site's language."""
    if _muted.get():
        return
    if not isinstance(recipients, dict):
        recipients = {settings.LANGUAGE_CODE: sorted(set(recipients))}
    recipients = {
        language: list(addresses) for language, addresses in recipients.items() if addresses
    }
    if not recipients:
        with translation.override(settings.LANGUAGE_CODE):
            subject, _body = compose()
        logger.warning("No recipient for %r; nothing sent", subject)
        return
    # Composed now, while the objects hold the state that was decided; sent after the commit.
    messages = []
    for language, addresses in sorted(recipients.items()):
        with translation.override(language):
            subject, body = compose()
        messages.append((subject, body, addresses))
    for subject, body, addresses in messages:
        transaction.on_commit(
            lambda subject=subject, body=body, addresses=addresses: _send(subject, body, addresses)
        )


def _link(seat_request: SeatRequest) -> str:
    return f"{settings.SITE_URL}{seat_request.get_absolute_url()}"


def _offering_line(offering: Offering) -> str:
    return _("%(title)s, %(start)s to %(end)s, %(city)s (%(centre)s)") % {
        "title": offering.course.title,
        "start": date_format(offering.start_date),
        "end": date_format(offering.end_date),
        "city": offering.city,
        "centre": offering.course.centre.short_name,
    }


def _signature() -> str:
    return "\n\n-- \n" + _("APCN Training Catalog") + "\n"


def seat_request_submitted(seat_request: SeatRequest) -> None:
    """Tell the host centre that another centre asks for seats on its offering."""
    offering = seat_request.offering
    requester = seat_request.requesting_centre

    def compose() -> tuple[str, str]:
        seats = seat_request.seats_requested
        subject = ngettext(
            "[APCN] Seat request from %(centre)s: %(count)d seat on %(title)s",
            "[APCN] Seat request from %(centre)s: %(count)d seats on %(title)s",
            seats,
        ) % {"centre": requester.short_name, "count": seats, "title": offering.course.title}
        lines = [
            ngettext(
                "%(centre)s asks for %(count)d seat (%(women)d women) on:",
                "%(centre)s asks for %(count)d seats (%(women)d women) on:",
                seats,
            )
            % {"centre": requester.name, "count": seats, "women": seat_request.women_nominated},
            _offering_line(offering),
            "",
        ]
        if seat_request.participant_profile:
            lines += [_("Participants:"), seat_request.participant_profile, ""]
        if seat_request.message:
            lines += [_("Message:"), seat_request.message, ""]
        lines += [_("Approve, waitlist or decline it here:"), _link(seat_request)]
        return subject, "\n".join(lines) + _signature()

    send_after_commit(compose, centre_recipients_by_language(offering.course.centre))


def _decision_word(action: str) -> str:
    words = {
        "approve": _("approved"),
        "waitlist": _("waitlisted"),
        "decline": _("declined"),
        "withdraw": _("withdrawn"),
        "reopen": _("re-opened"),
    }
    return words.get(action, action)


def seat_request_changed(
    seat_request: SeatRequest, *, action: str, freed_seats: int = 0, note: str = ""
) -> None:
    """Tell the other side of the request what changed: the host's decisions go to the
    requesting centre, the requester's withdrawals and re-openings to the host."""
    offering = seat_request.offering
    host = offering.course.centre
    requester = seat_request.requesting_centre
    by_host = action in ("approve", "waitlist", "decline")
    response = seat_request.response
    seats_approved, seats_requested = seat_request.seats_approved, seat_request.seats_requested

    def compose() -> tuple[str, str]:
        subject = _("[APCN] Seat request %(decision)s: %(title)s (%(centre)s)") % {
            "decision": _decision_word(action),
            "title": offering.course.title,
            "centre": requester.short_name,
        }
        names = {"host": host.name, "requester": requester.short_name}
        if action == "approve":
            first = ngettext(
                "%(host)s approved %(approved)d of the %(count)d seat %(requester)s requested on:",
                "%(host)s approved %(approved)d of the %(count)d seats %(requester)s requested on:",
                seats_requested,
            ) % {**names, "approved": seats_approved, "count": seats_requested}
        elif action == "waitlist":
            first = (
                _("%(host)s put the request of %(requester)s on the waitlist for seats on:") % names
            )
        elif action == "decline":
            first = _("%(host)s declined the request of %(requester)s for seats on:") % names
        elif action == "withdraw":
            first = _("%(centre)s withdrew its request for seats on:") % {"centre": requester.name}
        else:
            first = _("%(centre)s re-opened its request for seats on:") % {"centre": requester.name}
        lines = [first, _offering_line(offering), ""]
        if action == "withdraw" and freed_seats:
            lines += [
                ngettext(
                    "%(count)d partner seat is free now. Requests on the waitlist, oldest first, "
                    "can be approved from %(url)s",
                    "%(count)d partner seats are free now. Requests on the waitlist, oldest "
                    "first, can be approved from %(url)s",
                    freed_seats,
                )
                % {"count": freed_seats, "url": f"{settings.SITE_URL}/requests/"},
                "",
            ]
        if note and not by_host:
            lines += [_("Note from %(centre)s:") % {"centre": requester.short_name}, note, ""]
        if response and by_host:
            lines += [_("Answer:"), response, ""]
        lines += [_("The request and its timeline:"), _link(seat_request)]
        return subject, "\n".join(lines) + _signature()

    recipients = centre_recipients_by_language(requester if by_host else host)
    send_after_commit(compose, recipients)


def offering_cancelled(offering: Offering, seat_requests: Iterable[SeatRequest]) -> None:
    """Tell each centre that holds or awaits seats on `offering` that it is cancelled."""
    for seat_request in seat_requests:

        def compose(seat_request: SeatRequest = seat_request) -> tuple[str, str]:
            subject = _("[APCN] Offering cancelled: %(title)s (%(date)s)") % {
                "title": offering.course.title,
                "date": date_format(offering.start_date),
            }
            if seat_request.status == "approved":
                held = ngettext(
                    "the %(count)d seat approved for your centre will not be used",
                    "the %(count)d seats approved for your centre will not be used",
                    seat_request.seats_approved,
                ) % {"count": seat_request.seats_approved}
            else:
                held = _("your %(status)s request will not be answered") % {
                    "status": seat_request.get_status_display().lower()
                }
            body = (
                _("%(centre)s cancelled this offering:") % {"centre": offering.course.centre.name}
                + f"\n{_offering_line(offering)}\n\n"
                + _("It will not take place: %(held)s.") % {"held": held}
                + "\n\n"
                + _("Your request:")
                + f"\n{_link(seat_request)}"
                + _signature()
            )
            return subject, body

        send_after_commit(compose, centre_recipients_by_language(seat_request.requesting_centre))


def participants_changed(seat_request: SeatRequest, *, summary: str | Callable[[], str]) -> None:
    """Tell the host centre that the requesting centre named, corrected, removed or substituted
    participants. The mail says how many and links to the page; it never carries a name, so
    that no mailbox or mail log keeps personal data beyond the retention period. `summary` may
    be a callable, so that each recipient reads it in their own language."""
    offering = seat_request.offering
    requester = seat_request.requesting_centre

    def compose() -> tuple[str, str]:
        subject = _("[APCN] Participants of %(centre)s: %(course)s") % {
            "centre": requester.short_name,
            "course": offering.course.title,
        }
        lines = [
            _("%(centre)s changed its participants on:") % {"centre": requester.name},
            _offering_line(offering),
            "",
            summary() if callable(summary) else summary,
            "",
            _("Who comes, on the request:"),
            f"{settings.SITE_URL}{reverse('request-participants', kwargs={'pk': seat_request.pk})}",
            _("Every centre's participants, on the roll of the offering:"),
            f"{settings.SITE_URL}{reverse('offering-participants', kwargs={'pk': offering.pk})}",
        ]
        return subject, "\n".join(lines) + _signature()

    send_after_commit(compose, centre_recipients_by_language(offering.course.centre))
