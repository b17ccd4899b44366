"""Numbers a person types (seats, days) have a sensible range, told in plain words, on the
site's forms and in the admin: never "less than or equal to 9223372036854775807"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Course, Offering, SeatRequest

from .factories import make_course, make_offering
from .test_posting import course_data, offering_data

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"


def _errors(response, field: str) -> list[str]:
    assert response.status_code == 200
    return [str(e) for e in response.context["form"].errors[field]]


@pytest.mark.parametrize("value", [HUGE, "366"])
def test_a_course_of_too_many_days_is_refused_in_words(client, trainer_a, value):
    client.force_login(trainer_a)
    response = client.post(reverse("course-create"), course_data(duration_days=value))
    assert _errors(response, "duration_days") == ["A course lasts at most 365 days."]
    html = response.content.decode()
    assert "9223372036854775807" not in html
    assert f'value="{value}"' in html  # the input is kept
    assert not Course.objects.exists()


def test_the_course_form_tells_the_browser_the_range(client, trainer_a):
    client.force_login(trainer_a)
    html = client.get(reverse("course-create")).content.decode()
    assert 'max="365"' in html
    assert 'min="1"' in html


def test_an_offering_of_too_many_seats_is_refused_in_words(client, trainer_a, centre_a):
    course = make_course(centre_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("offering-create", args=[course.slug]),
        offering_data(seats_total=HUGE, partner_seats="1001"),
    )
    assert _errors(response, "seats_total") == ["Enter at most 1000 seats."]
    assert _errors(response, "partner_seats") == ["Enter at most 1000 seats."]
    assert not Offering.objects.exists()


def test_a_seat_request_for_too_many_seats_is_refused_in_words(client, trainer_b, centre_a):
    offering = make_offering(make_course(centre_a))
    client.force_login(trainer_b)
    url = reverse("offering-request", args=[offering.pk])
    html = client.get(url).content.decode()
    assert 'max="1000"' in html
    response = client.post(
        url, {"seats_requested": HUGE, "women_nominated": "0", "participant_profile": "Captains"}
    )
    assert _errors(response, "seats_requested") == ["Enter at most 1000 seats."]
    response = client.post(
        url, {"seats_requested": "0", "women_nominated": "0", "participant_profile": "Captains"}
    )
    assert _errors(response, "seats_requested") == ["Enter at least 1 seat."]
    assert not SeatRequest.objects.exists()


def test_the_admin_refuses_too_many_seats_in_words(client, admin_a, centre_a):
    offering = make_offering(make_course(centre_a))
    client.force_login(admin_a)
    url = reverse("admin:courses_offering_change", args=[offering.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(seats_total=HUGE, start_date=offering.start_date.isoformat())
    data.update(
        end_date=offering.end_date.isoformat(),
        application_deadline=offering.application_deadline.isoformat(),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["seats_total"] == ["Enter at most 1000 seats."]
    assert "9223372036854775807" not in response.content.decode()
    offering.refresh_from_db()
    assert offering.seats_total == 30


def test_the_api_holds_seat_requests_to_the_same_limit_as_the_forms(
    api_client, centre_a, trainer_b
):
    offering = make_offering(make_course(centre_a), partner_seats=6)
    response = api_client(trainer_b).post(
        "/api/v1/seat-requests/",
        {"offering": offering.pk, "seats_requested": 1001},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "seats_requested"
    assert not SeatRequest.objects.exists()
