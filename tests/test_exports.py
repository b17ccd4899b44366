"""CSV exports: the columns, one row per offering, and cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from courses.exports import OFFERING_COLUMNS, spreadsheet_safe

from .factories import make_course, make_offering


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "tests.plan_urls"
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
    with django_assert_max_num_queries(3):
        rows = read_csv(client.get("/courses/export.csv"))
    assert len(rows) == 6
