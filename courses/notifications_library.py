"""E-mails of the resource library: an access request reaches the owner, the answer the asker.

Mails are sent after the transaction commits (a rolled-back request mails nobody), and a mail
server that fails is logged, never raised: the request or the decision stands either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from .models import Centre, ResourceAccessRequest

logger = logging.getLogger(__name__)


def _centre_addresses(centre: Centre) -> list[str]:
    users = get_user_model().objects.filter(membership__centre=centre, is_active=True)
    addresses = {email for email in users.values_list("email", flat=True) if email}
    if centre.contact_email:
        addresses.add(centre.contact_email)
    return sorted(addresses)


def _send_later(subject: str, body: str, recipients: Iterable[str]) -> None:
    recipients = sorted(set(recipients))
    if not recipients:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # any mail failure: log it, the request itself is saved
            logger.exception("Could not send the mail %r to %s", subject, recipients)

    transaction.on_commit(send)


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
    _send_later(
        f"[APCN] {asker.short_name} asks for “{resource.title}”",
        body,
        _centre_addresses(resource.owner_centre),
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
    _send_later(f"[APCN] Access {verb}: “{resource.title}”", body, recipients)
