"""A centre admin of centre A against centre B's objects, for every model and admin view.

Nothing of B is listed, shown, changed, deleted, exported or offered by autocomplete; the same
admin can do all of it for A. The network admin sees everything.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from courses.models import (
    Centre,
    Course,
    CourseStatus,
    Language,
    Membership,
    Offering,
    ResourceAccessGrant,
    SeatRequest,
    Theme,
)
from courses.services.library import (
    access_request_grant,
    access_request_submit,
    resource_download_record,
)

from .admin_world import admin_url, build_world, model_admin, result_pks, snapshot
from .factories import make_user
from .resource_factories import make_resource

User = get_user_model()


@pytest.fixture
def world(centre_a, centre_b, centre_c):
    return build_world(centre_a, centre_b, centre_c)


@pytest.fixture
def client_a(client, admin_a):
    client.force_login(admin_a)
    return client


# How to find B's private object of each registered model in the world.
B_OBJECTS = {
    "centre": lambda w, p: p["centre_b"],
    "membership": lambda w, p: p["trainer_b"].membership,
    "course": lambda w, p: w.course_b,
    "offering": lambda w, p: w.offering_b,
    "seatrequest": lambda w, p: w.request_c_to_b,
    "user": lambda w, p: p["trainer_b"],
    "resource": lambda w, p: p["resource_b"],
    "resourceaccessrequest": lambda w, p: p["access_c_to_b"],
    "resourceaccessgrant": lambda w, p: p["grant_b_to_c"],
    "resourcedownload": lambda w, p: p["download_b"],
}
# And A's own object of the same model.
A_OBJECTS = {
    "centre": lambda w, p: p["centre_a"],
    "membership": lambda w, p: p["trainer_a"].membership,
    "course": lambda w, p: w.course_a,
    "offering": lambda w, p: w.offering_a,
    "seatrequest": lambda w, p: w.request_b_to_a,
    "user": lambda w, p: p["trainer_a"],
    "resource": lambda w, p: p["resource_a"],
    "resourceaccessrequest": lambda w, p: p["access_b_to_a"],
    "resourceaccessgrant": lambda w, p: p["grant_a_to_b"],
    "resourcedownload": lambda w, p: p["download_a"],
}
MODELS = list(B_OBJECTS)


@pytest.fixture
def people(centre_a, centre_b, trainer_a, trainer_b, admin_a, admin_b, trainer_c):
    resource_a = make_resource(centre_a, title="Alpha POC lesson plan", visibility="centre")
    resource_b = make_resource(centre_b, title="Bravo observers handbook", visibility="centre")
    # C asks B and is granted: B's business. B asks A (A's incoming), A asks B (outgoing).
    request_c_to_b = access_request_submit(resource=resource_b, by=trainer_c, message="Please.")
    access_request_grant(access_request=request_c_to_b, by=admin_b)
    request_b_to_a = access_request_submit(resource=resource_a, by=trainer_b, message="Please.")
    access_request_grant(access_request=request_b_to_a, by=admin_a)
    request_a_to_b = access_request_submit(resource=resource_b, by=trainer_a, message="Please.")
    return {
        "centre_a": centre_a,
        "centre_b": centre_b,
        "trainer_a": trainer_a,
        "trainer_b": trainer_b,
        "admin_b": admin_b,
        "resource_a": resource_a,
        "resource_b": resource_b,
        "access_c_to_b": request_c_to_b,
        "access_b_to_a": request_b_to_a,
        "access_a_to_b": request_a_to_b,
        "grant_b_to_c": ResourceAccessGrant.objects.get(resource=resource_b),
        "grant_a_to_b": ResourceAccessGrant.objects.get(resource=resource_a),
        "download_b": resource_download_record(resource=resource_b, user=trainer_c),
        "download_a": resource_download_record(resource=resource_a, user=trainer_b),
    }


def csv_rows(response) -> list[list[str]]:
    """The data rows of a CSV export (without its header)."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[1:]


def b_object(name, world, people):
    return B_OBJECTS[name](world, people)


def a_object(name, world, people):
    return A_OBJECTS[name](world, people)


# --- B's objects: never listed, shown, changed, deleted -------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_changelist_never_lists_another_centres_objects(client_a, world, people, name):
    target = b_object(name, world, people)
    response = client_a.get(admin_url(type(target), "changelist"))
    assert response.status_code == 200
    listed = result_pks(response)
    assert target.pk not in listed
    assert a_object(name, world, people).pk in listed


@pytest.mark.parametrize("name", MODELS)
def test_changelist_search_and_filters_do_not_reveal_another_centre(client_a, world, people, name):
    target = b_object(name, world, people)
    response = client_a.get(admin_url(type(target), "changelist"), {"q": str(target)[:8]})
    assert response.status_code == 200
    assert target.pk not in result_pks(response)


@pytest.mark.parametrize("name", MODELS)
def test_change_view_of_another_centres_object_does_not_exist(client_a, world, people, name):
    target = b_object(name, world, people)
    response = client_a.get(admin_url(target, "change"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize("name", MODELS)
def test_posting_a_change_to_another_centres_object_changes_nothing(client_a, world, people, name):
    target = b_object(name, world, people)
    before = snapshot(target)
    response = client_a.post(
        admin_url(target, "change"),
        {"title": "Taken over", "name": "Taken over", "username": "taken", "_save": "Save"},
    )
    assert response.status_code in (302, 403, 404)
    assert snapshot(target) == before


@pytest.mark.parametrize("name", MODELS)
def test_delete_view_of_another_centres_object_deletes_nothing(client_a, world, people, name):
    target = b_object(name, world, people)
    before = snapshot(target)
    assert client_a.get(admin_url(target, "delete")).status_code in (302, 403, 404)
    response = client_a.post(admin_url(target, "delete"), {"post": "yes"})
    assert response.status_code in (302, 403, 404)
    assert snapshot(target) == before


@pytest.mark.parametrize("name", MODELS)
def test_history_of_another_centres_object_does_not_exist(client_a, world, people, name):
    target = b_object(name, world, people)
    response = client_a.get(admin_url(target, "history"))
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response.url == reverse("admin:index")


@pytest.mark.parametrize("name", ["course", "offering", "seatrequest", "resource"])
def test_history_record_of_another_centres_object_is_not_found(client_a, world, people, name):
    target = b_object(name, world, people)
    record = target.history.latest()
    opts = target._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[target.pk, record.history_id],
    )
    assert client_a.get(url).status_code == 404


def _actions_of(name, world, people, rf, user):
    model = type(b_object(name, world, people))
    request = rf.get("/admin/")
    request.user = user
    return list(model_admin(model).get_actions(request))


ACTIONS = [
    ("centre", "export_csv"),
    ("membership", "export_csv"),
    ("course", "publish"),
    ("course", "archive"),
    ("course", "export_csv"),
    ("offering", "cancel"),
    ("offering", "export_csv"),
    ("seatrequest", "approve"),
    ("seatrequest", "waitlist"),
    ("seatrequest", "decline"),
    ("seatrequest", "withdraw"),
    ("seatrequest", "export_csv"),
    ("user", "deactivate"),
    ("user", "export_csv"),
    ("resource", "archive"),
    ("resource", "restore"),
    ("resource", "export_csv"),
    ("resourceaccessrequest", "grant"),
    ("resourceaccessrequest", "refuse"),
    ("resourceaccessrequest", "withdraw"),
    ("resourceaccessrequest", "export_csv"),
    ("resourceaccessgrant", "export_csv"),
    ("resourcedownload", "export_csv"),
]


def test_the_action_matrix_covers_every_action_a_centre_admin_has(world, people, rf, admin_a):
    offered = {
        (name, action)
        for name in MODELS
        for action in _actions_of(name, world, people, rf, admin_a)
    }
    assert offered == set(ACTIONS)


@pytest.mark.parametrize(("name", "action"), ACTIONS)
def test_bulk_action_on_another_centres_object_changes_nothing(
    client_a, world, people, name, action
):
    target = b_object(name, world, people)
    if name == "course":
        target.status = CourseStatus.DRAFT
        Course.objects.filter(pk=target.pk).update(status=CourseStatus.DRAFT)
    before = snapshot(target)
    response = client_a.post(
        admin_url(type(target), "changelist"),
        {"action": action, "_selected_action": [target.pk], "post": "yes"},
    )
    assert snapshot(target) == before
    if response.get("Content-Type", "").startswith("text/csv"):
        assert csv_rows(response) == []


@pytest.mark.parametrize(("name", "action"), ACTIONS)
def test_bulk_action_on_a_mixed_selection_touches_only_own_objects(
    client_a, world, people, name, action
):
    target = b_object(name, world, people)
    before = snapshot(target)
    own = a_object(name, world, people)
    response = client_a.post(
        admin_url(type(target), "changelist"),
        {"action": action, "_selected_action": [target.pk, own.pk]},
    )
    assert response.status_code in (200, 302)
    assert snapshot(target) == before
    if response.get("Content-Type", "").startswith("text/csv"):
        assert len(csv_rows(response)) == 1


# --- autocomplete ----------------------------------------------------------------------


def _autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    return response


@pytest.mark.parametrize(
    ("source", "field", "name"),
    [
        ("offering", "course", "course"),
        ("course", "centre", "centre"),
        ("membership", "centre", "centre"),
        ("membership", "user", "user"),
    ],
)
def test_autocomplete_offers_only_own_centres_objects(client_a, world, people, source, field, name):
    response = _autocomplete(client_a, "courses", source, field)
    assert response.status_code == 200
    ids = {item["id"] for item in json.loads(response.content)["results"]}
    assert str(b_object(name, world, people).pk) not in ids
    assert str(a_object(name, world, people).pk) in ids


def test_autocomplete_search_term_does_not_find_another_centres_course(client_a, world):
    response = _autocomplete(client_a, "courses", "offering", "course", term="Bravo")
    assert json.loads(response.content)["results"] == []


# --- forms: an id of another centre in a POST is refused ----------------------------------


def _course_form(**overrides):
    data = {
        "title": "Women, Peace and Security Course",
        "summary": "A course on WPS.",
        "description": "",
        "status": "draft",
        "themes": [Theme.objects.get(slug="women-peace-security").pk],
        "audience": "mixed",
        "level": "basic",
        "languages": [Language.objects.get(code="en").pk],
        "delivery_mode": "in-person",
        "duration_days": "5",
        "prerequisites": "",
        "offerings-TOTAL_FORMS": "0",
        "offerings-INITIAL_FORMS": "0",
        "offerings-MIN_NUM_FORMS": "0",
        "offerings-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_new_course_belongs_to_own_centre_whatever_the_post_says(
    client_a, world, centre_a, centre_b
):
    response = client_a.post(admin_url(Course, "add"), _course_form(centre=centre_b.pk))
    assert response.status_code == 302
    course = Course.objects.get(title="Women, Peace and Security Course")
    assert course.centre == centre_a


def test_course_change_cannot_move_it_to_another_centre(client_a, world, centre_a, centre_b):
    course = world.course_a
    response = client_a.post(
        admin_url(course, "change"),
        _course_form(title=course.title, centre=centre_b.pk, status="published"),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.centre == centre_a


def test_offering_cannot_be_attached_to_another_centres_course(client_a, world):
    count = Offering.objects.count()
    response = client_a.post(
        admin_url(Offering, "add"),
        {
            "course": world.course_b.pk,
            "start_date": "2030-03-01",
            "end_date": "2030-03-05",
            "city": "Hanoi",
            "country": "VN",
            "application_deadline": "2030-02-01",
            "seats_total": "20",
            "partner_seats": "5",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "course" in response.context["adminform"].form.errors
    assert Offering.objects.count() == count


def test_centre_admin_cannot_change_its_centres_slug_or_active_flag(client_a, centre_a, centre_b):
    response = client_a.post(
        admin_url(centre_a, "change"),
        {
            "name": "Alpha Peacekeeping Centre",
            "short_name": "APC",
            "slug": centre_b.slug,
            "country": "MY",
            "city": "Port Dickson",
            "website": "",
            "contact_email": "info@alpha.example.org",
            "description": "Our centre.",
            "is_active": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    centre_a.refresh_from_db()
    assert centre_a.slug == "alpha"
    assert centre_a.is_active
    assert centre_a.contact_email == "info@alpha.example.org"


def test_centre_admin_cannot_add_or_delete_centres(client_a, centre_a):
    assert client_a.get(admin_url(Centre, "add")).status_code == 403
    client_a.post(admin_url(centre_a, "delete"), {"post": "yes"})
    assert Centre.objects.filter(pk=centre_a.pk).exists()


def test_centre_admin_cannot_give_a_trainer_rights(client_a, trainer_a):
    response = client_a.post(
        admin_url(trainer_a, "change"),
        {
            "username": trainer_a.username,
            "first_name": "Anh",
            "last_name": "Nguyen",
            "email": "anh@example.org",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name="Centre admins").pk],
            "user_permissions": [Permission.objects.get(codename="delete_centre").pk],
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    trainer_a.refresh_from_db()
    assert trainer_a.first_name == "Anh"
    assert not trainer_a.is_staff
    assert not trainer_a.is_superuser
    assert not trainer_a.groups.exists()
    assert not trainer_a.user_permissions.exists()


def test_centre_admin_cannot_change_itself_or_a_fellow_admin(client_a, admin_a, centre_a):
    fellow = make_user("admin-a2", centre=centre_a, role="centre-admin")
    for user in (admin_a, fellow):
        before = snapshot(user)
        response = client_a.post(
            admin_url(user, "change"),
            {"username": user.username, "email": "x@example.org", "is_superuser": "on"},
        )
        assert response.status_code == 403
        assert snapshot(user) == before
        password_url = reverse("admin:auth_user_password_change", args=[user.pk])
        assert client_a.get(password_url).status_code == 403


def test_centre_admin_never_sees_a_superuser(client_a, network_admin, centre_a):
    # Even a superuser who happens to hold a membership of the centre stays out of sight.
    Membership.objects.create(user=network_admin, centre=centre_a)
    response = client_a.get(admin_url(User, "changelist"))
    assert network_admin.pk not in result_pks(response)


def test_centre_admin_cannot_reach_groups_or_permissions(client_a):
    assert client_a.get(admin_url(Group, "changelist")).status_code == 403
    response = client_a.get(reverse("admin:index"))
    assert b"/admin/auth/group/" not in response.content


def test_themes_and_languages_are_read_only_for_a_centre_admin(client_a):
    theme = Theme.objects.get(slug="child-protection")
    assert client_a.get(admin_url(Theme, "changelist")).status_code == 200
    assert client_a.get(admin_url(Theme, "add")).status_code == 403
    response = client_a.post(
        admin_url(theme, "change"), {"name": "Renamed", "slug": "renamed", "description": ""}
    )
    assert response.status_code == 403
    theme.refresh_from_db()
    assert theme.name != "Renamed"
    client_a.post(admin_url(theme, "delete"), {"post": "yes"})
    assert Theme.objects.filter(pk=theme.pk).exists()
    language = Language.objects.get(code="en")
    assert client_a.post(admin_url(language, "delete"), {"post": "yes"}).status_code == 403


def test_outgoing_seat_request_is_visible_but_not_writable(client_a, world):
    response = client_a.get(admin_url(SeatRequest, "changelist"))
    assert world.request_a_to_b.pk in result_pks(response)
    assert client_a.get(admin_url(world.request_a_to_b, "change")).status_code == 200


def test_staff_user_without_a_centre_admin_role_sees_nothing(client, world, centre_a):
    # A trainer someone made staff and gave permissions by hand is still no centre admin.
    user = make_user("staff-trainer", centre=centre_a)
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="courses"))
    client.force_login(user)
    response = client.get(admin_url(Course, "changelist"))
    assert response.status_code == 403
    assert client.get(admin_url(world.course_a, "change")).status_code in (302, 403)


def test_trainer_cannot_enter_the_admin(client, trainer_a):
    client.force_login(trainer_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_deactivated_centre_admin_loses_the_admin(client, admin_a, world):
    admin_a.is_active = False
    admin_a.save()
    client.force_login(admin_a)
    response = client.get(admin_url(Course, "changelist"))
    assert response.status_code == 302


# --- A's objects: the same admin can do all of it ------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_centre_admin_opens_own_objects_and_their_history(client_a, world, people, name):
    own = a_object(name, world, people)
    assert client_a.get(admin_url(own, "change")).status_code == 200
    assert client_a.get(admin_url(own, "history")).status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_centre_admin_exports_own_objects(client_a, world, people, name):
    own = a_object(name, world, people)
    response = client_a.post(
        admin_url(type(own), "changelist"),
        {"action": "export_csv", "_selected_action": [own.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert len(csv_rows(response)) == 1


def test_centre_admin_cannot_delete_even_its_own_course_without_requests(client_a, centre_a):
    # Shared things are archived, not erased: only the network admin deletes.
    from .factories import make_course

    course = make_course(centre_a, title="A course to remove")
    response = client_a.post(admin_url(course, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert Course.objects.filter(pk=course.pk).exists()


def test_centre_admin_cannot_bulk_delete_its_own_offering(client_a, world):
    from .factories import make_offering

    spare = make_offering(world.course_a, start_in_days=200)
    client_a.post(
        admin_url(Offering, "changelist"),
        {"action": "delete_selected", "_selected_action": [spare.pk], "post": "yes"},
    )
    assert Offering.objects.filter(pk=spare.pk).exists()


def test_deleting_a_course_never_erases_another_centres_seat_requests(client_a, world):
    # B's request on A's offering is B's history too: the admin refuses the cascade.
    response = client_a.post(admin_url(world.course_a, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert Course.objects.filter(pk=world.course_a.pk).exists()
    assert SeatRequest.objects.filter(pk=world.request_b_to_a.pk).exists()


def test_network_admin_sees_every_centre(client, network_admin, world, people):
    client.force_login(network_admin)
    for name in MODELS:
        target = b_object(name, world, people)
        response = client.get(admin_url(type(target), "changelist"))
        assert target.pk in result_pks(response)
        assert client.get(admin_url(target, "change")).status_code == 200


def test_seat_requests_filter_by_direction(client_a, world):
    url = admin_url(SeatRequest, "changelist")
    incoming = result_pks(client_a.get(url, {"direction": "incoming"}))
    outgoing = result_pks(client_a.get(url, {"direction": "outgoing"}))
    assert incoming == {world.request_b_to_a.pk}
    assert outgoing == {world.request_a_to_b.pk}


def test_seat_request_page_does_not_link_to_another_centres_offering(client_a, world):
    response = client_a.get(admin_url(world.request_a_to_b, "change"))
    assert response.status_code == 200
    assert admin_url(world.offering_b, "change") not in response.content.decode()
