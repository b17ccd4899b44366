"""An id in an admin POST that no row can have is a form error, never a server error.

"abc", "1.5", -1 or 99999999999999999999 where a form expects the id of a theme, language,
course, centre or user: the form comes back with the error on that field, the rest of the
input as it was typed, and nothing saved, on SQLite as on PostgreSQL. Rows ticked for a bulk
action by such an id are left out.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.forms import ModelMultipleChoiceField
from django.test import RequestFactory

from courses.admin.related import KeyCheckedAutocompleteSelect, KeyCheckedAutocompleteSelectMultiple
from courses.forms import ModelChoicesField, is_possible_key
from courses.models import Course, CourseStatus, Language, Membership, Offering, Theme

from .admin_world import admin_url, build_world, snapshot
from .factories import make_course, make_user

User = get_user_model()

# Ids no row can have: beyond 64 bits (SQLite cannot even be asked), just beyond the largest
# id, not a number at all.
IMPOSSIBLE_IDS = [
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "abc",
    "1.5",
]
# And an id no row has (which Django always refused well: the control case).
BAD_IDS = [*IMPOSSIBLE_IDS, "-1"]


@pytest.fixture
def world(centre_a, centre_b, centre_c):
    return build_world(centre_a, centre_b, centre_c)


@pytest.fixture
def client_a(client, admin_a):
    client.force_login(admin_a)
    return client


@pytest.fixture
def client_network(client, network_admin):
    client.force_login(network_admin)
    return client


def _course_form(**overrides):
    data = {
        "title": "Typed in the admin",
        "summary": "A summary typed in the admin.",
        "description": "",
        "status": "published",
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


def _offering_form(**overrides):
    data = {
        "start_date": "2030-03-01",
        "end_date": "2030-03-05",
        "city": "Hanoi",
        "country": "VN",
        "application_deadline": "2030-02-01",
        "seats_total": "20",
        "partner_seats": "5",
        "notes": "Typed in the admin.",
    }
    data.update(overrides)
    return data


def _refused_on(response, field: str) -> str:
    """The form came back (not a 500, not saved) with an error on `field` only."""
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == [field], form.errors
    return " ".join(form.errors[field])


def _m2m(course: Course) -> tuple[set, set]:
    return set(course.themes.values_list("pk", flat=True)), set(
        course.languages.values_list("pk", flat=True)
    )


# --- the course form: themes and languages ----------------------------------------------


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("field", ["themes", "languages"])
def test_course_change_with_an_impossible_theme_or_language_id_is_shown_again(
    client_a, world, field, bad_id
):
    course = world.course_a
    before, m2m_before = snapshot(course), _m2m(course)
    data = _course_form(title="Renamed in the admin")
    kept = data[field][0]
    data[field] = [kept, bad_id]

    response = client_a.post(admin_url(course, "change"), data)

    error = _refused_on(response, field)
    assert bad_id in error
    html = response.content.decode()
    # What was typed is still there, and so is the real choice next to the bad one.
    assert 'value="Renamed in the admin"' in html
    assert "A summary typed in the admin." in html
    assert re.search(rf'<input type="checkbox" name="{field}" value="{kept}"[^>]* checked', html)
    assert snapshot(course) == before
    assert _m2m(course) == m2m_before


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("field", ["themes", "languages"])
def test_new_course_with_an_impossible_theme_or_language_id_is_not_saved(
    client_a, world, field, bad_id
):
    count = Course.objects.count()

    response = client_a.post(admin_url(Course, "add"), _course_form(**{field: [bad_id]}))

    assert bad_id in _refused_on(response, field)
    assert 'value="Typed in the admin"' in response.content.decode()
    assert Course.objects.count() == count


# --- the offering form: its course ------------------------------------------------------


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_new_offering_with_an_impossible_course_id_is_not_saved(client_a, world, bad_id):
    count = Offering.objects.count()

    response = client_a.post(admin_url(Offering, "add"), _offering_form(course=bad_id))

    assert "not one of the available choices" in _refused_on(response, "course")
    html = response.content.decode()
    assert 'value="Hanoi"' in html
    assert "Typed in the admin." in html
    assert Offering.objects.count() == count


# --- the network admin's forms: a course's centre, memberships, a user's groups -----------


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_network_admin_course_with_an_impossible_centre_id_is_not_saved(
    client_network, world, bad_id
):
    count = Course.objects.count()

    response = client_network.post(admin_url(Course, "add"), _course_form(centre=bad_id))

    assert "not one of the available choices" in _refused_on(response, "centre")
    assert 'value="Typed in the admin"' in response.content.decode()
    assert Course.objects.count() == count


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("field", ["user", "centre"])
def test_membership_with_an_impossible_user_or_centre_id_is_not_saved(
    client_network, centre_a, field, bad_id
):
    newcomer = make_user("newcomer")
    data = {"user": newcomer.pk, "centre": centre_a.pk, "role": "trainer", field: bad_id}

    response = client_network.post(admin_url(Membership, "add"), data)

    assert "not one of the available choices" in _refused_on(response, field)
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("field", ["groups", "user_permissions"])
def test_user_with_an_impossible_group_or_permission_id_is_not_changed(
    client_network, trainer_a, field, bad_id
):
    # Not an autocomplete: Django's many-to-many field itself asks the database.
    group = Group.objects.get(name="Centre admins")
    data = {
        "username": trainer_a.username,
        "first_name": "Renamed",
        "last_name": "",
        "email": trainer_a.email,
        "is_active": "on",
        "date_joined_0": "2030-01-01",
        "date_joined_1": "10:00:00",
        "groups": [group.pk],
        field: [bad_id],
    }

    response = client_network.post(admin_url(trainer_a, "change"), data)

    assert bad_id in _refused_on(response, field)
    assert 'value="Renamed"' in response.content.decode()
    trainer_a.refresh_from_db()
    assert trainer_a.first_name != "Renamed"
    assert not trainer_a.groups.exists()


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_group_with_an_impossible_permission_id_is_not_saved(client_network, bad_id):
    permission = Permission.objects.get(codename="view_course")
    data = {"name": "Auditors", "permissions": [permission.pk, bad_id]}

    response = client_network.post(admin_url(Group, "add"), data)

    assert bad_id in _refused_on(response, "permissions")
    assert 'value="Auditors"' in response.content.decode()
    assert not Group.objects.filter(name="Auditors").exists()


# --- bulk actions: the ticked rows -------------------------------------------------------


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_bulk_action_leaves_out_a_ticked_id_no_row_has(client_a, centre_a, bad_id):
    draft = make_course(centre_a, status=CourseStatus.DRAFT)

    response = client_a.post(
        admin_url(Course, "changelist"),
        {"action": "publish", "index": "0", "_selected_action": [bad_id, draft.pk]},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CourseStatus.PUBLISHED


@pytest.mark.parametrize("bad_id", IMPOSSIBLE_IDS)
def test_bulk_action_on_only_impossible_ids_changes_nothing(client_a, centre_a, bad_id):
    draft = make_course(centre_a, status=CourseStatus.DRAFT)

    response = client_a.post(
        admin_url(Course, "changelist"),
        {"action": "publish", "index": "0", "_selected_action": [bad_id]},
        follow=True,
    )

    assert response.status_code == 200
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Items must be selected" in message for message in messages)
    draft.refresh_from_db()
    assert draft.status == CourseStatus.DRAFT


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_export_of_ticked_rows_leaves_out_an_impossible_id(client_a, world, bad_id):
    response = client_a.post(
        admin_url(Course, "changelist"),
        {"action": "export_csv", "index": "0", "_selected_action": [bad_id, world.course_a.pk]},
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [world.course_a.title]


# --- every admin form, now and later -----------------------------------------------------


def _related_fields(form_class):
    for name, field in form_class.base_fields.items():
        widget = field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        yield name, field, widget


@pytest.mark.parametrize("who", ["network_admin", "admin_a"])
def test_every_admin_form_checks_the_ids_it_is_posted(request, world, who):
    """A new autocomplete or many-to-many field in any admin form gets the same protection."""
    user = request.getfixturevalue(who)
    http = RequestFactory().get("/admin/")
    http.user = user
    checked = []
    for model, model_admin in admin.site._registry.items():
        for obj in (None, model_admin.get_queryset(http).first()):
            if obj is None and not model_admin.has_add_permission(http):
                continue
            if obj is not None and not model_admin.has_view_permission(http, obj):
                continue
            forms = [model_admin.get_form(http, obj, change=obj is not None)]
            forms += [
                inline.get_formset(http, obj).form
                for inline in model_admin.get_inline_instances(http, obj)
            ]
            for form_class in forms:
                for name, field, widget in _related_fields(form_class):
                    where = f"{model.__name__}.{name}"
                    if isinstance(field, ModelMultipleChoiceField):
                        assert isinstance(field, ModelChoicesField), where
                    if isinstance(widget, AutocompleteSelectMultiple):
                        assert isinstance(widget, KeyCheckedAutocompleteSelectMultiple), where
                    elif isinstance(widget, AutocompleteSelect):
                        assert isinstance(widget, KeyCheckedAutocompleteSelect), where
                    checked.append(where)
    # The sweep did reach the fields this file posts bad ids to.
    assert {"Course.themes", "Course.languages", "Offering.course"} <= set(checked)
    if who == "network_admin":
        assert {"Course.centre", "Membership.user", "User.groups", "Group.permissions"} <= set(
            checked
        )


# --- the rule itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "possible"),
    [
        ("9223372036854775807", True),
        ("-9223372036854775808", True),
        ("9223372036854775808", False),
        ("-9223372036854775809", False),
        ("-1", True),
        (" 7 ", True),
        ("abc", False),
        ("1.5", False),
        ("", False),
    ],
)
def test_a_possible_course_id_is_a_number_within_the_database_range(db, value, possible):
    # Course ids are BigAutoField: 64 bits on SQLite and on PostgreSQL.
    assert is_possible_key(Course.objects.all(), value) is possible
