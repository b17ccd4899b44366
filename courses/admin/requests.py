"""Admin actions of every kind of request, made from the request engine's moves.

Seat requests and resource access requests get their bulk actions here, from one factory, so
both admins act the same way: each selected row goes through the kind's service (which hands
the move to courses/workflow.py: who may move, from which status, the timeline, the notices),
one refused row stops the whole action and changes nothing, and the refusal says what happened
to the request ("this request was declined by … at …").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .. import workflow
from ..permissions import admin_centre_of
from .scoping import run_service_on_each


def request_action(
    engine: Callable[[], workflow.Workflow],
    name: str,
    service: Callable[..., Any],
    *,
    kwarg: str,
    description: Any,
    done: Any,
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet], None]:
    """An admin action making the move `name` on each selected request through `service`
    (called as `service(<kwarg>=request, by=user)`); `done` is an ngettext_lazy message with a
    %(count)d.

    A requester's move (withdraw) is made on the rows the admin's centre sent, which its
    admin may view but not change; a host's move on the rows it may change.
    """

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        rows = None
        if engine().moves[name].side == workflow.REQUESTER:
            centre = admin_centre_of(request.user)
            rows = queryset.filter(requesting_centre=centre) if centre else queryset
        run_service_on_each(
            modeladmin,
            request,
            queryset.order_by("created_at", "pk"),
            lambda obj, by: service(**{kwarg: obj}, by=by),
            done=done,
            rows=rows.order_by("created_at", "pk") if rows is not None else None,
        )

    action.__name__ = name.replace("-", "_")
    return admin.action(description=description, permissions=["change"])(action)
