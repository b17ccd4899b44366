"""The one place that scopes the Django admin to a centre admin's own centre.

Every ModelAdmin of the product mixes in `CentreScopedAdminMixin` and names how its rows reach
their centre (`centre_path`). The mixin then limits, for a centre admin:

- what is listed, shown, changed, deleted, exported or acted upon (`get_queryset` and the
  per-object `has_*_permission` checks, which the change, delete and history views, bulk
  actions and `delete_selected` all go through);
- what a foreign key or many-to-many field may point at (`formfield_for_*`), so a POSTed id
  of another centre's course is "not a valid choice";
- what the admin's autocomplete endpoint returns (it asks the remote ModelAdmin's queryset);
- the history view (simple_history's own view looks an object up without the scope).

Through `CheckedIdsAdminMixin` (`related.py`), an id in a POST that no row can have ("abc",
99999999999999999999) is a form error or a row left out of an action, never a server error.

Every decision (who uses the admin, which rows it reaches to read or to write, what it may
add, what a field may point at) is asked of `courses.permissions`: the network admin (a
superuser) is never scoped; any other staff user without a centre-admin membership sees nothing
at all, whatever permissions it was given by hand. This module only applies the answers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..exceptions import DomainError
from ..models import (
    Centre,
    Course,
    Instructor,
    InstructorRequest,
    Offering,
    Resource,
    ResourceAccessRequest,
    SeatRequest,
)
from ..permissions import (
    NO_ROWS,
    admin_centre_of,
    admin_choices_q,
    admin_rows_q,
    is_network_admin,
    may_add_in_admin,
    may_read_deleted_history,
    may_use_admin,
)
from .related import CheckedIdsAdminMixin, NamedEmptyChoicesAdminMixin

# How a row of each model reaches the centre that owns it, for choices in foreign keys and
# many-to-many fields of admin forms. Models not listed here (themes, languages) are shared by
# the whole network and offered unscoped.
CHOICE_SCOPES: dict[type[models.Model], str] = {
    Centre: "pk",
    Course: "centre",
    Offering: "course__centre",
    SeatRequest: "offering__course__centre",
    Resource: "owner_centre",
    ResourceAccessRequest: "resource__owner_centre",
    Instructor: "centre",
    InstructorRequest: "instructor__centre",
}


def _choice_scope(model: type[models.Model]) -> str | None:
    if model is get_user_model():
        return "membership__centre"
    return CHOICE_SCOPES.get(model)


class CentreScopedAdminMixin(NamedEmptyChoicesAdminMixin, CheckedIdsAdminMixin):
    """Scope a ModelAdmin to the centre of the centre admin using it.

    `centre_path` is the ORM path from the model to the centre that owns a row: rows reached
    by it may be changed and deleted (with the model permission). `centre_view_paths` are
    further paths that make a row visible but not writable (a seat request sent by the
    centre to another centre's offering). `centre_path = None` means the model is not owned by
    a centre: a centre admin may view it (with the permission) but never change it.
    """

    centre_path: str | None = "centre"
    centre_view_paths: tuple[str, ...] = ()

    # --- who, and which rows -------------------------------------------------------------

    def rows_q(self, request: HttpRequest, *, write: bool) -> Q:
        """The rows the user reaches, as permissions.py decides (`Q()`: every row)."""
        return admin_rows_q(
            request.user,
            centre_path=self.centre_path,
            view_paths=self.centre_view_paths,
            write=write,
        )

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet, *, write: bool) -> QuerySet:
        q = self.rows_q(request, write=write)
        return queryset.filter(q) if q else queryset

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope_queryset(request, super().get_queryset(request), write=False)

    def writable_queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """The part of `queryset` the user may change (bulk actions act on this only)."""
        return self.scope_queryset(request, queryset, write=True)

    def in_scope(self, request: HttpRequest, obj: models.Model, *, write: bool) -> bool:
        if obj.pk is None:
            return write and may_add_in_admin(
                request.user, centre_owned=self.centre_path is not None
            )
        q = self.rows_q(request, write=write)
        if not q:  # every row (the network admin): no need to ask the database
            return True
        return self.model._default_manager.filter(q, pk=obj.pk).exists()

    def is_scoped(self, request: HttpRequest) -> bool:
        """Whether the user sees the admin scoped to a centre, rather than as the network admin
        (which decides which columns, filters and fields are shown, never which rows)."""
        return not is_network_admin(request.user)

    # --- permissions: the model permission (from the group) AND the scope -----------------

    def _may_use(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_use(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._may_use(request) or not super().has_view_permission(request, obj):
            return False
        return obj is None or self.in_scope(request, obj, write=False)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if not self._may_use(request) or not super().has_add_permission(request, *args):
            return False
        return may_add_in_admin(request.user, centre_owned=self.centre_path is not None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._may_use(request) or not super().has_change_permission(request, obj):
            return False
        if obj is None:
            # The changelist of a shared model is read only for whoever reaches no row of it.
            return self._writes_any(request)
        return self.in_scope(request, obj, write=True)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._may_use(request) or not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return self._writes_any(request)
        return self.in_scope(request, obj, write=True)

    def _writes_any(self, request: HttpRequest) -> bool:
        """Whether the user's write scope of this model is more than no row at all."""
        return self.rows_q(request, write=True) != NO_ROWS

    # --- what a form may point at --------------------------------------------------------

    def _scope_choices(self, request: HttpRequest, db_field: models.Field, kwargs: dict) -> None:
        related = db_field.remote_field.model
        q = admin_choices_q(request.user, _choice_scope(related))
        if not q:
            return
        queryset = kwargs.get("queryset") or related._default_manager.all()
        kwargs["queryset"] = queryset.filter(q)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- the centre of a new row ---------------------------------------------------------

    def own_centre(self, request: HttpRequest) -> Centre | None:
        return admin_centre_of(request.user)

    def save_model(self, request, obj, form, change):
        # A centre admin's new rows belong to its centre, whatever the form carried.
        if self.is_scoped(request) and self.centre_path == "centre" and not change:
            obj.centre = self.own_centre(request)
        super().save_model(request, obj, form, change)

    # --- a refused write is a message, not a 500 ---------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            # The admin's transaction has been rolled back: nothing of the change is kept.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- history: simple_history's views look objects up without the scope ----------------

    def _history_reachable(self, request: HttpRequest, object_id: str) -> bool:
        """Whether the user may read this object's history (a bad id is simply not found)."""
        if self.get_object(request, object_id) is not None:
            return True
        # The network admin may still read the history of a deleted object.
        history = getattr(self.model, "history", None)
        if not may_read_deleted_history(request.user) or history is None:
            return False
        try:
            return history.filter(**{self.model._meta.pk.attname: object_id}).exists()
        except (ValueError, ValidationError):
            return False

    def history_view(self, request, object_id, extra_context=None):
        if not self._history_reachable(request, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(
                request, self.model._meta, unquote(object_id)
            )
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._history_reachable(request, unquote(object_id)) or not version_id.isdigit():
            raise Http404
        if request.method == "POST":
            # Reverting would write around the services and their rules.
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


def run_service_on_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    service: Any,
    *,
    done: Any,
    rows: QuerySet | None = None,
) -> HttpResponse | None:
    """Call `service(obj, by=user)` for every selected row the user may change.

    Rows outside the write scope (or outside `rows`, when an action acts for the other side
    of a request) are left alone and counted in the message. A DomainError on
    any row stops the whole action: the transaction is rolled back, so nothing is partly done.
    """
    selected = queryset.count()
    writable = list(rows if rows is not None else modeladmin.writable_queryset(request, queryset))
    try:
        with transaction.atomic():
            for obj in writable:
                service(obj, by=request.user)
    except DomainError as error:
        modeladmin.message_user(
            request,
            _("Nothing was changed: %(object)s: %(error)s")
            % {"object": obj, "error": error.message},
            messages.ERROR,
        )
        return None
    # `done` is an ngettext_lazy message with a %(count)d: the plural follows the number.
    modeladmin.message_user(request, done % {"count": len(writable)}, messages.SUCCESS)
    skipped = selected - len(writable)
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d selected row is not yours to change and was left alone.",
                "%(count)d selected rows are not yours to change and were left alone.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )
    return None
