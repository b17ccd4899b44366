"""The admin under hostile input: list filters, search and autocomplete never answer 500."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from .admin_world import build_world

HOSTILE = ["\x00", "a\x00b", "99999999999999999999", "2026-13-45", "\u200b"]


@pytest.fixture
def world(centre_a, centre_b, centre_c):
    return build_world(centre_a, centre_b, centre_c)


def _sweep(client, url: str, params: dict[str, str], failures: list[str]) -> None:
    try:
        response = client.get(url, params)
    except Exception as error:
        failures.append(f"{url} {params!r}: {type(error).__name__}: {error}")
        return
    if response.status_code >= 500:
        failures.append(f"{url} {params!r}: {response.status_code}")


def _changelist_parameters(client, model, model_admin) -> set[str]:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200, url
    names = {"q", "o", "p", "all", "_facets", "e"}
    for spec in response.context["cl"].filter_specs:
        names.update(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


@pytest.mark.parametrize("who", ["network_admin", "admin_a"])
def test_every_changelist_survives_hostile_filter_values(client, world, who, request):
    client.force_login(request.getfixturevalue(who))
    failures: list[str] = []
    swept = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(_request_for(client)):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in sorted(_changelist_parameters(client, model, model_admin)):
            for value in HOSTILE:
                _sweep(client, url, {name: value}, failures)
                swept += 1
        if model_admin.date_hierarchy:
            field = model_admin.date_hierarchy
            _sweep(client, url, {f"{field}__year": "99999", f"{field}__month": "12"}, failures)
            _sweep(client, url, {f"{field}__year": "9999", f"{field}__month": "12"}, failures)
            _sweep(
                client,
                url,
                {f"{field}__year": "9999", f"{field}__month": "12", f"{field}__day": "31"},
                failures,
            )
    assert swept > 500
    assert failures == [], "\n".join(failures)


def _request_for(client):
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.session = client.session
    request.user = get_user(request)
    return request


def test_every_autocomplete_survives_hostile_parameters(client, world, network_admin):
    client.force_login(network_admin)
    url = reverse("admin:autocomplete")
    failures: list[str] = []
    targets = []
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            targets.append((model._meta.app_label, model._meta.model_name, field_name))
    assert targets
    for app_label, model_name, field_name in targets:
        base = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
        for value in HOSTILE:
            _sweep(client, url, {**base, "term": value}, failures)
            _sweep(client, url, {**base, "term": "a", "page": value}, failures)
            for key in base:
                _sweep(client, url, {**base, key: value}, failures)
    assert failures == [], "\n".join(failures)


# --- "view on site" ----------------------------------------------------------------------


def _view_on_site(obj) -> str:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=(content_type.pk, obj.pk))


def test_view_on_site_opens_what_the_admin_may_see(client, world, admin_a):
    client.force_login(admin_a)
    response = client.get(_view_on_site(world.course_a))
    assert response.status_code == 302
    assert response["Location"] == world.course_a.get_absolute_url()
    # A published course of another centre is public.
    assert client.get(_view_on_site(world.course_b)).status_code == 302
    assert client.get(_view_on_site(world.request_a_to_b)).status_code == 302


def test_view_on_site_reveals_nothing_the_admin_may_not_see(client, world, admin_a, centre_b):
    from courses.models import Course, SeatRequest

    from .factories import make_course
    from .resource_factories import make_resource

    secret = make_course(centre_b, title="Secret Draft Operation", status="draft")
    private = make_resource(centre_b, visibility="centre", title="Internal plan")
    client.force_login(admin_a)
    missing_course = Course(pk=999999)
    missing_request = SeatRequest(pk=999999)
    answers = []
    for obj in [
        secret,
        secret.offerings.model(pk=0, course=secret),
        private,
        world.request_c_to_b,
        missing_course,
        missing_request,
    ]:
        response = client.get(_view_on_site(obj))
        answers.append(response.status_code)
        assert "secret-draft" not in response.get("Location", "")
        assert b"secret-draft" not in response.content
    # Hidden and missing read the same: not found.
    assert answers == [404] * 6


@pytest.mark.parametrize("content_type", ["abc", "99999999999999999999", "0"])
def test_view_on_site_with_an_impossible_content_type_is_not_found(
    client, world, network_admin, content_type
):
    client.force_login(network_admin)
    response = client.get(f"/admin/r/{content_type}/1/")
    assert response.status_code == 404


def test_view_on_site_with_an_impossible_object_id_is_not_found(client, world, network_admin):
    from django.contrib.contenttypes.models import ContentType

    from courses.models import Course

    client.force_login(network_admin)
    content_type = ContentType.objects.get_for_model(Course)
    for object_id in ["abc", "99999999999999999999", "-1"]:
        assert client.get(f"/admin/r/{content_type.pk}/{object_id}/").status_code == 404
