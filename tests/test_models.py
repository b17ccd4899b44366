"""The rules on courses and offerings are held by the database itself, not only by the forms.

Each test writes around the model's `clean()` (a queryset `update()` or `bulk_create`) and
expects the database to refuse.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from courses.models import Course, Offering

from .factories import make_course, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a), seats_total=30, partner_seats=10)


def _refused(queryset, **changes) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**changes)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"end_date": F("start_date") - datetime.timedelta(days=1)}, id="ends-early"),
        pytest.param(
            {"application_deadline": F("start_date") + datetime.timedelta(days=1)},
            id="deadline-after-start",
        ),
        pytest.param({"seats_total": -1, "partner_seats": 0}, id="negative-total-seats"),
        pytest.param({"partner_seats": -1}, id="negative-partner-seats"),
        pytest.param({"partner_seats": 31}, id="partner-seats-above-total"),
        pytest.param({"partner_seats_taken": 11}, id="overbooked-partner-seats"),
        pytest.param({"partner_seats_taken": -1}, id="negative-seats-taken"),
        pytest.param({"status": "postponed"}, id="unknown-status"),
    ],
)
def test_database_refuses_an_offering_that_breaks_a_rule(offering, changes):
    _refused(Offering.objects.filter(pk=offering.pk), **changes)
    offering.refresh_from_db()
    assert offering.partner_seats == 10
    assert offering.status == "scheduled"


def test_database_accepts_an_offering_on_the_edges_of_the_rules(offering):
    Offering.objects.filter(pk=offering.pk).update(
        end_date=F("start_date"),
        application_deadline=F("start_date"),
        partner_seats=30,
        partner_seats_taken=30,
    )
    offering.refresh_from_db()
    assert offering.end_date == offering.start_date
    assert offering.partner_seats_open == 0


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"duration_days": 0}, id="zero-days"),
        pytest.param({"status": "deleted"}, id="unknown-status"),
    ],
)
def test_database_refuses_a_course_that_breaks_a_rule(centre_a, changes):
    course = make_course(centre_a)
    _refused(Course.objects.filter(pk=course.pk), **changes)


def test_database_refuses_two_courses_with_one_slug(centre_a):
    course = make_course(centre_a, title="Protection of civilians")
    twin = Course(
        centre=centre_a,
        title="Another",
        slug=course.slug,
        summary="x",
        audience="military",
        level="basic",
        delivery_mode="online",
        duration_days=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.bulk_create([twin])


def test_next_offering_skips_cancelled_and_past_runs(centre_a):
    course = make_course(centre_a)
    make_offering(course, start_in_days=-10)
    cancelled = make_offering(course, start_in_days=5)
    Offering.objects.filter(pk=cancelled.pk).update(status="cancelled")
    later = make_offering(course, start_in_days=40)
    assert course.next_offering == later
    listed = Course.objects.filter(pk=course.pk).for_listing().get()
    assert listed.next_offering == later


def test_open_to_partners_needs_seats_a_future_deadline_and_a_scheduled_run(centre_a):
    course = make_course(centre_a)
    open_run = make_offering(course, start_in_days=60, partner_seats=2)
    full = make_offering(course, start_in_days=60, partner_seats=2)
    Offering.objects.filter(pk=full.pk).update(partner_seats_taken=2)
    closed = make_offering(
        course,
        start_in_days=10,
        application_deadline=timezone.localdate() - datetime.timedelta(days=2),
    )
    no_partner_seats = make_offering(course, start_in_days=60, partner_seats=0)
    open_ids = set(Offering.objects.open_to_partners().values_list("pk", flat=True))
    assert open_run.pk in open_ids
    assert not open_ids & {full.pk, closed.pk, no_partner_seats.pk}
