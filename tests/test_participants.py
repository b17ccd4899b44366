"""Named participants: naming, correcting, removing and substituting them, the women count they
give their request, the host's roll and its CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import Participant, SeatRequest, SeatRequestEvent
from courses.models.catalog import as_of
from courses.reports import participation_report
from courses.services import (
    ParticipantDetails,
    participant_substitute,
    participants_update,
    seat_request_adjust,
    seat_request_approve,
    seat_request_withdraw,
)

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(
        make_course(centre_a, title="Protection of Civilians"), partner_seats=6, start_in_days=30
    )


@pytest.fixture
def approved(offering, trainer_a, trainer_b):
    """Bravo asked for 4 seats (1 woman announced); Alpha approved 3."""
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4, women_nominated=1)
    return seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=3)


def person(name: str, *, gender: str = "male", email: str | None = None, **fields):
    slug = name.lower().replace(" ", ".")
    return ParticipantDetails(
        full_name=name,
        gender=gender,
        service=fields.pop("service", "military"),
        email=email if email is not None else f"{slug}@example.org",
        rank=fields.pop("rank", "Capt."),
        position=fields.pop("position", "Staff officer"),
    )


def page_url(seat_request) -> str:
    return reverse("request-participants", kwargs={"pk": seat_request.pk})


def roll_url(offering, csv_file: bool = False) -> str:
    name = "offering-participants-csv" if csv_file else "offering-participants"
    return reverse(name, kwargs={"pk": offering.pk})


def formset_data(rows: list[dict], *, initial: int = 0, total: int | None = None) -> dict:
    data = {
        "form": "participants",
        "participants-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "participants-INITIAL_FORMS": str(initial),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"participants-{i}-{key}"] = value
    return data


def row(name: str, **fields) -> dict:
    values = {
        "rank": "Maj.",
        "full_name": name,
        "gender": "female",
        "email": name.lower().replace(" ", ".") + "@example.org",
        "position": "Military observer",
        "service": "military",
    }
    values.update(fields)
    return values


# --- The services ----------------------------------------------------------------------------


def test_naming_participants_records_them_on_the_timeline_without_names_and_tells_the_host(
    approved, trainer_b, admin_a, django_capture_on_commit_callbacks, deliver_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        participants_update(
            seat_request=approved,
            by=trainer_b,
            add=[person("Nguyen Thi Lan", gender="female"), person("Budi Santoso")],
        )
    deliver_outbox()
    assert list(approved.participants.active().values_list("full_name", flat=True)) == [
        "Nguyen Thi Lan",
        "Budi Santoso",
    ]
    event = SeatRequestEvent.objects.filter(seat_request=approved).last()
    assert event.action == "participants"
    assert event.note == "2 participants named"
    assert "Nguyen" not in event.note
    told = [m for m in mail.outbox if "Participants of" in m.subject]
    assert len(told) == 1
    message = told[0]
    assert admin_a.email in message.to  # the host centre is told
    assert "Nguyen" not in message.body and "Nguyen" not in message.subject
    assert reverse("request-participants", kwargs={"pk": approved.pk}) in message.body
    assert "2 participants named" in message.body


def test_cannot_name_more_people_than_the_approved_seats(approved, trainer_b):
    with pytest.raises(DomainError, match="3 approved seats"):
        participants_update(
            seat_request=approved,
            by=trainer_b,
            add=[person(f"Person {i}") for i in range(4)],
        )
    assert not Participant.objects.exists()


def test_the_host_cannot_name_the_requesting_centres_participants(approved, trainer_a):
    with pytest.raises(DomainError, match="requesting centre"):
        participants_update(seat_request=approved, by=trainer_a, add=[person("Somchai Dee")])
    assert not Participant.objects.exists()


def test_participants_are_named_only_on_approved_requests(offering, trainer_b):
    pending = make_seat_request(offering, by=trainer_b, seats_requested=2)
    with pytest.raises(DomainError, match="once seats are approved"):
        participants_update(seat_request=pending, by=trainer_b, add=[person("Somchai Dee")])


def test_nobody_is_named_or_substituted_once_the_offering_has_started(
    approved, offering, trainer_b
):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    named = approved.participants.get()
    with as_of(offering.start_date):
        with pytest.raises(DomainError, match="has started"):
            participants_update(seat_request=approved, by=trainer_b, add=[person("Late Comer")])
        with pytest.raises(DomainError, match="has started"):
            participant_substitute(
                participant=named, by=trainer_b, replacement=person("Late Comer")
            )
    assert approved.participants.active().get() == named


def test_a_person_is_named_once_per_offering_whichever_centre_names_them(
    approved, offering, trainer_a, trainer_b, trainer_c
):
    participants_update(
        seat_request=approved, by=trainer_b, add=[person("Budi Santoso", email="budi@example.org")]
    )
    other = make_seat_request(offering, by=trainer_c, seats_requested=1)
    seat_request_approve(seat_request=other, by=trainer_a)
    with pytest.raises(DomainError, match="already named on this offering"):
        participants_update(
            seat_request=other, by=trainer_c, add=[person("B. Santoso", email="BUDI@example.org")]
        )


def test_correcting_and_removing_participants(approved, trainer_b):
    participants_update(
        seat_request=approved, by=trainer_b, add=[person("Budi Santoso"), person("Ana Reyes")]
    )
    budi, ana = approved.participants.order_by("pk")
    participants_update(
        seat_request=approved,
        by=trainer_b,
        change={budi.pk: person("Budi Santoso", rank="Maj.")},
        remove=[ana.pk],
    )
    budi.refresh_from_db()
    ana.refresh_from_db()
    assert budi.rank == "Maj." and budi.is_active
    assert ana.removed_at is not None  # kept on record, no longer coming
    assert list(approved.participants.active()) == [budi]
    event = SeatRequestEvent.objects.filter(seat_request=approved).last()
    assert event.note == "1 corrected, 1 removed"


def test_an_unchanged_save_writes_nothing(approved, trainer_b):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    budi = approved.participants.get()
    events = SeatRequestEvent.objects.count()
    participants_update(
        seat_request=approved, by=trainer_b, change={budi.pk: person("Budi Santoso")}
    )
    assert SeatRequestEvent.objects.count() == events


def test_a_substitution_keeps_who_replaced_whom(
    approved, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    budi = approved.participants.get()
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = participant_substitute(
            participant=budi, by=trainer_b, replacement=person("Siti Rahma", gender="female")
        )
    budi.refresh_from_db()
    assert budi.removed_at is not None
    assert newcomer.replaces == budi
    assert budi.replaced_by == newcomer
    assert list(approved.participants.active()) == [newcomer]
    event = SeatRequestEvent.objects.filter(seat_request=approved).last()
    assert (event.action, event.note) == ("substitution", "1 participant substituted")
    deliver_outbox()
    assert "1 participant substituted" in mail.outbox[-1].body
    assert "Siti" not in mail.outbox[-1].body


def test_a_removed_participant_cannot_be_substituted(approved, trainer_b):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    budi = approved.participants.get()
    participants_update(seat_request=approved, by=trainer_b, remove=[budi.pk])
    with pytest.raises(DomainError, match="no longer on this request"):
        participant_substitute(participant=budi, by=trainer_b, replacement=person("Siti Rahma"))


# --- The women count -------------------------------------------------------------------------


def women_of(seat_request) -> int:
    return SeatRequest.objects.with_women_count().get(pk=seat_request.pk).women_count


def test_the_women_count_comes_from_the_named_participants_once_named(
    approved, offering, trainer_b
):
    assert women_of(approved) == 1  # announced with the request, nobody named yet
    participants_update(
        seat_request=approved,
        by=trainer_b,
        add=[
            person("Siti Rahma", gender="female"),
            person("Ana Reyes", gender="female"),
            person("Budi Santoso"),
        ],
    )
    assert women_of(approved) == 2
    report = participation_report(year=offering.start_date.year)
    assert report.totals.women_requested == 2
    assert report.totals.women_approved == 2
    # Only those who come count: a woman substituted by a man leaves the count.
    siti = approved.participants.get(full_name="Siti Rahma")
    participant_substitute(participant=siti, by=trainer_b, replacement=person("Joko Widodo"))
    assert women_of(approved) == 1
    assert participation_report(year=offering.start_date.year).totals.women_approved == 1


def test_named_men_only_count_zero_women_not_the_announced_number(approved, trainer_b):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    assert women_of(approved) == 0


# --- The participants page -------------------------------------------------------------------


def test_the_requester_names_participants_through_the_formset(
    client, approved, trainer_b, django_capture_on_commit_callbacks
):
    client.force_login(trainer_b)
    response = client.get(page_url(approved))
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 3  # one empty row per seat
    assert 'name="participants-TOTAL_FORMS"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_url(approved),
            formset_data([row("Siti Rahma"), row("Budi Santoso", gender="male"), {}], total=3),
        )
    assert response.status_code == 302
    assert sorted(approved.participants.values_list("full_name", flat=True)) == [
        "Budi Santoso",
        "Siti Rahma",
    ]
    page = client.get(page_url(approved)).content.decode()
    assert "2 of 3 approved seats named" in page
    assert "Siti Rahma" in page


def test_a_formset_with_a_missing_field_keeps_what_was_typed(client, approved, trainer_b):
    client.force_login(trainer_b)
    response = client.post(
        page_url(approved), formset_data([row("Siti Rahma", email="not-an-address")])
    )
    assert response.status_code == 200
    assert not Participant.objects.exists()
    html = response.content.decode()
    assert "Siti Rahma" in html
    assert "Enter a valid email address." in html


def test_a_wrong_field_is_summarised_at_the_top_and_marked_alone(client, approved, trainer_b):
    client.force_login(trainer_b)
    rows = [row("Siti Rahma"), row("Budi Santoso", email="not-an-address")]
    response = client.post(page_url(approved), formset_data(rows))
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_participants-1-email"' in summary
    assert "Participant 2, E-mail: Enter a valid email address." in summary
    # Only the wrong field is marked, not its row's other fields nor the other row.
    marked = re.findall(r'class="field field--error" id="field-([\w-]+)"', html)
    assert marked == ["participants-1-email"]


def test_rows_typed_before_the_host_lowered_the_seats_are_all_shown_again(
    client, approved, trainer_a, trainer_b
):
    client.force_login(trainer_b)
    page = client.get(page_url(approved)).content.decode()
    assert 'name="participants-TOTAL_FORMS" value="3"' in page
    seat_request_adjust(seat_request=approved, by=trainer_a, seats_approved=2)  # meanwhile
    rows = [row("Siti Rahma"), row("Budi Santoso"), row("Hoa Nguyen")]
    response = client.post(page_url(approved), formset_data(rows))
    assert response.status_code == 200
    assert not Participant.objects.exists()
    html = response.content.decode()
    assert "Your centre has 2 approved seats: name at most 2 participants." in html
    assert all(name in html for name in ("Siti Rahma", "Budi Santoso", "Hoa Nguyen"))
    # The officer empties the row of whoever does not come, and the others are saved.
    rows[2] = {key: "" for key in rows[2]}
    response = client.post(page_url(approved), formset_data(rows))
    assert response.status_code == 302
    assert sorted(Participant.objects.values_list("full_name", flat=True)) == [
        "Budi Santoso",
        "Siti Rahma",
    ]


def test_a_forged_formset_with_more_rows_than_seats_is_refused(client, approved, trainer_b):
    client.force_login(trainer_b)
    rows = [row(f"Person {i}", email=f"p{i}@example.org") for i in range(5)]
    response = client.post(page_url(approved), formset_data(rows))
    assert response.status_code == 200
    assert not Participant.objects.exists()


def test_a_forged_id_of_another_requests_participant_changes_nothing(
    client, approved, offering, trainer_a, trainer_b, trainer_c
):
    other = make_seat_request(offering, by=trainer_c, seats_requested=1)
    seat_request_approve(seat_request=other, by=trainer_a)
    participants_update(seat_request=other, by=trainer_c, add=[person("Somchai Dee")])
    stranger = other.participants.get()
    client.force_login(trainer_b)
    response = client.post(
        page_url(approved), formset_data([row("Hijacked", id=stranger.pk)], initial=1)
    )
    assert response.status_code == 200
    assert "no longer on this request" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.full_name == "Somchai Dee" and stranger.is_active


def test_the_formset_corrects_and_removes(client, approved, trainer_b):
    participants_update(
        seat_request=approved, by=trainer_b, add=[person("Budi Santoso"), person("Ana Reyes")]
    )
    budi, ana = approved.participants.order_by("pk")
    client.force_login(trainer_b)
    data = formset_data(
        [
            row("Budi Santoso", id=budi.pk, gender="male", rank="Lt Col"),
            row("Ana Reyes", id=ana.pk, DELETE="on"),
            {},
        ],
        initial=2,
    )
    response = client.post(page_url(approved), data)
    assert response.status_code == 302
    budi.refresh_from_db()
    assert budi.rank == "Lt Col"
    assert list(approved.participants.active()) == [budi]


def test_the_substitute_form_replaces_a_participant(client, approved, trainer_b):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    budi = approved.participants.get()
    client.force_login(trainer_b)
    response = client.post(
        page_url(approved),
        {
            "form": "substitute",
            "substitute-replaces": str(budi.pk),
            "substitute-rank": "Capt.",
            "substitute-full_name": "Siti Rahma",
            "substitute-gender": "female",
            "substitute-email": "siti@example.org",
            "substitute-position": "",
            "substitute-service": "police",
        },
    )
    assert response.status_code == 302
    newcomer = approved.participants.active().get()
    assert (newcomer.full_name, newcomer.replaces_id) == ("Siti Rahma", budi.pk)
    page = client.get(page_url(approved)).content.decode()
    assert "Siti Rahma instead of Capt. Budi Santoso" in page


def test_the_host_reads_the_participants_but_gets_no_form(client, approved, trainer_a, trainer_b):
    participants_update(seat_request=approved, by=trainer_b, add=[person("Budi Santoso")])
    client.force_login(trainer_a)
    response = client.get(page_url(approved))
    assert response.status_code == 200
    assert response.context["formset"] is None
    assert "Budi Santoso" in response.content.decode()
    assert client.post(page_url(approved), formset_data([row("Intruder")])).status_code == 404
    assert approved.participants.count() == 1


def test_after_a_withdrawal_the_page_explains_and_offers_no_form(client, approved, trainer_b):
    seat_request_withdraw(seat_request=approved, by=trainer_b)
    client.force_login(trainer_b)
    response = client.get(page_url(approved))
    assert response.status_code == 200
    assert response.context["formset"] is None
    assert "once seats are approved" in response.content.decode()


def test_the_request_page_links_to_the_participants(client, approved, trainer_b):
    client.force_login(trainer_b)
    html = client.get(approved.get_absolute_url()).content.decode()
    assert page_url(approved) in html
    assert "Name the participants" in html


# --- The roll --------------------------------------------------------------------------------


@pytest.fixture
def roll(approved, offering, trainer_a, trainer_b, trainer_c):
    participants_update(
        seat_request=approved,
        by=trainer_b,
        add=[person("Budi Santoso"), person("=HYPERLINK(1)", email="evil@example.org")],
    )
    pending = make_seat_request(offering, by=trainer_c, seats_requested=1)
    return pending


def test_the_roll_lists_the_approved_requests_participants_by_centre(
    client, roll, offering, trainer_a, django_assert_max_num_queries
):
    client.force_login(trainer_a)
    with django_assert_max_num_queries(12):
        response = client.get(roll_url(offering))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Budi Santoso" in html
    assert "2 of 3 approved seats named" in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_the_roll_csv_is_spreadsheet_safe(client, roll, offering, trainer_a):
    client.force_login(trainer_a)
    response = client.get(roll_url(offering, csv_file=True))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Centre", "Centre short name", "Rank", "Full name"]
    names = {r[3] for r in rows[1:]}
    assert names == {"Budi Santoso", "'=HYPERLINK(1)"}
    assert {r[5] for r in rows[1:]} == {"budi.santoso@example.org", "evil@example.org"}


def test_a_withdrawn_requests_people_leave_the_roll(client, roll, approved, offering, trainer_a):
    seat_request_withdraw(seat_request=approved, by=approved.requested_by)
    client.force_login(trainer_a)
    response = client.get(roll_url(offering, csv_file=True))
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 1


def test_the_admin_list_counts_the_named_women(client, approved, trainer_b, network_admin):
    participants_update(
        seat_request=approved,
        by=trainer_b,
        add=[person("Siti Rahma", gender="female"), person("Ana Reyes", gender="female")],
    )
    client.force_login(network_admin)
    response = client.get(reverse("admin:courses_seatrequest_changelist"))
    (row_obj,) = response.context["cl"].result_list
    assert row_obj.women_count == 2  # announced 1, named 2
    assert '<td class="field-women">2</td>' in response.content.decode()
