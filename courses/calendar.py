"""The shared training calendar: months, their grid of days, and possible clashes.

Pure functions over plain values, so that the rules (which day an offering falls on, what counts
as a clash) are tested without a database or a request.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, value: str) -> Month:
        """`YYYY-MM` to a Month; ValueError for anything else (e.g. `2026-13`, `26-1`)."""
        # ASCII digits only: str.isdigit() and int() would take other scripts' digits too.
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            raise ValueError(_("Enter a month as YYYY-MM, e.g. 2026-03."))
        year_text, month_text = value.split("-")
        year, month = int(year_text), int(month_text)
        if not 1 <= month <= 12:
            raise ValueError(_("The month must be between 01 and 12."))
        if not 1900 <= year <= 9998:
            raise ValueError(_("Enter a year between 1900 and 9998."))
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(
            self.year, self.month, stdlib_calendar.monthrange(self.year, self.month)[1]
        )

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)


class Dated(Protocol):
    start_date: datetime.date
    end_date: datetime.date


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    offerings: list = field(default_factory=list)


def month_grid(month: Month, offerings: Iterable[Dated], today: datetime.date) -> list[list[Day]]:
    """Weeks (Monday first) covering `month`; each day holds the offerings running on it.

    Days of the neighbouring months that fill the first and last week are there too (marked
    `in_month=False`) and hold their offerings, so a course crossing the month's end reads as
    one run. An offering is on every day from its start to its end, both included.
    """
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    days = {day: Day(day, day.month == month.month, day == today) for week in weeks for day in week}
    first, last = weeks[0][0], weeks[-1][-1]
    for offering in sorted(offerings, key=lambda o: (o.start_date, o.end_date)):
        day = max(offering.start_date, first)
        end = min(offering.end_date, last)
        while day <= end:
            days[day].offerings.append(offering)
            day += datetime.timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


@dataclass(frozen=True)
class PlanItem:
    """What the clash rule needs to know about an offering."""

    key: int
    centre: int
    audience: str
    themes: frozenset[int]
    start_date: datetime.date
    end_date: datetime.date
    # The languages of instruction: a French-taught course does not compete for the people of
    # an English-taught one. Empty when not known, which rules nothing out.
    languages: frozenset[int] = frozenset()


def find_clashes(items: Sequence[PlanItem]) -> dict[int, set[int]]:
    """Possible clashes: for each offering key, the keys of the offerings it clashes with.

    Two offerings clash when they run at different centres, for the same audience, share at
    least one theme and a language of instruction, and their dates overlap (at least one day
    in common): the same people would be asked to choose between them. Offerings of one centre never clash with each
    other: a centre plans its own parallel runs on purpose. Pass cancelled offerings out.
    """
    clashes: dict[int, set[int]] = {}
    ordered = sorted(items, key=lambda i: (i.start_date, i.end_date, i.key))
    for index, item in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.start_date > item.end_date:
                break  # sorted by start: no later offering can overlap this one
            if (
                other.centre != item.centre
                and other.audience == item.audience
                and item.themes & other.themes
                and (not item.languages or not other.languages or item.languages & other.languages)
            ):
                clashes.setdefault(item.key, set()).add(other.key)
                clashes.setdefault(other.key, set()).add(item.key)
    return clashes
