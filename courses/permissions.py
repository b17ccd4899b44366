"""Every "may this user ...?" decision of the product, and nothing else.

Views, forms and the admin ask these functions; none decides on its own. Reads are scoped
before they are fetched: a queryset of what the user may see, so that anything else is a 404
rather than a 403 that would confirm it exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import (
    AfterActionReport,
    Centre,
    CentreRole,
    Certificate,
    CertificateQuerySet,
    Course,
    CourseQuerySet,
    CourseStatus,
    Membership,
    Offering,
    OfferingQuerySet,
    OutboxMessage,
    SeatRequest,
    SeatRequestQuerySet,
    Theme,
)
from .models.instructors import (
    Instructor,
    InstructorQuerySet,
    InstructorRequest,
    InstructorRequestQuerySet,
)
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
    """The centre the user belongs to, or None (visitors, the network admin, outsiders)."""
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
    """Whether the user is the network admin (the APCN secretariat): an active superuser."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# --- The outbox ----------------------------------------------------------------------------
#
# Outgoing messages name people of every centre (addresses, what was asked and answered), so
# only the network admin reads them and sends failed ones again.


def can_see_outbox(user: User) -> bool:
    """Whether the user may read the outgoing messages (the network admin only)."""
    return is_network_admin(user)


def can_retry_outbox_message(user: User, message: OutboxMessage) -> bool:
    """Whether the user may send an outgoing message again (the network admin only)."""
    return is_network_admin(user)


# --- Which courses are listed and which course pages open -----------------------------------
#
# A centre the network admin has made inactive (it paused or left the network) has no page, and
# its courses leave every list: the catalog, the calendar and its feeds and exports, the home
# page, the facet counts and the "related" lists. Only its own members (who may be preparing to
# come back) and the network admin still open its courses' pages.


def inactive_centre_ids() -> QuerySet[Centre]:
    """The ids of the centres the network admin has made inactive, as a subquery."""
    return Centre.objects.filter(is_active=False).values("pk")


def listed_q(prefix: str = "") -> Q:
    """The rule "listed for everyone" as a filter: a published course of an active centre.

    `prefix` applies it across a relation: `"course__"` for offerings, `"courses__"` for themes.

    "Not of an inactive centre" rather than "of an active centre", and a subquery rather than a
    join on the centre: the catalog's facet counts apply it to 100k courses, and PostgreSQL
    turns `NOT IN (subquery)` into one hashed lookup of the few inactive ids (usually none)
    while still reading the courses from the facet index alone, with the plan it had before;
    `IN (active ids)` would be planned as a join of every course to the centres.
    """
    return Q(**{f"{prefix}status": CourseStatus.PUBLISHED}) & ~Q(
        **{f"{prefix}centre_id__in": inactive_centre_ids()}
    )


def listed_courses() -> CourseQuerySet:
    """The courses listed for everyone: published, of an active centre.

    What a visitor's catalog holds, and what the pages and feeds that are the same for every
    viewer (the home page, the iCalendar feeds) show.
    """
    return Course.objects.filter(listed_q())


def listed_offerings() -> OfferingQuerySet:
    """The offerings of `listed_courses()` (the home page's next offerings)."""
    return Offering.objects.filter(listed_q("course__"))


def may_share_visitors_page(user: User, cookies: dict[str, str]) -> bool:
    """Whether a page may be answered with the copy every plain visitor is shown
    (`courses.page_cache`): the viewer is not signed in (a member sees its centre's drafts)
    and has nothing of their own on it: no session (where a visitor's messages and choices
    live) and no message cookie."""
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return not user.is_authenticated


def catalog_courses(user: User) -> CourseQuerySet:
    """Courses the catalog (and the calendar, the CSV export, the facet counts) lists for the user.

    Everyone: the published courses of the active centres (`listed_courses`). A member of a
    centre also sees its own centre's drafts, and while its centre is inactive its own published
    courses too: the centre may be preparing to come back, and its people keep working on its
    courses meanwhile; no other centre lists them until the network admin reactivates it. The
    network admin, who belongs to no centre, gets the visitors' catalog: it sees every course,
    an inactive centre's ones included, on the course pages and in the Django admin.
    """
    membership = membership_of(user)
    if membership is None:
        return listed_courses()
    # An active centre's published courses are listed already: its drafts are what it adds,
    # which keeps the common case's filter (and its plan) as small as before.
    own_statuses = [CourseStatus.DRAFT]
    if not membership.centre.is_active:
        own_statuses.append(CourseStatus.PUBLISHED)
    own = Q(centre_id=membership.centre_id, status__in=own_statuses)
    return Course.objects.filter(listed_q() | own)


def viewable_courses(user: User) -> CourseQuerySet:
    """Courses whose page the user may open.

    Published and archived courses of active centres are public (an archived course keeps its
    URL but leaves the catalog). A draft, and any course of an inactive centre, is seen only by
    members of its centre and by the network admin; for anyone else its page is a 404.
    """
    if is_network_admin(user):
        return Course.objects.all()
    visible = Q(status__in=[CourseStatus.PUBLISHED, CourseStatus.ARCHIVED]) & ~Q(
        centre_id__in=inactive_centre_ids()
    )
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
    """Whether the user administers a centre (and so uses the admin, scoped to it)."""
    return admin_centre_of(user) is not None


# --- The Django admin -------------------------------------------------------------------
#
# The admin's scoping (courses/admin/scoping.py) asks these: every ModelAdmin names how its
# rows reach the centre that owns them (`centre_path`), and these decide which rows the user
# reaches that way, to read and to write.

NO_ROWS = Q(pk__in=[])


def may_use_admin(user: User) -> bool:
    """Whether the user works in the Django admin at all: the network admin, and the centre
    admins (scoped to their centre). Any other staff user sees nothing, whatever permissions
    it was given by hand."""
    return is_network_admin(user) or admin_centre_of(user) is not None


def admin_rows_q(
    user: User,
    *,
    centre_path: str | None,
    view_paths: tuple[str, ...] = (),
    write: bool,
) -> Q:
    """The admin rows of a model the user may read (`write=False`) or change and delete.

    `centre_path` is the ORM path from the model to the centre that owns a row; `None` is a
    model shared by the whole network (themes, languages), which a centre admin reads but
    never changes. `view_paths` are further paths that make a row readable but not writable
    (a seat request the centre sent to another centre's offering). The network admin reaches
    every row; a user who is not a centre admin, none.
    """
    if is_network_admin(user):
        return Q()
    centre = admin_centre_of(user)
    if centre is None:
        return NO_ROWS
    if centre_path is None:
        return NO_ROWS if write else Q()
    q = Q(**{centre_path: centre.pk})
    if not write:
        for path in view_paths:
            q |= Q(**{path: centre.pk})
    return q


def admin_member_rows_q(user: User, *, write: bool) -> Q:
    """The user accounts the user reaches in the admin: every one for the network admin; for a
    centre admin its centre's members (never a superuser), and to change those it may manage
    (`may_manage_member`); none for anyone else."""
    if is_network_admin(user):
        return Q()
    centre = admin_centre_of(user)
    if centre is None:
        return NO_ROWS
    return members_of_q(centre, manageable=write)


def may_add_in_admin(user: User, *, centre_owned: bool) -> bool:
    """Whether the user may add rows of a model in the admin: the network admin anything, a
    centre admin only rows its centre owns (they become its centre's)."""
    return is_network_admin(user) or (admin_centre_of(user) is not None and centre_owned)


def admin_choices_q(user: User, centre_path: str | None) -> Q:
    """Which rows a foreign key or many-to-many field of an admin form may point at.

    `centre_path` leads from the offered model to its centre (None: shared, every row); a
    centre admin is offered its own centre's rows only, so that a POSTed id of another
    centre's course is "not a valid choice".
    """
    if is_network_admin(user) or centre_path is None:
        return Q()
    centre = admin_centre_of(user)
    return Q(**{centre_path: centre.pk}) if centre is not None else NO_ROWS


def may_read_deleted_history(user: User) -> bool:
    """Whether the user may read the admin history of a row that no longer exists: only the
    network admin (a centre admin can no longer tell whose it was)."""
    return is_network_admin(user)


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


def may_edit_centre_profile(user: User, centre: Centre) -> bool:
    """Whether the user may change `centre`'s profile (names, place, website, contacts).

    The centre admin of that centre and the network admin; a trainer does not speak for its
    centre's profile, and no centre admin for another centre's.
    """
    if is_network_admin(user):
        return True
    own = admin_centre_of(user)
    return own is not None and centre.pk is not None and own.pk == centre.pk


def may_run_network(user: User) -> bool:
    """Whether the user decides for the whole network: adds centres, changes a centre's slug
    or active flag, keeps themes and languages, sets who belongs to which centre."""
    return is_network_admin(user)


def may_edit_un_packages(user: User) -> bool:
    """Whether the user keeps the UN training packages and their editions (reference data of
    the whole network): the network admin only. Centre admins choose an edition for their
    courses and resources, and never change the list."""
    return is_network_admin(user)


def may_see_un_evidence(user: User, course: Course) -> bool:
    """Whether the user may open the evidence of a course's UN recognition (the certificate or
    the application): members of any centre of the network and the network admin, for a course
    whose page they may open. The public sees the status and the dates, not the document."""
    if is_network_admin(user):
        return True
    if membership_of(user) is None:
        return False
    return viewable_courses(user).filter(pk=course.pk).exists()


def may_add_trainer(user: User, centre: Centre) -> bool:
    """Whether the user may create a trainer's account in `centre`: its centre admin, or the
    network admin."""
    if is_network_admin(user):
        return True
    own = admin_centre_of(user)
    return own is not None and own.pk == centre.pk


def members_of_q(centre: Centre, *, manageable: bool = False) -> Q:
    """The users a centre admin of `centre` sees (its members, never a superuser), or with
    `manageable` those it may change: the same rule as `may_manage_member`, as a filter."""
    q = Q(membership__centre=centre, is_superuser=False)
    if manageable:
        q &= Q(membership__role=CentreRole.TRAINER, is_staff=False)
    return q


# The resource library -----------------------------------------------------------------------
#
# Public resources are for everyone; network resources for any member of any centre; centre-only
# resources for the members of the owner centre and of the centres it has granted access to. The
# network admin sees everything. The same rule decides the list, the page and the download.


def resource_visibility_q(user: User) -> Q:
    """The filter of the resources `user` may see (for a queryset of resources already narrowed,
    e.g. a course's related resources)."""
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
    return Resource.objects.filter(resource_visibility_q(user))


# Listing is wider than seeing: a member finds every centre's current centre-only resources in
# the library (title, owner centre, kind) so that its centre can ask for them, which is the point
# of sharing them on request. Their description, themes' search hits, file and download stay
# with `resource_visibility_q`. A visitor lists only what it may see (public resources).


def resource_listing_q(user: User) -> Q:
    """The filter of the resources the library lists to `user`: those it may see, and for a
    member of a centre the other centres' current centre-only ones (listing-level only)."""
    listed = resource_visibility_q(user)
    if membership_of(user) is not None:
        listed |= Q(visibility=ResourceVisibility.CENTRE, is_archived=False, is_superseded=False)
    return listed


def listable_resources(user: User) -> ResourceQuerySet:
    """Resources the library lists to `user` (the list, and their page at listing level)."""
    return Resource.objects.filter(resource_listing_q(user))


def can_list_resource(user: User, resource: Resource) -> bool:
    """Whether the library shows `resource` to `user` at listing level: its title, owner
    centre and kind, with "Ask for access" when the user may not see it. Never its file,
    description or download (those are `can_view_resource`)."""
    return listable_resources(user).filter(pk=resource.pk).exists()


def can_view_resource(user: User, resource: Resource) -> bool:
    """Whether the user may see `resource` in full: its description, page and file."""
    return visible_resources(user).filter(pk=resource.pk).exists()


def editable_resources(user: User) -> ResourceQuerySet:
    """Resources the user may edit, archive and give new versions: its own centre's ones."""
    if is_network_admin(user):
        return Resource.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Resource.objects.none()
    return Resource.objects.filter(owner_centre_id=membership.centre_id)


def may_upload_resources(user: User) -> bool:
    """Whether the library's upload page is offered: members of a centre upload for it.

    The network admin belongs to no centre, so it has no centre to upload for on the site.
    """
    return membership_of(user) is not None


def can_upload_resource_for(user: User, centre: Centre) -> bool:
    """Members of a centre upload resources for their centre (the network admin for any)."""
    return is_network_admin(user) or is_member_of(user, centre)


def can_edit_resource(user: User, resource: Resource) -> bool:
    """Members of the owner centre (and the network admin) edit, archive and version it."""
    return is_network_admin(user) or is_member_of(user, resource.owner_centre_id)


def can_see_download_log(user: User, resource: Resource) -> bool:
    """The owner centre (and the network admin) sees who downloaded its resource."""
    return can_edit_resource(user, resource)


def relatable_courses(centre: Centre | None) -> CourseQuerySet:
    """Courses a resource of `centre` may be related to (the upload and edit forms' choices).

    Any centre's published courses, and `centre`'s own drafts, which it is preparing; never an
    archived course, nor another centre's draft (that would tell the library it exists).
    """
    shown = Q(status=CourseStatus.PUBLISHED)
    if centre is not None:
        shown |= Q(centre_id=centre.pk, status=CourseStatus.DRAFT)
    return Course.objects.filter(shown)


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


def sees_owner_side_of_access_request(user: User, access_request: ResourceAccessRequest) -> bool:
    """Whether the request's page speaks to the user as the owner's side (who asked, the
    grants): members of the owner centre, and the network admin, who reads every request."""
    return is_network_admin(user) or can_decide_access_request(user, access_request)


def can_withdraw_access_request(user: User, access_request: ResourceAccessRequest) -> bool:
    """Members of the requesting centre withdraw their centre's request (any member, not only
    the one who asked: the request is the centre's, as its answer is).

    The side only, whatever the status: whether the request can still be withdrawn (it is
    pending) is a rule of the service, with its own message.
    """
    return is_member_of(user, access_request.requesting_centre_id)


# --- The instructor exchange ----------------------------------------------------------------
#
# A centre lists the instructors and mobile training teams it can lend. The offers are public,
# like the catalog: a visitor (or a partner not yet in the network) learns what expertise the
# network can send, which is the point of publishing it. The person behind an offer (name,
# rank, biography, contact) is personal data of a serving officer: only members of the
# network (members of any centre, and the network admin) read it, and where a lent instructor
# or team goes (the calendar of loans, who borrowed it) is the network's business too.


def visible_instructors(user: User) -> InstructorQuerySet:
    """Offers whose page the user may open: the active offers of active centres; a centre's
    members also see its archived ones; the network admin sees all."""
    if is_network_admin(user):
        return Instructor.objects.all()
    visible = Q(is_archived=False) & ~Q(centre_id__in=inactive_centre_ids())
    membership = membership_of(user)
    if membership is not None:
        visible |= Q(centre_id=membership.centre_id)
    return Instructor.objects.filter(visible)


def listed_instructors(user: User) -> InstructorQuerySet:
    """Offers the list shows: active ones of active centres (archived ones stay reachable by
    their own centre from its page, not from the list)."""
    return visible_instructors(user).filter(is_archived=False)


def may_see_instructor_details(user: User, instructor: Instructor | None = None) -> bool:
    """Whether the user reads the personal details of an offer (name, rank, biography,
    contact) and where instructors are lent: members of a centre and the network admin.
    Visitors and signed-in users of no centre see the offer without them."""
    return is_network_admin(user) or membership_of(user) is not None


def may_offer_instructors(user: User) -> bool:
    """Whether the user has the page to add an offer: members of a centre add for their own."""
    return membership_of(user) is not None


def may_manage_instructor_for(user: User, centre: Centre) -> bool:
    """Whether the user may add, change and archive offers of `centre` by any route: its
    members, and the network admin (through the Django admin)."""
    return is_network_admin(user) or is_member_of(user, centre)


def may_edit_instructor(user: User, instructor: Instructor) -> bool:
    """Whether the user opens the edit page of an offer: a member of its centre."""
    return is_member_of(user, instructor.centre_id)


def editable_instructors(user: User) -> InstructorQuerySet:
    """Offers the user may edit on the site: its own centre's."""
    membership = membership_of(user)
    if membership is None:
        return Instructor.objects.none()
    return Instructor.objects.filter(centre_id=membership.centre_id)


def may_request_instructor(user: User, instructor: Instructor) -> bool:
    """Whether the user may ask to borrow `instructor` for its centre: a member of another
    centre than the one that lends it. Whether the offer can be asked for now (archived,
    dates outside its availability) is a rule of the service, with its own message."""
    membership = membership_of(user)
    return membership is not None and membership.centre_id != instructor.centre_id


def visible_instructor_requests(user: User) -> InstructorRequestQuerySet:
    """Instructor requests the user may open: its centre's incoming and outgoing ones; every
    one for the network admin (read only: deciding is the centres' business)."""
    if is_network_admin(user):
        return InstructorRequest.objects.all()
    membership = membership_of(user)
    if membership is None:
        return InstructorRequest.objects.none()
    return InstructorRequest.objects.involving(membership.centre)


def may_answer_instructor_request(user: User, instructor_request: InstructorRequest) -> bool:
    """The host side: members of the lending centre approve, decline or cancel a loan."""
    return is_member_of(user, instructor_request.instructor.centre_id)


def may_withdraw_instructor_request(user: User, instructor_request: InstructorRequest) -> bool:
    """The requester side: members of the requesting centre withdraw their centre's request
    (whatever the status; whether it can still be withdrawn is the request engine's rule)."""
    return is_member_of(user, instructor_request.requesting_centre_id)


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


def may_post_course_for(user: User, centre: Centre) -> bool:
    """Whether the user may create a course of `centre` by any route (page, admin, API).

    Members of the centre post on the site; the network admin adds courses for any centre in
    the Django admin.
    """
    return is_network_admin(user) or is_member_of(user, centre)


def may_change_course(user: User, course: Course) -> bool:
    """Whether the user may change `course` and its offerings by any route (page, admin, API).

    The members of its centre, and the network admin, who corrects courses in the Django admin
    (the posting pages, `may_edit_course`, stay its centre's own).
    """
    return is_network_admin(user) or is_member_of(user, course.centre_id)


def may_change_offering(user: User, offering: Offering) -> bool:
    """Whether the user may change or cancel `offering`: whoever may change its course."""
    return is_network_admin(user) or is_member_of(user, offering.course.centre_id)


def may_delete_course(user: User, course: Course) -> bool:
    """Whether the user may erase `course` (entered in error) with its offerings.

    Only the network admin (`may_erase_shared`): a course is shared with the network (other
    centres link resources to it and ask for seats), so its centre archives it instead.
    Whether the course can still be erased (no centre has asked for seats on it) is a rule of
    the service, with its own message.
    """
    return may_erase_shared(user)


def may_delete_offering(user: User, offering: Offering) -> bool:
    """Whether the user may erase `offering`: whoever may erase its course."""
    return may_delete_course(user, offering.course)


def may_edit_offering(user: User, offering: Offering) -> bool:
    """Whether the user may open `offering`'s edit page: a member of its course's centre."""
    return is_member_of(user, offering.course.centre_id)


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


def may_request_for(user: User, centre: Centre) -> bool:
    """Whether the user may ask other centres (for seats) on behalf of `centre`: its members.

    The network admin belongs to no centre and asks for none.
    """
    return is_member_of(user, centre)


def may_request_seats(user: User, offering: Offering) -> bool:
    """Whether the user may ask for seats on `offering` for its centre.

    It must belong to a centre other than the offering's host. Whether the offering still takes
    requests (cancelled, started, deadline, host centre inactive) is a rule of the service, with
    its own message.
    """
    membership = membership_of(user)
    return membership is not None and membership.centre_id != offering.course.centre_id


def shows_request_button(user: User, offering: Offering, *, refusal: str | None) -> bool:
    """Whether an offering's "Request seats" button is shown to the user (course page, catalog).

    For a user whose side may ask (`may_request_seats`), while the offering still takes
    requests: `refusal` is the request engine's reason why not (None when it does), asked by
    the caller, since the rules of the domain live with the services, which ask this module.
    """
    return refusal is None and may_request_seats(user, offering)


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


def may_view_seat_requests(user: User) -> bool:
    """Whether the user has a requests page: members of a centre, and the network admin."""
    return is_network_admin(user) or membership_of(user) is not None


def may_decide(user: User, seat_request: SeatRequest) -> bool:
    """Whether the user may approve, waitlist or decline: a member of the host centre."""
    return is_member_of(user, seat_request.offering.course.centre_id)


def may_erase_seat_request(user: User) -> bool:
    """Whether the user may erase a seat request (in the admin): only the network admin. A
    request is history between two centres: they withdraw or decline it, never erase it."""
    return is_network_admin(user)


def may_withdraw(user: User, seat_request: SeatRequest) -> bool:
    """Whether the user may withdraw or re-open the request: a member of the requesting centre."""
    return is_member_of(user, seat_request.requesting_centre_id)


# Which side may take which action on a request, whatever its status; the request engine
# (courses/workflow.py) decides whether the request's status allows it.
HOST_ACTIONS = ("approve", "adjust", "waitlist", "decline")
REQUESTER_ACTIONS = ("ask-more", "withdraw", "reopen")


def may_act(user: User, seat_request: SeatRequest, action: str) -> bool:
    """Whether the user's side of the request may take `action` at all."""
    if action in HOST_ACTIONS:
        return may_decide(user, seat_request)
    if action in REQUESTER_ACTIONS:
        return may_withdraw(user, seat_request)
    return False


def seat_request_actions(
    user: User, seat_request: SeatRequest, *, allowed: Iterable[str]
) -> list[str]:
    """The actions the user may take on the request now: of the actions its status `allowed`
    (the request engine's state machine says which), those its side may take.

    The state machine is passed in rather than imported: the services ask this module, so
    this module never imports them.
    """
    return [action for action in allowed if may_act(user, seat_request, action)]


def may_hold_seats(user: User, offering: Offering) -> bool:
    """Whether the user may hold the offering's partner seats for named partner centres and
    move its waitlist on: a member of the host centre."""
    return is_member_of(user, offering.course.centre_id)


def may_view_reports(user: User) -> bool:
    """Whether the user may open the participation report.

    The report shows every centre's aggregate figures (never an individual's data), which the
    network shares among its members to steer joint training: members of a centre and the network
    admin see it; visitors are sent to log in and users of no centre get a 404.
    """
    return is_network_admin(user) or membership_of(user) is not None


# --- A member's own preferences ---------------------------------------------------------------


def may_change_preferences(user: User, member: AbstractBaseUser) -> bool:
    """Whether `user` may change `member`'s language and time zone: themselves, or the network
    admin (who answers a member's call for help)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.pk == member.pk or is_network_admin(user)


# --- Named participants (personal data) ------------------------------------------------------
#
# Who comes on an approved request is personal data: the two centres of the request and the
# network admin see it; nobody else, anywhere (public pages, feeds, catalog exports, another
# centre's admin). The same functions decide the pages, the CSV roll and the admin.


def may_view_participants(user: User, seat_request: SeatRequest) -> bool:
    """Whether the user may read the names on `seat_request`: its two centres and the network
    admin."""
    return (
        is_network_admin(user)
        or is_member_of(user, seat_request.requesting_centre_id)
        or is_member_of(user, seat_request.offering.course.centre_id)
    )


def may_name_participants(user: User, seat_request: SeatRequest) -> bool:
    """Whether the user's side names, corrects and substitutes the participants: the members of
    the requesting centre. Whether the request and the offering still allow it (approved, not
    started) is a rule of the service, with its own message."""
    return is_member_of(user, seat_request.requesting_centre_id)


def may_view_roll(user: User, offering: Offering) -> bool:
    """Whether the user may open the offering's roll (every centre's participants, and its CSV):
    the members of the host centre and the network admin. A sending centre reads its own people
    on its request, never the other centres' on the roll."""
    return is_network_admin(user) or is_member_of(user, offering.course.centre_id)


def roll_offerings(user: User) -> OfferingQuerySet:
    """The offerings whose roll the user may open (anything else is a 404)."""
    if is_network_admin(user):
        return Offering.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Offering.objects.none()
    return Offering.objects.filter(course__centre_id=membership.centre_id)


# --- After the course: evaluations, after-action reports, the ledger ---------------------------
#
# Evaluation answers are anonymous, and even aggregates are shown only from
# EVALUATION_MIN_ANSWERS answers on (a rule of `courses/evaluations.py`, not of who asks). The
# host reads its offerings' aggregates and free-text answers; every member of the network reads
# the aggregates per course and theme (scores only, never the free text), as it reads the
# participation report, to steer joint training.


def may_view_offering_evaluations(user: User, offering: Offering) -> bool:
    """Whether the user may read the evaluation of `offering` (scores and free text): the
    members of the host centre and the network admin."""
    return may_view_roll(user, offering)


def evaluation_offerings(user: User) -> OfferingQuerySet:
    """The offerings whose evaluation the user may open (anything else is a 404)."""
    return roll_offerings(user)


def may_view_network_evaluations(user: User) -> bool:
    """Whether the user may read the network's evaluation aggregates per course and theme:
    members of any centre and the network admin, as for the participation report."""
    return may_view_reports(user)


def may_view_ledger(user: User) -> bool:
    """Whether the user may read the reciprocity ledger (seats given and taken per centre):
    members of any centre and the network admin; aggregate figures, no one's personal data."""
    return may_view_reports(user)


def may_write_after_action_report(user: User, offering: Offering) -> bool:
    """Whether the user may write and change the after-action report of `offering`: the members
    of the host centre. That the offering has ended is a rule of the service."""
    return is_member_of(user, offering.course.centre_id)


def after_action_visibility_q(user: User) -> Q:
    """The filter of the after-action reports `user` may read, at the library's levels: public
    ones for everyone, network ones for any member, centre-only ones for the host's members;
    the network admin reads all."""
    if is_network_admin(user):
        return Q()
    visible = Q(visibility=ResourceVisibility.PUBLIC)
    membership = membership_of(user)
    if membership is not None:
        visible |= Q(visibility=ResourceVisibility.NETWORK) | Q(
            offering__course__centre_id=membership.centre_id
        )
    return visible


def visible_after_action_reports(user: User) -> QuerySet[AfterActionReport]:
    """The after-action reports the user may read (pages and file downloads): at their level,
    and only of a course whose page the user may open (never a draft's, for instance)."""
    return AfterActionReport.objects.filter(
        after_action_visibility_q(user), offering__course__in=viewable_courses(user)
    )


def may_view_after_action_report(user: User, report: AfterActionReport) -> bool:
    """Whether the user may read `report`: the rule of `after_action_visibility_q` for one
    report already loaded with its offering (the course page asks it for each of its runs)."""
    if is_network_admin(user) or report.visibility == ResourceVisibility.PUBLIC:
        return True
    membership = membership_of(user)
    if membership is None:
        return False
    return report.visibility == ResourceVisibility.NETWORK or (
        membership.centre_id == report.offering.course.centre_id
    )


# --- After the course: attendance and certificates -------------------------------------------
#
# The host records who attended and completed; the certificate it issues is personal data as
# the participant is (the two centres and the network admin download it), while its public page
# says only what the holder shows by handing out the code.


def may_record_attendance(user: User, offering: Offering) -> bool:
    """Whether the user may record the participants' attendance and completion on the roll: the
    members of the host centre. Whether the offering allows it yet (it has started) is a rule of
    the service, with its own message; the network admin and the sending centres only read it."""
    return is_member_of(user, offering.course.centre_id)


def may_revoke_certificate(user: User, certificate: Certificate) -> bool:
    """Whether the user may revoke a certificate: the members of the host centre that issued it."""
    return is_member_of(user, certificate.participant.seat_request.offering.course.centre_id)


def may_download_certificate(user: User, certificate: Certificate) -> bool:
    """Whether the user may download the certificate's PDF: the participant's centre, the host
    centre and the network admin (the same people who read the participant's name)."""
    return may_view_participants(user, certificate.participant.seat_request)


def downloadable_certificates(user: User) -> CertificateQuerySet:
    """The certificates whose PDF the user may download (anything else is a 404)."""
    if is_network_admin(user):
        return Certificate.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(
        Q(participant__seat_request__requesting_centre_id=membership.centre_id)
        | Q(participant__seat_request__offering__course__centre_id=membership.centre_id)
    )


def revocable_certificates(user: User) -> CertificateQuerySet:
    """The certificates the user may revoke: those of its centre's offerings (else a 404)."""
    membership = membership_of(user)
    if membership is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(
        participant__seat_request__offering__course__centre_id=membership.centre_id
    )


# --- Personal API tokens -----------------------------------------------------------------------
# A token acts with exactly its owner's rights, so it is its owner's own business: every signed-in,
# active user may create tokens for itself, and nobody may create, see or revoke another's.


def may_create_api_token(user: User) -> bool:
    """Whether the user may create personal API tokens (for itself only)."""
    return bool(user.is_authenticated and user.is_active)


def may_revoke_api_token(user: User, token) -> bool:  # token: courses.models.ApiToken
    """Whether the user may revoke `token`: only its owner (a token is a member's own key)."""
    return bool(user.is_authenticated and token.user_id == user.pk)


def api_tokens_of(user: User):
    """The tokens listed on the user's tokens page: its own, revoked ones included."""
    from .models import ApiToken

    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk)


# --- Webhooks --------------------------------------------------------------------------------


def may_manage_webhooks(user: User, centre: Centre) -> bool:
    """Whether the user may register and change `centre`'s webhooks: its centre admins (a
    webhook sends the centre's requests to another system, an admin's decision), and the
    network admin."""
    if is_network_admin(user):
        return True
    admin_centre = admin_centre_of(user)
    return admin_centre is not None and admin_centre.pk == centre.pk


# --- The admin's "view on site" shortcut ----------------------------------------------------


def may_open_page(user: User, obj: object) -> bool:
    """Whether `obj` has a page on the site that `user` may open (the admin's "view on site").

    The same rules as the pages themselves: a draft course, another centre's request or a
    centre-only resource are as unknown here as on the site. Objects without such a page (or of
    a kind not listed) are never opened.
    """
    if isinstance(obj, Course):
        return viewable_courses(user).filter(pk=obj.pk).exists()
    if isinstance(obj, Offering):
        return viewable_courses(user).filter(pk=obj.course_id).exists()
    if isinstance(obj, SeatRequest):
        return visible_seat_requests(user).filter(pk=obj.pk).exists()
    if isinstance(obj, Resource):
        return visible_resources(user).filter(pk=obj.pk).exists()
    if isinstance(obj, ResourceAccessRequest):
        return visible_access_requests(user).filter(pk=obj.pk).exists()
    if isinstance(obj, Instructor):
        return visible_instructors(user).filter(pk=obj.pk).exists()
    if isinstance(obj, InstructorRequest):
        return visible_instructor_requests(user).filter(pk=obj.pk).exists()
    if isinstance(obj, Centre):
        # An inactive centre has no page (centre_detail lists active centres only).
        return obj.is_active
    return isinstance(obj, Theme)


# --- Erasing shared things -------------------------------------------------------------------


def may_erase_shared(user: User) -> bool:
    """Whether the user may hard-delete what the network shares (courses, offerings, resources,
    seat and access requests): only the network admin, after Django's confirmation page lists
    everything that goes with it. Centres archive and cancel instead (the services say so), so
    no other centre's links, requests or history silently disappear.
    """
    return is_network_admin(user)
