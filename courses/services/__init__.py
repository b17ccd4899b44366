"""Every write of the domain, one named function each (keyword-only, typed, atomic).

A service validates with `full_clean()` before it saves and raises `DomainError` with a message
a user can read when a rule refuses the action. Views, admin actions and management commands all
call these functions; nothing else writes to the domain's tables.
"""

from .catalog import (
    course_archive,
    course_create,
    course_publish,
    course_update,
    offering_create,
    offering_update,
    unique_course_slug,
)
from .centres import centre_save
from .members import (
    member_deactivate,
    member_set_password,
    member_update,
    membership_remove,
    membership_set,
    sync_centre_admin_group,
    trainer_create,
)

__all__ = [
    "centre_save",
    "course_archive",
    "course_create",
    "course_publish",
    "course_update",
    "member_deactivate",
    "member_set_password",
    "member_update",
    "membership_remove",
    "membership_set",
    "offering_create",
    "offering_update",
    "sync_centre_admin_group",
    "trainer_create",
    "unique_course_slug",
]
