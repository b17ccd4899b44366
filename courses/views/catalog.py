"""The catalog: every centre's courses, searchable and filterable, and one course's page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django_filters.views import FilterView

from ..catalog_cache import cache_key, cache_seconds
from ..filters import RANKED_FIRST, SORT_CHOICES, SORT_RELEVANCE, CourseFilter, un_package_rows
from ..models import (
    AfterActionReport,
    Audience,
    CentreKind,
    Course,
    CourseQuerySet,
    DeliveryMode,
    Level,
    Offering,
    Theme,
)
from ..models.catalog import today
from ..page_cache import VisitorPage
from ..permissions import (
    User,
    catalog_courses,
    is_member_of,
    may_see_un_evidence,
    may_view_after_action_report,
    viewable_courses,
)
from ..rows import CatalogRows
from ..search import uses_full_text
from .decorators import permission_required_for
from .library import related_resources_context


class CourseListView(FilterView):
    """`/courses/`: the filter form beside the results, with facet counts.

    A bad parameter (an unknown theme, a malformed date, `page=abc`) is answered with 400 and
    the message on its field, never with a server error; the input is kept in the form.
    """

    filterset_class = CourseFilter
    template_name = "courses/course_list.html"
    context_object_name = "courses"

    def get_queryset(self) -> QuerySet[Course]:
        return catalog_courses(self.request.user)

    def get_filterset_kwargs(self, filterset_class: type[CourseFilter]) -> dict[str, Any]:
        # Always bound, also without parameters: the defaults (sort) then apply the same way.
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_paginate_by(self, queryset: QuerySet[Course]) -> int:
        return settings.CATALOG_PAGE_SIZE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A visitor's page as another visitor was shown it since the last catalog write.
        self.visitor_page = visitor_page = VisitorPage(request)
        kept = visitor_page.kept()
        if kept is not None:
            return kept
        self.page_error = ""
        self.filterset = self.get_filterset(self.get_filterset_class())
        valid = self.filterset.is_valid()
        if valid:
            # The facets (counted for the page anyway) hold every theme and language row.
            facets = self.filterset.facets
            self.object_list = self.filterset.qs
            # The courses whose rows are not in the cache are read from the viewer's catalog.
            self.row_loader = self.filterset.queryset.for_catalog(
                facets["theme_rows"], facets["language_rows"]
            )
        else:
            self.object_list = self.row_loader = self.filterset.queryset.none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        context.update(visitor_page.context())
        status = 200 if valid and not self.page_error else 400
        response = self.render_to_response(context, status=status)
        response.add_post_render_callback(visitor_page.keep)
        return response

    def paginate_queryset(
        self, queryset: QuerySet[Course], page_size: int
    ) -> tuple[Paginator, Page, Any, bool]:
        # Django's own pagination answers a bad page with a 404; a catalog link with a stale
        # page number deserves the nearest page and a word about it instead.
        paginator = self.get_paginator(queryset, page_size)
        if self.filterset.form.is_valid():
            # Summed from the centre facet, which the page shows anyway: no COUNT query.
            paginator.count = self.filterset.result_count
        raw = self.request.GET.get("page", "").strip() or "1"
        try:
            number = int(raw)
            if number < 1:
                raise ValueError
        except ValueError:
            self.page_error = _("“%(raw)s” is not a page number; showing the first page.") % {
                "raw": raw[:20]
            }
            number = 1
        if number > paginator.num_pages:
            pages = paginator.num_pages
            self.page_error = ngettext(
                "There is no page %(number)d: the results fill %(pages)d page. Showing the last "
                "page.",
                "There is no page %(number)d: the results fill %(pages)d pages. Showing the last "
                "page.",
                pages,
            ) % {"number": number, "pages": pages}
            number = pages
        page = paginator.page(number)
        bottom = (page.number - 1) * paginator.per_page
        page.object_list = page_rows(
            queryset,
            self.row_loader,
            bottom,
            min(bottom + paginator.per_page, paginator.count),
            ranked=self.filterset.ranked_ids,
            total=paginator.count,
        )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset: CourseFilter = self.filterset
        form = filterset.form
        data = filterset.data
        context.update(
            form=form,
            facets=filterset.facets,
            active_filters=filterset.active_filters(),
            result_count=context["paginator"].count,
            # 4,000 pages are not 4,000 links: the first, the last and two either side.
            page_range=(
                context["paginator"].get_elided_page_range(
                    context["page_obj"].number, on_each_side=2, on_ends=1
                )
                if context.get("is_paginated")
                else []
            ),
            page_error=self.page_error,
            choice_filters=[
                _choice_filter(form, data, name, choices)
                for name, choices in (
                    ("audience", Audience.choices),
                    ("level", Level.choices),
                    ("mode", DeliveryMode.choices),
                    ("centre_kind", CentreKind.choices),
                )
            ],
            un_packages=un_package_rows(),
            selected_un_packages=set(data.getlist("un_package")),
            sort_choices=[
                (value, label)
                for value, label in SORT_CHOICES
                if value != SORT_RELEVANCE or uses_full_text()
            ],
            current_sort=filterset.sort_key() if form.is_valid() else data.get("sort", ""),
            **self._body_cache(
                valid=form.is_valid() and not self.page_error,
                whole_page=bool(self.visitor_page.key),
            ),
            country_options=_country_options(filterset.facets["country"], data),
            theme_intro=_theme_intro(form, data, filterset),
            # Each row shows the run the date and partner-seat filters asked for.
            listing_filter=filterset,
        )
        return context

    def _body_cache(self, *, valid: bool, whole_page: bool) -> dict[str, Any]:
        """The filters and results as rendered HTML, kept like the counts until the next catalog
        write: rendering 20 rows and every facet costs more than all the page's queries. Keyed
        by the host (its calendar link names it), the query string, the viewer's scope (a
        member sees the centre's drafts) and today (the rows say which runs are upcoming). A
        refused filter or page is never kept, nor the body of a visitor's page, which is kept
        whole (`courses.page_cache`)."""
        if not valid or whole_page:
            return {"body_cache_seconds": 0, "body_cache_key": ""}
        scope = self.filterset.scope_key
        request = self.request
        parts = ("catalog-body", request.get_host(), request.get_full_path(), scope, str(today()))
        key = cache_key(parts)
        return {"body_cache_seconds": cache_seconds(), "body_cache_key": key}


def page_rows(
    queryset: QuerySet[Course],
    loader: QuerySet[Course],
    bottom: int,
    top: int,
    *,
    ranked: list[int] | None = None,
    total: int | None = None,
) -> QuerySet[Course] | CatalogRows:
    """The courses `bottom` to `top` of `queryset`, in two stages (`CatalogRows`): their ids
    and versions first, then, from `loader`, only the courses whose row is not in the cache.
    A ranked search's first pages take their ids from `ranked` (found with the facet counts,
    `CourseFilter.ranked_ids`), which holds the first `RANKED_FIRST` results or all of them.
    `total` is how many courses `queryset` gives, from which a page past the middle finds its
    ids from the end. Nothing is read until the page is rendered (a kept page reads nothing)."""
    if top <= bottom:
        return queryset.none()
    ranked_page = ranked is not None and (top <= len(ranked) or len(ranked) < RANKED_FIRST)
    ids = ranked[bottom:top] if ranked_page else None
    return CatalogRows(queryset, loader, bottom, top, ids=ids, total=total)


def _theme_intro(form, data, filterset: CourseFilter) -> Theme | None:
    """The theme a page of one theme is about (the home page's priority links land here).

    Taken from the theme facet's rows, which the page loads anyway."""
    slugs = data.getlist("theme")
    if len(slugs) != 1 or not form.is_valid():
        return None
    return filterset.facets["themes"].get(slugs[0])


def _country_options(countries, data) -> list[tuple[str, str, bool]]:
    chosen = {value.upper() for value in data.getlist("country")}
    return [(code, name, code in chosen) for code, name in countries]


def _choice_filter(form, data, name: str, choices) -> dict[str, Any]:
    chosen = set(data.getlist(name))
    return {
        "name": name,
        "label": form.fields[name].label,
        "errors": form.errors.get(name),
        "options": [(value, label, value in chosen) for value, label in choices],
    }


def _after_action_report(offering: Offering) -> AfterActionReport | None:
    try:
        return offering.after_action_report
    except AfterActionReport.DoesNotExist:
        return None


@require_safe
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One course with all its offerings. Scoped first: another centre's draft is a 404."""
    course = get_object_or_404(
        viewable_courses(request.user)
        .select_related("centre", "un_edition__package")
        .prefetch_related(
            "themes",
            "languages",
            Prefetch(
                "offerings",
                queryset=Offering.objects.select_related("after_action_report").order_by(
                    "start_date", "pk"
                ),
            ),
        ),
        slug=slug,
    )
    on = today()
    offerings = list(course.offerings.all())
    context = {
        "course": course,
        "upcoming_offerings": [o for o in offerings if o.start_date >= on],
        "past_offerings": [o for o in offerings if o.start_date < on][::-1],
        "is_own_centre": is_member_of(request.user, course.centre_id),
        "after_action_reports": [
            offering.after_action_report
            for offering in offerings[::-1]
            if _after_action_report(offering) is not None
            and may_view_after_action_report(request.user, offering.after_action_report)
        ],
        "may_see_un_evidence": bool(course.un_evidence)
        and may_see_un_evidence(request.user, course),
        **related_resources_context(request.user, course),
    }
    return render(request, "courses/course_detail.html", context)


def _courses_with_evidence(user: User) -> CourseQuerySet:
    return viewable_courses(user).exclude(un_evidence="")


# The evidence of a course's UN recognition (its certificate): for network members only; for
# anyone else, as for a course they may not open, a 404.
@permission_required_for(may_see_un_evidence, lookup=_courses_with_evidence, url_kwarg="slug")
@require_safe
def course_un_evidence(request: HttpRequest, course: Course) -> HttpResponse:
    try:
        handle = course.un_evidence.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404("The evidence file is missing.") from missing
    extension = course.un_evidence.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=course.un_evidence_name or f"un-recognition-{course.slug}.{extension}",
        content_type=course.un_evidence_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
