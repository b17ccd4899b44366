"""Writes of certificates of completion: issue one to a completed participant, revoke one.

A certificate is issued by the attendance service when the host marks a participant completed
(`attendance_record`), under the locks it holds; it is never issued on its own, so a certificate
for someone who did not complete cannot be made here (and the database refuses it too).
Lock order, as everywhere after the course: the offering, then the participant, then the
certificate.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import Attendance, Certificate, Offering, Participant
from ..models.certificates import new_certificate_code
from ..permissions import may_revoke_certificate
from .authorization import authorize
from .validation import validate

# A fresh code colliding with a stored one is a one-in-2^80 event; one retry is plenty, three
# leave room for a broken random source to fail loudly rather than loop.
_CODE_ATTEMPTS = 3


def certificate_issue(
    *, participant: Participant, offering: Offering, by: AbstractBaseUser | None
) -> Certificate:
    """Issue a certificate to `participant`, who has just been marked completed on `offering`.

    Lock contract: the caller holds the offering's and the participant's rows
    (`select_for_update`) and has authorized `by`; this writes what the certificate certifies as
    it stands now (the snapshot).
    """
    if participant.attendance != Attendance.COMPLETED:
        raise DomainError(_("Only a participant who completed the course gets a certificate."))
    certificate = Certificate(
        participant=participant,
        participant_name=participant.display_name,
        course_title=offering.course.title,
        start_date=offering.start_date,
        end_date=offering.end_date,
        city=offering.city,
        host_centre_name=offering.course.centre.name,
        issued_by=by,
    )
    validate(certificate, validate_unique=False)
    for attempt in range(_CODE_ATTEMPTS):
        certificate.code = new_certificate_code()
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            if attempt == _CODE_ATTEMPTS - 1:
                raise
            continue
        return certificate
    raise AssertionError("unreachable")


def _lock_rows(model: type[Offering] | type[Participant], pk: int) -> None:
    list(model.objects.select_for_update(of=("self",)).filter(pk=pk).values_list("pk", flat=True))


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, by: AbstractBaseUser | None, reason: str
) -> Certificate:
    """Revoke a valid certificate, with the reason the host gives; the public page then says
    it is revoked, since when and why. The participant's attendance may change afterwards."""
    # The order every write after the course takes: offering, participant, certificate.
    _lock_rows(Offering, certificate.participant.seat_request.offering_id)
    _lock_rows(Participant, certificate.participant_id)
    certificate = (
        Certificate.objects.select_for_update(of=("self",)).for_pages().get(pk=certificate.pk)
    )
    authorize(
        by,
        may_revoke_certificate,
        certificate,
        message=_("Only the host centre revokes its certificates."),
    )
    if certificate.is_revoked:
        raise DomainError(_("This certificate has already been revoked."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Give the reason for revoking this certificate."), field="reason")
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    validate(certificate, validate_unique=False)
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return certificate
