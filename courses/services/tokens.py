"""Writes of personal API tokens: create (the key is shown once), revoke, and "last used"."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..exceptions import DomainError
from ..models import ApiToken
from ..models.api import TOKEN_PREFIX, hash_token_key
from ..permissions import may_create_api_token, may_revoke_api_token
from .validation import validate

# A member with more keys than this has lost track of them; revoking old ones is the answer.
MAX_ACTIVE_TOKENS = 20
# "Last used" is kept to the minute: writing it on every request would turn each API read into
# a database write.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, by: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """Create a personal token for `by` and return it with its key.

    The key is returned only here: the database keeps its hash, so it can never be shown
    again. Refused for anyone not signed in and active, for an empty or repeated name, and
    past `MAX_ACTIVE_TOKENS` active tokens.
    """
    if not may_create_api_token(by):
        raise DomainError(_("Sign in to create API tokens."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    # Lock the member's row: two creations at once cannot both pass the count below.
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    active = ApiToken.objects.active().filter(user=by).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            ngettext(
                "You have %(count)d active token, the most allowed: revoke one you no longer use.",
                "You have %(count)d active tokens, the most allowed: revoke one you no longer use.",
                active,
            )
            % {"count": active},
            field="name",
        )
    if ApiToken.objects.active().filter(user=by, name=name).exists():
        raise DomainError(_("You already have a token of that name."), field="name")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=by, name=name, key_prefix=key[: len(TOKEN_PREFIX) + 4])
    token.key_hash = hash_token_key(key)
    validate(token)
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError as error:
        raise DomainError(_("You already have a token of that name."), field="name") from error
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: AbstractBaseUser) -> ApiToken:
    """Revoke `token` at once: the next request with its key is refused. Only its owner may."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not may_revoke_api_token(by, token):
        raise DomainError(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Keep when `token` was last used, to the minute (one small UPDATE at most per minute)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
