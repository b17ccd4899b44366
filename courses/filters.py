"""The catalog's filters: every query parameter of `/courses/` (SPEC §3), declared one by one.

Usage, the same for the catalog page, the calendar and the CSV export:

    filterset = CourseFilter(request.GET, queryset=catalog_courses(request.user), request=request)
    if filterset.is_valid(): courses = filterset.qs

Repeated values of one parameter combine with OR, different parameters with AND. Every filter
reads the course's own row, so a course matching twice is still one row and no `.distinct()`
is needed: themes and languages through the ids each course stores (`Course.theme_ids`, an
array with a GIN index on PostgreSQL), dates and partner seats through its stored run dates,
all kept by the database (migration 0012). A date window, or dates with partner seats, asks
the offerings themselves (one EXISTS), since one and the same upcoming run must pass them all:
it is the run the row shows.

Theme, centre and language values (and countries, to their centres) are turned into ids in the
form's `clean()`, with one query for all of them (`_resolve`, kept in the catalog cache): an
unknown slug is a form error on its field, and every filter then compares ids.

The facets are counted only when a page shows them, all three in one query (`_count_facets`:
the courses grouped by centre or by their stored theme or language ids, on PostgreSQL by the
id of that set of ids, and for every facet in the same pass); the result count is
the sum of the centre facet, since a course has exactly one centre. Counts and pages are cached
(`courses.catalog_cache`) under keys made of the filters, not of their SQL.
"""

from __future__ import annotations

import copy
import datetime
import operator
import re
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Any

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import MultipleChoiceField as FilterMultipleChoiceField

from .catalog_cache import cache_key, cache_seconds, cached, catalog_day, fill, sql_of
from .models import (
    COUNTRY_CHOICES,
    Audience,
    Centre,
    CentreKind,
    Course,
    DeliveryMode,
    Instructor,
    InstructorKind,
    Language,
    Level,
    Offering,
    Resource,
    ResourceKind,
    ResourceVisibility,
    Theme,
    UNRecognition,
    UNTrainingPackage,
)
from .models.catalog import today
from .models.centres import country_name
from .permissions import listed_courses
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
UN_RECOGNISED_CHOICES = [("1", _("Only courses the UN recognises")), ("0", _("Any"))]

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
        "invalid_choice": _("“%(value)s” is not a valid value here."),
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
            self.add_error(
                "starts_before", gettext("“Starts before” must be on or after “Starts after”.")
            )
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


class CopiedEntryByEntry(dict):
    """Declared filters or form fields whose deep copy is a shallow copy of each one.

    django-filter deep-copies every declared filter for each request, and Django every form
    field, with their choice lists and widgets: about a tenth of a catalog page's Python. The
    catalog changes neither per request: each request still gets its own filter objects (which
    it binds to its filterset) and its own field objects, sharing their settings."""

    def __deepcopy__(self, memo: dict) -> dict:
        copies = {}
        for name, item in self.items():
            clone = copy.copy(item)
            if isinstance(item, django_filters.Filter) and item.method is not None:
                clone.method = item.method  # its FilterMethod, bound to the copy
            copies[name] = clone
        return copies


@lru_cache(maxsize=1)
def _listed_sql() -> str:
    """The SQL of the visitors' catalog (`listed_courses()`, which depends on nothing but the
    code), compiled once per process rather than on every page (about 1 ms)."""
    return sql_of(listed_courses())


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
        error_messages={
            "invalid_choice": _("“%(value)s” is not understood: use 1, or leave it out.")
        },
    )
    # Recognised by the UN today: recognised, and its recognition not expired (read from the
    # stored expiry date against today, so a course expires without any job running).
    un_recognised = django_filters.ChoiceFilter(
        label=_("UN recognition"),
        choices=UN_RECOGNISED_CHOICES,
        method="filter_un_recognised",
        empty_label=None,
        error_messages={
            "invalid_choice": _("“%(value)s” is not understood: use 1, or leave it out.")
        },
    )
    # The UN training package a course teaches (any edition of it), by the package's slug.
    un_package = SlugListFilter(label=_("UN training package"), method="filter_un_package")
    # Member centres (the ten ASEAN member states) or partner institutions.
    centre_kind = RepeatedChoiceFilter(
        label=_("Kind of centre"),
        choices=CentreKind.choices,
        method="filter_centre_kind",
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a sort order: use start, -created or title.")
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
        "un_recognised",
        "un_package",
        "centre_kind",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # {parameter: {value: ids}}, filled when the form is cleaned (`check_known_values`).
        self.resolved: dict[str, dict[str, tuple[int, ...]]] = {}

    _form_class: type[CatalogFilterForm] | None = None

    def get_form_class(self) -> type[CatalogFilterForm]:
        # Built once per class, not per request: its fields depend on the declarations alone.
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            form_class = super().get_form_class()
            form_class.base_fields = CopiedEntryByEntry(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

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
        return queryset.filter(self._facet_q(name, value))

    def filter_language(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(self._facet_q(name, value))

    def filter_centre(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(self._facet_q(name, value))

    def _facet_q(self, name: str, value: list[str]) -> Q:
        """The condition of the theme, language or centre filter (a facet's own filter)."""
        ids = self._ids(name, value)
        if name == "centre":
            return Q(centre_id__in=ids)
        return Q(**{f"{name}_ids__overlaps": ids})

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
        # Applied with the dates by `_narrow`: the run shown must pass all of them.
        return queryset

    def filter_un_recognised(self, queryset: QuerySet[Course], name: str, value: str):
        if value != "1":
            return queryset
        return queryset.filter(un_status=UNRecognition.RECOGNISED, un_expiry_date__gte=today())

    def filter_un_package(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(un_edition__package_id__in=self._ids(name, value))

    def filter_centre_kind(self, queryset: QuerySet[Course], name: str, value: list[str]):
        return queryset.filter(centre_id__in=Centre.objects.filter(kind__in=value).values("pk"))

    def filter_sort(self, queryset: QuerySet[Course], name: str, value: str):
        return queryset  # the order is applied last, by `filter_queryset`

    # -- The filtered queryset --------------------------------------------------------------

    def _narrow(
        self, queryset: QuerySet[Course], data: dict[str, Any], *, without: str | None = None
    ) -> QuerySet[Course]:
        """Apply every narrowing parameter in `data` except `without` (for facet counts)."""
        for name in self.NARROWING:
            if name == without or name in RUN_FILTERS:
                continue
            value = data.get(name)
            if value in (None, "", [], ()):
                continue
            queryset = getattr(self, self.filters[name].method)(queryset, name, value)
        return _with_runs(queryset, data)

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

    def facet_counts(self, data: dict[str, Any]) -> dict[str, dict[int, int]]:
        """{facet: {row id: number of courses}} for the theme, centre and language facets: the
        courses each option would give, the other filters kept. Cached (`catalog_cache`) under
        keys made of what each count depends on; the ones not cached are counted together in
        one query (`_count_facets`)."""
        keys = {
            name: cache_key(("facet", name, *self.filters_key(data, without=name)))
            for name, _column in FACET_COLUMNS
        }
        ranks = self._ranks_search(data)
        if ranks:
            keys[RANKED] = cache_key((RANKED, *self.filters_key(data)))
        found = cache.get_many(list(keys.values()))
        counts = {name: found[key] for name, key in keys.items() if key in found}
        self.ranked_ids = counts.pop(RANKED, None)
        missing = [(name, column) for name, column in FACET_COLUMNS if name not in counts]
        if missing and self.reads_count_table:
            fresh = table_counts({name: self._table_query(name, data) for name, _column in missing})
            fill({keys[name]: value for name, value in fresh.items()}, cache_seconds())
            counts.update(fresh)
            missing = [(name, column) for name, column in missing if name not in counts]
        if missing:
            fresh = self._count_live(data, missing, ranked=ranks and self.ranked_ids is None)
            ranked = fresh.pop(RANKED, None)
            if ranked is not None:
                self.ranked_ids = sorted(ranked, key=ranked.__getitem__)  # by position
                fresh[RANKED] = self.ranked_ids
            fill({keys[name]: value for name, value in fresh.items()}, cache_seconds())
            counts.update(fresh)
        return counts

    # The ids of a ranked search's first courses, in order, when they were found in the pass that
    # counted its facets (`_count_live`); else None, and the page's own query ranks them.
    ranked_ids: list[int] | None = None

    def _ranks_search(self, data: dict[str, Any]) -> bool:
        """Whether the results are a search in order of relevance, which PostgreSQL ranks."""
        return connection.vendor == "postgresql" and self.sort_key(data) == SORT_RELEVANCE

    def _count_live(
        self, data: dict[str, Any], missing: list[tuple[str, str]], *, ranked: bool = False
    ):
        """Count the `missing` facets from the courses. Each facet keeps every filter but its
        own, so with a facet's filter in force two or three facets count different courses.
        When other filters narrow them too (dates, a search, a level), the courses are found
        once, without the facets' own filters, each with a flag per filter it passes, and each
        facet counts those that pass the others' (`_count_flagged`)."""
        own = [name for name, _column in FACET_COLUMNS if data.get(name)]
        rest = {name: value for name, value in data.items() if name not in own}
        narrowed = any(rest.get(name) not in (None, "", [], ()) for name in self.NARROWING)
        if len(missing) > 1 and own and narrowed:
            flags = {name: self._facet_q(name, data[name]) for name in own}
            return _count_flagged(self._narrow(self.queryset, rest), flags, missing, ranked=ranked)
        # A facet whose own filter is not in force counts the page's courses: those are narrowed
        # (and compiled, `_count_facets`) once, not once per facet and once more for the rank.
        narrowed: dict[str | None, QuerySet[Course]] = {}

        def courses(name: str | None) -> QuerySet[Course]:
            key = name if name in own else None
            if key not in narrowed:
                narrowed[key] = self._narrow(self.queryset, data, without=key)
            return narrowed[key]

        return _count_facets(
            [(name, column, courses(name)) for name, column in missing],
            ranked=courses(None) if ranked else None,
        )

    @cached_property
    def reads_count_table(self) -> bool:
        """Whether the count table (PostgreSQL, migration 0022) holds this viewer's counts: it
        counts the visitors' catalog, which a member whose centre has drafts sees more of."""
        return connection.vendor == "postgresql" and self.scope_key == _listed_sql()

    def _table_query(self, facet: str, data: dict[str, Any]) -> TableQuery | None:
        """Where the count table keeps `facet`'s counts under `data`'s filters (the facet's own
        left out), or None when it does not: the table keeps the counts under no filter and
        under each single one (a search, two filters or the UN filters are counted live).

        Centre and country both narrow the centres, so they make one set of centre ids; for
        the centre facet itself that set only picks which centres count."""
        dims: list[tuple[str, str, list]] = []
        centres: set[int] | None = None
        for name in self.NARROWING:
            value = data.get(name)
            if name == facet or name in RUN_FILTERS or value in (None, "", [], ()):
                continue
            if name in ("centre", "country"):
                ids = set(self._ids(name, value))
                centres = ids if centres is None else centres & ids
            elif name in ("theme", "language"):
                ids = self._ids(name, value)
                if len(ids) != 1:  # a course with both would count twice
                    return None
                dims.append((name, "value = %s", [str(ids[0])]))
            elif name in ("audience", "level", "mode"):
                dims.append((name, "value = ANY(%s)", [sorted(value)]))
            else:  # a search, a UN filter or the kind of centre
                return None
        runs = _runs_dimension(data)
        if runs is False:
            return None
        if runs:
            dims.append(runs)
        only: frozenset[int] | None = None
        if centres is not None:
            if facet == "centre":
                only = frozenset(centres)
            else:
                dims.append(("centre", "value = ANY(%s)", [[str(pk) for pk in sorted(centres)]]))
        if len(dims) > 1:
            return None
        dim, condition, params = dims[0] if dims else ("", "value = %s", [""])
        return TableQuery(facet, dim, condition, params, only)

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

    def _compute_facets(self, data: dict[str, Any]) -> dict[str, Any]:
        def selected(name: str) -> set[str]:
            return set(data.get(name) or self.data.getlist(name))

        rows = reference_rows()
        counts = self.facet_counts(data)
        themes, centres, languages = rows["theme"], rows["centre"], rows["language"]

        def n(name: str, row) -> int:
            return counts[name].get(row.pk, 0)

        chosen_themes, chosen_centres = selected("theme"), selected("centre")
        chosen_languages = selected("language")
        return {
            "theme": [
                FacetOption(t.slug, gettext(t.name), n("theme", t), t.slug in chosen_themes)
                for t in themes
            ],
            "centre": [
                FacetOption(
                    c.slug, c.short_name or c.name, n("centre", c), c.slug in chosen_centres
                )
                for c in centres
                if c.is_active or n("centre", c) or c.slug in chosen_centres
            ],
            # Every language exists in this list while it has courses or is chosen, so a chosen
            # code missing from it is unknown.
            "language": [
                FacetOption(
                    lang.code,
                    gettext(lang.name),
                    n("language", lang),
                    lang.code in chosen_languages,
                )
                for lang in languages
                if n("language", lang) or lang.code in chosen_languages
            ],
            # Countries of the centres on offer; derived from the centre facet, no query.
            "country": sorted(
                {
                    (c.country, country_name(c.country))
                    for c in centres
                    # A partner without a country (the UN) adds no country to choose.
                    if c.country and (c.is_active or c.country in selected("country"))
                },
                key=lambda pair: pair[1],
            ),
            "centre_names": {c.slug: c.name for c in centres},
            # The theme rows themselves, so a page of one theme can introduce it without a query,
            # and the rows by id, which the catalog's rows show as their themes and languages.
            "themes": {t.slug: t for t in themes},
            "theme_rows": {t.pk: t for t in themes},
            "language_rows": {lang.pk: lang for lang in languages},
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
    RESOLVED = ("theme", "centre", "language", "un_package")
    # The refusals, one and several, by parameter (a noun does not translate on its own).
    UNKNOWN_VALUE = {
        "theme": (_("There is no theme %(values)s."), _("There are no themes %(values)s.")),
        "centre": (_("There is no centre %(values)s."), _("There are no centres %(values)s.")),
        "language": (
            _("There is no language code %(values)s."),
            _("There are no language codes %(values)s."),
        ),
        "un_package": (
            _("There is no UN training package %(values)s."),
            _("There are no UN training packages %(values)s."),
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

    @cached_property
    def run_filters(self) -> tuple[datetime.date | None, datetime.date | None, bool] | None:
        """The date and partner-seat filters in force (starts after, starts before, partner
        seats open), or None when they cannot pick another run than each course's next one:
        none in force, or an end date alone (the soonest upcoming run that starts by then is
        the next run, or there is none and the next run is shown)."""
        data = self._facet_data() if self.form.is_valid() else {}
        after, open_seats = data.get("starts_after"), data.get("open_seats") == "1"
        if not (after or open_seats):
            return None
        return after, data.get("starts_before"), open_seats

    def listing_key(self) -> str:
        """What `listed_offering` depends on besides the course and today: `run_filters`. An
        end date alone picks no other run, so its pages share their rows with the unfiltered
        catalog's."""
        filters = self.run_filters
        return "" if filters is None else "|".join(map(str, filters))

    def listed_offering(self, course: Course) -> tuple[Offering | None, str]:
        """The run a catalog row shows, and what to call it: the soonest upcoming run that the
        date and partner-seat filters asked for (a course may pass them by a later run than its
        next one), else its next run. Reads the row's prefetched upcoming offerings."""
        nearest = course.next_offering
        if self.run_filters is None:
            return nearest, pgettext("offering", "Next")
        after, before, open_seats = self.run_filters
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
            "centre_kind": dict(CentreKind.choices),
        }
        if data.get("un_package"):
            names["un_package"] = {
                package.slug: str(package)
                for package in UNTrainingPackage.objects.filter(slug__in=data["un_package"])
            }
        active: list[ActiveFilter] = []
        for name in self.NARROWING:
            value = data.get(name)
            if value in (None, "", [], ()) or (
                name in ("open_seats", "un_recognised") and value != "1"
            ):
                continue
            label = str(self.filters[name].label)
            if isinstance(value, list):
                for item in dict.fromkeys(value):  # a value asked twice is one filter
                    shown = names.get(name, {}).get(item, item)
                    active.append(ActiveFilter(name, label, shown, self._without(name, item)))
            elif isinstance(value, datetime.date):
                active.append(ActiveFilter(name, label, date_format(value), self._without(name)))
            elif name == "open_seats":
                active.append(
                    ActiveFilter(name, label, gettext("open to partners"), self._without(name))
                )
            elif name == "un_recognised":
                active.append(
                    ActiveFilter(name, label, gettext("UN recognised"), self._without(name))
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


CourseFilter.base_filters = CopiedEntryByEntry(CourseFilter.base_filters)


# The filters about a course's runs: one and the same upcoming run must pass all of them, and
# it is the run the catalog row shows (`CourseFilter.listed_offering`).
RUN_FILTERS = ("starts_after", "starts_before", "open_seats")


def _with_runs(queryset: QuerySet[Course], data: dict[str, Any]) -> QuerySet[Course]:
    """Courses with an upcoming scheduled run in the dates asked (and with partner seats open,
    when asked). A run in the past never qualifies a course: its row shows upcoming runs.

    The run dates each course stores (kept by the database) answer the one-sided cases from the
    course's row, with open seats too once the daily job has run today; a window asks the
    offerings (one EXISTS)."""
    after, before = data.get("starts_after"), data.get("starts_before")
    open_seats = data.get("open_seats") == "1"
    if not (after or before or open_seats):
        return queryset
    on = today()
    after = max(after, on) if after else on
    # An upcoming run with partner seats open is exactly "the latest deadline of the runs with
    # partner seats is today or later", since no deadline is after its run's start.
    if open_seats:
        queryset = queryset.filter(open_seats_deadline__gte=on)
    if data.get("starts_after"):
        queryset = queryset.filter(last_start_date__gte=after)
    if not before and not (open_seats and data.get("starts_after")):
        return queryset
    if before and after == on and not open_seats and catalog_day() == on:
        # "A run from today to `before`" is "the next run starts by then", when the stored
        # next runs count from today (the daily job has run today), as the count table reads it.
        return queryset.filter(next_start_date__range=(on, before))
    if open_seats and catalog_day() == on:
        # The first and last starts of the runs open to partners today, as each course stores
        # them when the stored dates count from today (the daily job has run today).
        if not before:
            return queryset.filter(open_last_start__gte=after)
        if after == on:
            return queryset.filter(open_first_start__lte=before)
        queryset = queryset.filter(open_first_start__lte=before, open_last_start__gte=after)
    if before:
        queryset = queryset.filter(first_start_date__lte=before, last_start_date__gte=after)
    runs = Offering.objects.scheduled().filter(course_id=OuterRef("pk"), start_date__gte=after)
    if before:
        runs = runs.filter(start_date__lte=before)
    if open_seats:
        runs = runs.filter(application_deadline__gte=on, partner_seats__gt=F("partner_seats_taken"))
    return queryset.filter(Exists(runs))


def _runs_dimension(data: dict[str, Any]) -> tuple[str, str, list] | bool | None:
    """The count table's dimension for the date and partner-seat filters in `data` (None when
    there are none, False when the table has no such counts), as `_with_runs` reads them:
    starts on or after a day is "the last run starts on or after it"; partner seats open is
    "the latest deadline of the runs with partner seats is today or later"; starts on or
    before a day is "the next run starts by then", which holds when the stored next runs count
    from today (the daily job has run today)."""
    after, before = data.get("starts_after"), data.get("starts_before")
    open_seats = data.get("open_seats") == "1"
    if not (after or before or open_seats):
        return None
    on = today()
    if open_seats and not (after or before):
        return ("open_deadline", "value >= %s", [on.isoformat()])
    if after and not (before or open_seats):
        return ("last_start", "value >= %s", [max(after, on).isoformat()])
    if before and not (after or open_seats) and catalog_day() == on:
        return ("next_start", "value BETWEEN %s AND %s", [on.isoformat(), before.isoformat()])
    return False


@dataclass(frozen=True)
class TableQuery:
    """Where one facet's counts are in the count table: rows of `dim` whose value passes
    `condition`, only the rows `only` when set."""

    facet: str
    dim: str
    condition: str
    params: list
    only: frozenset[int] | None


def table_counts(queries: dict[str, TableQuery | None]) -> dict[str, dict[int, int]]:
    """{facet: {row id: courses}} read from the count table (migration 0022) for each facet
    with a query, in one query; the facets without one are left out."""
    asked = [query for query in queries.values() if query is not None]
    if not asked:
        return {}
    selects, params = [], []
    for query in asked:
        # Every name is the code's own; every value is a parameter.
        selects.append(
            "SELECT %s, ref, SUM(n) FROM courses_catalog_count "  # noqa: S608
            f"WHERE facet = %s AND dim = %s AND {query.condition} GROUP BY ref"
        )
        params += [query.facet, query.facet, query.dim, *query.params]
    counts: dict[str, dict[int, int]] = {query.facet: {} for query in asked}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for facet, ref, n in cursor.fetchall():
            only = queries[facet].only
            if n and (only is None or ref in only):
                counts[facet][int(ref)] = int(n)
    return counts


def _resolve(asked: dict[str, list[str]]) -> dict[str, dict[str, tuple[int, ...]]]:
    """{parameter: {value: ids}} for the theme and centre slugs, language codes, countries
    and UN training packages in `asked`, looked up in the rows the facets and filters show
    (`reference_rows`, `un_package_rows`: in the cache, no query for a new combination of
    values). A value the database does not know is absent from the answer."""
    resolved: dict[str, dict[str, tuple[int, ...]]] = {kind: {} for kind in asked}
    if not any(asked.values()):
        return resolved
    rows = reference_rows()
    pairs = {
        "theme": lambda: ((row.slug, row.pk) for row in rows["theme"]),
        "centre": lambda: ((row.slug, row.pk) for row in rows["centre"]),
        "country": lambda: ((row.country, row.pk) for row in rows["centre"]),
        "language": lambda: ((row.code, row.pk) for row in rows["language"]),
        "un_package": lambda: ((row.slug, row.pk) for row in un_package_rows()),
    }
    for kind, values in asked.items():
        wanted = set(values)
        if not wanted:
            continue
        found = resolved[kind]
        for value, pk in pairs[kind]():
            if value in wanted:
                found[value] = (*found.get(value, ()), pk)
    return resolved


# The facets counted by grouping the courses on a column of theirs.
FACET_COLUMNS = (("theme", "theme_ids"), ("centre", "centre_id"), ("language", "language_ids"))
# On PostgreSQL the courses are grouped by the id of their set of theme (or language) ids
# instead, which the database keeps beside the ids (`courses_id_set`, migration 0029): hashing
# an integer costs a fifth of hashing an array (58k courses: 3.5 ms against 16.5 at 100k).
ID_SETS = {"theme_ids": "theme_set", "language_ids": "language_set"}


def _grouped_columns(courses: QuerySet[Course]) -> tuple[QuerySet[Course], list[str]]:
    """`courses` with what each facet groups them by, and those columns in FACET_COLUMNS'
    order: on PostgreSQL, the course's theme and language sets (columns, not model fields)."""
    if connection.vendor != "postgresql":
        return courses, [column for _name, column in FACET_COLUMNS]
    table = connection.ops.quote_name(Course._meta.db_table)
    sets = {
        # Every name here is the code's own.
        name: RawSQL(f"{table}.{connection.ops.quote_name(name)}", (), IntegerField())  # noqa: S611
        for name in ID_SETS.values()
    }
    return courses.annotate(**sets), [ID_SETS.get(c, c) for _name, c in FACET_COLUMNS]


def reference_rows() -> dict[str, list]:
    """Every theme, centre and language, in the facets' order; kept in the catalog cache until
    one of them changes (the database's reference version), not after each course write."""

    def fetch() -> dict[str, list]:
        return {
            "theme": list(Theme.objects.order_by("-is_priority", "name")),
            "centre": list(Centre.objects.order_by("name")),
            "language": list(Language.objects.order_by("name")),
        }

    return cached(("reference-rows",), fetch, reference=True)


def un_package_rows() -> list[UNTrainingPackage]:
    """The UN training packages the catalog's filters offer. They change a few times a year:
    kept like the facets' rows, a new one is offered once these expire (CATALOG_CACHE_SECONDS)
    or a centre, theme or language changes."""
    return cached(
        ("un-package-rows",),
        lambda: list(UNTrainingPackage.objects.order_by("kind", "name")),
        reference=True,
    )


def _facet_select(name: str, column: str, source: str, where: str) -> tuple[str, list]:
    """The SQL (and parameters) counting facet `name` by `column` over the rows of `source`
    (a common table expression) that pass `where`."""
    if connection.vendor == "postgresql":
        column = ID_SETS.get(column, column)
    col = connection.ops.quote_name(column)
    groups = f"SELECT {col}, COUNT(*) AS n FROM {source} WHERE {where} GROUP BY {col}"  # noqa: S608
    return _per_id(name, column, f"({groups}) g", "g", "1 = 1")


def _per_id(name: str, column: str, relation: str, alias: str, where: str) -> tuple[str, list]:
    """The SQL (and parameters) of facet `name`'s counts from `relation` (a grouped table or
    subquery, named `alias`), whose rows that pass `where` each hold a value of `column` and
    its number of courses, `n`: a centre counts for itself, a set of ids for every id in it."""
    col = f"{alias}.{connection.ops.quote_name(column)}"
    # Every name is the code's own; every value is a parameter.
    if column == "centre_id":
        sql = f"SELECT %s AS kind, {col} AS ref, {alias}.n AS n FROM {relation} WHERE {where}"  # noqa: S608
        return sql, [name]
    if connection.vendor == "postgresql":
        # A set's id names its ids in `courses_id_set` (migration 0029).
        return (
            f"SELECT %s AS kind, x.ref AS ref, SUM({alias}.n) AS n FROM {relation} "  # noqa: S608
            f"INNER JOIN courses_id_set s ON s.id = {col} "
            f"CROSS JOIN LATERAL unnest(s.ids) AS x(ref) WHERE {where} GROUP BY x.ref",
            [name],
        )
    # SQLite keeps the ids as ",3,7,": that set holds 7.
    table = connection.ops.quote_name((Theme if column == "theme_ids" else Language)._meta.db_table)
    return (
        f"SELECT %s AS kind, r.id AS ref, SUM({alias}.n) AS n FROM {relation} "  # noqa: S608
        f"INNER JOIN {table} r ON {col} LIKE %s || CAST(r.id AS TEXT) || %s "
        f"WHERE {where} GROUP BY r.id",
        [name, "%,", ",%"],
    )


def _run_counts(withs: list[str], with_params: list, selects: list[tuple[str, list]]):
    counts: dict[str, dict[int, int]] = {}
    # Raw SQL because the ORM cannot unnest a grouped subquery; every name comes from the
    # models and every value is a parameter.
    sql = "WITH " + ", ".join(withs) + " " + " UNION ALL ".join(s for s, _p in selects)
    params = [*with_params, *(p for _s, ps in selects for p in ps)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, ref, n in cursor.fetchall():
            counts.setdefault(kind, {})[int(ref)] = int(n)
    return counts


def _grouping_sets(
    source: str, facets: list[tuple[str, str, list[str]]]
) -> tuple[str, list[tuple[str, list]]]:
    """PostgreSQL: the common table expression (`groups`) that counts the rows of `source` for
    every (facet, column, flags) of `facets` in one pass (GROUPING SETS): grouped by each
    facet's column and its flags at once, rather than kept in a table and grouped from it once
    per facet (at 100k courses, three facets of 58k courses with open seats, one filtered by
    language: 45 ms instead of 58). And the select of each facet's counts from it: its rows
    whose flags (the other facets' filters) all pass."""
    quote = connection.ops.quote_name
    columns = [ID_SETS.get(column, column) for _name, column, _needed in facets]
    flags = sorted({flag for _name, _column, needed in facets for flag in needed})
    sets, selects = [], []
    for name, column, needed in facets:
        column = ID_SETS.get(column, column)
        sets.append("(" + ", ".join(quote(c) for c in [column, *needed]) + ")")
        # GROUPING() has a bit for each column, the first the highest, set when the column is
        # not one of the row's set: the rows of this facet's set have its bit alone clear.
        grouped = sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c != column)
        where = " AND ".join([f"grouped = {grouped}", *(quote(flag) for flag in needed)])
        selects.append(_per_id(name, column, "groups", "groups", where))
    listed = ", ".join(quote(c) for c in [*columns, *flags])
    groups = (
        f"groups AS MATERIALIZED (SELECT {listed}, "  # noqa: S608
        f"GROUPING({', '.join(quote(c) for c in columns)}) AS grouped, COUNT(*) AS n "
        f"FROM {source} GROUP BY GROUPING SETS ({', '.join(sets)}))"
    )
    return groups, selects


def _materialized() -> str:
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


# The first results of a ranked search found with its facets: a page of them needs only its rows.
RANKED = "ranked"
RANKED_FIRST = 100
# The columns and the order of a ranked search's results (as `CourseFilter.filter_queryset`).
RANK_COLUMNS = ("id", "rank", "next_start_date", "title")
RANK_ORDER = "rank DESC, next_start_date ASC NULLS LAST, title ASC, id ASC"


def _ranked_select(source: str, where: str) -> tuple[str, list]:
    """The SQL of the ids of the first `RANKED_FIRST` courses of `source` that pass `where`,
    each with its position, in the order of `RANK_ORDER`. The first are taken before they are
    numbered, so that only they are sorted in full (6,000 matches: 2.9 ms to sort them all)."""
    columns = ", ".join(RANK_COLUMNS)
    return (
        f"(SELECT %s AS kind, id AS ref, row_number() OVER (ORDER BY {RANK_ORDER}) AS n "  # noqa: S608
        f"FROM (SELECT {columns} FROM {source} WHERE {where} ORDER BY {RANK_ORDER} LIMIT %s) "
        "AS first_ranked)",
        [RANKED, RANKED_FIRST],
    )


def _count_facets(
    parts: list[tuple[str, str, QuerySet[Course]]], *, ranked: QuerySet[Course] | None = None
) -> dict[str, dict[int, int]]:
    """{facet: {row id: courses}} for each (facet, column, courses) of `parts`, in one query.

    The courses of each facet are grouped by their centre, or by the set of theme (or language)
    ids they store (some hundreds of distinct sets among 100k courses, read from the facet
    index), and each set then counts for every id it holds: joining every course to its links
    instead would visit two or three links per course. Facets that count the same courses
    (no theme, centre, language or country filter: the three facets of a search, say) find
    them once, in a common table expression, rather than once each.

    With `ranked` (a ranked search's courses), when they are the courses a facet counts, the
    ids of the first of them in order come with the counts, as `{RANKED: {id: position}}`:
    matching a common word reads most of the catalog, and this reads it once for both."""
    counts: dict[str, dict[int, int]] = {name: {} for name, _column, _courses in parts}
    extra = list(RANK_COLUMNS) if ranked is not None else []
    # {(sql, params): [its name, sql, params, how many facets count it]}
    sources: dict[tuple, list] = {}
    compiled: dict[int, tuple | None] = {}  # the SQL of each queryset given, by its id

    def sql(courses: QuerySet[Course]) -> tuple | None:
        if id(courses) not in compiled:
            try:
                grouped, columns = _grouped_columns(courses.order_by())
                found_sql, found_params = grouped.values(*columns, *extra).query.sql_with_params()
                compiled[id(courses)] = (found_sql, found_params)
            except EmptyResultSet:  # a filter no course can pass (a country without a centre)
                compiled[id(courses)] = None
        return compiled[id(courses)]

    counted: list[tuple[str, str, str]] = []  # the facets some course may pass, with their source
    for name, column, courses in parts:
        if (found := sql(courses)) is None:
            continue
        found_sql, found_params = found
        key = (found_sql, tuple(map(repr, found_params)))
        source = sources.setdefault(key, [f"found_{len(sources)}", found_sql, found_params, 0])
        source[3] += 1
        counted.append((name, column, source[0]))
    ranked_select: list[tuple[str, list]] = []
    if ranked is not None and counted:
        ranked_sql, ranked_params = sql(ranked) or ("", ())
        source = sources.get((ranked_sql, tuple(map(repr, ranked_params))))
        if source is not None:  # otherwise another pass: the page's own query ranks them
            source[3] += 1
            ranked_select.append(_ranked_select(source[0], "1 = 1"))
            counts[RANKED] = {}
    if len(sources) == 1 and connection.vendor == "postgresql":
        # Every facet counts the same courses: read once and grouped for each in the same pass
        # (and kept for the rank, when it reads them too).
        found_name, found_sql, found_params, _uses = next(iter(sources.values()))
        groups, selects = _grouping_sets(found_name, [(n, c, []) for n, c, _s in counted])
        kept = _materialized() if ranked_select else ""
        withs = [f"{found_name} AS {kept}({found_sql})", groups]
        counts.update(_run_counts(withs, list(found_params), selects + ranked_select))
    elif counted:
        selects = [_facet_select(name, column, source, "1 = 1") for name, column, source in counted]
        selects += ranked_select
        # Kept once when shared; otherwise the planner counts straight from the scan.
        withs = [
            f"{source} AS {_materialized() if uses > 1 else ''}({sql})"
            for source, sql, _params, uses in sources.values()
        ]
        with_params = [p for _s, _sql, params, _uses in sources.values() for p in params]
        counts.update(_run_counts(withs, with_params, selects))
    return counts


def _count_flagged(
    courses: QuerySet[Course],
    flags: dict[str, Q],
    parts: list[tuple[str, str]],
    *,
    ranked: bool = False,
) -> dict[str, dict[int, int]]:
    """{facet: {row id: courses}} for each (facet, column) of `parts`, in one pass over
    `courses`: each course carries a flag per facet filter (`flags`) it passes, and each facet
    counts the courses that pass every flag but its own. With `ranked` (a ranked search), the
    ids of the first courses that pass every flag come too (see `_count_facets`)."""
    counts: dict[str, dict[int, int]] = {name: {} for name, _column in parts}
    # A course counts for a facet only when it passes the other facets' filters: the courses
    # that pass none of the combinations are not kept (with a theme and a language in force
    # and 75k courses with partner seats open, 20k are kept: 45 ms became 28 at 100k).
    needs = {frozenset(other for other in flags if other != name) for name, _column in parts}
    if all(needs):  # (a facet that needs no flag counts every course)
        needs = {need for need in needs if not any(less < need for less in needs)}
        courses = courses.filter(
            reduce(
                operator.or_,
                (
                    reduce(operator.and_, (flags[n] for n in sorted(need)))
                    for need in sorted(needs, key=sorted)
                ),
            )
        )
    # Boolean flags, not 1/0: PostgreSQL guesses that half of a common table expression's rows
    # pass a boolean, but only 0.5% an equality. With that guess it sorted 50k theme sets to
    # group them rather than hashing them (110 ms instead of 70 for a theme, a language and
    # open seats at 100k courses).
    marked = courses.order_by().annotate(
        **{
            f"passes_{name}": ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in flags.items()
        }
    )
    if ranked:
        # Only the courses that pass every flag are ranked, the only ones the ranked select
        # reads: a common word matches most of the catalog, and its rank is four LIKEs a course
        # ("peacekeeping" and one centre at 100k courses: 69k matches, 8.5k of the centre; the
        # query took 195 ms instead of 290).
        marked = marked.annotate(
            rank=Case(
                When(reduce(operator.and_, flags.values()), then=F("rank")),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    marked, columns = _grouped_columns(marked)
    found = marked.values(
        *columns,
        *(RANK_COLUMNS if ranked else ()),
        *(f"passes_{n}" for n in flags),
    )
    try:
        found_sql, found_params = found.query.sql_with_params()
    except EmptyResultSet:
        return counts
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # Grouped for every facet in one pass (and kept for the rank, when it reads them too).
        needed = [
            (name, column, [f"passes_{n}" for n in flags if n != name]) for name, column in parts
        ]
        groups, selects = _grouping_sets("found", needed)
        withs = [f"found AS {_materialized() if ranked else ''}({found_sql})", groups]
    else:
        selects = []
        for name, column in parts:
            where = " AND ".join(quote(f"passes_{n}") for n in flags if n != name)
            selects.append(_facet_select(name, column, "found", where or "1 = 1"))
        withs = [f"found AS {_materialized()}({found_sql})"]
    if ranked:
        passes_all = " AND ".join(quote(f"passes_{n}") for n in flags)
        selects.append(_ranked_select("found", passes_all or "1 = 1"))
        counts[RANKED] = {}
    counts.update(_run_counts(withs, list(found_params), selects))
    return counts


# The resource library ----------------------------------------------------------------------


class ResourceFilter(django_filters.FilterSet):
    """The library's query parameters (a public contract): q, theme, kind, language, centre,
    visibility, and un_package (a UN training package's slug). Each filter is declared; a bad value is shown on the form, never a 500."""

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
    # The UN training package the resource is (any edition of it), by the package's slug.
    un_package = django_filters.ModelChoiceFilter(
        field_name="un_edition__package",
        to_field_name="slug",
        queryset=UNTrainingPackage.objects.all(),
        label=_("UN training package"),
        empty_label=_("Any package"),
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def __init__(self, *args: Any, readable_q: Q | None = None, **kwargs: Any) -> None:
        # The resources whose description the user may read: a search word found only in the
        # description of a resource listed at listing level must not reveal that description.
        self.readable_q = readable_q if readable_q is not None else Q()
        super().__init__(*args, **kwargs)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | (Q(description__icontains=word) & self.readable_q)
                | Q(owner_centre__name__icontains=word)
                | Q(owner_centre__short_name__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Several themes join the M2M table; distinct keeps each resource once.
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("un_package"):
            # Nor is the package edition of a resource listed only: the filter does not find it.
            queryset = queryset.filter(self.readable_q)
        if not data.get("theme"):
            return queryset
        # The themes of a resource listed only (another centre's centre-only one) are not
        # shown, so a theme filter does not find it either.
        return queryset.filter(self.readable_q).distinct()


# The instructor exchange ---------------------------------------------------------------------


class InstructorFilter(django_filters.FilterSet):
    """The query parameters of /instructors/: theme, language, kind, centre, and
    `available_from`/`available_until` (YYYY-MM-DD: a window covers the dates and no approved
    loan takes them). Each is declared; a bad value is shown on the form, never a 500."""

    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=_("Theme"),
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.ModelChoiceFilter(
        field_name="languages",
        to_field_name="code",
        queryset=Language.objects.all(),
        label=_("Language"),
        empty_label=_("Any language"),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=InstructorKind.choices, label=_("Kind"), widget=forms.CheckboxSelectMultiple
    )
    centre = django_filters.ModelChoiceFilter(
        field_name="centre",
        to_field_name="slug",
        queryset=Centre.objects.active(),
        label=_("Centre"),
        empty_label=_("Any centre"),
    )
    available_from = django_filters.DateFilter(
        method="filter_available",
        label=_("Available from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    available_until = django_filters.DateFilter(
        method="filter_available",
        label=_("Available until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Instructor
        fields: list[str] = []

    def filter_available(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        # Both dates are applied once, by the first of them that is set.
        data = self.form.cleaned_data
        start = data.get("available_from") or value
        end = data.get("available_until") or start
        if name == "available_until" and data.get("available_from"):
            return queryset
        if end < start:
            start, end = end, start
        return queryset.available_between(start, end)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Several themes join the M2M table; distinct keeps each offer once.
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return queryset.distinct() if data.get("theme") or data.get("language") else queryset
