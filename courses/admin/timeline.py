"""The read-only timeline shown under a seat request or a resource access request."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..people import person_name
from ..workflow import EVENT_WORDS


class TimelineInline(admin.TabularInline):
    """A request's events, oldest first, that nobody adds, changes or deletes in the admin.

    Events are written by the services that change the request; `fields` names the columns.
    """

    verbose_name = _("timeline entry")
    verbose_name_plural = _("timeline")
    extra = 0
    can_delete = False
    ordering = ("created_at", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("by"))
    def by(self, event) -> str | None:
        # A name, not a link: the other centre's people are not this admin's to open.
        return person_name(event.actor)

    @admin.display(description=_("action"))
    def what(self, event) -> str:
        # The event's word ("submit", "grant") in the reader's language, as the site's timeline
        # says it; a word the workflow does not know is shown as it is.
        return str(EVENT_WORDS.get(event.action, event.action))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
