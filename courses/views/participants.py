"""Named participants: the requesting centre names and substitutes them on its request; the
host reads them there and on the offering's roll (page and CSV for its joining instructions).

Personal data: every page here is scoped by `courses/permissions.py` (anyone else gets a 404)
and sent with `Cache-Control: private, no-store` so no shared cache keeps a name.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..exceptions import DomainError
from ..exports import csv_response
from ..forms import AttendanceForm, SubstituteForm, participant_formset
from ..models import Attendance, Offering, Participant, SeatRequest, SeatRequestStatus
from ..models.catalog import today
from ..permissions import (
    may_decide,
    may_name_participants,
    may_record_attendance,
    may_view_offering_evaluations,
    may_view_participants,
    may_write_after_action_report,
    roll_offerings,
    visible_seat_requests,
)
from ..services import attendance_record
from ..services.attendance import recording_refusal, roll_participants
from ..services.participants import (
    naming_refusal,
    participant_substitute,
    participants_update,
)


def _participants_url(seat_request: SeatRequest) -> str:
    return reverse("request-participants", kwargs={"pk": seat_request.pk})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_participants_view(request: HttpRequest, pk: int) -> HttpResponse:
    seat_request: SeatRequest = get_object_or_404(
        visible_seat_requests(request.user).for_listing().with_women_count(), pk=pk
    )
    if not may_view_participants(request.user, seat_request):
        raise Http404
    may_name = may_name_participants(request.user, seat_request)
    refusal = naming_refusal(seat_request)
    participants = with_certificates(
        seat_request.participants.active().select_related("replaces", "attendance_recorded_by")
    )
    formset = None
    substitute_form = None
    errors: list[str] = []
    if request.method == "POST" and not may_name:
        raise Http404("Only the requesting centre names its participants.")
    if may_name and not refusal:
        which = request.POST.get("form") if request.method == "POST" else None
        data = request.POST if which == "participants" else None
        formset = participant_formset(
            seats=seat_request.seats_approved,
            participants=participants,
            data=data,
            most=seat_request.seats_requested,
        )
        substitute_form = SubstituteForm(
            request.POST if which == "substitute" else None,
            prefix="substitute",
            participants=participants,
            initial={"replaces": request.GET.get("substitute", "")},
        )
        if which == "participants" and formset.is_valid():
            add, change, remove = formset.changes()
            try:
                participants_update(
                    seat_request=seat_request,
                    by=request.user,
                    add=add,
                    change=change,
                    remove=remove,
                )
            except DomainError as error:
                errors.append(error.message)
            else:
                messages.success(
                    request,
                    _("Participants saved; %(host)s has been told by e-mail.")
                    % {"host": seat_request.offering.course.centre.short_name},
                )
                return redirect(_participants_url(seat_request))
        elif which == "substitute" and substitute_form.is_valid():
            replaced = next(
                (p for p in participants if p.pk == substitute_form.cleaned_data["replaces"]),
                None,
            )
            try:
                if replaced is None:
                    raise DomainError(_("This participant is no longer on this request."))
                participant_substitute(
                    participant=replaced, by=request.user, replacement=substitute_form.details()
                )
            except DomainError as error:
                substitute_form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("Substitution saved; %(host)s has been told by e-mail.")
                    % {"host": seat_request.offering.course.centre.short_name},
                )
                return redirect(_participants_url(seat_request))
        elif which not in (None, "participants", "substitute"):
            errors.append(_("Unknown form."))
    substitutions = list(
        Participant.objects.filter(seat_request=seat_request, replaces__isnull=False)
        .select_related("replaces")
        .order_by("named_at", "pk")
    )
    context = {
        "seat_request": seat_request,
        "offering": seat_request.offering,
        "participants": participants,
        "substitutions": substitutions,
        "formset": formset,
        "substitute_form": substitute_form,
        "errors": errors,
        "refusal": refusal,
        "may_name": may_name,
        "is_host": may_decide(request.user, seat_request),
        "show_attendance": recording_refusal(seat_request.offering) is None,
    }
    return render(request, "courses/participants/request_participants.html", context)


def with_certificates(participants) -> list[Participant]:
    """The participants, each with its certificates (newest first) and the valid one, if any."""
    rows = list(participants.prefetch_related("certificates"))
    for p in rows:
        p.certificate_list = sorted(p.certificates.all(), key=lambda c: c.issued_at, reverse=True)
        p.valid_certificate = next((c for c in p.certificate_list if not c.is_revoked), None)
    return rows


def _roll(offering: Offering) -> list[Participant]:
    return with_certificates(
        roll_participants(offering).for_roll().select_related("attendance_recorded_by")
    )


def _roll_offering(request: HttpRequest, pk: int) -> Offering:
    return get_object_or_404(roll_offerings(request.user).select_related("course__centre"), pk=pk)


def _attendance_saved(changed: list[Participant]) -> str:
    completed = sum(1 for p in changed if p.attendance == Attendance.COMPLETED)
    text = ngettext(
        "Attendance recorded for %(n)d participant.",
        "Attendance recorded for %(n)d participants.",
        len(changed),
    ) % {"n": len(changed)}
    if completed:
        text += " " + ngettext(
            "%(n)d certificate issued.", "%(n)d certificates issued.", completed
        ) % {"n": completed}
    return text


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def offering_roll_view(request: HttpRequest, pk: int) -> HttpResponse:
    offering = _roll_offering(request, pk)
    may_record = may_record_attendance(request.user, offering)
    if request.method == "POST" and not may_record:
        raise Http404("Only the host centre records attendance.")
    refusal = recording_refusal(offering)
    roll = _roll(offering)
    form = None
    errors: list[str] = []
    if may_record and not refusal:
        form = AttendanceForm(request.POST if request.method == "POST" else None, participants=roll)
        if form.is_bound and form.is_valid():
            changes, seen = form.changes()
            try:
                changed = attendance_record(
                    offering=offering, by=request.user, changes=changes, seen=seen
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                if changed:
                    messages.success(request, _attendance_saved(changed))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect(reverse("offering-participants", kwargs={"pk": offering.pk}))
        for p in roll:
            p.attendance_field, p.seen_field = form.bound_row(p)
    elif request.method == "POST":
        errors.append(refusal)
    approved = list(
        offering.seat_requests.filter(status=SeatRequestStatus.APPROVED)
        .select_related("requesting_centre")
        .with_women_count()
        .order_by("requesting_centre__name", "pk")
    )
    by_request = {key: list(group) for key, group in groupby(roll, key=lambda p: p.seat_request_id)}
    groups = [(r, by_request.get(r.pk, [])) for r in approved]
    named = len(roll)
    seats = sum(r.seats_approved for r in approved)
    context = {
        "offering": offering,
        "groups": groups,
        "named": named,
        "seats": seats,
        "women": sum(r.women_count for r in approved),
        "summary": ngettext(
            "%(named)d of %(seats)d approved seat named",
            "%(named)d of %(seats)d approved seats named",
            seats,
        )
        % {"named": named, "seats": seats},
        "form": form,
        "errors": errors,
        "may_record": may_record,
        "refusal": refusal,
        "show_attendance": refusal is None,
        # After the run: where the host reads its evaluation and writes its after-action report.
        "ended": offering.end_date < today(),
        "may_read_evaluations": may_view_offering_evaluations(request.user, offering),
        "may_write_after_action": may_write_after_action_report(request.user, offering),
    }
    return render(request, "courses/participants/offering_roll.html", context)


@never_cache
@login_required
@require_safe
def offering_roll_csv(request: HttpRequest, pk: int) -> HttpResponse:
    offering = _roll_offering(request, pk)
    header = [
        _("Centre"),
        _("Centre short name"),
        _("Rank"),
        _("Full name"),
        _("Gender"),
        _("E-mail"),
        _("Position"),
        _("Service"),
        _("Course"),
        _("Start date"),
        _("End date"),
        _("City"),
        _("Request"),
        _("Attendance"),
        _("Certificate"),
    ]
    rows = (
        [
            p.seat_request.requesting_centre.name,
            p.seat_request.requesting_centre.short_name,
            p.rank,
            p.full_name,
            p.get_gender_display(),
            p.email,
            p.position,
            p.get_service_display(),
            offering.course.title,
            offering.start_date.isoformat(),
            offering.end_date.isoformat(),
            offering.city,
            p.seat_request_id,
            p.get_attendance_display(),
            p.valid_certificate.code if p.valid_certificate else "",
        ]
        for p in _roll(offering)
    )
    filename = f"participants-{offering.course.slug}-{offering.start_date:%Y-%m-%d}.csv"
    return csv_response(filename, header, rows)
