"""Who sees which resource: the full matrix of viewer x visibility x page.

Anonymous, a member of the owner centre, a member of a centre granted access, a member of another
centre and the network admin, against public, network and centre-only resources, on the list,
the page, the download and the edit form. What may not be seen is absent from the list and a 404
on its URLs (a login redirect for the anonymous visitor on pages that need an account).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import ResourceAccessGrant

from .factories import make_user
from .resource_factories import make_resource

VIEWERS = ["anonymous", "same_centre", "granted_centre", "other_centre", "superuser"]
VISIBILITIES = ["public", "network", "centre"]

# (viewer, visibility) -> may see (list, detail, download)
MAY_SEE = {
    ("anonymous", "public"): True,
    ("anonymous", "network"): False,
    ("anonymous", "centre"): False,
    ("same_centre", "public"): True,
    ("same_centre", "network"): True,
    ("same_centre", "centre"): True,
    ("granted_centre", "public"): True,
    ("granted_centre", "network"): True,
    ("granted_centre", "centre"): True,
    ("other_centre", "public"): True,
    ("other_centre", "network"): True,
    ("other_centre", "centre"): False,
    ("superuser", "public"): True,
    ("superuser", "network"): True,
    ("superuser", "centre"): True,
}
MAY_EDIT = {"same_centre", "superuser"}


def may_list(viewer: str, visibility: str) -> bool:
    """Listed in the library: what the viewer may see, and for a member of any centre the
    other centres' centre-only resources too (title, owner and kind, to ask for them)."""
    return MAY_SEE[(viewer, visibility)] or (viewer != "anonymous" and visibility == "centre")


@pytest.fixture
def world(centre_a, centre_b, centre_c, trainer_a, trainer_b, trainer_c, network_admin):
    resources = {
        visibility: make_resource(
            centre_a, by=trainer_a, visibility=visibility, title=f"Material {visibility}"
        )
        for visibility in VISIBILITIES
    }
    # Centre B was granted every resource of A; centre C was granted nothing.
    for resource in resources.values():
        ResourceAccessGrant.objects.create(resource=resource, centre=centre_b)
    users = {
        "anonymous": None,
        "same_centre": make_user("colleague-a", centre=centre_a),
        "granted_centre": trainer_b,
        "other_centre": trainer_c,
        "superuser": network_admin,
    }
    return resources, users


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_list_shows_what_the_viewer_may_list(client, world, viewer, visibility):
    resources, users = world
    resource = resources[visibility]
    resource.description = f"Secret notes {visibility}"
    resource.save(update_fields=["description"])
    response = _client(client, users[viewer]).get(reverse("resource-list"))
    assert response.status_code == 200
    listed = {r.pk for r in response.context["resources"]}
    assert (resource.pk in listed) is may_list(viewer, visibility)
    page = response.content.decode()
    assert (resource.title in page) is may_list(viewer, visibility)
    # The description goes only to those who may see the resource.
    assert (f"Secret notes {visibility}" in page) is MAY_SEE[(viewer, visibility)]
    ask = reverse("resource-request-access", args=[resource.pk])
    assert (ask in page) is (may_list(viewer, visibility) and not MAY_SEE[(viewer, visibility)])


def _refused_or(allowed: int, viewer: str, visibility: str, *, listed: bool = False) -> int:
    # A visitor is asked to log in (the resource may be theirs once logged in); a member who
    # may not see the resource gets 404, which tells nothing about it.
    if MAY_SEE[(viewer, visibility)] or (listed and may_list(viewer, visibility)):
        return allowed
    return 302 if viewer == "anonymous" else 404


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_detail_is_a_404_unless_the_viewer_may_list_it(client, world, viewer, visibility):
    resources, users = world
    resource = resources[visibility]
    resource.description = "Secret notes"
    resource.save(update_fields=["description"])
    response = _client(client, users[viewer]).get(resource.get_absolute_url())
    assert response.status_code == _refused_or(200, viewer, visibility, listed=True)
    if response.status_code == 200:
        page = response.content.decode()
        assert resource.title in page
        assert resource.owner_centre.name in page
        may_see = MAY_SEE[(viewer, visibility)]
        # Listed only: the way to ask for it, never its description or its file.
        assert ("Secret notes" in page) is may_see
        assert (reverse("resource-download", args=[resource.pk]) in page) is may_see
        assert ("Ask for access" in page) is not may_see


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_download_is_a_404_unless_the_viewer_may_see_it(client, world, viewer, visibility):
    resources, users = world
    resource = resources[visibility]
    response = _client(client, users[viewer]).get(reverse("resource-download", args=[resource.pk]))
    resource.refresh_from_db()
    if MAY_SEE[(viewer, visibility)]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert resource.download_count == 1
    else:
        assert response.status_code == _refused_or(200, viewer, visibility)
        assert resource.download_count == 0


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_the_owner_centre_and_the_network_admin_may_edit(client, world, viewer, visibility):
    resources, users = world
    resource = resources[visibility]
    url = reverse("resource-edit", args=[resource.pk])
    c = _client(client, users[viewer])
    response = c.get(url)
    if viewer == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif viewer in MAY_EDIT:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    # A POST from someone who may not edit changes nothing.
    c.post(url, {"title": "Taken over", "kind": "other"})
    resource.refresh_from_db()
    assert resource.title == f"Material {visibility}"


def test_a_grant_to_another_centre_does_not_open_the_resource_to_a_third(
    client, centre_a, centre_b, trainer_a, trainer_c
):
    resource = make_resource(centre_a, by=trainer_a, visibility="centre")
    ResourceAccessGrant.objects.create(resource=resource, centre=centre_b)
    client.force_login(trainer_c)
    assert client.get(reverse("resource-download", args=[resource.pk])).status_code == 404
    # C finds it listed, with the way to ask for it, and not its file.
    page = client.get(resource.get_absolute_url()).content.decode()
    assert reverse("resource-request-access", args=[resource.pk]) in page
    assert reverse("resource-download", args=[resource.pk]) not in page


def test_a_search_word_found_only_in_a_hidden_description_finds_nothing(
    client, centre_a, trainer_a, trainer_c
):
    hidden = make_resource(centre_a, by=trainer_a, visibility="centre", title="Field notes")
    hidden.description = "Codeword kingfisher"
    hidden.save(update_fields=["description"])
    client.force_login(trainer_c)
    found = client.get(reverse("resource-list"), {"q": "kingfisher"}).context["resources"]
    assert [r.pk for r in found] == []
    by_title = client.get(reverse("resource-list"), {"q": "field"}).context["resources"]
    assert [r.pk for r in by_title] == [hidden.pk]
    client.force_login(trainer_a)
    own = client.get(reverse("resource-list"), {"q": "kingfisher"}).context["resources"]
    assert [r.pk for r in own] == [hidden.pk]


def test_a_theme_filter_does_not_tell_the_themes_of_a_resource_listed_only(
    client, centre_a, trainer_a, trainer_c
):
    hidden = make_resource(centre_a, by=trainer_a, visibility="centre", title="Field notes")
    [theme] = hidden.themes.all()[:1]
    client.force_login(trainer_c)
    listed = client.get(reverse("resource-list")).context["resources"]
    assert hidden.pk in [r.pk for r in listed]
    filtered = client.get(reverse("resource-list"), {"theme": theme.slug}).context["resources"]
    assert hidden.pk not in [r.pk for r in filtered]
    client.force_login(trainer_a)
    own = client.get(reverse("resource-list"), {"theme": theme.slug}).context["resources"]
    assert [r.pk for r in own] == [hidden.pk]


def test_a_package_filter_does_not_tell_the_edition_of_a_resource_listed_only(
    client, centre_a, trainer_a, trainer_c
):
    import datetime

    from courses.models import UNPackageEdition, UNTrainingPackage

    cptm = UNTrainingPackage.objects.get(slug="cptm")
    edition = UNPackageEdition.objects.create(
        package=cptm, label="2017", release_date=datetime.date(2017, 1, 1)
    )
    hidden = make_resource(centre_a, by=trainer_a, visibility="centre", title="Field notes")
    hidden.un_edition = edition
    hidden.save(update_fields=["un_edition"])
    client.force_login(trainer_c)
    listed = client.get(reverse("resource-list")).context["resources"]
    assert hidden.pk in [r.pk for r in listed]
    filtered = client.get(reverse("resource-list"), {"un_package": "cptm"}).context["resources"]
    assert hidden.pk not in [r.pk for r in filtered]
    client.force_login(trainer_a)
    own = client.get(reverse("resource-list"), {"un_package": "cptm"}).context["resources"]
    assert [r.pk for r in own] == [hidden.pk]


def test_an_archived_or_older_centre_only_resource_of_another_centre_is_not_listed(
    client, centre_a, trainer_a, trainer_c
):
    archived = make_resource(centre_a, by=trainer_a, visibility="centre", title="Old plan")
    archived.is_archived = True
    archived.save(update_fields=["is_archived"])
    client.force_login(trainer_c)
    assert archived.pk not in {
        r.pk for r in client.get(reverse("resource-list")).context["resources"]
    }
    assert client.get(archived.get_absolute_url()).status_code == 404


def test_a_signed_in_user_of_no_centre_sees_only_public_resources(client, centre_a, outsider):
    public = make_resource(centre_a, visibility="public", title="Public one")
    network = make_resource(centre_a, visibility="network", title="Network one")
    client.force_login(outsider)
    listed = {r.pk for r in client.get(reverse("resource-list")).context["resources"]}
    assert listed == {public.pk}
    assert client.get(network.get_absolute_url()).status_code == 404
