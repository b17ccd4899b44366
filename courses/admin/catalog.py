"""Courses and their offerings in the admin; every write goes through the catalog services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..exceptions import DomainError
from ..models import Course, Offering, UNRecognition, country_name
from ..permissions import may_erase_shared
from ..services import (
    course_archive,
    course_create,
    course_publish,
    course_update,
    offering_create,
    offering_update,
)
from ..services.catalog import (
    COURSE_EDITABLE_FIELDS,
    COURSE_STATUS_TRANSITIONS,
    OFFERING_EDITABLE_FIELDS,
    course_delete,
    offering_cancel,
    offering_delete,
    seat_requests_blocking_delete,
)
from .actions import export_csv
from .related import NamedEmptyChoicesAdminMixin
from .scoping import CentreScopedAdminMixin, run_service_on_each


class DeleteThroughServicesMixin:
    """Deleting in the admin goes through the catalog's delete services.

    Only the network admin erases courses and offerings (`may_erase_shared`); a centre admin
    archives a course or cancels an offering, so other centres' links and requests stay.
    Rows that other centres' seat requests depend on are listed as protected on the
    confirmation page (the delete view and the bulk action then refuse, as for PROTECT). A
    refusal that only shows at the moment of deleting (a seat request arrived meanwhile) is a
    message, never a server error.
    """

    delete_service: Any = None
    delete_kwarg = ""

    def has_delete_permission(self, request, obj=None):
        return may_erase_shared(request.user) and super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except DomainError as error:
            self.message_user(
                request,
                _("Nothing was deleted: %(reason)s") % {"reason": error.message},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if perms_needed:
            # A centre admin may not delete seat requests at all: the admin already refuses.
            return deleted, counts, perms_needed, protected
        # The network admin may delete seat requests one by one, never as a side effect.
        blocking = seat_requests_blocking_delete(**{f"{self.delete_kwarg}s": list(objs)})
        protected = [
            *protected,
            *(gettext("Seat request: %(request)s") % {"request": sr} for sr in blocking),
        ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        type(self).delete_service(**{self.delete_kwarg: obj, "by": request.user})

    def delete_queryset(self, request, queryset):
        # All or nothing: one refused row keeps every selected row.
        with transaction.atomic():
            for obj in queryset:
                type(self).delete_service(**{self.delete_kwarg: obj, "by": request.user})


def _copy_saved(target, saved) -> None:
    """Make the admin's in-memory object the row a service saved (pk, slug, timestamps)."""
    target.pk = saved.pk
    target.refresh_from_db()
    target._state.adding = False


class OfferingInline(NamedEmptyChoicesAdminMixin, admin.TabularInline):
    model = Offering
    extra = 0
    fields = (
        "start_date",
        "end_date",
        "city",
        "country",
        "application_deadline",
        "seats_total",
        "partner_seats",
        "approved",
    )
    # Approved seats are written by the seat-request services only; cancelling an offering is
    # its own service because it tells the centres holding seats (the offering's own page
    # shows its status).
    readonly_fields = ("approved",)
    show_change_link = True
    # An offering with seat requests is never hard-deleted from a course form.
    can_delete = False
    # Narrow inputs, so that a whole offering fits on one row of the course form. Classes of
    # static/css/admin.css, not style attributes: the Content-Security-Policy refuses those.
    widths = {"city": "admin-width-8", "country": "admin-width-9", "seats_total": "admin-width-4"}
    widths["partner_seats"] = "admin-width-4"
    short_labels = {"seats_total": _("seats"), "partner_seats": _("partner seats")}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.widths:
            field.widget.attrs["class"] = self.widths[db_field.name]
        if field is not None and db_field.name in self.short_labels:
            field.label = self.short_labels[db_field.name]
        if field is not None:
            # A table row's inputs have their column heading only: each one names itself to
            # screen readers (and to axe-core's "label" and "select-name" rules).
            field.widget.attrs["aria-label"] = capfirst(field.label)
        return field

    @admin.display(description=_("approved"))
    def approved(self, offering: Offering) -> int:
        return offering.partner_seats_taken


@admin.register(Course)
class CourseAdmin(DeleteThroughServicesMixin, CentreScopedAdminMixin, SimpleHistoryAdmin):
    delete_service = course_delete
    delete_kwarg = "course"
    centre_path = "centre"
    list_display = (
        "title",
        "centre",
        "status",
        "level",
        "delivery_mode",
        "updated",
    )
    csv_fields = (
        "title",
        "slug",
        "centre",
        "status",
        "audience",
        "level",
        "delivery_mode",
        "duration_days",
        "un_status",
        "un_certificate_date",
        "un_expiry_date",
        "un_edition",
        "created_at",
        "updated_at",
    )
    list_filter = ("status", "audience", "level", "delivery_mode", "un_status", "themes")
    list_select_related = ("centre",)
    search_fields = ("title", "slug", "summary", "centre__name", "centre__short_name")
    date_hierarchy = "created_at"
    # Themes and languages are short reference lists: ticked in a list of labelled checkboxes,
    # where the autocomplete's search box had no label anyone could read.
    autocomplete_fields = ("centre",)
    readonly_fields = ("slug", "created_by", "created_at", "updated_at")
    inlines = (OfferingInline,)
    actions = ("publish", "archive", export_csv)
    fieldsets = (
        (None, {"fields": ("centre", "title", "slug", "summary", "description", "status")}),
        (
            _("Who it is for"),
            {
                "fields": (
                    "themes",
                    "audience",
                    "level",
                    "languages",
                    "delivery_mode",
                    "duration_days",
                    "prerequisites",
                )
            },
        ),
        (
            _("UN recognition and training package"),
            {
                "fields": (
                    "un_status",
                    "un_certificate_date",
                    "un_expiry_date",
                    "un_evidence",
                    "un_edition",
                )
            },
        ),
        (
            _("Record"),
            {"classes": ("collapse",), "fields": ("created_by", "created_at", "updated_at")},
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("title", "summary") and field is not None:
            field.widget.attrs["class"] = "admin-width-40"
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("themes", "languages"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, course: Course) -> str:
        return date_format(timezone.localtime(course.updated_at)).replace(" ", "\u00a0")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "un_status" in form.base_fields:
            # Left out of a post (a script, an older form): the course keeps what it had.
            field = form.base_fields["un_status"]
            field.required = False
            field.empty_value = obj.un_status if obj is not None else UNRecognition.NOT_RECOGNISED
        if obj is not None and "status" in form.base_fields:
            # Offer only the statuses the course may move to (a published course never goes
            # back to draft), so the choice is refused on the form, not after saving.
            allowed = {obj.status, *COURSE_STATUS_TRANSITIONS[obj.status]}
            field = form.base_fields["status"]
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
        return form

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The centre of an existing course never changes (its offerings, requests and
        # certificates are its centre's); it is chosen when the course is added.
        if obj is not None:
            return ("centre", *self.readonly_fields)
        return self.readonly_fields

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.is_scoped(request):
            return fieldsets
        # A centre admin's courses are its centre's: the field is not on its form at all.
        first, *rest = fieldsets
        fields = tuple(field for field in first[1]["fields"] if field != "centre")
        return ((first[0], {**first[1], "fields": fields}), *rest)

    def get_list_filter(self, request: HttpRequest):
        if self.is_scoped(request):
            return self.list_filter
        return ("centre", *self.list_filter)

    def get_list_display(self, request: HttpRequest):
        if self.is_scoped(request):
            return tuple(field for field in self.list_display if field != "centre")
        return self.list_display

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = course_update(
                course=obj,
                by=request.user,
                themes=data["themes"],
                languages=data["languages"],
                **{field: data[field] for field in COURSE_EDITABLE_FIELDS if field in data},
            )
        else:
            saved = course_create(
                centre=self.own_centre(request) if self.is_scoped(request) else data["centre"],
                by=request.user,
                themes=data["themes"],
                languages=data["languages"],
                **{field: data[field] for field in COURSE_EDITABLE_FIELDS if field in data},
            )
        _copy_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        # Themes and languages were set by the service; the inline offerings remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # The admin's change message reads these three lists, as formset.save() would fill.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            data = inline_form.cleaned_data
            instance = inline_form.instance
            if instance.pk is None and inline_form not in formset.extra_forms:
                # A row sent as an existing offering that the course does not have (deleted
                # meanwhile, or an id of another course): nothing to save, as Django's own
                # formset does, never a copy of it as a new offering.
                continue
            if instance.pk is None:
                saved = offering_create(
                    course=form.instance,
                    by=request.user,
                    **{field: data[field] for field in OFFERING_EDITABLE_FIELDS if field in data},
                )
                formset.new_objects.append(instance)
            else:
                saved = offering_update(
                    offering=instance,
                    by=request.user,
                    **{
                        field: data[field]
                        for field in inline_form.changed_data
                        if field in OFFERING_EDITABLE_FIELDS
                    },
                )
                formset.changed_objects.append((instance, inline_form.changed_data))
            _copy_saved(instance, saved)

    @admin.action(description=_("Publish selected courses"), permissions=["change"])
    def publish(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda course, by: course_publish(course=course, by=by),
            done=ngettext_lazy(
                "%(count)d course published.", "%(count)d courses published.", "count"
            ),
        )

    @admin.action(description=_("Archive selected courses"), permissions=["change"])
    def archive(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda course, by: course_archive(course=course, by=by),
            done=ngettext_lazy(
                "%(count)d course archived.", "%(count)d courses archived.", "count"
            ),
        )


class OfferingCountryFilter(admin.SimpleListFilter):
    """Only the countries the listed offerings are in (not every country of the network)."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((code, country_name(code)) for code in codes), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(Offering)
class OfferingAdmin(DeleteThroughServicesMixin, CentreScopedAdminMixin, SimpleHistoryAdmin):
    delete_service = offering_delete
    delete_kwarg = "offering"
    centre_path = "course__centre"
    list_display = (
        "course",
        "starts",
        "ends",
        "city",
        "deadline",
        "seats_total",
        "partner_seats_approved",
        "status",
    )
    csv_fields = (
        "course",
        "start_date",
        "end_date",
        "city",
        "country",
        "application_deadline",
        "seats_total",
        "partner_seats",
        "partner_seats_taken",
        "status",
    )
    # Only the countries the centre's offerings are in, not the whole list.
    list_filter = ("status", OfferingCountryFilter)
    list_select_related = ("course", "course__centre")
    search_fields = ("course__title", "city", "notes")
    date_hierarchy = "start_date"
    autocomplete_fields = ("course",)
    readonly_fields = ("partner_seats_taken", "status", "created_by", "created_at", "updated_at")
    actions = ("cancel", export_csv)
    fields = (
        "course",
        "start_date",
        "end_date",
        "city",
        "country",
        "application_deadline",
        "seats_total",
        "partner_seats",
        "partner_seats_taken",
        "status",
        "notes",
        "created_by",
        "created_at",
        "updated_at",
    )

    @admin.action(description=_("Cancel selected offerings"), permissions=["change"])
    def cancel(self, request, queryset):
        # offering_cancel tells every centre holding or waiting for seats.
        run_service_on_each(
            self,
            request,
            queryset,
            lambda offering, by: offering_cancel(offering=offering, by=by),
            done=ngettext_lazy(
                "%(count)d offering cancelled; the centres with requests have been told.",
                "%(count)d offerings cancelled; the centres with requests have been told.",
                "count",
            ),
        )

    @admin.display(description=_("starts"), ordering="start_date")
    def starts(self, offering: Offering) -> str:
        return date_format(offering.start_date).replace(" ", "\u00a0")

    @admin.display(description=_("ends"), ordering="end_date")
    def ends(self, offering: Offering) -> str:
        return date_format(offering.end_date).replace(" ", "\u00a0")

    @admin.display(description=_("deadline"), ordering="application_deadline")
    def deadline(self, offering: Offering) -> str:
        return date_format(offering.application_deadline).replace(" ", "\u00a0")

    @admin.display(description=_("partner seats"), ordering="partner_seats_taken")
    def partner_seats_approved(self, offering: Offering) -> str:
        return gettext("%(taken)d of %(total)d taken") % {
            "taken": offering.partner_seats_taken,
            "total": offering.partner_seats,
        }

    def get_readonly_fields(self, request, obj=None):
        # The course of an existing offering never changes (its seat requests are about it).
        if obj is not None:
            return ("course", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = offering_update(
                offering=obj,
                by=request.user,
                **{
                    field: data[field]
                    for field in form.changed_data
                    if field in OFFERING_EDITABLE_FIELDS
                },
            )
        else:
            saved = offering_create(
                course=data["course"],
                by=request.user,
                **{field: data[field] for field in OFFERING_EDITABLE_FIELDS if field in data},
            )
        _copy_saved(obj, saved)
