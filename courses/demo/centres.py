"""Demo part: the real APCN member centres and national focal points (slugs are a contract).

Websites and addresses use example domains: the demo must not send anyone's mail to a real
organisation, nor pass invented addresses off as theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Centre
from ..services import centre_create

if TYPE_CHECKING:
    from . import SeedContext


@dataclass(frozen=True)
class DemoCentre:
    slug: str
    name: str
    short_name: str
    country: str
    city: str
    description: str
    # (first name, last name) of the demo trainer and of the demo centre admin.
    trainer: tuple[str, str]
    admin: tuple[str, str]
    languages: tuple[str, ...]  # of instruction, most used first

    @property
    def domain(self) -> str:
        return f"{self.slug}.example.org"


CENTRES: list[DemoCentre] = [
    DemoCentre(
        slug="vdpo",
        name="Viet Nam Department of Peacekeeping Operations",
        short_name="VDPO",
        country="VN",
        city="Hanoi",
        description=(
            "The department of the Ministry of National Defence that prepares and deploys "
            "Vietnamese personnel to UN peacekeeping: staff officers and military observers, "
            "level-2 field hospitals and an engineering company. It runs the national "
            "peacekeeping training programme in Hanoi, in Vietnamese and English."
        ),
        trainer=("Thu Ha", "Nguyen"),
        admin=("Duc Anh", "Tran"),
        languages=("vi", "en"),
    ),
    DemoCentre(
        slug="mpc",
        name="Malaysian Peacekeeping Centre",
        short_name="MPC",
        country="MY",
        city="Port Dickson",
        description=(
            "The Malaysian Armed Forces' peacekeeping training centre at Port Dickson, the "
            "first of its kind in South-East Asia. It trains military, police and civilian "
            "personnel for UN missions and welcomes international participants on its "
            "UN-recognised courses for observers, staff officers and the protection of civilians."
        ),
        trainer=("Nur Aisyah", "Rahman"),
        admin=("Mohd Faizal", "Ismail"),
        languages=("en", "ms"),
    ),
    DemoCentre(
        slug="ipsc",
        name="Indonesia Peace and Security Center",
        short_name="IPSC",
        country="ID",
        city="Sentul, Bogor",
        description=(
            "A campus at Sentul, Bogor that brings together the Indonesian National Armed "
            "Forces' Peacekeeping Mission Centre, police peacekeeping training and disaster "
            "response. Indonesia is one of the largest troop and police contributors to UN "
            "peacekeeping; the centre prepares its contingents, formed police units and "
            "individual deployees."
        ),
        trainer=("Dewi", "Lestari"),
        admin=("Agus", "Setiawan"),
        languages=("id", "en"),
    ),
    DemoCentre(
        slug="poc",
        name="Peace Operations Center, Royal Thai Armed Forces",
        short_name="POC",
        country="TH",
        city="Bangkok",
        description=(
            "The Royal Thai Armed Forces Headquarters' centre for peace operations in Bangkok. "
            "It prepares Thai military personnel for UN and other peace operations and runs "
            "courses for staff officers, military observers, contingent commanders and "
            "engineering units."
        ),
        trainer=("Siriporn", "Chaiyaporn"),
        admin=("Somchai", "Wongsakul"),
        languages=("th", "en"),
    ),
    DemoCentre(
        slug="npmec",
        name=(
            "National Centre for Peacekeeping Forces, Mines and Explosive Remnants of War Clearance"
        ),
        short_name="NPMEC",
        country="KH",
        city="Phnom Penh",
        description=(
            "Cambodia's national centre for peacekeeping and for mine and ERW clearance. It "
            "prepares Cambodian demining, explosive ordnance disposal, engineering, military "
            "police and medical units for UN missions, drawing on the country's long "
            "experience of humanitarian demining, and trains in Khmer, English and French."
        ),
        trainer=("Sreymom", "Chan"),
        admin=("Vannak", "Sok"),
        languages=("km", "en", "fr"),
    ),
    DemoCentre(
        slug="afppkoc",
        name="AFP Peacekeeping Operations Center",
        short_name="AFPPKOC",
        country="PH",
        city="Camp O'Donnell, Capas",
        description=(
            "The Armed Forces of the Philippines' peacekeeping training centre at Camp "
            "O'Donnell, Capas, Tarlac. It trains Filipino contingents and individual "
            "deployees for UN missions, with a strong programme on protection, gender and "
            "child protection."
        ),
        trainer=("Maria Cristina", "Santos"),
        admin=("Ramon", "Dela Cruz"),
        languages=("en", "tl"),
    ),
    DemoCentre(
        slug="bn-focal-point",
        name="Brunei Darussalam Peacekeeping Focal Point",
        short_name="Brunei FP",
        country="BN",
        city="Bandar Seri Begawan",
        description=(
            "Brunei Darussalam's national peacekeeping focal point in the Ministry of "
            "Defence. It coordinates the preparation of Royal Brunei Armed Forces personnel "
            "who serve with UN missions, notably in Lebanon, and Brunei's part in APCN "
            "training exchanges."
        ),
        trainer=("Nurul Huda", "Abdullah"),
        admin=("Hazwan", "Yusof"),
        languages=("ms", "en"),
    ),
    DemoCentre(
        slug="la-focal-point",
        name="Lao PDR Peacekeeping Focal Point",
        short_name="Lao FP",
        country="LA",
        city="Vientiane",
        description=(
            "Lao PDR's national peacekeeping focal point in the Ministry of National Defence. "
            "It prepares Lao officers for service as UN military observers and staff "
            "officers and sends trainees to courses across the network."
        ),
        trainer=("Khamla", "Phommachanh"),
        admin=("Souksavanh", "Vongsa"),
        languages=("lo", "en"),
    ),
    DemoCentre(
        slug="mm-focal-point",
        name="Myanmar Peacekeeping Focal Point",
        short_name="Myanmar FP",
        country="MM",
        city="Nay Pyi Taw",
        description=(
            "Myanmar's national peacekeeping focal point, its contact for APCN meetings and "
            "for seats on the network's courses."
        ),
        trainer=("Thida", "Aye"),
        admin=("Kyaw Zin", "Htun"),
        languages=("my", "en"),
    ),
    DemoCentre(
        slug="sg-focal-point",
        name="Singapore Peacekeeping Focal Point",
        short_name="Singapore FP",
        country="SG",
        city="Singapore",
        description=(
            "Singapore's national peacekeeping focal point in the Ministry of Defence and the "
            "Singapore Armed Forces. It coordinates Singapore's contributions to UN and "
            "multinational missions and its civil-military and humanitarian-assistance "
            "training offered to the network."
        ),
        trainer=("Wei Ling", "Tan"),
        admin=("Jun Hao", "Lim"),
        languages=("en",),
    ),
]

CENTRE_SLUGS = [centre.slug for centre in CENTRES]


def by_slug(slug: str) -> DemoCentre:
    return next(centre for centre in CENTRES if centre.slug == slug)


def seed(context: SeedContext) -> None:
    existing = set(Centre.objects.filter(slug__in=CENTRE_SLUGS).values_list("slug", flat=True))
    for centre in CENTRES:
        if centre.slug in existing:
            continue
        centre_create(
            by=None,
            name=centre.name,
            short_name=centre.short_name,
            slug=centre.slug,
            country=centre.country,
            city=centre.city,
            website=f"https://www.{centre.domain}/",
            contact_email=f"training@{centre.domain}",
            description=centre.description,
        )
        context.count("centre")
