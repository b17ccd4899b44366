"""Every "may this user ...?" decision of the product, and nothing else.

Views, forms and the admin ask these functions; none decides on its own. Reads are scoped
before they are fetched: a queryset of what the user may see, so that anything else is a 404
rather than a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from .models import Centre, CentreRole, Course, CourseQuerySet, CourseStatus, Membership

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


def admin_centre_of(user: User) -> Centre | None:
    """The centre a centre admin runs in the Django admin, or None.

    A centre admin is an active staff user whose membership has the centre-admin role. The
    network admin (a superuser) is not scoped to a centre and gets None here: ask
    `is_network_admin` first.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff) or user.is_superuser:
        return None
    membership = membership_of(user)
    if membership is None or not membership.is_centre_admin:
        return None
    return membership.centre


def is_centre_admin(user: User) -> bool:
    return admin_centre_of(user) is not None


def may_manage_member(actor: User, member: AbstractBaseUser) -> bool:
    """Whether `actor` may change `member`'s account (names, e-mail, active flag, password).

    The network admin manages everyone. A centre admin manages the trainers of its own centre
    and nobody else: not other centres' people, not its fellow admins, not staff or
    superusers (so that it cannot take over an account with more rights than its own).
    """
    if is_network_admin(actor):
        return True
    centre = admin_centre_of(actor)
    if centre is None or member.is_superuser or member.is_staff:
        return False
    membership = membership_of(member)
    return (
        membership is not None
        and membership.centre_id == centre.pk
        and membership.role == CentreRole.TRAINER
    )
