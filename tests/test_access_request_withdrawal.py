"""The requesting centre withdraws its pending access request: the service, the page, the admin."""

from __future__ import annotations

import threading

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import (
    AccessRequestStatus,
    ResourceAccessGrant,
    ResourceAccessRequest,
    ResourceAccessRequestEvent,
)
from courses.services.library import (
    access_request_grant,
    access_request_refuse,
    access_request_submit,
    access_request_withdraw,
)
from courses.views.library import access_requests_context

from .factories import make_centre, make_user
from .resource_factories import make_resource


@pytest.fixture
def private(centre_a, trainer_a):
    return make_resource(centre_a, by=trainer_a, visibility="centre", title="Closed handbook")


@pytest.fixture
def asked(private, trainer_b):
    return access_request_submit(resource=private, by=trainer_b, message="For our POC course.")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _snapshot(access_request: ResourceAccessRequest) -> tuple:
    """What a refused withdrawal must leave as it was."""
    access_request.refresh_from_db()
    return (
        access_request.status,
        access_request.updated_at,
        list(access_request.events.values_list("action", flat=True)),
        ResourceAccessGrant.objects.count(),
    )


# --- the service --------------------------------------------------------------------------


def test_the_requesting_centre_withdraws_and_the_owner_is_mailed(
    asked, trainer_a, trainer_b, centre_a, django_capture_on_commit_callbacks, deliver_outbox
):
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = access_request_withdraw(
            access_request=asked, by=trainer_b, note="We found another handbook."
        )
    asked.refresh_from_db()
    assert withdrawn.status == asked.status == AccessRequestStatus.WITHDRAWN
    # A withdrawal is not an answer of the owner centre.
    assert asked.decided_by is None and asked.decided_at is None
    event = asked.events.last()
    assert (event.action, event.from_status, event.to_status, event.actor, event.note) == (
        "withdrawn",
        "pending",
        "withdrawn",
        trainer_b,
        "We found another handbook.",
    )
    assert not ResourceAccessRequest.objects.incoming_for(centre_a).pending().exists()
    deliver_outbox()
    [message] = mail.outbox
    assert trainer_a.email in message.to
    assert trainer_b.email not in message.to
    assert "BPOC withdrew its request" in message.subject
    assert "We found another handbook." in message.body


def test_any_member_of_the_requesting_centre_may_withdraw(asked, centre_b):
    colleague = make_user("colleague-b", centre=centre_b)
    access_request_withdraw(access_request=asked, by=colleague)
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.WITHDRAWN


def _close(access_request, how, trainer_a, trainer_b):
    if how == "granted":
        access_request_grant(access_request=access_request, by=trainer_a)
    elif how == "refused":
        access_request_refuse(access_request=access_request, by=trainer_a, response="No.")
    else:
        access_request_withdraw(access_request=access_request, by=trainer_b)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("granted", "This request has been granted already; only a pending request"),
        ("refused", "This request has been refused already; only a pending request"),
        ("withdrawn", "This request has been withdrawn already."),
    ],
)
def test_a_request_that_is_no_longer_pending_cannot_be_withdrawn(
    asked, trainer_a, trainer_b, how, message, django_capture_on_commit_callbacks, deliver_outbox
):
    _close(asked, how, trainer_a, trainer_b)
    before = _snapshot(asked)
    deliver_outbox()
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(DomainError, match=message),
    ):
        access_request_withdraw(access_request=asked, by=trainer_b)
    assert _snapshot(asked) == before
    deliver_outbox()
    assert mail.outbox == []


def test_a_stale_copy_of_a_decided_request_is_still_refused(asked, trainer_a, trainer_b):
    # The requester's page was loaded before the owner granted: the service reads the row
    # again under its lock rather than trusting the object it was given.
    stale = ResourceAccessRequest.objects.get(pk=asked.pk)
    access_request_grant(access_request=asked, by=trainer_a)
    with pytest.raises(DomainError, match="granted already"):
        access_request_withdraw(access_request=stale, by=trainer_b)
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.GRANTED
    assert ResourceAccessGrant.objects.filter(centre=trainer_b.membership.centre).exists()


@pytest.mark.parametrize("who", ["trainer_a", "admin_a", "trainer_c", "network_admin", "outsider"])
def test_only_the_requesting_centre_may_withdraw(asked, who, request):
    user = request.getfixturevalue(who)
    before = _snapshot(asked)
    with pytest.raises(DomainError, match="Only members of the requesting centre"):
        access_request_withdraw(access_request=asked, by=user)
    assert _snapshot(asked) == before


def test_the_owner_cannot_answer_a_withdrawn_request(asked, trainer_a, trainer_b):
    access_request_withdraw(access_request=asked, by=trainer_b)
    with pytest.raises(DomainError, match="withdrawn already"):
        access_request_grant(access_request=asked, by=trainer_a)
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.WITHDRAWN
    assert not ResourceAccessGrant.objects.exists()


def test_after_a_withdrawal_the_centre_may_ask_again(asked, private, trainer_b, centre_b):
    access_request_withdraw(access_request=asked, by=trainer_b)
    again = access_request_submit(resource=private, by=trainer_b, message="The plan is back.")
    assert again.pk != asked.pk
    assert again.status == AccessRequestStatus.PENDING
    statuses = ResourceAccessRequest.objects.filter(resource=private, requesting_centre=centre_b)
    assert sorted(statuses.values_list("status", flat=True)) == ["pending", "withdrawn"]
    # Still one pending request at a time.
    with pytest.raises(DomainError, match="already asked"):
        access_request_submit(resource=private, by=trainer_b, message="Twice.")


# --- the request page ---------------------------------------------------------------------


def test_the_requester_sees_a_named_withdraw_button_and_the_owner_does_not(
    client, asked, trainer_a, trainer_b
):
    client.force_login(trainer_b)
    page = client.get(asked.get_absolute_url())
    assert page.context["may_withdraw"] is True
    html = page.content.decode()
    assert 'name="action" value="withdraw"' in html
    assert "Withdraw the request" in html

    client.force_login(trainer_a)
    page = client.get(asked.get_absolute_url())
    assert page.context["may_withdraw"] is False
    assert 'value="withdraw"' not in page.content.decode()


def test_withdrawing_from_the_page(
    client, asked, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    client.force_login(trainer_b)
    deliver_outbox()
    mail.outbox.clear()
    # The first press asks for confirmation on a page of its own, and changes nothing.
    confirm = client.post(
        asked.get_absolute_url(), {"action": "withdraw", "note": "Not needed now."}
    )
    assert confirm.status_code == 200
    assert confirm.templates[0].name == "courses/library/confirm_withdraw.html"
    html = confirm.content.decode()
    assert "Withdraw this request?" in html
    assert f'class="button" href="{asked.get_absolute_url()}">No, keep the request</a>' in html
    assert 'name="confirmed" value="1"' in html
    assert 'name="note" value="Not needed now."' in html
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.PENDING
    assert asked.events.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            asked.get_absolute_url(),
            {"action": "withdraw", "note": "Not needed now.", "confirmed": "1"},
        )
    assert response.status_code == 302
    assert response["Location"] == asked.get_absolute_url()
    assert _messages(response) == [
        "Your request is withdrawn. APC is told by e-mail; "
        "your centre can ask for this resource again later."
    ]
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.WITHDRAWN
    assert [e.action for e in asked.events.all()] == ["requested", "withdrawn"]
    deliver_outbox()
    assert [trainer_a.email in m.to for m in mail.outbox] == [True]

    page = client.get(asked.get_absolute_url())
    html = page.content.decode()
    assert "withdrew the request" in html
    assert "Not needed now." in html
    assert 'value="withdraw"' not in html  # nothing left to withdraw


def test_the_owner_no_longer_sees_a_withdrawn_request_as_pending(
    client, asked, private, trainer_a, trainer_b
):
    access_request_withdraw(access_request=asked, by=trainer_b)
    client.force_login(trainer_a)
    page = client.get(asked.get_absolute_url())
    assert page.context["may_decide"] is False
    html = page.content.decode()
    assert 'value="grant"' not in html
    assert "badge--withdrawn" in html
    requests_page = client.get(reverse("request-list"))
    [incoming] = requests_page.context["access_requests_incoming"]
    assert incoming.status == AccessRequestStatus.WITHDRAWN
    assert "badge--withdrawn" in requests_page.content.decode()
    # A late answer from a page loaded before the withdrawal changes nothing.
    response = client.post(asked.get_absolute_url(), {"action": "grant"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.WITHDRAWN
    assert not ResourceAccessGrant.objects.exists()
    resource_page = client.get(private.get_absolute_url())
    assert "badge--withdrawn" in resource_page.content.decode()


def test_a_get_changes_nothing(client, asked, trainer_b):
    client.force_login(trainer_b)
    page = client.get(asked.get_absolute_url(), {"action": "withdraw"})
    assert page.status_code == 200
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.PENDING
    assert asked.events.count() == 1


@pytest.mark.parametrize("who", ["trainer_a", "admin_a", "network_admin"])
def test_the_owner_side_and_the_network_admin_get_404(client, asked, who, request):
    before = _snapshot(asked)
    client.force_login(request.getfixturevalue(who))
    response = client.post(asked.get_absolute_url(), {"action": "withdraw"})
    assert response.status_code == 404
    assert _snapshot(asked) == before


@pytest.mark.parametrize("who", ["trainer_c", "outsider"])
def test_a_member_of_another_centre_gets_404(client, asked, who, request):
    before = _snapshot(asked)
    client.force_login(request.getfixturevalue(who))
    assert client.get(asked.get_absolute_url()).status_code == 404
    response = client.post(asked.get_absolute_url(), {"action": "withdraw"})
    assert response.status_code == 404
    assert _snapshot(asked) == before


def test_an_anonymous_user_is_sent_to_log_in(client, asked):
    before = _snapshot(asked)
    response = client.post(asked.get_absolute_url(), {"action": "withdraw"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _snapshot(asked) == before


def test_withdrawing_a_request_answered_meanwhile_shows_why_and_changes_nothing(
    client, asked, trainer_a, trainer_b
):
    client.force_login(trainer_b)
    assert client.get(asked.get_absolute_url()).context["may_withdraw"] is True
    access_request_grant(access_request=asked, by=trainer_a, response="Welcome.")
    before = _snapshot(asked)
    response = client.post(asked.get_absolute_url(), {"action": "withdraw"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(asked.get_absolute_url(), 302)]
    assert (
        "This request has been granted already; only a pending request can be withdrawn."
        in response.content.decode()
    )
    assert _snapshot(asked) == before


def test_a_too_long_note_is_shown_on_the_form_and_nothing_changes(client, asked, trainer_b):
    client.force_login(trainer_b)
    before = _snapshot(asked)
    response = client.post(asked.get_absolute_url(), {"action": "withdraw", "note": "x" * 3001})
    assert response.status_code == 200
    assert response.context["withdraw_form"].errors["note"]
    assert _snapshot(asked) == before


def test_the_requests_page_leads_the_requester_to_withdraw_pending_requests_only(
    client, asked, private, trainer_a, trainer_b, centre_a
):
    other = make_resource(centre_a, by=trainer_a, visibility="centre", title="Closed exercise")
    answered = access_request_submit(resource=other, by=trainer_b, message="Please.")
    access_request_refuse(access_request=answered, by=trainer_a)
    client.force_login(trainer_b)
    html = client.get(reverse("request-list")).content.decode()
    assert f'href="{asked.get_absolute_url()}#withdraw"' in html
    assert f'href="{answered.get_absolute_url()}#withdraw"' not in html
    client.force_login(trainer_a)  # the owner side has nothing to withdraw
    assert "#withdraw" not in client.get(reverse("request-list")).content.decode()


def test_asking_again_from_the_resource_after_a_withdrawal(client, asked, private, trainer_b):
    client.force_login(trainer_b)
    client.post(asked.get_absolute_url(), {"action": "withdraw", "confirmed": "1"})
    page = client.get(reverse("resource-request-access", args=[private.pk]))
    assert page.context["pending"] is None
    response = client.post(
        reverse("resource-request-access", args=[private.pk]), {"message": "Again, please."}
    )
    again = ResourceAccessRequest.objects.get(status=AccessRequestStatus.PENDING)
    assert response["Location"] == again.get_absolute_url()
    assert again.pk != asked.pk
    outgoing = access_requests_context(trainer_b)["access_requests_outgoing"]
    assert [r.status for r in outgoing] == ["pending", "withdrawn"]


# --- the admin ----------------------------------------------------------------------------


def _admin_withdraw(client, *access_requests):
    return client.post(
        reverse("admin:courses_resourceaccessrequest_changelist"),
        {"action": "withdraw", "_selected_action": [r.pk for r in access_requests]},
    )


def test_the_requesting_centres_admin_withdraws_in_the_admin(client, asked, admin_b):
    client.force_login(admin_b)
    response = _admin_withdraw(client, asked)
    assert "1 request withdrawn." in _messages(response)
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.WITHDRAWN
    assert asked.events.last().actor == admin_b


def test_the_owner_centres_admin_cannot_withdraw_in_the_admin(client, asked, admin_a):
    client.force_login(admin_a)
    response = _admin_withdraw(client, asked)
    assert "0 requests withdrawn." in _messages(response)
    asked.refresh_from_db()
    assert asked.status == AccessRequestStatus.PENDING


def test_an_admin_withdrawal_of_an_answered_request_changes_nothing(
    client, asked, trainer_a, admin_b
):
    access_request_refuse(access_request=asked, by=trainer_a)
    before = _snapshot(asked)
    client.force_login(admin_b)
    messages = _messages(_admin_withdraw(client, asked))
    assert any("Nothing was changed" in m and "refused already" in m for m in messages)
    assert _snapshot(asked) == before


# --- a grant and a withdrawal at the same moment (PostgreSQL row locks) ---------------------


def _at_once(calls) -> list[str]:
    """Run each (name, service, user, access_request) in its own thread and connection, all
    released together; the outcomes are the names of the calls that went through, or
    "refused"."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def act(name, service, user, access_request):
        try:
            barrier.wait(timeout=10)
            try:
                service(access_request=access_request, by=user)
                outcome = name
            except DomainError:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connections.close_all()

    threads = [threading.Thread(target=act, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_simultaneous_grant_and_withdrawal_never_both_happen(postgresql_only, reference_data):
    assert connection.vendor == "postgresql"
    owner_centre = make_centre(slug="owner-centre", short_name="OWN")
    asker_centre = make_centre(slug="asker-centre", short_name="ASK")
    owner = make_user("owner-trainer", centre=owner_centre)
    asker = make_user("asker-trainer", centre=asker_centre)
    for repetition in range(10):
        resource = make_resource(owner_centre, visibility="centre", title=f"Closed {repetition}")
        access_request = access_request_submit(resource=resource, by=asker, message="Please.")
        outcomes = _at_once(
            [
                ("granted", access_request_grant, owner, access_request),
                ("withdrawn", access_request_withdraw, asker, access_request),
            ]
        )

        # Exactly one wins; the other finds the request no longer pending.
        assert sorted(outcomes) in (["granted", "refused"], ["refused", "withdrawn"])
        [winner] = [o for o in outcomes if o != "refused"]
        access_request.refresh_from_db()
        assert access_request.status == winner
        granted = ResourceAccessGrant.objects.filter(resource=resource, centre=asker_centre)
        assert granted.exists() == (winner == "granted")
        events = ResourceAccessRequestEvent.objects.filter(access_request=access_request)
        assert list(events.values_list("action", flat=True)) == ["requested", winner]
