"""Views declare what they need, and the decision is made in `courses.permissions`.

    @permission_required_for(may_edit_course, lookup=editable_courses, url_kwarg="slug")
    def course_edit_view(request, course): ...

As pretix's `event_permission_required`, but scoped first: the object is fetched from the
queryset of what the user may see (`lookup`), so another centre's private object is a 404 that
does not confirm it exists, and only then is the decision asked about it. A visitor is sent to
log in first (unless `login=False`), so that the page is not a 404 for someone who simply has
not signed in yet.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


def permission_required_for(
    decision: Callable[..., bool] | None = None,
    *,
    lookup: Callable[[Any], QuerySet] | None = None,
    url_kwarg: str = "pk",
    field: str | None = None,
    as_arg: str | None = None,
    login: bool = True,
    hidden_asks_login: bool = False,
) -> Callable[[View], View]:
    """Make a view refuse (404) unless `decision` allows the user, on the looked-up object.

    - `lookup(user)`: the queryset of the objects the user may reach; the URL's `url_kwarg`
      picks one by `field` (default: the same name). It is passed to the view as `as_arg`
      (default: the model's name, e.g. `course`) in place of the URL argument.
    - `decision(user, obj)` (or `decision(user)` without a lookup): the permission; refused
      means 404, like an object out of scope.
    - `login`: a visitor is redirected to the login page first.
    - `hidden_asks_login`: with `login=False`, a visitor asking for an object out of their reach
      (perhaps one for members) is sent to the login page, which then leads back, instead of
      a 404 that ends the journey. Members still get 404, so nothing is told about a row.
    """

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if login and not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if lookup is None:
                if decision is not None and not decision(user):
                    raise Http404(_("There is no such page for you."))
                return view(request, *args, **kwargs)
            value = kwargs.pop(url_kwarg)
            if hidden_asks_login and not user.is_authenticated:
                obj_or_none = lookup(user).filter(**{field or url_kwarg: value}).first()
                if obj_or_none is None:
                    return redirect_to_login(request.get_full_path())
            obj: Model = get_object_or_404(lookup(user), **{field or url_kwarg: value})
            if decision is not None and not decision(user, obj):
                raise Http404(_("There is no such page for you."))
            kwargs[as_arg or obj._meta.model_name] = obj
            return view(request, *args, **kwargs)

        guarded.permission_decision = decision  # read by the tests of the permission matrix
        return guarded

    return wrap
