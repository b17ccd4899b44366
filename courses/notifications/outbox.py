"""The durable outbox: queue a notice with the change, deliver it from the worker, never lose it.

How a notice travels:

1. A service calls `enqueue_email(...)` (or `enqueue(...)` for another kind) inside its
   transaction. One `OutboxMessage` row is written per language of the recipients, with the
   subject and bodies rendered from templates/mail/ in that language, and a `deliver` task row
   of django-tasks' database backend beside it. Both are part of the service's transaction: a
   rolled-back change leaves neither, a committed one always has both, and the request never
   talks to the mail server.
2. The worker (`manage.py outbox_worker`) runs `deliver(message_id)`: it claims the row
   (pending -> sending) in a short transaction, hands it to the deliverer of its kind with no
   transaction open (a slow mail server holds no lock), then records the outcome: `sent`; or,
   on failure, `pending` again with the next attempt after OUTBOX_RETRY_SECONDS doubled per
   attempt and a new `deliver` task for that time; or, after OUTBOX_MAX_ATTEMPTS, `failed`.
3. A failed message stays in the admin ("Outgoing messages", network admin only) with its
   last error, until the network admin retries it (`courses.services.outbox.outbox_retry`).

Delivery is at least once: a message whose worker died after the mail server accepted it but
before the outcome was written is sent again, by the `sweep` task every few minutes or when
`outbox_worker` next starts (`requeue_stale`).

Adding a way out (webhooks): write a function `deliver_webhook(message: OutboxMessage) -> None`
that raises on any failure, register it with `@register_deliverer(OutboxKind.WEBHOOK)`, and
queue with `enqueue(kind=OutboxKind.WEBHOOK, topic=..., recipients=[url], payload={...})`.
Retries, back-off, the failed list and the admin's retry come with it.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from ..models import OutboxKind, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

QUEUE_NAME = "outbox"

# The longest wait between two attempts, however many came before.
MAX_RETRY_DELAY = datetime.timedelta(hours=6)


# --- Who receives it, in which language -----------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """An address and the language mail to it is written in."""

    address: str
    language: str


def recipient_language(user: Any) -> str:
    """The language `user` reads their mail in: their chosen one, else the site's default."""
    return getattr(getattr(user, "preferences", None), "language", "") or settings.LANGUAGE_CODE


# --- Muting (demo data) ---------------------------------------------------------------------

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Queue no notice inside this block (demo data: the changes are real, the news is not)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


# --- Queueing -------------------------------------------------------------------------------


def _normalized(address: str) -> str:
    return address.strip().lower()


def _by_language(recipients: Iterable[Recipient]) -> dict[str, list[str]]:
    """Addresses grouped by language; an address listed twice keeps its first language."""
    seen: set[str] = set()
    groups: dict[str, list[str]] = {}
    for recipient in recipients:
        address = _normalized(recipient.address or "")
        if not address or address in seen:
            continue
        seen.add(address)
        groups.setdefault(recipient.language or settings.LANGUAGE_CODE, []).append(address)
    return {language: sorted(addresses) for language, addresses in groups.items()}


def render_email(template: str, context: Mapping[str, Any], language: str) -> dict[str, str]:
    """Subject, text and HTML of `template` (templates/mail/<template>*) in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        # A subject is one line, whatever the template's line breaks.
        subject = " ".join(render_to_string(f"mail/{template}_subject.txt", context).split())
        text = render_to_string(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", {**context, "subject": subject})
    # Optional paragraphs leave runs of blank lines in the text; one blank line separates.
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return {"subject": subject, "body_text": text, "body_html": html}


def enqueue(
    *,
    kind: str,
    topic: str,
    recipients: list[str],
    language: str = "",
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    payload: dict | None = None,
) -> OutboxMessage | None:
    """Write one message and its delivery task in the current transaction; None when muted."""
    if _muted.get():
        return None
    with transaction.atomic():
        message = OutboxMessage(
            kind=kind,
            topic=topic,
            recipients=recipients,
            language=language[:16],
            # One header line at most (RFC 5322); a very long title is cut, never refused.
            subject=subject[:998],
            body_text=body_text,
            body_html=body_html,
            payload=payload or {},
            max_attempts=max(1, settings.OUTBOX_MAX_ATTEMPTS),
            next_attempt_at=timezone.now(),
        )
        message.full_clean()
        message.save()
        schedule(message)
    return message


def enqueue_email(
    *, topic: str, template: str, context: Mapping[str, Any], recipients: Iterable[Recipient]
) -> list[OutboxMessage]:
    """Queue the e-mail `template` to `recipients`, one message per language they read.

    Call it inside the transaction of the change it reports (the services do): the messages
    exist exactly when the change does.
    """
    if _muted.get():
        return []
    groups = _by_language(recipients)
    if not groups:
        logger.warning("No recipient for %s; nothing queued", topic)
        return []
    messages = []
    for language, addresses in groups.items():
        rendered = render_email(template, context, language)
        message = enqueue(
            kind=OutboxKind.EMAIL,
            topic=topic,
            recipients=addresses,
            language=language,
            **rendered,
        )
        if message is not None:
            messages.append(message)
    return messages


def schedule(message: OutboxMessage) -> None:
    """Queue a delivery of `message` at its `next_attempt_at` (in the current transaction)."""
    when = message.next_attempt_at
    runner = deliver.using(run_after=when) if when and when > timezone.now() else deliver
    runner.enqueue(message.pk)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling, capped."""
    base = datetime.timedelta(seconds=max(1, settings.OUTBOX_RETRY_SECONDS))
    # The exponent is bounded so that a long-failing message cannot overflow the arithmetic.
    return min(base * (2 ** min(max(0, attempts - 1), 24)), MAX_RETRY_DELAY)


# --- Delivering -----------------------------------------------------------------------------

Deliverer = Callable[[OutboxMessage], None]
DELIVERERS: dict[str, Deliverer] = {}


def register_deliverer(kind: str) -> Callable[[Deliverer], Deliverer]:
    """Make the decorated function the one that delivers messages of `kind`.

    A deliverer sends the message or raises; it never writes to the database (the outbox
    records the outcome) and must bound its own waiting (a timeout), so a dead peer cannot
    hold the worker.
    """

    def register(function: Deliverer) -> Deliverer:
        DELIVERERS[kind] = function
        return function

    return register


@register_deliverer(OutboxKind.EMAIL)
def deliver_email(message: OutboxMessage) -> None:
    """Send the e-mail through EMAIL_BACKEND; any transport error is raised."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(message.recipients),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send(fail_silently=False)


def _claim(message_id: int) -> OutboxMessage | None:
    """Mark the message as being sent, if it is still waiting and due; else None."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutboxStatus.PENDING:
            # Sent, failed, or claimed by another worker: a duplicate task does nothing.
            return None
        now = timezone.now()
        if message.next_attempt_at and message.next_attempt_at > now:
            # An early duplicate (the admin retried while a later attempt was queued): the
            # task queued for the right time will come.
            return None
        message.status = OutboxStatus.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        message.save(update_fields=["status", "attempts", "last_attempt_at"])
        return message


def _record(message: OutboxMessage, error: BaseException | None) -> None:
    with transaction.atomic():
        # Nobody else changes a message while it is `sending`; lock anyway so the admin's
        # retry waits for this outcome instead of crossing it.
        OutboxMessage.objects.select_for_update().filter(pk=message.pk).first()
        now = timezone.now()
        if error is None:
            message.status = OutboxStatus.SENT
            message.sent_at = now
            message.next_attempt_at = None
            message.last_error = ""
        else:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= message.max_attempts:
                message.status = OutboxStatus.FAILED
                message.next_attempt_at = None
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = now + retry_delay(message.attempts)
        message.save(
            update_fields=["status", "sent_at", "next_attempt_at", "last_error", "attempts"]
        )
        if message.status == OutboxStatus.PENDING:
            schedule(message)


def process(message_id: int) -> str | None:
    """Attempt one delivery of the message; return its status after it (None: nothing to do)."""
    message = _claim(message_id)
    if message is None:
        return None
    deliverer = DELIVERERS.get(message.kind)
    error: BaseException | None = None
    try:
        if deliverer is None:
            raise LookupError(f"no deliverer for {message.kind!r} messages")
        deliverer(message)
    except Exception as exc:  # any failure of the way out is recorded and retried
        error = exc
        logger.warning(
            "Could not send outgoing message %s (%s), attempt %d of %d: %s",
            message.pk,
            message.topic,
            message.attempts,
            message.max_attempts,
            exc,
        )
    _record(message, error)
    if message.status == OutboxStatus.FAILED:
        logger.error(
            "Outgoing message %s (%s) failed %d times; it waits for the network admin",
            message.pk,
            message.topic,
            message.attempts,
        )
    return message.status


@task(queue_name=QUEUE_NAME)
def deliver(message_id: int) -> str | None:
    """The queue's task: one delivery attempt of an outgoing message."""
    return process(message_id)


def _message_ids_with_a_delivery_queued() -> set[int]:
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(
        task_path=deliver.module_path, status__in=["READY", "RUNNING"]
    ).values_list("args_kwargs", flat=True)
    return {args["args"][0] for args in queued if args.get("args")}


def requeue_stale(*, sending_for: datetime.timedelta | None = None) -> int:
    """Queue again what a stopped worker left behind; return how many messages.

    A message `sending` for longer than a delivery can take (`sending_for`, by default ten
    minutes or six SMTP timeouts) was being sent by a worker that died; a `pending` one past
    its time with no delivery task queued has lost its task. Both get a new delivery task (a
    duplicate is harmless: `deliver` does nothing for a message that is not waiting).
    """
    if sending_for is None:
        sending_for = max(
            datetime.timedelta(minutes=10),
            datetime.timedelta(seconds=6 * float(settings.EMAIL_TIMEOUT or 10)),
        )
    now = timezone.now()
    count = 0
    with transaction.atomic():
        queued = _message_ids_with_a_delivery_queued()
        stale = OutboxMessage.objects.select_for_update().filter(
            Q(status=OutboxStatus.SENDING, last_attempt_at__lt=now - sending_for)
            | Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxStatus.PENDING, next_attempt_at=None)
        )
        for message in stale:
            if message.status == OutboxStatus.SENDING:
                # The attempt never reached its end; it does not count against the message.
                message.status = OutboxStatus.PENDING
                message.attempts = max(0, message.attempts - 1)
                message.next_attempt_at = now
                message.save(update_fields=["status", "attempts", "next_attempt_at"])
            elif message.pk in queued:
                continue
            schedule(message)
            count += 1
    return count


SWEEP_EVERY = datetime.timedelta(minutes=5)


@task(queue_name=QUEUE_NAME)
def sweep() -> int:
    """The queue's housekeeping: queue again what was left behind, then come back later.

    While any worker runs, a message whose worker died mid-send, or whose task was lost, is
    sent within minutes instead of at the next worker start.
    """
    count = requeue_stale()
    schedule_sweep()
    return count


def schedule_sweep() -> None:
    """Queue the next sweep, unless one is waiting already (one is enough for all workers)."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        if DBTaskResult.objects.filter(task_path=sweep.module_path, status="READY").exists():
            return
        sweep.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
