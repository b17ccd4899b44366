"""The resource library in the Django admin, scoped per centre.

A centre admin sees its own centre's resources, their downloads and the access requests that
involve its centre; the network admin sees all. Rows are read-only here: every change goes
through the same services as the site (archive, grant, refuse), as admin actions, so the rules
and the e-mails are the same wherever a change is made. Imported by courses/admin.py.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .exceptions import DomainError
from .models import Resource, ResourceAccessRequest, ResourceDownload
from .permissions import (
    editable_resources,
    is_network_admin,
    membership_of,
    visible_access_requests,
)
from .services.library import access_request_grant, access_request_refuse, resource_archive


class _CentreScopedReadOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_network_admin(request.user) or (
            request.user.is_staff and membership_of(request.user) is not None
        )

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Nothing shared is hard-deleted: resources are archived.
        return False


@admin.register(Resource)
class ResourceAdmin(_CentreScopedReadOnly):
    list_display = (
        "title",
        "version_label",
        "owner_centre",
        "kind",
        "visibility",
        "is_archived",
        "is_superseded",
        "download_count",
        "created_at",
    )
    list_filter = ("visibility", "kind", "is_archived", "owner_centre")
    search_fields = ("title", "description")
    actions = ("archive", "restore")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return editable_resources(request.user).select_related("owner_centre")

    def _archive(self, request: HttpRequest, queryset: QuerySet, archived: bool) -> None:
        for resource in queryset:
            resource_archive(resource=resource, by=request.user, archived=archived)
        self.message_user(request, f"{queryset.count()} resource(s) updated.", messages.SUCCESS)

    @admin.action(description="Archive (take out of the library)")
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._archive(request, queryset, True)

    @admin.action(description="Put back in the library")
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._archive(request, queryset, False)


@admin.register(ResourceAccessRequest)
class ResourceAccessRequestAdmin(_CentreScopedReadOnly):
    list_display = ("resource", "requesting_centre", "status", "created_at", "decided_at")
    list_filter = ("status",)
    actions = ("grant", "refuse")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return visible_access_requests(request.user).for_listing()

    def _decide(self, request: HttpRequest, queryset: QuerySet, decide) -> None:
        done = 0
        for access_request in queryset:
            try:
                decide(access_request=access_request, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{access_request}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} request(s) answered.", messages.SUCCESS)

    @admin.action(description="Grant access")
    def grant(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, access_request_grant)

    @admin.action(description="Refuse")
    def refuse(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, access_request_refuse)


@admin.register(ResourceDownload)
class ResourceDownloadAdmin(_CentreScopedReadOnly):
    list_display = ("resource", "user", "centre", "created_at")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        owned = editable_resources(request.user).values("pk")
        return ResourceDownload.objects.filter(resource__in=owned).select_related(
            "resource", "user", "centre"
        )
