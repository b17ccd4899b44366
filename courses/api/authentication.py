"""`Authorization: Token <key>`: a personal token acts as its owner, with exactly its rights."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from ..models import ApiToken
from ..models.api import hash_token_key
from ..services.tokens import api_token_mark_used


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal token from `/account/tokens/`, looked up by the hash of its key.

    No header: the caller is a visitor. A header with an unknown, revoked or malformed key, or
    the key of a deactivated member, is refused with 401 rather than silently treated as a
    visitor, so that a partner system notices a revoked key at once.
    """

    keyword = "Token"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as “Authorization: Token <key>”, with one key.")
            )
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=hash_token_key(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this token is deactivated."))
        api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to a caller without a token.
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "courses.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal token from /account/tokens/, sent as `Token <key>`. It acts as its "
                "owner, with exactly that member's rights."
            ),
        }
