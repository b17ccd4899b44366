"""Writes after the course: evaluation invitations, anonymous answers, after-action reports.

An invitation's token is made here, stored only as its hash and sent once, in the same
transaction, through the outbox. The answer is written apart from the invitation (see
`courses.models.evaluations`): the invitation is locked and marked answered, the answer row
knows only the offering.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from .. import notifications
from ..exceptions import DomainError
from ..models import (
    AfterActionReport,
    EvaluationAnswer,
    EvaluationInvitation,
    Offering,
    OfferingStatus,
    Participant,
    SeatRequestStatus,
)
from ..models.catalog import today
from ..models.evaluations import SCORE_FIELDS, hash_evaluation_token
from ..permissions import may_write_after_action_report
from ..uploads import UploadRefused, check_upload
from .authorization import authorize
from .validation import validate


def _new_token() -> str:
    # 32 random bytes: 256 bits, far beyond guessing; URL-safe for the link.
    return secrets.token_urlsafe(32)


def invitable_offerings(*, on: datetime.date | None = None):
    """Offerings whose participants are invited on `on`: ended, still inside the evaluation
    window, not cancelled."""
    on = on or today()
    return Offering.objects.filter(
        end_date__lt=on,
        end_date__gte=on - datetime.timedelta(days=settings.EVALUATION_OPEN_DAYS),
    ).exclude(status=OfferingStatus.CANCELLED)


@transaction.atomic
def evaluation_invitations_create(*, offering: Offering) -> list[tuple[EvaluationInvitation, str]]:
    """Invite the participants of `offering` not invited yet; returns each invitation with its
    token (the only time the token exists outside the e-mail; the demo data answers with it).

    Idempotent, like `evaluation_invitations_send`, which calls it for every offering due.
    """
    # The offering row is the lock: two runs of the daily job at once queue up here, and the
    # second finds the invitations of the first.
    Offering.objects.select_for_update(of=("self",)).filter(pk=offering.pk).first()
    due = (
        Participant.objects.active()
        .filter(
            seat_request__offering=offering,
            seat_request__status=SeatRequestStatus.APPROVED,
            purged_at__isnull=True,
            evaluation_invitation__isnull=True,
        )
        .exclude(email="")
        .select_related("named_by__preferences")
        .order_by("pk")
    )
    created = []
    for participant in due:
        token = _new_token()
        invitation = EvaluationInvitation(
            participant=participant,
            offering=offering,
            token_hash=hash_evaluation_token(token),
            language=notifications.participant_language(participant),
        )
        validate(invitation)
        invitation.save()
        invitation.participant = participant
        invitation.offering = offering
        notifications.evaluation_invitation(invitation, token)
        created.append((invitation, token))
    return created


def evaluation_invitations_send(*, on: datetime.date | None = None) -> int:
    """Invite every participant who still comes, with an e-mail, of each offering that ended
    before `on` (and less than EVALUATION_OPEN_DAYS ago); returns how many were invited.

    Idempotent: a participant is invited once (one invitation per participant, in the
    database), so the daily job may run it as often as it likes. Removed and substituted
    participants are never invited; nor are those whose data the retention purge erased.
    """
    sent = 0
    for offering in invitable_offerings(on=on).select_related("course__centre").order_by("pk"):
        sent += len(evaluation_invitations_create(offering=offering))
    return sent


def open_invitation(token: str, *, on: datetime.date | None = None) -> EvaluationInvitation | None:
    """The invitation of `token` if its link opens on `on` (answered or not), else None."""
    if not token or len(token) > 100:
        return None
    on = on or today()
    return (
        EvaluationInvitation.objects.filter(
            token_hash=hash_evaluation_token(token),
            participant__removed_at__isnull=True,
            offering__end_date__lt=on,
            offering__end_date__gte=on - datetime.timedelta(days=settings.EVALUATION_OPEN_DAYS),
        )
        .select_related("offering__course__centre")
        .first()
    )


@dataclass(frozen=True)
class EvaluationScores:
    """One participant's answers: four scores from 1 to 5 and two free texts."""

    relevance: int
    content: int
    instructors: int
    organisation: int
    keep: str = ""
    change: str = ""


@transaction.atomic
def evaluation_answer_submit(*, token: str, scores: EvaluationScores) -> EvaluationAnswer:
    """Record the answer given through the link of `token`, once.

    The token is the participant's authority (there is no account): an unknown or expired one
    is refused, and so is a second answer, checked under a lock on the invitation so that two
    submissions at the same moment cannot both count. The answer knows only its offering.
    """
    invitation = open_invitation(token)
    if invitation is None:
        raise DomainError(_("This evaluation link is unknown or has expired."))
    invitation = EvaluationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_answered:
        raise DomainError(_("This evaluation has already been answered. Thank you."))
    answer = EvaluationAnswer(
        offering_id=invitation.offering_id,
        keep=scores.keep.strip(),
        change=scores.change.strip(),
        **{name: getattr(scores, name) for name in SCORE_FIELDS},
    )
    validate(answer)
    answer.save()
    invitation.is_answered = True
    invitation.save(update_fields=["is_answered"])
    return answer


def after_action_refusal(offering: Offering, *, on: datetime.date | None = None) -> str | None:
    """Why an after-action report cannot be written on `offering` now, or None when it can."""
    on = on or today()
    if offering.status == OfferingStatus.CANCELLED:
        return _("This offering has been cancelled.")
    if offering.end_date >= on:
        return _("An after-action report is written once the offering has ended.")
    return None


@transaction.atomic
def after_action_report_save(
    *,
    offering: Offering,
    by: AbstractBaseUser | None,
    text: str,
    visibility: str,
    file: UploadedFile | None = None,
    remove_file: bool = False,
) -> AfterActionReport:
    """Write or change the after-action report of an ended `offering` (one per offering).

    Only the host's members. A file is checked as a resource's is (courses.uploads) and stored
    under a generated name; nothing is written when a check refuses it.
    """
    authorize(
        by,
        may_write_after_action_report,
        offering,
        message=_("Only the host centre writes the after-action report of its offering."),
    )
    Offering.objects.select_for_update(of=("self",)).filter(pk=offering.pk).first()
    refusal = after_action_refusal(offering)
    if refusal:
        raise DomainError(refusal)
    report = AfterActionReport.objects.filter(offering=offering).first() or AfterActionReport(
        offering=offering
    )
    report.text = text.strip()
    report.visibility = visibility
    report.written_by = by if by is not None else report.written_by
    if remove_file and report.file:
        report.file = ""
        report.original_filename = ""
        report.content_type = ""
        report.file_size = 0
    checked = None
    if file is not None:
        try:
            checked = check_upload(file)
        except UploadRefused as refused:
            raise DomainError(refused.message, field="file") from refused
    validate(report, exclude=["file"])
    if checked is not None:
        report.file.save(f"upload.{checked.extension}", file, save=False)
        report.original_filename = checked.display_name
        report.content_type = checked.content_type
        report.file_size = checked.size
    report.save()
    return report
