"""Two writes at the same moment: the same course title, and a grant racing a new version."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.db import connections
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import Course, Language, ResourceAccessGrant, Theme
from courses.services import catalog as catalog_services
from courses.services import course_create
from courses.services.library import (
    access_request_grant,
    access_request_submit,
    resource_new_version,
)

from .factories import make_centre, make_course, make_user
from .resource_factories import make_resource


def _race(**actions) -> dict[str, object]:
    """Run the actions at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(actions))
    outcomes: dict[str, object] = {}

    def run(name, action):
        try:
            barrier.wait(timeout=10)
            try:
                outcomes[name] = action()
            except DomainError as error:
                outcomes[name] = f"refused: {error.message}"
            except Exception as error:
                outcomes[name] = f"crash: {type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _course_values(title: str) -> dict:
    return {
        "title": title,
        "summary": "Posted twice at once.",
        "audience": "military",
        "level": "basic",
        "delivery_mode": "in-person",
        "duration_days": 5,
        "themes": [Theme.objects.get(slug="peacekeeper-safety")],
        "languages": [Language.objects.get(code="en")],
    }


# --- the same title at the same moment -------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_title_posted_at_the_same_moment_saves_both(postgresql_only, reference_data):
    centres = [make_centre(slug=f"poster-{n}", short_name=f"P{n}") for n in range(3)]
    for repetition in range(8):
        title = f"Simultaneous Course {repetition}"
        outcomes = _race(
            **{
                f"centre-{n}": partial(
                    course_create, centre=centre, by=None, **_course_values(title)
                )
                for n, centre in enumerate(centres)
            }
        )
        assert all(isinstance(o, Course) for o in outcomes.values()), outcomes
        slugs = sorted(Course.objects.filter(title=title).values_list("slug", flat=True))
        base = f"simultaneous-course-{repetition}"
        assert slugs == [base, f"{base}-2", f"{base}-3"]


def test_a_slug_taken_between_check_and_insert_is_replaced_and_the_form_saves(
    client, trainer_a, centre_b, monkeypatch
):
    # What the loser of the race sees: the slug it chose was free when it looked.
    make_course(centre_b, title="Convoy Security")
    real = catalog_services.unique_course_slug
    calls = []

    def stale_then_real(title, **kwargs):
        calls.append(title)
        return "convoy-security" if len(calls) == 1 else real(title, **kwargs)

    monkeypatch.setattr(catalog_services, "unique_course_slug", stale_then_real)
    client.force_login(trainer_a)
    response = client.post(
        reverse("course-create"),
        {
            "title": "Convoy Security",
            "summary": "Typed once, saved once.",
            "themes": [Theme.objects.get(slug="peacekeeper-safety").pk],
            "audience": "military",
            "level": "basic",
            "languages": [Language.objects.get(code="en").pk],
            "delivery_mode": "in-person",
            "duration_days": "5",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    saved = Course.objects.get(title="Convoy Security", centre=trainer_a.membership.centre)
    assert saved.slug == "convoy-security-2"
    assert saved.summary == "Typed once, saved once."


def test_a_chosen_slug_that_is_taken_is_a_form_refusal_not_a_crash(centre_a, centre_b):
    make_course(centre_b, title="Taken")
    with pytest.raises(DomainError):
        course_create(centre=centre_a, by=None, slug="taken", **_course_values("Another"))


# --- a grant racing a new version ------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_grant_racing_a_new_version_grants_the_whole_chain(postgresql_only, reference_data):
    owner_centre = make_centre(slug="owner", short_name="OWN")
    asking_centre = make_centre(slug="asking", short_name="ASK")
    owner = make_user("owner-trainer", centre=owner_centre)
    asker = make_user("asking-trainer", centre=asking_centre)
    for repetition in range(16):
        first = make_resource(
            owner_centre,
            by=owner,
            visibility="centre",
            title=f"Handbook {repetition}",
            external_url="https://example.org/handbook",
            version_label="1.0",
        )
        access_request = access_request_submit(
            resource=first, by=asker, message="For our pre-deployment course."
        )
        outcomes = _race(
            grant=partial(access_request_grant, access_request=access_request, by=owner),
            version=partial(
                resource_new_version,
                resource=first,
                by=owner,
                version_label="2.0",
                external_url="https://example.org/handbook-2",
            ),
        )
        assert not [o for o in outcomes.values() if isinstance(o, str)], outcomes
        new = outcomes["version"]
        granted = set(
            ResourceAccessGrant.objects.filter(centre=asking_centre).values_list(
                "resource_id", flat=True
            )
        )
        assert {first.pk, new.pk} <= granted, (repetition, granted)
