"""The durable outbox: queued with the change, delivered by the worker, retried, never lost."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from courses.exceptions import DomainError
from courses.models import OutboxMessage, OutboxStatus, SeatRequest
from courses.notifications.outbox import retry_delay
from courses.services.outbox import outbox_retry

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Protection of Civilians"), partner_seats=5)


class BrokenBackend:
    """A mail server that refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def _time_passes(delta: datetime.timedelta) -> None:
    """Move every waiting message and queued delivery `delta` into the past, as if the clock
    had moved on (the queue's rows are real; only their times are shifted)."""
    for message in OutboxMessage.objects.exclude(next_attempt_at=None):
        message.next_attempt_at -= delta
        message.save(update_fields=["next_attempt_at"])
    for task in DBTaskResult.objects.filter(status="READY"):
        task.run_after -= delta
        task.save(update_fields=["run_after"])


def _ready_tasks() -> int:
    return DBTaskResult.objects.filter(status="READY").count()


# --- Queued with the change ------------------------------------------------------------------


def test_a_mail_is_queued_in_the_transaction_and_sent_only_by_the_worker(
    offering, trainer_a, trainer_b, deliver_outbox
):
    with transaction.atomic():
        seat_request = make_seat_request(offering, by=trainer_b)
        # Written inside the transaction of the change, beside its delivery task.
        message = OutboxMessage.objects.get()
        assert message.status == OutboxStatus.PENDING
        assert _ready_tasks() == 1
    assert mail.outbox == []  # the request itself sent nothing
    assert deliver_outbox() == 1
    [email] = mail.outbox
    assert trainer_a.email in email.to
    assert f"/requests/{seat_request.pk}/" in email.body
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    assert message.sent_at is not None
    # The HTML part travels with the text.
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and f"/requests/{seat_request.pk}/" in html


def test_a_rolled_back_change_leaves_no_message_and_mails_nobody(
    offering, trainer_b, deliver_outbox
):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_seat_request(offering, by=trainer_b)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("something later in the same change failed")
    assert not SeatRequest.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert _ready_tasks() == 0
    assert deliver_outbox() == 0
    assert mail.outbox == []


def test_a_delivered_message_is_not_sent_twice_by_a_duplicate_task(
    offering, trainer_b, deliver_outbox
):
    from courses.notifications.outbox import deliver

    make_seat_request(offering, by=trainer_b)
    message = OutboxMessage.objects.get()
    deliver.enqueue(message.pk)  # e.g. queued again after a worker restart
    assert deliver_outbox() == 2
    assert len(mail.outbox) == 1


# --- Retries with back-off, then failed and visible ------------------------------------------


def test_a_failed_send_is_retried_with_back_off_and_ends_failed(
    settings, offering, trainer_b, deliver_outbox
):
    settings.EMAIL_BACKEND = "tests.test_outbox.BrokenBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS = 60
    make_seat_request(offering, by=trainer_b)
    message = OutboxMessage.objects.get()

    before = timezone.now()
    deliver_outbox()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "mail server down" in message.last_error
    first_wait = message.next_attempt_at - before
    assert datetime.timedelta(seconds=59) < first_wait < datetime.timedelta(seconds=65)
    # The next attempt is a queued task for that time: running the worker now does nothing.
    assert _ready_tasks() == 1
    assert deliver_outbox() == 0

    _time_passes(datetime.timedelta(seconds=61))
    before = timezone.now()
    assert deliver_outbox() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 2)
    # The wait doubles.
    second_wait = message.next_attempt_at - before
    assert datetime.timedelta(seconds=119) < second_wait < datetime.timedelta(seconds=125)

    _time_passes(datetime.timedelta(seconds=121))
    assert deliver_outbox() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)
    assert message.next_attempt_at is None
    assert "mail server down" in message.last_error
    # Nothing more is queued, and nothing was lost.
    assert _ready_tasks() == 0
    assert OutboxMessage.objects.failed().get() == message
    assert mail.outbox == []


def test_the_back_off_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30) == retry_delay(10_000) == datetime.timedelta(hours=6)


@pytest.fixture
def failed_message(settings, offering, trainer_a, trainer_b, deliver_outbox):
    settings.EMAIL_BACKEND = "tests.test_outbox.BrokenBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    make_seat_request(offering, by=trainer_b)
    deliver_outbox()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return message


def test_the_network_admin_sees_the_failed_message_in_the_admin(
    client, network_admin, failed_message
):
    client.force_login(network_admin)
    page = client.get(reverse("admin:courses_outboxmessage_changelist") + "?status=failed")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Seat request from BPOC" in html
    assert "mail server down" in html
    detail = client.get(
        reverse("admin:courses_outboxmessage_change", args=[failed_message.pk])
    ).content.decode()
    assert "ConnectionRefusedError: mail server down" in detail


def test_the_network_admin_sends_a_failed_message_again_from_the_admin(
    client, network_admin, failed_message, trainer_a, deliver_outbox
):
    client.force_login(network_admin)
    response = client.post(
        reverse("admin:courses_outboxmessage_changelist"),
        {"action": "send_again", "_selected_action": [failed_message.pk]},
        follow=True,
    )
    assert "1 message is queued to be sent again." in response.content.decode()
    failed_message.refresh_from_db()
    assert (failed_message.status, failed_message.attempts) == (OutboxStatus.PENDING, 0)
    assert deliver_outbox() == 1
    failed_message.refresh_from_db()
    assert failed_message.status == OutboxStatus.SENT
    [email] = mail.outbox
    assert trainer_a.email in email.to


def test_a_centre_admin_neither_sees_nor_retries_the_outbox(
    client, admin_a, trainer_a, failed_message
):
    client.force_login(admin_a)
    assert client.get(reverse("admin:courses_outboxmessage_changelist")).status_code == 403
    assert "outboxmessage" not in client.get(reverse("admin:index")).content.decode()
    with pytest.raises(DomainError, match="network admin"):
        outbox_retry(messages=[failed_message], by=trainer_a)
    failed_message.refresh_from_db()
    assert failed_message.status == OutboxStatus.FAILED


def test_a_sent_message_is_not_sent_again(network_admin, offering, trainer_b, deliver_outbox):
    make_seat_request(offering, by=trainer_b)
    deliver_outbox()
    message = OutboxMessage.objects.get()
    with pytest.raises(DomainError, match="only a failed or waiting message can"):
        outbox_retry(messages=[message], by=network_admin)
    assert deliver_outbox() == 0
    assert len(mail.outbox) == 1


# --- The worker command ----------------------------------------------------------------------


def _run_worker_command() -> None:
    call_command(
        "outbox_worker", batch=True, startup_delay=False, interval=0, verbosity=0, reload=False
    )


def test_the_worker_command_delivers_what_is_queued(offering, trainer_b, deliver_outbox):
    # `deliver_outbox` is asked for its connection care only; the command itself runs here.
    make_seat_request(offering, by=trainer_b)
    _run_worker_command()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_a_message_left_half_sent_by_a_stopped_worker_is_sent_by_the_next(
    offering, trainer_b, deliver_outbox
):
    make_seat_request(offering, by=trainer_b)
    message = OutboxMessage.objects.get()
    # A worker claimed it and died before recording anything; its task row is gone with it.
    message.status = OutboxStatus.SENDING
    message.attempts = 1
    message.last_attempt_at = timezone.now() - datetime.timedelta(hours=1)
    message.save()
    DBTaskResult.objects.all().delete()

    _run_worker_command()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 1)
    assert len(mail.outbox) == 1


def _test_database_url() -> str:
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_as_its_own_process_against_the_database(
    postgresql_only, reference_data, centre_a, trainer_b, smtp_server
):
    offering = make_offering(make_course(centre_a, title="Staff Officers Course"))
    make_seat_request(offering, by=trainer_b)  # committed: another process can see it
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "DEBUG": "1",
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "outbox_worker",
            "--batch",
            "--no-startup-delay",
            "--interval=0",
        ],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT
    [envelope] = smtp_server.received
    assert "Staff Officers Course" in envelope.content.decode()


# --- Acceptance: a mail server that accepts and never answers ----------------------------------


class SilentServer:
    """Accepts TCP connections and never says a word (a hung mail server)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections.append(conn)

    def close(self) -> None:
        # Stop accepting first: a socket closed under a thread blocked in accept() would
        # keep listening, and the port could not be answered on again.
        self.stopping.set()
        self.thread.join(timeout=5)
        self.listener.close()
        for conn in self.connections:
            conn.close()


class Recorder:
    def __init__(self) -> None:
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port; `.received` holds what it accepted."""
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    recorder.port = port
    yield recorder
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_with_a_hung_mail_server_actions_answer_at_once_and_mails_go_out_once_it_answers(
    settings, client, reference_data, centre_a, trainer_a, trainer_b, deliver_outbox
):
    from aiosmtpd.controller import Controller

    offering = make_offering(make_course(centre_a, title="Protection of Civilians"))
    silent = SilentServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 0.5
    try:
        client.force_login(trainer_b)
        started = time.monotonic()
        response = client.post(
            reverse("offering-request", kwargs={"pk": offering.pk}),
            {"seats_requested": "2", "women_nominated": "1", "message": "For our rotation."},
        )
        assert response.status_code == 302
        assert time.monotonic() - started < 1

        seat_request = SeatRequest.objects.get()
        client.force_login(trainer_a)
        started = time.monotonic()
        response = client.post(
            seat_request.get_absolute_url(), {"action": "approve", "seats_approved": "2"}
        )
        assert response.status_code == 302
        assert time.monotonic() - started < 1
        seat_request.refresh_from_db()
        assert seat_request.status == "approved"

        # The worker meets the silent server: each attempt gives up after EMAIL_TIMEOUT.
        started = time.monotonic()
        assert deliver_outbox() == 2
        assert time.monotonic() - started < 5
        assert list(OutboxMessage.objects.values_list("status", "attempts")) == [
            ("pending", 1),
            ("pending", 1),
        ]
        assert all(
            "timed out" in error.lower()
            for error in OutboxMessage.objects.values_list("last_error", flat=True)
        )
    finally:
        silent.close()

    # The mail server answers now, on the same address.
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=silent.port)
    controller.start()
    try:
        _time_passes(datetime.timedelta(minutes=2))
        assert deliver_outbox() == 2
    finally:
        controller.stop()
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    subjects = sorted(
        line
        for envelope in recorder.received
        for line in envelope.content.decode().splitlines()
        if line.startswith("Subject:")
    )
    assert len(subjects) == 2
    assert "Seat request approved" in subjects[0]
    assert "Seat request from BPOC" in subjects[1]
    recipients = {address for envelope in recorder.received for address in envelope.rcpt_tos}
    assert {trainer_a.email, trainer_b.email} <= recipients


@pytest.mark.parametrize(
    "query",
    ["topic=%00", "status=failed%00", "q=%00", "created_at__year=99999", "created_at__year=0"],
)
def test_hostile_filters_on_the_outbox_list_never_give_a_server_error(
    client, network_admin, failed_message, query
):
    client.force_login(network_admin)
    response = client.get(reverse("admin:courses_outboxmessage_changelist") + "?" + query)
    assert response.status_code in (200, 302, 400)


def test_the_sweep_requeues_only_what_lost_its_task_and_comes_back(
    offering, trainer_b, trainer_c, deliver_outbox
):
    from courses.notifications.outbox import sweep

    make_seat_request(offering, by=trainer_b)
    (lost,) = OutboxMessage.objects.all()
    DBTaskResult.objects.all().delete()  # its delivery task is gone
    make_seat_request(offering, by=trainer_c)
    queued = OutboxMessage.objects.exclude(pk=lost.pk).get()  # still has its task
    sending = OutboxMessage.objects.create(
        kind="email",
        topic="being_sent",
        recipients=["x@example.org"],
        status=OutboxStatus.SENDING,
        attempts=1,
        max_attempts=3,
        last_attempt_at=timezone.now(),  # a live worker is sending it right now
    )

    _run_worker_command()  # requeues, delivers, and leaves a sweep for later
    lost.refresh_from_db()
    queued.refresh_from_db()
    sending.refresh_from_db()
    assert lost.status == queued.status == OutboxStatus.SENT
    assert len(mail.outbox) == 2  # no duplicate for the message that kept its task
    assert sending.status == OutboxStatus.SENDING
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.task_path == sweep.module_path
    assert waiting.run_after > timezone.now() + datetime.timedelta(minutes=4)

    # Later the sending worker turns out to have died; the sweep's turn comes.
    sending.last_attempt_at -= datetime.timedelta(hours=1)
    sending.save()
    _time_passes(datetime.timedelta(minutes=6))
    deliver_outbox()
    sending.refresh_from_db()
    assert (sending.status, sending.attempts) == (OutboxStatus.SENT, 1)
    assert len(mail.outbox) == 3
    # And it has queued the next sweep.
    assert list(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    ) == [sweep.module_path]
