"""Link resources are not an open redirect, and visitors' downloads are counted, not logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import Resource, ResourceDownload
from courses.services.library import resource_download_record, resource_upload

from .resource_factories import make_resource

LINK = "https://peacekeepingresourcehub.un.org/en/training/cptm"


def test_a_link_download_is_a_page_naming_the_site_never_a_redirect(client, centre_a):
    resource = make_resource(centre_a, file=None, external_url=LINK, visibility="public")
    response = client.get(
        reverse("resource-download", args=[resource.pk]) + "?next=https://evil.example/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are leaving for peacekeepingresourcehub.un.org" in html
    assert f'href="{LINK}"' in html
    assert 'href="https://evil.example' not in html
    assert "Location" not in response.headers


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/phish",
        "https://apcn.example@evil.example/login",
        "https://user:secret@example.org/",
        "https:///no-host",
        "http://exa mple.org/",
        "ftp://files.example.org/plan.pdf",
    ],
)
def test_only_well_formed_http_links_are_stored(centre_a, url):
    from courses.models import Language, Theme

    with pytest.raises(DomainError) as refused:
        resource_upload(
            centre=centre_a,
            by=None,
            title="A link",
            kind="handbook",
            language=Language.objects.get(code="en"),
            themes=[Theme.objects.get(slug="protection-of-civilians")],
            visibility="public",
            file=None,
            external_url=url,
        )
    assert "external_url" in refused.value.errors
    assert not Resource.objects.exists()


def test_a_stored_link_that_is_not_http_is_never_followed(client, centre_a):
    resource = make_resource(centre_a, file=None, external_url=LINK, visibility="public")
    # Written around the services (an old row, a raw import).
    Resource.objects.filter(pk=resource.pk).update(external_url="javascript:alert(1)")
    response = client.get(reverse("resource-download", args=[resource.pk]))
    assert response.status_code == 404
    assert b"javascript:" not in response.content


def test_visitors_downloads_are_counted_without_a_row_each(client, centre_a):
    resource = make_resource(centre_a, visibility="public")
    for _ in range(25):
        assert client.get(reverse("resource-download", args=[resource.pk])).status_code == 200
    resource.refresh_from_db()
    assert resource.download_count == 25
    assert ResourceDownload.objects.count() == 0


def test_members_downloads_keep_their_log_rows(centre_a, trainer_b):
    resource = make_resource(centre_a, visibility="network")
    for _ in range(2):
        resource_download_record(resource=resource, user=trainer_b)
    rows = ResourceDownload.objects.filter(resource=resource)
    assert [(row.user, row.centre) for row in rows] == [
        (trainer_b, trainer_b.membership.centre)
    ] * 2
