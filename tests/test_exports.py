"""CSV exports: the columns, one row per offering, and cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from courses.exports import OFFERING_COLUMNS, spreadsheet_safe

from .factories import make_course, make_offering


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://training.apcn.example"


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="apcn-offerings-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    reader = csv.reader(io.StringIO(text[1:]))
    header = next(reader)
    assert header == OFFERING_COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+60 12 345", "'+60 12 345"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hanoi", "Hanoi"),
        ("Co-operation = good", "Co-operation = good"),
        ("", ""),
        (-3, -3),
        (12, 12),
    ],
)
def test_spreadsheet_safe_quotes_text_that_would_start_a_formula(value, expected):
    assert spreadsheet_safe(value) == expected


def test_export_has_one_row_per_offering_with_the_contract_columns(client, centre_a, centre_b):
    course = make_course(centre_a, title="Protection of Civilians", audience="mixed")
    start = datetime.date(2026, 9, 7)
    make_offering(
        course,
        start_date=start,
        end_date=datetime.date(2026, 9, 11),
        application_deadline=datetime.date(2026, 8, 1),
        city="Port Dickson",
        country="MY",
        seats_total=30,
        partner_seats=8,
    )
    make_offering(course, start_in_days=400, status="cancelled")
    other = make_course(centre_b, title="Staff Officers")
    make_offering(other, start_in_days=10)

    rows = read_csv(client.get("/courses/export.csv"))
    assert [row["Course"] for row in rows].count("Protection of Civilians") == 2
    assert len(rows) == 3
    first = next(r for r in rows if r["Start date"] == "2026-09-07")
    assert first == {
        "Course": "Protection of Civilians",
        "Centre": "Alpha Peacekeeping Centre",
        "Centre short name": "APC",
        "Start date": "2026-09-07",
        "End date": "2026-09-11",
        "City": "Port Dickson",
        "Country": "Malaysia",
        "Application deadline": "2026-08-01",
        "Total seats": "30",
        "Partner seats": "8",
        "Partner seats open": "8",
        "Themes": "Safety and security of peacekeepers",
        "Audience": "Mixed",
        "Level": "Basic",
        "Delivery mode": "In person",
        "Status": "Scheduled",
        "URL": f"https://training.apcn.example/courses/{course.slug}/",
    }
    assert {r["Status"] for r in rows} == {"Scheduled", "Cancelled"}


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
def test_export_neutralises_formulas_typed_into_course_and_place(client, centre_a, trigger):
    course = make_course(centre_a, title=f"{trigger}cmd|' /C calc'!A0")
    make_offering(course, start_in_days=30, city=f"{trigger}1+1")
    [row] = read_csv(client.get("/courses/export.csv"))
    assert row["Course"] == f"'{trigger}cmd|' /C calc'!A0"
    assert row["City"] == f"'{trigger}1+1"


def test_export_keeps_non_latin_names_and_quotes_commas(client, centre_a):
    course = make_course(centre_a, title="Huấn luyện gìn giữ hòa bình, khóa 1")
    make_offering(course, start_in_days=30, city="Hà Nội")
    [row] = read_csv(client.get("/courses/export.csv"))
    assert row["Course"] == "Huấn luyện gìn giữ hòa bình, khóa 1"
    assert row["City"] == "Hà Nội"


def test_export_leaves_out_drafts_for_visitors_and_keeps_them_for_their_centre(
    client, centre_a, trainer_a, trainer_b
):
    draft = make_course(centre_a, title="Draft", status="draft")
    make_offering(draft, start_in_days=30)
    assert read_csv(client.get("/courses/export.csv")) == []
    client.force_login(trainer_b)
    assert read_csv(client.get("/courses/export.csv")) == []
    client.force_login(trainer_a)
    assert [r["Course"] for r in read_csv(client.get("/courses/export.csv"))] == ["Draft"]


def test_export_query_count_does_not_grow_with_offerings(
    client, centre_a, centre_b, django_assert_max_num_queries
):
    for centre in (centre_a, centre_b, centre_a):
        course = make_course(centre)
        make_offering(course, start_in_days=20)
        make_offering(course, start_in_days=90)
    # Filter validation (3 facet queries), the offerings and their themes.
    with django_assert_max_num_queries(5):
        rows = read_csv(client.get("/courses/export.csv"))
    assert len(rows) == 6


def test_export_applies_the_catalogs_filters(client, centre_a, centre_b):
    ours = make_course(centre_a, title="Ours", level="advanced")
    make_offering(ours, start_in_days=30)
    make_offering(ours, start_in_days=200)
    make_offering(make_course(centre_b, title="Theirs", level="advanced"), start_in_days=30)
    make_offering(make_course(centre_a, title="Basic one", level="basic"), start_in_days=30)

    # The centre page links here with ?centre=<slug>.
    rows = read_csv(client.get("/courses/export.csv", {"centre": "alpha", "level": "advanced"}))
    assert [r["Course"] for r in rows] == ["Ours", "Ours"]
    rows = read_csv(client.get("/courses/export.csv", {"centre": "alpha"}))
    assert sorted(r["Course"] for r in rows) == ["Basic one", "Ours", "Ours"]


def test_export_date_filters_choose_the_offerings_too(client, centre_a):
    course = make_course(centre_a, title="Twice a year")
    soon = make_offering(course, start_in_days=30)
    make_offering(course, start_in_days=200)
    cutoff = (soon.start_date + datetime.timedelta(days=10)).isoformat()
    rows = read_csv(client.get("/courses/export.csv", {"starts_before": cutoff}))
    assert [r["Start date"] for r in rows] == [soon.start_date.isoformat()]


@pytest.mark.parametrize(
    "params", [{"centre": "nowhere"}, {"starts_after": "31/12/2026"}, {"sort": "price"}]
)
def test_a_bad_filter_on_the_export_is_400_not_500(client, db, params):
    response = client.get("/courses/export.csv", params)
    assert response.status_code == 400
    assert b"Invalid catalog filter." in response.content


def test_catalog_and_centre_pages_link_to_their_export_and_feed(client, centre_a):
    make_offering(make_course(centre_a), start_in_days=30)
    html = client.get("/courses/", {"audience": "military"}).content.decode()
    assert 'href="/courses/export.csv?audience=military"' in html
    assert 'href="/calendar.ics?audience=military"' in html
    html = client.get("/centres/alpha/").content.decode()
    assert 'href="/centres/alpha/calendar.ics"' in html
    assert 'href="/courses/export.csv?centre=alpha"' in html
