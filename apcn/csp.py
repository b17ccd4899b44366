"""The Content-Security-Policy middleware: django-csp's, with one exception for the admin."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; in the admin, style *attributes* are allowed too.

    The admin's autocomplete widget (select2, shipped with Django) writes `style="…"` attributes
    into the page, which `style-src 'self'` blocks. `style-src-attr 'unsafe-inline'` allows
    those attributes only: no inline <style> element and no inline script anywhere.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src-attr": [UNSAFE_INLINE]}
        return parts
