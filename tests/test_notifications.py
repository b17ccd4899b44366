"""What the notices say and to whom: templates, languages, plurals, muting, deliverers."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from courses.models import OutboxKind, OutboxMessage, OutboxStatus
from courses.notifications import (
    DELIVERERS,
    centre_audience,
    centre_recipients,
    enqueue,
    muted,
    recipient_language,
)
from courses.services import seat_request_approve

from .factories import make_course, make_offering, make_seat_request, make_user
from .test_outbox import _time_passes

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(
        make_course(centre_a, title="Civilians <script>alert(1)</script> & Co"), partner_seats=5
    )


@pytest.fixture
def vietnamese_reader(monkeypatch):
    """Users named here read their mail in Vietnamese, as a member's language preference says.

    The member's `preferences` (language and time zone) live beside the user; this stands in
    for them with the same attribute path `recipient_language` reads.
    """
    readers: set[str] = set()

    def preferences(user):
        return SimpleNamespace(language="vi") if user.username in readers else None

    monkeypatch.setattr(get_user_model(), "preferences", property(preferences), raising=False)
    return readers


def test_recipient_language_is_the_users_choice_or_the_site_default(settings):
    settings.LANGUAGE_CODE = "en"
    assert recipient_language(SimpleNamespace(preferences=SimpleNamespace(language="th"))) == "th"
    assert recipient_language(SimpleNamespace(preferences=SimpleNamespace(language=""))) == "en"
    assert recipient_language(SimpleNamespace(preferences=None)) == "en"
    assert recipient_language(SimpleNamespace()) == "en"


def test_a_centre_is_its_active_members_with_an_address_and_its_contact_address(
    centre_b, trainer_b, admin_b
):
    make_user("no-mail-b", centre=centre_b, email="")
    make_user("gone-b", centre=centre_b, is_active=False)
    assert centre_recipients(centre_b) == sorted(
        [centre_b.contact_email, trainer_b.email, admin_b.email]
    )
    contact = [r for r in centre_audience(centre_b) if r.address == centre_b.contact_email]
    assert [r.language for r in contact] == ["en"]


def test_each_language_gets_its_own_message_rendered_in_it(
    offering, centre_a, trainer_a, admin_a, trainer_b, vietnamese_reader, deliver_outbox
):
    vietnamese_reader.add("admin-a")
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=1)
    messages = {m.language: m for m in OutboxMessage.objects.all()}
    assert set(messages) == {"en", "vi"}
    assert messages["vi"].recipients == [admin_a.email]
    assert messages["en"].recipients == sorted([centre_a.contact_email, trainer_a.email])
    assert '<html lang="vi">' in messages["vi"].body_html
    assert '<html lang="en">' in messages["en"].body_html

    deliver_outbox()
    by_language = {tuple(email.to): email for email in mail.outbox}
    assert set(by_language) == {(admin_a.email,), tuple(messages["en"].recipients)}
    for email in mail.outbox:
        assert f"/requests/{seat_request.pk}/" in email.body


def test_the_text_is_plain_and_the_html_escapes_what_users_typed(offering, trainer_b):
    make_seat_request(offering, by=trainer_b, message="Bring <b>boots</b>")
    message = OutboxMessage.objects.get()
    assert "Civilians <script>alert(1)</script> & Co" in message.subject
    assert "Civilians <script>alert(1)</script> & Co" in message.body_text
    assert "Bring <b>boots</b>" in message.body_text
    assert "<script>" not in message.body_html
    assert "Civilians &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in message.body_html
    assert "Bring &lt;b&gt;boots&lt;/b&gt;" in message.body_html


@pytest.mark.parametrize(("seats", "words"), [(1, "1 seat on"), (3, "3 seats on")])
def test_seat_counts_are_said_in_the_singular_or_the_plural(offering, trainer_b, seats, words):
    make_seat_request(offering, by=trainer_b, seats_requested=seats)
    message = OutboxMessage.objects.get()
    assert words in message.subject
    assert "seat(s)" not in message.subject + message.body_text + message.body_html


def test_an_approval_names_the_seats_and_the_answer(offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=3)
    seat_request_approve(
        seat_request=seat_request, by=trainer_a, seats_approved=2, response="Two only."
    )
    message = OutboxMessage.objects.get(topic="seat_request_approve")
    assert "approved 2 of the 3 seats BPOC requested on:" in message.body_text
    assert "Two only." in message.body_text and "Two only." in message.body_html
    assert message.recipients == sorted(
        [seat_request.requesting_centre.contact_email, trainer_b.email]
    )


def test_nothing_is_queued_while_muted(offering, trainer_b):
    with muted():
        make_seat_request(offering, by=trainer_b)
    assert not OutboxMessage.objects.exists()


def test_another_kind_of_message_is_delivered_by_its_registered_deliverer(
    monkeypatch, deliver_outbox
):
    """The way webhooks plug in: a deliverer for the kind, the same queue and retries."""
    delivered = []

    def post_webhook(message: OutboxMessage) -> None:
        if not delivered:
            delivered.append(None)
            raise ConnectionError("receiver down")
        delivered.append((message.recipients, message.payload))

    monkeypatch.setitem(DELIVERERS, OutboxKind.WEBHOOK, post_webhook)
    message = enqueue(
        kind=OutboxKind.WEBHOOK,
        topic="seat_request.approved",
        recipients=["https://partner.example/hooks/apcn"],
        payload={"event": "seat_request.approved", "id": 7},
    )
    deliver_outbox()
    message.refresh_from_db()
    assert (message.status, message.last_error) == (
        OutboxStatus.PENDING,
        "ConnectionError: receiver down",
    )
    _time_passes(datetime.timedelta(minutes=5))
    assert deliver_outbox() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert delivered[-1] == (
        ["https://partner.example/hooks/apcn"],
        {"event": "seat_request.approved", "id": 7},
    )
    assert mail.outbox == []


def test_a_kind_without_a_deliverer_is_kept_and_retried_not_dropped(monkeypatch, deliver_outbox):
    monkeypatch.delitem(DELIVERERS, OutboxKind.WEBHOOK, raising=False)
    message = enqueue(kind=OutboxKind.WEBHOOK, topic="x", recipients=["https://example.org/"])
    deliver_outbox()
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert "no deliverer" in message.last_error


def test_a_written_message_without_a_template_still_goes_through_the_outbox(deliver_outbox):
    from django.db import transaction

    from courses.notifications import send_after_commit

    with transaction.atomic():
        send_after_commit("[APCN] Notice", "Plain words.", [" Ops@Example.org ", ""])
    assert mail.outbox == []
    deliver_outbox()
    [email] = mail.outbox
    assert (email.subject, email.body, email.to) == (
        "[APCN] Notice",
        "Plain words.",
        ["ops@example.org"],
    )
