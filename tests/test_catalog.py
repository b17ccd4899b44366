"""The catalog `/courses/` and the course page `/courses/<slug>/`."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from courses.models import Course, Language, Offering, Theme
from courses.models.catalog import as_of
from courses.services import offering_cancel

from .factories import make_centre, make_course, make_offering
from .pages import result_titles

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


def language(code: str) -> Language:
    return Language.objects.get(code=code)


def titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


def on(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def catalog(centre_a, centre_b, centre_c):
    """Four published courses that differ on every filter."""
    poc = make_course(
        centre_a,
        title="Protection of Civilians Course",
        themes=[theme("protection-of-civilians"), theme("human-rights")],
        languages=[language("en"), language("ms")],
        audience="military",
        level="basic",
        delivery_mode="in-person",
    )
    make_offering(poc, start_in_days=30, partner_seats=6)
    gender = make_course(
        centre_b,
        title="Gender Advisor Course",
        themes=[theme("women-peace-security")],
        languages=[language("th")],
        audience="mixed",
        level="advanced",
        delivery_mode="online",
    )
    make_offering(gender, start_in_days=90, partner_seats=0)
    convoy = make_course(
        centre_c,
        title="Convoy Security Course",
        themes=[theme("peacekeeper-safety"), theme("protection-of-civilians")],
        languages=[language("vi"), language("en")],
        audience="police",
        level="intermediate",
        delivery_mode="blended",
    )
    make_offering(
        convoy,
        start_in_days=10,
        partner_seats=4,
        application_deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    observers = make_course(
        centre_a,
        title="Military Observers Course",
        themes=[theme("military-observers")],
        audience="military",
        level="advanced",
        delivery_mode="in-person",
    )
    return {"poc": poc, "gender": gender, "convoy": convoy, "observers": observers}


# -- Each filter -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=protection-of-civilians", {"poc", "convoy"}),
        ("theme=women-peace-security&theme=military-observers", {"gender", "observers"}),
        ("centre=alpha", {"poc", "observers"}),
        ("centre=bravo&centre=charlie", {"gender", "convoy"}),
        ("country=TH", {"gender"}),
        ("country=vn", {"convoy"}),
        ("country=MY&country=TH", {"poc", "observers", "gender"}),
        ("country=PH", set()),  # a member state without a centre in the catalog
        ("country=PH&country=TH", {"gender"}),
        ("audience=military", {"poc", "observers"}),
        ("audience=police&audience=mixed", {"gender", "convoy"}),
        ("level=advanced", {"gender", "observers"}),
        ("language=en", {"poc", "convoy", "observers"}),
        ("language=th&language=vi", {"gender", "convoy"}),
        ("mode=online", {"gender"}),
        ("mode=blended&mode=online", {"gender", "convoy"}),
        ("starts_after={d20}", {"poc", "gender"}),
        ("starts_before={d20}", {"convoy"}),
        ("starts_after={d20}&starts_before={d60}", {"poc"}),
        ("open_seats=1", {"poc", "convoy"}),
        ("open_seats=0", {"poc", "gender", "convoy", "observers"}),
        ("theme=protection-of-civilians&centre=alpha", {"poc"}),
        ("theme=protection-of-civilians&language=vi&open_seats=1", {"convoy"}),
        ("level=advanced&mode=in-person", {"observers"}),
        ("centre=alpha&mode=online", set()),
    ],
)
def test_each_filter_and_their_combinations_narrow_the_catalog(client, catalog, query, expected):
    response = client.get(f"{CATALOG}?{query.format(d20=on(20), d60=on(60))}")
    assert response.status_code == 200
    assert set(titles(response)) == {catalog[key].title for key in expected}
    assert response.context["result_count"] == len(expected)


def test_a_course_matching_several_values_is_listed_once(client, catalog):
    make_offering(catalog["poc"], start_in_days=40)
    response = client.get(
        f"{CATALOG}?theme=protection-of-civilians&theme=human-rights&language=en&language=ms"
        f"&starts_after={on(1)}"
    )
    assert titles(response).count(catalog["poc"].title) == 1


@pytest.mark.parametrize(
    "query",
    ["starts_after={d20}&starts_before={d40}", "starts_after={d20}", "starts_before={d40}"],
)
def test_cancelled_offerings_do_not_count_for_the_date_filters(client, centre_a, query):
    course = make_course(centre_a, title="Only a cancelled run")
    cancelled = make_offering(course, start_in_days=30)
    url = f"{CATALOG}?{query.format(d20=on(20), d40=on(40))}"
    assert titles(client.get(url)) == ["Only a cancelled run"]
    offering_cancel(offering=cancelled, by=None)
    assert titles(client.get(url)) == []


def test_the_date_bounds_hold_for_one_and_the_same_offering(client, centre_a):
    course = make_course(centre_a, title="Runs in March and in September")
    make_offering(course, start_in_days=10)
    make_offering(course, start_in_days=200)
    assert titles(client.get(f"{CATALOG}?starts_after={on(5)}&starts_before={on(15)}"))
    assert titles(client.get(f"{CATALOG}?starts_after={on(150)}&starts_before={on(250)}"))
    # The first run is before the window and the last one after it: no run is in it.
    assert titles(client.get(f"{CATALOG}?starts_after={on(20)}&starts_before={on(190)}")) == []


def test_open_seats_ignores_offerings_whose_deadline_has_passed(client, centre_a):
    course = make_course(centre_a, title="Deadline today")
    make_offering(course, start_in_days=5, application_deadline=timezone.localdate())
    assert titles(client.get(f"{CATALOG}?open_seats=1")) == ["Deadline today"]
    with as_of(timezone.localdate() + datetime.timedelta(days=1)):
        assert titles(client.get(f"{CATALOG}?open_seats=1")) == []


# -- Sorting ---------------------------------------------------------------------------------


def test_default_sort_is_soonest_offering_first_and_courses_without_one_last(client, catalog):
    assert titles(client.get(CATALOG)) == [
        "Convoy Security Course",
        "Protection of Civilians Course",
        "Gender Advisor Course",
        "Military Observers Course",
    ]


def test_sort_by_title_and_by_newest(client, catalog):
    assert titles(client.get(f"{CATALOG}?sort=title")) == sorted(
        course.title for course in catalog.values()
    )
    newest = titles(client.get(f"{CATALOG}?sort=-created"))
    assert newest[0] == "Military Observers Course"
    assert newest[-1] == "Protection of Civilians Course"


# -- Facets ----------------------------------------------------------------------------------


def facet(response, name: str) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"][name]}


def test_facet_counts_keep_the_other_filters_and_ignore_their_own(client, catalog):
    response = client.get(f"{CATALOG}?theme=protection-of-civilians&centre=alpha")
    themes = facet(response, "theme")
    # Centre alpha is kept: of its two courses, one is on each of these themes.
    assert themes["protection-of-civilians"] == 1
    assert themes["military-observers"] == 1
    assert themes["women-peace-security"] == 0
    centres = facet(response, "centre")
    # The theme is kept, the centre choice is not: the other centre with a POC course counts.
    assert centres == {"alpha": 1, "bravo": 0, "charlie": 1}
    assert facet(response, "language")["en"] == 1


def test_facets_show_counts_next_to_the_options(client, catalog):
    content = client.get(CATALOG).content.decode()
    assert re.search(
        r'value="protection-of-civilians" ?>[^<]*</label>\s*<span[^>]*>2</span>', content
    )


# -- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("starts_after=2026-02-31", "starts_after", "Enter a date as YYYY-MM-DD."),
        ("starts_before=tomorrow", "starts_before", "Enter a date as YYYY-MM-DD."),
        ("starts_after=2027-05-01&starts_before=2027-04-01", "starts_before", "must be on or"),
        ("theme=not-a-theme", "theme", "There is no theme “not-a-theme”."),
        ("theme=<script>", "theme", "is not a valid value here"),
        ("centre=atlantis", "centre", "There is no centre “atlantis”."),
        ("language=xx", "language", "There is no language code “xx”."),
        ("country=ZZ", "country", "Select a valid choice."),
        ("audience=pilots", "audience", "Select a valid choice."),
        ("open_seats=banana", "open_seats", "“banana” is not understood: use 1"),
        ("sort=nonsense", "sort", "“nonsense” is not a sort order"),
    ],
)
def test_a_bad_parameter_is_a_form_error_on_its_field_never_a_server_error(
    client, catalog, query, field, message
):
    response = client.get(f"{CATALOG}?{query}&mode=online")
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert "Some filters could not be used" in content
    assert message.replace("“", "&ldquo;")[:15] in content or message[:15] in content
    # The good filters stay in the form.
    assert 'name="mode" value="online" checked' in content


@pytest.mark.parametrize(
    ("page", "message"),
    [("abc", "is not a page number"), ("0", "is not a page number"), ("9", "no page 9")],
)
def test_a_bad_page_is_explained_and_the_nearest_page_shown(client, catalog, page, message):
    response = client.get(f"{CATALOG}?page={page}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(titles(response)) == 4


def test_empty_parameters_are_ignored(client, catalog):
    response = client.get(
        f"{CATALOG}?q=&theme=&centre=&country=&audience=&level=&language=&mode=&starts_after="
        "&starts_before=&open_seats=&sort=&page="
    )
    assert response.status_code == 200
    assert len(titles(response)) == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [("q=a%00b", "q"), ("theme=a%00b", "theme"), ("q=" + "x" * 201, "q")],
)
def test_null_characters_and_overlong_text_are_refused_on_their_field(
    client, catalog, query, field
):
    response = client.get(f"{CATALOG}?{query}")
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_a_huge_page_number_shows_the_last_page(client, catalog):
    response = client.get(f"{CATALOG}?page=99999999999999999999999")
    assert response.status_code == 400
    assert len(titles(response)) == 4


def test_an_error_offers_the_results_without_the_refused_filters(client, catalog):
    response = client.get(f"{CATALOG}?theme=nope&mode=online&sort=bad&page=2")
    assert 'href="?mode=online">Show the results without these filters' in (
        response.content.decode()
    )


def test_a_bad_date_is_kept_in_its_input(client, catalog):
    content = client.get(f"{CATALOG}?starts_after=2026-13-01").content.decode()
    assert 'name="starts_after" id="id_starts_after" value="2026-13-01"' in content


# -- Pagination and the empty state ----------------------------------------------------------


def test_pagination_links_keep_every_filter(client, centre_a, settings):
    settings.CATALOG_PAGE_SIZE = 5
    for n in range(12):
        make_course(centre_a, title=f"Course {n:02}", themes=[theme("logistics")])
    response = client.get(f"{CATALOG}?theme=logistics&mode=in-person&sort=title&page=2")
    assert titles(response) == [f"Course {n:02}" for n in range(5, 10)]
    content = response.content.decode()
    assert 'href="?theme=logistics&amp;mode=in-person&amp;sort=title&amp;page=3"' in content
    assert 'href="?theme=logistics&amp;mode=in-person&amp;sort=title&amp;page=1"' in content
    assert "12 courses" in content


def test_removing_a_filter_drops_the_page_number(client, catalog):
    response = client.get(f"{CATALOG}?theme=protection-of-civilians&centre=alpha&page=1")
    removals = {f.param: f.remove_query for f in response.context["active_filters"]}
    assert removals == {"theme": "centre=alpha", "centre": "theme=protection-of-civilians"}


def test_a_value_asked_twice_is_one_filter(client, catalog):
    response = client.get(f"{CATALOG}?theme=protection-of-civilians&theme=protection-of-civilians")
    assert response.status_code == 200
    assert [(f.param, f.remove_query) for f in response.context["active_filters"]] == [
        ("theme", "")
    ]
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("Courses: Protection of civilians ·")


def test_empty_state_offers_to_remove_each_filter(client, catalog):
    response = client.get(f"{CATALOG}?centre=alpha&mode=online")
    content = response.content.decode()
    assert response.status_code == 200
    assert "No course matches all of these filters" in content
    assert 'href="?mode=online">Remove “Centre: Alpha Peacekeeping Centre”' in content
    assert 'href="?centre=alpha">Remove “Delivery mode: Online”' in content


def test_filters_are_reflected_in_the_form(client, catalog):
    content = client.get(
        f"{CATALOG}?q=convoy&theme=peacekeeper-safety&level=intermediate&open_seats=1&sort=title"
    ).content.decode()
    assert 'name="q" id="id_q" value="convoy"' in content
    assert 'value="peacekeeper-safety" checked' in content
    assert 'name="level" value="intermediate" checked' in content
    assert 'name="open_seats" value="1" checked' in content
    assert '<option value="title" selected>' in content


# -- Who sees what ---------------------------------------------------------------------------


def test_a_member_sees_its_own_drafts_in_the_catalog_with_a_badge(client, centre_a, trainer_a):
    make_course(centre_a, title="Draft of Alpha", status="draft")
    client.force_login(trainer_a)
    response = client.get(CATALOG)
    assert titles(response) == ["Draft of Alpha"]
    assert 'class="badge badge--draft">Draft<' in response.content.decode()


def test_the_result_count_includes_the_members_own_drafts_only(
    client, centre_a, centre_b, trainer_a, trainer_b
):
    make_course(centre_a, title="Draft of Alpha", status="draft")
    make_course(centre_a, title="Published of Alpha")
    make_course(centre_b, title="Published of Bravo")
    for user, url, expected in (
        (trainer_a, CATALOG, 3),
        (trainer_a, f"{CATALOG}?centre={centre_a.slug}", 2),
        (trainer_a, f"{CATALOG}?centre={centre_b.slug}", 1),
        (trainer_b, f"{CATALOG}?centre={centre_a.slug}", 1),
        (trainer_b, CATALOG, 2),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.context["result_count"] == expected, (user, url)
        assert len(titles(response)) == expected


def test_others_do_not_see_a_draft_in_the_catalog_or_on_its_page(
    client, centre_a, trainer_b, outsider
):
    draft = make_course(centre_a, title="Draft of Alpha", status="draft")
    assert titles(client.get(CATALOG)) == []
    assert client.get(draft.get_absolute_url()).status_code == 404
    for user in (trainer_b, outsider):
        client.force_login(user)
        assert titles(client.get(CATALOG)) == []
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_member_and_the_network_admin_open_a_draft(client, centre_a, trainer_a, network_admin):
    draft = make_course(centre_a, title="Draft of Alpha", status="draft")
    for user in (trainer_a, network_admin):
        client.force_login(user)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "Only members of APC see this course" in response.content.decode()


def test_an_archived_course_keeps_its_page_but_leaves_the_catalog(client, centre_a, trainer_a):
    archived = make_course(centre_a, title="Old course", status="archived")
    assert titles(client.get(CATALOG)) == []
    response = client.get(archived.get_absolute_url())
    assert response.status_code == 200
    assert "This course is no longer in the catalog" in response.content.decode()
    client.force_login(trainer_a)
    assert titles(client.get(CATALOG)) == []


def test_an_unknown_course_is_a_404(client, db):
    assert client.get("/courses/no-such-course/").status_code == 404


# -- The course page -------------------------------------------------------------------------


def test_course_page_shows_facts_themes_and_every_offering(client, centre_a):
    course = make_course(
        centre_a,
        title="Protection of Civilians Course",
        themes=[theme("protection-of-civilians")],
        languages=[language("en"), language("vi")],
        level="advanced",
        prerequisites="Captains and above.",
    )
    upcoming = make_offering(course, start_in_days=30, partner_seats=6, city="Hanoi", country="VN")
    Offering.objects.filter(pk=upcoming.pk).update(partner_seats_taken=2)
    cancelled = make_offering(course, start_in_days=60)
    Offering.objects.filter(pk=cancelled.pk).update(status="cancelled")
    make_offering(course, start_in_days=-200, city="Kuala Lumpur")
    content = client.get(course.get_absolute_url()).content.decode()
    assert "Advanced" in content
    assert "English, Vietnamese" in content
    assert 'href="/courses/?theme=protection-of-civilians"' in content
    assert "Captains and above." in content
    assert "Hanoi, Viet Nam" in content
    assert "4 of 6" in content  # partner seats still open
    assert "Cancelled" in content
    assert "Past offerings" in content and "Kuala Lumpur" in content
    assert f'href="{centre_a.get_absolute_url()}"' in content


def test_description_markdown_is_rendered_and_sanitised(client, centre_a):
    course = make_course(
        centre_a,
        description=(
            "## Aims\n\n* **Protect** civilians\n\n<script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n[bad](javascript:alert(2)) '
            '<a href="https://un.org" onclick="steal()">UN</a>'
        ),
    )
    content = client.get(course.get_absolute_url()).content.decode()
    assert "<h2>Aims</h2>" in content
    assert "<strong>Protect</strong>" in content
    assert "<script>alert" not in content
    assert "onerror" not in content
    assert "onclick" not in content
    assert "javascript:" not in content
    assert 'href="https://un.org"' in content


# -- Query budget ----------------------------------------------------------------------------


def _fill(centre, count: int) -> None:
    themes = [theme("protection-of-civilians"), theme("logistics")]
    languages = [language("en"), language("fr")]
    for n in range(count):
        course = make_course(centre, title=f"Course {n:03}", themes=themes, languages=languages)
        make_offering(course, start_in_days=10 + n)
        make_offering(course, start_in_days=200 + n)


def _queries_for(client, url: str) -> int:
    # The worst case: no counts kept in the cache from an earlier request.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_catalog_queries_stay_the_same_for_20_and_100_courses(
    client, centre_a, django_assert_max_num_queries
):
    url = f"{CATALOG}?theme=protection-of-civilians&language=en&open_seats=1"
    _fill(centre_a, 20)
    # Eight, and one for the UN training packages the filters offer (a short reference list,
    # kept with the facets' rows in the cache).
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.context["result_count"] == 20
    with_20 = _queries_for(client, url)
    _fill(centre_a, 80)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.context["result_count"] == 100
    assert _queries_for(client, url) == with_20
    assert _queries_for(client, url + "&page=5") == with_20


def test_catalog_queries_for_a_member_do_not_grow_with_the_results(
    client, centre_a, trainer_a, django_assert_max_num_queries
):
    # A member costs the session, the user and the membership on top of a visitor's queries.
    client.force_login(trainer_a)
    _fill(centre_a, 20)
    with_20 = _queries_for(client, CATALOG)
    _fill(centre_a, 30)
    with django_assert_max_num_queries(12):
        assert client.get(CATALOG).status_code == 200
    assert _queries_for(client, CATALOG) == with_20


def test_course_page_queries_do_not_grow_with_offerings(
    client, centre_a, django_assert_max_num_queries
):
    course = make_course(centre_a)
    for n in range(15):
        make_offering(course, start_in_days=n * 20 - 100)
    with django_assert_max_num_queries(5):
        assert client.get(course.get_absolute_url()).status_code == 200


def test_catalog_lists_a_course_with_its_next_offering_and_open_seats(client, centre_a):
    course = make_course(centre_a, title="Seats course")
    make_offering(course, start_in_days=80, partner_seats=3)
    make_offering(course, start_in_days=30, partner_seats=7, city="Melaka")
    content = client.get(CATALOG).content.decode()
    assert "Melaka, Malaysia" in content
    assert "7 partner seats open" in content
    assert "1 more date" in content
    assert Course.objects.count() == 1


def test_a_row_escapes_what_centres_wrote_and_shows_each_rows_own_facts(client):
    """Rows are written as strings, with what repeats from row to row built once per page:
    every value from the database is escaped, and two rows never share another's facts."""
    bold = make_centre(name='Centre "B" <b>bold</b>', short_name="<i>B</i>", city="Ipoh & Co")
    plain = make_centre(name="Plain Centre", short_name="PC", country="TH", city="Bangkok")
    first = make_course(
        bold, title="<script>alert(1)</script> & drills", summary="Civilians <em>first</em>"
    )
    make_offering(first, start_in_days=40, partner_seats=3, city="<u>Melaka</u>")
    second = make_course(plain, title="Second course", duration_days=3, level="advanced")
    make_offering(second, start_in_days=50, partner_seats=3, city="Lopburi")
    make_offering(second, start_in_days=90, partner_seats=1)
    content = client.get(CATALOG).content.decode()
    rows = content.split('<li class="result">')[1:]
    assert len(rows) == 2
    assert "<script>alert" not in content and "<u>Melaka" not in content
    assert "<b>bold" not in content and "<i>B</i>" not in content and "<em>first" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; drills" in rows[0]
    assert 'title="Centre &quot;B&quot; &lt;b&gt;bold&lt;/b&gt;">&lt;i&gt;B&lt;/i&gt;' in rows[0]
    assert "Civilians &lt;em&gt;first&lt;/em&gt;" in rows[0]
    assert "&lt;u&gt;Melaka&lt;/u&gt;, Malaysia" in rows[0]
    assert "5 days" in rows[0] and "Basic" in rows[0] and "more date" not in rows[0]
    assert "PC" in rows[1] and "Thailand" in rows[1] and "Lopburi, Thailand" in rows[1]
    assert "3 days" in rows[1] and "Advanced" in rows[1] and "1 more date" in rows[1]
    # The same number of seats open, each row with its own deadline.
    for row, course in ((rows[0], first), (rows[1], second)):
        deadline = course.offerings.order_by("start_date")[0].application_deadline
        assert f"apply by {date_format(deadline, 'DATE_FORMAT')}" in row


def _row_run(response) -> str:
    return re.search(
        r"<strong>([^<]*)</strong>\s*([^<·]*)",
        response.content.decode().split('class="result__next"')[1],
    ).groups()


def test_a_row_shows_the_run_the_filters_asked_for(client, centre_a):
    course = make_course(centre_a, title="Closed soon, open later")
    make_offering(course, start_in_days=10, partner_seats=0, city="Melaka")
    make_offering(course, start_in_days=60, partner_seats=3, city="Seremban")
    make_offering(course, start_in_days=120, partner_seats=2, city="Ipoh")
    label, _dates = _row_run(client.get(CATALOG))
    assert label == "Next:"
    assert "Melaka" in client.get(CATALOG).content.decode()

    response = client.get(f"{CATALOG}?open_seats=1")
    assert _row_run(response)[0] == "Next open to partners:"
    assert "Seremban" in response.content.decode() and "Melaka" not in response.content.decode()

    response = client.get(f"{CATALOG}?starts_after={on(100)}")
    assert _row_run(response)[0] == "Next in these dates:"
    assert "Ipoh" in response.content.decode() and "Seremban" not in response.content.decode()

    # When the next run is the one asked for, it is simply the next one.
    response = client.get(f"{CATALOG}?starts_before={on(20)}")
    assert _row_run(response)[0] == "Next:"
    assert "Melaka" in response.content.decode()


def test_course_page_lists_the_related_resources_the_viewer_may_see(client, centre_a, trainer_b):
    from .resource_factories import make_resource

    course = make_course(centre_a, title="Convoy safety course")
    make_resource(
        centre_a, title="Public convoy handbook", visibility="public", related_courses=[course]
    )
    make_resource(
        centre_a, title="Network convoy drill", visibility="network", related_courses=[course]
    )
    make_resource(
        centre_a, title="Private convoy scenario", visibility="centre", related_courses=[course]
    )

    page = client.get(course.get_absolute_url()).content.decode()
    assert "Public convoy handbook" in page
    assert "Network convoy drill" not in page
    assert "Private convoy scenario" not in page

    client.force_login(trainer_b)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Network convoy drill" in page
    # A centre-only resource is offered to ask for, never linked.
    assert "Private convoy scenario" in page
    assert "Ask for access" in page


@pytest.mark.parametrize(
    "query", [{}, {"sort": "title"}, {"sort": "-created"}, {"q": "patrol"}], ids=repr
)
def test_a_deep_page_lists_the_same_courses_in_the_same_order_as_the_whole_catalog(
    client, centre_a, settings, monkeypatch, query
):
    """Deep in the results a page's ids are found on their own, and past the middle from the
    other end: in every order, each page holds the courses the whole list has there. The
    courses share titles, dates and rank, and some have no run, so every tie-break counts."""
    # Deep from the third page of five on; a search ranked in full up to its tenth course.
    monkeypatch.setattr("courses.rows.DEEP_OFFSET", 10)
    monkeypatch.setattr("courses.filters.RANKED_FIRST", 10)
    monkeypatch.setattr("courses.views.catalog.RANKED_FIRST", 10)
    for n in range(48):
        course = make_course(centre_a, title=f"Patrol course {n % 7}")
        if n % 3:
            make_offering(course, start_in_days=10 + n % 4)
    settings.CATALOG_PAGE_SIZE = 100
    everything = result_titles(client.get(CATALOG, query))
    assert len(everything) == 48
    settings.CATALOG_PAGE_SIZE = 5
    # Pages 3 and 5 are walked from the start, 6 and 10 (the last) from the end.
    for page in (1, 3, 5, 6, 10):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CATALOG, {**query, "page": page})
        assert result_titles(response) == everything[(page - 1) * 5 : page * 5], page
        if page == 10:
            # The last page's ids are the first ones from the other end: nothing is skipped.
            sql = [q["sql"] for q in captured if " LIMIT 3" in q["sql"]]
            assert sql and all(" OFFSET " not in found for found in sql)


# -- Filtersets share their declarations, never their state -------------------------------------


def test_two_filtersets_at_once_each_filter_by_their_own_parameters(centre_a):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict
    from django.test import RequestFactory

    from courses.filters import CourseFilter

    make_course(centre_a, title="Convoy escort", audience="police")
    make_course(centre_a, title="Gender advisers", audience="military")
    request = RequestFactory().get(CATALOG)
    request.user = AnonymousUser()
    courses = Course.objects.published()
    first = CourseFilter(QueryDict("q=convoy"), queryset=courses, request=request)
    second = CourseFilter(QueryDict("q=gender&theme=nowhere"), queryset=courses, request=request)
    assert second.is_valid() is False
    assert first.is_valid() is True
    assert [course.title for course in first.qs] == ["Convoy escort"]
    third = CourseFilter(QueryDict("audience=military"), queryset=courses, request=request)
    assert third.is_valid()
    assert [course.title for course in third.qs] == ["Gender advisers"]
    assert not first.form.errors and not third.form.errors
    assert "theme" in second.form.errors
    # Each copy of a filter with a method calls it on its own filterset.
    assert first.filters["q"].parent is first
    found = first.filters["q"].filter(courses, "gender")
    assert [course.title for course in found] == ["Gender advisers"]
