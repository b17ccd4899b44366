"""Certificates of completion: what the host issues to a participant who completed a course.

A certificate carries a code anyone can check on `/certificates/<code>/`: 80 random bits in
Crockford's base 32 (no I, L, O or U, so nothing reads as another letter), grouped as
`APCN-XXXX-XXXX-XXXX-XXXX`. Guessing one is hopeless: a client that keeps trying is throttled long
before it would find one among 2^80.

What it certifies is kept on the certificate itself (a snapshot of the name, course, dates and
host centre when it was issued), so a later edit of the course does not change a certificate
already handed out. The retention purge blanks the snapshot's name together with the
participant's (`participants_purge`): the public page then still says the course, dates and host
centre are genuine, and says that the name is no longer kept.

Only a completed participant holds a valid certificate: the attendance service issues it when the
host marks completion, refuses to change a completed participant while a valid certificate exists
(revoke it first), and the database refuses the rest (migration 0018_certificates: triggers on
PostgreSQL and SQLite).
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Crockford's base 32: 32 symbols, 5 bits each; 16 of them are 80 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "APCN"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
# What a person may type for what they read: lower case, O for zero, I or L for one.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile("[\\s\\-_.\u00b7\u2013\u2014]+")


def new_certificate_code() -> str:
    """A fresh code, `APCN-XXXX-XXXX-XXXX-XXXX`, from the operating system's random source."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    groups = [symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, CODE_LENGTH, CODE_GROUP_LENGTH)]
    return "-".join([CODE_PREFIX, *groups])


def normalize_certificate_code(typed: str) -> str | None:
    """The stored form of a code as a person typed it, or None when it cannot be one.

    Case, spaces and dashes do not matter, nor does the `APCN` prefix; O, I and L are read as
    the digits they look like.
    """
    compact = _SEPARATORS.sub("", (typed or "").upper())
    if compact.startswith(CODE_PREFIX) and len(compact) == len(CODE_PREFIX) + CODE_LENGTH:
        compact = compact[len(CODE_PREFIX) :]
    compact = compact.translate(_TYPED)
    if len(compact) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in compact):
        return None
    groups = [compact[i : i + CODE_GROUP_LENGTH] for i in range(0, CODE_LENGTH, CODE_GROUP_LENGTH)]
    return "-".join([CODE_PREFIX, *groups])


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_pages(self) -> CertificateQuerySet:
        return self.select_related(
            "participant__seat_request__requesting_centre",
            "participant__seat_request__offering__course__centre",
            "revoked_by",
        )


class Certificate(models.Model):
    # Goes with its participant only when the network admin erases the course, offering or
    # request (after the admin's confirmation page lists it); nothing else deletes either.
    participant = models.ForeignKey(
        "courses.Participant",
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("participant"),
    )
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_certificate_code)
    # The snapshot of what the certificate says (see the module's docstring).
    participant_name = models.CharField(_("participant's name"), max_length=260, blank=True)
    course_title = models.CharField(_("course"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    host_centre_name = models.CharField(_("host centre"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # One valid certificate per participant; revoked ones stay, verifiable as revoked.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_participant",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True) & Q(revoke_reason=""))
                | (Q(revoked_at__isnull=False) & ~Q(revoke_reason="")),
                name="certificate_revoked_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="certificate_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        # The code, never the name: this string reaches the admin's messages and logs.
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("certificate-verify", kwargs={"code": self.code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def name_erased(self) -> bool:
        return not self.participant_name

    @property
    def verification_url(self) -> str:
        return f"{settings.SITE_URL}{self.get_absolute_url()}"
