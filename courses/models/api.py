"""Personal API tokens: how a partner system acts for one member through the REST API."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Every key starts with this, so that a key pasted into a chat or a repository is recognisable
# (and secret scanners can be taught to look for it).
TOKEN_PREFIX = "apcn_"  # noqa: S105 - a public marker, not a secret


def hash_token_key(key: str) -> str:
    """The stored form of a key: its SHA-256 in hex.

    A key is 256 random bits, so a fast hash is enough: no dictionary to guess from, and every
    API request must look its token up without the cost of a password hash.
    """
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key a member created to call the API as itself; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Centre website” or “EU training system”."),
    )
    # The first characters of the key, shown in the list so that its owner can tell its tokens
    # apart; too short to be of use to anyone else.
    key_prefix = models.CharField(_("key prefix"), max_length=16, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="apitoken_one_active_name_per_user",
                violation_error_message=_("You already have a token of that name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- Webhooks ------------------------------------------------------------------------------


class WebhookEvent(models.TextChoices):
    SEAT_REQUEST_SUBMITTED = "seat_request.submitted", _("A seat request is submitted")
    SEAT_REQUEST_DECIDED = (
        "seat_request.decided",
        _("A seat request is approved, waitlisted, declined, withdrawn or re-opened"),
    )
    PARTICIPANTS_NAMED = "seat_request.participants_named", _("Participants are named")
    ACCESS_REQUEST = (
        "access_request.changed",
        _("A resource access request is made, granted, refused or withdrawn"),
    )
    INSTRUCTOR_REQUEST = (
        "instructor_request.changed",
        _("An instructor request is made, approved, declined, withdrawn or cancelled"),
    )


class Webhook(models.Model):
    """An HTTPS address a centre's own system listens on for the centre's events.

    Each event is POSTed as JSON, signed with HMAC-SHA256 of the body under `secret`
    (`X-APCN-Signature: sha256=<hex>`), so the receiver can tell it comes from the catalog.
    """

    centre = models.ForeignKey(
        "courses.Centre",
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("centre"),
    )
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("An https:// address of your centre's system.")
    )
    # Kept as given: signing needs the secret itself, not a hash of it. Shown to nobody after
    # it is set (the admin form never displays it).
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_(
            "At least 16 characters, shared with the receiving system to check signatures."
        ),
    )
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["centre", "url", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one webhook, for the centre's delivery log. Its sending (attempts,
    back-off, outcome) is the outbox's: `message`, an `OutboxMessage` of kind `webhook`."""

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=60, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    message = models.OneToOneField(
        "courses.OutboxMessage",
        on_delete=models.PROTECT,
        related_name="webhook_delivery",
        verbose_name=_("outgoing message"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"
