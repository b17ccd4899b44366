"""Writes of webhooks: register or change one, record an event for the centres it concerns,
and one delivery attempt (with its back-off)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ..api import webhooks as transport
from ..exceptions import DomainError
from ..models import Centre, Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent
from ..notifications.outbox import QUEUE_NAME, register_sweeper
from ..permissions import may_manage_webhooks
from .validation import validate

MIN_SECRET_LENGTH = 16
# After a failed attempt, wait this long before the next one; after the last, give up.
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1


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
    """Record `event` for every active webhook of `centres` that listens to it, in the
    caller's transaction: the deliveries exist exactly when the change they tell of does."""
    centre_ids = {c if isinstance(c, int) else c.pk for c in centres}
    deliveries = []
    now = timezone.now()
    for webhook in Webhook.objects.filter(centre_id__in=centre_ids, is_active=True):
        if event not in webhook.events:
            continue
        payload = {
            "event": event,
            "centre": webhook.centre_id,
            "occurred_at": now.isoformat(),
            "data": data,
        }
        delivery = WebhookDelivery.objects.create(
            webhook=webhook, event=event, payload=payload, next_attempt_at=now
        )
        # The outbox worker sends it, once this transaction has committed.
        schedule_webhook(delivery)
        deliveries.append(delivery)
    return deliveries


@transaction.atomic
def webhook_deliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """One attempt to send `delivery`, under a lock on its row (two workers never send the
    same delivery at once); a failure is retried after `BACKOFF`, then given up."""
    delivery = (
        WebhookDelivery.objects.select_for_update().select_related("webhook").get(pk=delivery.pk)
    )
    if delivery.status != WebhookDeliveryStatus.PENDING:
        return delivery
    webhook = delivery.webhook
    payload = {**delivery.payload, "delivery": delivery.pk}
    if not webhook.is_active:
        result = transport.WebhookResult(False, None, _("The webhook was switched off."))
        delivery.attempts = MAX_ATTEMPTS - 1  # no retries for a webhook that is off
    else:
        result = transport.send(
            webhook.url,
            secret=webhook.secret,
            payload=payload,
            event=delivery.event,
            delivery_id=delivery.pk,
        )
    delivery.attempts += 1
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error
    now = timezone.now()
    if result.ok:
        delivery.status = WebhookDeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save()
    return delivery


# --- The events of the product -------------------------------------------------------------
# Called by the engines where they write each change to a request's timeline, so that every
# change, from the site, the API or the admin, is told. The data names the request and what
# happened; no personal data (a receiver asks the API, with its token, for the rest).


def seat_request_event(seat_request, *, action: str) -> list[WebhookDelivery]:
    """Tell both centres of `seat_request` (host and requester) that `action` happened."""
    event = (
        WebhookEvent.SEAT_REQUEST_SUBMITTED
        if action == "submit"
        else WebhookEvent.PARTICIPANTS_NAMED
        if action.startswith("participant")
        else WebhookEvent.SEAT_REQUEST_DECIDED
    )
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


# --- Sending: on the outbox's queue ------------------------------------------------------------
# Each delivery gets a `deliver_webhook` task beside it, in the transaction that records it; the
# outbox worker makes the attempt and, while the delivery is still waiting, the task queues
# itself again for the next one. The outbox's sweep queues again a waiting delivery that lost
# its task.


def schedule_webhook(delivery: WebhookDelivery) -> None:
    """Queue an attempt of `delivery` at its `next_attempt_at` (in the current transaction)."""
    when = delivery.next_attempt_at
    runner = (
        deliver_webhook.using(run_after=when) if when and when > timezone.now() else deliver_webhook
    )
    runner.enqueue(delivery.pk)


@task(queue_name=QUEUE_NAME)
def deliver_webhook(delivery_id: int) -> str | None:
    """The queue's task: one attempt of a webhook delivery, and the next one queued."""
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDeliveryStatus.PENDING:
        return None
    if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
        return None  # an early duplicate: the task queued for the right time will come
    delivery = webhook_deliver(delivery=delivery)
    if delivery.status == WebhookDeliveryStatus.PENDING:
        schedule_webhook(delivery)
    return delivery.status


@register_sweeper
def requeue_stale_webhooks() -> int:
    """Queue again every waiting, due delivery that has no task queued; return how many."""
    from django_tasks_db.models import DBTaskResult

    queued = {
        args["args"][0]
        for args in DBTaskResult.objects.filter(
            task_path=deliver_webhook.module_path, status__in=["READY", "RUNNING"]
        ).values_list("args_kwargs", flat=True)
        if args.get("args")
    }
    count = 0
    due = WebhookDelivery.objects.filter(
        status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
    )
    for delivery in due.exclude(pk__in=queued):
        schedule_webhook(delivery)
        count += 1
    return count
