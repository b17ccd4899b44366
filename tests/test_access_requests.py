"""Asking for a centre-only resource: request, grant or refusal, the timeline and the e-mails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from courses.exceptions import DomainError
from courses.models import (
    AccessRequestStatus,
    OutboxMessage,
    ResourceAccessGrant,
    ResourceAccessRequest,
)
from courses.services.library import (
    access_request_grant,
    access_request_refuse,
    access_request_submit,
)
from courses.views.library import access_requests_context

from .factories import make_user
from .resource_factories import make_resource


@pytest.fixture
def private(centre_a, trainer_a):
    return make_resource(centre_a, by=trainer_a, visibility="centre", title="Closed handbook")


def test_a_member_of_another_centre_asks_and_the_owner_is_mailed(
    client, private, trainer_b, trainer_a, django_capture_on_commit_callbacks, deliver_outbox
):
    client.force_login(trainer_b)
    page = client.get(reverse("resource-request-access", args=[private.pk]))
    assert page.status_code == 200
    assert "Closed handbook" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("resource-request-access", args=[private.pk]),
            {"message": "We would use it in our POC course."},
        )
    access_request = ResourceAccessRequest.objects.get()
    assert response["Location"] == access_request.get_absolute_url()
    assert access_request.requesting_centre == trainer_b.membership.centre
    assert access_request.status == AccessRequestStatus.PENDING
    assert [e.action for e in access_request.events.all()] == ["requested"]
    deliver_outbox()
    [message] = mail.outbox
    assert trainer_a.email in message.to
    assert "BPOC asks for" in message.subject


def test_a_message_is_required(client, private, trainer_b):
    client.force_login(trainer_b)
    response = client.post(reverse("resource-request-access", args=[private.pk]), {"message": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert not ResourceAccessRequest.objects.exists()


def test_asking_twice_while_pending_is_refused(private, trainer_b, centre_b):
    access_request_submit(resource=private, by=trainer_b, message="Please.")
    colleague = make_user("colleague-b", centre=centre_b)
    with pytest.raises(DomainError, match="already asked"):
        access_request_submit(resource=private, by=colleague, message="Please, again.")
    assert ResourceAccessRequest.objects.count() == 1


def test_a_network_resource_needs_no_request(centre_a, trainer_b):
    open_one = make_resource(centre_a, visibility="network")
    with pytest.raises(DomainError, match="no request is needed"):
        access_request_submit(resource=open_one, by=trainer_b, message="Please.")


def test_own_centre_and_visitors_cannot_ask(client, private, trainer_a, outsider):
    with pytest.raises(DomainError):
        access_request_submit(resource=private, by=trainer_a, message="Mine")
    client.force_login(outsider)
    assert client.get(reverse("resource-request-access", args=[private.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("resource-request-access", args=[private.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_grant_opens_the_resource_to_the_whole_requesting_centre(
    client,
    private,
    trainer_a,
    trainer_b,
    centre_b,
    django_capture_on_commit_callbacks,
    deliver_outbox,
):
    access_request = access_request_submit(resource=private, by=trainer_b, message="Please.")
    colleague = make_user("colleague-b", centre=centre_b)
    client.force_login(colleague)
    assert client.get(reverse("resource-download", args=[private.pk])).status_code == 404

    client.force_login(trainer_a)
    deliver_outbox()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access_request.get_absolute_url(), {"action": "grant", "response": "Welcome."}
        )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.GRANTED
    assert access_request.decided_by == trainer_a
    assert ResourceAccessGrant.objects.filter(resource=private, centre=centre_b).exists()
    assert [e.action for e in access_request.events.all()] == ["requested", "granted"]
    deliver_outbox()
    [message] = mail.outbox
    assert trainer_b.email in message.to
    assert "Access granted" in message.subject

    client.force_login(colleague)  # not the asker, but of the same centre
    assert client.get(private.get_absolute_url()).status_code == 200
    assert client.get(reverse("resource-download", args=[private.pk])).status_code == 200


def test_a_refusal_keeps_the_resource_closed_and_is_in_the_timeline(
    client, private, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    access_request = access_request_submit(resource=private, by=trainer_b, message="Please.")
    with django_capture_on_commit_callbacks(execute=True):
        access_request_refuse(access_request=access_request, by=trainer_a, response="Not yet.")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REFUSED
    assert not ResourceAccessGrant.objects.exists()
    assert [(e.action, e.note) for e in access_request.events.all()] == [
        ("requested", "Please."),
        ("refused", "Not yet."),
    ]
    deliver_outbox()
    assert "Access refused" in mail.outbox[-1].subject
    client.force_login(trainer_b)
    assert client.get(reverse("resource-download", args=[private.pk])).status_code == 404
    page = client.get(access_request.get_absolute_url())
    assert page.status_code == 200
    assert "Not yet." in page.content.decode()
    assert page.context["may_decide"] is False
    # After a refusal the centre may ask again.
    access_request_submit(resource=private, by=trainer_b, message="We changed the plan.")


def test_only_the_owner_centre_decides(client, private, trainer_b, trainer_c):
    access_request = access_request_submit(resource=private, by=trainer_b, message="Please.")
    with pytest.raises(DomainError):
        access_request_grant(access_request=access_request, by=trainer_b)
    client.force_login(trainer_b)
    client.post(access_request.get_absolute_url(), {"action": "grant"})
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.PENDING
    assert not ResourceAccessGrant.objects.exists()
    client.force_login(trainer_c)  # a third centre does not even see the request
    assert client.get(access_request.get_absolute_url()).status_code == 404


def test_a_decided_request_cannot_be_decided_again(private, trainer_a, trainer_b):
    access_request = access_request_submit(resource=private, by=trainer_b, message="Please.")
    access_request_refuse(access_request=access_request, by=trainer_a)
    with pytest.raises(DomainError, match="refused already"):
        access_request_grant(access_request=access_request, by=trainer_a)
    assert not ResourceAccessGrant.objects.exists()


def test_a_mail_failure_does_not_undo_the_request(
    settings, private, trainer_b, django_capture_on_commit_callbacks, caplog, deliver_outbox
):
    settings.EMAIL_BACKEND = "tests.test_access_requests.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        access_request_submit(resource=private, by=trainer_b, message="Please.")
    deliver_outbox()
    assert ResourceAccessRequest.objects.count() == 1
    assert "Could not send" in caplog.text
    # The notice waits for its next attempt instead of being lost.
    assert OutboxMessage.objects.get(topic="access_requested").status == "pending"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_requests_page_helper_separates_incoming_and_outgoing(private, trainer_a, trainer_b):
    access_request = access_request_submit(resource=private, by=trainer_b, message="Please.")
    owner = access_requests_context(trainer_a)
    asker = access_requests_context(trainer_b)
    assert owner["access_requests_incoming"] == [access_request]
    assert owner["access_requests_outgoing"] == []
    assert asker["access_requests_outgoing"] == [access_request]
    assert asker["access_requests_incoming"] == []


def test_a_grant_covers_a_version_uploaded_while_the_request_was_pending(
    client, private, trainer_a, trainer_b
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.demo.files import pdf_bytes
    from courses.services.library import resource_new_version

    access_request = access_request_submit(resource=private, by=trainer_b, message="Please.")
    newer = resource_new_version(
        resource=private,
        by=trainer_a,
        version_label="2",
        file=SimpleUploadedFile("v2.pdf", pdf_bytes()),
    )
    access_request_grant(access_request=access_request, by=trainer_a)
    client.force_login(trainer_b)
    assert client.get(newer.get_absolute_url()).status_code == 200
    assert client.get(reverse("resource-download", args=[newer.pk])).status_code == 200


def test_an_access_request_still_shows_when_its_asker_is_deleted(
    client, centre_a, centre_b, trainer_a
):
    asker = make_user("asker-gone", centre=centre_b)
    resource = make_resource(centre_a, visibility="centre")
    access_request = access_request_submit(resource=resource, by=asker, message="Please.")
    asker.delete()
    client.force_login(trainer_a)
    response = client.get(access_request.get_absolute_url())
    assert response.status_code == 200
    assert "—" in response.content.decode().split("Asked by")[1].split("</dd>")[0]
