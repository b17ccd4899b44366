"""The resource library in the admin: scoped to the centre admin's centre, changes via services."""

from __future__ import annotations

import re

from django.urls import reverse

from courses.models import AccessRequestStatus, ResourceAccessGrant
from courses.services.library import access_request_submit

from .resource_factories import make_resource


def test_a_centre_admin_sees_only_its_centres_resources(client, centre_a, centre_b, admin_a):
    own = make_resource(centre_a, title="Our lesson plan", visibility="public")
    make_resource(centre_b, title="Their lesson plan", visibility="public")
    client.force_login(admin_a)
    page = client.get(reverse("admin:courses_resource_changelist"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["cl"].result_list] == [own.pk]


def test_an_admin_archive_action_goes_through_the_service(client, centre_a, admin_a):
    resource = make_resource(centre_a)
    client.force_login(admin_a)
    client.post(
        reverse("admin:courses_resource_changelist"),
        {"action": "archive", "_selected_action": [resource.pk]},
    )
    resource.refresh_from_db()
    assert resource.is_archived


def test_an_admin_grant_creates_the_grant(client, centre_a, centre_b, admin_a, trainer_b):
    resource = make_resource(centre_a, visibility="centre")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="Please.")
    client.force_login(admin_a)
    client.post(
        reverse("admin:courses_resourceaccessrequest_changelist"),
        {"action": "grant", "_selected_action": [access_request.pk]},
    )
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.GRANTED
    assert ResourceAccessGrant.objects.filter(resource=resource, centre=centre_b).exists()


def test_another_centres_admin_cannot_grant(client, centre_a, admin_b, trainer_c):
    resource = make_resource(centre_a, visibility="centre")
    access_request = access_request_submit(resource=resource, by=trainer_c, message="Please.")
    client.force_login(admin_b)
    client.post(
        reverse("admin:courses_resourceaccessrequest_changelist"),
        {"action": "grant", "_selected_action": [access_request.pk]},
    )
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.PENDING
    assert not ResourceAccessGrant.objects.exists()


def test_a_request_page_names_the_other_centre_and_person_without_dead_links(
    client, centre_a, centre_b, admin_a, trainer_b
):
    resource = make_resource(centre_a, title="Our lesson plan", visibility="centre")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="Please.")
    client.force_login(admin_a)
    url = reverse("admin:courses_resourceaccessrequest_change", args=[access_request.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # The requesting centre and its trainer are named, not linked to admin pages that this
    # centre admin cannot open.
    assert str(centre_b) in html
    assert (trainer_b.get_full_name() or trainer_b.username) in html
    for name, pk in (("centre", centre_b.pk), ("user", trainer_b.pk)):
        dead = reverse(
            f"admin:{'courses' if name == 'centre' else 'auth'}_{name}_change", args=[pk]
        )
        assert f'href="{dead}"' not in html
    # Each shown once, in its own row; nobody has decided yet: the admin's empty value.
    assert html.count("field-requesting_centre") == html.count("field-requested_by") == 1
    decided_by = re.search(r'field-decided_by.*?<div class="readonly">(.*?)</div>', html, re.S)
    assert decided_by[1].strip() == "-"
