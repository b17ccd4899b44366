"""Centres, memberships and the shared vocabularies in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from ..models import Centre, Language, Membership, Theme
from ..permissions import may_run_network
from ..services import centre_save, membership_remove, membership_set
from ..services.centres import CENTRE_NETWORK_FIELDS, CENTRE_PROFILE_FIELDS
from .actions import export_csv
from .scoping import CentreScopedAdminMixin


@admin.register(Centre)
class CentreAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    centre_path = "pk"
    list_display = (
        "name",
        "short_name",
        "slug",
        "kind",
        "country",
        "city",
        "contact_email",
        "is_active",
    )
    list_filter = ("is_active", "kind", "partner_type", "country")
    search_fields = ("name", "short_name", "slug", "city")
    fields = (
        *CENTRE_PROFILE_FIELDS[:2],
        "slug",
        "kind",
        "partner_type",
        *CENTRE_PROFILE_FIELDS[2:],
        "is_active",
    )
    actions = (export_csv,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        # The slug is in URLs and partner systems; whether a centre is active in the network
        # is the secretariat's decision.
        if self.is_scoped(request):
            return CENTRE_NETWORK_FIELDS
        return ()

    def has_add_permission(self, request):
        return may_run_network(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return may_run_network(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        network = may_run_network(request.user)
        editable = CENTRE_PROFILE_FIELDS + (CENTRE_NETWORK_FIELDS if network else ())
        saved = centre_save(
            centre=obj if change else Centre(),
            by=request.user,
            **{field: form.cleaned_data[field] for field in editable if field in form.cleaned_data},
        )
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False


@admin.register(Membership)
class MembershipAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    centre_path = "centre"
    list_display = ("user", "centre", "role", "created_at")
    list_filter = ("role", "centre")
    list_select_related = ("user", "centre")
    search_fields = ("user__username", "user__first_name", "user__last_name", "centre__name")
    autocomplete_fields = ("user", "centre")
    actions = (export_csv,)

    def get_list_filter(self, request):
        return ("role",) if self.is_scoped(request) else self.list_filter

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        # Only the network admin gets here with write rights (the centre admins' group only
        # views memberships); the service keeps the admin group and staff flag in step.
        saved = membership_set(
            user=form.cleaned_data["user"] if not change else obj.user,
            centre=form.cleaned_data["centre"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        membership_remove(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            membership_remove(membership=membership, by=request.user)


@admin.register(Theme)
class ThemeAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    # Shared by the whole network: centre admins read it, the secretariat keeps it.
    centre_path = None
    list_display = ("name", "slug", "is_priority")
    list_filter = ("is_priority",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Language)
class LanguageAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    centre_path = None
    list_display = ("name", "code")
    search_fields = ("name", "code")
