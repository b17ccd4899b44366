"""E-mails of the resource library: an access request (or its withdrawal) reaches the owner, the
answer the asker.

Mails are sent after the transaction commits (a rolled-back request mails nobody), and a mail
server that fails is logged, never raised: the request or the decision stands either way.
"""

from __future__ import annotations

import logging

from django.conf import settings

from .models import ResourceAccessRequest
from .notifications import centre_recipients, send_after_commit

logger = logging.getLogger(__name__)


def _link(access_request: ResourceAccessRequest) -> str:
    return f"{settings.SITE_URL}{access_request.get_absolute_url()}"


def notify_access_requested(access_request: ResourceAccessRequest) -> None:
    """Tell the owner centre that another centre asks for one of its resources."""
    resource = access_request.resource
    asker = access_request.requesting_centre
    body = (
        f"{asker.name} asks for access to your centre-only resource “{resource.title}”.\n\n"
        f"Their message:\n{access_request.message}\n\n"
        f"Grant or refuse the request here: {_link(access_request)}\n"
    )
    send_after_commit(
        f"[APCN] {asker.short_name} asks for “{resource.title}”",
        body,
        centre_recipients(resource.owner_centre),
    )


def notify_access_decided(access_request: ResourceAccessRequest) -> None:
    """Tell the asking centre whether it was granted the resource."""
    resource = access_request.resource
    owner = resource.owner_centre
    verb = "granted" if access_request.status == "granted" else "refused"
    body = (
        f"{owner.name} has {verb} your centre's request for “{resource.title}”.\n\n"
        + (f"Their answer:\n{access_request.response}\n\n" if access_request.response else "")
        + f"See the request: {_link(access_request)}\n"
    )
    recipients = []
    if access_request.requested_by and access_request.requested_by.email:
        recipients.append(access_request.requested_by.email)
    if access_request.requesting_centre.contact_email:
        recipients.append(access_request.requesting_centre.contact_email)
    send_after_commit(f"[APCN] Access {verb}: “{resource.title}”", body, recipients)


def notify_access_withdrawn(access_request: ResourceAccessRequest, *, note: str = "") -> None:
    """Tell the owner centre that the asking centre no longer needs the resource."""
    resource = access_request.resource
    asker = access_request.requesting_centre
    body = (
        f"{asker.name} has withdrawn its request for your centre-only resource "
        f"“{resource.title}”. There is nothing to answer any more.\n\n"
        + (f"Note from {asker.short_name}:\n{note}\n\n" if note else "")
        + f"See the request: {_link(access_request)}\n"
    )
    send_after_commit(
        f"[APCN] {asker.short_name} withdrew its request for “{resource.title}”",
        body,
        centre_recipients(resource.owner_centre),
    )
