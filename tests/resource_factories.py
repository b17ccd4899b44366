"""Builders for resource-library test data; they go through the services, as the product does."""

from __future__ import annotations

from courses.demo.files import pdf_bytes, upload
from courses.models import Centre, Language, Resource, Theme
from courses.services.library import resource_upload


def make_resource(centre: Centre, *, by=None, visibility: str = "network", **fields) -> Resource:
    values = {
        "title": "Protection of civilians lesson plan",
        "kind": "lesson-plan",
        "language": Language.objects.get(code="en"),
        "themes": [Theme.objects.get(slug="protection-of-civilians")],
        "visibility": visibility,
    }
    values.update(fields)
    if "file" not in values and "external_url" not in values:
        values["file"] = upload("lesson-plan.pdf", pdf_bytes("Lesson plan"))
    return resource_upload(centre=centre, by=by, **values)
