"""The UN's side of the catalog: its recognition of courses and its training packages.

The UN Integrated Training Service (ITS) recognises a course for four years from the date of
its certificate; the host centre is reminded before it runs out. The UN's core and specialised
training materials (the CPTM and the STMs) come in editions: a course says which edition it
teaches, a resource which edition it is, and a resource made from an older edition is marked
when a newer one exists (derived when read, never stored).
"""

from __future__ import annotations

import calendar
import datetime
import uuid

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A recognition lasts this many years from the certificate unless the certificate says other.
UN_RECOGNITION_YEARS = 4
# The host centre is reminded this many months before its recognition expires, once each.
UN_REMINDER_MONTHS = (6, 1)


class UNRecognition(models.TextChoices):
    NOT_RECOGNISED = "not-recognised", _("Not recognised")
    APPLIED = "applied", _("Applied for")
    RECOGNISED = "recognised", _("Recognised")


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved `years` on; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_un_expiry(certificate_date: datetime.date) -> datetime.date:
    """Four years after the certificate date: how long the UN recognises a course."""
    return add_years(certificate_date, UN_RECOGNITION_YEARS)


def un_evidence_upload_to(instance: models.Model, filename: str) -> str:
    """A generated name under un-evidence/: the user's file name never reaches the disk (the
    extension is the one courses.uploads accepted)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"un-evidence/{uuid.uuid4().hex}.{extension}"


class UNPackageKind(models.TextChoices):
    CPTM = "cptm", _("Core pre-deployment training materials (CPTM)")
    STM = "stm", _("Specialised training materials (STM)")


class UNTrainingPackage(models.Model):
    """A UN training package: the CPTM or one of the STMs. Reference data of the network
    admin (`permissions.may_edit_un_packages`)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=UNPackageKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("UN training package")
        verbose_name_plural = _("UN training packages")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=UNPackageKind.values), name="un_package_kind_valid"
            )
        ]

    def __str__(self) -> str:
        # The UN's own packages are in the catalogs (courses/reference.py); others as named.
        return gettext(self.name)


class UNPackageEditionQuerySet(models.QuerySet):
    def for_choices(self) -> UNPackageEditionQuerySet:
        return self.select_related("package").order_by("package__name", "-release_date")


class UNPackageEdition(models.Model):
    """One edition of a UN training package (e.g. the CPTM of 2017)."""

    package = models.ForeignKey(
        UNTrainingPackage,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("package"),
    )
    label = models.CharField(
        _("edition"), max_length=40, help_text=_("As the UN names it, e.g. 2017 or 2nd edition.")
    )
    release_date = models.DateField(_("release date"))

    objects = UNPackageEditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("UN package edition")
        verbose_name_plural = _("UN package editions")
        ordering = ["package__name", "-release_date"]
        constraints = [
            models.UniqueConstraint(fields=["package", "label"], name="un_edition_label_once"),
            models.UniqueConstraint(
                fields=["package", "release_date"], name="un_edition_release_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package} ({self.label})"

    def newer_edition(self) -> UNPackageEdition | None:
        """The package's newest edition when it is newer than this one, else None."""
        return (
            UNPackageEdition.objects.filter(
                package_id=self.package_id, release_date__gt=self.release_date
            )
            .order_by("-release_date")
            .first()
        )


def newest_editions(package_ids: set[int]) -> dict[int, UNPackageEdition]:
    """{package id: its newest edition} for `package_ids`, in one query."""
    newest: dict[int, UNPackageEdition] = {}
    if not package_ids:
        return newest
    for edition in (
        UNPackageEdition.objects.filter(package_id__in=package_ids)
        .select_related("package")
        .order_by("package_id", "-release_date")
    ):
        newest.setdefault(edition.package_id, edition)
    return newest


class UNRecognitionReminder(models.Model):
    """A reminder sent to a host centre before its course's UN recognition expires: one row per
    course, expiry date and lead time, so each reminder goes once (a renewed recognition, with
    its new expiry, is reminded afresh)."""

    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.CASCADE,
        related_name="un_reminders",
        verbose_name=_("course"),
    )
    expiry_date = models.DateField(_("expiry date"))
    months_before = models.PositiveSmallIntegerField(_("months before"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("UN recognition reminder")
        verbose_name_plural = _("UN recognition reminders")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "expiry_date", "months_before"], name="un_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.months_before} months before {self.expiry_date}"
