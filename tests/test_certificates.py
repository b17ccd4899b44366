"""Certificates of completion: issued when the host marks completion, only ever to a completed
participant (the services and the database), verifiable by anyone, revocable by the host,
downloadable as PDF by the two centres and the network admin."""

from __future__ import annotations

import io
import re

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from courses.exceptions import DomainError
from courses.models import Certificate, Participant
from courses.models.catalog import as_of
from courses.models.certificates import CODE_ALPHABET, normalize_certificate_code
from courses.services import attendance_record, certificate_revoke, participants_purge
from courses.services.certificates import certificate_issue

from . import test_attendance
from .test_attendance import NHUNG, SOMSRI

# The same world as the attendance tests: Bravo's Nhung and Somsri on Alpha's offering.
offering = test_attendance.offering
people = test_attendance.people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages checked here are English; a page another test opened in Thai leaves Thai on.
    with translation.override("en"):
        yield


@pytest.fixture
def completed(offering, people, trainer_a):
    """Nhung completed (and holds a certificate); Somsri only attended."""
    nhung, somsri = people
    with as_of(offering.start_date):
        attendance_record(
            offering=offering,
            by=trainer_a,
            changes={nhung.pk: "completed", somsri.pk: "attended"},
        )
    return Certificate.objects.get()


def verify_url(code: str) -> str:
    return reverse("certificate-verify", kwargs={"code": code})


def pdf_url(certificate) -> str:
    return reverse("certificate-pdf", kwargs={"code": certificate.code})


# --- Issuing, and the guarantee that only a completed participant holds one ------------------


def test_marking_completion_issues_a_certificate_with_what_it_certifies(
    completed,
    offering,
    people,
    trainer_a,
):
    assert completed.participant == people[0]
    assert completed.participant_name == f"Capt. {NHUNG}"
    assert completed.course_title == "Protection of Civilians"
    assert (completed.start_date, completed.end_date) == (offering.start_date, offering.end_date)
    assert completed.host_centre_name == offering.course.centre.name
    assert completed.issued_by == trainer_a
    assert re.fullmatch(rf"APCN(-[{CODE_ALPHABET}]{{4}}){{4}}", completed.code)
    assert not people[1].certificates.exists()  # attended is not completed


def test_codes_are_unguessable_and_typed_loosely():
    # 16 symbols of a 32-symbol alphabet: 80 bits.
    assert len(CODE_ALPHABET) ** 16 >= 2**80
    assert normalize_certificate_code(" apcn 7k3m-q9xd 2htr pw4n ") == "APCN-7K3M-Q9XD-2HTR-PW4N"
    assert normalize_certificate_code("7K3MQ9XD2HTRPW4N") == "APCN-7K3M-Q9XD-2HTR-PW4N"
    assert normalize_certificate_code("APCN-OOOO-IIII-LLLL-0000") == "APCN-0000-1111-1111-0000"
    assert normalize_certificate_code("APCN-7K3M-Q9XD-2HT") is None
    assert normalize_certificate_code("APCN-7K3M-Q9XD-2HTR-PW4U") is None  # no U
    assert normalize_certificate_code("'; DROP TABLE x; --") is None


def test_the_service_refuses_a_certificate_for_a_participant_who_did_not_complete(
    completed,
    offering,
    people,
):
    somsri = people[1]
    with pytest.raises(DomainError, match="completed the course"):
        certificate_issue(participant=somsri, offering=offering, by=None)
    assert not somsri.certificates.exists()


def test_the_database_refuses_a_certificate_for_a_participant_who_did_not_complete(
    completed,
    people,
):
    somsri = people[1]
    values = {
        "participant_name": SOMSRI,
        "course_title": completed.course_title,
        "start_date": completed.start_date,
        "end_date": completed.end_date,
        "host_centre_name": completed.host_centre_name,
    }
    with pytest.raises(DatabaseError), transaction.atomic():
        Certificate.objects.create(participant=somsri, **values)
    # Nor can a revoked one be made valid again behind the services' back, once not completed.
    with pytest.raises(DatabaseError), transaction.atomic():
        Participant.objects.filter(pk=completed.participant_id).update(attendance="attended")
    assert Certificate.objects.count() == 1
    assert Participant.objects.get(pk=completed.participant_id).attendance == "completed"


def test_a_completed_participant_with_a_valid_certificate_keeps_it_until_revoked(
    completed,
    offering,
    people,
    trainer_a,
):
    nhung = people[0]
    with as_of(offering.start_date):
        with pytest.raises(DomainError, match="revoke it before"):
            attendance_record(offering=offering, by=trainer_a, changes={nhung.pk: "no-show"})
        nhung.refresh_from_db()
        assert nhung.attendance == "completed"
        certificate_revoke(certificate=completed, by=trainer_a, reason="Left on day two")
        attendance_record(offering=offering, by=trainer_a, changes={nhung.pk: "attended"})
        nhung.refresh_from_db()
        assert nhung.attendance == "attended"
        # Completed again: a new certificate, a new code; the revoked one stays revoked.
        attendance_record(offering=offering, by=trainer_a, changes={nhung.pk: "completed"})
    codes = list(nhung.certificates.values_list("code", "revoked_at"))
    assert len(codes) == 2 and len({code for code, _ in codes}) == 2
    assert nhung.certificates.valid().count() == 1


# --- The public page ----------------------------------------------------------------------


def test_anyone_sees_a_valid_certificate_without_logging_in(client, completed):
    response = client.get(verify_url(completed.code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Genuine and valid" in page
    assert NHUNG in page and "Protection of Civilians" in page
    assert completed.host_centre_name in page
    assert "nhung@example.org" not in page  # nothing else of the participant
    assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]


def test_a_link_checker_asking_head_gets_the_answer_a_browser_gets(client, completed):
    # QR scanners, link previews and uptime checks ask HEAD first: a genuine certificate's link
    # must not look broken to them, and a wrong code must still look wrong.
    for url, status in (
        (verify_url(completed.code), 200),
        (reverse("certificate-lookup"), 200),
        (verify_url("APCN-0000-0000-0000-0000"), 404),
    ):
        assert client.get(url).status_code == status
        head = client.head(url)
        assert (head.status_code, head.content) == (status, b"")
    assert client.post(verify_url(completed.code)).status_code == 405


def test_a_code_is_found_whatever_its_case_spaces_or_dashes(client, completed):
    typed = completed.code.lower().replace("-", " ")
    response = client.get(reverse("certificate-lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_url(completed.code)
    loose = client.get(verify_url(completed.code.lower().replace("-", "")))
    assert loose.status_code == 302 and loose["Location"] == verify_url(completed.code)


def test_a_revoked_certificate_shows_revoked_with_date_and_reason(client, completed, trainer_a):
    certificate_revoke(certificate=completed, by=trainer_a, reason="Issued by mistake")
    page = client.get(verify_url(completed.code)).content.decode()
    assert "revoked on" in page and "no longer valid" in page
    assert "Issued by mistake" in page
    assert "Genuine and valid" not in page


def test_an_unknown_code_is_a_clear_404(client, completed):
    response = client.get(verify_url("APCN-0000-0000-0000-0000"))
    assert response.status_code == 404
    assert "No such certificate" in response.content.decode()
    assert client.get(verify_url("not-a-code")).status_code == 404
    form = client.get(reverse("certificate-lookup"), {"code": "nonsense"})
    assert form.status_code == 200 and "16 letters and digits" in form.content.decode()


def test_guessing_codes_is_throttled_per_client(client, completed, settings):
    settings.CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT = 3
    for i in range(3):
        assert client.get(verify_url(f"APCN-0000-0000-0000-000{i}")).status_code == 404
    response = client.get(verify_url(completed.code))
    assert response.status_code == 429
    assert "Too many certificate codes" in response.content.decode()
    assert client.get(reverse("certificate-lookup")).status_code == 429
    # Another client address still checks.
    other = client.get(verify_url(completed.code), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_genuine_codes_do_not_use_up_a_clients_tries(client, completed, settings):
    settings.CERTIFICATE_LOOKUP_LIMIT_PER_CLIENT = 2
    for _ in range(5):
        assert client.get(verify_url(completed.code)).status_code == 200


def test_after_the_retention_purge_the_page_still_vouches_but_keeps_no_name(
    client,
    completed,
    offering,
):
    with as_of(offering.end_date.replace(year=offering.end_date.year + 3)):
        assert participants_purge(months=24) == 2
    completed.refresh_from_db()
    assert completed.participant_name == ""
    page = client.get(verify_url(completed.code)).content.decode()
    assert NHUNG not in page
    assert "Genuine and valid" in page and "No longer kept" in page
    assert "Protection of Civilians" in page


# --- Revoking -------------------------------------------------------------------------------


def test_the_host_revokes_with_a_reason_after_confirming(client, completed, trainer_a):
    url = reverse("certificate-revoke", kwargs={"code": completed.code})
    client.force_login(trainer_a)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Revoke the certificate" in confirm.content.decode()
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()
    completed.refresh_from_db()
    assert not completed.is_revoked
    response = client.post(url, {"reason": "Did not complete the field exercise"})
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.is_revoked and completed.revoked_by == trainer_a
    assert completed.revoke_reason == "Did not complete the field exercise"


def test_only_the_host_revokes(client, completed, trainer_b, trainer_c, network_admin):
    url = reverse("certificate-revoke", kwargs={"code": completed.code})
    for member in (trainer_b, trainer_c, network_admin):
        client.force_login(member)
        assert client.post(url, {"reason": "No"}).status_code == 404
        with pytest.raises(DomainError):
            certificate_revoke(certificate=completed, by=member, reason="No")
    client.logout()
    assert client.post(url, {"reason": "No"}).status_code == 302  # to the login page
    completed.refresh_from_db()
    assert not completed.is_revoked


# --- Where certificates are listed, and the PDF ----------------------------------------------


def test_the_roll_and_the_requesting_centres_page_list_the_certificate(
    client,
    completed,
    offering,
    trainer_a,
    trainer_b,
):
    client.force_login(trainer_a)
    with as_of(offering.start_date):
        roll = client.get(reverse("offering-participants", kwargs={"pk": offering.pk}))
        assert completed.code in roll.content.decode()
        assert reverse("certificate-revoke", kwargs={"code": completed.code}) in (
            roll.content.decode()
        )
        client.force_login(trainer_b)
        url = reverse("request-participants", kwargs={"pk": completed.participant.seat_request_id})
        page = client.get(url).content.decode()
    assert completed.code in page and pdf_url(completed) in page
    assert reverse("certificate-revoke", kwargs={"code": completed.code}) not in page


def test_the_pdf_is_served_to_the_two_centres_and_the_network_admin_only(
    client, completed, trainer_a, trainer_b, trainer_c, network_admin, outsider, monkeypatch
):
    # The rendering itself is checked below; here only who gets it.
    monkeypatch.setattr(
        "courses.views.certificates.render_certificate_pdf",
        lambda c: b"%PDF-1.7 " + c.code.encode(),
    )
    for member in (trainer_a, trainer_b, network_admin):
        client.force_login(member)
        response = client.get(pdf_url(completed))
        assert response.status_code == 200, member
        assert response["Content-Type"] == "application/pdf"
    for member in (trainer_c, outsider):
        client.force_login(member)
        assert client.get(pdf_url(completed)).status_code == 404
    client.logout()
    response = client.get(pdf_url(completed))
    assert response.status_code == 302 and "/login/" in response["Location"]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language", ["vi", "th"])
def test_the_pdf_holds_the_names_exactly_the_code_and_a_qr_code(
    client,
    offering,
    people,
    trainer_a,
    trainer_b,
    language,
):
    with as_of(offering.start_date):
        attendance_record(
            offering=offering,
            by=trainer_a,
            changes={p.pk: "completed" for p in people},
        )
    client.force_login(trainer_b)
    for certificate, name in zip(
        Certificate.objects.order_by("participant_id"), (NHUNG, SOMSRI), strict=True
    ):
        # The request activates the language; the override puts English back afterwards.
        with translation.override("en"):
            response = client.get(pdf_url(certificate), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        text = pdf_text(response.content)
        assert name in text
        assert certificate.code in text and "Protection of Civilians" in text
        # In the member's language. (A Thai SARA AM, which HarfBuzz splits into two glyphs, reads
        # back from the text layer as SARA AA: the lines checked here have none.)
        with translation.override(language):
            assert translation.gettext("This certifies that") in text
            assert translation.gettext("This certifies that") != "This certifies that"
