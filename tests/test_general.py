from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch(
        "courses.views.general.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_reference_data_holds_the_sixteen_contract_themes_and_three_priorities():
    from courses.models import Theme

    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert slugs == {
        "protection-of-civilians",
        "women-peace-security",
        "peacekeeper-safety",
        "conflict-related-sexual-violence",
        "child-protection",
        "human-rights",
        "military-observers",
        "staff-officers",
        "pre-deployment",
        "medical-support",
        "engineering",
        "police",
        "civil-military-coordination",
        "crisis-management",
        "mine-action",
        "logistics",
    }
    assert set(Theme.objects.filter(is_priority=True).values_list("slug", flat=True)) == {
        "protection-of-civilians",
        "women-peace-security",
        "peacekeeper-safety",
    }


def test_home_shows_next_offerings_new_courses_and_priority_themes_with_counts(client):
    from courses.models import Theme
    from tests.factories import make_centre, make_course, make_offering

    centre = make_centre(short_name="APC")
    poc = Theme.objects.get(slug="protection-of-civilians")
    course = make_course(centre, title="Protection of Civilians Course", themes=[poc])
    make_offering(course, start_in_days=15, city="Melaka")
    make_course(centre, title="Secret draft", status="draft", themes=[poc])
    response = client.get("/")
    content = response.content.decode()
    assert "Melaka" in content
    assert "What is new" in content and "Protection of Civilians Course" in content
    assert "Secret draft" not in content
    counts = {t.slug: t.course_count for t in response.context["priority_themes"]}
    assert counts["protection-of-civilians"] == 1
    assert 'href="/courses/?theme=protection-of-civilians"' in content
    assert 'href="/accounts/login/"' in content


def test_the_public_pages_answer_head_as_they_answer_get(client):
    # Link checkers, previews and uptime monitors ask HEAD: the answer is GET's, without a body.
    from django.urls import reverse

    from tests.factories import make_centre, make_course, make_offering

    centre = make_centre(short_name="APC")
    course = make_course(centre, title="Protection of Civilians Course")
    make_offering(course, start_in_days=15)
    urls = [
        reverse("home"),
        reverse("course-list"),
        course.get_absolute_url(),
        reverse("centre-list"),
        centre.get_absolute_url(),
        reverse("calendar"),
        reverse("calendar-feed"),
        reverse("certificate-lookup"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        head = client.head(url)
        assert (head.status_code, head.content) == (200, b""), url
    assert (
        client.head(reverse("course-detail", kwargs={"slug": "no-such-course"})).status_code == 404
    )
    assert client.post(reverse("home")).status_code == 405
