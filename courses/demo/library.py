"""Demo resources: every kind and visibility, a version chain and a few access requests."""

from __future__ import annotations

from typing import IO

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import (
    AccessRequestStatus,
    Centre,
    Course,
    Language,
    Resource,
    ResourceAccessRequest,
    Theme,
    UNPackageEdition,
)
from ..notifications import muted
from ..services.library import (
    access_request_grant,
    access_request_refuse,
    access_request_submit,
    resource_new_version,
    resource_upload,
)
from . import SeedContext
from .files import mp4_bytes, pdf_bytes, png_bytes, upload, zip_bytes

CPTM_URL = "https://peacekeepingresourcehub.un.org/en/training/cptm"
STM_URL = "https://peacekeepingresourcehub.un.org/en/training/stm"

# (centre slug, title, kind, visibility, language, themes, file maker or URL, description)
DEMO_RESOURCES = [
    (
        "mpc",
        "Protection of civilians: lesson plan for company commanders",
        "lesson-plan",
        "network",
        "en",
        ["protection-of-civilians", "staff-officers"],
        ("poc-lesson-plan.pdf", pdf_bytes),
        "Four 45-minute lessons on the three tiers of protection, early warning and the "
        "commander's decisions at a temporary operating base.",
    ),
    (
        "vdpo",
        "Pre-deployment induction briefing",
        "presentation",
        "centre",
        "en",
        ["pre-deployment", "peacekeeper-safety"],
        ("induction-briefing.pptx", lambda _t: zip_bytes({"[Content_Types].xml": "<Types/>"})),
        "The briefing given to every Level-2 hospital team before rotation: mission mandate, "
        "code of conduct, safety and security.",
    ),
    (
        "ipsc",
        "Women, peace and security handbook for military observers",
        "handbook",
        "public",
        "en",
        ["women-peace-security", "military-observers"],
        ("wps-handbook.pdf", pdf_bytes),
        "Gender analysis in patrol reports, engagement with women in local communities and "
        "the observer's role under resolution 1325.",
    ),
    (
        "poc",
        "Tabletop exercise: convoy under threat",
        "exercise-scenario",
        "centre",
        "en",
        ["peacekeeper-safety", "civil-military-coordination"],
        ("convoy-exercise.zip", lambda _t: zip_bytes()),
        "Scenario, injects and role cards for a half-day exercise on a convoy stopped at an "
        "illegal checkpoint.",
    ),
    (
        "afppkoc",
        "Casualty evacuation drill",
        "video",
        "network",
        "en",
        ["medical-support", "peacekeeper-safety"],
        ("casevac-drill.mp4", lambda _t: mp4_bytes()),
        "Ten minutes of a CASEVAC drill from the point of injury to the helicopter landing site.",
    ),
    (
        "npmec",
        "Mine awareness: end-of-course assessment",
        "assessment",
        "network",
        "en",
        ["mine-action"],
        ("mine-awareness-assessment.pdf", pdf_bytes),
        "Thirty questions and a practical station checklist for the mine awareness course.",
    ),
    (
        "mpc",
        "Conflict-related sexual violence: scenario cards",
        "exercise-scenario",
        "centre",
        "en",
        ["conflict-related-sexual-violence", "protection-of-civilians"],
        ("crsv-cards.png", lambda _t: png_bytes()),
        "Scenario cards for small-group work on reporting and referral pathways.",
    ),
    (
        "vdpo",
        "UN Core Pre-Deployment Training Materials (CPTM)",
        "other",
        "public",
        "en",
        ["pre-deployment"],
        CPTM_URL,
        "The UN's standard pre-deployment package for all peacekeeping personnel, on the "
        "Peacekeeping Resource Hub.",
    ),
    (
        "ipsc",
        "UN Specialised Training Materials",
        "handbook",
        "network",
        "en",
        ["staff-officers", "police"],
        STM_URL,
        "Specialised training materials for staff officers, military experts on mission and "
        "formed police units.",
    ),
]


# The CPTM edition a demo resource is made from: the briefing predates the 2017 CPTM, so the
# library marks it "a newer edition exists".
DEMO_EDITIONS = {
    "UN Core Pre-Deployment Training Materials (CPTM)": ("cptm", "2017"),
    "Pre-deployment induction briefing": ("cptm", "2009"),
}


def _say(stdout: IO[str] | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _trainer(slug: str):
    return get_user_model().objects.filter(username=f"{slug}-trainer").first()


def _edition(title: str) -> UNPackageEdition | None:
    if title not in DEMO_EDITIONS:
        return None
    package, label = DEMO_EDITIONS[title]
    return UNPackageEdition.objects.filter(package__slug=package, label=label).first()


@transaction.atomic
def seed_library(*, stdout: IO[str] | None = None) -> None:
    """Create the demo resources and access requests once; running again changes nothing."""
    centres = {c.slug: c for c in Centre.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    created = 0
    by_title: dict[str, Resource] = {}
    for slug, title, kind, visibility, lang, theme_slugs, source, description in DEMO_RESOURCES:
        centre = centres.get(slug)
        if centre is None or lang not in languages:
            continue
        # The first version: a later run finds it superseded and adds no newer version.
        existing = Resource.objects.filter(owner_centre=centre, title=title).order_by("pk").first()
        if existing is None:
            if isinstance(source, str):
                file, link = None, source
            else:
                name, make = source
                file, link = upload(name, make(title)), ""
            courses = Course.objects.filter(
                centre=centre, status="published", themes__slug__in=theme_slugs
            ).distinct()[:2]
            existing = resource_upload(
                centre=centre,
                by=_trainer(slug),
                title=title,
                kind=kind,
                language=languages[lang],
                themes=Theme.objects.filter(slug__in=theme_slugs),
                visibility=visibility,
                file=file,
                external_url=link,
                description=description,
                version_label="1.0",
                related_courses=courses,
                un_edition=_edition(title),
            )
            created += 1
        by_title[title] = existing

    # A version chain: the induction briefing was revised for the 2026 rotation.
    briefing = by_title.get("Pre-deployment induction briefing")
    if briefing is not None and not briefing.is_superseded:
        briefing = resource_new_version(
            resource=briefing,
            by=_trainer("vdpo"),
            version_label="2.0",
            file=upload(
                "induction-briefing-2026.pptx", zip_bytes({"[Content_Types].xml": "<Types/>"})
            ),
            description=briefing.description + " Revised for the 2026 rotation.",
        )
        created += 1

    # Access requests: one pending, one granted, one refused.
    def ask(title: str, asker: str, message: str) -> ResourceAccessRequest | None:
        resource = Resource.objects.filter(title=title, is_superseded=False).first()
        user = _trainer(asker)
        if resource is None or user is None or asker not in centres:
            return None
        previous = ResourceAccessRequest.objects.filter(
            resource__title=title, requesting_centre=centres[asker]
        ).first()
        if previous is not None:
            return None
        return access_request_submit(resource=resource, by=user, message=message)

    ask(
        "Pre-deployment induction briefing",
        "ipsc",
        "Our medical team deploys to the same mission next spring; we would like to align our "
        "induction with yours.",
    )
    granted = ask(
        "Conflict-related sexual violence: scenario cards",
        "poc",
        "We are rewriting our CRSV module and would use the cards in two pilot courses.",
    )
    if granted is not None and granted.status == AccessRequestStatus.PENDING:
        access_request_grant(
            access_request=granted,
            by=_trainer("mpc"),
            response="With pleasure — please tell us how the pilots go.",
        )
    refused = ask(
        "Tabletop exercise: convoy under threat",
        "afppkoc",
        "Could we use this exercise in our staff officers course?",
    )
    if refused is not None and refused.status == AccessRequestStatus.PENDING:
        access_request_refuse(
            access_request=refused,
            by=_trainer("poc"),
            response="The scenario names a real mission area; we are preparing a public "
            "version and will share that one.",
        )
    _say(stdout, f"Resources: {created} created, {Resource.objects.count()} in the library.")


def seed(context: SeedContext) -> None:
    """The resource library's part of `seed_demo` (see `courses.demo`)."""
    resources, requests = Resource.objects.count(), ResourceAccessRequest.objects.count()
    with muted():
        seed_library()
    context.count("resource", Resource.objects.count() - resources)
    context.count("access request", ResourceAccessRequest.objects.count() - requests)
