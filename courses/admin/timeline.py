"""The read-only timeline shown under a seat request or a resource access request."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class TimelineInline(admin.TabularInline):
    """A request's events, oldest first, that nobody adds, changes or deletes in the admin.

    Events are written by the services that change the request; `fields` names the columns.
    """

    verbose_name = "timeline entry"
    verbose_name_plural = "timeline"
    extra = 0
    can_delete = False
    ordering = ("created_at", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("by"))
    def by(self, event) -> str | None:
        # A name, not a link: the other centre's people are not this admin's to open.
        return (event.actor.get_full_name() or event.actor.username) if event.actor else None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
