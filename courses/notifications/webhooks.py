"""Webhook deliveries travel on the outbox's queue and worker.

The API records one `WebhookDelivery` per event and listening webhook, in the transaction of
the change (`courses.services.webhooks.webhook_event_record`), and keeps its own attempts,
back-off and log (the centre admin reads it). This module only moves them: each delivery gets
a `deliver_webhook` task beside it; the task makes one attempt (`webhook_deliver`) and, while
the delivery is still waiting, queues itself again for its next attempt. The outbox's sweep
queues again any waiting delivery that lost its task.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from ..models import WebhookDelivery, WebhookDeliveryStatus
from .outbox import QUEUE_NAME


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
    # Imported here: the services call into this package, not the other way round.
    from ..services.webhooks import webhook_deliver

    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDeliveryStatus.PENDING:
        return None
    if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
        return None  # an early duplicate: the task queued for the right time will come
    delivery = webhook_deliver(delivery=delivery)
    if delivery.status == WebhookDeliveryStatus.PENDING:
        schedule_webhook(delivery)
    return delivery.status


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
