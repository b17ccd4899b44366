"""Selects name their empty choice ("Choose a country", "Choose an action"): Django's
"---------" tells nobody what to pick, on the site's forms as in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import make_course, make_offering

DASHES = "---------"


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Protection of Civilians"))


def _page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_course_form_says_what_to_choose(client, trainer_a):
    html = _page(client, trainer_a, reverse("course-create"))
    assert DASHES not in html
    assert '<option value="" selected>Choose an audience</option>' in html
    assert '<option value="" selected>Choose a level</option>' in html
    assert '<option value="" selected>Choose a delivery mode</option>' in html


def test_the_offering_form_and_the_held_seats_say_what_to_choose(client, trainer_a, offering):
    html = _page(client, trainer_a, reverse("offering-edit", args=[offering.pk]))
    assert DASHES not in html
    assert ">Choose a country</option>" in html
    html = _page(client, trainer_a, reverse("offering-quotas", args=[offering.pk]))
    assert DASHES not in html
    assert ">Choose a centre</option>" in html


@pytest.mark.parametrize("who", ["admin_a", "network_admin"])
def test_the_admin_forms_and_actions_say_what_to_choose(client, offering, who, request):
    user = request.getfixturevalue(who)
    course_form = _page(
        client, user, reverse("admin:courses_course_change", args=[offering.course.pk])
    )
    assert DASHES not in course_form
    assert ">Choose a country</option>" in course_form  # the offerings inline
    assert ">Choose an audience</option>" in course_form
    offering_form = _page(
        client, user, reverse("admin:courses_offering_change", args=[offering.pk])
    )
    assert DASHES not in offering_form
    course_list = _page(client, user, reverse("admin:courses_course_changelist"))
    assert DASHES not in course_list
    assert '<option value="" selected>Choose an action</option>' in course_list


def test_a_form_sent_with_the_empty_choice_still_says_it_is_required(client, trainer_a):
    client.force_login(trainer_a)
    response = client.post(reverse("course-create"), {"title": "A course", "audience": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["audience"]
    assert ">Choose an audience</option>" in response.content.decode()
