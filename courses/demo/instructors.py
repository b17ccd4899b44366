"""Demo instructors and mobile training teams: a few offers of several centres, their windows of
availability, and requests to borrow them in every state."""

from __future__ import annotations

import datetime

from ..models import Centre, Instructor, InstructorRequest, Language, Theme
from ..notifications import muted
from ..services.instructors import (
    Window,
    instructor_request_approve,
    instructor_request_cancel,
    instructor_request_decline,
    instructor_request_submit,
    instructor_request_withdraw,
    instructor_save,
)
from . import SeedContext

# (centre slug, kind, title, themes, languages, ranks, team size, person (rank, name), summary)
DEMO_OFFERS = [
    (
        "mpc",
        "team",
        "MTT Protection of Civilians",
        ["protection-of-civilians", "pre-deployment"],
        ["en", "ms"],
        "1 Lt Col (team leader), 2 Majors, 1 civilian protection adviser",
        4,
        ("Lt Col", "Aminah Rahman"),
        "A five-day package on the UN's three tiers of protection, early warning and the "
        "commander's decisions, delivered at the borrowing centre with its own instructors.",
    ),
    (
        "ipsc",
        "instructor",
        "Gender adviser",
        ["women-peace-security", "conflict-related-sexual-violence"],
        ["en", "id"],
        "Major",
        1,
        ("Maj", "Dewi Lestari"),
        "Former military gender adviser in a UN mission; teaches gender mainstreaming in "
        "planning and the prevention of conflict-related sexual violence.",
    ),
    (
        "vdpo",
        "instructor",
        "Mine-action instructor",
        ["mine-action", "engineering"],
        ["en", "vi"],
        "Captain",
        1,
        ("Capt", "Nguyen Van Minh"),
        "Explosive ordnance disposal and mine-risk awareness for engineer companies before "
        "deployment.",
    ),
    (
        "poc",
        "team",
        "MTT Military observers",
        ["military-observers"],
        ["en", "th"],
        "2 Majors, 1 Captain",
        3,
        ("Maj", "Somchai Wongsa"),
        "The UN military experts on mission course, taught at the borrowing centre.",
    ),
]

# (offer title, requesting centre slug, days from today to the start, length in days, city,
#  country, final state)
DEMO_REQUESTS = [
    ("MTT Protection of Civilians", "ipsc", 40, 5, "Bogor", "ID", "approved"),
    ("MTT Protection of Civilians", "poc", 70, 5, "Bangkok", "TH", "pending"),
    ("Gender adviser", "mpc", 30, 3, "Port Dickson", "MY", "approved"),
    ("Gender adviser", "vdpo", 90, 2, "Hanoi", "VN", "declined"),
    ("Mine-action instructor", "afppkoc", 50, 4, "Manila", "PH", "pending"),
    ("Mine-action instructor", "npmec", 20, 3, "Phnom Penh", "KH", "withdrawn"),
    ("MTT Military observers", "vdpo", 60, 10, "Hanoi", "VN", "cancelled"),
]


def seed_instructors(context: SeedContext) -> None:
    centres = {c.slug: c for c in Centre.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    offers: dict[str, Instructor] = {}
    today = context.today
    for slug, kind, title, themes, codes, ranks, size, person, summary in DEMO_OFFERS:
        centre = centres.get(slug)
        if centre is None:
            continue
        existing = Instructor.objects.filter(centre=centre, title=title).first()
        if existing is None:
            existing = instructor_save(
                instructor=None,
                centre=centre,
                by=None,
                themes=Theme.objects.filter(slug__in=themes),
                languages=[languages[code] for code in codes if code in languages],
                windows=[
                    Window(today, today + datetime.timedelta(days=120)),
                    Window(
                        today + datetime.timedelta(days=180), today + datetime.timedelta(days=300)
                    ),
                ],
                kind=kind,
                title=title,
                summary=summary,
                ranks=ranks,
                team_size=size,
                person_rank=person[0],
                person_name=person[1],
                contact_email=f"instructors@{slug}.example.org",
            )
            context.count("instructor offer")
        offers[title] = existing

    for title, slug, start_in, days, city, country, state in DEMO_REQUESTS:
        instructor, centre = offers.get(title), centres.get(slug)
        if instructor is None or centre is None:
            continue
        if InstructorRequest.objects.filter(
            instructor=instructor, requesting_centre=centre
        ).exists():
            continue
        asker, host = context.trainer(slug), context.admin(instructor.centre.slug)
        if asker is None or host is None:
            continue
        start = today + datetime.timedelta(days=start_in)
        instructor_request = instructor_request_submit(
            instructor=instructor,
            by=asker,
            start_date=start,
            end_date=start + datetime.timedelta(days=days - 1),
            city=city,
            country=country,
            purpose=f"A national course at {centre.short_name} for officers deploying next year.",
        )
        if state in ("approved", "cancelled"):
            instructor_request_approve(
                instructor_request=instructor_request, by=host, response="Glad to help."
            )
        if state == "cancelled":
            instructor_request_cancel(
                instructor_request=instructor_request,
                by=host,
                response="The team is needed at home for a mission rotation.",
            )
        elif state == "declined":
            instructor_request_decline(
                instructor_request=instructor_request,
                by=host,
                response="Already committed to a national exercise on those dates.",
            )
        elif state == "withdrawn":
            instructor_request_withdraw(instructor_request=instructor_request, by=asker)
        context.count("instructor request")


def seed(context: SeedContext) -> None:
    """The instructor exchange's part of `seed_demo` (see `courses.demo`)."""
    with muted():
        seed_instructors(context)
