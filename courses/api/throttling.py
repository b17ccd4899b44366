"""Throttling per token (or signed-in member) and per client address, on the shared cache."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Requests of one token; a member signed in on the site counts as itself.

    Each token has its own allowance, so a busy partner system does not use up the member's
    other keys.
    """

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "pk"):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # visitors are counted by address only
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(SimpleRateThrottle):
    """Requests without a token from one client address (the proxy count is trusted as
    `NUM_PROXIES` says)."""

    scope = "address"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
