"""Seat requests in the admin: incoming and outgoing, with their timeline, read-only.

A request changes only through the decisions of the seat-request services (approve, waitlist,
decline, withdraw), which keep the timeline and the capacity guarantee.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import SeatRequest, SeatRequestEvent
from .actions import export_csv
from .scoping import CentreScopedAdminMixin


class SeatRequestEventInline(admin.TabularInline):
    model = SeatRequestEvent
    extra = 0
    fields = ("created_at", "actor", "action", "from_status", "to_status", "seats_approved", "note")
    readonly_fields = fields
    can_delete = False
    ordering = ("created_at", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


SEAT_REQUEST_FIELDS = (
    "offering",
    "requesting_centre",
    "requested_by",
    "status",
    "seats_requested",
    "women_nominated",
    "seats_approved",
    "participant_profile",
    "message",
    "decided_by",
    "decided_at",
    "response",
    "created_at",
    "updated_at",
)


@admin.register(SeatRequest)
class SeatRequestAdmin(CentreScopedAdminMixin, SimpleHistoryAdmin):
    # The host centre (owner of the offering) decides; the requesting centre sees its own
    # outgoing requests too, without deciding them.
    centre_path = "offering__course__centre"
    centre_view_paths = ("requesting_centre",)
    list_display = (
        "offering",
        "host_centre_name",
        "requesting_centre",
        "status",
        "seats_requested",
        "women_nominated",
        "seats_approved",
        "requested_by",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = (
        "offering",
        "offering__course",
        "offering__course__centre",
        "requesting_centre",
        "requested_by",
    )
    search_fields = (
        "offering__course__title",
        "requesting_centre__name",
        "requesting_centre__short_name",
        "participant_profile",
    )
    date_hierarchy = "created_at"
    fields = SEAT_REQUEST_FIELDS
    readonly_fields = SEAT_REQUEST_FIELDS
    inlines = (SeatRequestEventInline,)
    actions = (export_csv,)

    @admin.display(description="host centre", ordering="offering__course__centre__short_name")
    def host_centre_name(self, obj: SeatRequest) -> str:
        return obj.offering.course.centre.short_name

    def has_add_permission(self, request):
        # Requests are made by trainers on the offering's page, not typed in the admin.
        return False

    def has_delete_permission(self, request, obj=None):
        # A request is history between two centres: it is withdrawn or declined, never erased
        # by one of them. Only the network admin may remove one.
        return not self.is_scoped(request) and super().has_delete_permission(request, obj)
