from django.http import HttpRequest

from .permissions import (
    may_post_course,
    may_use_admin,
    may_view_reports,
    may_view_seat_requests,
    membership_of,
)


def membership(request: HttpRequest) -> dict:
    """The signed-in user's centre membership and what the navigation may offer them.

    The navigation only mirrors the decisions of `courses.permissions`; every page checks again.
    """
    user = request.user
    member = membership_of(user)
    return {
        "membership": member,
        "nav_requests": may_view_seat_requests(user),
        "nav_reports": may_view_reports(user),
        "nav_admin": may_use_admin(user),
        "nav_post_course": may_post_course(user),
    }
