"""Decisions of courses/permissions.py that the matrix does not reach cell by cell, and the
places (navigation, request button, resource form, typed services) that ask them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from courses.exceptions import DomainError
from courses.forms import ResourceForm
from courses.models import CourseStatus
from courses.permissions import (
    admin_rows_q,
    may_use_admin,
    relatable_courses,
    shows_request_button,
)
from courses.services import centre_save, course_update, member_update, offering_update

from .factories import make_course, make_offering, make_user

pytestmark = pytest.mark.django_db


def test_the_admin_link_shows_only_for_those_who_use_the_admin(
    client, admin_a, trainer_a, network_admin
):
    # A staff flag given by hand, without a centre-admin membership, opens nothing.
    stray_staff = make_user("stray-staff", is_staff=True)
    for user, shown in (
        (admin_a, True),
        (network_admin, True),
        (trainer_a, False),
        (stray_staff, False),
    ):
        assert may_use_admin(user) is shown
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert (f'href="{reverse("admin:index")}"' in page) is shown, user.username


def test_a_stray_staff_user_reaches_no_admin_row(centre_a):
    stray_staff = make_user("stray-staff", is_staff=True)
    q = admin_rows_q(stray_staff, centre_path="centre", write=False)
    from courses.models import Course

    make_course(centre_a)
    assert not Course.objects.filter(q).exists()


def test_the_request_button_needs_both_the_side_and_an_open_offering(
    centre_a, trainer_a, trainer_b
):
    offering = make_offering(make_course(centre_a))
    assert shows_request_button(trainer_b, offering, refusal=None)
    assert not shows_request_button(trainer_b, offering, refusal="The deadline has passed.")
    assert not shows_request_button(trainer_a, offering, refusal=None)  # its own offering
    assert not shows_request_button(AnonymousUser(), offering, refusal=None)


def test_a_resource_relates_to_published_courses_and_its_own_centres_drafts_only(
    centre_a, centre_b
):
    published_b = make_course(centre_b, title="Published elsewhere")
    draft_b = make_course(centre_b, title="Draft elsewhere", status=CourseStatus.DRAFT)
    draft_a = make_course(centre_a, title="Own draft", status=CourseStatus.DRAFT)
    archived_a = make_course(centre_a, title="Own archived", status=CourseStatus.ARCHIVED)
    offered = set(relatable_courses(centre_a))
    assert published_b in offered and draft_a in offered
    assert draft_b not in offered and archived_a not in offered
    # The upload form offers exactly these.
    form_choices = set(ResourceForm(centre=centre_a).fields["related_courses"].queryset)
    assert form_choices == offered


def test_services_take_named_typed_fields_and_refuse_any_other(centre_a, trainer_a, admin_a):
    course = make_course(centre_a, summary="Before.")
    with pytest.raises(TypeError):
        course_update(course=course, by=trainer_a, centre=None)
    with pytest.raises(TypeError):
        offering_update(offering=make_offering(course), by=trainer_a, course=None)
    with pytest.raises(TypeError):
        centre_save(centre=centre_a, by=admin_a, network=True)
    with pytest.raises(TypeError):
        member_update(user=trainer_a, by=admin_a, is_superuser=True)


def test_a_field_left_out_of_an_update_keeps_its_value(centre_a, trainer_a):
    course = make_course(centre_a, summary="Kept summary.", prerequisites="Kept prerequisites.")
    updated = course_update(course=course, by=trainer_a, title="New title")
    assert (updated.title, updated.summary, updated.prerequisites) == (
        "New title",
        "Kept summary.",
        "Kept prerequisites.",
    )


def test_a_refusal_names_no_internal_detail_and_changes_nothing(centre_a, trainer_b):
    course = make_course(centre_a, summary="Untouched.")
    with pytest.raises(DomainError) as refusal:
        course_update(course=course, by=trainer_b, summary="Taken over.")
    assert refusal.value.message == "You may not change this course."
    course.refresh_from_db()
    assert course.summary == "Untouched."


# --- services the matrix does not call: each refuses a `by` who may not, and changes nothing --


def _refuses(call, count) -> None:
    before = count()
    with pytest.raises(DomainError):
        call()
    assert count() == before


def test_adding_an_offering_is_refused_to_another_centre(centre_a, trainer_b, admin_b):
    from courses.models import Offering
    from courses.services import offering_create

    course = make_course(centre_a)
    template = make_offering(course)
    values = {
        field: getattr(template, field)
        for field in (
            "start_date",
            "end_date",
            "city",
            "country",
            "application_deadline",
            "seats_total",
            "partner_seats",
        )
    }
    for user in (trainer_b, admin_b, AnonymousUser()):
        _refuses(
            lambda user=user: offering_create(course=course, by=user, **values),
            Offering.objects.count,
        )


def test_a_new_version_is_refused_to_another_centre(centre_a, trainer_b):
    from courses.demo.files import pdf_bytes, upload
    from courses.models import Resource
    from courses.services import resource_new_version

    from .resource_factories import make_resource

    resource = make_resource(centre_a)
    _refuses(
        lambda: resource_new_version(
            resource=resource,
            by=trainer_b,
            version_label="2.0",
            file=upload("v2.pdf", pdf_bytes("Version 2")),
        ),
        Resource.objects.count,
    )


def test_only_the_network_admin_adds_centres_and_sets_memberships(
    centre_a, admin_a, trainer_a, network_admin
):
    from courses.models import Centre, Membership
    from courses.services import centre_create, membership_remove

    def add(by):
        return centre_create(
            by=by, name="Delta Centre", short_name="DC", slug="delta", country="PH", city="Capas"
        )

    for user in (admin_a, trainer_a):
        _refuses(lambda user=user: add(user), Centre.objects.count)
        _refuses(
            lambda user=user: membership_remove(membership=trainer_a.membership, by=user),
            Membership.objects.count,
        )
    assert add(network_admin).slug == "delta"


def test_a_trainer_account_is_added_only_by_its_centres_admin(
    centre_a, admin_a, admin_b, trainer_a
):
    from django.contrib.auth import get_user_model

    from courses.services import trainer_create

    def create(by, username):
        return trainer_create(
            centre=centre_a, by=by, username=username, password="a-long-enough-passphrase-42"
        )

    for user in (admin_b, trainer_a):
        _refuses(lambda user=user: create(user, "sneaky"), get_user_model().objects.count)
    assert create(admin_a, "welcome").membership.centre == centre_a


def test_no_page_template_form_or_admin_decides_by_the_users_flags_itself():
    # "Is this the network admin? a centre admin?" is asked of permissions.py (is_network_admin,
    # may_use_admin ...); reading the flags elsewhere is a second policy that drifts.
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    allowed = {
        root / "courses" / "permissions.py",
        root / "courses" / "services" / "accounts.py",  # sets the flags of new accounts
    }
    flag = re.compile(r"\.(is_superuser|is_staff)\b")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder, pattern in (("courses", "*.py"), ("templates", "*.html"))
        for path in (root / folder).rglob(pattern)
        if path not in allowed and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if flag.search(line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_only_a_plain_visitor_is_answered_with_the_page_every_visitor_shares(settings):
    from django.contrib.messages.storage.cookie import CookieStorage

    from courses.permissions import may_share_visitors_page

    assert may_share_visitors_page(AnonymousUser(), {"theme": "dark"})
    assert not may_share_visitors_page(AnonymousUser(), {settings.SESSION_COOKIE_NAME: "abc"})
    assert not may_share_visitors_page(AnonymousUser(), {CookieStorage.cookie_name: "saved"})
    # Signed in some other way than a session cookie: still their own page.
    assert not may_share_visitors_page(make_user(), {})
