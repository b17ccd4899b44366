"""Outgoing messages in the admin: what left, what waits, what failed (network admin only).

Rows are read-only; the one change is "Send again", which calls the outbox service. A message
that failed every attempt stays here, with its last error, until it is sent again.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..exceptions import DomainError
from ..models import OutboxMessage, OutboxStatus
from ..permissions import can_see_outbox
from ..services.outbox import outbox_retry
from .related import NamedEmptyChoicesAdminMixin


@admin.register(OutboxMessage)
class OutboxMessageAdmin(NamedEmptyChoicesAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "topic",
        "subject",
        "recipient_list",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error_short",
    )
    list_filter = ("status", "kind", "topic")
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    list_select_related = ()

    # Only the network admin sees the outbox; the centre admins' group has no permission on
    # it, and this says so again in the one place that decides.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_see_outbox(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_see_outbox(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # A NUL byte in a filter or search cannot reach PostgreSQL (it refuses the query); the
        # list answers it as any other impossible filter, with the "invalid lookup" notice.
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj: OutboxMessage) -> str:
        return ", ".join(obj.recipients)

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: OutboxMessage) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Send again"))
    def send_again(self, request: HttpRequest, queryset) -> None:
        chosen = list(queryset.filter(status__in=[OutboxStatus.FAILED, OutboxStatus.PENDING]))
        try:
            count = outbox_retry(messages=chosen, by=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d message is queued to be sent again.",
                "%(count)d messages are queued to be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        left = queryset.count() - count
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected message was already sent or is being sent; it was left alone.",
                    "%(count)d selected messages were already sent or are being sent; they were left alone.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )
