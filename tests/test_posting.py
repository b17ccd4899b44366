"""Posting pages: trainers post and edit their centre's courses and offerings."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.models import Course, Language, Offering, Theme
from courses.models.un import add_years
from courses.services import seat_request_approve

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db


def course_data(**overrides):
    data = {
        "title": "Civil-Military Coordination in UN Missions",
        "summary": "How military and civilian components work together.",
        "description": "## Aims\n- coordination",
        "themes": [Theme.objects.get(slug="civil-military-coordination").pk],
        "audience": "mixed",
        "level": "intermediate",
        "languages": [Language.objects.get(code="en").pk],
        "delivery_mode": "in-person",
        "duration_days": "10",
        "prerequisites": "",
        "status": "published",
    }
    data.update(overrides)
    return data


def offering_data(**overrides):
    start = timezone.localdate() + datetime.timedelta(days=90)
    data = {
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=9)).isoformat(),
        "city": "Port Dickson",
        "country": "MY",
        "application_deadline": (start - datetime.timedelta(days=30)).isoformat(),
        "seats_total": "30",
        "partner_seats": "10",
        "status": "scheduled",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_a_trainer_posts_a_course_of_its_centre_with_a_slug_from_the_title(
    client, trainer_a, centre_a
):
    client.force_login(trainer_a)
    certificate = timezone.localdate() - datetime.timedelta(days=30)
    response = client.post(
        reverse("course-create"),
        course_data(un_recognised="recognised", un_certificate_date=certificate.isoformat()),
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("offering-create", kwargs={"slug": course.slug})
    assert course.slug == "civil-military-coordination-in-un-missions"
    assert course.centre == centre_a
    assert course.created_by == trainer_a
    assert course.un_recognised is True
    assert course.un_status == "recognised"
    assert course.un_expiry_date == add_years(certificate, 4)
    assert list(course.themes.values_list("slug", flat=True)) == ["civil-military-coordination"]


def test_course_form_errors_are_on_their_fields_and_input_is_kept(client, trainer_a):
    client.force_login(trainer_a)
    response = client.post(
        reverse("course-create"),
        course_data(title="Kept title", duration_days="0", themes=[], languages=[]),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"duration_days", "themes", "languages"}
    assert "Choose at least one theme." in form.errors["themes"]
    assert 'value="Kept title"' in response.content.decode()
    assert "field--error" in response.content.decode()
    assert not Course.objects.exists()


def test_editing_a_course_keeps_its_slug(client, trainer_a, centre_a):
    course = make_course(centre_a, title="Military Observers Course")
    client.force_login(trainer_a)
    response = client.post(
        reverse("course-edit", kwargs={"slug": course.slug}),
        course_data(title="UN Military Experts on Mission Course"),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "UN Military Experts on Mission Course"
    assert course.slug == "military-observers-course"


def test_the_edit_form_shows_the_current_values(client, admin_a, centre_a):
    course = make_course(centre_a, title="Staff Officers Course")
    client.force_login(admin_a)
    response = client.get(reverse("course-edit", kwargs={"slug": course.slug}))
    assert response.status_code == 200
    assert 'value="Staff Officers Course"' in response.content.decode()


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("draft", "published", True),
        ("published", "archived", True),
        ("archived", "published", True),
        ("published", "draft", False),
        ("archived", "draft", False),
    ],
)
def test_course_status_moves_draft_published_archived(
    client, trainer_a, centre_a, start, target, allowed
):
    course = make_course(centre_a, status=start)
    client.force_login(trainer_a)
    response = client.post(
        reverse("course-edit", kwargs={"slug": course.slug}),
        course_data(title=course.title, status=target),
    )
    course.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert course.status == target
    else:
        assert response.status_code == 200
        assert "status" in response.context["form"].errors
        assert course.status == start


def test_a_trainer_adds_an_offering_to_its_course(client, trainer_a, centre_a):
    course = make_course(centre_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("offering-create", kwargs={"slug": course.slug}), offering_data()
    )
    assert response.status_code == 302
    offering = course.offerings.get()
    assert (offering.seats_total, offering.partner_seats, offering.created_by) == (
        30,
        10,
        trainer_a,
    )


def test_offering_form_puts_date_and_seat_errors_on_their_fields(client, trainer_a, centre_a):
    course = make_course(centre_a)
    client.force_login(trainer_a)
    start = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("offering-create", kwargs={"slug": course.slug}),
        offering_data(
            start_date=start.isoformat(),
            end_date=(start - datetime.timedelta(days=1)).isoformat(),
            application_deadline=(start + datetime.timedelta(days=1)).isoformat(),
            partner_seats="40",
            city="Kept city",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"end_date", "application_deadline", "partner_seats"}
    assert 'value="Kept city"' in response.content.decode()
    assert not Offering.objects.exists()


def test_lowering_partner_seats_below_approved_seats_is_refused_on_the_field(
    client, trainer_a, trainer_b, centre_a
):
    offering = make_offering(make_course(centre_a), partner_seats=6)
    seat_request_approve(
        seat_request=make_seat_request(offering, by=trainer_b, seats_requested=4), by=trainer_a
    )
    client.force_login(trainer_a)
    data = offering_data(
        start_date=offering.start_date.isoformat(),
        end_date=offering.end_date.isoformat(),
        application_deadline=offering.application_deadline.isoformat(),
        partner_seats="3",
    )
    response = client.post(reverse("offering-edit", kwargs={"pk": offering.pk}), data)
    assert response.status_code == 200
    assert "4 partner seats are already approved" in str(
        response.context["form"].errors["partner_seats"]
    )
    offering.refresh_from_db()
    assert offering.partner_seats == 6


def test_cancelling_an_offering_with_approved_seats_emails_the_requesting_centre(
    client, trainer_a, trainer_b, centre_a, django_capture_on_commit_callbacks, deliver_outbox
):
    offering = make_offering(make_course(centre_a, title="Gender Advisers Course"))
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    deliver_outbox()
    mail.outbox.clear()
    client.force_login(trainer_a)
    data = offering_data(
        start_date=offering.start_date.isoformat(),
        end_date=offering.end_date.isoformat(),
        application_deadline=offering.application_deadline.isoformat(),
        status="cancelled",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("offering-edit", kwargs={"pk": offering.pk}), data)
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.is_cancelled
    deliver_outbox()
    assert len(mail.outbox) == 1
    assert trainer_b.email in mail.outbox[0].to
    assert "Gender Advisers Course" in mail.outbox[0].subject
    assert f"/requests/{seat_request.pk}/" in mail.outbox[0].body


def test_a_new_offering_cannot_be_created_cancelled(client, trainer_a, centre_a):
    course = make_course(centre_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("offering-create", kwargs={"slug": course.slug}),
        offering_data(status="cancelled"),
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not Offering.objects.exists()


@pytest.mark.parametrize("field", ["themes", "languages"])
def test_a_theme_or_language_id_beyond_the_database_range_is_a_form_error(client, trainer_a, field):
    client.force_login(trainer_a)
    response = client.post(
        reverse("course-create"), course_data(**{field: ["99999999999999999999"]})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Course.objects.exists()
