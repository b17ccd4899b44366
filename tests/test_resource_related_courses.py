"""The resource form's related courses: checkboxes, the centre's own courses first and open,
every other centre's folded under its name (open when one of its courses is ticked); no
Ctrl-click list, no JavaScript needed."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Language, Resource, Theme

from .factories import make_course
from .resource_factories import make_resource, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(centre_a, centre_b, centre_c):
    return {
        "own": make_course(centre_a, title="Our Convoy Course"),
        "own_draft": make_course(centre_a, title="Our Draft Course", status="draft"),
        "b": make_course(centre_b, title="Their Field Course"),
        "c": make_course(centre_c, title="Third Centre Course"),
        "c_draft": make_course(centre_c, title="Third Centre Draft", status="draft"),
    }


def _groups(html: str) -> tuple[str, list[str]]:
    """The part before the first folded centre, and each folded centre's <details> tag."""
    fieldset = html[html.index('class="field-set related-courses"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    own = fieldset.split("<details", 1)[0]
    return own, re.findall(r"<details[^>]*>\s*<summary>[^<]*", fieldset)


def test_own_courses_come_first_as_checkboxes_and_others_are_folded_by_centre(
    client, trainer_a, courses, centre_b, centre_c
):
    client.force_login(trainer_a)
    html = client.get(reverse("resource-create")).content.decode()
    assert (
        "<select" not in html.split('class="field-set related-courses"')[1].split("</fieldset>")[0]
    )
    assert "Hold Ctrl" not in html
    own, folded = _groups(html)
    assert "Courses of Alpha Peacekeeping Centre" in own
    assert f'type="checkbox" name="related_courses" value="{courses["own"].pk}"' in own
    assert "Our Draft Course" in own  # its own draft, which it is preparing
    assert [d.split("<summary>")[1].strip() for d in folded] == [centre_b.name, centre_c.name]
    assert all(" open" not in d.split("<summary>")[0] for d in folded)
    assert "Their Field Course" in html
    assert "Third Centre Draft" not in html  # never another centre's draft
    assert "Tick the courses this material is used in" in html


def test_ticked_courses_are_saved_and_a_ticked_centre_stays_open(client, trainer_a, courses):
    client.force_login(trainer_a)
    data = {
        "title": "Convoy drill handbook",
        "kind": "handbook",
        "themes": [Theme.objects.get(slug="peacekeeper-safety").pk],
        "language": Language.objects.get(code="en").pk,
        "visibility": "network",
        "related_courses": [courses["own"].pk, courses["b"].pk],
    }
    # With an error elsewhere (no file), the ticks are kept and the other centre stays open.
    response = client.post(reverse("resource-create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    _own, folded = _groups(html)
    assert [" open" in d.split("<summary>")[0] for d in folded] == [True, False]
    assert re.search(rf'value="{courses["b"].pk}"[^>]*checked', html)
    assert "1 ticked" in html
    data["file"] = SimpleUploadedFile("Convoy drills.pdf", pdf_bytes())
    response = client.post(reverse("resource-create"), data)
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert set(resource.related_courses.all()) == {courses["own"], courses["b"]}


def test_the_edit_form_opens_on_the_owner_centres_courses_and_the_ticked_ones(
    client, trainer_a, centre_a, centre_c, courses
):
    resource = make_resource(centre_a, title="Map reading", related_courses=[courses["c"]])
    client.force_login(trainer_a)
    html = client.get(reverse("resource-edit", args=[resource.pk])).content.decode()
    own, folded = _groups(html)
    assert "Our Convoy Course" in own
    opened = [d for d in folded if " open" in d.split("<summary>")[0]]
    assert len(opened) == 1
    assert centre_c.name in opened[0]
    assert re.search(rf'value="{courses["c"].pk}"[^>]*checked', html)
