"""Webhook deliveries are sent by the durable outbox: each delivery names its outbox message,
whose attempts, back-off and outcome are the delivery's. Deliveries recorded before (never
sent: there was no worker for them yet) are dropped with the old table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0011_security"),
    ]

    operations = [
        migrations.DeleteModel(name="WebhookDelivery"),
        migrations.CreateModel(
            name="WebhookDelivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "event",
                    models.CharField(
                        choices=[
                            ("seat_request.submitted", "A seat request is submitted"),
                            (
                                "seat_request.decided",
                                "A seat request is approved, waitlisted, declined, withdrawn or re-opened",
                            ),
                            ("seat_request.participants_named", "Participants are named"),
                            (
                                "access_request.changed",
                                "A resource access request is made, granted, refused or withdrawn",
                            ),
                        ],
                        max_length=60,
                    ),
                ),
                ("payload", models.JSONField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "message",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="webhook_delivery",
                        to="courses.outboxmessage",
                    ),
                ),
                (
                    "webhook",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="courses.webhook",
                    ),
                ),
            ],
            options={
                "verbose_name": "webhook delivery",
                "verbose_name_plural": "webhook deliveries",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
