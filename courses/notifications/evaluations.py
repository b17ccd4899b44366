"""The evaluation invitation: a participant's private link, in the participant's language.

A participant has no account, so no chosen language of their own: the language is that of the
member of their centre who named them (`Participant.named_by`, their chosen language on
/account/preferences/), as the one who knows them best; the site's default when that member
chose none or is gone. The link carries the token itself, so each invitation is its own message.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from ..models import EvaluationInvitation, Participant
from .outbox import Recipient, enqueue_email, recipient_language


def participant_language(participant: Participant) -> str:
    """The language mail to `participant` is written in (see the module's docstring)."""
    return recipient_language(participant.named_by)


def evaluation_invitation(invitation: EvaluationInvitation, token: str) -> None:
    """Send `invitation`'s participant the link to the evaluation of their offering."""
    participant = invitation.participant
    offering = invitation.offering
    enqueue_email(
        topic="evaluation_invitation",
        template="evaluation_invitation",
        context={
            "offering": offering,
            "link": f"{settings.SITE_URL}{reverse('evaluation', args=[token])}",
            "open_days": settings.EVALUATION_OPEN_DAYS,
        },
        recipients=[Recipient(participant.email, invitation.language)],
    )
