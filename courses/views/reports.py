"""The participation report (seats exchanged, people trained, the share of women) and the
reciprocity ledger, for members."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ..charts import Series, TargetLine, bar_chart
from ..exports import csv_response
from ..forms import ReportForm, YearForm
from ..models.catalog import today as current_day
from ..permissions import may_view_ledger, may_view_reports
from ..reports import (
    Ledger,
    ParticipationReport,
    Row,
    ledger,
    participation_report,
    report_years,
)
from .decorators import permission_required_for

SEAT_SERIES = [
    Series(gettext_lazy("Offered to partners"), "#9dbbd9"),
    Series(gettext_lazy("Requested"), "#2563a6"),
    Series(gettext_lazy("Approved"), "#0f2a44"),
]
WOMEN_SERIES = [
    Series(gettext_lazy("Women among requested"), "#d9a441"),
    Series(gettext_lazy("Women among approved"), "#7a3e9d"),
]
CSV_TABLES = ("host", "sender", "theme", "matrix", "host-kind", "sender-kind")


def _form(request: HttpRequest) -> ReportForm:
    today = current_day()
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    return ReportForm(data, years=report_years(today))


def _report(form: ReportForm) -> ParticipationReport:
    return participation_report(
        year=form.cleaned_data["year"],
        centre=form.cleaned_data["centre"],
        theme=form.cleaned_data["theme"],
        target=settings.WOMEN_PARTICIPATION_TARGET,
        contingent_target=settings.WOMEN_CONTINGENT_TARGET,
    )


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _charts(report: ParticipationReport) -> dict[str, str]:
    targets = [
        TargetLine(
            report.target,
            _("Target %(share)s (observers, staff officers)") % {"share": _percent(report.target)},
        ),
        TargetLine(
            report.contingent_target,
            _("Target %(share)s (contingents)") % {"share": _percent(report.contingent_target)},
            colour="#8a5a00",
            dashed=True,
        ),
    ]

    def seats(rows: list[Row], chart_id: str, title: str) -> str:
        return bar_chart(
            chart_id=chart_id,
            title=title,
            description=_(
                "Partner seats offered, seats requested and seats approved per centre; "
                "the table below holds the same figures."
            ),
            labels=[row.short_label for row in rows],
            series=SEAT_SERIES,
            values=[[r.figures.offered, r.figures.requested, r.figures.approved] for r in rows],
        )

    def women(rows: list[Row], chart_id: str, title: str, use_short: bool = True) -> str:
        return bar_chart(
            chart_id=chart_id,
            title=title,
            description=_(
                "Share of women among requested and approved participants, beside the "
                "targets; the table below holds the same figures."
            ),
            labels=[row.short_label if use_short else row.label for row in rows],
            series=WOMEN_SERIES,
            values=[
                [r.figures.women_requested_share, r.figures.women_approved_share] for r in rows
            ],
            percent=True,
            targets=targets,
        )

    return {
        "host_seats": seats(report.by_host, "chart-host", _("Seats by host centre")),
        "sender_women": women(
            report.by_sender, "chart-sender-women", _("Women among participants by sending centre")
        ),
        "theme_women": women(
            report.by_theme, "chart-theme-women", _("Women among participants by theme"), False
        ),
    }


@permission_required_for(may_view_reports)
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict = {"form": form}
    if form.is_valid():
        result = _report(form)
        context.update(
            report=result,
            charts=_charts(result),
            querystring=request.GET.urlencode(),
        )
    return render(
        request,
        "courses/reports/participation.html",
        context,
        status=200 if form.is_valid() else 400,
    )


def _csv_rows(report: ParticipationReport, table: str) -> tuple[list[str], list[list[object]]]:
    def share(value: float | None) -> str:
        return "" if value is None else f"{value:.4f}"

    figure_header = [
        _("Partner seats offered"),
        _("Seats requested"),
        _("Seats approved"),
        _("Women requested"),
        _("Women approved"),
        _("Share of women requested"),
        _("Share of women approved"),
        # People, where the columns before count seats (added after them: scripts that read
        # the first columns keep working).
        _("People attended"),
        _("People completed"),
        _("Women attended"),
        _("Women completed"),
        _("Share of women attended"),
        _("Share of women completed"),
    ]

    def figure_cells(row: Row) -> list[object]:
        f = row.figures
        return [
            f.offered,
            f.requested,
            f.approved,
            f.women_requested,
            f.women_approved,
            share(f.women_requested_share),
            share(f.women_approved_share),
            f.attended,
            f.completed,
            f.women_attended,
            f.women_completed,
            share(f.women_attended_share),
            share(f.women_completed_share),
        ]

    if table == "matrix":
        m = report.matrix
        header = [_("Sending centre \\ host centre"), *(h.short_name for h in m.hosts), _("Total")]
        rows = [[s.short_name, *cells, total] for s, cells, total in m.rows()]
        rows.append([_("Total"), *m.column_total_row, m.total])
        return header, rows
    label = {
        "host": _("Host centre"),
        "sender": _("Sending centre"),
        "theme": _("Theme"),
        "host-kind": _("Hosts"),
        "sender-kind": _("Senders"),
    }[table]
    source = {
        "host": report.by_host,
        "sender": report.by_sender,
        "theme": report.by_theme,
        "host-kind": report.by_host_kind,
        "sender-kind": report.by_sender_kind,
    }[table]
    rows = [[row.label, *figure_cells(row)] for row in source]
    if table in ("sender", "sender-kind"):
        # Seats are offered by hosts, not senders: the column stays empty rather than 0.
        rows = [[r[0], "", *r[2:]] for r in rows]
    return [label, *figure_header], rows


@permission_required_for(may_view_reports)
@require_safe
def report_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in CSV_TABLES:
        raise Http404("No such table.")
    form = _form(request)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponseBadRequest(f"Invalid report filter. {errors}", content_type="text/plain")
    result = _report(form)
    header, rows = _csv_rows(result, table)
    parts = [str(result.year)]
    if result.centre:
        parts.append(result.centre.slug)
    if result.theme:
        parts.append(result.theme.slug)
    return csv_response(f"apcn-participation-{table}-{'-'.join(parts)}.csv", header, rows)


# --- The reciprocity ledger ------------------------------------------------------------------


def _ledger_form(request: HttpRequest) -> YearForm:
    today = current_day()
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    return YearForm(data, years=report_years(today))


def ledger_header() -> list[str]:
    return [
        _("Centre"),
        _("Partner seats offered"),
        _("Seats taken by other centres"),
        _("Seats used at other centres"),
        _("Its people who attended at other centres"),
        _("Its people who completed at other centres"),
        _("Other centres' people who completed here"),
        _("Balance (seats given minus seats used)"),
    ]


@permission_required_for(may_view_ledger)
@require_safe
def ledger_view(request: HttpRequest) -> HttpResponse:
    form = _ledger_form(request)
    context: dict = {"form": form, "header": ledger_header()}
    if form.is_valid():
        context.update(
            ledger=ledger(year=form.cleaned_data["year"]), querystring=request.GET.urlencode()
        )
    return render(
        request, "courses/reports/ledger.html", context, status=200 if form.is_valid() else 400
    )


def _ledger_rows(result: Ledger) -> list[list[object]]:
    rows: list[list[object]] = [[row.centre.name, *row.figures()] for row in result.rows]
    if result.totals is not None:
        rows.append([_("Total"), *result.totals.figures()])
    return rows


@permission_required_for(may_view_ledger)
@require_safe
def ledger_csv(request: HttpRequest) -> HttpResponse:
    form = _ledger_form(request)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponseBadRequest(f"Invalid ledger filter. {errors}", content_type="text/plain")
    result = ledger(year=form.cleaned_data["year"])
    return csv_response(f"apcn-ledger-{result.year}.csv", ledger_header(), _ledger_rows(result))
