"""Notices of the resource library: an access request (or its withdrawal) reaches the owner
centre, the answer the centre that asked.

Queued in the outbox inside the service's transaction: a rolled-back request mails nobody, and
a mail server that fails delays the notice, never the request or the decision.
"""

from __future__ import annotations

from django.conf import settings

from ..models import ResourceAccessRequest
from .outbox import Recipient, enqueue_email
from .recipients import address_recipient, centre_audience, user_recipient


def _link(access_request: ResourceAccessRequest) -> str:
    return f"{settings.SITE_URL}{access_request.get_absolute_url()}"


def notify_access_requested(access_request: ResourceAccessRequest) -> None:
    """Tell the owner centre that another centre asks for one of its resources."""
    resource = access_request.resource
    enqueue_email(
        topic="access_requested",
        template="access_requested",
        context={
            "access_request": access_request,
            "resource": resource,
            "asker": access_request.requesting_centre,
            "link": _link(access_request),
        },
        recipients=centre_audience(resource.owner_centre),
    )


def notify_access_decided(access_request: ResourceAccessRequest) -> None:
    """Tell the asking centre whether it was granted the resource: the member who asked and
    the centre's contact address."""
    resource = access_request.resource
    recipients: list[Recipient | None] = [
        user_recipient(access_request.requested_by),
        address_recipient(access_request.requesting_centre.contact_email),
    ]
    enqueue_email(
        topic="access_decided",
        template="access_decided",
        context={
            "access_request": access_request,
            "resource": resource,
            "owner": resource.owner_centre,
            "granted": access_request.status == "granted",
            "link": _link(access_request),
        },
        recipients=[recipient for recipient in recipients if recipient is not None],
    )


def notify_access_withdrawn(access_request: ResourceAccessRequest, *, note: str = "") -> None:
    """Tell the owner centre that the asking centre no longer needs the resource."""
    resource = access_request.resource
    enqueue_email(
        topic="access_withdrawn",
        template="access_withdrawn",
        context={
            "access_request": access_request,
            "resource": resource,
            "asker": access_request.requesting_centre,
            "note": note,
            "link": _link(access_request),
        },
        recipients=centre_audience(resource.owner_centre),
    )
