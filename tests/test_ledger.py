"""The reciprocity ledger and the participation report's people: figures checked against a
small world counted by hand, on the page and in the CSV.

As in test_reports.py, requests and participants are written with the ORM: the reports read
whatever rows exist, and the world needs attendance recorded on past offerings.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from courses.models import Participant, SeatRequest
from courses.reports import ledger, participation_report

from .factories import make_course, make_offering

YEAR = 2026


def offering(centre, start: str, partner_seats: int, **fields):
    start_date = datetime.date.fromisoformat(start)
    return make_offering(
        make_course(centre),
        start_date=start_date,
        end_date=start_date + datetime.timedelta(days=4),
        application_deadline=start_date - datetime.timedelta(days=30),
        seats_total=40,
        partner_seats=partner_seats,
        **fields,
    )


def request(offering, centre, seats, women, status="approved", approved=0):
    return SeatRequest.objects.create(
        offering=offering,
        requesting_centre=centre,
        seats_requested=seats,
        women_nominated=women,
        status=status,
        seats_approved=approved,
    )


def people(seat_request, *rows: tuple[str, str, str]):
    """(name, gender, attendance) per person; a name ending in '(removed)' no longer comes."""
    for name, gender, attendance in rows:
        Participant.objects.create(
            seat_request=seat_request,
            full_name=name,
            gender=gender,
            service="military",
            attendance=attendance,
            removed_at=timezone.now() if name.endswith("(removed)") else None,
        )


@pytest.fixture
def world(centre_a, centre_b, centre_c):
    a1 = offering(centre_a, "2026-03-02", 10)
    a2 = offering(centre_a, "2026-09-07", 6)
    b1 = offering(centre_b, "2026-05-04", 8)
    c1 = offering(centre_c, "2026-06-01", 4)
    b_cancelled = offering(centre_b, "2026-07-06", 5, status="cancelled")
    a_last_year = offering(centre_a, "2025-10-06", 3)

    people(
        request(a1, centre_b, 4, 2, approved=3),
        ("B1", "female", "completed"),
        ("B2", "male", "attended"),
        ("B3", "female", "no-show"),
    )
    people(
        request(a1, centre_c, 2, 1, approved=2),
        ("C1", "female", "completed"),
        ("C2 (removed)", "male", "completed"),
        ("C3", "male", ""),
    )
    people(
        request(b1, centre_a, 4, 1, approved=4),
        ("A1", "male", "completed"),
        ("A2", "female", "attended"),
    )
    request(b1, centre_c, 2, 1, status="pending")
    people(request(c1, centre_a, 1, 1, approved=1), ("A3", "female", "completed"))
    request(a2, centre_b, 3, 0, status="declined")
    # Left out: a cancelled offering, another year.
    people(request(b_cancelled, centre_b, 2, 1, approved=2), ("B4", "female", "completed"))
    people(request(a_last_year, centre_b, 1, 1, approved=1), ("B5", "female", "completed"))


# Hand-counted (see the fixture), per centre: offered, taken by others, used at others,
# attended at others, completed at others, others completed here, balance.
EXPECTED = {
    "APC": [16, 5, 5, 3, 2, 2, 0],
    "BPOC": [8, 4, 3, 2, 1, 1, 1],
    "CTI": [4, 1, 2, 1, 1, 1, -1],
}
TOTAL = [28, 10, 10, 6, 4, 4, 0]


def test_the_ledger_equals_the_hand_counted_figures(world):
    result = ledger(year=YEAR)
    assert {row.centre.short_name: row.figures() for row in result.rows} == EXPECTED
    assert result.totals.figures() == TOTAL


def test_the_ledger_of_another_year_holds_only_that_year(world):
    result = ledger(year=2025)
    assert {row.centre.short_name: row.figures() for row in result.rows} == {
        "APC": [3, 1, 0, 0, 0, 1, 1],
        "BPOC": [0, 0, 1, 1, 1, 0, -1],
    }


def _table_rows(html: str, css_class: str) -> list[list[str]]:
    table = html.split(f'class="table report-table {css_class}"')[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


def test_the_ledger_page_shows_the_figures_in_an_accessible_table(client, trainer_c, world):
    client.force_login(trainer_c)
    response = client.get("/reports/ledger/", {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html and 'scope="row"' in html and 'scope="col"' in html
    rows = _table_rows(html, "ledger-table")
    assert rows[0][:3] == ["Centre", "Partner seats offered", "Seats taken by other centres"]
    body = {row[0]: [int(v) for v in row[1:]] for row in rows[1:]}
    assert body == {**EXPECTED, "Total": TOTAL}


def test_the_ledger_csv_holds_the_same_figures(client, trainer_a, world):
    client.force_login(trainer_a)
    response = client.get("/reports/ledger.csv", {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"apcn-ledger-{YEAR}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0][0] == "Centre" and len(rows[0]) == 8
    assert rows[1:] == [
        ["Alpha Peacekeeping Centre", *map(str, EXPECTED["APC"])],
        ["Bravo Peace Operations Center", *map(str, EXPECTED["BPOC"])],
        ["Charlie Training Institute", *map(str, EXPECTED["CTI"])],
        ["Total", *map(str, TOTAL)],
    ]


def test_the_ledger_is_for_members_and_a_bad_year_is_no_server_error(
    client, outsider, trainer_a, db
):
    assert client.get("/reports/ledger/").status_code == 302
    client.force_login(outsider)
    assert client.get("/reports/ledger/").status_code == 404
    assert client.get("/reports/ledger.csv").status_code == 404
    client.force_login(trainer_a)
    assert client.get("/reports/ledger/", {"year": "20x6"}).status_code == 400
    assert client.get("/reports/ledger.csv", {"year": "20x6"}).status_code == 400


# The participation report counts people ------------------------------------------------------


def funnel(f) -> tuple:
    return (
        f.requested,
        f.approved,
        f.attended,
        f.completed,
        f.women_requested,
        f.women_approved,
        f.women_attended,
        f.women_completed,
    )


def test_the_funnel_counts_seats_then_people(world):
    report = participation_report(year=YEAR)
    # requested 4+2+4+2+1+3; approved 3+2+4+1; attended B1 B2 C1 A1 A2 A3; completed B1 C1 A1
    # A3. Women: requested 2+1+1+1(announced)+1+0 named or announced; approved min() per
    # request 2+1+1+1; attended B1 C1 A2 A3; completed B1 C1 A3.
    assert funnel(report.totals) == (16, 10, 6, 4, 6, 5, 4, 3)
    assert report.totals.women_attended_share == pytest.approx(4 / 6)
    assert report.totals.women_completed_share == pytest.approx(3 / 4)
    hosts = {row.key: funnel(row.figures) for row in report.by_host}
    assert hosts["alpha"][2:4] == (3, 2) and hosts["alpha"][6:] == (2, 2)
    senders = {row.key: funnel(row.figures) for row in report.by_sender}
    assert senders["alpha"][2:4] == (3, 2) and senders["alpha"][6:] == (2, 1)
    themes = {row.key: funnel(row.figures) for row in report.by_theme}
    assert themes["peacekeeper-safety"] == funnel(report.totals)


def test_the_report_page_and_csv_show_the_funnel(client, trainer_a, world):
    client.force_login(trainer_a)
    html = client.get("/reports/", {"year": YEAR}).content.decode()
    rows = _table_rows(html, "funnel-table")
    assert [row[:3] for row in rows[1:]] == [
        ["Nominated (seats requested)", "16", "6"],
        ["Approved (seats)", "10", "5"],
        ["Attended (people)", "6", "4"],
        ["Completed (people)", "4", "3"],
    ]
    assert rows[3][3].startswith("67%") and rows[4][3].startswith("75%")
    sender = list(
        csv.reader(
            io.StringIO(
                client.get("/reports/sender.csv", {"year": YEAR})
                .content.decode("utf-8")
                .lstrip("\ufeff")
            )
        )
    )
    alpha = next(row for row in sender if row[0] == "Alpha Peacekeeping Centre")
    assert alpha[8:] == ["3", "2", "2", "1", "0.6667", "0.5000"]


@pytest.mark.parametrize("size", [3, 6])
def test_the_ledger_and_the_network_evaluations_make_fixed_queries(
    db, size, django_assert_num_queries
):
    from courses.evaluations import network_evaluations

    from .factories import make_centre

    centres = [make_centre() for _ in range(size)]
    for host in centres:
        run = offering(host, "2026-04-06", 4)
        for sender in centres[:3]:
            if sender != host:
                people(request(run, sender, 1, 1, approved=1), ("X", "female", "completed"))
    with django_assert_num_queries(6):
        assert len(ledger(year=YEAR).rows) == size
    with django_assert_num_queries(3):
        network_evaluations(year=YEAR)
