"""Hostile and oversized uploads are refused with a clear message, and nothing is stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.demo.files import mp4_bytes, pdf_bytes, png_bytes, zip_bytes
from courses.exceptions import DomainError
from courses.models import Language, Resource, Theme
from courses.uploads import UploadRefused, check_upload

from .resource_factories import make_resource

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240
HTML = b"<!DOCTYPE html><html><head><script>alert(document.cookie)</script></head></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
PASSWD = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def form_data(**overrides):
    data = {
        "title": "Uploaded material",
        "description": "",
        "kind": "handbook",
        "themes": [Theme.objects.get(slug="peacekeeper-safety").pk],
        "language": Language.objects.get(code="en").pk,
        "version_label": "",
        "visibility": "network",
        "external_url": "",
    }
    data.update(overrides)
    return data


HOSTILE = [
    ("setup.pdf", EXE, "a program"),
    ("handbook.docx", HTML, "a web page (HTML)"),
    ("diagram.svg", SVG, "an SVG image"),
    ("../../etc/passwd.pdf", PASSWD, "not a .pdf file"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_hostile_upload_is_refused_on_the_form_and_nothing_is_stored(
    client, settings, trainer_a, name, content, message
):
    client.force_login(trainer_a)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(reverse("resource-create"), form_data(file=upload))
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert Resource.objects.count() == 0
    assert stored_files(settings) == []
    # The rest of the input is kept for the next try.
    assert response.context["form"]["title"].value() == "Uploaded material"


def test_oversized_upload_is_refused_with_the_limit_in_the_message(client, settings, trainer_a):
    settings.RESOURCE_MAX_UPLOAD_BYTES = 1024
    client.force_login(trainer_a)
    upload = SimpleUploadedFile("big.pdf", pdf_bytes() + b"%" * 2048)
    response = client.post(reverse("resource-create"), form_data(file=upload))
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "the largest file you can upload is 1.0\xa0KB" in error
    assert Resource.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_the_service_refuses_hostile_files_too(settings, centre_a, name, content, message):
    # Management commands and the admin call the service directly, without the form.
    with pytest.raises(DomainError) as refused:
        make_resource(centre_a, file=SimpleUploadedFile(name, content))
    assert message in refused.value.message
    assert refused.value.field == "file"
    assert Resource.objects.count() == 0
    assert stored_files(settings) == []


def test_a_path_in_the_file_name_is_refused_even_with_real_pdf_content():
    # Django's upload handlers already drop folders from a browser's file name; a File built
    # elsewhere (a command, an import) keeps them, and is refused.
    with pytest.raises(UploadRefused, match="folder path"):
        check_upload(File(io.BytesIO(pdf_bytes()), name="../../etc/passwd.pdf"))


def test_a_real_pdf_posted_as_a_path_is_written_only_under_a_generated_name(
    client, settings, trainer_a
):
    client.force_login(trainer_a)
    upload = SimpleUploadedFile("../../etc/passwd.pdf", pdf_bytes())
    response = client.post(reverse("resource-create"), form_data(file=upload))
    resource = Resource.objects.get()
    assert response.status_code == 302
    [stored] = stored_files(settings)
    assert stored.parent == Path(settings.MEDIA_ROOT) / "resources"
    assert "passwd" not in stored.name
    assert resource.original_filename == "passwd.pdf"


def test_a_script_named_like_a_document_is_refused():
    with pytest.raises(UploadRefused):
        check_upload(SimpleUploadedFile("notes.odt", b"#!/bin/sh\nrm -rf /\n"))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", pdf_bytes(), "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("drill.mp4", mp4_bytes(), "video/mp4"),
        ("exercise.zip", zip_bytes(), "application/zip"),
        (
            "briefing.pptx",
            zip_bytes({"[Content_Types].xml": "<Types/>"}),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_training_formats_are_accepted_with_a_content_type_of_our_choosing(
    name, content, content_type
):
    checked = check_upload(SimpleUploadedFile(name, content, content_type="text/html"))
    assert checked.content_type == content_type


def test_an_accepted_file_is_stored_under_a_generated_name(settings, centre_a):
    resource = make_resource(
        centre_a, file=SimpleUploadedFile("My Lesson <plan> ÜN.pdf", pdf_bytes())
    )
    assert resource.file.name.startswith("resources/")
    assert resource.file.name.endswith(".pdf")
    assert "Lesson" not in resource.file.name
    assert resource.original_filename == "My Lesson _plan_ ÜN.pdf"
    [stored] = stored_files(settings)
    assert stored.read_bytes().startswith(b"%PDF")


def test_a_file_and_a_link_together_are_refused(client, settings, trainer_a):
    client.force_login(trainer_a)
    upload = SimpleUploadedFile("plan.pdf", pdf_bytes())
    response = client.post(
        reverse("resource-create"), form_data(file=upload, external_url="https://example.org/x")
    )
    assert "not both" in str(response.context["form"].errors["external_url"])
    assert Resource.objects.count() == 0
    assert stored_files(settings) == []


def test_a_non_web_link_is_refused(client, trainer_a):
    client.force_login(trainer_a)
    response = client.post(
        reverse("resource-create"), form_data(external_url="ftp://files.example.org/plan.pdf")
    )
    assert response.status_code == 200
    assert "http" in str(response.context["form"].errors["external_url"])
    assert Resource.objects.count() == 0


def test_the_database_refuses_a_resource_with_both_a_file_and_a_link(centre_a):
    from django.db import IntegrityError, transaction

    resource = make_resource(centre_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(external_url="https://example.org/")
