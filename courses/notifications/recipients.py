"""Who hears for a centre, and in which language.

Recipients of a centre: its contact address plus the e-mail of every active member (trainers
and centre admins), because the person who answers a request is not always the one who reads
the centre's shared mailbox. Duplicates and blanks are dropped. Each member reads mail in their
own language; the centre's contact address, which belongs to nobody, in the site's default.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from ..models import Centre
from .outbox import Recipient, recipient_language


def user_recipient(user) -> Recipient | None:
    """`user` as a recipient, or None when they have no address or are inactive."""
    if user is None or not user.is_active or not (user.email or "").strip():
        return None
    return Recipient(user.email.strip().lower(), recipient_language(user))


def address_recipient(address: str) -> Recipient | None:
    """A bare address (a centre's contact e-mail) in the site's default language."""
    address = (address or "").strip().lower()
    return Recipient(address, settings.LANGUAGE_CODE) if address else None


def centre_audience(centre: Centre) -> list[Recipient]:
    """The recipients who speak for `centre`: its active members, then its contact address."""
    members = (
        get_user_model()
        .objects.filter(membership__centre=centre, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    found = [user_recipient(user) for user in members]
    # A contact address that is also a member's keeps the member's language.
    found.append(address_recipient(centre.contact_email))
    audience: list[Recipient] = []
    seen: set[str] = set()
    for recipient in found:
        if recipient is not None and recipient.address not in seen:
            seen.add(recipient.address)
            audience.append(recipient)
    return audience


def centre_recipients(centre: Centre) -> list[str]:
    """The addresses that speak for `centre`: its contact e-mail and its active members'."""
    return sorted(recipient.address for recipient in centre_audience(centre))
