"""The durable outbox: one row per notice that leaves the system (an e-mail now, webhooks next).

A row is written in the same transaction as the change it reports, so a rolled-back change
leaves no notice and a committed one always has its notice; the worker (`manage.py
outbox_worker`) delivers it, retries with back-off, and after the last attempt leaves it
`failed` for the network admin to see and retry. Nothing here is ever deleted by the product.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxKind(models.TextChoices):
    # A new way out (a webhook) adds its kind here and a deliverer in courses/notifications.
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def pending(self) -> OutboxMessageQuerySet:
        return self.filter(status=OutboxStatus.PENDING)

    def failed(self) -> OutboxMessageQuerySet:
        return self.filter(status=OutboxStatus.FAILED)


class OutboxMessage(models.Model):
    """One notice on its way out, with everything needed to deliver it again.

    For an e-mail, `recipients` are the addresses, `language` the one it was rendered in, and
    subject and bodies are rendered already (what was said is kept as it was said). A webhook
    keeps its target in `recipients` and what it posts in `payload`.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=OutboxKind.choices)
    # The notice's name (e.g. "seat_request_submitted"): what the admin filters by.
    topic = models.CharField(_("topic"), max_length=64)
    recipients = models.JSONField(_("recipients"), default=list)
    language = models.CharField(_("language"), max_length=16, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"))
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_attempts__gte=1), name="outbox_at_least_one_attempt"
            ),
            models.CheckConstraint(
                condition=Q(attempts__lte=models.F("max_attempts")),
                name="outbox_attempts_within_allowed",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.get_kind_display()} {self.topic}"
