"""The catalog's admin site: Django's, with three guards every admin page shares.

- A query parameter no list filter, search or autocomplete could mean (a NUL byte, which
  PostgreSQL refuses in any text; a date-hierarchy year the calendar cannot hold) is answered
  with a plain 400 page before any view runs, for our ModelAdmins and third-party ones (axes)
  alike.
- The "view on site" shortcut (`/admin/r/<content type>/<id>/`) opens only the pages the user
  may open on the site (courses.permissions decides); anything else is "not found", whether or
  not it exists.
- The log-in form refuses an overlong username as a form error.

Installed through `apcn.admin_config.CatalogAdminConfig` (in INSTALLED_APPS in place of
`django.contrib.admin`). This module is imported while the admin is being set up, so the product's
models are imported inside the methods that need them.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

# The date hierarchy's parameters (`<field>__year`, `__month`, `__day`): Django turns them into
# a date and the day after it, which overflows for year 9999 (and for absurd numbers).
_DATE_PART = re.compile(r"__(year|month|day)$")
_DATE_LIMITS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def unreadable_parameter(request: HttpRequest) -> str | None:
    """The name of a query parameter the admin cannot read, or None when all are readable."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
        part = _DATE_PART.search(name)
        if part:
            low, high = _DATE_LIMITS[part.group(1)]
            for value in values:
                if not (value.isascii() and value.isdigit() and len(value) <= 4):
                    return name
                if not low <= int(value) <= high:
                    return name
    return None


class CatalogAdminSite(admin.AdminSite):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from courses.forms import AdminLoginForm

        self.login_form = AdminLoginForm

    def admin_view(self, view, cacheable: bool = False):
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            name = unreadable_parameter(request)
            if name is not None:
                return self.bad_parameter(request, name)
            return view(request, *args, **kwargs)

        guarded.__name__ = getattr(view, "__name__", "admin_view")
        guarded.__doc__ = view.__doc__
        return super().admin_view(guarded, cacheable)

    def bad_parameter(self, request: HttpRequest, name: str) -> HttpResponse:
        context = {
            **self.each_context(request),
            "title": _("This filter cannot be read"),
            "parameter": name,
            "back": request.path,
        }
        return TemplateResponse(request, "admin/bad_parameter.html", context, status=400)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        view = self.admin_view(self.view_on_site)
        return [
            path("r/<path:content_type_id>/<path:object_id>/", view, name="view_on_site"),
            *urls,
        ]

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponse:
        """Redirect to an object's page on the site, if the user may open that page.

        Django's own shortcut redirects to any object's URL, which gives away that an id exists
        and, for a course, its slug (its title) even for another centre's draft.
        """
        from django.contrib.contenttypes.models import ContentType

        from courses.permissions import may_open_page

        try:
            content_type = ContentType.objects.get_for_id(int(content_type_id))
        except (ValueError, OverflowError, ContentType.DoesNotExist):
            raise Http404 from None
        model = content_type.model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            raise Http404
        try:
            obj = model._default_manager.filter(pk=object_id).first()
        except (ValueError, TypeError, OverflowError, ValidationError):
            raise Http404 from None
        if obj is None or not may_open_page(request.user, obj):
            raise Http404
        return HttpResponseRedirect(obj.get_absolute_url())
