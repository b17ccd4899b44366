"""The catalog's filters: every query parameter of `/courses/` (SPEC §3), declared one by one.

Usage, the same for the catalog page, the calendar and the CSV export:

    filterset = CourseFilter(request.GET, queryset=catalog_courses(request.user), request=request)
    if filterset.is_valid(): courses = filterset.qs

Repeated values of one parameter combine with OR, different parameters with AND. Every filter
reads the course's own row, so a course matching twice is still one row and no `.distinct()`
is needed: themes and languages through the ids each course stores (`Course.theme_key`), dates
and partner seats through its stored run dates; only a date range asks the offerings
themselves (an `Exists` subquery), since both bounds must hold for one run.

Theme, centre and language values (and countries, to their centres) are turned into ids in the
form's `clean()`, with one query for all of them (`_resolve`, kept in the catalog cache): an
unknown slug is a form error on its field, and every filter then compares ids.

The facets are counted only when a page shows them (one aggregate query per facet, grouping
the courses by centre or by their stored theme or language ids); the result count is the sum of
the centre facet, since a course has exactly one centre. Counts and pages are cached
(`courses.catalog_cache`) under keys made of the filters, not of their SQL.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import MultipleChoiceField as FilterMultipleChoiceField

from .catalog_cache import cached, sql_of
from .models import (
    COUNTRY_CHOICES,
    Audience,
    Centre,
    Course,
    DeliveryMode,
    Language,
    Level,
    Offering,
    Resource,
    ResourceKind,
    ResourceVisibility,
    Theme,
)
from .models.catalog import today
from .models.centres import country_name
from .search import search_courses, uses_full_text

SORT_START = "start"
SORT_NEWEST = "-created"
SORT_TITLE = "title"
SORT_RELEVANCE = "relevance"
SORT_CHOICES = [
    (SORT_START, _("Soonest offering first")),
    (SORT_NEWEST, _("Newest first")),
    (SORT_TITLE, _("Title A to Z")),
    (SORT_RELEVANCE, _("Best match (with a search)")),
]

OPEN_SEATS_CHOICES = [("1", _("Only courses with partner seats open")), ("0", _("Any"))]

_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


class RepeatedChoiceField(FilterMultipleChoiceField):
    """A repeatable parameter; empty values (`?level=&level=basic`, hand-typed or left by a
    script) are ignored rather than refused."""

    def to_python(self, value: Any) -> list[str]:
        return [v for v in super().to_python(value) if v.strip()]


class RepeatedChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = RepeatedChoiceField


class SlugListField(forms.MultipleChoiceField):
    """Repeatable slugs (or codes). Only their shape is checked here; whether each one exists is
    checked by the form against the facet query, so validation costs no query of its own."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not a valid value here.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("choices", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        return [v for v in super().to_python(value) if v.strip()]

    def valid_value(self, value: str) -> bool:
        return bool(_SLUG_RE.match(value)) and len(value) <= 60


class UpperMultipleChoiceField(RepeatedChoiceField):
    """Country codes are capitals (ISO 3166-1); `vn` in a hand-typed URL means `VN`."""

    def to_python(self, value: Any) -> list[str]:
        return [v.upper() for v in super().to_python(value)]


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class CountryFilter(RepeatedChoiceFilter):
    field_class = UpperMultipleChoiceField


class CatalogFilterForm(forms.Form):
    """The filter form. Its `clean()` asks its filterset whether each slug exists."""

    filterset: CourseFilter | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        after, before = cleaned.get("starts_after"), cleaned.get("starts_before")
        if after and before and after > before:
            self.add_error("starts_before", "“Starts before” must be on or after “Starts after”.")
        if self.filterset is not None:
            self.filterset.check_known_values(self, cleaned)
        return cleaned


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class ActiveFilter:
    """One value of one parameter in force, with the query string that would drop it."""

    param: str
    label: str
    value_label: str
    remove_query: str


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, topic or centre")}
        ),
    )
    theme = SlugListFilter(label=_("Theme"), method="filter_theme")
    centre = SlugListFilter(label=_("Centre"), method="filter_centre")
    country = CountryFilter(
        label=_("Country"),
        choices=COUNTRY_CHOICES,
        method="filter_country",
        widget=forms.CheckboxSelectMultiple,
    )
    audience = RepeatedChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        method="filter_audience",
        widget=forms.CheckboxSelectMultiple,
    )
    level = RepeatedChoiceFilter(
        label=_("Level"),
        choices=Level.choices,
        method="filter_level",
        widget=forms.CheckboxSelectMultiple,
    )
    language = SlugListFilter(label=_("Language"), method="filter_language")
    mode = RepeatedChoiceFilter(
        label=_("Delivery mode"),
        choices=DeliveryMode.choices,
        method="filter_mode",
        widget=forms.CheckboxSelectMultiple,
    )
    starts_after = django_filters.DateFilter(
        label=_("Starts on or after"),
        method="filter_starts",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    starts_before = django_filters.DateFilter(
        label=_("Starts on or before"),
        method="filter_starts",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    open_seats = django_filters.ChoiceFilter(
        label=_("Partner seats"),
        choices=OPEN_SEATS_CHOICES,
        method="filter_open_seats",
        empty_label=None,
        error_messages={"invalid_choice": "“%(value)s” is not understood: use 1, or leave it out."},
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        error_messages={
            "invalid_choice": "“%(value)s” is not a sort order: use start, -created or title."
        },
    )

    class Meta:
        model = Course
        fields: list[str] = []
        form = CatalogFilterForm

    # Parameters that narrow the results (everything but the order).
    NARROWING = (
        "q",
        "theme",
        "centre",
        "country",
        "audience",
        "level",
        "language",
        "mode",
        "starts_after",
        "starts_before",
        "open_seats",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # {parameter: {value: ids}}, filled when the form is cleaned (`check_known_values`).
        self.resolved: dict[str, dict[str, tuple[int, ...]]] = {}

    @property
    def form(self) -> CatalogFilterForm:
        if not hasattr(self, "_form"):
            form = super().form
            form.filterset = self
        return self._form

    # -- Filters ----------------------------------------------------------------------------

    def filter_q(self, queryset: QuerySet[Course], name: str, value: str) -> QuerySet[Course]:
        return search_courses(queryset, value)

    def filter_theme(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(_has_any("theme_key", self._ids(name, value)))

    def filter_language(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(_has_any("language_key", self._ids(name, value)))

    def filter_centre(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(centre_id__in=self._ids(name, value))

    def filter_country(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(centre_id__in=self._ids(name, value))

    def _ids(self, name: str, values: list[str]) -> list[int]:
        """The ids of `values` of parameter `name`, as `_resolve` found them (a country gives
        the ids of its centres; one without a centre gives none, so it matches no course)."""
        found = self.resolved.get(name, {})
        return sorted({pk for value in values for pk in found.get(value, ())})

    def filter_audience(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(audience__in=value)

    def filter_level(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(level__in=value)

    def filter_mode(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(delivery_mode__in=value)

    def filter_starts(self, queryset: QuerySet[Course], name: str, value: datetime.date):
        # Both dates bound the same offering: the course has one scheduled run starting in the
        # range. They are applied together by `_narrow`, so this method is a no-op.
        return queryset

    def filter_open_seats(self, queryset: QuerySet[Course], name: str, value: str):
        if value != "1":
            return queryset
        # An upcoming run with partner seats whose deadline has not passed: the course stores
        # the latest deadline of its runs with partner seats (`Course.open_seats_deadline`).
        return queryset.filter(open_seats_deadline__gte=today())

    def filter_sort(self, queryset: QuerySet[Course], name: str, value: str):
        return queryset  # the order is applied last, by `filter_queryset`

    # -- The filtered queryset --------------------------------------------------------------

    def _narrow(
        self, queryset: QuerySet[Course], data: dict[str, Any], *, without: str | None = None
    ) -> QuerySet[Course]:
        """Apply every narrowing parameter in `data` except `without` (for facet counts)."""
        for name in self.NARROWING:
            if name == without or name in ("starts_after", "starts_before"):
                continue
            value = data.get(name)
            if value in (None, "", [], ()):
                continue
            queryset = getattr(self, self.filters[name].method)(queryset, name, value)
        # A scheduled run starting on or after `after` exists when the last one does, and one
        # starting on or before `before` when the first one does (both stored on the course).
        # Both bounds must hold for one and the same run, which only its offerings can tell.
        after, before = data.get("starts_after"), data.get("starts_before")
        if after:
            queryset = queryset.filter(last_start_date__gte=after)
        if before:
            queryset = queryset.filter(first_start_date__lte=before)
        if after and before:
            runs = Offering.objects.scheduled().filter(
                course_id=OuterRef("pk"), start_date__gte=after, start_date__lte=before
            )
            queryset = queryset.filter(Exists(runs))
        return queryset

    def sort_key(self, data: dict[str, Any] | None = None) -> str:
        data = self._facet_data() if data is None else data
        sort = data.get("sort") or ""
        ranked = bool(data.get("q")) and uses_full_text()
        if sort == SORT_RELEVANCE and not ranked:
            return SORT_START
        if not sort:
            return SORT_RELEVANCE if ranked else SORT_START
        return sort

    def filter_queryset(self, queryset: QuerySet[Course]) -> QuerySet[Course]:
        data = self.form.cleaned_data
        queryset = self._narrow(queryset, data)
        # `next_start_date` is stored (and indexed) rather than computed per request. It may be
        # a day stale until the daily refresh runs: the order then is, but a row never shows a
        # past run as upcoming (the row's dates come from `for_listing()`'s prefetch).
        soonest = F("next_start_date").asc(nulls_last=True)
        sort = self.sort_key(data)
        if sort == SORT_RELEVANCE:
            return queryset.order_by(F("rank").desc(), soonest, "title", "pk")
        if sort == SORT_NEWEST:
            return queryset.order_by("-created_at", "-pk")
        if sort == SORT_TITLE:
            return queryset.order_by("title", "pk")
        return queryset.order_by(soonest, "title", "pk")

    # -- Facets: one aggregate query each ---------------------------------------------------

    def _facet_data(self) -> dict[str, Any]:
        form = self.form
        if not form.is_bound:
            return {}
        form.is_valid()
        return form.cleaned_data

    def _count_by(
        self, model: type, data: dict[str, Any], without: str, order: tuple[str, ...]
    ) -> list:
        """Every row of `model` with the number of courses it would give (`n`), the other
        filters kept. Cached (`courses.catalog_cache`) until the next catalog write.

        One query: the filtered courses grouped by their centre, or by the set of their theme
        (or language) ids that each course stores (`Course.theme_key`: some hundreds of
        distinct sets among 100k courses, read from the facet index), joined back to every row
        of `model` so that options without a course still appear with 0. Counting the links
        instead would join every filtered course to its two or three links.
        """

        def count() -> list:
            matching = self._narrow(self.queryset, data, without=without).order_by()
            column = {Centre: "centre_id", Theme: "theme_key", Language: "language_key"}[model]
            groups = matching.values(column).annotate(n=Count("*")).order_by()
            return _rows_with_counts(model, groups, column, order)

        # Keyed by what the count depends on, without building its SQL: a repeated page then
        # costs a cache lookup and no query compilation.
        return cached(("facet", model.__name__, *self.filters_key(data, without=without)), count)

    @cached_property
    def scope_key(self) -> str:
        """What the viewer may see of the catalog (a member also sees its centre's drafts), for
        cache keys: the SQL of the base queryset, compiled once."""
        return sql_of(self.queryset)

    def filters_key(self, data: dict[str, Any], *, without: str | None = None) -> tuple:
        """Everything a count of `data`'s courses depends on, for cache keys: the viewer's
        scope, each narrowing parameter (theme, centre, language and country as the ids they
        stand for) except `without`, and today (the partner-seat filter asks about today)."""
        parts: list[tuple[str, str]] = []
        for name in self.NARROWING:
            value = data.get(name)
            if name == without or value in (None, "", [], ()):
                continue
            if name in self.resolved:
                value = self._ids(name, value)
            elif isinstance(value, list):
                value = sorted(value)
            parts.append((name, repr(value)))
        return (self.scope_key, tuple(parts), str(today()))

    def _compute_facets(self, data: dict[str, Any]) -> dict[str, list[FacetOption]]:
        def selected(name: str) -> set[str]:
            return set(data.get(name) or self.data.getlist(name))

        themes = self._count_by(Theme, data, "theme", ("-is_priority", "name"))
        centres = self._count_by(Centre, data, "centre", ("name",))
        languages = self._count_by(Language, data, "language", ("name",))
        chosen_themes, chosen_centres = selected("theme"), selected("centre")
        chosen_languages = selected("language")
        return {
            "theme": [
                FacetOption(t.slug, gettext(t.name), t.n, t.slug in chosen_themes) for t in themes
            ],
            "centre": [
                FacetOption(c.slug, c.short_name or c.name, c.n, c.slug in chosen_centres)
                for c in centres
                if c.is_active or c.n or c.slug in chosen_centres
            ],
            # Every language exists in this list while it has courses or is chosen, so a chosen
            # code missing from it is unknown.
            "language": [
                FacetOption(lang.code, gettext(lang.name), lang.n, lang.code in chosen_languages)
                for lang in languages
                if lang.n or lang.code in chosen_languages
            ],
            # Countries of the centres on offer; derived from the centre facet, no query.
            "country": sorted(
                {
                    (c.country, country_name(c.country))
                    for c in centres
                    if c.is_active or c.country in selected("country")
                },
                key=lambda pair: pair[1],
            ),
            "centre_names": {c.slug: c.name for c in centres},
            # The theme rows themselves, so a page of one theme can introduce it without a query.
            "themes": {t.slug: t for t in themes},
        }

    @property
    def facets(self) -> dict[str, Any]:
        if not hasattr(self, "_facets"):
            self._facets = self._compute_facets(self._facet_data())
        return self._facets

    @property
    def result_count(self) -> int:
        """How many courses the filters give: the centre facet's counts, summed over the chosen
        centres (or all). Exact, because every course has one centre and the centre facet keeps
        every other filter; so the page needs no COUNT query of its own. (A centre the facet
        leaves out is an inactive one without courses here: it adds nothing.)"""
        chosen = set(self._facet_data().get("centre") or ())
        return sum(
            option.count for option in self.facets["centre"] if not chosen or option.value in chosen
        )

    # Parameters whose values are rows of the database.
    RESOLVED = ("theme", "centre", "language")
    # The refusals, one and several, by parameter (a noun does not translate on its own).
    UNKNOWN_VALUE = {
        "theme": (_("There is no theme %(values)s."), _("There are no themes %(values)s.")),
        "centre": (_("There is no centre %(values)s."), _("There are no centres %(values)s.")),
        "language": (
            _("There is no language code %(values)s."),
            _("There are no language codes %(values)s."),
        ),
    }

    def check_known_values(self, form: forms.Form, cleaned: dict[str, Any]) -> None:
        """Turn theme, centre and language values (and countries) into ids; refuse the values
        the database does not know."""
        asked = {name: cleaned.get(name) or [] for name in (*self.RESOLVED, "country")}
        self.resolved = _resolve(asked)
        for name in self.RESOLVED:
            unknown = [v for v in asked[name] if v not in self.resolved[name]]
            if unknown:
                one, several = self.UNKNOWN_VALUE[name]
                values = ", ".join(f"“{v}”" for v in unknown)
                form.add_error(name, (one if len(unknown) == 1 else several) % {"values": values})

    # -- What is in force, for the summary and the empty state ------------------------------

    def listed_offering(self, course: Course) -> tuple[Offering | None, str]:
        """The run a catalog row shows, and what to call it: the soonest upcoming run that the
        date and partner-seat filters asked for (a course may pass them by a later run than its
        next one), else its next run. Reads the row's prefetched upcoming offerings."""
        data = self._facet_data() if self.form.is_valid() else {}
        after, before = data.get("starts_after"), data.get("starts_before")
        open_seats = data.get("open_seats") == "1"
        nearest = course.next_offering
        if not (after or before or open_seats):
            return nearest, pgettext("offering", "Next")
        for offering in getattr(course, "upcoming_offerings", []):
            if after and offering.start_date < after:
                continue
            if before and offering.start_date > before:
                continue
            if open_seats and not offering.is_open_to_partners:
                continue
            if offering == nearest:
                return offering, pgettext("offering", "Next")
            if open_seats:
                return offering, gettext("Next open to partners")
            return offering, gettext("Next in these dates")
        return nearest, pgettext("offering", "Next")

    def active_filters(self) -> list[ActiveFilter]:
        data = self._facet_data()
        facets = self.facets
        names = {
            "theme": {o.value: o.label for o in facets["theme"]},
            "centre": facets["centre_names"],
            "language": {o.value: o.label for o in facets["language"]},
            "country": dict(COUNTRY_CHOICES),
            "audience": dict(Audience.choices),
            "level": dict(Level.choices),
            "mode": dict(DeliveryMode.choices),
        }
        active: list[ActiveFilter] = []
        for name in self.NARROWING:
            value = data.get(name)
            if value in (None, "", [], ()) or (name == "open_seats" and value != "1"):
                continue
            label = str(self.filters[name].label)
            if isinstance(value, list):
                for item in value:
                    shown = names.get(name, {}).get(item, item)
                    active.append(ActiveFilter(name, label, shown, self._without(name, item)))
            elif isinstance(value, datetime.date):
                active.append(ActiveFilter(name, label, date_format(value), self._without(name)))
            elif name == "open_seats":
                active.append(
                    ActiveFilter(name, label, gettext("open to partners"), self._without(name))
                )
            else:
                active.append(ActiveFilter(name, label, f"“{value}”", self._without(name)))
        return active

    def query_without_errors(self) -> str:
        """The current query string without the parameters the form refused (and the page)."""
        query: QueryDict = self.data.copy()
        for name in [*self.form.errors, "page"]:
            query.pop(name, None)
        return query.urlencode()

    def _without(self, name: str, value: str | None = None) -> str:
        """The current query string without `name` (or one of its values) and without `page`."""
        query: QueryDict = self.data.copy()
        query.pop("page", None)
        if value is None:
            query.pop(name, None)
        else:
            kept = [v for v in query.getlist(name) if v.upper() != value.upper()]
            query.setlist(name, kept)
        return query.urlencode()


def _has_any(key: str, ids: list[int]) -> Q:
    """Courses whose stored ids (`Course.theme_key`, `language_key`: ",3,7,12,") include one of
    `ids`. Read from the facet index, with no join to the links; PostgreSQL estimates such a
    pattern from its statistics of the column."""
    if not ids:
        return Q(pk__in=[])
    condition = Q()
    for pk in ids:
        condition |= Q(**{f"{key}__contains": f",{pk},"})
    return condition


def _resolve(asked: dict[str, list[str]]) -> dict[str, dict[str, tuple[int, ...]]]:
    """{parameter: {value: ids}} for the theme and centre slugs, language codes and countries
    in `asked`: one query for all of them (none when nothing is asked), kept in the catalog
    cache. A value the database does not know is absent from the answer."""
    kinds = {
        "theme": (Theme, "slug"),
        "centre": (Centre, "slug"),
        "country": (Centre, "country"),
        "language": (Language, "code"),
    }
    resolved: dict[str, dict[str, tuple[int, ...]]] = {kind: {} for kind in kinds}
    if not any(asked[kind] for kind in kinds):
        return resolved

    def fetch() -> list[tuple[str, str, int]]:
        queries = [
            model.objects.filter(**{f"{field}__in": asked[kind]})
            .order_by()
            .annotate(kind=Value(kind))
            .values_list("kind", field, "pk")
            for kind, (model, field) in kinds.items()
            if asked[kind]
        ]
        return list(queries[0].union(*queries[1:], all=True))

    rows = cached(
        ("resolve", tuple(sorted((k, tuple(sorted(v))) for k, v in asked.items()))), fetch
    )
    for kind, value, pk in rows:
        resolved[kind][value] = (*resolved[kind].get(value, ()), pk)
    return resolved


def _rows_with_counts(model: type, groups: QuerySet, column: str, order: tuple[str, ...]) -> list:
    """Every row of `model`, each with `n`: the courses of `groups` (rows of `column` and `n`)
    that it stands for (0 when none). `column` is `centre_id`, or a `link_key` column whose
    groups count for each id they contain."""
    quote = connection.ops.quote_name
    try:
        groups_sql, params = groups.query.sql_with_params()
    except EmptyResultSet:  # a filter no course can pass (a country without a centre)
        rows = list(model.objects.order_by(*order))
        for row in rows:
            row.n = 0
        return rows
    table = quote(model._meta.db_table)
    if column == "centre_id":
        counts = f"SELECT g.centre_id AS ref, g.n FROM ({groups_sql}) g"  # noqa: S608
    else:
        # ",3,7," contains ",7,": a course of themes 3 and 7 counts for both.
        counts = (
            f"SELECT r.id AS ref, CAST(SUM(g.n) AS BIGINT) AS n FROM ({groups_sql}) g "  # noqa: S608
            f"INNER JOIN {table} r ON g.{quote(column)} LIKE %s || CAST(r.id AS TEXT) || %s "
            "GROUP BY r.id"
        )
        params = (*params, "%,", ",%")
    order_by = ", ".join(
        f"m.{quote(model._meta.get_field(name.lstrip('-')).column)}"
        + (" DESC" if name.startswith("-") else "")
        for name in order
    )
    # Raw SQL because the ORM cannot LEFT JOIN a grouped subquery; every name comes from the
    # models and every value is a parameter.
    sql = (
        f"SELECT m.*, COALESCE(c.n, 0) AS n FROM {table} m "  # noqa: S608
        f"LEFT JOIN ({counts}) c ON c.ref = m.id ORDER BY {order_by}"
    )
    return list(model.objects.raw(sql, params))


# The resource library ----------------------------------------------------------------------


class ResourceFilter(django_filters.FilterSet):
    """The library's query parameters (a public contract): q, theme, kind, language, centre,
    visibility. Each filter is declared; a bad value is shown on the form, never a 500."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("Theme"),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ResourceKind.choices, label=_("Kind"), widget=forms.CheckboxSelectMultiple
    )
    language = django_filters.ModelChoiceFilter(
        field_name="language",
        to_field_name="code",
        queryset=Language.objects.all(),
        label=_("Language"),
        empty_label=_("Any language"),
    )
    centre = django_filters.ModelChoiceFilter(
        field_name="owner_centre",
        to_field_name="slug",
        queryset=Centre.objects.active(),
        label=_("Centre"),
        empty_label=_("Any centre"),
    )
    visibility = django_filters.MultipleChoiceFilter(
        choices=ResourceVisibility.choices,
        label=_("Visibility"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(owner_centre__name__icontains=word)
                | Q(owner_centre__short_name__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Several themes join the M2M table; distinct keeps each resource once.
        queryset = super().filter_queryset(queryset)
        return queryset.distinct() if self.form.cleaned_data.get("theme") else queryset
