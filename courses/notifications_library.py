"""E-mails of the resource library: an access request (or its withdrawal) reaches the owner, the
answer the asker.

Mails are sent after the transaction commits (a rolled-back request mails nobody), and a mail
server that fails is logged, never raised: the request or the decision stands either way.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.translation import gettext as _

from .models import ResourceAccessRequest
from .notifications import (
    centre_recipients_by_language,
    member_language,
    send_after_commit,
)

logger = logging.getLogger(__name__)


def _link(access_request: ResourceAccessRequest) -> str:
    return f"{settings.SITE_URL}{access_request.get_absolute_url()}"


def notify_access_requested(access_request: ResourceAccessRequest) -> None:
    """Tell the owner centre that another centre asks for one of its resources."""
    resource = access_request.resource
    asker = access_request.requesting_centre

    def compose() -> tuple[str, str]:
        body = (
            _("%(centre)s asks for access to your centre-only resource “%(title)s”.")
            % {"centre": asker.name, "title": resource.title}
            + "\n\n"
            + _("Their message:")
            + f"\n{access_request.message}\n\n"
            + _("Grant or refuse the request here: %(url)s") % {"url": _link(access_request)}
            + "\n"
        )
        subject = _("[APCN] %(centre)s asks for “%(title)s”") % {
            "centre": asker.short_name,
            "title": resource.title,
        }
        return subject, body

    send_after_commit(compose, centre_recipients_by_language(resource.owner_centre))


def notify_access_decided(access_request: ResourceAccessRequest) -> None:
    """Tell the asking centre whether it was granted the resource."""
    resource = access_request.resource
    owner = resource.owner_centre
    granted = access_request.status == "granted"

    def compose() -> tuple[str, str]:
        names = {"centre": owner.name, "title": resource.title}
        first = (
            _("%(centre)s has granted your centre's request for “%(title)s”.")
            if granted
            else _("%(centre)s has refused your centre's request for “%(title)s”.")
        ) % names
        body = (
            first
            + "\n\n"
            + (
                _("Their answer:") + f"\n{access_request.response}\n\n"
                if access_request.response
                else ""
            )
            + _("See the request: %(url)s") % {"url": _link(access_request)}
            + "\n"
        )
        subject = (
            _("[APCN] Access granted: “%(title)s”")
            if granted
            else _("[APCN] Access refused: “%(title)s”")
        ) % {"title": resource.title}
        return subject, body

    recipients: dict[str, list[str]] = {}
    asker = access_request.requested_by
    if asker and asker.email:
        recipients.setdefault(member_language(asker), []).append(asker.email)
    if access_request.requesting_centre.contact_email:
        recipients.setdefault(settings.LANGUAGE_CODE, []).append(
            access_request.requesting_centre.contact_email
        )
    send_after_commit(compose, recipients)


def notify_access_withdrawn(access_request: ResourceAccessRequest, *, note: str = "") -> None:
    """Tell the owner centre that the asking centre no longer needs the resource."""
    resource = access_request.resource
    asker = access_request.requesting_centre

    def compose() -> tuple[str, str]:
        body = (
            _(
                "%(centre)s has withdrawn its request for your centre-only resource "
                "“%(title)s”. There is nothing to answer any more."
            )
            % {"centre": asker.name, "title": resource.title}
            + "\n\n"
            + (
                _("Note from %(centre)s:") % {"centre": asker.short_name} + f"\n{note}\n\n"
                if note
                else ""
            )
            + _("See the request: %(url)s") % {"url": _link(access_request)}
            + "\n"
        )
        subject = _("[APCN] %(centre)s withdrew its request for “%(title)s”") % {
            "centre": asker.short_name,
            "title": resource.title,
        }
        return subject, body

    send_after_commit(compose, centre_recipients_by_language(resource.owner_centre))
