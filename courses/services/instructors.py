"""Writes of the instructor exchange: a centre's offers of instructors and mobile training teams,
their availability, and the requests of other centres to borrow one.

The moves of a request (approve, decline, cancel, withdraw), who may make them, the timeline
and the notices are the request engine's (courses/workflow.py); this module keeps what is the
exchange's own: the dates asked for must fall in a window of availability, and an approval
may not overlap another approved loan of the same offer, checked under the offer's row lock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import workflow
from ..exceptions import DomainError
from ..models import (
    Centre,
    Instructor,
    InstructorAvailability,
    InstructorKind,
    InstructorRequest,
    Language,
    Theme,
)
from ..notifications.instructors import instructor_request_submitted
from ..permissions import centre_of, may_manage_instructor_for, may_request_instructor
from .authorization import authorize
from .validation import validate


class Window(NamedTuple):
    """A window of availability as a form gives it: (start_date, end_date)."""

    start_date: datetime.date
    end_date: datetime.date


OFFER_FIELDS = (
    "kind",
    "title",
    "summary",
    "ranks",
    "team_size",
    "person_name",
    "person_rank",
    "bio",
    "contact_email",
    "contact_phone",
)


@transaction.atomic
def instructor_save(
    *,
    instructor: Instructor | None,
    centre: Centre,
    by: AbstractBaseUser | None,
    themes: Iterable[Theme],
    languages: Iterable[Language],
    windows: Iterable[Window],
    **values: object,
) -> Instructor:
    """Add an offer of `centre` (instructor None) or change `instructor`, with its themes,
    languages and windows of availability (the windows given replace the old ones)."""
    authorize(
        by,
        may_manage_instructor_for,
        centre,
        message=_("You may not offer instructors for this centre."),
    )
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if instructor is not None and instructor.pk:
        instructor = Instructor.objects.select_for_update().get(pk=instructor.pk)
        if instructor.centre_id != centre.pk:
            raise DomainError(_("This offer belongs to another centre."))
    else:
        instructor = Instructor(centre=centre, created_by=by)
    for name, value in values.items():
        setattr(instructor, name, value.strip() if isinstance(value, str) else value)
    if instructor.kind == InstructorKind.INSTRUCTOR:
        instructor.team_size = 1
    themes, languages = list(themes), list(languages)
    if not themes:
        raise DomainError(_("Choose at least one theme."), field="themes")
    if not languages:
        raise DomainError(_("Choose at least one language."), field="languages")
    windows = sorted((Window(*window) for window in windows), key=lambda window: window.start_date)
    for window in windows:
        if window.end_date < window.start_date:
            raise DomainError(_("A window ends on or after the day it starts."), field="windows")
    validate(instructor)
    instructor.save()
    instructor.themes.set(themes)
    instructor.languages.set(languages)
    instructor.availability.all().delete()
    InstructorAvailability.objects.bulk_create(
        InstructorAvailability(
            instructor=instructor, start_date=window.start_date, end_date=window.end_date
        )
        for window in windows
    )
    return instructor


@transaction.atomic
def instructor_archive(
    *, instructor: Instructor, by: AbstractBaseUser | None, archived: bool = True
) -> Instructor:
    """Take an offer out of the list (or put it back). Its requests and loans stay: an
    approved loan is cancelled on its own page, with a notice to the borrowing centre."""
    authorize(
        by,
        may_manage_instructor_for,
        instructor.centre,
        message=_("You may not archive this offer."),
    )
    instructor = Instructor.objects.select_for_update().get(pk=instructor.pk)
    instructor.is_archived = archived
    instructor.save(update_fields=["is_archived", "updated_at"])
    return instructor


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@transaction.atomic
def instructor_request_submit(
    *,
    instructor: Instructor,
    by: AbstractBaseUser,
    start_date: datetime.date,
    end_date: datetime.date,
    city: str,
    country: str,
    purpose: str,
) -> InstructorRequest:
    """A member of another centre asks to borrow `instructor` for dates and a place; the
    lending centre is told by e-mail.

    The dates must fall inside one of the offer's windows of availability (a form error on
    the dates otherwise); whether they clash with an approved loan is decided at approval,
    under the offer's lock.
    """
    authorize(
        by,
        may_request_instructor,
        instructor,
        message=_("Only members of another centre can ask to borrow this instructor."),
    )
    centre = centre_of(by)
    if centre is None:
        raise DomainError(_("Only members of a centre can ask to borrow instructors."))
    instructor = Instructor.objects.select_for_update().get(pk=instructor.pk)
    if instructor.is_archived:
        raise DomainError(_("This offer has been archived by its centre."))
    if end_date < start_date:
        raise DomainError(_("The end date is on or after the start date."), field="end_date")
    if start_date < timezone.localdate():
        raise DomainError(_("The dates asked for have already begun."), field="start_date")
    if not instructor.availability.filter(
        start_date__lte=start_date, end_date__gte=end_date
    ).exists():
        raise DomainError(
            _(
                "%(title)s is not available from %(start)s to %(end)s: choose dates inside one "
                "of the windows of availability."
            )
            % {"title": instructor.title, "start": _day(start_date), "end": _day(end_date)},
            field="start_date",
        )
    clash = _clash(instructor, start_date, end_date)
    if clash is not None:
        raise DomainError(_already_lent(instructor, clash), field="start_date")
    if not purpose.strip():
        raise DomainError(
            _("Tell the lending centre what the instructor is needed for."), field="purpose"
        )
    instructor_request = InstructorRequest(
        instructor=instructor,
        requesting_centre=centre,
        requested_by=by,
        start_date=start_date,
        end_date=end_date,
        city=city.strip(),
        country=country,
        purpose=purpose.strip(),
    )
    validate(instructor_request)
    instructor_request.save()
    workflow.instructor_requests().record(
        instructor_request, by=by, action="submit", from_status="", note=""
    )
    instructor_request_submitted(instructor_request)
    return instructor_request


def _clash(
    instructor: Instructor,
    start: datetime.date,
    end: datetime.date,
    *,
    exclude: InstructorRequest | None = None,
) -> InstructorRequest | None:
    """The approved loan of `instructor` overlapping `start`..`end`, if any.

    Run it under the offer's row lock (`select_for_update` on the instructor): the lock is what
    makes "no other approved loan overlaps" still true when the caller writes.
    """
    loans = InstructorRequest.objects.approved().filter(instructor_id=instructor.pk)
    if exclude is not None:
        loans = loans.exclude(pk=exclude.pk)
    return (
        loans.overlapping(start, end)
        .select_related("requesting_centre")
        .order_by("start_date", "pk")
        .first()
    )


def _already_lent(instructor: Instructor, clash: InstructorRequest) -> str:
    return _(
        "%(title)s is already lent to %(centre)s from %(start)s to %(end)s; an "
        "instructor cannot be in two places at once."
    ) % {
        "title": instructor.title,
        "centre": clash.requesting_centre.short_name,
        "start": _day(clash.start_date),
        "end": _day(clash.end_date),
    }


def _answer(by: AbstractBaseUser | None, response: str):
    def change(locked: InstructorRequest) -> None:
        locked.response = response.strip()
        locked.decided_by = by
        locked.decided_at = timezone.now()

    return change


@transaction.atomic
def instructor_request_approve(
    *,
    instructor_request: InstructorRequest,
    by: AbstractBaseUser | None,
    response: str = "",
    seen: str | None = None,
) -> InstructorRequest:
    """The lending centre lends the instructor for the dates asked.

    Refused when another approved loan of the same offer overlaps the dates: the check runs
    under the offer's row lock (the engine takes it first), so two approvals of overlapping
    dates at the same moment cannot both pass.
    """

    def approve(locked: InstructorRequest) -> None:
        clash = _clash(locked.instructor, locked.start_date, locked.end_date, exclude=locked)
        if clash is not None:
            raise DomainError(_already_lent(locked.instructor, clash))
        _answer(by, response)(locked)

    return workflow.instructor_requests().move(
        instructor_request, "approve", by=by, note=response.strip(), seen=seen, change=approve
    )


@transaction.atomic
def instructor_request_decline(
    *,
    instructor_request: InstructorRequest,
    by: AbstractBaseUser | None,
    response: str = "",
    seen: str | None = None,
) -> InstructorRequest:
    """The lending centre declines a pending request; the requesting centre is told."""
    return workflow.instructor_requests().move(
        instructor_request,
        "decline",
        by=by,
        note=response.strip(),
        seen=seen,
        change=_answer(by, response),
    )


@transaction.atomic
def instructor_request_cancel(
    *,
    instructor_request: InstructorRequest,
    by: AbstractBaseUser | None,
    response: str = "",
    seen: str | None = None,
) -> InstructorRequest:
    """The lending centre can no longer lend after it approved: the loan is cancelled and the
    borrowing centre told; the dates are free again."""
    return workflow.instructor_requests().move(
        instructor_request,
        "cancel",
        by=by,
        note=response.strip(),
        seen=seen,
        change=_answer(by, response),
    )


@transaction.atomic
def instructor_request_withdraw(
    *,
    instructor_request: InstructorRequest,
    by: AbstractBaseUser | None,
    response: str = "",
    seen: str | None = None,
) -> InstructorRequest:
    """The requesting centre takes back its request, pending or approved; the lending centre
    is told and the dates are free again."""
    return workflow.instructor_requests().move(
        instructor_request, "withdraw", by=by, note=response.strip(), seen=seen
    )


INSTRUCTOR_REQUEST_MOVES = {
    "approve": instructor_request_approve,
    "decline": instructor_request_decline,
    "cancel": instructor_request_cancel,
    "withdraw": instructor_request_withdraw,
}


def instructor_request_act(
    *,
    instructor_request: InstructorRequest,
    by: AbstractBaseUser,
    action: str,
    response: str = "",
    seen: str | None = None,
) -> InstructorRequest:
    """Make the move `action` (one of INSTRUCTOR_REQUEST_MOVES) on the request."""
    if action not in INSTRUCTOR_REQUEST_MOVES:
        raise DomainError(_("You cannot take this action on this request."))
    return INSTRUCTOR_REQUEST_MOVES[action](
        instructor_request=instructor_request, by=by, response=response, seen=seen
    )


__all__ = [
    "INSTRUCTOR_REQUEST_MOVES",
    "Window",
    "instructor_archive",
    "instructor_request_act",
    "instructor_request_approve",
    "instructor_request_cancel",
    "instructor_request_decline",
    "instructor_request_submit",
    "instructor_request_withdraw",
    "instructor_save",
]
