"""Every "may this user ...?" decision of the product, and nothing else.

Views, forms and the admin ask these functions; none decides on its own. Reads are scoped
before they are fetched: a queryset of what the user may see, so that anything else is a 404
rather than a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from .models import Centre, Course, CourseQuerySet, CourseStatus, Membership

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


def may_view_reports(user: User) -> bool:
    """Whether the user may open the participation report.

    The report shows every centre's aggregate figures (never an individual's data), which the
    network shares among its members to steer joint training: members of a centre and the network
    admin see it; visitors are sent to log in and users of no centre get a 404.
    """
    return is_network_admin(user) or membership_of(user) is not None
