"""Every "may this user ...?" decision of the product, and nothing else.

Views, forms and the admin ask these functions; none decides on its own. Reads are scoped
before they are fetched: a queryset of what the user may see, so that anything else is a 404
rather than a 403 that would confirm it exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q

from .models import Centre, CentreRole, Course, CourseQuerySet, CourseStatus, Membership
from .models.library import (
    Resource,
    ResourceAccessGrant,
    ResourceAccessRequest,
    ResourceAccessRequestQuerySet,
    ResourceQuerySet,
    ResourceVisibility,
)

User = AbstractBaseUser | AnonymousUser


def membership_of(user: User) -> Membership | None:
    """The user's membership of a centre, or None for visitors and users of no centre."""
    if not user.is_authenticated:
        return None
    # Cached on the user for the request; the centre comes with it because nearly every page
    # that asks shows or compares the centre.
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = (
            Membership.objects.select_related("centre").filter(user_id=user.pk).first()
        )
    return user._membership_cache


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


# The resource library -----------------------------------------------------------------------
#
# Public resources are for everyone; network resources for any member of any centre; centre-only
# resources for the members of the owner centre and of the centres it has granted access to. The
# network admin sees everything. The same rule decides the list, the page and the download.


def resource_visibility_q(user: User) -> Q:
    """The filter of the resources `user` may see, for `Resource.objects.visible_to(user)`."""
    if is_network_admin(user):
        return Q()
    visible = Q(visibility=ResourceVisibility.PUBLIC)
    membership = membership_of(user)
    if membership is not None:
        granted = ResourceAccessGrant.objects.filter(
            resource=OuterRef("pk"), centre_id=membership.centre_id
        )
        visible |= (
            Q(visibility=ResourceVisibility.NETWORK)
            | Q(owner_centre_id=membership.centre_id)
            | Q(Exists(granted))
        )
    return visible


def visible_resources(user: User) -> ResourceQuerySet:
    """Resources the user may see, archived and older versions included (pages, downloads)."""
    return Resource.objects.visible_to(user)


def editable_resources(user: User) -> ResourceQuerySet:
    """Resources the user may edit, archive and give new versions: its own centre's ones."""
    if is_network_admin(user):
        return Resource.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Resource.objects.none()
    return Resource.objects.filter(owner_centre_id=membership.centre_id)


def can_upload_resource_for(user: User, centre: Centre) -> bool:
    """Members of a centre upload resources for their centre (the network admin for any)."""
    return is_network_admin(user) or is_member_of(user, centre)


def can_edit_resource(user: User, resource: Resource) -> bool:
    """Members of the owner centre (and the network admin) edit, archive and version it."""
    return is_network_admin(user) or is_member_of(user, resource.owner_centre_id)


def can_see_download_log(user: User, resource: Resource) -> bool:
    """The owner centre (and the network admin) sees who downloaded its resource."""
    return can_edit_resource(user, resource)


def requestable_resources(user: User) -> ResourceQuerySet:
    """Centre-only resources the user's centre may ask for: another centre's, not yet granted.

    Only the title and owner of these are shown (on the request page and beside a course), so
    that a partner centre can find out that a material exists and ask for it; the content stays
    hidden until the owner grants access.
    """
    membership = membership_of(user)
    if membership is None:
        return Resource.objects.none()
    return (
        Resource.objects.current()
        .filter(visibility=ResourceVisibility.CENTRE)
        .exclude(owner_centre_id=membership.centre_id)
        .exclude(access_grants__centre_id=membership.centre_id)
    )


def visible_access_requests(user: User) -> ResourceAccessRequestQuerySet:
    """Access requests the user may open: its centre's incoming and outgoing ones."""
    if is_network_admin(user):
        return ResourceAccessRequest.objects.all()
    membership = membership_of(user)
    if membership is None:
        return ResourceAccessRequest.objects.none()
    return ResourceAccessRequest.objects.involving(membership.centre)


def can_decide_access_request(user: User, access_request: ResourceAccessRequest) -> bool:
    """Members of the owner centre grant or refuse a request for their resource."""
    return is_member_of(user, access_request.resource.owner_centre_id)
