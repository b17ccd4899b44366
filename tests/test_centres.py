"""The member centres `/centres/` and one centre's page `/centres/<slug>/`."""

from __future__ import annotations

import pytest

from courses.models import Centre

from .factories import make_course, make_offering

pytestmark = pytest.mark.django_db


def test_centre_list_shows_each_active_centre_with_its_published_course_count(
    client, centre_a, centre_b, django_assert_max_num_queries
):
    make_course(centre_a)
    make_course(centre_a)
    make_course(centre_a, status="draft")
    make_course(centre_a, status="archived")
    Centre.objects.create(
        name="Closed Centre",
        short_name="CC",
        slug="closed",
        country="SG",
        city="X",
        is_active=False,
    )
    with django_assert_max_num_queries(3):
        response = client.get("/centres/")
    centres = {c.slug: c.published_course_count for c in response.context["centres"]}
    assert centres == {"alpha": 2, "bravo": 0}
    content = response.content.decode()
    assert "Alpha Peacekeeping Centre" in content
    assert "APC" in content and "Port Dickson, Malaysia" in content
    assert "2 published courses" in content
    assert "Closed Centre" not in content


def test_centre_page_shows_its_profile_and_published_courses(client, centre_a, centre_b):
    Centre.objects.filter(pk=centre_a.pk).update(
        website="https://apc.example.org",
        contact_email="training@apc.example.org",
        description="Trains **peacekeepers** since 2007.",
    )
    course = make_course(centre_a, title="Published of Alpha")
    make_offering(course, start_in_days=40)
    make_course(centre_a, title="Draft of Alpha", status="draft")
    make_course(centre_b, title="Course of Bravo")
    response = client.get("/centres/alpha/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="https://apc.example.org"' in content
    assert "mailto:training@apc.example.org" in content
    assert "<strong>peacekeepers</strong>" in content
    assert [c.title for c in response.context["courses"]] == ["Published of Alpha"]
    assert "Course of Bravo" not in content


def test_centre_page_shows_its_drafts_to_its_own_members_only(
    client, centre_a, trainer_a, trainer_b
):
    make_course(centre_a, title="Published of Alpha")
    make_course(centre_a, title="Draft of Alpha", status="draft")
    client.force_login(trainer_a)
    assert {c.title for c in client.get("/centres/alpha/").context["courses"]} == {
        "Published of Alpha",
        "Draft of Alpha",
    }
    client.force_login(trainer_b)
    assert [c.title for c in client.get("/centres/alpha/").context["courses"]] == [
        "Published of Alpha"
    ]


def test_centre_page_queries_do_not_grow_with_its_courses(
    client, centre_a, django_assert_max_num_queries
):
    for _ in range(12):
        make_offering(make_course(centre_a), start_in_days=30)
    with django_assert_max_num_queries(5):
        assert client.get("/centres/alpha/").status_code == 200


def test_an_unknown_or_inactive_centre_is_a_404(client, centre_a):
    Centre.objects.create(
        name="Closed Centre",
        short_name="CC",
        slug="closed",
        country="SG",
        city="X",
        is_active=False,
    )
    assert client.get("/centres/nowhere/").status_code == 404
    assert client.get("/centres/closed/").status_code == 404
    assert client.get("/centres/closed/calendar.ics").status_code == 404
    assert client.get("/centres/nowhere/calendar.ics").status_code == 404
