"""Small builders for test data. They go through the services, as the product does."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import Centre, CentreRole, Course, Language, Membership, Offering, Theme
from courses.services import course_create, offering_create
from courses.services.members import sync_centre_admin_group

_sequence = itertools.count(1)


def make_centre(**fields) -> Centre:
    n = next(_sequence)
    defaults = {
        "name": f"Test Peacekeeping Centre {n}",
        "short_name": f"TPC{n}",
        "slug": f"test-centre-{n}",
        "country": "MY",
        "city": "Port Dickson",
        "contact_email": f"centre{n}@example.org",
    }
    defaults.update(fields)
    return Centre.objects.create(**defaults)


def make_user(
    username: str | None = None,
    *,
    centre: Centre | None = None,
    role: str = CentreRole.TRAINER,
    **fields,
):
    User = get_user_model()
    username = username or f"user{next(_sequence)}"
    fields.setdefault("email", f"{username}@example.org")
    if role == CentreRole.CENTRE_ADMIN:
        fields.setdefault("is_staff", True)
    user = User.objects.create_user(username=username, password="pass-for-tests", **fields)
    if centre is not None:
        Membership.objects.create(user=user, centre=centre, role=role)
        # Centre admins get their admin permissions from the "Centre admins" group.
        sync_centre_admin_group(user)
    return user


def make_course(centre: Centre, *, themes=None, languages=None, **fields) -> Course:
    n = next(_sequence)
    values = {
        "title": f"Course number {n}",
        "summary": "A course for peacekeepers.",
        "audience": "military",
        "level": "basic",
        "delivery_mode": "in-person",
        "duration_days": 5,
        "status": "published",
    }
    values.update(fields)
    return course_create(
        centre=centre,
        by=None,
        themes=themes if themes is not None else [Theme.objects.get(slug="peacekeeper-safety")],
        languages=languages if languages is not None else [Language.objects.get(code="en")],
        **values,
    )


def make_offering(course: Course, *, start_in_days: int = 60, **fields) -> Offering:
    start = timezone.localdate() + datetime.timedelta(days=start_in_days)
    values = {
        "start_date": start,
        "end_date": start + datetime.timedelta(days=course.duration_days - 1),
        "city": course.centre.city,
        "country": course.centre.country,
        "application_deadline": start - datetime.timedelta(days=21),
        "seats_total": 30,
        "partner_seats": 10,
    }
    values.update(fields)
    if values["application_deadline"] > values["start_date"]:
        values["application_deadline"] = values["start_date"]
    return offering_create(course=course, by=None, **values)


def make_seat_request(offering: Offering, *, by, seats_requested: int = 2, **fields):
    """A pending request of `by`'s centre on `offering`, made through the service."""
    from courses.services import seat_request_submit

    values = {"women_nominated": 0, "participant_profile": "Two captains", "message": ""}
    values.update(fields)
    return seat_request_submit(
        offering=offering,
        centre=by.membership.centre,
        by=by,
        seats_requested=seats_requested,
        **values,
    )
