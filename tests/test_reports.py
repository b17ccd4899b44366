"""The participation report: figures equal hand-computed sums, a fixed number of queries, and
only members see it.

The seat requests of these fixtures are created directly with the ORM (`SeatRequest.objects
.create`), not through the seat request services: the report reads whatever rows exist, and the
fixture needs requests in every status, including approved ones on past offerings.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import SeatRequest, Theme
from courses.reports import participation_report

from .factories import make_centre, make_course, make_offering, make_user

YEAR = 2026


def offering(course, start: str, partner_seats: int, **fields):
    start_date = datetime.date.fromisoformat(start)
    return make_offering(
        course,
        start_date=start_date,
        end_date=start_date + datetime.timedelta(days=4),
        application_deadline=start_date - datetime.timedelta(days=30),
        seats_total=40,
        partner_seats=partner_seats,
        **fields,
    )


def request(offering, centre, seats, women, status="pending", approved=0):
    return SeatRequest.objects.create(
        offering=offering,
        requesting_centre=centre,
        seats_requested=seats,
        women_nominated=women,
        status=status,
        seats_approved=approved,
    )


@pytest.fixture
def exchange(centre_a, centre_b, centre_c):
    """Three centres' offerings and requests; the expected figures are worked out in the tests."""
    poc = Theme.objects.get(slug="protection-of-civilians")
    wps = Theme.objects.get(slug="women-peace-security")
    safety = Theme.objects.get(slug="peacekeeper-safety")
    a1 = offering(make_course(centre_a, themes=[poc, wps]), "2026-03-02", 10)
    a2 = offering(make_course(centre_a, themes=[safety]), "2026-10-05", 6)
    b1 = offering(make_course(centre_b, themes=[poc]), "2026-05-04", 8)
    b_cancelled = offering(make_course(centre_b), "2026-06-01", 5, status="cancelled")
    c_last_year = offering(make_course(centre_c), "2025-11-03", 4)
    c_draft = offering(make_course(centre_c, status="draft"), "2026-04-06", 3)

    request(a1, centre_b, 4, 2, "approved", 3)
    request(a1, centre_c, 3, 3, "approved", 1)
    request(a2, centre_b, 2, 1, "pending")
    request(a2, centre_c, 5, 2, "withdrawn")  # not counted at all
    request(b1, centre_a, 3, 0, "approved", 3)
    request(b1, centre_c, 2, 2, "declined")  # counted as requested, not approved
    request(b1, centre_c, 1, 1, "waitlisted")
    # Left out: a cancelled offering, another year, a draft course.
    request(b_cancelled, centre_a, 2, 1, "approved", 2)
    request(c_last_year, centre_a, 2, 2, "approved", 2)
    request(c_draft, centre_b, 1, 1, "approved", 1)
    return {"poc": poc, "wps": wps, "safety": safety}


def figures(f) -> tuple[int, int, int, int, int]:
    return (f.offered, f.requested, f.approved, f.women_requested, f.women_approved)


def by_key(rows) -> dict[str, tuple]:
    return {row.key: figures(row.figures) for row in rows}


def test_report_totals_equal_hand_computed_sums(exchange):
    report = participation_report(year=YEAR)
    # offered 10+6+8; requested 4+3+2+3+2+1; approved 3+1+3; women requested 2+3+1+0+2+1;
    # women approved min(2,3)+min(3,1)+min(0,3).
    assert figures(report.totals) == (24, 15, 7, 9, 3)
    assert report.totals.women_approved_share == pytest.approx(3 / 7)
    assert report.totals.women_requested_share == pytest.approx(9 / 15)


def test_report_by_host_and_by_sending_centre(exchange):
    report = participation_report(year=YEAR)
    assert by_key(report.by_host) == {
        "alpha": (16, 9, 4, 6, 3),
        "bravo": (8, 6, 3, 3, 0),
    }
    assert by_key(report.by_sender) == {
        "alpha": (0, 3, 3, 0, 0),
        "bravo": (0, 6, 3, 3, 2),
        "charlie": (0, 6, 1, 6, 1),
    }


def test_exchange_matrix_counts_approved_participants_by_sender_and_host(exchange):
    matrix = participation_report(year=YEAR).matrix
    table = {
        (s.slug, h.slug): v
        for (s_pk, h_pk), v in matrix.cells.items()
        for s in matrix.senders
        if s.pk == s_pk
        for h in matrix.hosts
        if h.pk == h_pk
    }
    assert table == {("bravo", "alpha"): 3, ("charlie", "alpha"): 1, ("alpha", "bravo"): 3}
    assert matrix.total == 7
    assert [h.slug for h in matrix.hosts] == ["alpha", "bravo"]
    assert [(s.slug, cells, total) for s, cells, total in matrix.rows()] == [
        ("alpha", [0, 3], 3),
        ("bravo", [3, 0], 3),
        ("charlie", [1, 0], 1),
    ]
    assert matrix.column_total_row == [4, 3]


def test_report_by_theme_counts_a_course_under_each_of_its_themes(exchange):
    report = participation_report(year=YEAR)
    assert by_key(report.by_theme) == {
        "protection-of-civilians": (18, 13, 7, 8, 3),
        "women-peace-security": (10, 7, 4, 5, 3),
        "peacekeeper-safety": (6, 2, 0, 1, 0),
    }


def test_report_filtered_by_host_centre(exchange, centre_a):
    report = participation_report(year=YEAR, centre=centre_a)
    assert figures(report.totals) == (16, 9, 4, 6, 3)
    assert by_key(report.by_sender) == {"bravo": (0, 6, 3, 3, 2), "charlie": (0, 3, 1, 3, 1)}
    assert report.matrix.total == 4


def test_report_filtered_by_theme_shows_only_that_themes_row(exchange):
    report = participation_report(year=YEAR, theme=exchange["poc"])
    assert figures(report.totals) == (18, 13, 7, 8, 3)
    assert by_key(report.by_host) == {"alpha": (10, 7, 4, 5, 3), "bravo": (8, 6, 3, 3, 0)}
    assert by_key(report.by_theme) == {"protection-of-civilians": (18, 13, 7, 8, 3)}


def test_report_of_a_year_without_data_is_empty(exchange):
    report = participation_report(year=2030)
    assert figures(report.totals) == (0, 0, 0, 0, 0)
    assert report.totals.women_approved_share is None
    assert report.by_host == report.by_sender == report.by_theme == []


@pytest.mark.postgresql
def test_report_sums_on_postgresql(postgresql_only, exchange):
    """The same hand-computed sums where LEAST and FILTER (WHERE ...) are native SQL."""
    report = participation_report(year=YEAR)
    assert figures(report.totals) == (24, 15, 7, 9, 3)
    assert by_key(report.by_sender)["charlie"] == (0, 6, 1, 6, 1)


def _network(size: int) -> None:
    centres = [make_centre() for _ in range(size)]
    for index, host in enumerate(centres):
        course = make_course(host, themes=list(Theme.objects.all()[index % 5 : index % 5 + 2]))
        run = offering(course, "2026-04-06", 10)
        for sender in centres[:4]:
            if sender != host:
                request(run, sender, 2, 1, "approved", 2)


@pytest.mark.parametrize("size", [3, 10])
def test_report_query_count_does_not_grow_with_centres(db, size):
    _network(size)
    with CaptureQueriesContext(connection) as queries:
        report = participation_report(year=YEAR)
    assert len(report.by_host) == size
    assert len(queries) == 11


def test_report_page_query_count_is_the_same_for_3_and_10_centres(client, network_admin):
    client.force_login(network_admin)
    counts = []
    for size in (3, 7):
        _network(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/reports/", {"year": YEAR})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The page -----------------------------------------------------------------------------------


def test_visitors_are_sent_to_log_in(client, db):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/reports/")
    assert client.get("/reports/host.csv").status_code == 302


def test_a_user_of_no_centre_gets_404(client, outsider):
    client.force_login(outsider)
    assert client.get("/reports/").status_code == 404
    assert client.get("/reports/host.csv").status_code == 404


def test_members_see_every_centres_figures_with_charts_and_the_definition(
    client, trainer_c, exchange
):
    client.force_login(trainer_c)
    response = client.get("/reports/", {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 3
    assert "Alpha Peacekeeping Centre" in html and "Bravo Peace Operations Center" in html
    assert "smaller of its women nominated and its seats approved" in html
    assert "Target 25%" in html and "Target 15%" in html
    assert response.context["report"].totals.approved == 7


def test_target_line_comes_from_settings(client, trainer_a, exchange, settings):
    settings.WOMEN_PARTICIPATION_TARGET = 0.3
    client.force_login(trainer_a)
    html = client.get("/reports/", {"year": YEAR}).content.decode()
    assert "Target 30%" in html


def test_bad_report_choices_show_form_errors_not_a_server_error(client, trainer_a, exchange):
    client.force_login(trainer_a)
    response = client.get("/reports/", {"year": "20x6", "centre": "nowhere", "theme": "x"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"year", "centre", "theme"}
    assert "There is no centre nowhere." in response.content.decode()
    assert client.get("/reports/host.csv", {"year": "abc"}).status_code == 400
    assert client.get("/reports/people.csv", {"year": YEAR}).status_code == 404


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_report_csv_downloads_hold_the_tables_figures(client, trainer_a, exchange):
    client.force_login(trainer_a)
    host = _csv(client.get("/reports/host.csv", {"year": YEAR}))
    assert host[0][:4] == [
        "Host centre",
        "Partner seats offered",
        "Seats requested",
        "Seats approved",
    ]
    # The seat columns, then the people (nobody's attendance is recorded in this fixture).
    assert host[0][8:] == [
        "People attended",
        "People completed",
        "Women attended",
        "Women completed",
        "Share of women attended",
        "Share of women completed",
    ]
    assert host[1] == [
        "Alpha Peacekeeping Centre",
        *["16", "9", "4", "6", "3", "0.6667", "0.7500"],
        *["0", "0", "0", "0", "", ""],
    ]
    sender = _csv(client.get("/reports/sender.csv", {"year": YEAR, "centre": "alpha"}))
    assert [row[0] for row in sender[1:]] == [
        "Bravo Peace Operations Center",
        "Charlie Training Institute",
    ]
    matrix = _csv(client.get("/reports/matrix.csv", {"year": YEAR}))
    assert matrix == [
        ["Sending centre \\ host centre", "APC", "BPOC", "Total"],
        ["APC", "0", "3", "3"],
        ["BPOC", "3", "0", "3"],
        ["CTI", "1", "0", "1"],
        ["Total", "4", "3", "7"],
    ]
    theme = _csv(client.get("/reports/theme.csv", {"year": YEAR, "theme": "women-peace-security"}))
    assert theme[1][:6] == ["Women, peace and security", "10", "7", "4", "5", "3"]


def test_report_shows_no_individuals_data(client, trainer_a, centre_b, exchange):
    person = make_user("ms-nominee", first_name="Nguyen", last_name="Thi Lan", centre=centre_b)
    SeatRequest.objects.filter(requesting_centre=centre_b).update(
        requested_by=person, participant_profile="Captain Nguyen Thi Lan", message="private note"
    )
    client.force_login(trainer_a)
    html = client.get("/reports/", {"year": YEAR}).content.decode()
    for private in ("Nguyen", "Thi Lan", "private note", "ms-nominee"):
        assert private not in html


def test_reports_appear_in_the_navigation_for_members_only(client, trainer_a):
    assert 'href="/reports/"' not in client.get("/calendar/").content.decode()
    client.force_login(trainer_a)
    assert 'href="/reports/"' in client.get("/calendar/").content.decode()
