"""Every write of the domain, one named function each (keyword-only, typed, atomic).

A service validates with `full_clean()` before it saves and raises `DomainError` with a message
a user can read when a rule refuses the action. Views, admin actions and management commands all
call these functions; nothing else writes to the domain's tables.
"""

from .accounts import member_create, network_admin_create, user_set_password
from .attendance import attendance_record
from .catalog import (
    course_archive,
    course_create,
    course_publish,
    course_update,
    offering_cancel,
    offering_create,
    offering_update,
    refresh_next_start_dates,
    unique_course_slug,
)
from .centres import centre_create, centre_save
from .certificates import certificate_revoke
from .evaluations import (
    EvaluationScores,
    after_action_report_save,
    evaluation_answer_submit,
    evaluation_invitations_send,
)
from .exchange import (
    held_seats_release,
    held_seats_release_now,
    offering_quotas_set,
    seat_request_act,
    seat_request_adjust,
    seat_request_approve,
    seat_request_ask_more,
    seat_request_decline,
    seat_request_reopen,
    seat_request_submit,
    seat_request_waitlist,
    seat_request_withdraw,
    waitlist_promote,
)
from .instructors import (
    instructor_archive,
    instructor_request_act,
    instructor_request_approve,
    instructor_request_cancel,
    instructor_request_decline,
    instructor_request_submit,
    instructor_request_withdraw,
    instructor_save,
)
from .library import (
    access_request_grant,
    access_request_refuse,
    access_request_submit,
    access_request_withdraw,
    resource_archive,
    resource_download_record,
    resource_new_version,
    resource_update,
    resource_upload,
)
from .members import (
    member_deactivate,
    member_set_password,
    member_update,
    membership_remove,
    membership_requests_seen,
    membership_set,
    sync_centre_admin_group,
    trainer_create,
)
from .outbox import outbox_retry
from .participants import (
    ParticipantDetails,
    participant_substitute,
    participants_purge,
    participants_update,
)
from .reference import reference_data_sync

__all__ = [
    "EvaluationScores",
    "ParticipantDetails",
    "access_request_grant",
    "access_request_refuse",
    "access_request_submit",
    "access_request_withdraw",
    "after_action_report_save",
    "attendance_record",
    "centre_create",
    "centre_save",
    "certificate_revoke",
    "course_archive",
    "course_create",
    "course_publish",
    "course_update",
    "evaluation_answer_submit",
    "evaluation_invitations_send",
    "held_seats_release",
    "held_seats_release_now",
    "instructor_archive",
    "instructor_request_act",
    "instructor_request_approve",
    "instructor_request_cancel",
    "instructor_request_decline",
    "instructor_request_submit",
    "instructor_request_withdraw",
    "instructor_save",
    "member_create",
    "member_deactivate",
    "member_set_password",
    "member_update",
    "membership_remove",
    "membership_requests_seen",
    "membership_set",
    "network_admin_create",
    "offering_cancel",
    "offering_create",
    "offering_quotas_set",
    "offering_update",
    "outbox_retry",
    "participant_substitute",
    "participants_purge",
    "participants_update",
    "reference_data_sync",
    "refresh_next_start_dates",
    "resource_archive",
    "resource_download_record",
    "resource_new_version",
    "resource_update",
    "resource_upload",
    "seat_request_act",
    "seat_request_adjust",
    "seat_request_approve",
    "seat_request_ask_more",
    "seat_request_decline",
    "seat_request_reopen",
    "seat_request_submit",
    "seat_request_waitlist",
    "seat_request_withdraw",
    "sync_centre_admin_group",
    "trainer_create",
    "unique_course_slug",
    "user_set_password",
    "waitlist_promote",
]
