"""The instructor exchange's permission matrix, in the style of test_permission_matrix.py: for
each action on something of centre A and each role, one table says whether the role may; every
cell is then tried on the page, in the Django admin and on the service, and a refusal changes
nothing.

"own" is centre A, which lends the instructor of `offer`; "other" is centre B. For a request,
B asked to borrow A's instructor (`incoming`: A decides, B withdraws) or A asked to borrow B's
(`outgoing`: A withdraws).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import Instructor, InstructorRequest, InstructorRequestStatus, Language, Theme
from courses.services.instructors import (
    instructor_archive,
    instructor_request_approve,
    instructor_request_cancel,
    instructor_request_decline,
    instructor_request_withdraw,
    instructor_save,
)

from .admin_world import admin_url
from .test_instructors import ask, day, make_instructor

pytestmark = pytest.mark.django_db

YES, NO, ADMIN = "yes", "no", "admin"
S = InstructorRequestStatus

ROLES = (
    "visitor",
    "outsider",
    "trainer_own",
    "trainer_other",
    "admin_own",
    "admin_other",
    "network_admin",
)
ADMIN_ROLES = {"admin_own", "admin_other", "network_admin"}

#                          visitor outsider trainer_own trainer_other admin_own admin_other network_admin
MATRIX: dict[str, tuple[str, ...]] = {
    "see personal details": (NO, NO, YES, YES, YES, YES, YES),
    "see the calendar of loans": (NO, NO, YES, YES, YES, YES, YES),
    "edit offer": (NO, NO, YES, NO, YES, NO, ADMIN),
    "archive offer": (NO, NO, YES, NO, YES, NO, ADMIN),
    "request instructor": (NO, NO, NO, YES, NO, YES, NO),
    "view incoming request": (NO, NO, YES, YES, YES, YES, YES),
    "approve request": (NO, NO, YES, NO, YES, NO, NO),
    "decline request": (NO, NO, YES, NO, YES, NO, NO),
    "cancel approved loan": (NO, NO, YES, NO, YES, NO, NO),
    "withdraw outgoing request": (NO, NO, YES, NO, YES, NO, NO),
}


def allowed(action: str, role: str, channel: str) -> bool:
    cell = MATRIX[action][ROLES.index(role)]
    if channel == "page":
        return cell == YES
    if channel == "admin":
        return cell in (YES, ADMIN) and role in ADMIN_ROLES
    return cell in (YES, ADMIN)


@pytest.fixture
def world(
    centre_a, centre_b, trainer_a, admin_a, trainer_b, admin_b, network_admin, outsider
) -> dict:
    offer = make_instructor(centre_a)
    other_offer = make_instructor(centre_b, title="Bravo mine-action instructor")
    approved = ask(offer, trainer_b, start=40, days=2)
    instructor_request_approve(instructor_request=approved, by=admin_a)
    return {
        "offer": offer,
        "incoming": ask(offer, trainer_b, start=10, days=3),
        "approved": approved,
        "outgoing": ask(other_offer, trainer_a),
        "users": {
            "visitor": None,
            "outsider": outsider,
            "trainer_own": trainer_a,
            "trainer_other": trainer_b,
            "admin_own": admin_a,
            "admin_other": admin_b,
            "network_admin": network_admin,
        },
    }


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def status_of(w: dict, key: str) -> str:
    return fresh(w[key]).status


@dataclass(frozen=True)
class Action:
    page: Callable[[dict], tuple[str, dict | None]] | None
    admin: Callable[[dict], tuple[str, object]] | None
    service: Callable[[dict, object], object] | None
    done: Callable[[dict], bool] | None
    # For a read, what the page must show when allowed (and not show when refused).
    shows: str = ""


def _offer_form(offer: Instructor, **changes) -> dict:
    data = {
        "kind": offer.kind,
        "title": offer.title,
        "summary": offer.summary,
        "themes": [theme.pk for theme in offer.themes.all()],
        "languages": [language.pk for language in offer.languages.all()],
        "ranks": offer.ranks,
        "team_size": str(offer.team_size),
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "20",
        "windows-0-start_date": day(1).isoformat(),
        "windows-0-end_date": day(120).isoformat(),
    }
    data.update(changes)
    return data


def _edit(w: dict, user) -> Instructor:
    offer = w["offer"]
    return instructor_save(
        instructor=offer,
        centre=offer.centre,
        by=user,
        themes=Theme.objects.filter(slug="women-peace-security"),
        languages=Language.objects.filter(code="en"),
        windows=[(day(1), day(120))],
        summary="Edited expertise.",
    )


def _decide(move: str, key: str) -> dict:
    return {"action": move, "response": "", "confirmed": "1"}


ACTIONS: dict[str, Action] = {
    "see personal details": Action(
        page=lambda w: (w["offer"].get_absolute_url(), None),
        admin=None,
        service=None,
        done=None,
        shows="dewi.lestari@example.org",
    ),
    "see the calendar of loans": Action(
        page=lambda w: (reverse("instructor-calendar") + f"?month={day(40):%Y-%m}", None),
        admin=None,
        service=None,
        done=None,
        shows="Bangkok",
    ),
    "edit offer": Action(
        page=lambda w: (
            reverse("instructor-edit", args=[w["offer"].pk]),
            _offer_form(w["offer"], summary="Edited expertise."),
        ),
        admin=None,  # offers are written on the site; the admin reads and archives them
        service=_edit,
        done=lambda w: fresh(w["offer"]).summary == "Edited expertise.",
    ),
    "archive offer": Action(
        page=lambda w: (reverse("instructor-archive", args=[w["offer"].pk]), {"archived": "1"}),
        admin=lambda w: ("action", (w["offer"], "archive")),
        service=lambda w, user: instructor_archive(instructor=w["offer"], by=user),
        done=lambda w: fresh(w["offer"]).is_archived,
    ),
    "request instructor": Action(
        page=lambda w: (
            reverse("instructor-request", args=[w["offer"].pk]),
            {
                "start_date": day(60).isoformat(),
                "end_date": day(61).isoformat(),
                "city": "Hue",
                "country": "VN",
                "purpose": "A course.",
            },
        ),
        admin=None,  # requests are made on the site, not typed in the admin
        service=lambda w, user: ask(w["offer"], user, start=60, days=2, city="Hue"),
        done=lambda w: InstructorRequest.objects.filter(city="Hue").exists(),
    ),
    "view incoming request": Action(
        page=lambda w: (w["incoming"].get_absolute_url(), None),
        admin=lambda w: ("view", w["incoming"]),
        service=None,
        done=None,
        shows="A national gender course.",
    ),
    "approve request": Action(
        page=lambda w: (w["incoming"].get_absolute_url(), _decide("approve", "incoming")),
        admin=lambda w: ("action", (w["incoming"], "approve")),
        service=lambda w, user: instructor_request_approve(
            instructor_request=w["incoming"], by=user
        ),
        done=lambda w: status_of(w, "incoming") == S.APPROVED,
    ),
    "decline request": Action(
        page=lambda w: (w["incoming"].get_absolute_url(), _decide("decline", "incoming")),
        admin=lambda w: ("action", (w["incoming"], "decline")),
        service=lambda w, user: instructor_request_decline(
            instructor_request=w["incoming"], by=user
        ),
        done=lambda w: status_of(w, "incoming") == S.DECLINED,
    ),
    "cancel approved loan": Action(
        page=lambda w: (w["approved"].get_absolute_url(), _decide("cancel", "approved")),
        admin=lambda w: ("action", (w["approved"], "cancel")),
        service=lambda w, user: instructor_request_cancel(
            instructor_request=w["approved"], by=user
        ),
        done=lambda w: status_of(w, "approved") == S.CANCELLED,
    ),
    "withdraw outgoing request": Action(
        page=lambda w: (w["outgoing"].get_absolute_url(), _decide("withdraw", "outgoing")),
        admin=lambda w: ("action", (w["outgoing"], "withdraw")),
        service=lambda w, user: instructor_request_withdraw(
            instructor_request=w["outgoing"], by=user
        ),
        done=lambda w: status_of(w, "outgoing") == S.WITHDRAWN,
    ),
}


def test_the_table_covers_every_action_and_role():
    assert set(MATRIX) == set(ACTIONS)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())
    for action, row in MATRIX.items():
        assert NO in row and (YES in row or ADMIN in row), action


def _cells(channel: str) -> list:
    return [
        pytest.param(action, role, id=f"{action}-{role}")
        for action in MATRIX
        if getattr(ACTIONS[action], channel) is not None
        for role in ROLES
    ]


def _client(world: dict, role: str) -> Client:
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("action, role", _cells("page"))
def test_page(world, action, role):
    spec = ACTIONS[action]
    url, data = spec.page(world)
    client = _client(world, role)
    response = client.get(url) if data is None else client.post(url, data)
    if allowed(action, role, "page"):
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
        if spec.done is not None:
            assert spec.done(world), "the page answered but nothing changed"
        if spec.shows:
            assert spec.shows in response.content.decode()
    else:
        if role == "visitor" and response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
        elif spec.shows and response.status_code == 200:
            # A public page (the offer) that leaves the members' part out.
            assert spec.shows not in response.content.decode()
        else:
            assert response.status_code == 404, response.status_code
        if spec.done is not None:
            assert not spec.done(world)


@pytest.mark.parametrize("action, role", _cells("admin"))
def test_admin(world, action, role):
    spec = ACTIONS[action]
    kind, target = spec.admin(world)
    client = _client(world, role)
    may = allowed(action, role, "admin")
    if kind == "action":
        obj, name = target
        response = client.post(
            admin_url(obj, "changelist"), {"action": name, "_selected_action": [obj.pk]}
        )
        assert response.status_code in (200, 302)
        assert spec.done(world) is may
        return
    response = client.get(admin_url(target, "change"))
    assert (response.status_code == 200) is may, response.status_code


@pytest.mark.parametrize("action, role", _cells("service"))
def test_service(world, action, role):
    spec = ACTIONS[action]
    user = world["users"][role] or AnonymousUser()
    if allowed(action, role, "service"):
        spec.service(world, user)
        assert spec.done(world)
    else:
        with pytest.raises(DomainError):
            spec.service(world, user)
        assert not spec.done(world)


def test_a_request_between_two_other_centres_is_a_404(world, trainer_c, admin_a, client):
    client.force_login(trainer_c)
    for key in ("incoming", "outgoing", "approved"):
        assert client.get(world[key].get_absolute_url()).status_code == 404
    # And its admin row is out of reach of a third centre's admin.
    assert client.get(admin_url(world["incoming"], "change")).status_code != 200
