"""Verbose names for every field and model of `courses` (the admin showed "Created at",
"Requested by", "Resource access grants" in English to every reader); the event statuses'
`from_status` gets its kind's choices, so its label is translated too. Labels only, set in one
pass (`AlterFieldLabels`): no column changes, no SQL on either database."""

from django.db import migrations

from courses.migration_operations import AlterFieldLabels


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0030_course_country_codes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="instructorrequestevent",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "instructor request event",
                "verbose_name_plural": "instructor request events",
            },
        ),
        migrations.AlterModelOptions(
            name="resourceaccessgrant",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "resource access grant",
                "verbose_name_plural": "resource access grants",
            },
        ),
        migrations.AlterModelOptions(
            name="resourceaccessrequestevent",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "resource access request event",
                "verbose_name_plural": "resource access request events",
            },
        ),
        migrations.AlterModelOptions(
            name="seatquota",
            options={
                "ordering": ["offering", "centre__short_name", "pk"],
                "verbose_name": "held seats",
                "verbose_name_plural": "held seats",
            },
        ),
        migrations.AlterModelOptions(
            name="seatrequestevent",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "seat request event",
                "verbose_name_plural": "seat request events",
            },
        ),
        migrations.AlterModelOptions(
            name="unrecognitionreminder",
            options={
                "ordering": ["sent_at", "pk"],
                "verbose_name": "UN recognition reminder",
                "verbose_name_plural": "UN recognition reminders",
            },
        ),
        AlterFieldLabels(
            changes={
                "afteractionreport": {
                    "content_type": {"verbose_name": "content type"},
                    "created_at": {"verbose_name": "created at"},
                    "file_size": {"verbose_name": "file size"},
                    "original_filename": {"verbose_name": "original filename"},
                    "updated_at": {"verbose_name": "updated at"},
                    "written_by": {"verbose_name": "written by"},
                },
                "apitoken": {
                    "created_at": {"verbose_name": "created at"},
                    "key_hash": {"verbose_name": "key hash"},
                    "key_prefix": {"verbose_name": "key prefix"},
                    "last_used_at": {"verbose_name": "last used"},
                    "revoked_at": {"verbose_name": "revoked"},
                    "user": {"verbose_name": "user"},
                },
                "centre": {"slug": {"verbose_name": "slug"}},
                "certificate": {
                    "issued_by": {"verbose_name": "issued by"},
                    "revoked_by": {"verbose_name": "revoked by"},
                },
                "course": {
                    "created_at": {"verbose_name": "created at"},
                    "created_by": {"verbose_name": "created by"},
                    "first_start_date": {"verbose_name": "first start"},
                    "language_ids": {"verbose_name": "language ids"},
                    "last_start_date": {"verbose_name": "last start"},
                    "next_start_date": {"verbose_name": "next start"},
                    "open_first_start": {"verbose_name": "first start open to partners"},
                    "open_last_start": {"verbose_name": "last start open to partners"},
                    "open_seats_deadline": {"verbose_name": "latest deadline with partner seats"},
                    "search_vector": {"verbose_name": "search document"},
                    "slug": {"verbose_name": "slug"},
                    "theme_ids": {"verbose_name": "theme ids"},
                    "un_evidence_name": {"verbose_name": "evidence file name"},
                    "un_evidence_type": {"verbose_name": "evidence content type"},
                    "updated_at": {"verbose_name": "updated at"},
                    "version": {"verbose_name": "version"},
                },
                "evaluationinvitation": {"token_hash": {"verbose_name": "token hash"}},
                "historicalcourse": {
                    "created_at": {"verbose_name": "created at"},
                    "created_by": {"verbose_name": "created by"},
                    "slug": {"verbose_name": "slug"},
                    "un_evidence_name": {"verbose_name": "evidence file name"},
                    "un_evidence_type": {"verbose_name": "evidence content type"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "historicaloffering": {
                    "created_at": {"verbose_name": "created at"},
                    "created_by": {"verbose_name": "created by"},
                    "partner_seats_taken": {"verbose_name": "partner seats taken"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "historicalparticipant": {
                    "attendance_recorded_at": {"verbose_name": "attendance recorded"},
                    "attendance_recorded_by": {"verbose_name": "attendance recorded by"},
                    "named_by": {"verbose_name": "named by"},
                    "purged_at": {"verbose_name": "purged"},
                    "seat_request": {"verbose_name": "seat request"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "historicalresource": {
                    "content_type": {"verbose_name": "content type"},
                    "created_at": {"verbose_name": "created at"},
                    "download_count": {"verbose_name": "download count"},
                    "file_size": {"verbose_name": "file size"},
                    "is_superseded": {"verbose_name": "superseded"},
                    "original_filename": {"verbose_name": "original filename"},
                    "updated_at": {"verbose_name": "updated at"},
                    "uploaded_by": {"verbose_name": "uploaded by"},
                },
                "historicalseatrequest": {
                    "created_at": {"verbose_name": "created at"},
                    "decided_at": {"verbose_name": "decided at"},
                    "decided_by": {"verbose_name": "decided by"},
                    "requested_by": {"verbose_name": "requested by"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "instructor": {
                    "created_at": {"verbose_name": "created at"},
                    "created_by": {"verbose_name": "created by"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "instructoravailability": {"instructor": {"verbose_name": "instructor"}},
                "instructorrequest": {
                    "created_at": {"verbose_name": "created at"},
                    "decided_at": {"verbose_name": "decided at"},
                    "decided_by": {"verbose_name": "decided by"},
                    "requested_by": {"verbose_name": "requested by"},
                    "requesting_centre": {"verbose_name": "requesting centre"},
                    "response": {"verbose_name": "response"},
                    "status": {"verbose_name": "status"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "instructorrequestevent": {
                    "action": {"verbose_name": "action"},
                    "actor": {"verbose_name": "by"},
                    "created_at": {"verbose_name": "created at"},
                    "from_status": {
                        "choices": [
                            ("pending", "Pending"),
                            ("approved", "Approved"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn"),
                            ("cancelled", "Cancelled"),
                        ],
                        "verbose_name": "from status",
                    },
                    "instructor_request": {"verbose_name": "instructor request"},
                    "note": {"verbose_name": "note"},
                    "to_status": {"verbose_name": "to status"},
                },
                "membership": {
                    "created_at": {"verbose_name": "created at"},
                    "requests_seen_at": {"verbose_name": "requests last seen"},
                    "user": {"verbose_name": "user"},
                },
                "offering": {
                    "created_at": {"verbose_name": "created at"},
                    "created_by": {"verbose_name": "created by"},
                    "partner_seats_taken": {"verbose_name": "partner seats taken"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "participant": {
                    "attendance_recorded_at": {"verbose_name": "attendance recorded"},
                    "attendance_recorded_by": {"verbose_name": "attendance recorded by"},
                    "named_by": {"verbose_name": "named by"},
                    "purged_at": {"verbose_name": "purged"},
                    "seat_request": {"verbose_name": "seat request"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "resource": {
                    "content_type": {"verbose_name": "content type"},
                    "created_at": {"verbose_name": "created at"},
                    "download_count": {"verbose_name": "download count"},
                    "file_size": {"verbose_name": "file size"},
                    "is_superseded": {"verbose_name": "superseded"},
                    "original_filename": {"verbose_name": "original filename"},
                    "updated_at": {"verbose_name": "updated at"},
                    "uploaded_by": {"verbose_name": "uploaded by"},
                },
                "resourceaccessgrant": {
                    "centre": {"verbose_name": "centre"},
                    "created_at": {"verbose_name": "created at"},
                    "granted_by": {"verbose_name": "granted by"},
                    "resource": {"verbose_name": "resource"},
                },
                "resourceaccessrequest": {
                    "created_at": {"verbose_name": "created at"},
                    "decided_at": {"verbose_name": "decided at"},
                    "decided_by": {"verbose_name": "decided by"},
                    "requested_by": {"verbose_name": "requested by"},
                    "requesting_centre": {"verbose_name": "requesting centre"},
                    "resource": {"verbose_name": "resource"},
                    "response": {"verbose_name": "response"},
                    "status": {"verbose_name": "status"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "resourceaccessrequestevent": {
                    "access_request": {"verbose_name": "resource access request"},
                    "action": {"verbose_name": "action"},
                    "actor": {"verbose_name": "by"},
                    "created_at": {"verbose_name": "created at"},
                    "from_status": {
                        "choices": [
                            ("pending", "Pending"),
                            ("granted", "Granted"),
                            ("refused", "Refused"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        "verbose_name": "from status",
                    },
                    "note": {"verbose_name": "note"},
                    "to_status": {"verbose_name": "to status"},
                },
                "resourcedownload": {
                    "centre": {"verbose_name": "centre"},
                    "created_at": {"verbose_name": "created at"},
                    "resource": {"verbose_name": "resource"},
                    "user": {"verbose_name": "user"},
                },
                "seatquota": {
                    "centre": {"verbose_name": "centre"},
                    "created_at": {"verbose_name": "created at"},
                    "offering": {"verbose_name": "offering"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "seatrequest": {
                    "created_at": {"verbose_name": "created at"},
                    "decided_at": {"verbose_name": "decided at"},
                    "decided_by": {"verbose_name": "decided by"},
                    "requested_by": {"verbose_name": "requested by"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "seatrequestevent": {
                    "action": {"verbose_name": "action"},
                    "actor": {"verbose_name": "by"},
                    "created_at": {"verbose_name": "created at"},
                    "from_status": {
                        "choices": [
                            ("pending", "Pending"),
                            ("approved", "Approved"),
                            ("waitlisted", "Waitlisted"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        "verbose_name": "from status",
                    },
                    "note": {"verbose_name": "note"},
                    "seat_request": {"verbose_name": "seat request"},
                    "seats_approved": {"verbose_name": "seats approved"},
                    "to_status": {"verbose_name": "to status"},
                },
                "theme": {"slug": {"verbose_name": "slug"}},
                "unrecognitionreminder": {
                    "course": {"verbose_name": "course"},
                    "expiry_date": {"verbose_name": "expiry date"},
                    "months_before": {"verbose_name": "months before"},
                    "sent_at": {"verbose_name": "sent"},
                },
                "untrainingpackage": {"slug": {"verbose_name": "slug"}},
                "webhook": {
                    "centre": {"verbose_name": "centre"},
                    "created_at": {"verbose_name": "created at"},
                    "created_by": {"verbose_name": "created by"},
                    "updated_at": {"verbose_name": "updated at"},
                },
                "webhookdelivery": {
                    "created_at": {"verbose_name": "created at"},
                    "event": {"verbose_name": "event"},
                    "message": {"verbose_name": "outgoing message"},
                    "payload": {"verbose_name": "payload"},
                    "webhook": {"verbose_name": "webhook"},
                },
            },
        ),
    ]
