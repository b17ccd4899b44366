"""The retention purge: names and e-mails go, the counts the reports need stay."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from courses.models import Participant
from courses.models.catalog import as_of
from courses.reports import participation_report
from courses.services import ParticipantDetails, participants_update, seat_request_approve
from courses.services.participants import retention_cutoff

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(centre_a, trainer_a, trainer_b):
    offering = make_offering(make_course(centre_a), partner_seats=4, start_in_days=40)
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2, women_nominated=0)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[
            ParticipantDetails(
                full_name="Siti Rahma",
                gender="female",
                service="police",
                email="siti@example.org",
                rank="Capt.",
                position="Gender adviser",
            ),
            ParticipantDetails(full_name="Budi Santoso", gender="male", service="military"),
        ],
    )
    return offering


def purge(on: datetime.date, *args: str) -> str:
    out = io.StringIO()
    with as_of(on):
        call_command("purge_participant_data", *args, stdout=out)
    return out.getvalue()


def test_the_purge_starts_the_day_after_the_retention_period_ends(named, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    end = named.end_date
    last_kept = end.replace(year=end.year + 2) if (end.month, end.day) != (2, 29) else end
    assert "0 erased" in purge(last_kept)
    assert Participant.objects.filter(full_name="Siti Rahma").exists()
    assert "2 erased" in purge(last_kept + datetime.timedelta(days=1))


def test_the_purge_blanks_personal_data_keeps_counts_and_is_idempotent(named, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    year = named.start_date.year
    before = participation_report(year=year).totals
    later = named.end_date + datetime.timedelta(days=800)
    assert "2 erased" in purge(later)
    people = list(Participant.objects.order_by("pk"))
    assert [(p.full_name, p.email, p.rank, p.position) for p in people] == [("", "", "", "")] * 2
    assert [(p.gender, p.service) for p in people] == [("female", "police"), ("male", "military")]
    assert all(p.purged_at for p in people)
    after = participation_report(year=year).totals
    assert (after.women_requested, after.women_approved) == (1, 1)
    assert after == before
    stamp = people[0].purged_at
    assert "0 erased" in purge(later)  # a second run changes nothing
    assert Participant.objects.get(pk=people[0].pk).purged_at == stamp


def test_the_months_come_from_the_setting_or_the_option(named, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 1
    assert "2 erased" in purge(named.end_date + datetime.timedelta(days=40))
    Participant.objects.update(purged_at=None, full_name="Again")
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    assert "0 erased" in purge(named.end_date + datetime.timedelta(days=40))
    assert "2 erased" in purge(named.end_date + datetime.timedelta(days=40), "--months", "0")


def test_a_negative_period_is_refused(named):
    with pytest.raises(CommandError, match="negative"):
        purge(named.end_date, "--months", "-1")


def test_the_purge_output_names_nobody(named):
    assert "Siti" not in purge(named.end_date + datetime.timedelta(days=800))


@pytest.mark.parametrize(
    ("on", "months", "cutoff"),
    [
        (datetime.date(2026, 11, 30), 24, datetime.date(2024, 11, 30)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_the_cutoff_counts_calendar_months(on, months, cutoff):
    assert retention_cutoff(months, on=on) == cutoff


def test_a_purged_participants_page_shows_erased_not_blank(client, named, trainer_a):
    purge(named.end_date + datetime.timedelta(days=800))
    client.force_login(trainer_a)
    from django.urls import reverse

    html = client.get(reverse("offering-participants", kwargs={"pk": named.pk})).content.decode()
    assert "(erased)" in html and "Siti" not in html
