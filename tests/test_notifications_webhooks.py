"""Webhook deliveries ride the outbox's queue: recorded with the change, sent by the worker,
attempted again at their back-off time, queued again if their task was lost."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from courses.models import WebhookDelivery, WebhookDeliveryStatus
from courses.services.webhooks import deliver_webhook

from .factories import make_course, make_offering, make_seat_request
from .test_api_webhooks import EVENT, Receiver, register
from .test_outbox import _run_worker_command, _time_passes

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Protection of Civilians"), partner_seats=5)


def test_a_seat_request_reaches_the_host_webhook_through_the_worker(
    receiver, offering, centre_a, admin_a, trainer_b, deliver_outbox
):
    register(centre_a, admin_a, url=receiver.url, events=[EVENT])
    with transaction.atomic():
        make_seat_request(offering, by=trainer_b)
        delivery = WebhookDelivery.objects.get()
        # Queued beside the change, sent by nobody yet.
        assert DBTaskResult.objects.filter(task_path=deliver_webhook.module_path).count() == 1
    assert receiver.requests == []
    deliver_outbox()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1


def test_a_rolled_back_change_records_and_sends_no_webhook(
    receiver, offering, centre_a, admin_a, trainer_b, deliver_outbox
):
    register(centre_a, admin_a, url=receiver.url, events=[EVENT])
    with pytest.raises(RuntimeError), transaction.atomic():
        make_seat_request(offering, by=trainer_b)
        raise RuntimeError("the change failed later")
    assert not WebhookDelivery.objects.exists()
    deliver_outbox()
    assert receiver.requests == []


def test_a_failed_webhook_is_attempted_again_at_its_back_off_time(
    receiver, offering, centre_a, admin_a, trainer_b, deliver_outbox
):
    receiver.status = 500
    register(centre_a, admin_a, url=receiver.url, events=[EVENT])
    make_seat_request(offering, by=trainer_b)
    deliver_outbox()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (WebhookDeliveryStatus.PENDING, 1)
    assert deliver_outbox() == 0  # the next attempt waits for its time

    receiver.status = 200
    delivery.next_attempt_at -= datetime.timedelta(minutes=2)
    delivery.save()
    _time_passes(datetime.timedelta(minutes=2))
    assert deliver_outbox() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (WebhookDeliveryStatus.DELIVERED, 2)
    assert len(receiver.requests) == 2


def test_a_waiting_delivery_that_lost_its_task_is_sent_by_the_next_worker(
    receiver, offering, centre_a, admin_a, trainer_b, deliver_outbox
):
    register(centre_a, admin_a, url=receiver.url, events=[EVENT])
    make_seat_request(offering, by=trainer_b)
    DBTaskResult.objects.filter(task_path=deliver_webhook.module_path).delete()
    _run_worker_command()
    assert WebhookDelivery.objects.get().status == WebhookDeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1
