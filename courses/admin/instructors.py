"""The instructor exchange in the admin, scoped like the rest (see `scoping.py`).

A centre admin sees its own centre's offers and the instructor requests that involve its
centre (incoming and outgoing). Rows are read-only here: offers are written on the site's
pages, and every move of a request goes through the same services as the site (approve,
decline, cancel, withdraw), as bulk actions made by the request engine's factory, so the
rules, the timeline and the e-mails are the same wherever a change is made.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import workflow
from ..models import Instructor, InstructorAvailability, InstructorRequest, InstructorRequestEvent
from ..services.instructors import (
    instructor_archive,
    instructor_request_approve,
    instructor_request_cancel,
    instructor_request_decline,
    instructor_request_withdraw,
)
from .actions import export_csv
from .library import ReadOnlyRowsMixin
from .requests import request_action
from .scoping import CentreScopedAdminMixin, run_service_on_each
from .timeline import TimelineInline


class AvailabilityInline(admin.TabularInline):
    model = InstructorAvailability
    extra = 0
    can_delete = False
    fields = ("start_date", "end_date")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Instructor)
class InstructorAdmin(ReadOnlyRowsMixin, CentreScopedAdminMixin, admin.ModelAdmin):
    centre_path = "centre"
    list_display = ("title", "kind", "centre", "team_size", "is_archived")
    list_filter = ("kind", "is_archived")
    list_select_related = ("centre",)
    search_fields = ("title", "summary", "person_name")
    inlines = (AvailabilityInline,)
    actions = ("archive", "restore", export_csv)

    @admin.action(description=_("Archive (take out of the list)"), permissions=["change"])
    def archive(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda instructor, by: instructor_archive(instructor=instructor, by=by),
            done=ngettext_lazy("%(count)d offer archived.", "%(count)d offers archived.", "count"),
        )

    @admin.action(description=_("Put back in the list"), permissions=["change"])
    def restore(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda instructor, by: instructor_archive(instructor=instructor, by=by, archived=False),
            done=ngettext_lazy(
                "%(count)d offer put back in the list.",
                "%(count)d offers put back in the list.",
                "count",
            ),
        )


class InstructorRequestEventInline(TimelineInline):
    model = InstructorRequestEvent
    fields = ("created_at", "by", "what", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(InstructorRequest)
class InstructorRequestAdmin(ReadOnlyRowsMixin, CentreScopedAdminMixin, admin.ModelAdmin):
    # The lending centre decides; the requesting centre sees its own requests too.
    centre_path = "instructor__centre"
    centre_view_paths = ("requesting_centre",)
    list_display = ("instructor", "requesting_centre", "start_date", "end_date", "status")
    list_filter = ("status",)
    list_select_related = ("instructor", "instructor__centre", "requesting_centre")
    search_fields = ("instructor__title", "requesting_centre__name", "city")
    date_hierarchy = "start_date"
    inlines = (InstructorRequestEventInline,)
    actions = (
        request_action(
            workflow.instructor_requests,
            "approve",
            instructor_request_approve,
            kwarg="instructor_request",
            description=_("Approve"),
            done=ngettext_lazy(
                "%(count)d request approved.", "%(count)d requests approved.", "count"
            ),
        ),
        request_action(
            workflow.instructor_requests,
            "decline",
            instructor_request_decline,
            kwarg="instructor_request",
            description=_("Decline"),
            done=ngettext_lazy(
                "%(count)d request declined.", "%(count)d requests declined.", "count"
            ),
        ),
        request_action(
            workflow.instructor_requests,
            "cancel",
            instructor_request_cancel,
            kwarg="instructor_request",
            description=_("Cancel the approved loans"),
            done=ngettext_lazy("%(count)d loan cancelled.", "%(count)d loans cancelled.", "count"),
        ),
        request_action(
            workflow.instructor_requests,
            "withdraw",
            instructor_request_withdraw,
            kwarg="instructor_request",
            description=_("Withdraw selected requests (sent by your centre)"),
            done=ngettext_lazy(
                "%(count)d request withdrawn.", "%(count)d requests withdrawn.", "count"
            ),
        ),
        export_csv,
    )
