"""Run the outbox worker: deliver the queued messages, with retries, until stopped.

    python manage.py outbox_worker            # runs until Ctrl-C / SIGTERM
    python manage.py outbox_worker --batch    # delivers what is due now, then exits

It is django-tasks' `db_worker` on the outbox's queue, with one step before it: messages a
stopped worker left half-sent, or whose delivery task was lost, are queued again (and a sweep
doing the same is queued to come back every few minutes). Run one or
more of them beside the app servers (systemd, a container); each takes a message at a time,
and two never take the same one.
"""

from __future__ import annotations

from django.core.management.base import CommandParser
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ...notifications.outbox import QUEUE_NAME, requeue_stale, schedule_sweep


class Command(DbWorkerCommand):
    help = "Deliver the outbox's messages (e-mail, webhooks), retrying with back-off."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name=QUEUE_NAME, reload=False)

    def handle(self, *args, **options) -> None:
        requeued = requeue_stale()
        if requeued and options["verbosity"]:
            self.stdout.write(f"Messages a stopped worker left, queued again: {requeued}")
        # From now on, every few minutes, while any worker runs.
        schedule_sweep()
        super().handle(*args, **options)
