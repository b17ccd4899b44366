"""The resource library in the admin, scoped like the rest (see `scoping.py`).

A centre admin sees its own centre's resources, who downloaded them, the grants it gave and
the access requests that involve its centre (incoming and outgoing). Rows are read-only here:
every change goes through the same services as the site (archive, restore, grant, refuse,
withdraw), as bulk actions, so the rules and the e-mails are the same wherever a change is made.
Nothing shared is hard-deleted.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .. import workflow
from ..models import (
    Resource,
    ResourceAccessGrant,
    ResourceAccessRequest,
    ResourceAccessRequestEvent,
    ResourceDownload,
)
from ..people import person_name
from ..permissions import admin_centre_of
from ..services.library import (
    access_request_grant,
    access_request_refuse,
    access_request_withdraw,
    resource_archive,
)
from .actions import export_csv
from .requests import request_action
from .scoping import CentreScopedAdminMixin, run_service_on_each
from .timeline import TimelineInline


class ReadOnlyRowsMixin:
    """Rows are shown, never edited in a form; actions may still change them via services."""

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Without an object this is the right to run the change actions; with one, the page
        # stays a read-only view (its Save would write around the services).
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # A related row (a centre, a person) is shown by its name, not as a link: the other
        # centre's rows are not this admin's to open (the link led to "doesn't exist").
        return [
            _as_text(field) if field.is_relation else field.name
            for field in self.model._meta.fields
        ]

    def get_exclude(self, request: HttpRequest, obj=None):
        return [field.name for field in self.model._meta.fields if field.is_relation]


def _as_text(field):
    """A read-only column showing the related row's name under the field's label."""

    def show(obj) -> str:
        related = getattr(obj, field.name)
        if related is None:
            return admin.site.empty_value_display
        if hasattr(related, "get_full_name"):  # a person
            return person_name(related)
        return str(related)

    show.short_description = field.verbose_name
    show.__name__ = field.name
    return show


@admin.register(Resource)
class ResourceAdmin(ReadOnlyRowsMixin, CentreScopedAdminMixin, SimpleHistoryAdmin):
    centre_path = "owner_centre"
    list_display = (
        "title",
        "version",
        "owner_centre",
        "kind",
        "visibility",
        "is_archived",
        "downloads",
        "added",
    )
    csv_fields = (
        "title",
        "version_label",
        "owner_centre",
        "kind",
        "visibility",
        "is_archived",
        "download_count",
        "created_at",
    )
    list_filter = ("visibility", "kind", "is_archived", "un_edition__package")
    list_select_related = ("owner_centre",)
    search_fields = ("title", "description", "version_label")
    date_hierarchy = "created_at"
    actions = ("archive", "restore", export_csv)

    @admin.display(description=_("version"), ordering="version_label")
    def version(self, resource: Resource) -> str:
        return resource.version_label or "—"

    @admin.display(description=_("downloads"), ordering="download_count")
    def downloads(self, resource: Resource) -> int:
        return resource.download_count

    @admin.display(description=_("added"), ordering="created_at")
    def added(self, resource: Resource) -> str:
        return date_format(timezone.localtime(resource.created_at)).replace(" ", "\u00a0")

    def get_list_display(self, request):
        if admin_centre_of(request.user) is not None:
            return tuple(f for f in self.list_display if f != "owner_centre")
        return self.list_display

    def get_list_filter(self, request):
        if admin_centre_of(request.user) is not None:
            return self.list_filter
        return (*self.list_filter, "owner_centre")

    @admin.action(description=_("Archive (take out of the library)"), permissions=["change"])
    def archive(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda resource, by: resource_archive(resource=resource, by=by, archived=True),
            done=ngettext_lazy(
                "%(count)d resource archived.", "%(count)d resources archived.", "count"
            ),
        )

    @admin.action(description=_("Put back in the library"), permissions=["change"])
    def restore(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda resource, by: resource_archive(resource=resource, by=by, archived=False),
            done=ngettext_lazy(
                "%(count)d resource put back in the library.",
                "%(count)d resources put back in the library.",
                "count",
            ),
        )


class AccessRequestEventInline(TimelineInline):
    model = ResourceAccessRequestEvent
    fields = ("created_at", "by", "what", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(ResourceAccessRequest)
class ResourceAccessRequestAdmin(ReadOnlyRowsMixin, CentreScopedAdminMixin, admin.ModelAdmin):
    # The owner centre decides; the requesting centre sees its own requests too.
    centre_path = "resource__owner_centre"
    centre_view_paths = ("requesting_centre",)
    list_display = ("resource", "requesting_centre", "status", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("resource", "resource__owner_centre", "requesting_centre")
    search_fields = ("resource__title", "requesting_centre__name", "requesting_centre__short_name")
    date_hierarchy = "created_at"
    inlines = (AccessRequestEventInline,)
    # The owner centre grants or refuses; the requesting centre withdraws its own requests.
    actions = (
        request_action(
            workflow.access_requests,
            "grant",
            access_request_grant,
            kwarg="access_request",
            description=_("Grant access"),
            done=ngettext_lazy(
                "%(count)d request granted.", "%(count)d requests granted.", "count"
            ),
        ),
        request_action(
            workflow.access_requests,
            "refuse",
            access_request_refuse,
            kwarg="access_request",
            description=_("Refuse"),
            done=ngettext_lazy(
                "%(count)d request refused.", "%(count)d requests refused.", "count"
            ),
        ),
        request_action(
            workflow.access_requests,
            "withdraw",
            access_request_withdraw,
            kwarg="access_request",
            description=_("Withdraw selected requests (sent by your centre)"),
            done=ngettext_lazy(
                "%(count)d request withdrawn.", "%(count)d requests withdrawn.", "count"
            ),
        ),
        export_csv,
    )


@admin.register(ResourceAccessGrant)
class ResourceAccessGrantAdmin(ReadOnlyRowsMixin, CentreScopedAdminMixin, admin.ModelAdmin):
    # Grants the centre gave for its resources, and those it received.
    centre_path = "resource__owner_centre"
    centre_view_paths = ("centre",)
    list_display = ("resource", "centre", "granted_by", "created_at")
    list_select_related = ("resource", "centre", "granted_by")
    search_fields = ("resource__title", "centre__name", "centre__short_name")
    actions = (export_csv,)


@admin.register(ResourceDownload)
class ResourceDownloadAdmin(ReadOnlyRowsMixin, CentreScopedAdminMixin, admin.ModelAdmin):
    centre_path = "resource__owner_centre"
    list_display = ("resource", "user", "centre", "created_at")
    list_select_related = ("resource", "user", "centre")
    search_fields = ("resource__title", "user__username")
    date_hierarchy = "created_at"
    actions = (export_csv,)
