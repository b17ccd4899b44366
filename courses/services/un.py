"""Writes of the UN's side of the catalog: its training packages and editions (the network
admin's reference data) and the reminders before a course's UN recognition expires."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import (
    Course,
    CourseStatus,
    UNPackageEdition,
    UNRecognition,
    UNRecognitionReminder,
    UNTrainingPackage,
)
from ..models.catalog import today
from ..models.un import UN_REMINDER_MONTHS, months_before
from ..notifications.un import notify_un_recognition_expiring
from ..permissions import may_edit_un_packages
from .authorization import authorize
from .validation import validate

ONLY_NETWORK_ADMIN = "Only the network admin may change the UN training packages."


@transaction.atomic
def un_package_save(
    *,
    package: UNTrainingPackage,
    by: AbstractBaseUser | None,
    name: str,
    slug: str,
    kind: str,
    short_name: str = "",
    description: str = "",
) -> UNTrainingPackage:
    """Create (an unsaved `package`) or change a UN training package. Refused, with nothing
    changed, for a `by` who is not the network admin (`may_edit_un_packages`)."""
    authorize(by, may_edit_un_packages, message=_(ONLY_NETWORK_ADMIN))
    if package.pk is not None:
        package = UNTrainingPackage.objects.select_for_update().get(pk=package.pk)
    package.name = name.strip()
    package.short_name = short_name.strip()
    package.slug = slug.strip()
    package.kind = kind
    package.description = description
    validate(package)
    package.save()
    return package


@transaction.atomic
def un_package_delete(*, package: UNTrainingPackage, by: AbstractBaseUser | None) -> None:
    """Delete a package that has no edition (an edition in use is never lost)."""
    authorize(by, may_edit_un_packages, message=_(ONLY_NETWORK_ADMIN))
    if package.editions.exists():
        raise DomainError(_("Delete the package's editions first."))
    package.delete()


@transaction.atomic
def un_edition_save(
    *,
    edition: UNPackageEdition,
    by: AbstractBaseUser | None,
    package: UNTrainingPackage,
    label: str,
    release_date: datetime.date,
) -> UNPackageEdition:
    """Create (an unsaved `edition`) or change an edition of a UN training package. Refused
    for a `by` who is not the network admin (`may_edit_un_packages`)."""
    authorize(by, may_edit_un_packages, message=_(ONLY_NETWORK_ADMIN))
    if edition.pk is not None:
        edition = UNPackageEdition.objects.select_for_update().get(pk=edition.pk)
    edition.package = package
    edition.label = label.strip()
    edition.release_date = release_date
    validate(edition)
    edition.save()
    return edition


@transaction.atomic
def un_edition_delete(*, edition: UNPackageEdition, by: AbstractBaseUser | None) -> None:
    """Delete an edition no course or resource names."""
    authorize(by, may_edit_un_packages, message=_(ONLY_NETWORK_ADMIN))
    if edition.courses.exists() or edition.resources.exists():
        raise DomainError(_("Courses or resources name this edition; it cannot be deleted."))
    edition.delete()


def _due_stage(expiry: datetime.date, on: datetime.date) -> int | None:
    """The reminder due on `on` for a recognition expiring on `expiry`: the shortest lead time
    whose day has come (a recognition entered a month before it expires gets only the last
    reminder), or None before the first one or after the expiry."""
    if on > expiry:
        return None
    due = [months for months in UN_REMINDER_MONTHS if on >= months_before(expiry, months)]
    return min(due) if due else None


def un_recognition_reminders_send(*, on: datetime.date | None = None) -> int:
    """The daily reminders: a host centre hears 6 months and 1 month before its course's UN
    recognition expires, each once (recorded in `UNRecognitionReminder`, per expiry date, so a
    renewed recognition is reminded afresh). Each course in its own transaction, under a lock
    on its row, so two runs at once send each reminder once. Returns how many were sent."""
    on = on or today()
    longest = max(UN_REMINDER_MONTHS)
    horizon = months_before(on, -longest)
    candidates = (
        Course.objects.filter(
            un_status=UNRecognition.RECOGNISED,
            un_expiry_date__gte=on,
            un_expiry_date__lte=horizon,
        )
        .exclude(status=CourseStatus.ARCHIVED)
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            course = (
                Course.objects.select_for_update(of=("self",))
                .select_related("centre")
                .filter(pk=pk, un_status=UNRecognition.RECOGNISED)
                .first()
            )
            if course is None or course.un_expiry_date is None:
                continue
            months = _due_stage(course.un_expiry_date, on)
            if months is None:
                continue
            _reminder, created = UNRecognitionReminder.objects.get_or_create(
                course=course, expiry_date=course.un_expiry_date, months_before=months
            )
            if created:
                notify_un_recognition_expiring(course, months=months)
                sent += 1
    return sent
