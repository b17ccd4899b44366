"""Writes of webhooks: register or change one, and queue an event for the centres it
concerns in the durable outbox (which sends it, retries with back-off and keeps the outcome)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import Centre, OutboxKind, Webhook, WebhookDelivery, WebhookEvent
from ..notifications import enqueue
from ..notifications import webhooks as transport
from ..permissions import may_manage_webhooks
from .validation import validate

MIN_SECRET_LENGTH = 16


@transaction.atomic
def webhook_save(
    *,
    webhook: Webhook | None,
    centre: Centre,
    by: AbstractBaseUser,
    url: str,
    secret: str,
    events: Iterable[str],
    is_active: bool = True,
) -> Webhook:
    """Register a webhook for `centre` (or change `webhook`). Only its centre admins and the
    network admin may; the URL must be https:// and the secret long enough to sign with."""
    if not may_manage_webhooks(by, centre):
        raise DomainError(_("Only the centre's admins can manage its webhooks."))
    if webhook is not None and webhook.pk and webhook.centre_id != centre.pk:
        raise DomainError(_("This webhook belongs to another centre."))
    url = (url or "").strip()
    try:
        transport.check_url_shape(url)
    except transport.WebhookAddressRefused as refused:
        raise DomainError(str(refused), field="url") from refused
    if len(secret or "") < MIN_SECRET_LENGTH:
        raise DomainError(
            _("Use a secret of at least %(count)d characters.") % {"count": MIN_SECRET_LENGTH},
            field="secret",
        )
    events = sorted(set(events))
    unknown = [e for e in events if e not in WebhookEvent.values]
    if unknown or not events:
        raise DomainError(_("Choose at least one event."), field="events")
    webhook = webhook or Webhook(centre=centre, created_by=by)
    webhook.centre = centre
    webhook.url = url
    webhook.secret = secret
    webhook.events = events
    webhook.is_active = is_active
    validate(webhook)
    webhook.save()
    return webhook


def webhook_event_record(
    *, event: str, centres: Iterable[Centre | int], data: dict[str, Any]
) -> list[WebhookDelivery]:
    """Queue `event` for every active webhook of `centres` that listens to it, in the caller's
    transaction: the deliveries exist exactly when the change they tell of does, and the
    outbox worker sends them (none while notices are muted, as for the demo data)."""
    centre_ids = {c if isinstance(c, int) else c.pk for c in centres}
    deliveries = []
    now = timezone.now()
    for webhook in Webhook.objects.filter(centre_id__in=centre_ids, is_active=True):
        if event not in webhook.events:
            continue
        message = enqueue(
            kind=OutboxKind.WEBHOOK,
            topic=event,
            recipients=[webhook.url],
            payload={"webhook": webhook.pk},
        )
        if message is None:
            continue
        payload = {
            "event": event,
            "centre": webhook.centre_id,
            "occurred_at": now.isoformat(),
            "data": data,
        }
        deliveries.append(
            WebhookDelivery.objects.create(
                webhook=webhook, event=event, payload=payload, message=message
            )
        )
    return deliveries


# --- The events of the product -------------------------------------------------------------
# Called by the engines where they write each change to a request's timeline, so that every
# change, from the site, the API or the admin, is told. The data names the request and what
# happened; no personal data (a receiver asks the API, with its token, for the rest).


# The timeline actions of courses/services/participants.py: names given, or a substitution.
PARTICIPANT_ACTIONS = ("participants", "substitution")


def seat_request_event(seat_request, *, action: str) -> list[WebhookDelivery]:
    """Tell both centres of `seat_request` (host and requester) that `action` happened."""
    if action == "submit":
        event = WebhookEvent.SEAT_REQUEST_SUBMITTED
    elif action in PARTICIPANT_ACTIONS:
        event = WebhookEvent.PARTICIPANTS_NAMED
    else:
        event = WebhookEvent.SEAT_REQUEST_DECIDED
    offering = seat_request.offering
    host_id = offering.course.centre_id
    data = {
        "seat_request": seat_request.pk,
        "action": action,
        "status": seat_request.status,
        "offering": offering.pk,
        "course": offering.course.slug,
        "seats_requested": seat_request.seats_requested,
        "seats_approved": seat_request.seats_approved,
        "host_centre": host_id,
        "requesting_centre": seat_request.requesting_centre_id,
        "api_url": f"/api/v1/seat-requests/{seat_request.pk}/",
    }
    return webhook_event_record(
        event=event, centres=[host_id, seat_request.requesting_centre_id], data=data
    )


def access_request_event(access_request, *, action: str) -> list[WebhookDelivery]:
    """Tell the owner and the requesting centre of a resource access request what happened."""
    resource = access_request.resource
    data = {
        "access_request": access_request.pk,
        "action": action,
        "status": access_request.status,
        "resource": resource.pk,
        "owner_centre": resource.owner_centre_id,
        "requesting_centre": access_request.requesting_centre_id,
    }
    return webhook_event_record(
        event=WebhookEvent.ACCESS_REQUEST,
        centres=[resource.owner_centre_id, access_request.requesting_centre_id],
        data=data,
    )


def instructor_request_event(instructor_request, *, action: str) -> list[WebhookDelivery]:
    """Tell the lending and the requesting centre of an instructor request what happened (no
    personal details: the receiver asks the site for them)."""
    host_id = instructor_request.instructor.centre_id
    data = {
        "instructor_request": instructor_request.pk,
        "action": action,
        "status": instructor_request.status,
        "instructor": instructor_request.instructor_id,
        "start_date": instructor_request.start_date.isoformat(),
        "end_date": instructor_request.end_date.isoformat(),
        "host_centre": host_id,
        "requesting_centre": instructor_request.requesting_centre_id,
    }
    return webhook_event_record(
        event=WebhookEvent.INSTRUCTOR_REQUEST,
        centres=[host_id, instructor_request.requesting_centre_id],
        data=data,
    )
