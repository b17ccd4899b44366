"""After the course: a participant's evaluation through a private link, what the host and the
network read of the answers, and the host's after-action report.

The evaluation page needs no account: the token in its address is the participant's authority.
It is sent with `Cache-Control: private, no-store` and `Referrer-Policy: no-referrer`, so no
shared cache keeps it and no other site learns the address from a link followed from it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..evaluations import network_evaluations, offering_evaluation
from ..exceptions import DomainError
from ..forms import AfterActionForm, EvaluationForm, YearForm
from ..models import AfterActionReport, EvaluationInvitation, Offering
from ..models.catalog import today as current_day
from ..permissions import (
    editable_offerings,
    evaluation_offerings,
    may_view_network_evaluations,
    may_view_offering_evaluations,
    may_write_after_action_report,
    visible_after_action_reports,
)
from ..reports import report_years
from ..services import EvaluationScores, after_action_report_save, evaluation_answer_submit
from ..services.evaluations import after_action_refusal, open_invitation
from .decorators import permission_required_for


def _participants_language(request: HttpRequest, language: str) -> str | None:
    """The language the page speaks: the invitation's, unless this browser (the switcher's
    cookie) or a signed-in member chose one; None keeps the request's own."""
    chosen = settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.user.is_authenticated
    if language in dict(settings.LANGUAGES) and not chosen:
        return language
    return None


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def evaluation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = open_invitation(token)
    if invitation is None:
        # Unknown, expired, or of a participant who no longer comes: one page for all three.
        return _private(render(request, "courses/evaluations/unknown.html", status=404))
    language = _participants_language(request, invitation.language)
    if language is None:
        return _evaluation_page(request, invitation, token)
    # For this response only: the thread's language is the next request's business.
    with translation.override(language):
        response = _evaluation_page(request, invitation, token)
    response["Content-Language"] = language
    return response


def _evaluation_page(
    request: HttpRequest, invitation: EvaluationInvitation, token: str
) -> HttpResponse:
    offering = invitation.offering
    context = {"offering": offering}
    if invitation.is_answered:
        return _private(render(request, "courses/evaluations/answered.html", context))
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_answer_submit(token=token, scores=EvaluationScores(**form.cleaned_data))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            context["thanks"] = True
            return _private(render(request, "courses/evaluations/answered.html", context))
    context["form"] = form
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _private(render(request, "courses/evaluations/form.html", context, status=status))


def _offering_lookup(user):
    return evaluation_offerings(user).select_related("course__centre")


@never_cache
@permission_required_for(may_view_offering_evaluations, lookup=_offering_lookup, as_arg="offering")
@require_safe
def offering_evaluations_view(request: HttpRequest, offering: Offering) -> HttpResponse:
    context = {
        "offering": offering,
        "evaluation": offering_evaluation(offering),
        "report": AfterActionReport.objects.filter(offering=offering).first(),
        "may_write_report": may_write_after_action_report(request.user, offering),
        "report_refusal": after_action_refusal(offering),
    }
    return render(request, "courses/evaluations/offering.html", context)


@permission_required_for(may_view_network_evaluations)
@require_safe
def network_evaluations_view(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("year", str(current_day().year))
    form = YearForm(data, years=report_years(current_day()))
    context: dict = {"form": form}
    if form.is_valid():
        context["result"] = network_evaluations(year=form.cleaned_data["year"])
    return render(
        request,
        "courses/evaluations/network.html",
        context,
        status=200 if form.is_valid() else 400,
    )


def _writable_lookup(user):
    return editable_offerings(user).select_related("course__centre")


@permission_required_for(may_write_after_action_report, lookup=_writable_lookup, as_arg="offering")
@require_http_methods(["GET", "POST"])
def after_action_edit_view(request: HttpRequest, offering: Offering) -> HttpResponse:
    report = AfterActionReport.objects.filter(offering=offering).first()
    refusal = after_action_refusal(offering)
    initial = {"text": report.text, "visibility": report.visibility} if report else None
    has_file = bool(report and report.file)
    if request.method == "POST" and not refusal:
        form = AfterActionForm(request.POST, request.FILES, has_file=has_file)
        if form.is_valid():
            try:
                after_action_report_save(
                    offering=offering,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    visibility=form.cleaned_data["visibility"],
                    file=form.cleaned_data.get("file") or None,
                    remove_file=form.cleaned_data.get("remove_file", False),
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("The after-action report is saved."))
                return redirect(reverse("offering-evaluations", args=[offering.pk]))
    else:
        form = AfterActionForm(initial=initial, has_file=has_file)
    context = {"offering": offering, "form": form, "report": report, "refusal": refusal}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "courses/evaluations/after_action_form.html", context, status=status)


@require_safe
def after_action_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(visible_after_action_reports(request.user), offering_id=pk)
    if not report.file:
        raise Http404("This after-action report has no file.")
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404("The file of this report is missing.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report.original_filename or f"after-action-{pk}.bin",
        content_type=report.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
