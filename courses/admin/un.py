"""The UN training packages and their editions in the admin: the network admin keeps them;
a centre admin never changes them (it picks an edition on its courses and resources)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect

from ..exceptions import DomainError
from ..models import UNPackageEdition, UNTrainingPackage
from ..permissions import may_edit_un_packages
from ..services.un import un_edition_delete, un_edition_save, un_package_delete, un_package_save
from .scoping import CentreScopedAdminMixin


class UNReferenceAdminMixin(CentreScopedAdminMixin):
    # Shared by the whole network: whoever may use the admin reads it, the network admin
    # alone writes it (`may_edit_un_packages`), in the admin as in the services.
    centre_path = None

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return may_edit_un_packages(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_edit_un_packages(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_edit_un_packages(request.user) and super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class UNPackageEditionInline(admin.TabularInline):
    model = UNPackageEdition
    extra = 0
    fields = ("label", "release_date")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UNTrainingPackage)
class UNTrainingPackageAdmin(UNReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "slug")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "short_name", "slug", "kind", "description")
    inlines = (UNPackageEditionInline,)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = un_package_save(
            package=obj if change else UNTrainingPackage(),
            by=request.user,
            **{field: data[field] for field in self.fields if field in data},
        )
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def delete_model(self, request, obj):
        un_package_delete(package=obj, by=request.user)


@admin.register(UNPackageEdition)
class UNPackageEditionAdmin(UNReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("package", "label", "release_date")
    list_filter = ("package",)
    list_select_related = ("package",)
    search_fields = ("package__name", "label")
    fields = ("package", "label", "release_date")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = un_edition_save(
            edition=obj if change else UNPackageEdition(),
            by=request.user,
            package=data["package"],
            label=data["label"],
            release_date=data["release_date"],
        )
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def delete_model(self, request, obj):
        un_edition_delete(edition=obj, by=request.user)
