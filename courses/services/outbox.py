"""Writes of the outbox that a person makes: the network admin sends failed messages again."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import OutboxMessage, OutboxStatus
from ..notifications.outbox import schedule
from ..permissions import can_retry_outbox_message, can_see_outbox
from .authorization import authorize


@transaction.atomic
def outbox_retry(*, messages: Iterable[OutboxMessage], by: AbstractBaseUser | None) -> int:
    """Give failed (or waiting) messages a new round of attempts, starting now.

    Each message's attempt count starts again from zero; its last error stays until the next
    attempt replaces it. A message already sent or being sent is refused: sending it again
    would mail people twice. `by` is the network admin, or None for the system (a script).
    Returns how many messages were queued.
    """
    refused = _("Only the network admin may send outgoing messages again.")
    authorize(by, can_see_outbox, message=refused)
    ids = [message.pk for message in messages]
    locked = list(OutboxMessage.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    for message in locked:
        authorize(by, can_retry_outbox_message, message, message=refused)
        if message.status not in (OutboxStatus.FAILED, OutboxStatus.PENDING):
            raise DomainError(
                _(
                    "“%(message)s” cannot be sent again (status: %(status)s); only a failed "
                    "or waiting message can."
                )
                % {"message": message, "status": message.get_status_display()}
            )
    now = timezone.now()
    for message in locked:
        message.status = OutboxStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = now
        message.full_clean()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        schedule(message)
    return len(locked)
