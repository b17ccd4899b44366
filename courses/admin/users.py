"""Users in the admin: the network admin sees everyone; a centre admin manages its trainers.

A centre admin creates its centre's trainers, changes their names and e-mail, deactivates them
and resets their passwords. It sees its fellow admins but cannot change them, and never sees a
user of another centre, a superuser, or the fields that grant rights (staff, superuser, groups,
permissions).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..models import Membership
from ..permissions import admin_member_rows_q
from ..services import member_deactivate, member_set_password, member_update, trainer_create
from ..services.members import MEMBER_EDITABLE_FIELDS
from .actions import export_csv
from .related import CheckedIdsAdminMixin, NamedEmptyChoicesAdminMixin
from .scoping import CentreScopedAdminMixin, run_service_on_each

User = get_user_model()


class TrainerCreationForm(AdminUserCreationForm):
    """A new trainer's account: who it is and its first password."""

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class MemberPasswordForm(AdminPasswordChangeForm):
    """Django's password reset form for the admin, saving through the member service."""

    def save(self, commit: bool = True):
        if not self.cleaned_data.get("set_usable_password", True):
            return super().save(commit=commit)
        return member_set_password(user=self.user, by=None, password=self.cleaned_data["password1"])


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(NamedEmptyChoicesAdminMixin, CheckedIdsAdminMixin, DjangoGroupAdmin):
    """Django's own group admin (the network admin's alone), with its posted ids checked."""


@admin.register(User)
class UserAdmin(CentreScopedAdminMixin, DjangoUserAdmin):
    centre_path = "membership__centre"
    change_password_form = MemberPasswordForm
    list_display = (
        "username",
        "name",
        "email",
        "centre_name",
        "role",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_select_related = ("membership", "membership__centre")
    actions = ("deactivate", export_csv)

    centre_admin_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    centre_admin_add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def rows_q(self, request, *, write: bool) -> Q:
        return admin_member_rows_q(request.user, write=write)

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, user) -> str:
        return user.get_full_name() or "—"

    @admin.display(description=_("centre"), ordering="membership__centre__short_name")
    def centre_name(self, user) -> str:
        membership = self._membership(user)
        return membership.centre.short_name if membership else "—"

    @admin.display(description=_("role"), ordering="membership__role")
    def role(self, user) -> str:
        membership = self._membership(user)
        return membership.get_role_display() if membership else "—"

    @staticmethod
    def _membership(user) -> Membership | None:
        try:
            return user.membership
        except Membership.DoesNotExist:
            return None

    def get_list_display(self, request):
        if self.is_scoped(request):
            return tuple(f for f in self.list_display if f not in ("centre_name", "is_staff"))
        return self.list_display

    def get_list_filter(self, request):
        if self.is_scoped(request):
            return ("is_active", "membership__role")
        return (*self.list_filter, "membership__centre", "membership__role")

    def get_fieldsets(self, request, obj=None):
        if not self.is_scoped(request):
            return super().get_fieldsets(request, obj)
        return self.centre_admin_fieldsets if obj else self.centre_admin_add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if self.is_scoped(request):
            return ("last_login", "date_joined")
        return super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and self.is_scoped(request):
            kwargs["form"] = TrainerCreationForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.is_scoped(request):
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        if change:
            saved = member_update(
                user=obj,
                by=request.user,
                **{f: data[f] for f in form.changed_data if f in MEMBER_EDITABLE_FIELDS},
            )
        else:
            saved = trainer_create(
                centre=self.own_centre(request),
                by=request.user,
                username=data["username"],
                password=data["password1"],
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False
        return None

    def save_related(self, request, form, formsets, change):
        # A centre admin's form has no groups or permissions to save; the network admin's does.
        if not self.is_scoped(request):
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Deactivate selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda user, by: member_deactivate(user=user, by=by),
            done=ngettext_lazy(
                "%(count)d user deactivated; they can no longer sign in.",
                "%(count)d users deactivated; they can no longer sign in.",
                "count",
            ),
        )
