"""Webhooks: who registers them, the signature, the address check (SSRF), delivery and
back-off, and the delivery log in the admin."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from courses.exceptions import DomainError
from courses.models import OutboxMessage, OutboxStatus, Webhook, WebhookDelivery
from courses.notifications import webhooks as transport
from courses.services.webhooks import webhook_event_record, webhook_save

pytestmark = pytest.mark.django_db

SECRET = "a-shared-secret-of-some-length"
EVENT = "seat_request.submitted"


def register(centre, by, url="https://hooks.example.org/apcn", **fields):
    values = {"secret": SECRET, "events": [EVENT], "is_active": True}
    values.update(fields)
    return webhook_save(webhook=None, centre=centre, by=by, url=url, **values)


# --- Who registers -----------------------------------------------------------------------------


def test_the_centre_admin_and_the_network_admin_register_webhooks(centre_a, admin_a, network_admin):
    assert register(centre_a, admin_a).centre == centre_a
    assert register(centre_a, network_admin).centre == centre_a


@pytest.mark.parametrize("who", ["trainer_a", "admin_b", "outsider"])
def test_nobody_else_registers_a_centres_webhook(request, centre_a, who):
    with pytest.raises(DomainError):
        register(centre_a, request.getfixturevalue(who))
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("http://hooks.example.org/apcn", "url"),
        ("ftp://hooks.example.org/", "url"),
        ("https://", "url"),
        ("http://127.0.0.1:8000/hook", "url"),  # loopback over http: tests only
    ],
)
def test_only_https_addresses_are_registered(centre_a, admin_a, url, field):
    with pytest.raises(DomainError) as refused:
        register(centre_a, admin_a, url=url)
    assert refused.value.field == field


def test_a_short_secret_or_no_event_is_refused(centre_a, admin_a):
    with pytest.raises(DomainError) as short:
        register(centre_a, admin_a, secret="short")
    assert short.value.field == "secret"
    with pytest.raises(DomainError) as none:
        register(centre_a, admin_a, events=[])
    assert none.value.field == "events"


# --- Signature and address check ----------------------------------------------------------------


def test_the_signature_is_hmac_sha256_of_the_exact_body():
    body = transport.body_of({"event": EVENT, "data": {"id": 1}})
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert transport.signature(SECRET, body) == f"sha256={expected}"
    assert transport.signature("another secret here", body) != f"sha256={expected}"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # the cloud's metadata service
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address refused, not one bound
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_private_and_local_addresses_are_refused(address):
    with pytest.raises(transport.WebhookAddressRefused):
        transport.vetted_address(address, 443)


def test_a_public_address_is_allowed():
    assert transport.vetted_address("93.184.216.34", 443) == "93.184.216.34"


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch):
    # DNS rebinding: the name was public when registered and resolves inside now. Every
    # address it resolves to counts.
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(transport.WebhookAddressRefused):
        transport.vetted_address("hooks.example.org", 443)


# --- Delivery ----------------------------------------------------------------------------------


class Receiver:
    """A receiving system on 127.0.0.1 answering `status`; it records every request."""

    def __init__(self, status: int = 200):
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"thanks")

            def log_message(self, *args):
                pass

        self.status = status
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/apcn"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    receiver = Receiver()
    yield receiver
    receiver.close()


def test_an_event_is_delivered_signed_by_the_outbox(
    receiver, centre_a, centre_b, admin_a, admin_b, deliver_outbox
):
    register(centre_a, admin_a, url=receiver.url)
    register(centre_b, admin_b, url=receiver.url, events=["access_request.changed"])
    deliveries = webhook_event_record(event=EVENT, centres=[centre_a, centre_b], data={"id": 7})
    assert len(deliveries) == 1, "only the webhooks listening to the event"
    assert receiver.requests == [], "queued with the change, sent by the worker"
    assert deliver_outbox() == 1
    message = OutboxMessage.objects.get()
    assert (message.kind, message.status, message.attempts) == ("webhook", OutboxStatus.SENT, 1)
    headers, body = receiver.requests[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-APCN-Signature"] == expected
    assert headers["X-APCN-Event"] == EVENT
    sent = json.loads(body)
    assert (sent["event"], sent["data"], sent["delivery"]) == (EVENT, {"id": 7}, deliveries[0].pk)
    # Delivered once: the worker has nothing more to do.
    assert deliver_outbox() == 0
    assert len(receiver.requests) == 1


def test_a_failure_is_retried_by_the_outbox_then_given_up(
    receiver, settings, centre_a, admin_a, deliver_outbox
):
    from django.utils import timezone

    settings.OUTBOX_MAX_ATTEMPTS = 2
    receiver.status = 500
    register(centre_a, admin_a, url=receiver.url)
    webhook_event_record(event=EVENT, centres=[centre_a], data={})
    deliver_outbox()
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "HTTP 500" in message.last_error and message.next_attempt_at > timezone.now()
    # The next attempt is due later; once it is, the worker tries again and gives up.
    from .test_outbox import _time_passes

    _time_passes(datetime.timedelta(hours=1))
    deliver_outbox()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 2)
    assert len(receiver.requests) == 2


def test_in_production_no_request_reaches_a_local_address(
    receiver, settings, centre_a, admin_a, deliver_outbox
):
    register(centre_a, admin_a, url=receiver.url)
    webhook_event_record(event=EVENT, centres=[centre_a], data={})
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    deliver_outbox()
    assert receiver.requests == []
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and "https://" in message.last_error


def test_a_switched_off_webhook_gets_no_new_events(centre_a, admin_a):
    webhook = register(centre_a, admin_a)
    webhook_save(
        webhook=webhook,
        centre=centre_a,
        by=admin_a,
        url=webhook.url,
        secret=SECRET,
        events=[EVENT],
        is_active=False,
    )
    assert webhook_event_record(event=EVENT, centres=[centre_a], data={}) == []


# --- The admin ---------------------------------------------------------------------------------


def test_a_centre_admin_registers_and_sees_only_its_centres_webhooks(
    client, centre_a, centre_b, admin_a, admin_b
):
    other = register(centre_b, admin_b, url="https://bravo.example.org/hook")
    webhook_event_record(event=EVENT, centres=[centre_b], data={})
    client.force_login(admin_a)
    response = client.post(
        "/admin/courses/webhook/add/",
        {
            "url": "https://alpha.example.org/hook",
            "secret": SECRET,
            "events": [EVENT],
            "is_active": "on",
            "centre": centre_b.pk,  # ignored: a centre admin's webhook is its centre's
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine = Webhook.objects.get(url="https://alpha.example.org/hook")
    assert mine.centre == centre_a and mine.secret == SECRET and mine.created_by == admin_a
    listing = client.get("/admin/courses/webhook/").content.decode()
    assert "alpha.example.org" in listing and "bravo.example.org" not in listing
    assert client.get(f"/admin/courses/webhook/{other.pk}/change/").status_code == 302
    assert SECRET not in client.get(f"/admin/courses/webhook/{mine.pk}/change/").content.decode()
    log = client.get("/admin/courses/webhookdelivery/").content.decode()
    assert "bravo.example.org" not in log
    assert WebhookDelivery.objects.filter(webhook=other).count() == 1


def test_a_trainer_has_no_webhooks_in_the_admin(client, trainer_a):
    client.force_login(trainer_a)
    assert client.get("/admin/courses/webhook/").status_code == 302


# --- Events of the product ---------------------------------------------------------------------


def test_each_change_of_a_seat_request_is_told_to_both_centres(
    centre_a, centre_b, centre_c, admin_a, admin_b, admin_c, trainer_a, trainer_b
):
    from .factories import make_course, make_offering, make_seat_request

    host = register(centre_a, admin_a, events=["seat_request.submitted", "seat_request.decided"])
    requester = register(centre_b, admin_b, events=["seat_request.decided"])
    third = register(centre_c, admin_c, events=["seat_request.submitted"])
    offering = make_offering(make_course(centre_a))
    seat_request = make_seat_request(offering, by=trainer_b)
    submitted = WebhookDelivery.objects.filter(event="seat_request.submitted")
    assert [d.webhook for d in submitted] == [host]
    assert submitted[0].payload["data"]["seat_request"] == seat_request.pk
    from courses.services import seat_request_approve

    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=1)
    decided = WebhookDelivery.objects.filter(event="seat_request.decided")
    assert {d.webhook for d in decided} == {host, requester}
    assert decided[0].payload["data"]["status"] == "approved"
    assert not WebhookDelivery.objects.filter(webhook=third).exists()


def test_a_refused_change_tells_nobody(centre_a, admin_a, trainer_a):
    from .factories import make_course, make_offering

    register(centre_a, admin_a)
    offering = make_offering(make_course(centre_a))
    from courses.services import seat_request_submit

    with pytest.raises(DomainError):  # its own centre's offering
        seat_request_submit(offering=offering, centre=centre_a, by=trainer_a, seats_requested=1)
    assert not WebhookDelivery.objects.exists()


def test_an_access_request_is_told_to_the_owner(centre_a, centre_b, admin_a, trainer_b):
    from courses.services import access_request_submit

    from .resource_factories import make_resource

    register(centre_a, admin_a, events=["access_request.changed"])
    resource = make_resource(centre_a, visibility="centre")
    access_request_submit(resource=resource, by=trainer_b, message="For our course.")
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.payload["data"]["resource"] == resource.pk
    assert delivery.payload["data"]["action"] == "requested"


def test_naming_participants_is_told_without_their_names(centre_a, admin_a, trainer_a, trainer_b):
    from courses.models.participants import ParticipantDetails
    from courses.services import seat_request_approve
    from courses.services.participants import participants_update

    from .factories import make_course, make_offering, make_seat_request

    register(centre_a, admin_a, events=["seat_request.participants_named"])
    seat_request = make_seat_request(make_offering(make_course(centre_a)), by=trainer_b)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[ParticipantDetails(full_name="Nguyen Van An", gender="male", service="police")],
    )
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.event == "seat_request.participants_named"
    assert "Nguyen" not in json.dumps(delivery.payload)
