"""Every "may this user ...?" decision of the product, and nothing else.

Views, forms and the admin ask these functions; none decides on its own. Reads are scoped
before they are fetched: a queryset of what the user may see, so that anything else is a 404
rather than a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from .models import (
    Centre,
    Course,
    CourseQuerySet,
    CourseStatus,
    Membership,
    Offering,
    OfferingQuerySet,
    SeatRequest,
    SeatRequestQuerySet,
)

User = AbstractBaseUser | AnonymousUser


def membership_of(user: User) -> Membership | None:
    """The user's membership of a centre, or None for visitors and users of no centre."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def centre_of(user: User) -> Centre | None:
    membership = membership_of(user)
    return membership.centre if membership else None


def is_member_of(user: User, centre: Centre | int | None) -> bool:
    """Whether the user belongs to `centre` (a trainer or a centre admin of it)."""
    membership = membership_of(user)
    if membership is None or centre is None:
        return False
    centre_id = centre if isinstance(centre, int) else centre.pk
    return membership.centre_id == centre_id


def is_network_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def catalog_courses(user: User) -> CourseQuerySet:
    """Courses the catalog lists for the user: published ones, plus its own centre's drafts."""
    membership = membership_of(user)
    if membership is None:
        return Course.objects.published()
    return Course.objects.filter(
        Q(status=CourseStatus.PUBLISHED)
        | Q(status=CourseStatus.DRAFT, centre_id=membership.centre_id)
    )


def viewable_courses(user: User) -> CourseQuerySet:
    """Courses whose page the user may open.

    Published and archived courses are public (an archived course keeps its URL but leaves the
    catalog); a draft is seen only by members of its centre and by the network admin.
    """
    if is_network_admin(user):
        return Course.objects.all()
    visible = Q(status__in=[CourseStatus.PUBLISHED, CourseStatus.ARCHIVED])
    membership = membership_of(user)
    if membership is not None:
        visible |= Q(centre_id=membership.centre_id)
    return Course.objects.filter(visible)


# --- Posting courses and offerings ---------------------------------------------------------
# Only the members (trainers and centre admins) of a course's centre post and edit it. The
# network admin belongs to no centre and corrects courses through the Django admin instead, so
# the posting pages are a 404 for it as for any other outsider.


def may_post_course(user: User) -> bool:
    """Whether the user may post a new course: it must belong to a centre (the course's owner)."""
    return membership_of(user) is not None


def editable_courses(user: User) -> CourseQuerySet:
    """Courses the user may edit and add offerings to: those of its own centre."""
    membership = membership_of(user)
    if membership is None:
        return Course.objects.none()
    return Course.objects.filter(centre_id=membership.centre_id)


def may_edit_course(user: User, course: Course) -> bool:
    """Whether the user may edit `course` and post its offerings."""
    return is_member_of(user, course.centre_id)


def editable_offerings(user: User) -> OfferingQuerySet:
    """Offerings the user may edit (and cancel): those of its own centre's courses."""
    membership = membership_of(user)
    if membership is None:
        return Offering.objects.none()
    return Offering.objects.filter(course__centre_id=membership.centre_id)


# --- Seat requests ---------------------------------------------------------------------------


def requestable_offerings(user: User) -> OfferingQuerySet:
    """Offerings whose request page the user may open: any offering of a course it can see.

    Rules of the domain (own centre, cancelled, past, deadline) are not permissions: the page
    opens and explains why no request can be made.
    """
    if membership_of(user) is None:
        return Offering.objects.none()
    return Offering.objects.filter(course__in=viewable_courses(user))


def may_request_seats(user: User, offering: Offering) -> bool:
    """Whether the user may ask for seats on `offering` for its centre.

    It must belong to a centre other than the offering's host. Whether the offering still takes
    requests (cancelled, started, deadline) is a rule of the service, with its own message.
    """
    membership = membership_of(user)
    return membership is not None and membership.centre_id != offering.course.centre_id


def visible_seat_requests(user: User) -> SeatRequestQuerySet:
    """Seat requests the user may see: its centre's incoming and outgoing ones.

    The network admin sees every request (read only: deciding is the centres' business).
    """
    if is_network_admin(user):
        return SeatRequest.objects.all()
    membership = membership_of(user)
    if membership is None:
        return SeatRequest.objects.none()
    return SeatRequest.objects.involving(membership.centre)


def may_decide(user: User, seat_request: SeatRequest) -> bool:
    """Whether the user may approve, waitlist or decline: a member of the host centre."""
    return is_member_of(user, seat_request.offering.course.centre_id)


def may_withdraw(user: User, seat_request: SeatRequest) -> bool:
    """Whether the user may withdraw or re-open the request: a member of the requesting centre."""
    return is_member_of(user, seat_request.requesting_centre_id)


# Which side may take which action on a request, whatever its status; the service decides
# whether the request's status allows it (SEAT_REQUEST_TRANSITIONS).
HOST_ACTIONS = ("approve", "waitlist", "decline")
REQUESTER_ACTIONS = ("withdraw", "reopen")


def may_act(user: User, seat_request: SeatRequest, action: str) -> bool:
    """Whether the user's side of the request may take `action` at all."""
    if action in HOST_ACTIONS:
        return may_decide(user, seat_request)
    if action in REQUESTER_ACTIONS:
        return may_withdraw(user, seat_request)
    return False


def seat_request_actions(user: User, seat_request: SeatRequest) -> list[str]:
    """The actions the user may take on the request now: its side's, allowed from its status."""
    from .services.exchange import allowed_transitions  # the service owns the state machine

    return [
        action
        for action in allowed_transitions(seat_request)
        if may_act(user, seat_request, action)
    ]
