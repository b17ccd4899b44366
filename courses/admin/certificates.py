"""Certificates in the admin, read only: the network admin sees every one, a centre admin those
of its own offerings and of its own people (the scoped admin). A certificate is issued when the
host marks completion on the roll and revoked from its page there, with a reason, by the
attendance and certificate services; nobody edits one here.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..models import Certificate
from .scoping import CentreScopedAdminMixin


@admin.register(Certificate)
class CertificateAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    centre_path = "participant__seat_request__offering__course__centre"
    centre_view_paths = ("participant__seat_request__requesting_centre",)
    list_display = (
        "code",
        "participant_name",
        "course_title",
        "start_date",
        "host_centre_name",
        "issued_at",
        "is_valid",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("code", "course_title")
    date_hierarchy = "issued_at"
    readonly_fields = [
        f.name for f in Certificate._meta.fields if f.name not in ("id", "participant")
    ]
    exclude = ("participant",)
    list_select_related = ()
    # Its page is public by code; the admin links to nothing of another centre's.
    view_on_site = False

    @admin.display(description=_("valid"), boolean=True)
    def is_valid(self, obj: Certificate) -> bool:
        return not obj.is_revoked

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
