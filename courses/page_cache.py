"""Whole catalog pages kept for visitors, so that a page many visitors ask for is built once.

A visitor who is not signed in and has nothing waiting for them (no session, no message) sees
exactly what every other visitor with the same host, address, language and day sees. Such a
page is kept in the cache under the catalog's version (`catalog_cache.cache_key`): any write of
the catalog, by any process, moves the key, so no visitor is ever served a page from before it.

The one part of a page that is each visitor's own is the CSRF token of the language menu. It is
kept as a placeholder and filled in for each answer with the visitor's own token
(`get_token`, which also sets the visitor's CSRF cookie), so a kept page posts the menu exactly
as a freshly rendered one does.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from .catalog_cache import cache_key, cache_seconds, fill
from .models.catalog import today
from .permissions import may_share_visitors_page

# What `{% csrf_token %}` writes into a page that is kept; never sent to a browser. Derived from
# the secret key, so that no text a centre writes into a course can contain it (and be replaced
# by the visitor's token): the same on every app server, unknown outside them.
CSRF_PLACEHOLDER = "csrf-" + salted_hmac("apcn.page_cache", "csrf placeholder").hexdigest()[:32]


class VisitorPage:
    """The kept page for `request`, if it may have one: `kept()` answers from it, `keep()`
    stores a freshly rendered answer (only a 200) and fills in this visitor's token."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.key = ""
        if request.method == "GET" and may_share_visitors_page(request.user, request.COOKIES):
            # The host too: the page's calendar link names it (webcal://host/...).
            self.key = cache_key(
                (
                    "visitor-page",
                    request.get_host(),
                    request.get_full_path(),
                    get_language(),
                    str(today()),
                )
            )

    def kept(self) -> HttpResponse | None:
        if not self.key:
            return None
        html = cache.get(self.key)
        if html is None:
            return None
        return HttpResponse(self._with_token(html))

    def context(self) -> dict[str, str]:
        """What the page's context needs so that it can be kept: the token's placeholder."""
        return {"csrf_token": CSRF_PLACEHOLDER} if self.key else {}

    def keep(self, response: TemplateResponse) -> None:
        """Called once `response` is rendered (a post-render callback)."""
        if not self.key:
            return
        html = response.content.decode(response.charset)
        if response.status_code == 200:
            fill({self.key: html}, cache_seconds())
        response.content = self._with_token(html)

    def _with_token(self, html: str) -> str:
        return html.replace(CSRF_PLACEHOLDER, get_token(self.request))
