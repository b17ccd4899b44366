"""Demo part: a partner institution beside the member centres, and the UN training packages.

The European Security and Defence College (ESDC, the EU's CSDP training network, Brussels)
publishes courses open to the network and takes seat requests like any centre; it has demo
accounts `esdc-trainer` and `esdc-admin`. The CPTM gets two editions, and a few courses say
which they teach, so that the library can show a resource made from the older one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.text import slugify

from ..models import (
    Centre,
    CentreKind,
    CentreRole,
    Course,
    Language,
    PartnerType,
    Theme,
    UNPackageEdition,
    UNTrainingPackage,
)
from ..services import centre_create, course_create, member_create, offering_create
from ..services.un import un_edition_save

if TYPE_CHECKING:
    from . import SeedContext


@dataclass(frozen=True)
class DemoPartner:
    slug: str
    name: str
    short_name: str
    country: str
    city: str
    partner_type: str
    description: str
    trainer: tuple[str, str]
    admin: tuple[str, str]

    @property
    def domain(self) -> str:
        return f"{self.slug}.example.org"


PARTNERS: list[DemoPartner] = [
    DemoPartner(
        slug="esdc",
        name="European Security and Defence College",
        short_name="ESDC",
        country="BE",
        city="Brussels",
        partner_type=PartnerType.EU_CSDP,
        description=(
            "The European Union's network of training institutes for the Common Security and "
            "Defence Policy (CSDP). It trains civilian and military staff of the EU member "
            "states and of partner countries for crisis management missions and operations, "
            "and opens some of its courses to the ASEAN peacekeeping centres."
        ),
        trainer=("Sofie", "Peeters"),
        admin=("Marc", "Dubois"),
    ),
]

PARTNER_USERNAMES = [f"{p.slug}-{suffix}" for p in PARTNERS for suffix in ("trainer", "admin")]


@dataclass(frozen=True)
class PartnerCourse:
    centre: str
    title: str
    summary: str
    themes: tuple[str, ...]
    audience: str
    level: str
    mode: str
    days: int
    description: str
    # Days from today to the start of each run.
    starts: tuple[int, ...]


COURSES: list[PartnerCourse] = [
    PartnerCourse(
        centre="esdc",
        title="CSDP Orientation Course",
        summary="The EU's Common Security and Defence Policy: its institutions, missions and "
        "operations, and how it works with the UN and regional partners.",
        themes=("crisis-management", "civil-military-coordination"),
        audience="mixed",
        level="basic",
        mode="blended",
        days=5,
        description="## Aim\n\nA working knowledge of the CSDP for staff of partner "
        "countries.\n\n## Content\n\n- The EU's integrated approach\n- CSDP missions and "
        "operations\n- EU-UN cooperation in crisis management\n",
        starts=(75, 260),
    ),
    PartnerCourse(
        centre="esdc",
        title="Protection of Civilians in CSDP Missions and Operations",
        summary="How EU missions and operations protect civilians, with the UN's and the "
        "African Union's experience.",
        themes=("protection-of-civilians", "human-rights"),
        audience="mixed",
        level="intermediate",
        mode="in-person",
        days=4,
        description="## Aim\n\nTo plan for the protection of civilians in a CSDP mission or "
        "operation.\n\n## Content\n\n- Legal framework\n- Threat assessment\n- "
        "Coordination with humanitarian actors\n",
        starts=(120,),
    ),
]

# The CPTM's editions as the UN published them (release dates are the year's first day: the
# demo needs an order, not the exact day).
EDITIONS: list[tuple[str, str, datetime.date]] = [
    ("cptm", "2009", datetime.date(2009, 1, 1)),
    ("cptm", "2017", datetime.date(2017, 1, 1)),
]


def _email(first_name: str, last_name: str, domain: str) -> str:
    return f"{first_name.split()[0]}.{last_name.replace(' ', '')}".lower() + f"@{domain}"


def seed(context: SeedContext) -> None:
    existing = set(Centre.objects.filter(kind=CentreKind.PARTNER).values_list("slug", flat=True))
    for partner in PARTNERS:
        if partner.slug in existing:
            continue
        centre = centre_create(
            by=None,
            name=partner.name,
            short_name=partner.short_name,
            slug=partner.slug,
            country=partner.country,
            city=partner.city,
            website=f"https://www.{partner.domain}/",
            contact_email=f"training@{partner.domain}",
            description=partner.description,
            kind=CentreKind.PARTNER,
            partner_type=partner.partner_type,
        )
        context.count("partner centre")
        for role, (first_name, last_name) in (
            (CentreRole.TRAINER, partner.trainer),
            (CentreRole.CENTRE_ADMIN, partner.admin),
        ):
            suffix = "trainer" if role == CentreRole.TRAINER else "admin"
            if context.user(f"{partner.slug}-{suffix}") is not None:
                continue
            member_create(
                centre=centre,
                username=f"{partner.slug}-{suffix}",
                role=role,
                email=_email(first_name, last_name, partner.domain),
                first_name=first_name,
                last_name=last_name,
                password_hash=context.password_hash,
            )
            context.count("partner account")

    themes = {theme.slug: theme for theme in Theme.objects.all()}
    english = Language.objects.get(code="en")
    known = set(Course.objects.values_list("slug", flat=True))
    for course in COURSES:
        slug = slugify(course.title)
        if slug in known:
            continue
        trainer = context.trainer(course.centre)
        created = course_create(
            centre=context.centre(course.centre),
            by=trainer,
            slug=slug,
            title=course.title,
            summary=course.summary,
            description=course.description,
            themes=[themes[theme] for theme in course.themes],
            languages=[english],
            audience=course.audience,
            level=course.level,
            delivery_mode=course.mode,
            duration_days=course.days,
            status="published",
        )
        context.count("partner course")
        partner = next(p for p in PARTNERS if p.slug == course.centre)
        for days in course.starts:
            start = context.today + datetime.timedelta(days)
            offering_create(
                course=created,
                by=trainer,
                start_date=start,
                end_date=start + datetime.timedelta(course.days - 1),
                city=partner.city,
                country=partner.country,
                application_deadline=start - datetime.timedelta(30),
                seats_total=30,
                partner_seats=8,
            )
            context.count("partner offering")

    packages = {package.slug: package for package in UNTrainingPackage.objects.all()}
    for package_slug, label, released in EDITIONS:
        package = packages.get(package_slug)
        if package is None or UNPackageEdition.objects.filter(package=package, label=label):
            continue
        un_edition_save(
            edition=UNPackageEdition(), by=None, package=package, label=label, release_date=released
        )
        context.count("UN package edition")
