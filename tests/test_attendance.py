"""Attendance on the roll: the host records, from the offering's start date on, who attended,
completed or did not come, one by one or everyone at once; every change is audited."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.exceptions import DomainError
from courses.models import Participant
from courses.models.catalog import as_of
from courses.services import (
    ParticipantDetails,
    attendance_record,
    participants_update,
    seat_request_approve,
)

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages checked here are English; a page another test opened in Thai leaves Thai on.
    with translation.override("en"):
        yield


NHUNG = "Nguyễn Thị Hồng Nhung"
SOMSRI = "สมศรี ใจดี"


def person(name: str, email: str, gender: str = "female") -> ParticipantDetails:
    return ParticipantDetails(
        full_name=name, gender=gender, service="military", email=email, rank="Capt."
    )


@pytest.fixture
def offering(centre_a):
    return make_offering(
        make_course(centre_a, title="Protection of Civilians"), partner_seats=6, start_in_days=30
    )


@pytest.fixture
def people(offering, trainer_a, trainer_b):
    """Bravo's two participants on an approved request of Alpha's offering."""
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[person(NHUNG, "nhung@example.org"), person(SOMSRI, "somsri@example.org")],
    )
    return list(Participant.objects.order_by("pk"))


def roll_url(offering) -> str:
    return reverse("offering-participants", kwargs={"pk": offering.pk})


def rows_post(people, values: dict, *, seen: dict | None = None, **extra) -> dict:
    data = {"apply": "rows", **extra}
    for p in people:
        data[f"attendance-{p.pk}"] = values.get(p.pk, p.attendance)
        data[f"seen-{p.pk}"] = (seen or {}).get(p.pk, p.attendance)
    return data


def test_attendance_is_refused_before_the_offering_starts(client, offering, people, trainer_a):
    with pytest.raises(DomainError, match="from the offering's start date on"):
        attendance_record(offering=offering, by=trainer_a, changes={people[0].pk: "attended"})
    client.force_login(trainer_a)
    page = client.get(roll_url(offering)).content.decode()
    assert "Attendance is recorded from the offering&#x27;s start date on" in page
    assert 'name="apply"' not in page  # no form yet
    response = client.post(roll_url(offering), rows_post(people, {people[0].pk: "attended"}))
    assert "start date on" in response.content.decode()
    assert set(Participant.objects.values_list("attendance", flat=True)) == {""}


def test_the_host_records_each_participant_and_the_roll_says_who_and_when(
    client, offering, people, trainer_a
):
    nhung, somsri = people
    client.force_login(trainer_a)
    with as_of(offering.start_date):
        response = client.post(
            roll_url(offering), rows_post(people, {nhung.pk: "attended", somsri.pk: "no-show"})
        )
        assert response.status_code == 302
        page = client.get(roll_url(offering)).content.decode()
    nhung.refresh_from_db()
    somsri.refresh_from_db()
    assert (nhung.attendance, somsri.attendance) == ("attended", "no-show")
    assert nhung.attendance_recorded_by == trainer_a and nhung.attendance_recorded_at
    assert page.count("recorded by trainer-a, ") == 2


def test_mark_everyone_at_once(client, offering, people, trainer_a):
    client.force_login(trainer_a)
    with as_of(offering.start_date):
        response = client.post(
            roll_url(offering), rows_post(people, {}, all="attended") | {"apply": "all"}
        )
    assert response.status_code == 302
    assert list(Participant.objects.values_list("attendance", flat=True)) == ["attended"] * 2


def test_mark_everyone_without_a_choice_is_a_form_error_and_changes_nothing(
    client, offering, people, trainer_a
):
    client.force_login(trainer_a)
    with as_of(offering.start_date):
        response = client.post(roll_url(offering), rows_post(people, {}) | {"apply": "all"})
    assert response.status_code == 200
    assert "Choose what to mark everyone as." in response.content.decode()
    assert set(Participant.objects.values_list("attendance", flat=True)) == {""}


def test_a_bad_value_is_a_form_error_that_keeps_the_input_and_changes_nothing(
    client, offering, people, trainer_a
):
    nhung, somsri = people
    client.force_login(trainer_a)
    with as_of(offering.start_date):
        response = client.post(
            roll_url(offering), rows_post(people, {nhung.pk: "graduated", somsri.pk: "attended"})
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in page
    assert '<option value="attended" selected>Attended</option>' in page  # Somsri's input kept
    assert set(Participant.objects.values_list("attendance", flat=True)) == {""}


def test_a_stale_page_does_not_overwrite_what_someone_else_recorded(
    client, offering, people, trainer_a, admin_a
):
    nhung, somsri = people
    with as_of(offering.start_date):
        attendance_record(offering=offering, by=admin_a, changes={nhung.pk: "no-show"})
        client.force_login(trainer_a)
        # trainer_a's page still showed Nhung as not recorded.
        response = client.post(
            roll_url(offering),
            rows_post(people, {nhung.pk: "attended", somsri.pk: "attended"}, seen={nhung.pk: ""}),
        )
    assert "look again" in response.content.decode()
    assert list(Participant.objects.order_by("pk").values_list("attendance", flat=True)) == [
        "no-show",
        "",
    ]


def test_only_the_host_records(client, offering, people, trainer_b, trainer_c, network_admin):
    nhung = people[0]
    with as_of(offering.start_date):
        for member in (trainer_b, trainer_c, network_admin):
            with pytest.raises(DomainError, match="Only the host centre"):
                attendance_record(offering=offering, by=member, changes={nhung.pk: "attended"})
        # Another centre: the roll does not exist for it.
        client.force_login(trainer_c)
        assert client.get(roll_url(offering)).status_code == 404
        assert client.post(roll_url(offering), rows_post(people, {})).status_code == 404
        # The requesting centre: no roll either, but it reads its people's attendance.
        client.force_login(trainer_b)
        assert client.post(roll_url(offering), rows_post(people, {})).status_code == 404
        # The network admin reads the roll, without the form.
        client.force_login(network_admin)
        page = client.get(roll_url(offering)).content.decode()
        assert NHUNG in page and 'name="apply"' not in page
        assert client.post(roll_url(offering), rows_post(people, {})).status_code == 404
    assert set(Participant.objects.values_list("attendance", flat=True)) == {""}


def test_the_requesting_centre_reads_attendance_on_its_request(
    client, offering, people, trainer_a, trainer_b
):
    with as_of(offering.start_date):
        attendance_record(offering=offering, by=trainer_a, changes={people[0].pk: "no-show"})
        client.force_login(trainer_b)
        url = reverse("request-participants", kwargs={"pk": people[0].seat_request_id})
        page = client.get(url).content.decode()
    assert "No-show" in page and "Attendance" in page


def test_every_change_is_on_the_audit_history_with_who_made_it(offering, people, trainer_a):
    nhung = people[0]
    with as_of(offering.start_date):
        attendance_record(offering=offering, by=trainer_a, changes={nhung.pk: "attended"})
        attendance_record(offering=offering, by=trainer_a, changes={nhung.pk: "no-show"})
    history = list(nhung.history.order_by("history_date").values_list("attendance", "history_user"))
    assert history[-2:] == [("attended", trainer_a.pk), ("no-show", trainer_a.pk)]


def test_the_roll_csv_has_the_attendance_and_certificate(client, offering, people, trainer_a):
    nhung, somsri = people
    with as_of(offering.start_date):
        attendance_record(
            offering=offering,
            by=trainer_a,
            changes={nhung.pk: "completed", somsri.pk: "no-show"},
        )
    client.force_login(trainer_a)
    response = client.get(reverse("offering-participants-csv", kwargs={"pk": offering.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Attendance", "Certificate"]
    by_name = {r[3]: r[-2:] for r in rows[1:]}
    code = nhung.certificates.get().code
    assert by_name == {NHUNG: ["Completed", code], SOMSRI: ["No-show", ""]}


def test_after_the_run_the_roll_leads_the_host_to_its_evaluation_and_after_action_report(
    client, trainer_a, centre_a
):
    with as_of(timezone.localdate() - datetime.timedelta(days=40)):
        offering = make_offering(make_course(centre_a), start_in_days=-12)
    roll = reverse("offering-participants", kwargs={"pk": offering.pk})
    evaluation = reverse("offering-evaluations", kwargs={"pk": offering.pk})
    after_action = reverse("after-action-edit", kwargs={"pk": offering.pk})
    client.force_login(trainer_a)
    page = client.get(roll).content.decode()
    assert evaluation in page and after_action in page
    # Before the run ends there is nothing to read or write yet.
    upcoming = make_offering(make_course(centre_a, title="Later"), start_in_days=10)
    page = client.get(reverse("offering-participants", kwargs={"pk": upcoming.pk})).content
    assert b"/evaluations/" not in page and b"/after-action/" not in page
