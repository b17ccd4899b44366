"""Seat requests: submitting, the refusals, every transition, the capacity rule and the e-mails."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from courses.exceptions import DomainError
from courses.models import (
    Offering,
    OfferingStatus,
    OutboxMessage,
    SeatRequest,
    SeatRequestEvent,
)
from courses.services import (
    offering_cancel,
    offering_update,
    seat_request_approve,
    seat_request_decline,
    seat_request_reopen,
    seat_request_submit,
    seat_request_waitlist,
    seat_request_withdraw,
)
from courses.services.exchange import DuplicateSeatRequest

from .factories import make_course, make_offering, make_seat_request, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Protection of Civilians"), partner_seats=5)


def _taken(offering: Offering) -> int:
    offering.refresh_from_db()
    return offering.partner_seats_taken


# --- Submitting ------------------------------------------------------------------------------


def test_a_member_of_another_centre_submits_a_pending_request_and_the_host_is_emailed(
    offering, trainer_a, admin_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        seat_request = make_seat_request(
            offering, by=trainer_b, seats_requested=3, women_nominated=1, message="Please"
        )
    assert seat_request.status == "pending"
    assert seat_request.requesting_centre == trainer_b.membership.centre
    event = seat_request.events.get()
    assert (event.action, event.to_status, event.actor) == ("submit", "pending", trainer_b)
    deliver_outbox()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == sorted(
        [offering.course.centre.contact_email, trainer_a.email, admin_a.email]
    )
    assert "Seat request from BPOC" in email.subject
    assert "Protection of Civilians" in email.subject
    assert f"/requests/{seat_request.pk}/" in email.body


def test_the_email_links_to_the_request_with_the_site_url(
    settings, offering, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    settings.SITE_URL = "https://apcn.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        seat_request = make_seat_request(offering, by=trainer_b)
    deliver_outbox()
    assert f"https://apcn.example.org/requests/{seat_request.pk}/" in mail.outbox[0].body


def test_requesting_seats_on_your_own_centres_offering_is_refused(offering, trainer_a):
    with pytest.raises(DomainError, match="your own centre"):
        make_seat_request(offering, by=trainer_a)
    assert not SeatRequest.objects.exists()


def test_requesting_seats_on_a_cancelled_offering_is_refused(offering, trainer_a, trainer_b):
    offering_cancel(offering=offering, by=trainer_a)
    with pytest.raises(DomainError, match="cancelled"):
        make_seat_request(offering, by=trainer_b)
    assert not SeatRequest.objects.exists()


def test_requesting_seats_on_a_past_offering_is_refused(centre_a, trainer_b):
    past = make_offering(make_course(centre_a), start_in_days=-3)
    with pytest.raises(DomainError, match="already started"):
        make_seat_request(past, by=trainer_b)
    assert not SeatRequest.objects.exists()


def test_requesting_seats_after_the_deadline_is_refused(centre_a, trainer_b):
    today = timezone.localdate()
    late = make_offering(
        make_course(centre_a),
        start_in_days=10,
        application_deadline=today - datetime.timedelta(days=1),
    )
    with pytest.raises(DomainError, match="deadline"):
        make_seat_request(late, by=trainer_b)
    assert not SeatRequest.objects.exists()


def test_more_women_than_seats_is_refused_on_the_women_field(offering, trainer_b):
    with pytest.raises(DomainError) as refused:
        make_seat_request(offering, by=trainer_b, seats_requested=2, women_nominated=3)
    assert refused.value.field == "women_nominated"
    assert not SeatRequest.objects.exists()


def test_more_seats_than_the_offering_opens_to_partners_is_refused(offering, trainer_b):
    with pytest.raises(DomainError) as refused:
        make_seat_request(offering, by=trainer_b, seats_requested=6)
    assert refused.value.field == "seats_requested"
    assert not SeatRequest.objects.exists()


def test_a_second_open_request_from_the_same_centre_names_the_first(offering, trainer_b, admin_b):
    first = make_seat_request(offering, by=trainer_b)
    with pytest.raises(DuplicateSeatRequest) as refused:
        make_seat_request(offering, by=admin_b)
    assert refused.value.existing == first
    assert f"#{first.pk}" in refused.value.message
    assert SeatRequest.objects.count() == 1


def test_a_new_request_is_allowed_once_the_first_is_closed(offering, trainer_a, trainer_b):
    first = make_seat_request(offering, by=trainer_b)
    seat_request_decline(seat_request=first, by=trainer_a)
    second = make_seat_request(offering, by=trainer_b)
    assert second.status == "pending"


def test_a_user_cannot_request_seats_for_another_centre(offering, trainer_b, centre_c):
    with pytest.raises(DomainError, match="your own centre"):
        seat_request_submit(offering=offering, centre=centre_c, by=trainer_b, seats_requested=1)
    assert not SeatRequest.objects.exists()


# --- Transitions -----------------------------------------------------------------------------


def _in_status(offering, status, *, host, requester):
    seat_request = make_seat_request(offering, by=requester, seats_requested=2)
    if status == "approved":
        seat_request_approve(seat_request=seat_request, by=host)
    elif status == "waitlisted":
        seat_request_waitlist(seat_request=seat_request, by=host)
    elif status == "declined":
        seat_request_decline(seat_request=seat_request, by=host)
    elif status == "withdrawn":
        seat_request_withdraw(seat_request=seat_request, by=requester)
    seat_request.refresh_from_db()
    assert seat_request.status == status
    return seat_request


HOST, REQUESTER = "host", "requester"
ACTIONS = {
    "approve": (seat_request_approve, HOST),
    "waitlist": (seat_request_waitlist, HOST),
    "decline": (seat_request_decline, HOST),
    "withdraw": (seat_request_withdraw, REQUESTER),
    "reopen": (seat_request_reopen, REQUESTER),
}
ALLOWED = {
    ("pending", "approve"): "approved",
    ("pending", "waitlist"): "waitlisted",
    ("pending", "decline"): "declined",
    ("pending", "withdraw"): "withdrawn",
    ("waitlisted", "approve"): "approved",
    ("waitlisted", "decline"): "declined",
    ("waitlisted", "withdraw"): "withdrawn",
    ("approved", "decline"): "declined",
    ("approved", "withdraw"): "withdrawn",
    ("declined", "reopen"): "pending",
    ("withdrawn", "reopen"): "pending",
}
STATUSES = ["pending", "waitlisted", "approved", "declined", "withdrawn"]


@pytest.mark.parametrize(("status", "action"), sorted(ALLOWED))
def test_allowed_transition_changes_the_status_and_records_who_and_when(
    offering, trainer_a, trainer_b, status, action
):
    seat_request = _in_status(offering, status, host=trainer_a, requester=trainer_b)
    service, side = ACTIONS[action]
    actor = trainer_a if side == HOST else trainer_b
    before = timezone.now()
    result = service(seat_request=seat_request, by=actor, response="Noted")
    assert result.status == ALLOWED[(status, action)]
    event = result.events.order_by("-pk").first()
    assert (event.action, event.from_status, event.to_status) == (
        action,
        status,
        ALLOWED[(status, action)],
    )
    assert event.actor == actor
    assert event.created_at >= before
    # The stored count of approved seats stays exact after every change.
    assert _taken(offering) == (2 if result.status == "approved" else 0)


FORBIDDEN = [(s, a) for s in STATUSES for a in ACTIONS if (s, a) not in ALLOWED]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_changes_nothing(
    offering, trainer_a, trainer_b, status, action
):
    seat_request = _in_status(offering, status, host=trainer_a, requester=trainer_b)
    events_before = seat_request.events.count()
    taken_before = _taken(offering)
    service, side = ACTIONS[action]
    with pytest.raises(DomainError):
        service(seat_request=seat_request, by=trainer_a if side == HOST else trainer_b)
    seat_request.refresh_from_db()
    assert seat_request.status == status
    assert seat_request.events.count() == events_before
    assert _taken(offering) == taken_before


@pytest.mark.parametrize("action", ["approve", "waitlist", "decline"])
def test_the_requesting_centre_cannot_decide_its_own_request(offering, trainer_b, action):
    seat_request = make_seat_request(offering, by=trainer_b)
    with pytest.raises(DomainError):
        ACTIONS[action][0](seat_request=seat_request, by=trainer_b)
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"


@pytest.mark.parametrize("action", ["withdraw", "approve"])
def test_a_third_centre_cannot_touch_the_request(offering, trainer_b, trainer_c, action):
    seat_request = make_seat_request(offering, by=trainer_b)
    with pytest.raises(DomainError):
        ACTIONS[action][0](seat_request=seat_request, by=trainer_c)
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"


def test_the_host_cannot_withdraw_a_request_for_the_requester(offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b)
    with pytest.raises(DomainError):
        seat_request_withdraw(seat_request=seat_request, by=trainer_a)
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"


def test_reopen_is_refused_when_the_centre_has_opened_another_request(
    offering, trainer_a, trainer_b
):
    first = make_seat_request(offering, by=trainer_b)
    seat_request_decline(seat_request=first, by=trainer_a)
    second = make_seat_request(offering, by=trainer_b)
    with pytest.raises(DuplicateSeatRequest) as refused:
        seat_request_reopen(seat_request=first, by=trainer_b)
    assert refused.value.existing == second
    first.refresh_from_db()
    assert first.status == "declined"


# --- Capacity --------------------------------------------------------------------------------


def test_approving_fewer_seats_than_requested(offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request = seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    assert seat_request.seats_approved == 2
    assert _taken(offering) == 2


@pytest.mark.parametrize("seats", [0, 5])
def test_approving_zero_or_more_than_requested_is_refused_on_the_field(
    offering, trainer_a, trainer_b, seats
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    with pytest.raises(DomainError) as refused:
        seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=seats)
    assert refused.value.field == "seats_approved"
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"
    assert _taken(offering) == 0


def test_second_approval_cannot_overbook_partner_seats(offering, trainer_a, trainer_b, trainer_c):
    first = make_seat_request(offering, by=trainer_b, seats_requested=4)
    second = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_approve(seat_request=first, by=trainer_a)
    with pytest.raises(DomainError, match="Only 1 of the 5 partner seats") as refused:
        seat_request_approve(seat_request=second, by=trainer_a)
    assert refused.value.field == "seats_approved"
    second.refresh_from_db()
    assert second.status == "pending"
    assert _taken(offering) == 4
    # Approving the one seat left is fine: the offering is then full.
    seat_request_approve(seat_request=second, by=trainer_a, seats_approved=1)
    assert _taken(offering) == 5


@pytest.mark.parametrize(
    ("action", "actor"), [("withdraw", "requester"), ("decline", "host")], ids=str
)
def test_freeing_approved_seats_promotes_the_waitlist(
    offering, trainer_a, trainer_b, trainer_c, action, actor
):
    holder = make_seat_request(offering, by=trainer_b, seats_requested=5)
    seat_request_approve(seat_request=holder, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=3)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    with pytest.raises(DomainError):
        seat_request_approve(seat_request=waiting, by=trainer_a)
    ACTIONS[action][0](seat_request=holder, by=trainer_b if actor == "requester" else trainer_a)
    # The freed seats go to the waitlist at once, in the same transaction.
    waiting.refresh_from_db()
    assert waiting.status == "approved"
    assert waiting.seats_approved == 3
    assert _taken(offering) == 3


def test_raising_partner_seats_frees_seats_for_the_waitlist(
    offering, trainer_a, trainer_b, trainer_c
):
    seat_request_approve(
        seat_request=make_seat_request(offering, by=trainer_b, seats_requested=5), by=trainer_a
    )
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    offering_update(offering=offering, by=trainer_a, partner_seats=7)
    waiting.refresh_from_db()
    assert waiting.status == "approved"
    assert waiting.seats_approved == 2
    assert _taken(offering) == 7


def test_lowering_partner_seats_below_the_approved_seats_is_refused(offering, trainer_a, trainer_b):
    seat_request_approve(
        seat_request=make_seat_request(offering, by=trainer_b, seats_requested=4), by=trainer_a
    )
    with pytest.raises(DomainError) as refused:
        offering_update(offering=offering, by=trainer_a, partner_seats=3)
    assert refused.value.field == "partner_seats"
    offering.refresh_from_db()
    assert offering.partner_seats == 5


# --- Cancelling an offering ------------------------------------------------------------------


def test_cancelling_an_offering_tells_the_centres_with_open_requests(
    offering, trainer_a, trainer_b, trainer_c, django_capture_on_commit_callbacks, deliver_outbox
):
    approved = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seat_request_approve(seat_request=approved, by=trainer_a)
    pending = make_seat_request(offering, by=trainer_c, seats_requested=1)
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offering_cancel(offering=offering, by=trainer_a)
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.CANCELLED
    deliver_outbox()
    assert len(mail.outbox) == 2
    by_recipient = {tuple(sorted(m.to)): m for m in mail.outbox}
    to_b = by_recipient[tuple(sorted([trainer_b.membership.centre.contact_email, trainer_b.email]))]
    assert "Offering cancelled" in to_b.subject
    assert f"/requests/{approved.pk}/" in to_b.body
    assert "2 seats approved" in to_b.body
    for seat_request in (approved, pending):
        assert seat_request.events.filter(action="offering-cancelled", actor=trainer_a).exists()
    with pytest.raises(DomainError, match="cancelled"):
        seat_request_approve(seat_request=pending, by=trainer_a)


def test_a_cancelled_offering_cannot_be_rescheduled(offering, trainer_a):
    offering_cancel(offering=offering, by=trainer_a)
    with pytest.raises(DomainError) as refused:
        offering_update(offering=offering, by=trainer_a, status=OfferingStatus.SCHEDULED)
    assert refused.value.field == "status"


# --- E-mails on decisions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "side", "subject_word"),
    [
        ("approve", HOST, "approved"),
        ("waitlist", HOST, "waitlisted"),
        ("decline", HOST, "declined"),
        ("withdraw", REQUESTER, "withdrawn"),
    ],
)
def test_every_decision_emails_the_other_side_with_a_link(
    offering,
    trainer_a,
    trainer_b,
    admin_b,
    action,
    side,
    subject_word,
    django_capture_on_commit_callbacks,
    deliver_outbox,
):
    seat_request = make_seat_request(offering, by=trainer_b)
    deliver_outbox()
    mail.outbox.clear()
    actor = trainer_a if side == HOST else trainer_b
    with django_capture_on_commit_callbacks(execute=True):
        ACTIONS[action][0](seat_request=seat_request, by=actor, response="See you there")
    deliver_outbox()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    other = (
        [trainer_b.membership.centre.contact_email, trainer_b.email, admin_b.email]
        if side == HOST
        else [trainer_a.membership.centre.contact_email, trainer_a.email]
    )
    assert sorted(email.to) == sorted(other)
    assert subject_word in email.subject
    assert f"/requests/{seat_request.pk}/" in email.body


def test_members_without_email_and_inactive_members_are_not_recipients(
    offering, centre_b, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    make_user("no-mail", centre=centre_b, email="")
    make_user("gone", centre=centre_b, is_active=False)
    seat_request = make_seat_request(offering, by=trainer_b)
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seat_request_approve(seat_request=seat_request, by=trainer_a)
    deliver_outbox()
    assert sorted(mail.outbox[0].to) == sorted([centre_b.contact_email, trainer_b.email])


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failed_send_is_logged_and_the_decision_stands(
    settings,
    offering,
    trainer_a,
    trainer_b,
    caplog,
    django_capture_on_commit_callbacks,
    deliver_outbox,
):
    seat_request = make_seat_request(offering, by=trainer_b)
    settings.EMAIL_BACKEND = "tests.test_seat_requests.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        seat_request_approve(seat_request=seat_request, by=trainer_a)
    deliver_outbox()
    seat_request.refresh_from_db()
    assert seat_request.status == "approved"
    assert _taken(offering) == 2
    assert "Could not send" in caplog.text
    # The notice is not lost: it waits for its next attempt.
    approval = OutboxMessage.objects.get(topic="seat_request_approve")
    assert (approval.status, approval.attempts) == ("pending", 1)
    assert "mail server down" in approval.last_error


def test_no_email_is_sent_when_the_change_is_rolled_back(
    offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=9)
    deliver_outbox()
    assert mail.outbox == []
    assert not SeatRequestEvent.objects.filter(action="approve").exists()


def test_withdrawing_approved_seats_tells_the_host_they_are_free_again(
    offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=3)
    seat_request_approve(seat_request=seat_request, by=trainer_a, response="Welcome")
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seat_request_withdraw(seat_request=seat_request, by=trainer_b, response="Deployment moved")
    deliver_outbox()
    (email,) = mail.outbox
    assert trainer_a.email in email.to
    assert "5 partner seats are free now" in email.body
    assert "withdrew its request" in email.body
    assert "Deployment moved" in email.body
    assert "Welcome" not in email.body


def test_requesting_seats_on_an_archived_course_is_refused(centre_a, trainer_b):
    from courses.services import course_archive

    course = make_course(centre_a)
    offering = make_offering(course)
    course_archive(course=course, by=None)
    with pytest.raises(DomainError, match="not in the catalog"):
        make_seat_request(offering, by=trainer_b)
    assert not SeatRequest.objects.exists()
