"""Clash flags only where a clash is plausible, with the reason shown beside each."""

from __future__ import annotations

import datetime

from django.urls import reverse

from courses.calendar import PlanItem, find_clashes
from courses.models import Language, Theme

from .factories import make_course, make_offering

DAY = datetime.date(2027, 3, 1)


def _item(key: int, centre: int, languages: set[int]) -> PlanItem:
    return PlanItem(
        key=key,
        centre=centre,
        audience="military",
        themes=frozenset({1}),
        start_date=DAY,
        end_date=DAY + datetime.timedelta(days=4),
        languages=frozenset(languages),
    )


def test_offerings_taught_in_different_languages_do_not_clash():
    assert find_clashes([_item(1, 1, {10}), _item(2, 2, {20})]) == {}
    assert find_clashes([_item(1, 1, {10, 20}), _item(2, 2, {20})]) == {1: {2}, 2: {1}}
    # A language not known rules nothing out.
    assert find_clashes([_item(1, 1, set()), _item(2, 2, {20})]) == {1: {2}, 2: {1}}


def test_the_calendar_flags_a_plausible_clash_with_its_reason(client, centre_a, centre_b):
    theme = Theme.objects.get(slug="protection-of-civilians")
    english = Language.objects.get(code="en")
    french = Language.objects.get(code="fr")
    ours = make_course(centre_a, title="Civilians course A", themes=[theme], languages=[english])
    theirs = make_course(centre_b, title="Civilians course B", themes=[theme], languages=[english])
    french_run = make_course(
        centre_b, title="Cours en francais", themes=[theme], languages=[french]
    )
    offering = make_offering(ours, start_in_days=60)
    for course in (theirs, french_run):
        make_offering(course, start_date=offering.start_date, end_date=offering.end_date)

    month = offering.start_date.strftime("%Y-%m")
    html = client.get(reverse("calendar"), {"month": month}).content.decode()
    assert "Possible clash with" in html
    assert "Protection of civilians" in html and "taught in English" in html
    note_of_a = html.split("Civilians course A</a></h3>", 1)[1].split("</li>", 1)[0]
    assert "Civilians course B" in note_of_a
    assert "Cours en francais" not in note_of_a
