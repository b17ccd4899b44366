"""What leaves the system, through one durable outbox.

- `outbox`: the queue. Every notice is an `OutboxMessage` row written in the transaction of
  the change it reports, delivered by the worker (`manage.py outbox_worker`, django-tasks'
  database backend) with retries and back-off, and kept `failed` for the network admin after
  the last attempt. Deliverers are registered per kind (`register_deliverer`): e-mail now;
  a webhook deliverer plugs in the same way (see the `outbox` module's docstring).
- `recipients`: who hears for a centre, and each recipient's language (`recipient_language`).
- `evaluations`: a participant's private link to the evaluation of their offering.
- `exchange`, `library`: the notices of the seat exchange and of the resource library; their
  bodies are templates under templates/mail/ (text and HTML), rendered per language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from ..models import OutboxKind
from .evaluations import evaluation_invitation, participant_language
from .exchange import (
    offering_cancelled,
    participants_changed,
    seat_request_changed,
    seat_request_promoted,
    seat_request_seats_changed,
    seat_request_submitted,
)
from .library import notify_access_decided, notify_access_requested, notify_access_withdrawn
from .outbox import (
    DELIVERERS,
    Recipient,
    deliver,
    enqueue,
    enqueue_email,
    muted,
    process,
    recipient_language,
    register_deliverer,
    requeue_stale,
)
from .recipients import centre_audience, centre_recipients
from .webhooks import deliver_webhook  # registers the webhook deliverer with the outbox


def send_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue a plain-text e-mail, already written, in the site's default language.

    For a notice that has no template yet; a new notice should use `enqueue_email`.
    """
    addresses = sorted({a.strip().lower() for a in recipients if a and a.strip()})
    if addresses:
        enqueue(
            kind=OutboxKind.EMAIL,
            topic="message",
            recipients=addresses,
            language=settings.LANGUAGE_CODE,
            subject=subject,
            body_text=body,
        )


__all__ = [
    "DELIVERERS",
    "Recipient",
    "centre_audience",
    "centre_recipients",
    "deliver",
    "deliver_webhook",
    "enqueue",
    "enqueue_email",
    "evaluation_invitation",
    "muted",
    "notify_access_decided",
    "notify_access_requested",
    "notify_access_withdrawn",
    "offering_cancelled",
    "participant_language",
    "participants_changed",
    "process",
    "recipient_language",
    "register_deliverer",
    "requeue_stale",
    "seat_request_changed",
    "seat_request_promoted",
    "seat_request_seats_changed",
    "seat_request_submitted",
    "send_after_commit",
]
