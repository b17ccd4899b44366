"""Seat requests in the admin: incoming and outgoing, with their timeline, read-only.

A request changes only through the decisions of the seat-request services (approve, waitlist,
decline, withdraw), which keep the timeline and the capacity guarantee.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .. import workflow
from ..models import Participant, SeatRequest, SeatRequestEvent
from ..people import person_name
from ..permissions import (
    admin_centre_of,
    may_erase_seat_request,
    may_use_admin,
    may_view_participants,
)
from ..services.exchange import (
    seat_request_approve,
    seat_request_decline,
    seat_request_waitlist,
    seat_request_withdraw,
)
from .actions import export_csv
from .related import NamedEmptyChoicesAdminMixin
from .requests import request_action
from .scoping import CentreScopedAdminMixin
from .timeline import TimelineInline


class SeatRequestEventInline(TimelineInline):
    model = SeatRequestEvent
    fields = ("created_at", "by", "what", "from_status", "to_status", "seats_approved", "note")
    readonly_fields = fields


class ParticipantInline(NamedEmptyChoicesAdminMixin, admin.TabularInline):
    """Who comes on the request, read only: the requesting centre names and substitutes them on
    the site, where the service keeps the seat limit and the timeline. Shown inside the request,
    so exactly those who may open the request (its two centres, the network admin) see names;
    the participants' own audit history keeps no name (see `models/participants.py`)."""

    model = Participant
    verbose_name_plural = _("participants")
    extra = 0
    can_delete = False
    fields = ("rank", "full_name", "gender", "service", "position", "email", "status")
    readonly_fields = fields
    ordering = ("removed_at", "named_at", "pk")

    @admin.display(description=_("status"))
    def status(self, obj: Participant) -> str:
        if obj.removed_at is None:
            return _("substitute") if obj.replaces_id else _("named")
        return _("replaced") if hasattr(obj, "replaced_by") else _("removed")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("replaced_by")

    def has_view_permission(self, request, obj=None):
        # Not the model permission: whoever may open the request in the admin and may read its
        # names (permissions.py) sees them, and nobody else, whatever was granted by hand.
        # Asked without a request too (to build the queryset, then filtered to the request).
        if obj is None:
            return may_use_admin(request.user)
        return isinstance(obj, SeatRequest) and may_view_participants(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Related objects are shown as text, not as links: the offering (or the people) of the other
# centre are not for this admin to open.
class DirectionFilter(admin.SimpleListFilter):
    """Incoming (to the admin's centre) or outgoing (sent by it)."""

    title = _("direction")
    parameter_name = "direction"

    def lookups(self, request, model_admin):
        if admin_centre_of(request.user) is None:
            return ()
        return (("incoming", _("Incoming")), ("outgoing", _("Outgoing")))

    def queryset(self, request, queryset):
        centre = admin_centre_of(request.user)
        if centre is None or self.value() not in ("incoming", "outgoing"):
            return queryset
        if self.value() == "incoming":
            return queryset.incoming_for(centre)
        return queryset.outgoing_for(centre)


SEAT_REQUEST_FIELDS = (
    "offering_name",
    "host_centre_name",
    "requesting_centre_name",
    "requested_by_name",
    "status",
    "seats_requested",
    "women_nominated",
    "seats_approved",
    "participant_profile",
    "message",
    "decided_by_name",
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
        "from_centre",
        "status",
        "seats",
        "women",
        "approved",
        "received",
    )
    csv_fields = (
        "offering",
        "host_centre_name",
        "requesting_centre",
        "status",
        "seats_requested",
        "women_nominated",
        "seats_approved",
        "requested_by",
        "created_at",
        "decided_at",
    )
    list_filter = (DirectionFilter, "status")
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
    inlines = (ParticipantInline, SeatRequestEventInline)
    # The same services as the request page: the host centre approves (every requested seat,
    # within the free partner seats, under a lock), waitlists or declines; the requesting
    # centre withdraws. One refused row stops the whole action and changes nothing.
    actions = (
        request_action(
            workflow.seat_requests,
            "approve",
            seat_request_approve,
            kwarg="seat_request",
            description=_("Approve selected requests (all seats requested)"),
            done=ngettext_lazy(
                "%(count)d request approved.", "%(count)d requests approved.", "count"
            ),
        ),
        request_action(
            workflow.seat_requests,
            "waitlist",
            seat_request_waitlist,
            kwarg="seat_request",
            description=_("Waitlist selected requests"),
            done=ngettext_lazy(
                "%(count)d request waitlisted.", "%(count)d requests waitlisted.", "count"
            ),
        ),
        request_action(
            workflow.seat_requests,
            "decline",
            seat_request_decline,
            kwarg="seat_request",
            description=_("Decline selected requests"),
            done=ngettext_lazy(
                "%(count)d request declined.", "%(count)d requests declined.", "count"
            ),
        ),
        request_action(
            workflow.seat_requests,
            "withdraw",
            seat_request_withdraw,
            kwarg="seat_request",
            description=_("Withdraw selected requests (sent by your centre)"),
            done=ngettext_lazy(
                "%(count)d request withdrawn.", "%(count)d requests withdrawn.", "count"
            ),
        ),
        export_csv,
    )

    @admin.display(description=_("host"), ordering="offering__course__centre__short_name")
    def host_centre_name(self, obj: SeatRequest) -> str:
        return obj.offering.course.centre.short_name

    @admin.display(description=_("from"), ordering="requesting_centre__short_name")
    def from_centre(self, obj: SeatRequest) -> str:
        return obj.requesting_centre.short_name

    @admin.display(description=_("seats"), ordering="seats_requested")
    def seats(self, obj: SeatRequest) -> int:
        return obj.seats_requested

    def get_queryset(self, request):
        # The women of a request: its named participants once named (see Participant).
        return super().get_queryset(request).with_women_count()

    @admin.display(description=_("women"), ordering="women_count")
    def women(self, obj: SeatRequest) -> int:
        return obj.women_count

    @admin.display(description=_("approved"), ordering="seats_approved")
    def approved(self, obj: SeatRequest) -> int:
        return obj.seats_approved

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj: SeatRequest) -> str:
        return date_format(timezone.localtime(obj.created_at)).replace(" ", "\u00a0")

    @admin.display(description=_("offering"))
    def offering_name(self, obj: SeatRequest) -> str:
        return str(obj.offering)

    @admin.display(description=_("requesting centre"))
    def requesting_centre_name(self, obj: SeatRequest) -> str:
        return str(obj.requesting_centre)

    @admin.display(description=_("requested by"))
    def requested_by_name(self, obj: SeatRequest) -> str | None:
        return person_name(obj.requested_by)

    @admin.display(description=_("decided by"))
    def decided_by_name(self, obj: SeatRequest) -> str | None:
        return person_name(obj.decided_by)

    def has_change_permission(self, request, obj=None):
        # Without an object: the right to run the decision actions. With one, the page is a
        # read-only view, because its Save would write around the seat-request services.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        # Requests are made by trainers on the offering's page, not typed in the admin.
        return False

    def has_delete_permission(self, request, obj=None):
        # A request is history between two centres: it is withdrawn or declined, never erased
        # by one of them. Only the network admin may remove one.
        return may_erase_seat_request(request.user) and super().has_delete_permission(request, obj)
