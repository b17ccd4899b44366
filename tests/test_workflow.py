"""The one request engine: seat requests and access requests move through the same machine —
its moves, who may make them, the timeline it writes, decisions that never cross, and the
confirmation a destructive action asks for."""

from __future__ import annotations

import pytest
from django.core import mail

from courses import workflow
from courses.exceptions import DomainError
from courses.models import AccessRequestStatus, SeatRequest
from courses.services import (
    access_request_grant,
    access_request_refuse,
    access_request_submit,
    seat_request_adjust,
    seat_request_approve,
    seat_request_ask_more,
    seat_request_decline,
    seat_request_waitlist,
    seat_request_withdraw,
)
from courses.workflow import StaleDecision

from .factories import make_course, make_offering, make_seat_request
from .resource_factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Protection of Civilians"), partner_seats=5)


def _state(seat_request: SeatRequest) -> tuple:
    seat_request.refresh_from_db()
    return (
        seat_request.status,
        seat_request.seats_requested,
        seat_request.seats_approved,
        seat_request.events.count(),
    )


# --- One engine for both kinds ---------------------------------------------------------------


def test_both_kinds_of_request_share_the_engine_and_its_timeline(
    offering, trainer_a, trainer_b, reference_data
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    engine = workflow.seat_requests()
    assert engine.actions_for(trainer_a, seat_request) == ["approve", "waitlist", "decline"]
    assert engine.actions_for(trainer_b, seat_request) == ["ask-more", "withdraw"]
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    assert [e.action for e in engine.events(seat_request).order_by("pk")] == ["submit", "approve"]

    resource = make_resource(trainer_a.membership.centre, visibility="centre")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="For PoC")
    access = workflow.access_requests()
    assert access.actions_for(trainer_a, access_request) == ["grant", "refuse"]
    assert access.actions_for(trainer_b, access_request) == ["withdraw"]
    access_request_grant(access_request=access_request, by=trainer_a)
    assert [e.action for e in access.events(access_request).order_by("pk")] == [
        "requested",
        "granted",
    ]


def test_a_system_move_cannot_be_made_by_a_user(offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_waitlist(seat_request=seat_request, by=trainer_a)
    before = _state(seat_request)
    with pytest.raises(DomainError, match="Only the system"):
        workflow.seat_requests().move(seat_request, "promote", by=trainer_a)
    assert _state(seat_request) == before


def test_the_other_side_cannot_make_a_move(offering, trainer_a, trainer_b, trainer_c):
    seat_request = make_seat_request(offering, by=trainer_b)
    before = _state(seat_request)
    for user in (trainer_b, trainer_c):
        with pytest.raises(DomainError, match="cannot take this action"):
            seat_request_approve(seat_request=seat_request, by=user)
    with pytest.raises(DomainError, match="cannot take this action"):
        seat_request_withdraw(seat_request=seat_request, by=trainer_a)
    assert _state(seat_request) == before


# --- Decisions never cross -------------------------------------------------------------------


def test_a_stale_decline_after_an_approval_is_refused_and_changes_nothing(
    offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seen = workflow.seat_requests().seen(seat_request)  # both host tabs show this state
    seat_request_approve(seat_request=seat_request, by=trainer_a, seen=seen)
    before = _state(seat_request)
    deliver_outbox()  # what was queued before
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(StaleDecision) as refused,
    ):
        seat_request_decline(seat_request=seat_request, by=trainer_a, seen=seen)
    assert "This request was approved by trainer-a at" in refused.value.message
    assert "look again" in refused.value.message
    assert _state(seat_request) == before
    deliver_outbox()
    assert mail.outbox == []


def test_a_stale_decision_with_the_same_status_is_refused_too(offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    seen = workflow.seat_requests().seen(seat_request)
    seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=3, seen=seen)
    before = _state(seat_request)
    with pytest.raises(StaleDecision, match="changed \\(approved seats\\) by trainer-a"):
        seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=1, seen=seen)
    assert _state(seat_request) == before


def test_a_stale_access_decision_is_refused(trainer_a, trainer_b, reference_data):
    resource = make_resource(trainer_a.membership.centre, visibility="centre")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="For PoC")
    seen = workflow.access_requests().seen(access_request)
    access_request_grant(access_request=access_request, by=trainer_a, seen=seen)
    with pytest.raises(StaleDecision, match="was granted by trainer-a"):
        access_request_refuse(access_request=access_request, by=trainer_a, seen=seen)
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.GRANTED


def test_two_host_tabs_on_the_page_the_second_decision_is_refused(
    client, offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    client.force_login(trainer_a)
    tab_1 = client.get(seat_request.get_absolute_url()).context["seen"]
    tab_2 = client.get(seat_request.get_absolute_url()).context["seen"]
    assert (
        f'name="seen" value="{tab_1}"'
        in client.get(seat_request.get_absolute_url()).content.decode()
    )
    deliver_outbox()  # what was queued before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            seat_request.get_absolute_url(), {"action": "approve", "seen": tab_1}
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            seat_request.get_absolute_url(),
            {"action": "decline", "seen": tab_2, "confirmed": "1"},
        )
    assert response.status_code == 200
    assert "This request was approved by trainer-a at" in response.content.decode()
    seat_request.refresh_from_db()
    assert (seat_request.status, seat_request.seats_approved) == ("approved", 2)
    deliver_outbox()
    assert len(mail.outbox) == 1  # the approval's mail only: no contradicting second one


def test_an_admin_action_on_a_request_that_moved_says_what_happened(
    client, offering, admin_a, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_decline(seat_request=seat_request, by=trainer_a)
    client.force_login(admin_a)
    response = client.post(
        "/admin/courses/seatrequest/",
        {"action": "approve", "_selected_action": [seat_request.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Nothing was changed" in text
    assert "This request was declined by trainer-a at" in text
    seat_request.refresh_from_db()
    assert seat_request.status == "declined"


# --- Partial approvals: no dead ends ---------------------------------------------------------


def test_partial_approval_reads_2_of_4_seats_approved(client, offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    client.force_login(trainer_b)
    page = client.get(seat_request.get_absolute_url()).content.decode()
    assert "2 of 4 seats approved" in page


def test_the_host_raises_and_lowers_the_approved_seats(
    offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    deliver_outbox()  # what was queued before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=4)
    offering.refresh_from_db()
    assert offering.partner_seats_taken == 4
    deliver_outbox()
    (email,) = mail.outbox
    assert trainer_b.email in email.to
    assert "from 2: 4 of 4 seats approved" in email.body
    seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=1)
    offering.refresh_from_db()
    assert offering.partner_seats_taken == 1
    assert [e.seats_approved for e in seat_request.events.filter(action="adjust")] == [4, 1]


def test_raising_beyond_the_free_seats_is_refused(offering, trainer_a, trainer_b, trainer_c):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    other = make_seat_request(offering, by=trainer_c, seats_requested=3)
    seat_request_approve(seat_request=other, by=trainer_a)
    before = _state(seat_request)
    # The request's own 2 seats are not "free": the message says what more there is.
    with pytest.raises(DomainError) as refused:
        seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=3)
    assert refused.value.message == (
        "Only 0 more of the 5 partner seats are free for this centre beyond the 2 approved; "
        "keep the approved seats as they are or open more partner seats."
    )
    assert _state(seat_request) == before


def test_lowering_below_named_participants_is_refused_with_the_reason(
    offering, trainer_a, trainer_b, monkeypatch
):
    from courses.services import exchange

    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    monkeypatch.setattr(exchange, "named_participants", lambda seat_request: 3)
    with pytest.raises(DomainError, match="3 participants are named"):
        seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=2)
    seat_request.refresh_from_db()
    assert seat_request.seats_approved == 4


def test_the_requester_asks_for_more_on_the_same_request_and_keeps_its_seats(
    offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    deliver_outbox()  # what was queued before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seat_request_ask_more(
            seat_request=seat_request, by=trainer_b, seats_requested=4, note="Two more officers"
        )
    seat_request.refresh_from_db()
    assert (seat_request.status, seat_request.seats_requested, seat_request.seats_approved) == (
        "approved",
        4,
        2,
    )
    deliver_outbox()
    (email,) = mail.outbox
    assert trainer_a.email in email.to
    assert "2 of 4 seats approved" in email.body
    with pytest.raises(DomainError, match="asks for 4 seats already"):
        seat_request_ask_more(seat_request=seat_request, by=trainer_b, seats_requested=3)
    with pytest.raises(DomainError, match="opens 5 seats to partner centres"):
        seat_request_ask_more(seat_request=seat_request, by=trainer_b, seats_requested=6)
    with pytest.raises(DomainError, match="cannot take this action"):
        seat_request_ask_more(seat_request=seat_request, by=trainer_a, seats_requested=5)


def test_after_a_partial_approval_the_host_may_still_change_or_decline(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    client.force_login(trainer_a)
    response = client.get(seat_request.get_absolute_url())
    assert response.context["actions"] == ["adjust", "decline"]
    page = response.content.decode()
    # Nothing destructive is pre-selected: the host chooses.
    assert 'value="decline" checked' not in page and "checked" not in page.split("Timeline")[0]


# --- Destructive actions ask for confirmation -------------------------------------------------


@pytest.mark.parametrize(("action", "who"), [("withdraw", "requester"), ("decline", "host")])
def test_giving_up_approved_seats_asks_for_confirmation_first(
    client, offering, trainer_a, trainer_b, action, who
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=3)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    client.force_login(trainer_b if who == "requester" else trainer_a)
    seen = client.get(seat_request.get_absolute_url()).context["seen"]
    before = _state(seat_request)
    response = client.post(
        seat_request.get_absolute_url(), {"action": action, "seen": seen, "response": "Sorry"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The 3 approved seats are given up" in page
    assert 'name="confirmed" value="1"' in page
    assert 'name="response" value="Sorry"' in page
    assert _state(seat_request) == before  # nothing happened yet
    response = client.post(
        seat_request.get_absolute_url(),
        {"action": action, "seen": seen, "response": "Sorry", "confirmed": "1"},
    )
    assert response.status_code == 302
    seat_request.refresh_from_db()
    assert seat_request.status == ("withdrawn" if action == "withdraw" else "declined")


def test_declining_a_pending_request_needs_no_confirmation(client, offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b)
    client.force_login(trainer_a)
    response = client.post(seat_request.get_absolute_url(), {"action": "decline"})
    assert response.status_code == 302
    seat_request.refresh_from_db()
    assert seat_request.status == "declined"


def test_the_page_walks_partial_approval_ask_for_more_and_raise(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    url = seat_request.get_absolute_url()
    client.force_login(trainer_a)
    seen = client.get(url).context["seen"]
    assert (
        client.post(url, {"action": "approve", "seats_approved": "1", "seen": seen}).status_code
        == 302
    )
    client.force_login(trainer_b)
    seen = client.get(url).context["seen"]
    response = client.post(url, {"action": "ask-more", "seats_requested": "3", "seen": seen})
    assert response.status_code == 302
    client.force_login(trainer_a)
    response = client.get(url)
    assert "1 of 3 seats approved" in response.content.decode()
    response = client.post(
        url, {"action": "adjust", "seats_approved": "3", "seen": response.context["seen"]}
    )
    assert response.status_code == 302
    seat_request.refresh_from_db()
    assert (seat_request.seats_requested, seat_request.seats_approved) == (3, 3)
    # A missing number is a form error, never a crash.
    response = client.post(url, {"action": "adjust", "seen": client.get(url).context["seen"]})
    assert response.status_code == 200
    assert "Give the new number of seats approved." in response.content.decode()


def test_the_access_request_page_refuses_a_stale_answer(
    client, trainer_a, trainer_b, reference_data
):
    resource = make_resource(trainer_a.membership.centre, visibility="centre")
    access_request = access_request_submit(resource=resource, by=trainer_b, message="For PoC")
    client.force_login(trainer_a)
    page = client.get(access_request.get_absolute_url())
    seen = page.context["seen"]
    assert f'name="seen" value="{seen}"' in page.content.decode()
    access_request_grant(access_request=access_request, by=trainer_a)  # in another tab
    response = client.post(
        access_request.get_absolute_url(), {"action": "refuse", "seen": seen}, follow=True
    )
    assert "This request was granted by trainer-a at" in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.GRANTED
