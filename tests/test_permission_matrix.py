"""The two-sided permission matrix, from one table: who may do what to centre A's things.

`MATRIX` says, for each action on something of centre A and each role, whether the role may
do it. Every cell then drives three checks, one per way in:

- the page (the site): allowed answers 200 or a redirect after the change; refused is a 404
  (another centre's private object does not confirm it exists) or, for a visitor, the login
  page; and a refused write changes nothing;
- the Django admin: the change form, the changelist action or the add form works for the
  roles that use the admin (centre admins, the network admin) where allowed, and is refused
  (not found, forbidden, read only or left alone) otherwise;
- the service called directly, as a script or a new view would: it does the change, or raises
  DomainError and changes nothing.

A cell is YES (every way in the role has), NO (none), or ADMIN: allowed only through the admin
and the services (the network admin corrects a centre's work in the Django admin; the site's
pages for that work are the centre's own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import (
    CentreRole,
    Course,
    CourseStatus,
    Membership,
    Offering,
    Resource,
    SeatRequest,
    SeatRequestStatus,
)
from courses.permissions import centre_of
from courses.services import (
    centre_save,
    course_create,
    course_update,
    membership_set,
    offering_cancel,
    offering_update,
    resource_archive,
    resource_update,
    seat_request_decline,
    seat_request_submit,
    seat_request_withdraw,
)

from .admin_world import admin_url
from .factories import make_course, make_offering, make_seat_request, make_user
from .resource_factories import make_resource
from .test_posting import offering_data

pytestmark = pytest.mark.django_db

YES, NO, ADMIN = "yes", "no", "admin"

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

# "own" is centre A, whose things every action is about; "other" is centre B. For a seat
# request, B asked A for seats (A decides), and A asked B (A withdraws).
#                          visitor outsider trainer_own trainer_other admin_own admin_other network_admin
MATRIX: dict[str, tuple[str, ...]] = {
    "view draft course": (NO, NO, YES, NO, YES, NO, YES),
    "post course for centre": (NO, NO, YES, NO, YES, NO, ADMIN),
    "edit course": (NO, NO, YES, NO, YES, NO, ADMIN),
    "edit offering": (NO, NO, YES, NO, YES, NO, ADMIN),
    "cancel offering": (NO, NO, YES, NO, YES, NO, ADMIN),
    "edit centre profile": (NO, NO, NO, NO, YES, NO, YES),
    "set membership": (NO, NO, NO, NO, NO, NO, YES),
    "view centre-only resource": (NO, NO, YES, NO, YES, NO, YES),
    # Listed (title, owner, kind and "Ask for access") to every member; seen only as above.
    "list centre-only resource": (NO, NO, YES, YES, YES, YES, YES),
    "edit resource": (NO, NO, YES, NO, YES, NO, YES),
    "archive resource": (NO, NO, YES, NO, YES, NO, YES),
    "request seats on offering": (NO, NO, NO, YES, NO, YES, NO),
    "view incoming seat request": (NO, NO, YES, YES, YES, YES, YES),
    "decide seat request": (NO, NO, YES, NO, YES, NO, NO),
    "withdraw seat request": (NO, NO, YES, NO, YES, NO, NO),
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
    course = make_course(centre_a, title="Alpha course")
    offering = make_offering(course)
    course_b = make_course(centre_b, title="Bravo course")
    offering_b = make_offering(course_b)
    return {
        "centre": centre_a,
        "course": course,
        "draft": make_course(centre_a, title="Alpha draft", status=CourseStatus.DRAFT),
        "offering": offering,
        "open_offering": make_offering(course, start_in_days=120),
        "resource": make_resource(centre_a, title="Alpha handbook"),
        "private": make_resource(centre_a, title="Alpha private", visibility="centre"),
        "incoming": make_seat_request(offering, by=trainer_b),
        "outgoing": make_seat_request(offering_b, by=trainer_a),
        "newcomer": make_user("newcomer"),
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


# --- how each action is tried, and how its effect is seen ------------------------------------


@dataclass(frozen=True)
class Action:
    # The page: (url, POST data or None for a GET) from the world.
    page: Callable[[dict], tuple[str, dict | None]] | None
    # The admin: ("change" | "view" | "add", object) or ("action", (object, action name)).
    admin: Callable[[dict], tuple[str, object]] | None
    # The service, called with the user (AnonymousUser for a visitor).
    service: Callable[[dict, object], object] | None
    # Whether the change happened (None: a read, judged by the answer alone).
    done: Callable[[dict], bool] | None
    # How the page refuses: a 404, or for a rule of the domain (a centre asking for seats on
    # its own offering) a 200 that explains why, with nothing changed.
    page_refusals: tuple[int, ...] = (404,)


def _resource_form(resource: Resource, **changes) -> dict:
    data = {
        "title": resource.title,
        "description": resource.description,
        "kind": resource.kind,
        "themes": [theme.pk for theme in resource.themes.all()],
        "language": resource.language_id,
        "visibility": resource.visibility,
        "version_label": resource.version_label,
    }
    data.update(changes)
    return data


def _course_form(course: Course, **changes) -> dict:
    data = {
        "title": course.title,
        "summary": course.summary,
        "description": course.description,
        "themes": [theme.pk for theme in course.themes.all()],
        "audience": course.audience,
        "level": course.level,
        "languages": [language.pk for language in course.languages.all()],
        "delivery_mode": course.delivery_mode,
        "duration_days": str(course.duration_days),
        "prerequisites": course.prerequisites,
        "status": course.status,
    }
    data.update(changes)
    return data


def _new_course(w: dict, user) -> Course:
    course = w["course"]
    return course_create(
        centre=w["centre"],
        by=user,
        title="Posted for Alpha",
        summary="A new course.",
        audience="military",
        level="basic",
        delivery_mode="online",
        duration_days=3,
        themes=course.themes.all(),
        languages=course.languages.all(),
    )


ACTIONS: dict[str, Action] = {
    "view draft course": Action(
        page=lambda w: (w["draft"].get_absolute_url(), None),
        admin=lambda w: ("view", w["draft"]),
        service=None,
        done=None,
    ),
    "post course for centre": Action(
        # The site's posting page posts for the user's own centre, whichever it is: only the
        # service (and the admin, for the network admin) can be aimed at centre A.
        page=None,
        admin=None,
        service=_new_course,
        done=lambda w: Course.objects.filter(title="Posted for Alpha").exists(),
    ),
    "edit course": Action(
        page=lambda w: (
            reverse("course-edit", args=[w["course"].slug]),
            _course_form(w["course"], summary="Edited summary."),
        ),
        admin=lambda w: ("change", w["course"]),
        service=lambda w, user: course_update(
            course=w["course"], by=user, summary="Edited summary."
        ),
        done=lambda w: fresh(w["course"]).summary == "Edited summary.",
    ),
    "edit offering": Action(
        page=lambda w: (
            reverse("offering-edit", args=[w["offering"].pk]),
            offering_data(notes="Edited notes.", city=w["offering"].city),
        ),
        admin=lambda w: ("change", w["offering"]),
        service=lambda w, user: offering_update(
            offering=w["offering"], by=user, notes="Edited notes."
        ),
        done=lambda w: fresh(w["offering"]).notes == "Edited notes.",
    ),
    "cancel offering": Action(
        page=lambda w: (
            reverse("offering-edit", args=[w["offering"].pk]),
            offering_data(status="cancelled", city=w["offering"].city),
        ),
        admin=lambda w: ("action", (w["offering"], "cancel")),
        service=lambda w, user: offering_cancel(offering=w["offering"], by=user),
        done=lambda w: fresh(w["offering"]).is_cancelled,
    ),
    "edit centre profile": Action(
        page=None,
        admin=lambda w: ("change", w["centre"]),
        service=lambda w, user: centre_save(
            centre=w["centre"], by=user, description="Edited profile."
        ),
        done=lambda w: fresh(w["centre"]).description == "Edited profile.",
    ),
    "set membership": Action(
        page=None,
        admin=lambda w: ("add", Membership),
        service=lambda w, user: membership_set(
            user=w["newcomer"], centre=w["centre"], role=CentreRole.TRAINER, by=user
        ),
        done=lambda w: Membership.objects.filter(user=w["newcomer"]).exists(),
    ),
    "view centre-only resource": Action(
        page=lambda w: (reverse("resource-download", args=[w["private"].pk]), None),
        admin=lambda w: ("view", w["private"]),
        service=None,
        done=None,
    ),
    "list centre-only resource": Action(
        page=lambda w: (w["private"].get_absolute_url(), None),
        admin=None,
        service=None,
        done=None,
    ),
    "edit resource": Action(
        page=lambda w: (
            reverse("resource-edit", args=[w["resource"].pk]),
            _resource_form(w["resource"], description="Edited description."),
        ),
        admin=None,  # resources change through the site and the admin's actions only
        service=lambda w, user: resource_update(
            resource=w["resource"], by=user, description="Edited description."
        ),
        done=lambda w: fresh(w["resource"]).description == "Edited description.",
    ),
    "archive resource": Action(
        page=lambda w: (reverse("resource-archive", args=[w["resource"].pk]), {"archived": "1"}),
        admin=lambda w: ("action", (w["resource"], "archive")),
        service=lambda w, user: resource_archive(resource=w["resource"], by=user),
        done=lambda w: fresh(w["resource"]).is_archived,
    ),
    "request seats on offering": Action(
        page=lambda w: (
            reverse("offering-request", args=[w["open_offering"].pk]),
            {"seats_requested": "1", "women_nominated": "0", "participant_profile": "A major"},
        ),
        admin=None,  # requests are made on the site, not typed in the admin
        service=lambda w, user: seat_request_submit(
            offering=w["open_offering"],
            centre=centre_of(user),
            by=user,
            seats_requested=1,
            women_nominated=0,
            participant_profile="A major",
            message="",
        ),
        done=lambda w: SeatRequest.objects.filter(offering=w["open_offering"]).exists(),
        page_refusals=(404, 200),
    ),
    "view incoming seat request": Action(
        page=lambda w: (reverse("request-detail", args=[w["incoming"].pk]), None),
        admin=lambda w: ("view", w["incoming"]),
        service=None,
        done=None,
    ),
    "decide seat request": Action(
        page=lambda w: (
            reverse("request-detail", args=[w["incoming"].pk]),
            {"action": "decline", "response": "No room."},
        ),
        admin=lambda w: ("action", (w["incoming"], "decline")),
        service=lambda w, user: seat_request_decline(seat_request=w["incoming"], by=user),
        done=lambda w: fresh(w["incoming"]).status == SeatRequestStatus.DECLINED,
    ),
    "withdraw seat request": Action(
        page=lambda w: (
            reverse("request-detail", args=[w["outgoing"].pk]),
            # "confirmed": the confirmation step a withdrawal asks for.
            {"action": "withdraw", "response": "", "confirmed": "1"},
        ),
        admin=lambda w: ("action", (w["outgoing"], "withdraw")),
        service=lambda w, user: seat_request_withdraw(seat_request=w["outgoing"], by=user),
        done=lambda w: fresh(w["outgoing"]).status == SeatRequestStatus.WITHDRAWN,
    ),
}


def test_the_table_covers_every_action_and_role():
    assert set(MATRIX) == set(ACTIONS)
    assert all(len(row) == len(ROLES) for row in MATRIX.values())
    # Each action refuses someone and allows someone: a row that cannot fail proves nothing.
    for action, row in MATRIX.items():
        assert NO in row and (YES in row or ADMIN in row), action


def _cells(channel: str) -> list:
    attribute = {"page": "page", "admin": "admin", "service": "service"}[channel]
    return [
        pytest.param(action, role, id=f"{action}-{role}")
        for action in MATRIX
        if getattr(ACTIONS[action], attribute) is not None
        for role in ROLES
    ]


def _client(world: dict, role: str) -> Client:
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


# --- the three checks of every cell -----------------------------------------------------------


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
    else:
        if role == "visitor" and response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code in spec.page_refusals, response.status_code
        if spec.done is not None:
            assert not spec.done(world)


def _admin_reaches(response) -> bool:
    return response.status_code == 200


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
    if kind == "add":
        response = client.get(admin_url(target, "add"))
        assert (response.status_code == 200) is may, response.status_code
        return
    response = client.get(admin_url(target, "change"))
    if kind == "view":
        assert (response.status_code == 200) is may, response.status_code
        return
    # The change form: allowed shows a form that saves; refused is not found, forbidden, the
    # login page, or a read-only view without a save button.
    writable = response.status_code == 200 and b'name="_save"' in response.content
    assert writable is may, response.status_code


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


# --- the services no page or admin row reaches in this table ----------------------------------


def test_deleting_a_course_or_offering_is_refused_to_other_centres_and_trainers(
    world, trainer_a, trainer_b, admin_b, outsider
):
    from courses.services.catalog import course_delete, offering_delete

    spare = make_course(world["centre"], title="Entered in error")
    run = make_offering(spare)
    for user in (trainer_b, admin_b, outsider, AnonymousUser()):
        with pytest.raises(DomainError):
            offering_delete(offering=run, by=user)
        with pytest.raises(DomainError):
            course_delete(course=spare, by=user)
    # A trainer archives; erasing is an admin's act.
    with pytest.raises(DomainError):
        course_delete(course=spare, by=trainer_a)
    assert Offering.objects.filter(pk=run.pk).exists()
    assert Course.objects.filter(pk=spare.pk).exists()


def test_a_centre_admin_cannot_change_its_centres_slug_or_active_flag(world, admin_a):
    centre = world["centre"]
    with pytest.raises(DomainError):
        centre_save(centre=centre, by=admin_a, is_active=False)
    with pytest.raises(DomainError):
        centre_save(centre=centre, by=admin_a, slug="taken-over")
    assert fresh(centre).is_active and fresh(centre).slug == centre.slug


def test_a_seat_request_between_two_other_centres_is_a_404(world, trainer_a, centre_b, trainer_c):
    # Scope, then fetch: C's request to B is a 404 for A, not a 403 that confirms it exists.
    other = make_seat_request(make_offering(make_course(centre_b)), by=trainer_c)
    client = Client()
    client.force_login(trainer_a)
    assert client.get(reverse("request-detail", args=[other.pk])).status_code == 404
    assert SeatRequest.objects.filter(pk=other.pk).exists()
