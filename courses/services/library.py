"""Writes of the resource library: uploads, versions, downloads and access requests."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..exceptions import DomainError
from ..models import (
    AccessRequestStatus,
    Centre,
    Course,
    Language,
    Resource,
    ResourceAccessGrant,
    ResourceAccessRequest,
    ResourceDownload,
    ResourceVisibility,
    Theme,
    UNPackageEdition,
)
from ..notifications.library import notify_access_requested
from ..permissions import can_edit_resource, can_upload_resource_for, centre_of
from ..uploads import UploadRefused, check_upload
from .authorization import authorize
from .catalog import KEEP
from .validation import validate

_link_validator = URLValidator(schemes=["http", "https"])


def _check_link(url: str) -> str:
    """A link as it may be stored: a well-formed http(s) address with a host and no user part.

    The download page sends visitors to the stored link (after a page that names the site they
    are leaving for), so what is stored is checked here, once, when it is saved.
    """
    url = url.strip()
    if not url:
        return url
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise DomainError(_("Only http:// and https:// links can be shared."), field="external_url")
    try:
        _link_validator(url)
    except ValidationError as error:
        raise DomainError(_("Enter a complete web address."), field="external_url") from error
    if parts.username is not None or parts.password is not None:
        # https://apcn.example@elsewhere.example reads like one site and opens another.
        raise DomainError(_("A link cannot carry a user name or password."), field="external_url")
    return url


def _attach(resource: Resource, *, file: UploadedFile | None, external_url: str) -> None:
    """Check the file (or link) and put it on `resource` without writing anything to disk yet."""
    if bool(file) == bool(external_url):
        raise DomainError(
            _("Upload a file or give an external link (one of the two)."), field="file"
        )
    if file:
        try:
            checked = check_upload(file)
        except UploadRefused as refusal:
            raise DomainError(refusal.message, field="file") from refusal
        resource.original_filename = checked.display_name
        resource.content_type = checked.content_type
        resource.file_size = checked.size
        resource.external_url = ""
        # Stored only when the row is saved, under a generated name (see resource_upload_to);
        # the checked display name carries only the accepted extension into it.
        file.name = checked.display_name
        resource.file = file
    else:
        resource.external_url = external_url
        resource.file = ""
        resource.original_filename = resource.content_type = ""
        resource.file_size = 0


def _save_with_file(resource: Resource) -> None:
    """Save the row, which writes the file last; remove the file again if the row is refused.

    Every check (upload, link, full_clean) has run before this, so a refused upload never
    reaches the disk.
    """
    try:
        resource.save()
    except Exception:
        name = resource.file.name if resource.file else ""
        if name and resource.file.storage.exists(name):
            resource.file.storage.delete(name)
        raise


@transaction.atomic
def resource_upload(
    *,
    centre: Centre,
    by: AbstractBaseUser | None,
    title: str,
    kind: str,
    language: Language,
    themes: Iterable[Theme],
    visibility: str = ResourceVisibility.NETWORK,
    file: UploadedFile | None = None,
    external_url: str = "",
    description: str = "",
    version_label: str = "",
    related_courses: Iterable[Course] = (),
    replaces: Resource | None = None,
    un_edition: UNPackageEdition | None = None,
) -> Resource:
    """Add a resource of `centre`: an uploaded file or an external link, exactly one of them.

    The file is checked by content and by name (courses.uploads) and stored under a generated
    name; nothing is written when any check refuses it.
    """
    if by is not None and not can_upload_resource_for(by, centre):
        raise DomainError(_("Only members of the owner centre can upload its resources."))
    themes = list(themes)
    if not themes:
        raise DomainError(_("Choose at least one theme."), field="themes")
    resource = Resource(
        owner_centre=centre,
        uploaded_by=by,
        title=title.strip(),
        description=description,
        kind=kind,
        language=language,
        visibility=visibility,
        version_label=version_label.strip(),
        replaces=replaces,
        un_edition=un_edition,
    )
    _attach(resource, file=file, external_url=_check_link(external_url))
    validate(resource, exclude=["file"])
    _save_with_file(resource)
    resource.themes.set(themes)
    resource.related_courses.set(list(related_courses))
    return resource


RESOURCE_EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "language",
    "visibility",
    "version_label",
)


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    by: AbstractBaseUser | None,
    title: str | None = None,
    description: str | None = None,
    kind: str | None = None,
    language: Language | None = None,
    visibility: str | None = None,
    version_label: str | None = None,
    themes: Iterable[Theme] | None = None,
    related_courses: Iterable[Course] | None = None,
    external_url: str | None = None,
    un_edition: UNPackageEdition | object | None = KEEP,
) -> Resource:
    """Change a resource's description, themes, visibility or link; None leaves a field as is
    (the UN package edition, which may be emptied, is left as it is at KEEP; None empties it).

    The file itself does not change here: a new file is a new version (`resource_new_version`),
    so that whoever downloaded the old one can still find it. Refused for a `by` who may not
    edit the resource (`can_edit_resource`).
    """
    authorize(by, can_edit_resource, resource, message=_("You may not change this resource."))
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    changes = {
        "title": title,
        "description": description,
        "kind": kind,
        "language": language,
        "visibility": visibility,
        "version_label": version_label,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(resource, field, value.strip() if isinstance(value, str) else value)
    if un_edition is not KEEP:
        resource.un_edition = un_edition
    if external_url is not None:
        if not resource.is_link:
            raise DomainError(
                _("This resource is a file; upload a new version to change it."),
                field="external_url",
            )
        resource.external_url = _check_link(external_url)
    if themes is not None:
        themes = list(themes)
        if not themes:
            raise DomainError(_("Choose at least one theme."), field="themes")
    validate(resource)
    resource.save()
    if themes is not None:
        resource.themes.set(themes)
    if related_courses is not None:
        resource.related_courses.set(list(related_courses))
    return resource


@transaction.atomic
def resource_new_version(
    *,
    resource: Resource,
    by: AbstractBaseUser | None,
    version_label: str,
    file: UploadedFile | None = None,
    external_url: str = "",
    title: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
) -> Resource:
    """Upload a newer version of `resource`; the old one stays in the history, superseded.

    The new version keeps the old one's centre, kind, language, themes, related courses and the
    centres it was granted to (they asked for the material, not for one edition of it).
    Refused for a `by` who may not edit the resource (`can_edit_resource`).
    """
    authorize(
        by, can_edit_resource, resource, message=_("You may not add a version of this resource.")
    )
    # Locked until the new version (with the old one's grants) is committed: a grant walking
    # the version chain waits here and then finds the new version too (see _decide).
    old = Resource.objects.select_for_update().get(pk=resource.pk)
    if old.is_superseded:
        raise DomainError(_("A newer version already exists; add the new version to that one."))
    if not version_label.strip():
        raise DomainError(_("Give the new version a label, e.g. 2.0."), field="version_label")
    new = resource_upload(
        centre=old.owner_centre,
        by=by,
        title=title if title is not None else old.title,
        description=description if description is not None else old.description,
        kind=old.kind,
        language=old.language,
        themes=old.themes.all(),
        visibility=visibility or old.visibility,
        file=file,
        external_url=external_url,
        version_label=version_label,
        related_courses=old.related_courses.all(),
        replaces=old,
        un_edition=old.un_edition,
    )
    Resource.objects.filter(pk=old.pk).update(is_superseded=True, updated_at=timezone.now())
    ResourceAccessGrant.objects.bulk_create(
        [
            ResourceAccessGrant(
                resource=new, centre_id=grant.centre_id, granted_by=grant.granted_by
            )
            for grant in old.access_grants.all()
        ]
    )
    return new


@transaction.atomic
def resource_archive(
    *, resource: Resource, by: AbstractBaseUser | None, archived: bool = True
) -> Resource:
    """Take a resource out of the library (or put it back). Nothing shared is deleted.

    Refused for a `by` who may not edit the resource (`can_edit_resource`).
    """
    authorize(by, can_edit_resource, resource, message=_("You may not archive this resource."))
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    resource.is_archived = archived
    resource.save(update_fields=["is_archived", "updated_at"])
    return resource


@transaction.atomic
def resource_download_record(
    *, resource: Resource, user: AbstractBaseUser | AnonymousUser | None
) -> ResourceDownload | None:
    """Count one download and, for a signed-in member, log who, when and for which centre.

    The counter is raised in the database (F()) so that simultaneous downloads all count.
    """
    signed_in = user if user is not None and user.is_authenticated else None
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
    if signed_in is None:
        # A visitor's download of a public resource is counted, not logged: the log is for
        # the owner to see which members and centres use it, and a row per anonymous request
        # would let anyone grow the table without limit.
        return None
    return ResourceDownload.objects.create(
        resource=resource, user=signed_in, centre=centre_of(signed_in)
    )


A = AccessRequestStatus

# The moves of an access request (grant, refuse, withdraw), who may make them, the timeline and
# the notices are the request engine's (courses/workflow.py). Only a pending request changes:
# the owner centre grants or refuses it, the requesting centre may withdraw it. Every other
# status is final; after a refusal or a withdrawal the centre asks again with a new request
# (the one-pending-request rule allows it).


@transaction.atomic
def access_request_submit(
    *, resource: Resource, by: AbstractBaseUser, message: str
) -> ResourceAccessRequest:
    """A member of another centre asks the owner centre for a centre-only resource."""
    centre = centre_of(by)
    if centre is None:
        raise DomainError(_("Only members of a centre can ask for resources."))
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.owner_centre_id == centre.pk:
        raise DomainError(_("This resource belongs to your centre already."))
    if resource.visibility != ResourceVisibility.CENTRE:
        raise DomainError(_("This resource is open to your centre already; no request is needed."))
    if resource.is_archived:
        raise DomainError(_("This resource has been archived by its centre."))
    if resource.access_grants.filter(centre=centre).exists():
        raise DomainError(_("Your centre has access to this resource already."))
    if ResourceAccessRequest.objects.filter(
        resource=resource, requesting_centre=centre, status=AccessRequestStatus.PENDING
    ).exists():
        raise DomainError(
            _("Your centre has already asked for this resource; the answer is pending.")
        )
    if not message.strip():
        raise DomainError(
            _("Tell the owner centre why you need it and how it will be used."), field="message"
        )
    access_request = ResourceAccessRequest(
        resource=resource, requesting_centre=centre, requested_by=by, message=message.strip()
    )
    validate(access_request)
    access_request.save()
    workflow.access_requests().record(
        access_request, by=by, action="requested", from_status="", note=access_request.message
    )
    notify_access_requested(access_request)
    return access_request


def _decide(
    *,
    access_request: ResourceAccessRequest,
    by: AbstractBaseUser,
    action: str,
    response: str,
    seen: str | None,
) -> ResourceAccessRequest:
    def answer(locked: ResourceAccessRequest) -> None:
        locked.response = response.strip()
        locked.decided_by = by
        locked.decided_at = timezone.now()
        if action == "grant":
            # The centre asked for the material: versions uploaded since the request are
            # granted too (versions uploaded later inherit the grant in resource_new_version).
            # Each version is locked before its successor is looked for: resource_new_version
            # holds the lock on the version it supersedes until its new version is committed,
            # so the walk either waits and then sees the new version, or gets there first and
            # its grant is copied to the new version. Either way the whole chain is granted.
            version = Resource.objects.select_for_update().filter(pk=locked.resource_id).first()
            while version is not None:
                ResourceAccessGrant.objects.get_or_create(
                    resource=version,
                    centre=locked.requesting_centre,
                    defaults={"granted_by": by},
                )
                version = Resource.objects.select_for_update().filter(replaces=version).first()

    return workflow.access_requests().move(
        access_request, action, by=by, note=response.strip(), seen=seen, change=answer
    )


@transaction.atomic
def access_request_grant(
    *,
    access_request: ResourceAccessRequest,
    by: AbstractBaseUser,
    response: str = "",
    seen: str | None = None,
) -> ResourceAccessRequest:
    """Grant: every member of the requesting centre may now see and download the resource.

    `seen` is the state the deciding page showed (`workflow.access_requests().seen`); a request
    that moved since is refused with what happened, and nothing changes.
    """
    return _decide(
        access_request=access_request, by=by, action="grant", response=response, seen=seen
    )


@transaction.atomic
def access_request_refuse(
    *,
    access_request: ResourceAccessRequest,
    by: AbstractBaseUser,
    response: str = "",
    seen: str | None = None,
) -> ResourceAccessRequest:
    """Refuse: the requesting centre is told, with the owner's answer, and may ask again later."""
    return _decide(
        access_request=access_request, by=by, action="refuse", response=response, seen=seen
    )


@transaction.atomic
def access_request_withdraw(
    *,
    access_request: ResourceAccessRequest,
    by: AbstractBaseUser,
    note: str = "",
    seen: str | None = None,
) -> ResourceAccessRequest:
    """The requesting centre takes back its pending request; the owner centre is told.

    Refused, with nothing changed, for anyone outside the requesting centre and for a request
    that is no longer pending (granted, refused or withdrawn already). The centre may ask for
    the resource again later with a new request.
    """
    return workflow.access_requests().move(
        access_request, "withdraw", by=by, note=note.strip(), seen=seen
    )
