"""UN training packages and their editions: the network admin's reference data; courses and
resources name the edition they teach or are; an older edition's resource is marked."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import UNPackageEdition, UNTrainingPackage
from courses.services import course_update
from courses.services.un import un_edition_save, un_package_save

from .factories import make_course
from .resource_factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def cptm(db):
    return UNTrainingPackage.objects.get(slug="cptm")


def edition(package, label: str, year: int) -> UNPackageEdition:
    return un_edition_save(
        edition=UNPackageEdition(),
        by=None,
        package=package,
        label=label,
        release_date=datetime.date(year, 1, 1),
    )


def test_the_real_packages_are_seeded(db):
    names = set(UNTrainingPackage.objects.values_list("name", flat=True))
    assert "Core Pre-Deployment Training Materials" in names
    assert "STM for UN Staff Officers" in names
    assert "STM on Protection of Civilians" in names


def test_only_the_network_admin_changes_packages_and_editions(cptm, admin_a, network_admin):
    with pytest.raises(DomainError):
        un_package_save(package=cptm, by=admin_a, name="Renamed", slug="cptm", kind="cptm")
    with pytest.raises(DomainError):
        un_edition_save(
            edition=UNPackageEdition(),
            by=admin_a,
            package=cptm,
            label="2017",
            release_date=datetime.date(2017, 1, 1),
        )
    assert (
        UNTrainingPackage.objects.get(pk=cptm.pk).name == "Core Pre-Deployment Training Materials"
    )
    assert not UNPackageEdition.objects.exists()
    un_edition_save(
        edition=UNPackageEdition(),
        by=network_admin,
        package=cptm,
        label="2017",
        release_date=datetime.date(2017, 1, 1),
    )
    assert UNPackageEdition.objects.count() == 1


def test_the_admin_lets_only_the_network_admin_write_packages(client, cptm, admin_a, network_admin):
    add = reverse("admin:courses_untrainingpackage_add")
    change = reverse("admin:courses_untrainingpackage_change", args=[cptm.pk])
    data = {
        "name": "STM on Gender",
        "short_name": "",
        "slug": "stm-gender",
        "kind": "stm",
        "description": "",
        "editions-TOTAL_FORMS": "0",
        "editions-INITIAL_FORMS": "0",
    }
    client.force_login(admin_a)
    assert client.get(add).status_code == 403
    assert client.post(add, data).status_code == 403
    assert client.post(change, {**data, "slug": "cptm"}).status_code in (302, 403)
    assert not UNTrainingPackage.objects.filter(slug="stm-gender").exists()
    assert (
        UNTrainingPackage.objects.get(pk=cptm.pk).name == "Core Pre-Deployment Training Materials"
    )

    client.force_login(network_admin)
    response = client.post(add, data)
    assert response.status_code == 302
    assert UNTrainingPackage.objects.filter(slug="stm-gender", kind="stm").exists()
    response = client.post(
        reverse("admin:courses_unpackageedition_add"),
        {"package": cptm.pk, "label": "2017", "release_date": "2017-01-01"},
    )
    assert response.status_code == 302
    assert cptm.editions.get().label == "2017"


def test_a_resource_of_an_older_edition_is_marked_the_newest_is_not(client, centre_a, cptm):
    old, new = edition(cptm, "2009", 2009), edition(cptm, "2017", 2017)
    old_resource = make_resource(
        centre_a, title="CPTM briefing 2009", un_edition=old, visibility="public"
    )
    new_resource = make_resource(
        centre_a, title="CPTM briefing 2017", un_edition=new, visibility="public"
    )
    make_resource(centre_a, title="No package", visibility="public")

    old_page = client.get(old_resource.get_absolute_url()).content.decode()
    assert "A newer edition exists: Core Pre-Deployment Training Materials 2017" in old_page
    new_page = client.get(new_resource.get_absolute_url()).content.decode()
    assert "A newer edition exists" not in new_page
    library = client.get("/resources/").content.decode()
    assert library.count("A newer edition exists: 2017") == 1

    # A newer edition marks every older resource at once: derived when read.
    edition(cptm, "2023", 2023)
    library = client.get("/resources/").content.decode()
    assert library.count("A newer edition exists: 2023") == 2
    api = client.get(f"/api/v1/resources/{new_resource.pk}/").json()
    assert api["newer_un_edition"] == "2023"
    assert api["un_edition"]["label"] == "2017"


def test_catalog_and_library_filter_by_package(client, centre_a, cptm):
    staff = UNTrainingPackage.objects.get(slug="stm-staff-officers")
    cptm_2017 = edition(cptm, "2017", 2017)
    staff_2020 = edition(staff, "2020", 2020)
    make_course(centre_a, title="Pre-deployment course", un_edition=cptm_2017)
    make_course(centre_a, title="Staff officers course", un_edition=staff_2020)
    make_course(centre_a, title="Other course")
    response = client.get("/courses/", {"un_package": "cptm"})
    assert [c.title for c in response.context["courses"]] == ["Pre-deployment course"]
    response = client.get("/courses/", {"un_package": ["cptm", "stm-staff-officers"]})
    assert len(response.context["courses"]) == 2
    response = client.get("/courses/", {"un_package": "no-such-package"})
    assert response.status_code == 400
    assert "un_package" in response.context["form"].errors

    make_resource(centre_a, title="CPTM module", un_edition=cptm_2017, visibility="public")
    make_resource(centre_a, title="Unrelated handout", visibility="public")
    response = client.get("/resources/", {"un_package": "cptm"})
    assert [r.title for r in response.context["resources"]] == ["CPTM module"]


def test_a_trainer_chooses_the_edition_on_the_course_form(client, centre_a, trainer_a, cptm):
    cptm_2017 = edition(cptm, "2017", 2017)
    course = make_course(centre_a, title="Induction")
    client.force_login(trainer_a)
    page = client.get(reverse("course-edit", kwargs={"slug": course.slug})).content.decode()
    assert "Core Pre-Deployment Training Materials (2017)" in page
    course_update(course=course, by=trainer_a, un_edition=cptm_2017)
    course.refresh_from_db()
    assert course.un_edition == cptm_2017
    assert (
        "Core Pre-Deployment Training Materials (2017)"
        in client.get(course.get_absolute_url()).content.decode()
    )
