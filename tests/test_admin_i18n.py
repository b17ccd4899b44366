"""The scoped admin in the centre admin's language: our app's name, our models and fields, the
list filters and the requests' timelines, none of them left in English; and a check that every
field and model of `courses` has a translatable name, so that a new one without it fails."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise

from courses.models import ResourceAccessGrant, ResourceAccessRequest
from courses.services.library import access_request_grant, access_request_submit
from courses.services.preferences import preferences_update

from .admin_world import admin_url
from .factories import make_course, make_offering
from .resource_factories import make_resource
from .test_instructors import ask, make_instructor

pytestmark = pytest.mark.django_db

# What the audit found in English on the Vietnamese admin (labels as the admin capitalises them).
ENGLISH_FIELD_LABELS = [
    "Requesting centre",
    "Requested by",
    "Decided by",
    "Decided at",
    "Created at",
    "Updated at",
]


@pytest.fixture
def client_vi(client, admin_a):
    """Centre A's admin, reading the admin in Vietnamese in Ho Chi Minh City's time."""
    preferences_update(user=admin_a, by=admin_a, language="vi", time_zone="Asia/Ho_Chi_Minh")
    client.force_login(admin_a)
    return client


def _page(client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return unescape(response.content.decode())


def _text(html: str) -> str:
    """The page's words without its markup (attributes such as name="action" are not text)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_admin_index_names_our_app_in_vietnamese(client_vi):
    page = _text(_page(client_vi, reverse("admin:index")))
    assert "APCN training" not in page
    assert "Đào tạo APCN" in page


def test_the_offering_list_filters_by_country_in_vietnamese(client_vi, centre_a):
    make_offering(make_course(centre_a))
    page = _text(_page(client_vi, reverse("admin:courses_offering_changelist")))
    assert "country" not in page
    assert "Bởi quốc gia" in page


def test_an_offering_form_names_its_record_fields_in_vietnamese(client_vi, centre_a):
    offering = make_offering(make_course(centre_a))
    page = _text(_page(client_vi, admin_url(offering, "change")))
    for english in ("Partner seats taken", "Created by", "Created at", "Updated at"):
        assert english not in page
    assert "Số suất đối tác đã dùng" in page


def test_a_resource_access_request_page_and_its_timeline_are_in_vietnamese(
    client_vi, centre_a, trainer_b, admin_a
):
    resource = make_resource(centre_a, visibility="centre", title="Kế hoạch bài giảng")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="Please.")
    access_request_grant(access_request=access_request, by=admin_a, response="Yes.")
    page = _text(_page(client_vi, admin_url(access_request, "change")))

    for english in [
        *ENGLISH_FIELD_LABELS,
        "Response",
        "Resource",
        "asks for",
        "Timeline",
        "Action",
        "From status",
        "To status",
        "Note",
        "requested →",
    ]:
        assert english not in page, english
    # The heading (the request's name), its fields and the timeline's heading and columns.
    assert "BPOC yêu cầu Kế hoạch bài giảng" in page
    for vietnamese in ["Trung tâm yêu cầu", "Người yêu cầu", "Người quyết định", "Quyết định lúc"]:
        assert vietnamese in page
    for vietnamese in ["Diễn biến", "Thao tác", "Từ trạng thái", "Sang trạng thái", "Ghi chú"]:
        assert vietnamese in page
    # Each timeline row's caption names the statuses and the reader's local time, as the rest
    # of the page does, not UTC.
    event = access_request.events.order_by("pk").last()
    with translation.override("vi"), timezone.override("Asia/Ho_Chi_Minh"):
        local = formats.date_format(timezone.localtime(event.created_at), "DATETIME_FORMAT")
        caption = f"{event.get_from_status_display()} → {event.get_to_status_display()}"
    assert f"{caption} ({local})" in page
    utc = event.created_at.astimezone(datetime.UTC)
    assert f"{utc:%Y-%m-%d %H:%M}" not in page


def test_an_instructor_request_and_a_grant_are_named_in_the_readers_language(
    centre_a, centre_b, trainer_b, admin_a
):
    instructor_request = ask(make_instructor(centre_a), trainer_b)
    resource = make_resource(centre_a, visibility="centre", title="Kế hoạch bài giảng")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="Please.")
    access_request_grant(access_request=access_request, by=admin_a, response="Yes.")
    grant = ResourceAccessGrant.objects.get(resource=resource, centre=centre_b)
    with translation.override("vi"):
        assert str(instructor_request) == "BPOC xin Gender adviser"
        assert str(grant) == "BPOC được xem Kế hoạch bài giảng"
        assert str(ResourceAccessGrant._meta.verbose_name_plural) == "quyền truy cập tài liệu"
    with translation.override("en"):
        assert str(grant) == "BPOC may see Kế hoạch bài giảng"


# --- Every name of `courses` is translatable ---------------------------------------------------


def _is_generated_by_simple_history(model, field) -> bool:
    # django-simple-history adds these to each Historical<Model> (with its own names); the
    # fields copied from our models are checked with them.
    return hasattr(model, "instance_type") and field.name.startswith("history_")


def test_every_model_and_field_of_courses_has_a_translatable_name():
    untranslatable = []
    for model in apps.get_app_config("courses").get_models():
        for name in ("verbose_name", "verbose_name_plural"):
            if not isinstance(model._meta.original_attrs.get(name), Promise):
                untranslatable.append(f"{model.__name__}.Meta.{name}")
        for field in [*model._meta.concrete_fields, *model._meta.local_many_to_many]:
            if field.auto_created or _is_generated_by_simple_history(model, field):
                continue
            if not isinstance(field.verbose_name, Promise):
                untranslatable.append(f"{model.__name__}.{field.name}")
    assert not untranslatable, f"give these a verbose_name=_(...): {untranslatable}"


def test_our_app_has_a_translatable_name():
    assert isinstance(apps.get_app_config("courses").verbose_name, Promise)
    assert ResourceAccessRequest._meta.app_config.verbose_name == "APCN training"
