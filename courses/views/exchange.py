"""Seat requests between centres: ask for seats, the request lists, one request and its decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .. import workflow
from ..exceptions import DomainError
from ..forms import (
    ACTION_LABELS,
    HeldSeatsForm,
    HeldSeatsFormSet,
    SeatRequestDecisionForm,
    SeatRequestFilterForm,
    SeatRequestForm,
)
from ..models import Centre, Offering, SeatQuota, SeatRequest, SeatRequestEvent, SeatRequestStatus
from ..permissions import (
    centre_of,
    editable_offerings,
    may_act,
    may_decide,
    may_hold_seats,
    may_request_seats,
    may_view_seat_requests,
    requestable_offerings,
    seat_request_actions,
    visible_seat_requests,
)
from ..services.exchange import (
    DuplicateSeatRequest,
    free_seats_for,
    held_for_others,
    held_seats_release_now,
    offering_quotas_set,
    offering_refusal,
    seat_board,
    seat_request_act,
    seat_request_submit,
)
from ..services.members import membership_requests_seen
from ..workflow import StaleDecision
from .instructors import instructor_requests_context
from .library import access_requests_context
from .request_news import waiting_for


@login_required
@require_http_methods(["GET", "POST"])
def offering_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    offering: Offering = get_object_or_404(
        requestable_offerings(request.user).select_related("course__centre"), pk=pk
    )
    centre = centre_of(request.user)
    # Explained before the form is filled in; the service enforces the same rules on POST.
    refusal = offering_refusal(offering=offering, centre=centre)
    existing = None
    form = SeatRequestForm(request.POST or None)
    may_submit = not refusal and may_request_seats(request.user, offering)
    if request.method == "POST" and may_submit and form.is_valid():
        try:
            seat_request = seat_request_submit(
                offering=offering, centre=centre, by=request.user, **form.cleaned_data
            )
        except DuplicateSeatRequest as error:
            existing = error.existing  # shown above the form, with a link to it
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your request for %(count)d seat is sent to %(host)s. You will get an e-mail "
                    "when they answer.",
                    "Your request for %(count)d seats is sent to %(host)s. You will get an e-mail "
                    "when they answer.",
                    seat_request.seats_requested,
                )
                % {
                    "count": seat_request.seats_requested,
                    "host": offering.course.centre.short_name,
                },
            )
            return redirect(seat_request)
    if existing is None and not refusal:
        existing = (
            SeatRequest.objects.open().filter(offering=offering, requesting_centre=centre).first()
        )
    context = {
        "offering": offering,
        "form": form,
        "refusal": refusal,
        "existing": existing,
        "held_for_others": held_for_others(offering, centre_id=centre.pk) if centre else 0,
    }
    return render(request, "courses/seat_request_form.html", context)


INCOMING_ORDER = Case(
    When(status=SeatRequestStatus.PENDING, then=Value(0)),
    When(status=SeatRequestStatus.WAITLISTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


NETWORK_REQUESTS_PER_PAGE = 50
# A centre's incoming and outgoing lists, each by pages of its own (`incoming_page`,
# `outgoing_page`): an active centre exchanges a few hundred requests a year.
CENTRE_REQUESTS_PER_PAGE = 25


def _page(request: HttpRequest, queryset, *, per_page: int, param: str, centre) -> Page:
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))

    def link(number: int) -> str:
        # Every filter and the other list's page stay; only this list's page moves.
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = link(page.next_page_number()) if page.has_next() else ""
    for seat_request in page.object_list:
        seat_request.waiting_for = waiting_for(seat_request, centre)
    return page


@login_required
def request_list_view(request: HttpRequest) -> HttpResponse:
    if not may_view_seat_requests(request.user):
        raise Http404("Seat requests belong to centres.")
    visible = visible_seat_requests(request.user)
    centre = centre_of(request.user)
    offerings = list(
        Offering.objects.filter(seat_requests__in=visible)
        .distinct()
        .select_related("course")
        .order_by("start_date", "pk")
    )
    filters = SeatRequestFilterForm(
        request.GET or None, offerings=offerings, with_direction=centre is not None
    )
    requests = visible.for_listing().with_named_count()
    direction = ""
    if filters.is_valid():
        data = filters.cleaned_data
        direction = data.get("direction", "")
        if data["status"]:
            requests = requests.filter(status=data["status"])
        if data["year"]:
            requests = requests.filter(offering__start_date__year=data["year"])
        if data["offering"]:
            requests = requests.filter(offering_id=data["offering"])
    context = {
        "filters": filters,
        "centre": centre,
        "show_incoming": direction != "outgoing",
        "show_outgoing": direction != "incoming",
        **access_requests_context(request.user),
        **instructor_requests_context(request.user),
    }
    if centre is None:  # the network admin: every request of the network, newest first
        # By pages: the whole network's history is hundreds of rows a year.
        context["page"] = _page(
            request,
            requests.order_by("-created_at", "-pk"),
            per_page=NETWORK_REQUESTS_PER_PAGE,
            param="page",
            centre=None,
        )
        context["all_requests"] = list(context["page"].object_list)
    else:
        # The home page's "since your last visit" starts again from now.
        membership_requests_seen(by=request.user)
        if direction != "outgoing":
            # Incoming: what waits for a decision first, oldest first, so nobody waits longest.
            context["incoming_page"] = _page(
                request,
                requests.incoming_for(centre)
                .annotate(open_order=INCOMING_ORDER)
                .order_by("open_order", "created_at", "pk"),
                per_page=CENTRE_REQUESTS_PER_PAGE,
                param="incoming_page",
                centre=centre,
            )
            context["incoming"] = list(context["incoming_page"].object_list)
        if direction != "incoming":
            context["outgoing_page"] = _page(
                request,
                requests.outgoing_for(centre).order_by("-created_at", "-pk"),
                per_page=CENTRE_REQUESTS_PER_PAGE,
                param="outgoing_page",
                centre=centre,
            )
            context["outgoing"] = list(context["outgoing_page"].object_list)
        context["freed"] = _waitlists_with_free_seats(centre)
    return render(request, "courses/request_list.html", context)


def _waitlists_with_free_seats(centre) -> list[Offering]:
    """The centre's offerings that have free partner seats and a waitlist, each with its
    waitlisted requests oldest first, for approval in one click."""
    offerings = (
        Offering.objects.scheduled()
        .filter(
            course__centre=centre,
            partner_seats__gt=F("partner_seats_taken"),
            seat_requests__status=SeatRequestStatus.WAITLISTED,
        )
        .distinct()
        .select_related("course")
        .prefetch_related(
            Prefetch(
                "seat_requests",
                queryset=SeatRequest.objects.filter(status=SeatRequestStatus.WAITLISTED)
                .select_related("requesting_centre")
                .order_by("created_at", "pk"),
                to_attr="waitlist",
            )
        )
        .order_by("start_date", "pk")
    )
    result = []
    for offering in offerings:
        # Seats held for other partner centres are not free for a waitlisted request: offer
        # only what the approval would accept.
        for seat_request in offering.waitlist:
            seat_request.one_click_seats = min(
                seat_request.seats_requested,
                free_seats_for(offering, centre_id=seat_request.requesting_centre_id),
            )
        offering.waitlist = [r for r in offering.waitlist if r.one_click_seats > 0]
        if offering.waitlist:
            result.append(offering)
    return result


@login_required
@require_http_methods(["GET", "POST"])
def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    def fetch() -> SeatRequest:
        return get_object_or_404(
            visible_seat_requests(request.user)
            .for_listing()
            .with_women_count()
            .select_related("decided_by"),
            pk=pk,
        )

    seat_request = fetch()
    engine = workflow.seat_requests()
    stale = ""
    actions = seat_request_actions(request.user, seat_request, allowed=engine.allowed(seat_request))
    form = SeatRequestDecisionForm(request.POST or None, actions=actions)
    if request.method == "POST":
        action = request.POST.get("action", "")
        # An action the viewer's side may never take is not offered: it does not exist for it.
        # (A missing choice is an ordinary form error for those who may act.)
        sides = [may_act(request.user, seat_request, a) for a in ("approve", "withdraw")]
        if not any(sides) or (action and not may_act(request.user, seat_request, action)):
            raise Http404("No such action for you on this request.")
        if form.is_valid():
            action = form.cleaned_data["action"]
            move = engine.moves[action]
            if move.destructive(seat_request) and not form.cleaned_data["confirmed"]:
                # Giving seats up is asked twice, on a page of its own (no JavaScript needed).
                return render(
                    request,
                    "courses/exchange/confirm.html",
                    {
                        "seat_request": seat_request,
                        "offering": seat_request.offering,
                        "form": form,
                        "action": action,
                        "label": ACTION_LABELS[action],
                    },
                )
            waiting = _waitlisted_ids(request.user, seat_request)
            try:
                seat_request = seat_request_act(
                    seat_request=seat_request,
                    by=request.user,
                    action=action,
                    response=form.cleaned_data["response"],
                    seats_approved=form.cleaned_data.get("seats_approved"),
                    seats_requested=form.cleaned_data.get("seats_requested"),
                    seen=form.cleaned_data["seen"] or None,
                )
            except StaleDecision as error:
                # Show the request as it is now, with a fresh form and what happened.
                stale = error.message
                seat_request = fetch()
                actions = seat_request_actions(
                    request.user, seat_request, allowed=engine.allowed(seat_request)
                )
                form = SeatRequestDecisionForm(actions=actions)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                if seat_request.status == SeatRequestStatus.APPROVED:
                    # "2 of 4 seats approved", never "4 seats, approved".
                    state = ngettext(
                        "%(approved)d of %(requested)d seat approved",
                        "%(approved)d of %(requested)d seats approved",
                        seat_request.seats_requested,
                    ) % {
                        "approved": seat_request.seats_approved,
                        "requested": seat_request.seats_requested,
                    }
                else:
                    state = _("The request is %(status)s") % {
                        "status": seat_request.get_status_display().lower()
                    }
                messages.success(
                    request,
                    _("%(state)s; %(centre)s has been told by e-mail.")
                    % {"state": state, "centre": _other_side(request, seat_request)},
                )
                moved = _moved_up(waiting)
                if moved:
                    messages.info(
                        request,
                        ngettext(
                            "The freed seats went to %(requests)s, next on the waitlist; its "
                            "centre has been told by e-mail.",
                            "The freed seats went to %(requests)s, next on the waitlist; their "
                            "centres have been told by e-mail.",
                            len(moved),
                        )
                        % {
                            "requests": ", ".join(
                                f"#{r.pk} {r.requesting_centre.short_name}" for r in moved
                            )
                        },
                    )
                return redirect(seat_request)
        elif action and "action" in form.errors:
            # A valid action for the viewer's side that the request's status does not allow now.
            form.errors.pop("action")
            form.add_error(
                None,
                _("This request is %(status)s; it cannot be changed that way now.")
                % {"status": seat_request.get_status_display().lower()},
            )
    events = SeatRequestEvent.objects.filter(seat_request=seat_request).select_related("actor")
    offering = seat_request.offering
    waitlist = []
    if may_decide(request.user, seat_request):
        waitlist = list(
            offering.seat_requests.filter(status=SeatRequestStatus.WAITLISTED)
            .select_related("requesting_centre")
            .order_by("created_at", "pk")
        )
    context = {
        "seat_request": seat_request,
        "offering": offering,
        "events": events,
        "form": form,
        "actions": actions,
        "is_host": may_decide(request.user, seat_request),
        "waitlist": waitlist,
        "seen": engine.seen(seat_request),
        "stale": stale,
        "named_count": seat_request.participants.active().count(),
    }
    return render(request, "courses/request_detail.html", context)


def _waitlisted_ids(user, seat_request: SeatRequest) -> list[int]:
    """The offering's other waitlisted requests, before a decision on `seat_request`, for the
    host (who sees the waitlist): a decision that frees seats moves it on in the same
    transaction."""
    if not may_decide(user, seat_request):
        return []
    waitlisted = SeatRequest.objects.filter(
        offering_id=seat_request.offering_id, status=SeatRequestStatus.WAITLISTED
    ).exclude(pk=seat_request.pk)
    return list(waitlisted.values_list("pk", flat=True))


def _moved_up(ids: list[int]) -> list[SeatRequest]:
    """Those of `ids` that the decision promoted, oldest first."""
    if not ids:
        return []
    promoted = SeatRequest.objects.filter(pk__in=ids, status=SeatRequestStatus.APPROVED)
    return list(promoted.select_related("requesting_centre").order_by("created_at", "pk"))


def _other_side(request: HttpRequest, seat_request: SeatRequest) -> str:
    if may_decide(request.user, seat_request):
        return seat_request.requesting_centre.short_name
    return seat_request.offering.course.centre.short_name


def pending_requests_context(user) -> dict:
    """For the home page: how many requests wait for the member's centre to decide, and how
    many of its own requests still wait for an answer."""
    centre = centre_of(user)
    if centre is None:
        return {}
    pending = SeatRequest.objects.filter(status=SeatRequestStatus.PENDING)
    return {
        "pending_incoming_count": pending.incoming_for(centre).count(),
        "pending_outgoing_count": pending.outgoing_for(centre).count(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def offering_quotas_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The host holds partner seats of an offering for named partner centres until a date."""
    offering: Offering = get_object_or_404(
        editable_offerings(request.user).select_related("course__centre"), pk=pk
    )
    if not may_hold_seats(request.user, offering):
        raise Http404("Only the host centre holds its seats.")
    centres = Centre.objects.filter(is_active=True).exclude(pk=offering.course.centre_id)
    quotas = list(SeatQuota.objects.filter(offering=offering).select_related("centre"))
    initial_rows = [{"centre": q.centre, "seats": q.seats} for q in quotas]
    data = request.POST if request.method == "POST" and "save" in request.POST else None
    form = HeldSeatsForm(data, initial={"quota_release_date": offering.quota_release_date})
    formset = HeldSeatsFormSet(
        data, prefix="quotas", initial=initial_rows, form_kwargs={"centres": centres}
    )
    if request.method == "POST" and "release" in request.POST:
        try:
            promoted = held_seats_release_now(offering=offering, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The held seats are released; %(count)d waitlisted request was promoted.",
                    "The held seats are released; %(count)d waitlisted requests were promoted.",
                    len(promoted),
                )
                % {"count": len(promoted)},
            )
        return redirect("offering-quotas", pk=offering.pk)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            offering_quotas_set(
                offering=offering,
                by=request.user,
                quota_release_date=form.cleaned_data["quota_release_date"],
                quotas=formset.quotas(),
            )
        except DomainError as error:
            if error.field == "quotas":
                formset._non_form_errors = formset.error_class([error.message])
            else:
                form.add_domain_error(error)
        else:
            messages.success(request, _("The held seats are saved."))
            return redirect("offering-quotas", pk=offering.pk)
    offering.refresh_from_db()
    waitlist = list(
        offering.seat_requests.filter(status=SeatRequestStatus.WAITLISTED)
        .select_related("requesting_centre")
        .order_by("created_at", "pk")
    )
    context = {
        "offering": offering,
        "form": form,
        "formset": formset,
        "board": seat_board(offering),
        "waitlist": waitlist,
    }
    return render(request, "courses/exchange/quotas.html", context)
