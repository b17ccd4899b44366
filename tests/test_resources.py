"""The resource library: sharing, editing, versions, archiving, downloads and their log."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.demo.files import pdf_bytes, zip_bytes
from courses.exceptions import DomainError
from courses.models import Language, Resource, ResourceAccessGrant, ResourceDownload, Theme
from courses.services.library import (
    resource_archive,
    resource_download_record,
    resource_new_version,
)
from courses.views.library import related_resources_context

from .factories import make_course
from .resource_factories import make_resource


def test_a_trainer_shares_a_file_for_the_centre(client, trainer_a, centre_a):
    course = make_course(centre_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-create"),
        {
            "title": "Convoy drill handbook",
            "description": "Drills for convoy commanders.",
            "kind": "handbook",
            "themes": [Theme.objects.get(slug="peacekeeper-safety").pk],
            "language": Language.objects.get(code="en").pk,
            "version_label": "1.0",
            "visibility": "centre",
            "related_courses": [course.pk],
            "file": SimpleUploadedFile("Convoy drills.pdf", pdf_bytes()),
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.owner_centre == centre_a
    assert resource.uploaded_by == trainer_a
    assert resource.content_type == "application/pdf"
    assert resource.original_filename == "Convoy drills.pdf"
    assert list(resource.related_courses.all()) == [course]
    page = client.get(resource.get_absolute_url())
    assert f'href="/courses/{course.slug}/"' in page.content.decode()


def test_a_user_of_no_centre_cannot_upload(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("resource-create")).status_code == 404


def test_upload_needs_a_file_or_a_link(client, trainer_a):
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-create"),
        {
            "title": "Nothing attached",
            "kind": "other",
            "themes": [Theme.objects.get(slug="peacekeeper-safety").pk],
            "language": Language.objects.get(code="en").pk,
            "visibility": "network",
        },
    )
    assert "Upload a file or give an external link." in response.context["form"].errors["file"]
    assert not Resource.objects.exists()


def test_download_is_an_attachment_with_a_safe_type_and_is_counted_and_logged(
    client, centre_a, centre_b, trainer_a, trainer_b
):
    resource = make_resource(
        centre_a, by=trainer_a, file=SimpleUploadedFile("Plan <v1>.pdf", pdf_bytes())
    )
    client.force_login(trainer_b)
    response = client.get(reverse("resource-download", args=[resource.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Plan _v1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    client.get(reverse("resource-download", args=[resource.pk]))
    resource.refresh_from_db()
    assert resource.download_count == 2
    log = list(ResourceDownload.objects.filter(resource=resource))
    assert len(log) == 2
    assert {(entry.user, entry.centre) for entry in log} == {(trainer_b, centre_b)}


def test_the_owner_sees_the_download_log_and_others_do_not(
    client, centre_a, trainer_a, trainer_b, admin_a
):
    resource = make_resource(centre_a, by=trainer_a, visibility="network")
    resource_download_record(resource=resource, user=trainer_b)
    client.force_login(admin_a)
    page = client.get(resource.get_absolute_url())
    assert [d.user for d in page.context["downloads"]] == [trainer_b]
    assert "Download log" in page.content.decode()
    client.force_login(trainer_b)
    page = client.get(resource.get_absolute_url())
    assert "downloads" not in page.context
    assert "Download log" not in page.content.decode()


def test_anonymous_download_of_a_public_resource_is_counted_without_a_log_row(client, centre_a):
    resource = make_resource(centre_a, visibility="public")
    client.get(reverse("resource-download", args=[resource.pk]))
    assert not ResourceDownload.objects.exists()
    resource.refresh_from_db()
    assert resource.download_count == 1


def test_an_external_link_is_counted_then_followed(client, centre_a, trainer_b):
    resource = make_resource(
        centre_a,
        file=None,
        external_url="https://peacekeepingresourcehub.un.org/en/training/cptm",
        visibility="network",
    )
    client.force_login(trainer_b)
    response = client.get(reverse("resource-download", args=[resource.pk]))
    # A page naming the site, with the stored link: never a redirect (see test_security_links).
    assert response.status_code == 200
    assert 'href="https://peacekeepingresourcehub.un.org/en/training/cptm"' in (
        response.content.decode()
    )
    resource.refresh_from_db()
    assert resource.download_count == 1


def test_a_new_version_supersedes_the_old_one_which_stays_downloadable(
    client, centre_a, centre_b, trainer_a, trainer_b
):
    old = make_resource(centre_a, by=trainer_a, visibility="centre", version_label="1.0")
    ResourceAccessGrant.objects.create(resource=old, centre=centre_b)
    new = resource_new_version(
        resource=old,
        by=trainer_a,
        version_label="2.0",
        file=SimpleUploadedFile("plan-v2.pdf", pdf_bytes("Version 2")),
    )
    old.refresh_from_db()
    assert old.is_superseded and not new.is_superseded
    assert new.replaces == old

    client.force_login(trainer_b)  # granted centre: the grant follows the material
    listed = [r.pk for r in client.get(reverse("resource-list")).context["resources"]]
    assert listed == [new.pk]
    page = client.get(new.get_absolute_url())
    assert [v.pk for v in page.context["history"]] == [new.pk, old.pk]
    old_page = client.get(old.get_absolute_url())
    assert old_page.context["latest"] == new
    download = client.get(reverse("resource-download", args=[old.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    old.refresh_from_db()
    assert old.download_count == 1


def test_a_superseded_version_cannot_get_a_second_newer_version(centre_a, trainer_a):
    old = make_resource(centre_a, by=trainer_a)
    resource_new_version(
        resource=old,
        by=trainer_a,
        version_label="2",
        external_url="https://example.org/v2",
    )
    with pytest.raises(DomainError, match="newer version already exists"):
        resource_new_version(
            resource=old,
            by=trainer_a,
            version_label="3",
            file=SimpleUploadedFile("x.zip", zip_bytes()),
        )
    assert Resource.objects.count() == 2


def test_new_version_through_the_form(client, centre_a, trainer_a):
    old = make_resource(centre_a, by=trainer_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-new-version", args=[old.pk]),
        {"version_label": "2026", "file": SimpleUploadedFile("plan.pdf", pdf_bytes())},
    )
    new = Resource.objects.get(replaces=old)
    assert response["Location"] == new.get_absolute_url()
    assert new.version_label == "2026"


def test_the_owner_edits_the_description_and_visibility(client, centre_a, trainer_a):
    resource = make_resource(centre_a, by=trainer_a, visibility="network")
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-edit", args=[resource.pk]),
        {
            "title": "Renamed lesson plan",
            "description": "Now with a POC annex.",
            "kind": "lesson-plan",
            "themes": [Theme.objects.get(slug="protection-of-civilians").pk],
            "language": Language.objects.get(code="en").pk,
            "visibility": "public",
            "version_label": "1.1",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.visibility) == ("Renamed lesson plan", "public")


def test_an_archived_resource_leaves_the_library_but_is_not_deleted(client, centre_a, trainer_a):
    resource = make_resource(centre_a, by=trainer_a, visibility="public")
    client.force_login(trainer_a)
    client.post(reverse("resource-archive", args=[resource.pk]), {"archived": "1"})
    resource.refresh_from_db()
    assert resource.is_archived
    assert resource.pk not in [
        r.pk for r in client.get(reverse("resource-list")).context["resources"]
    ]
    assert client.get(resource.get_absolute_url()).status_code == 200
    resource_archive(resource=resource, by=trainer_a, archived=False)
    assert resource.pk in [r.pk for r in client.get(reverse("resource-list")).context["resources"]]


def test_another_centre_cannot_archive(client, centre_a, trainer_b):
    resource = make_resource(centre_a, visibility="public")
    client.force_login(trainer_b)
    assert client.post(reverse("resource-archive", args=[resource.pk])).status_code == 404
    resource.refresh_from_db()
    assert not resource.is_archived


def test_library_filters_combine(client, centre_a, centre_b):
    wanted = make_resource(
        centre_b,
        visibility="public",
        title="Gender advisers handbook",
        kind="handbook",
        themes=[Theme.objects.get(slug="women-peace-security")],
    )
    make_resource(centre_b, visibility="public", title="Gender exercise", kind="exercise-scenario")
    make_resource(centre_a, visibility="public", title="Gender handbook of A", kind="handbook")
    response = client.get(
        reverse("resource-list"),
        {"q": "gender", "kind": "handbook", "centre": "bravo", "theme": "women-peace-security"},
    )
    assert [r.pk for r in response.context["resources"]] == [wanted.pk]
    assert response.context["querystring"]


def test_a_bad_filter_value_shows_the_field_not_a_server_error(client, centre_a):
    make_resource(centre_a, visibility="public")
    response = client.get(reverse("resource-list"), {"kind": "spaceship", "centre": "nowhere"})
    assert response.status_code == 200
    assert "kind" in response.context["filter"].form.errors
    assert "centre" in response.context["filter"].form.errors


def test_visibility_filter_never_widens_what_the_viewer_sees(client, centre_a):
    make_resource(centre_a, visibility="centre", title="Private")
    response = client.get(reverse("resource-list"), {"visibility": "centre"})
    assert list(response.context["resources"]) == []


def test_library_list_has_a_fixed_number_of_queries(
    client, centre_a, centre_b, trainer_b, django_assert_max_num_queries
):
    for n in range(12):
        make_resource(
            centre_a if n % 2 else centre_b,
            visibility=["public", "network", "centre"][n % 3],
            title=f"Material {n}",
        )
    client.force_login(trainer_b)
    # The same for 12 resources as for 1: among them one for the UN packages of the filter and
    # one for which listed resources the member may open (the others are listed only).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("resource-list"))
    assert response.status_code == 200


def test_course_page_helper_lists_related_resources_the_viewer_may_see(
    centre_a, trainer_b, trainer_a
):
    course = make_course(centre_a)
    public = make_resource(centre_a, visibility="public", title="Open", related_courses=[course])
    private = make_resource(centre_a, visibility="centre", title="Closed", related_courses=[course])
    make_resource(centre_a, visibility="public", title="Unrelated")
    from django.contrib.auth.models import AnonymousUser

    anonymous = related_resources_context(AnonymousUser(), course)
    assert anonymous["related_resources"] == [public]
    assert anonymous["requestable_resources"] == []
    other = related_resources_context(trainer_b, course)
    assert other["related_resources"] == [public]
    assert other["requestable_resources"] == [private]
    owner = related_resources_context(trainer_a, course)
    assert {r.pk for r in owner["related_resources"]} == {public.pk, private.pk}
    assert owner["requestable_resources"] == []


def test_a_missing_file_is_a_404_and_is_not_counted(client, centre_a):
    resource = make_resource(centre_a, visibility="public")
    resource.file.storage.delete(resource.file.name)
    response = client.get(reverse("resource-download", args=[resource.pk]))
    assert response.status_code == 404
    resource.refresh_from_db()
    assert resource.download_count == 0
    assert not ResourceDownload.objects.exists()


def test_a_version_shared_more_narrowly_is_left_out_of_the_history(
    client, centre_a, trainer_a, trainer_b
):
    old = make_resource(centre_a, by=trainer_a, visibility="centre", version_label="draft")
    new = resource_new_version(
        resource=old,
        by=trainer_a,
        version_label="1.0",
        visibility="network",
        file=SimpleUploadedFile("final.pdf", pdf_bytes()),
    )
    client.force_login(trainer_b)
    page = client.get(new.get_absolute_url())
    assert page.status_code == 200
    assert page.context["history"] == []  # only one version is visible: no history table
    assert client.get(old.get_absolute_url()).status_code == 404


def test_the_download_name_cannot_carry_quotes_or_new_header_lines(client, centre_a):
    resource = make_resource(
        centre_a,
        visibility="public",
        file=SimpleUploadedFile('plan"\r\nSet-Cookie: x=1.pdf', pdf_bytes()),
    )
    response = client.get(reverse("resource-download", args=[resource.pk]))
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count('"') == 2
    assert "Set-Cookie" not in response


def test_the_owner_changes_the_link_of_a_link_resource(client, centre_a, trainer_a):
    resource = make_resource(
        centre_a, by=trainer_a, file=None, external_url="https://example.org/old"
    )
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-edit", args=[resource.pk]),
        {
            "title": resource.title,
            "kind": resource.kind,
            "themes": [Theme.objects.get(slug="protection-of-civilians").pk],
            "language": Language.objects.get(code="en").pk,
            "visibility": "network",
            "external_url": "https://example.org/new",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.external_url == "https://example.org/new"


def test_asking_for_a_new_version_of_an_old_one_leads_to_the_latest(client, centre_a, trainer_a):
    old = make_resource(centre_a, by=trainer_a)
    new = resource_new_version(
        resource=old, by=trainer_a, version_label="2", external_url="https://example.org/v2"
    )
    client.force_login(trainer_a)
    response = client.get(reverse("resource-new-version", args=[old.pk]))
    assert response["Location"] == reverse("resource-new-version", args=[new.pk])


def test_the_service_refuses_an_upload_for_another_centre(centre_b, trainer_a):
    with pytest.raises(DomainError, match="owner centre"):
        make_resource(centre_b, by=trainer_a)
    assert not Resource.objects.exists()


@pytest.mark.parametrize("field", ["themes", "related_courses"])
def test_an_id_beyond_the_database_range_is_a_form_error_not_a_crash(client, trainer_a, field):
    client.force_login(trainer_a)
    data = {
        "title": "Convoy drill handbook",
        "kind": "handbook",
        "themes": [Theme.objects.get(slug="peacekeeper-safety").pk],
        "language": Language.objects.get(code="en").pk,
        "visibility": "network",
        "external_url": "https://example.org/handbook",
        field: ["-99999999999999999999"],
    }
    response = client.post(reverse("resource-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Resource.objects.exists()
