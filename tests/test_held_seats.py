"""Held seats (quotas) and waiting lists that move: seats held for named partner centres until
the release date, then the pool; waitlisted requests promoted oldest first whenever seats free
up, under the offering's lock, each promotion on the timeline and mailed to both sides."""

from __future__ import annotations

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from courses.exceptions import DomainError
from courses.models import SeatQuota, SeatRequest
from courses.models.catalog import as_of
from courses.services import (
    held_seats_release,
    offering_cancel,
    offering_quotas_set,
    seat_request_adjust,
    seat_request_approve,
    seat_request_waitlist,
    seat_request_withdraw,
)

from .factories import make_centre, make_course, make_offering, make_seat_request, make_user

pytestmark = pytest.mark.django_db

RELEASE_IN_DAYS = 10


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Protection of Civilians"), partner_seats=5)


@pytest.fixture
def trainer_d(db):
    return make_user("trainer-d", centre=make_centre(short_name="DPC", slug="delta"))


def _release_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=RELEASE_IN_DAYS)


def _hold(offering, by, quotas) -> None:
    offering_quotas_set(
        offering=offering,
        by=by,
        quota_release_date=_release_date(),
        quotas={user.membership.centre_id: seats for user, seats in quotas.items()},
    )


def _status(seat_request: SeatRequest) -> tuple[str, int]:
    seat_request.refresh_from_db()
    return seat_request.status, seat_request.seats_approved


def _taken(offering) -> int:
    offering.refresh_from_db()
    return offering.partner_seats_taken


# --- Held seats ------------------------------------------------------------------------------


def test_before_the_release_date_another_centre_cannot_take_held_seats(
    offering, trainer_a, trainer_b, trainer_c
):
    _hold(offering, trainer_a, {trainer_b: 3})
    other = make_seat_request(offering, by=trainer_c, seats_requested=4)
    with pytest.raises(DomainError) as refused:
        seat_request_approve(seat_request=other, by=trainer_a)
    assert "Only 2 of the 5 partner seats are still free for this centre" in refused.value.message
    assert "3 seats are held for other partner centres until" in refused.value.message
    assert _status(other) == ("pending", 0)
    seat_request_approve(seat_request=other, by=trainer_a, seats_approved=2)
    # The centre the seats are held for still gets them.
    held_for = make_seat_request(offering, by=trainer_b, seats_requested=3)
    assert seat_request_approve(seat_request=held_for, by=trainer_a).seats_approved == 3
    assert _taken(offering) == 5


def test_from_the_release_date_unclaimed_held_seats_join_the_pool(
    offering, trainer_a, trainer_b, trainer_c
):
    _hold(offering, trainer_a, {trainer_b: 3})
    other = make_seat_request(offering, by=trainer_c, seats_requested=4)
    with as_of(_release_date()):
        assert seat_request_approve(seat_request=other, by=trainer_a).seats_approved == 4


def test_holding_more_than_the_partner_seats_or_for_the_host_is_refused(
    offering, trainer_a, trainer_b, trainer_c
):
    with pytest.raises(DomainError, match="opens only 5 partner seats"):
        _hold(offering, trainer_a, {trainer_b: 3, trainer_c: 3})
    with pytest.raises(DomainError, match="own centre needs no hold"):
        _hold(offering, trainer_a, {trainer_a: 1})
    with pytest.raises(DomainError, match="Only members of the host centre"):
        _hold(offering, trainer_b, {trainer_c: 1})
    with pytest.raises(DomainError, match="release date"):
        offering_quotas_set(
            offering=offering,
            by=trainer_a,
            quota_release_date=None,
            quotas={trainer_b.membership.centre_id: 1},
        )
    with pytest.raises(DomainError, match="on or before the offering starts"):
        offering_quotas_set(
            offering=offering,
            by=trainer_a,
            quota_release_date=offering.start_date + datetime.timedelta(days=1),
            quotas={trainer_b.membership.centre_id: 1},
        )
    assert not SeatQuota.objects.exists()
    offering.refresh_from_db()
    assert offering.quota_release_date is None


# --- The waitlist moves ----------------------------------------------------------------------


def test_freed_seats_promote_oldest_first_partially_if_need_be(
    offering, trainer_a, trainer_b, trainer_c, trainer_d, django_capture_on_commit_callbacks
):
    holder = make_seat_request(offering, by=trainer_b, seats_requested=5)
    seat_request_approve(seat_request=holder, by=trainer_a)
    oldest = make_seat_request(offering, by=trainer_c, seats_requested=3)
    seat_request_waitlist(seat_request=oldest, by=trainer_a)
    younger = make_seat_request(offering, by=trainer_d, seats_requested=3)
    seat_request_waitlist(seat_request=younger, by=trainer_a)
    seat_request_adjust(seat_request=holder, by=trainer_a, seats_approved=1)
    # 4 seats freed: the oldest gets its 3, the younger the 1 left (a partial approval).
    assert _status(oldest) == ("approved", 3)
    assert _status(younger) == ("approved", 1)
    assert _taken(offering) == 5
    event = oldest.events.get(action="promote")
    assert (event.actor, event.from_status, event.to_status, event.seats_approved) == (
        None,
        "waitlisted",
        "approved",
        3,
    )


def test_a_promotion_is_mailed_to_both_sides(
    offering, trainer_a, trainer_b, trainer_c, django_capture_on_commit_callbacks, deliver_outbox
):
    holder = make_seat_request(offering, by=trainer_b, seats_requested=5)
    seat_request_approve(seat_request=holder, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    deliver_outbox()  # what was queued before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seat_request_withdraw(seat_request=holder, by=trainer_b)
    deliver_outbox()
    promoted = [m for m in mail.outbox if "Promoted from the waitlist" in m.subject]
    assert len(promoted) == 2
    recipients = {address for m in promoted for address in m.to}
    assert trainer_a.email in recipients and trainer_c.email in recipients
    assert "2 of 2 seats approved" in promoted[0].body


def test_nothing_is_promoted_on_a_cancelled_offering(offering, trainer_a, trainer_b, trainer_c):
    holder = make_seat_request(offering, by=trainer_b, seats_requested=5)
    seat_request_approve(seat_request=holder, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    offering_cancel(offering=offering, by=trainer_a)
    seat_request_withdraw(seat_request=holder, by=trainer_b)
    assert _status(waiting) == ("waitlisted", 0)


def test_lowering_a_hold_promotes_the_waitlist(offering, trainer_a, trainer_b, trainer_c):
    _hold(offering, trainer_a, {trainer_b: 4})
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=3)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    _hold(offering, trainer_a, {trainer_b: 2})
    assert _status(waiting) == ("approved", 3)


def test_the_daily_release_promotes_once_and_is_idempotent(
    offering, trainer_a, trainer_b, trainer_c, django_capture_on_commit_callbacks
):
    _hold(offering, trainer_a, {trainer_b: 3})
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=4)
    seat_request_approve(seat_request=waiting, by=trainer_a, seats_approved=2)
    later = make_seat_request(offering, by=make_user(centre=make_centre()), seats_requested=2)
    seat_request_waitlist(seat_request=later, by=trainer_a)
    assert held_seats_release() == 0  # before the release date nothing moves
    assert _status(later) == ("waitlisted", 0)
    out = StringIO()
    call_command("release_held_seats", "--on", _release_date().isoformat(), stdout=out)
    assert "1 waitlisted request promoted" in out.getvalue()
    assert _status(later) == ("approved", 2)
    assert held_seats_release(on=_release_date()) == 0
    assert later.events.filter(action="promote").count() == 1
    assert _taken(offering) == 4


def test_refresh_next_offerings_runs_the_release(offering, trainer_a, trainer_b, trainer_c):
    _hold(offering, trainer_a, {trainer_b: 5})
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    with as_of(_release_date()):
        call_command("refresh_next_offerings", stdout=StringIO())
    assert _status(waiting) == ("approved", 2)


# --- The held-seats page ---------------------------------------------------------------------


def test_the_host_holds_seats_on_the_quotas_page(client, offering, trainer_a, trainer_b):
    url = reverse("offering-quotas", args=[offering.pk])
    client.force_login(trainer_a)
    page = client.get(url)
    assert page.status_code == 200
    centre_b = trainer_b.membership.centre
    choices = [c.pk for c in page.context["formset"].forms[0].fields["centre"].queryset]
    assert centre_b.pk in choices and trainer_a.membership.centre_id not in choices
    data = {
        "save": "1",
        "quota_release_date": _release_date().isoformat(),
        "quotas-TOTAL_FORMS": "2",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "20",
        "quotas-0-centre": str(centre_b.pk),
        "quotas-0-seats": "3",
        "quotas-1-centre": "",
        "quotas-1-seats": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    quota = SeatQuota.objects.get()
    assert (quota.centre, quota.seats) == (centre_b, 3)
    offering.refresh_from_db()
    assert offering.quota_release_date == _release_date()
    page = client.get(url).content.decode()
    assert "0 of 5 partner seats approved; 2 free for any centre." in page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"quotas-0-seats": "9"}, "opens only 5 partner seats"),
        ({"quotas-0-seats": "-1"}, "Enter at least 0 seats."),
        ({"quotas-1-centre": "same", "quotas-1-seats": "1"}, "listed twice"),
        ({"quotas-0-centre": "99999"}, "Select a valid choice"),
        ({"quotas-0-centre": "x\x00"}, "Null characters are not allowed"),
    ],
)
def test_a_bad_hold_is_shown_and_nothing_is_saved(
    client, offering, trainer_a, trainer_b, rows, message
):
    centre_b = trainer_b.membership.centre
    data = {
        "save": "1",
        "quota_release_date": _release_date().isoformat(),
        "quotas-TOTAL_FORMS": "2",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "20",
        "quotas-0-centre": str(centre_b.pk),
        "quotas-0-seats": "2",
    }
    data.update({k: (str(centre_b.pk) if v == "same" else v) for k, v in rows.items()})
    client.force_login(trainer_a)
    response = client.post(reverse("offering-quotas", args=[offering.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SeatQuota.objects.exists()


def test_only_the_host_opens_the_quotas_page(client, offering, trainer_b, network_admin):
    url = reverse("offering-quotas", args=[offering.pk])
    assert client.get(url).status_code == 302  # to the login page
    for user in (trainer_b, network_admin):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"release": "1"}).status_code == 404


def test_release_now_promotes_the_waitlist(client, offering, trainer_a, trainer_b, trainer_c):
    _hold(offering, trainer_a, {trainer_b: 5})
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    client.force_login(trainer_a)
    response = client.post(
        reverse("offering-quotas", args=[offering.pk]), {"release": "1"}, follow=True
    )
    assert "1 waitlisted request was promoted" in response.content.decode()
    assert _status(waiting) == ("approved", 2)
    offering.refresh_from_db()
    assert offering.quota_release_date == timezone.localdate()


def test_release_now_frees_the_seats_on_the_networks_clock_too(
    client, offering, trainer_a, trainer_c
):
    """At 23:30 on the network's clock (Jakarta) the host in Kuala Lumpur is already in the next
    day: its release makes the seats free for centres on the network's day as well."""
    from unittest import mock

    from courses.services.waitlist import quotas_active

    _hold(offering, trainer_a, {trainer_c: 5})
    network = zoneinfo.ZoneInfo("Asia/Jakarta")
    day = timezone.localdate(timezone=network)
    late = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=network)
    client.force_login(trainer_a)
    with mock.patch("django.utils.timezone.now", return_value=late):
        host_day = timezone.localdate(timezone=zoneinfo.ZoneInfo("Asia/Kuala_Lumpur"))
        client.post(reverse("offering-quotas", args=[offering.pk]), {"release": "1"})
        offering.refresh_from_db()
        assert host_day == day + datetime.timedelta(days=1)
        assert offering.quota_release_date == day
        assert not quotas_active(offering, on=day)


def test_the_request_form_says_which_seats_are_held_for_others(
    client, offering, trainer_a, trainer_b, trainer_c
):
    _hold(offering, trainer_a, {trainer_b: 3})
    url = reverse("offering-request", args=[offering.pk])
    client.force_login(trainer_c)
    page = client.get(url).content.decode()
    assert "3 partner seats are held for other partner centres until" in page
    client.force_login(trainer_b)  # the centre they are held for is not warned off
    assert "held for other partner centres" not in client.get(url).content.decode()


def test_only_the_host_moves_its_waitlist_on_demand(offering, trainer_a, trainer_b, trainer_c):
    from courses.services import waitlist_promote

    holder = make_seat_request(offering, by=trainer_b, seats_requested=5)
    seat_request_approve(seat_request=holder, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    with pytest.raises(DomainError, match="Only members of the host centre"):
        waitlist_promote(offering=offering, by=trainer_c)
    assert waitlist_promote(offering=offering, by=trainer_a) == []  # no seat is free
    assert _status(waiting) == ("waitlisted", 0)
