"""What a member learns about its centre's seat requests: what each one waits for and from
whom (the /requests/ rows), and what changed since it last looked (the home page)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Centre, SeatRequest, SeatRequestEvent, SeatRequestStatus
from ..models.catalog import today
from ..permissions import membership_of

S = SeatRequestStatus
HOME_NEWS = 8


def waiting_for(seat_request: SeatRequest, centre: Centre | None) -> str:
    """What the request waits for, and from whom, as `centre` (one of its sides) reads it.

    Needs `named_count` (`SeatRequestQuerySet.with_named_count`) on approved requests.
    """
    offering = seat_request.offering
    host = offering.course.centre
    requester = seat_request.requesting_centre
    is_host = centre is not None and centre.pk == host.pk
    is_requester = centre is not None and centre.pk == requester.pk
    if seat_request.status in (S.DECLINED, S.WITHDRAWN):
        return _("Nothing: the request is closed.")
    if offering.is_cancelled:
        return _("Nothing: the offering is cancelled.")
    if offering.end_date < today():
        return _("Nothing: the offering has ended.")
    if seat_request.status == S.PENDING:
        if is_host:
            return _("Waiting for you to decide.")
        return _("Waiting for %(host)s to decide.") % {"host": host.short_name}
    if seat_request.status == S.WAITLISTED:
        if is_host:
            return _("On your waitlist: waiting for seats to free up.")
        return _("On the waitlist of %(host)s: waiting for seats to free up.") % {
            "host": host.short_name
        }
    missing = seat_request.seats_approved - getattr(seat_request, "named_count", 0)
    if missing < 0 and offering.start_date > today():
        # The host lowered the approved seats below the people already named.
        extra = -missing
        if is_requester:
            return ngettext(
                "Waiting for you to remove %(n)d participant: fewer seats are approved now.",
                "Waiting for you to remove %(n)d participants: fewer seats are approved now.",
                extra,
            ) % {"n": extra}
        return ngettext(
            "Waiting for %(centre)s to remove %(n)d participant.",
            "Waiting for %(centre)s to remove %(n)d participants.",
            extra,
        ) % {"centre": requester.short_name, "n": extra}
    if missing <= 0:
        return _("Nothing: every approved seat is named.")
    if offering.start_date <= today():
        return _("Nothing: the offering has started.")
    if is_requester:
        return ngettext(
            "Waiting for you to name %(n)d participant.",
            "Waiting for you to name %(n)d participants.",
            missing,
        ) % {"n": missing}
    return ngettext(
        "Waiting for %(centre)s to name %(n)d participant.",
        "Waiting for %(centre)s to name %(n)d participants.",
        missing,
    ) % {"centre": requester.short_name, "n": missing}


@dataclass(frozen=True)
class News:
    """One change on a centre's request, made by someone outside the centre."""

    event: SeatRequestEvent
    text: str

    @property
    def seat_request(self) -> SeatRequest:
        return self.event.seat_request


def _describe(event: SeatRequestEvent) -> str:
    seat_request = event.seat_request
    host = seat_request.offering.course.centre.short_name
    requester = seat_request.requesting_centre.short_name
    course = seat_request.offering.course.title
    values = {"host": host, "requester": requester, "course": course}
    texts = {
        "submit": _("%(requester)s asked for seats on %(course)s."),
        "approve": ngettext(
            "%(host)s approved %(approved)d of %(requested)d seat on %(course)s.",
            "%(host)s approved %(approved)d of %(requested)d seats on %(course)s.",
            seat_request.seats_requested,
        ),
        "promote": _("Promoted from the waitlist of %(host)s on %(course)s."),
        "adjust": ngettext(
            "%(host)s changed the approved seats on %(course)s: %(approved)d of %(requested)d "
            "seat approved.",
            "%(host)s changed the approved seats on %(course)s: %(approved)d of %(requested)d "
            "seats approved.",
            seat_request.seats_requested,
        ),
        "ask-more": _("%(requester)s asked for more seats on %(course)s."),
        "waitlist": _("%(host)s put the request on its waitlist for %(course)s."),
        "decline": _("%(host)s declined the request for %(course)s."),
        "withdraw": _("%(requester)s withdrew its request for %(course)s."),
        "reopen": _("%(requester)s re-opened its request for %(course)s."),
        "participants": _("%(requester)s changed its participants on %(course)s."),
        "substitution": _("%(requester)s substituted a participant on %(course)s."),
        "offering-cancelled": _("%(host)s cancelled %(course)s."),
    }
    values.update(approved=event.seats_approved, requested=seat_request.seats_requested)
    # An action this list does not know yet still reads as the state the request moved to.
    text = texts.get(event.action) or _("The request for %(course)s is now %(status)s.")
    values["status"] = event.get_to_status_display().lower()
    return text % values


def request_news(user, *, since: datetime.datetime | None = None) -> dict:
    """For the home page: what others changed on the member's centre's requests since it last
    opened /requests/ (or since it joined), newest first, with how many there are in all."""
    membership = membership_of(user)
    if membership is None:
        return {}
    since = since or membership.requests_seen_at or membership.created_at
    events = (
        SeatRequestEvent.objects.filter(created_at__gt=since)
        .filter(seat_request__in=SeatRequest.objects.involving(membership.centre))
        # What its own centre did, the member knows or reads on the timeline; news is what
        # the other side (or the system: a promotion by the daily job) did.
        .exclude(actor__membership__centre_id=membership.centre_id)
        .select_related("seat_request__offering__course__centre", "seat_request__requesting_centre")
        .order_by("-created_at", "-pk")
    )
    latest = list(events[:HOME_NEWS])
    count = len(latest) if len(latest) < HOME_NEWS else events.count()
    return {
        "request_news": [News(event, _describe(event)) for event in latest],
        "request_news_count": count,
        "request_news_since": since,
    }
