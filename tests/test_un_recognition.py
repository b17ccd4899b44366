"""UN recognition of a course: status, certificate date, expiry, evidence, and the reminders
sent to the host centre before it runs out. The clock is the domain's (`as_of`)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import Course, OutboxMessage, UNRecognitionReminder, UserPreference
from courses.models.catalog import as_of
from courses.models.un import months_before
from courses.services import course_update
from courses.services.un import un_recognition_reminders_send

from .factories import make_course, make_offering
from .pages import result_titles

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"
CERTIFICATE = datetime.date(2025, 3, 10)
EXPIRY = datetime.date(2029, 3, 10)  # four years on
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def recognised(centre, **fields):
    values = {"un_status": "recognised", "un_certificate_date": CERTIFICATE}
    values.update(fields)
    return make_course(centre, **values)


def listed(client, **params) -> list[str]:
    return result_titles(client.get(CATALOG, params))


def test_expiry_defaults_to_four_years_after_the_certificate_and_stays_editable(centre_a):
    course = recognised(centre_a)
    assert course.un_expiry_date == EXPIRY
    other = recognised(centre_a, un_expiry_date=datetime.date(2027, 6, 30))
    assert Course.objects.get(pk=other.pk).un_expiry_date == datetime.date(2027, 6, 30)


def test_a_recognised_course_needs_its_certificate_date(centre_a, trainer_a):
    course = make_course(centre_a)
    with pytest.raises(DomainError) as refused:
        course_update(course=course, by=trainer_a, un_status="recognised")
    assert "un_certificate_date" in refused.value.errors
    assert Course.objects.get(pk=course.pk).un_status == "not-recognised"
    # The database holds the same rule, whatever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(un_status="recognised")


def test_the_catalog_filter_drops_a_recognition_past_its_expiry(client, centre_a):
    recognised(centre_a, title="Recognised course")
    make_course(centre_a, title="Applied course", un_status="applied")
    make_course(centre_a, title="Plain course")
    with as_of(EXPIRY):
        assert listed(client, un_recognised="1") == ["Recognised course"]
        assert Course.objects.un_recognised().count() == 1
    with as_of(EXPIRY + datetime.timedelta(days=1)):
        assert listed(client, un_recognised="1") == []
        assert len(listed(client)) == 3
    # The API's catalog reads the same parameter.
    with as_of(EXPIRY + datetime.timedelta(days=1)):
        response = client.get("/api/v1/courses/", {"un_recognised": "1"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_bad_un_recognised_value_is_a_form_error_not_a_500(client, centre_a):
    recognised(centre_a)
    response = client.get(CATALOG, {"un_recognised": "maybe"})
    assert response.status_code == 400  # the catalog's answer to a bad value: the form says why
    assert "un_recognised" in response.context["form"].errors
    assert "is not understood" in response.content.decode()


def test_the_course_page_shows_the_recognition_and_says_expired_when_past(client, centre_a):
    course = recognised(centre_a, title="Staff officers course")
    with as_of(EXPIRY - datetime.timedelta(days=1)):
        page = client.get(course.get_absolute_url()).content.decode()
    assert "UN recognised" in page
    assert "10 Mar 2029" in page
    assert "UN recognition expired" not in page
    with as_of(EXPIRY + datetime.timedelta(days=1)):
        page = client.get(course.get_absolute_url()).content.decode()
    assert "UN recognition expired" in page
    assert 'class="badge badge--un"' not in page


def test_a_catalog_row_loses_its_un_badge_the_day_after_expiry(client, centre_a):
    recognised(centre_a, title="Row course")
    with as_of(EXPIRY):
        assert 'badge--un"' in client.get(CATALOG).content.decode()
    with as_of(EXPIRY + datetime.timedelta(days=1)):
        assert 'badge--un"' not in client.get(CATALOG).content.decode()


def test_the_api_keeps_un_recognised_derived_and_adds_the_recognition(client, centre_a):
    course = recognised(centre_a)
    with as_of(EXPIRY + datetime.timedelta(days=1)):
        data = client.get(f"/api/v1/courses/{course.slug}/").json()
    assert data["un_recognised"] is False
    assert data["un_status"] == "recognised"
    assert data["un_expiry_date"] == EXPIRY.isoformat()


def test_evidence_is_for_network_members_not_the_public(client, centre_a, centre_b, trainer_b):
    course = recognised(
        centre_a,
        un_evidence=SimpleUploadedFile("certificate.pdf", MINIMAL_PDF, "application/pdf"),
    )
    url = reverse("course-un-evidence", kwargs={"slug": course.slug})
    assert client.get(url).status_code == 302  # a visitor is asked to sign in
    assert "course-un-evidence" not in client.get(course.get_absolute_url()).content.decode()
    client.force_login(trainer_b)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert url in client.get(course.get_absolute_url()).content.decode()


def test_evidence_that_is_not_what_its_name_says_is_refused(centre_a, trainer_a):
    course = make_course(centre_a)
    fake = SimpleUploadedFile("certificate.pdf", b"<html><script>x</script></html>", "text/html")
    with pytest.raises(DomainError) as refused:
        course_update(course=course, by=trainer_a, un_evidence=fake)
    assert "un_evidence" in refused.value.errors
    assert not Course.objects.get(pk=course.pk).un_evidence


# -- Reminders ----------------------------------------------------------------------------------


def reminders(course) -> list[int]:
    return list(
        UNRecognitionReminder.objects.filter(course=course)
        .order_by("-months_before")
        .values_list("months_before", flat=True)
    )


def test_months_before_keeps_the_day_or_the_months_last_day():
    assert months_before(EXPIRY, 6) == datetime.date(2028, 9, 10)
    assert months_before(datetime.date(2029, 8, 31), 6) == datetime.date(2029, 2, 28)


def test_reminders_go_six_months_and_one_month_before_expiry_each_once(
    centre_a, trainer_a, admin_a
):
    UserPreference.objects.create(user=trainer_a, language="vi")
    course = recognised(centre_a)
    make_offering(course)
    six, one = months_before(EXPIRY, 6), months_before(EXPIRY, 1)

    assert un_recognition_reminders_send(on=six - datetime.timedelta(days=1)) == 0
    assert un_recognition_reminders_send(on=six) == 1
    assert un_recognition_reminders_send(on=six) == 0  # the same day again: nothing new
    assert un_recognition_reminders_send(on=six + datetime.timedelta(days=20)) == 0
    assert reminders(course) == [6]
    assert un_recognition_reminders_send(on=one) == 1
    assert un_recognition_reminders_send(on=one + datetime.timedelta(days=3)) == 0
    assert un_recognition_reminders_send(on=EXPIRY + datetime.timedelta(days=1)) == 0
    assert reminders(course) == [6, 1]

    sent = OutboxMessage.objects.filter(topic="un_recognition_expiring")
    # Two reminders, each to the centre's members in their own language: Vietnamese for the
    # trainer, English for the centre admin and the centre's address.
    assert sent.count() == 4
    assert sorted(sent.values_list("language", flat=True)) == ["en", "en", "vi", "vi"]
    english = sent.filter(language="en")
    assert all(course.title in message.subject for message in english)
    assert {tuple(m.recipients) for m in sent.filter(language="vi")} == {(trainer_a.email,)}
    assert all(admin_a.email in m.recipients for m in english)
    assert "in 6 months" in english.order_by("pk").first().body_text
    assert "in 1 month," in english.order_by("pk").last().body_text


def test_a_recognition_entered_late_gets_only_the_last_reminder(centre_a):
    course = recognised(centre_a)
    assert un_recognition_reminders_send(on=months_before(EXPIRY, 1)) == 1
    assert reminders(course) == [1]


def test_a_renewed_recognition_is_reminded_afresh(centre_a):
    course = recognised(centre_a)
    un_recognition_reminders_send(on=months_before(EXPIRY, 1))
    renewed = datetime.date(2033, 3, 10)
    course_update(course=course, by=None, un_certificate_date=EXPIRY, un_expiry_date=renewed)
    assert un_recognition_reminders_send(on=months_before(renewed, 6)) == 1
    assert reminders(course) == [6, 1]


def test_the_daily_job_and_its_own_command_send_the_reminders(centre_a):
    course = recognised(centre_a)
    out = io.StringIO()
    with as_of(months_before(EXPIRY, 6)):
        call_command("refresh_next_offerings", stdout=out)
        call_command("send_un_reminders", stdout=out)
    assert "UN recognition reminders: 1 sent." in out.getvalue()
    assert "UN recognition reminders: 0 sent." in out.getvalue()
    assert reminders(course) == [6]
