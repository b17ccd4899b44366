"""The participation report: seats offered, requested and approved, and the share of women.

Every figure is an aggregate over offerings and seat requests, computed with a fixed number of
GROUP BY queries whatever the number of centres or themes (`participation_report` makes the same
queries for three centres as for thirty). No individual's data leaves this module.

Definitions (shown on the report page too):
- an offering counts in the year it starts; cancelled offerings and draft courses are left out;
- *offered*: partner seats of those offerings;
- *requested*: seats asked for by requests that were not withdrawn (pending, waitlisted,
  declined and approved ones alike: the demand the centres expressed);
- *approved*: seats approved on approved requests;
- *women requested*: women on those same not-withdrawn requests: the women among its named
  participants once the requesting centre has named them, otherwise the number it announced
  with the request (`SeatRequest.women_nominated`);
- *women approved*: once participants are named, the named women (never more than the seats
  approved); before that a request only records how many of its nominees are women, not who got
  the approved seats, so it counts min(women announced, seats approved) women: the host is
  assumed to approve the nominated women first, an upper bound until names are given;
- *attended*: named people (not removed or substituted) on approved requests whose attendance
  the host recorded as attended or completed; *completed*: those recorded as completed. These
  count people, where nominated (requested) and approved count seats, named or not yet.

The reciprocity ledger (`ledger`) counts, per centre and year, what it gives and what it takes:
see `LedgerRow`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, Least
from django.utils.translation import gettext

from .models import (
    Attendance,
    Centre,
    CentreKind,
    CourseStatus,
    Gender,
    Offering,
    OfferingStatus,
    Participant,
    SeatRequest,
    SeatRequestStatus,
    Theme,
)
from .models.participants import women_count

# Seat requests whose seats count as demand: everything but a withdrawn request.
COUNTED_REQUEST_STATUSES = (
    SeatRequestStatus.PENDING,
    SeatRequestStatus.WAITLISTED,
    SeatRequestStatus.DECLINED,
    SeatRequestStatus.APPROVED,
)


def share(part: int, whole: int) -> float | None:
    """`part / whole`, or None when there is nothing to divide (shown as a dash, not 0%)."""
    return part / whole if whole else None


@dataclass
class Figures:
    """Seat figures for one centre, one theme, or the whole selection."""

    offered: int = 0
    requested: int = 0
    approved: int = 0
    women_requested: int = 0
    women_approved: int = 0
    attended: int = 0
    completed: int = 0
    women_attended: int = 0
    women_completed: int = 0

    @property
    def women_requested_share(self) -> float | None:
        return share(self.women_requested, self.requested)

    @property
    def women_approved_share(self) -> float | None:
        return share(self.women_approved, self.approved)

    @property
    def women_attended_share(self) -> float | None:
        return share(self.women_attended, self.attended)

    @property
    def women_completed_share(self) -> float | None:
        return share(self.women_completed, self.completed)

    @property
    def approval_rate(self) -> float | None:
        return share(self.approved, self.requested)

    @property
    def is_empty(self) -> bool:
        return not (self.offered or self.requested or self.approved or self.attended)


@dataclass
class Row:
    """A labelled line of figures: a centre or a theme."""

    key: str
    label: str
    short_label: str
    figures: Figures
    # A partner institution's row (not one of the ten member states' centres).
    is_partner: bool = False


@dataclass
class ExchangeMatrix:
    """Approved participants by sending centre (rows) and host centre (columns)."""

    senders: list[Centre]
    hosts: list[Centre]
    cells: dict[tuple[int, int], int]
    row_totals: dict[int, int]
    column_totals: dict[int, int]
    total: int

    def rows(self) -> list[tuple[Centre, list[int], int]]:
        return [
            (
                sender,
                [self.cells.get((sender.pk, host.pk), 0) for host in self.hosts],
                self.row_totals.get(sender.pk, 0),
            )
            for sender in self.senders
        ]

    @property
    def column_total_row(self) -> list[int]:
        return [self.column_totals.get(host.pk, 0) for host in self.hosts]

    @property
    def max_cell(self) -> int:
        return max(self.cells.values(), default=0)


@dataclass
class ParticipationReport:
    year: int
    centre: Centre | None
    theme: Theme | None
    totals: Figures
    by_host: list[Row]
    by_sender: list[Row]
    by_theme: list[Row]
    # The member centres and the partner institutions, each summed: as hosts and as senders.
    by_host_kind: list[Row]
    by_sender_kind: list[Row]
    matrix: ExchangeMatrix
    target: float
    contingent_target: float
    notes: list[str] = field(default_factory=list)


def report_years(today: datetime.date) -> list[int]:
    """Years a report can be asked for: those with offerings, and always the current one."""
    years = set(
        Offering.objects.annotate(year=ExtractYear("start_date"))
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(today.year)
    return sorted(years, reverse=True)


def _offerings(year: int, centre: Centre | None, theme: Theme | None):
    offerings = Offering.objects.filter(start_date__year=year).exclude(
        Q(status=OfferingStatus.CANCELLED) | Q(course__status=CourseStatus.DRAFT)
    )
    if centre is not None:
        offerings = offerings.filter(course__centre=centre)
    if theme is not None:
        offerings = offerings.filter(course__themes=theme)
    return offerings


def _requests(year: int, centre: Centre | None, theme: Theme | None):
    requests = SeatRequest.objects.filter(
        status__in=COUNTED_REQUEST_STATUSES,
        offering__start_date__year=year,
    ).exclude(
        Q(offering__status=OfferingStatus.CANCELLED)
        | Q(offering__course__status=CourseStatus.DRAFT)
    )
    if centre is not None:
        requests = requests.filter(offering__course__centre=centre)
    if theme is not None:
        requests = requests.filter(offering__course__themes=theme)
    return requests


def _people(year: int, centre: Centre | None, theme: Theme | None):
    """The named people who still come, on the approved requests the report counts."""
    people = Participant.objects.active().filter(
        seat_request__status=SeatRequestStatus.APPROVED,
        seat_request__offering__start_date__year=year,
    )
    people = people.exclude(
        Q(seat_request__offering__status=OfferingStatus.CANCELLED)
        | Q(seat_request__offering__course__status=CourseStatus.DRAFT)
    )
    if centre is not None:
        people = people.filter(seat_request__offering__course__centre=centre)
    if theme is not None:
        people = people.filter(seat_request__offering__course__themes=theme)
    return people


_CAME = Q(attendance__in=(Attendance.ATTENDED, Attendance.COMPLETED))
_COMPLETED = Q(attendance=Attendance.COMPLETED)
_WOMAN = Q(gender=Gender.FEMALE)
PEOPLE_COUNTS = {
    "attended": Count("pk", filter=_CAME),
    "completed": Count("pk", filter=_COMPLETED),
    "women_attended": Count("pk", filter=_CAME & _WOMAN),
    "women_completed": Count("pk", filter=_COMPLETED & _WOMAN),
}


def _apply_people(figures: Figures, row: dict) -> None:
    for name in PEOPLE_COUNTS:
        setattr(figures, name, getattr(figures, name) + row[name])


_APPROVED = Q(status=SeatRequestStatus.APPROVED)
REQUEST_SUMS = {
    "requested": Coalesce(Sum("seats_requested"), 0),
    # A correlated subquery per request (on the participants' request index), not a join:
    # a join would repeat each request once per participant in every other sum.
    "women_requested": Coalesce(Sum(women_count()), 0),
    "approved": Coalesce(Sum("seats_approved", filter=_APPROVED), 0),
    "women_approved": Coalesce(
        Sum(Least(women_count(), "seats_approved", output_field=IntegerField()), filter=_APPROVED),
        0,
    ),
}


def _apply(figures: Figures, row: dict) -> None:
    for name in ("requested", "women_requested", "approved", "women_approved"):
        setattr(figures, name, getattr(figures, name) + row[name])


def _add(total: Figures, figures: Figures) -> None:
    total.offered += figures.offered
    for name in ("requested", "women_requested", "approved", "women_approved", *PEOPLE_COUNTS):
        setattr(total, name, getattr(total, name) + getattr(figures, name))


def participation_report(
    *,
    year: int,
    centre: Centre | None = None,
    theme: Theme | None = None,
    target: float = 0.25,
    contingent_target: float = 0.15,
) -> ParticipationReport:
    """The report for `year`, optionally only for courses hosted by `centre` or of `theme`.

    Eleven queries whatever the data: centres, themes, seats offered by host, requests by host,
    requests by sender, requests by sender and host, seats offered by theme, requests by theme,
    and the people who attended and completed by host, by sender and by theme.
    """
    centres = {c.pk: c for c in Centre.objects.all()}
    themes = {t.pk: t for t in Theme.objects.all()}
    offerings = _offerings(year, centre, theme)
    requests = _requests(year, centre, theme)
    people = _people(year, centre, theme)

    host_figures: dict[int, Figures] = {}
    for row in (
        offerings.order_by()
        .values("course__centre")
        .annotate(offered=Coalesce(Sum("partner_seats"), 0))
    ):
        host_figures.setdefault(row["course__centre"], Figures()).offered = row["offered"]
    for row in requests.order_by().values("offering__course__centre").annotate(**REQUEST_SUMS):
        _apply(host_figures.setdefault(row["offering__course__centre"], Figures()), row)
    for row in (
        people.order_by()
        .values(host=F("seat_request__offering__course__centre"))
        .annotate(**PEOPLE_COUNTS)
    ):
        _apply_people(host_figures.setdefault(row["host"], Figures()), row)

    sender_figures: dict[int, Figures] = {}
    for row in requests.order_by().values("requesting_centre").annotate(**REQUEST_SUMS):
        _apply(sender_figures.setdefault(row["requesting_centre"], Figures()), row)
    for row in (
        people.order_by()
        .values(sender=F("seat_request__requesting_centre"))
        .annotate(**PEOPLE_COUNTS)
    ):
        _apply_people(sender_figures.setdefault(row["sender"], Figures()), row)

    cells: dict[tuple[int, int], int] = {}
    for row in (
        requests.filter(_APPROVED)
        .order_by()
        .values("requesting_centre", "offering__course__centre")
        .annotate(approved=Coalesce(Sum("seats_approved"), 0))
    ):
        if row["approved"]:
            cells[(row["requesting_centre"], row["offering__course__centre"])] = row["approved"]

    # A course with several themes counts under each of them, so the theme rows do not add up
    # to the totals; the totals come from the host rows, where every seat counts once.
    theme_figures: dict[int, Figures] = {}
    theme_offerings = offerings
    theme_requests = requests
    for row in (
        theme_offerings.order_by()
        .values("course__themes")
        .annotate(offered=Coalesce(Sum("partner_seats"), 0))
    ):
        theme_figures.setdefault(row["course__themes"], Figures()).offered = row["offered"]
    for row in (
        theme_requests.order_by().values("offering__course__themes").annotate(**REQUEST_SUMS)
    ):
        _apply(theme_figures.setdefault(row["offering__course__themes"], Figures()), row)
    for row in (
        people.order_by()
        .values(theme=F("seat_request__offering__course__themes"))
        .annotate(**PEOPLE_COUNTS)
    ):
        _apply_people(theme_figures.setdefault(row["theme"], Figures()), row)
    theme_figures.pop(None, None)  # courses without a theme
    if theme is not None:
        # Only the chosen theme's row: the others would show the seats of courses that merely
        # also carry it.
        theme_figures = {pk: f for pk, f in theme_figures.items() if pk == theme.pk}

    totals = Figures()
    for figures in host_figures.values():
        _add(totals, figures)

    def centre_rows(figures_by_pk: dict[int, Figures]) -> list[Row]:
        rows = [
            Row(c.slug, c.name, c.short_name, figures_by_pk[pk], is_partner=c.is_partner)
            for pk, c in centres.items()
            if pk in figures_by_pk and not figures_by_pk[pk].is_empty
        ]
        return sorted(rows, key=lambda r: r.short_label.lower())

    def kind_rows(figures_by_pk: dict[int, Figures]) -> list[Row]:
        """The figures of the member centres and of the partners, each summed (from the
        centres' rows, so every seat counts once and the two add up to the whole)."""
        sums = {CentreKind.MEMBER: Figures(), CentreKind.PARTNER: Figures()}
        for pk, figures in figures_by_pk.items():
            centre_kind = centres[pk].kind if pk in centres else CentreKind.MEMBER
            _add(sums[centre_kind], figures)
        labels = {
            CentreKind.MEMBER: gettext("Member centres"),
            CentreKind.PARTNER: gettext("Partner institutions"),
        }
        return [
            Row(str(kind), labels[kind], labels[kind], figures, kind == CentreKind.PARTNER)
            for kind, figures in sums.items()
            if not figures.is_empty
        ]

    senders = sorted({centres[s] for s, _ in cells}, key=lambda c: c.short_name.lower())
    hosts = sorted({centres[h] for _, h in cells}, key=lambda c: c.short_name.lower())
    row_totals: dict[int, int] = {}
    column_totals: dict[int, int] = {}
    for (sender_pk, host_pk), approved in cells.items():
        row_totals[sender_pk] = row_totals.get(sender_pk, 0) + approved
        column_totals[host_pk] = column_totals.get(host_pk, 0) + approved

    return ParticipationReport(
        year=year,
        centre=centre,
        theme=theme,
        totals=totals,
        by_host=centre_rows(host_figures),
        by_sender=centre_rows(sender_figures),
        by_host_kind=kind_rows(host_figures),
        by_sender_kind=kind_rows(sender_figures),
        by_theme=sorted(
            (
                Row(themes[pk].slug, str(themes[pk]), str(themes[pk]), f)
                for pk, f in theme_figures.items()
                if pk in themes and not f.is_empty
            ),
            key=lambda r: r.label.lower(),
        ),
        matrix=ExchangeMatrix(
            senders=senders,
            hosts=hosts,
            cells=cells,
            row_totals=row_totals,
            column_totals=column_totals,
            total=sum(cells.values()),
        ),
        target=target,
        contingent_target=contingent_target,
    )


# --- The reciprocity ledger ------------------------------------------------------------------


@dataclass
class LedgerRow:
    """What one centre gave the network and took from it in a year (offerings starting in it).

    - `offered`: partner seats of its offerings;
    - `taken_by_others`: seats approved to other centres on its offerings;
    - `used_at_others`: seats approved to it on other centres' offerings;
    - `attended_at_others`: its named people recorded as attended or completed there;
    - `completed_at_others`: its people recorded as completed at other centres;
    - `others_completed_here`: other centres' people recorded as completed on its offerings.

    Seats are promises (approved, named or not); attended and completed are people, as the
    hosts recorded them.
    """

    centre: Centre
    offered: int = 0
    taken_by_others: int = 0
    used_at_others: int = 0
    attended_at_others: int = 0
    completed_at_others: int = 0
    others_completed_here: int = 0

    @property
    def balance(self) -> int:
        """Seats given to others minus seats used at others: positive, a net giver."""
        return self.taken_by_others - self.used_at_others

    def figures(self) -> list[int]:
        return [getattr(self, name) for name in LEDGER_FIGURES] + [self.balance]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in LEDGER_FIGURES)


LEDGER_FIGURES = (
    "offered",
    "taken_by_others",
    "used_at_others",
    "attended_at_others",
    "completed_at_others",
    "others_completed_here",
)


@dataclass
class Ledger:
    year: int
    rows: list[LedgerRow]
    totals: LedgerRow | None


def ledger(*, year: int) -> Ledger:
    """The reciprocity ledger of `year`: one row per centre with anything to show.

    Six queries whatever the data (centres, seats offered, seats approved by host and by
    sender, people by host and by sender). A centre's seats on its own offerings are neither
    given nor taken, so they are left out.
    """
    centres = {c.pk: c for c in Centre.objects.all()}
    rows: dict[int, LedgerRow] = {}

    def row(pk: int) -> LedgerRow:
        return rows.setdefault(pk, LedgerRow(centres[pk]))

    for item in (
        _offerings(year, None, None)
        .order_by()
        .values(host=F("course__centre"))
        .annotate(offered=Coalesce(Sum("partner_seats"), 0))
    ):
        row(item["host"]).offered = item["offered"]
    approved = (
        _requests(year, None, None)
        .filter(_APPROVED)
        .exclude(requesting_centre=F("offering__course__centre"))
        .order_by()
    )
    for item in approved.values(host=F("offering__course__centre")).annotate(
        seats=Coalesce(Sum("seats_approved"), 0)
    ):
        row(item["host"]).taken_by_others = item["seats"]
    for item in approved.values(sender=F("requesting_centre")).annotate(
        seats=Coalesce(Sum("seats_approved"), 0)
    ):
        row(item["sender"]).used_at_others = item["seats"]
    people = (
        _people(year, None, None)
        .exclude(seat_request__requesting_centre=F("seat_request__offering__course__centre"))
        .order_by()
    )
    for item in people.values(sender=F("seat_request__requesting_centre")).annotate(
        attended=Count("pk", filter=_CAME), completed=Count("pk", filter=_COMPLETED)
    ):
        row(item["sender"]).attended_at_others = item["attended"]
        row(item["sender"]).completed_at_others = item["completed"]
    for item in people.values(host=F("seat_request__offering__course__centre")).annotate(
        completed=Count("pk", filter=_COMPLETED)
    ):
        row(item["host"]).others_completed_here = item["completed"]

    shown = sorted(
        (r for r in rows.values() if not r.is_empty), key=lambda r: r.centre.short_name.lower()
    )
    totals = None
    if shown:
        totals = LedgerRow(Centre(name="", short_name=""))
        for name in LEDGER_FIGURES:
            setattr(totals, name, sum(getattr(r, name) for r in shown))
    return Ledger(year=year, rows=shown, totals=totals)
