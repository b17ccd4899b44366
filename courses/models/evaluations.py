"""After the course: participants' evaluations and the host's after-action report.

Anonymity is kept by the shape of the tables, not by a promise. An `EvaluationInvitation`
knows the participant (to send the link once, and to refuse a second answer) but not the
answer; an `EvaluationAnswer` knows only its offering, and carries no time that could be
matched against the invitation's. The invitation records *that* it was answered, never when,
so nothing in the database ties an answer back to a person.

The link's token is never stored: only its SHA-256, as Django's password reset keeps no token
either. The link stays open `EVALUATION_OPEN_DAYS` after the offering ends (derived at read
time from the offering's end date, never stored).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .library import ResourceVisibility

SCORE_RANGE = range(1, 6)
# The four questions on a 1-5 scale, in the order the form and the aggregates show them.
SCORE_FIELDS = ("relevance", "content", "instructors", "organisation")


def hash_evaluation_token(token: str) -> str:
    """The stored form of an evaluation link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def after_action_upload_to(instance: AfterActionReport, filename: str) -> str:
    """A generated name, as for resources: only the checked extension of the user's file."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"after-action/{uuid.uuid4().hex}.{extension}"


class EvaluationInvitationQuerySet(models.QuerySet):
    def open_on(self, day) -> EvaluationInvitationQuerySet:
        """Invitations whose link still opens on `day`: of a participant who still comes, not
        answered, and no more than EVALUATION_OPEN_DAYS after the offering ended."""
        oldest_end = day - datetime.timedelta(days=settings.EVALUATION_OPEN_DAYS)
        return self.filter(
            participant__removed_at__isnull=True,
            is_answered=False,
            offering__end_date__lt=day,
            offering__end_date__gte=oldest_end,
        )


class EvaluationInvitation(models.Model):
    """One participant's private, single-use link to the evaluation of their offering."""

    participant = models.OneToOneField(
        "courses.Participant",
        on_delete=models.CASCADE,
        related_name="evaluation_invitation",
        verbose_name=_("participant"),
    )
    offering = models.ForeignKey(
        "courses.Offering",
        on_delete=models.CASCADE,
        related_name="evaluation_invitations",
        verbose_name=_("offering"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The language the invitation was written in, and the page opens in.
    language = models.CharField(_("language"), max_length=16, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    # That it was answered, never when: a time here could be matched with an answer's.
    is_answered = models.BooleanField(_("answered"), default=False)

    objects = EvaluationInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evaluation invitation")
        verbose_name_plural = _("evaluation invitations")

    def __str__(self) -> str:
        # Never the participant's name (see Participant.__str__).
        return f"{_('Evaluation invitation')} #{self.pk}"


class EvaluationAnswer(models.Model):
    """One anonymous answer to an offering's evaluation: it knows the offering and nobody."""

    offering = models.ForeignKey(
        "courses.Offering",
        on_delete=models.CASCADE,
        related_name="evaluation_answers",
        verbose_name=_("offering"),
    )
    relevance = models.PositiveSmallIntegerField(_("relevance to your work"))
    content = models.PositiveSmallIntegerField(_("content"))
    instructors = models.PositiveSmallIntegerField(_("instructors"))
    organisation = models.PositiveSmallIntegerField(_("organisation"))
    keep = models.TextField(_("what to keep"), blank=True, max_length=4000)
    change = models.TextField(_("what to change"), blank=True, max_length=4000)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"evaluation_{name}_1_to_5",
            )
            for name in SCORE_FIELDS
        ]

    def __str__(self) -> str:
        return f"{_('Evaluation answer')} #{self.pk}"


class AfterActionReport(models.Model):
    """The host's lessons learned from one ended offering, shared at the level it chooses."""

    offering = models.OneToOneField(
        "courses.Offering",
        on_delete=models.CASCADE,
        related_name="after_action_report",
        verbose_name=_("offering"),
    )
    text = models.TextField(_("lessons learned"), max_length=20000)
    file = models.FileField(_("file"), upload_to=after_action_upload_to, blank=True, max_length=200)
    # As for resources: a sanitised name for the download, the type decided by courses.uploads.
    original_filename = models.CharField(_("original filename"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    visibility = models.CharField(
        _("visible to"),
        max_length=20,
        choices=ResourceVisibility.choices,
        default=ResourceVisibility.NETWORK,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("after-action report")
        verbose_name_plural = _("after-action reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=ResourceVisibility.values),
                name="after_action_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('After-action report')} #{self.pk}"
