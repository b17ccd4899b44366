"""Dates stay in a sane window everywhere they are entered, and a bad row never breaks a feed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses.exceptions import DomainError
from courses.models import Offering
from courses.services import offering_create

from .admin_world import admin_url
from .factories import make_course, make_offering

FAR_FUTURE = "9999-12-31"
DAWN_OF_TIME = "0001-01-01"


def _offering_data(**overrides):
    start = timezone.localdate() + datetime.timedelta(days=90)
    data = {
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=4)).isoformat(),
        "city": "Port Dickson",
        "country": "MY",
        "application_deadline": (start - datetime.timedelta(days=30)).isoformat(),
        "seats_total": "30",
        "partner_seats": "10",
        "status": "scheduled",
        "notes": "Typed by the trainer.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("end_date", FAR_FUTURE),
        ("start_date", DAWN_OF_TIME),
        ("application_deadline", "1999-12-31"),
    ],
)
def test_the_offering_form_refuses_a_date_outside_the_window(
    client, trainer_a, centre_a, field, value
):
    course = make_course(centre_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("offering-create", kwargs={"slug": course.slug}), _offering_data(**{field: value})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Enter a date between 2000-01-01 and" in " ".join(errors[field])
    assert "Typed by the trainer." in response.content.decode()
    assert not course.offerings.exists()


def test_the_last_day_of_the_tenth_year_ahead_is_accepted_and_the_next_refused(centre_a):
    course = make_course(centre_a)
    last = datetime.date(timezone.localdate().year + 10, 12, 31)
    values = {
        "course": course,
        "by": None,
        "city": "Hanoi",
        "country": "VN",
        "seats_total": 10,
        "partner_seats": 2,
    }
    offering = offering_create(start_date=last, end_date=last, application_deadline=last, **values)
    assert offering.pk
    with pytest.raises(DomainError) as refused:
        offering_create(
            start_date=last,
            end_date=last + datetime.timedelta(days=1),
            application_deadline=last,
            **values,
        )
    assert "end_date" in refused.value.errors


def test_the_admin_refuses_a_date_outside_the_window(client, admin_a, centre_a):
    course = make_course(centre_a)
    client.force_login(admin_a)
    data = _offering_data(course=str(course.pk), end_date=FAR_FUTURE)
    response = client.post(admin_url(Offering, "add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Enter a date between" in " ".join(form.errors["end_date"])
    assert not Offering.objects.exists()


@pytest.fixture
def one_bad_row(centre_a, centre_b):
    good = make_offering(make_course(centre_a, title="Good course"))
    bad = make_offering(make_course(centre_a, title="Typo course"))
    also_good = make_offering(make_course(centre_b, title="Other centre course"))
    # Written before the dates were checked (or around the services): the end of time.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_offering SET end_date = %s WHERE id = %s",
            [datetime.date(9999, 12, 31), bad.pk],
        )
    return good, bad, also_good


def _uids(response) -> set[str]:
    assert response.status_code == 200
    return {
        str(e["UID"]).split("@")[0] for e in Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_the_network_feed_leaves_out_the_bad_row_and_answers(client, one_bad_row):
    good, bad, also_good = one_bad_row
    uids = _uids(client.get(reverse("calendar-feed")))
    assert {f"offering-{good.pk}", f"offering-{also_good.pk}"} <= uids
    assert f"offering-{bad.pk}" not in uids


def test_every_centre_feed_answers_despite_the_bad_row(client, one_bad_row, centre_a, centre_b):
    good, _bad, also_good = one_bad_row
    uids_a = _uids(client.get(reverse("centre-feed", kwargs={"slug": centre_a.slug})))
    assert uids_a == {f"offering-{good.pk}"}
    uids_b = _uids(client.get(reverse("centre-feed", kwargs={"slug": centre_b.slug})))
    assert uids_b == {f"offering-{also_good.pk}"}


def test_pages_listing_the_bad_row_answer_too(client, one_bad_row):
    bad = one_bad_row[1]
    for url in [
        reverse("course-list"),
        reverse("course-detail", kwargs={"slug": bad.course.slug}),
        reverse("calendar"),
        reverse("course-export"),
        reverse("home"),
    ]:
        assert client.get(url).status_code == 200, url
