"""Catalog rows as a visitor reads them, page after page in one process.

Each process keeps one row renderer per language and what it has worked out (a theme's tag, a
run's dates, a centre's line): these tests show that a later page never shows what an earlier
page worked out for another language or for data that has changed since.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest

from courses.models import Offering, Theme
from courses.rows import date_range
from courses.services.catalog import offering_update

from .factories import make_course, make_offering

CATALOG = "/courses/"


def rows(response) -> list[str]:
    """The text of each row of the page (tags removed)."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    found = re.findall(
        r'<li class="result">(.*?)</li>\n(?=<li class="result">|\s*</ol>)', page, re.S
    )
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in found]


@pytest.mark.django_db
def test_rows_are_in_each_pages_language_one_after_another(client, centre_a):
    course = make_course(centre_a, title="Convoy security", duration_days=5, level="basic")
    make_offering(course, start_in_days=40)

    english = rows(client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="en"))
    vietnamese = rows(client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="vi"))
    english_again = rows(client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="en"))

    assert "Basic" in english[0] and "5 days" in english[0]
    assert "Cơ bản" in vietnamese[0] and "5 ngày" in vietnamese[0]
    assert "Basic" not in vietnamese[0] and "days" not in vietnamese[0]
    assert english_again == english


# Committed: PostgreSQL moves the catalog's versions when a write commits.
@pytest.mark.django_db(transaction=True)
def test_a_renamed_theme_shows_its_new_name_in_the_rows(client, centre_a, reference_data):
    theme = Theme.objects.get(slug="protection-of-civilians")
    make_course(centre_a, title="Convoy security", themes=[theme])
    assert "Protection of civilians" in rows(client.get(CATALOG))[0]

    Theme.objects.filter(pk=theme.pk).update(name="Civilians first")

    row = rows(client.get(CATALOG))[0]
    assert "Civilians first" in row
    assert "Protection of civilians" not in row


@pytest.mark.django_db
def test_a_moved_run_shows_its_new_dates_and_place(client, centre_a):
    course = make_course(centre_a, title="Convoy security", duration_days=3)
    offering = make_offering(course, start_in_days=40, city="Hanoi", country="VN")
    assert "Hanoi" in rows(client.get(CATALOG))[0]
    later = datetime.timedelta(days=45)

    offering_update(
        offering=Offering.objects.get(pk=offering.pk),
        by=None,
        start_date=offering.start_date + later,
        end_date=offering.end_date + later,
        application_deadline=offering.application_deadline + later,
        city="Da Nang",
    )

    row = rows(client.get(CATALOG))[0]
    assert "Da Nang" in row and "Hanoi" not in row
    assert date_range(offering.start_date + later, offering.end_date + later) in row
    assert date_range(offering.start_date, offering.end_date) not in row
