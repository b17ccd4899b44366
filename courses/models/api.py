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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Centre website” or “EU training system”."),
    )
    # The first characters of the key, shown in the list so that its owner can tell its tokens
    # apart; too short to be of use to anyone else.
    key_prefix = models.CharField(max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

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
