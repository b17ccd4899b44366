"""Reference data every installation has: the network's themes and the languages of instruction.

The slugs are a public contract (catalog links and partner systems use them). A data migration
loads these rows; `seed_demo` refreshes them.
"""

from django.utils.translation import gettext_noop

# Names and descriptions are stored in English and marked for the catalogs: the pages show them
# in the reader's language (`{% translate theme.name %}`); a theme a centre adds keeps its name.

# (slug, name, is_priority, description)
THEMES: list[tuple[str, str, bool, str]] = [
    (
        "protection-of-civilians",
        gettext_noop("Protection of civilians"),
        True,
        gettext_noop(
            "Preventing and responding to threats of physical violence against civilians in "
            "mission areas: tiers of protection, early warning, community engagement."
        ),
    ),
    (
        "women-peace-security",
        gettext_noop("Women, peace and security"),
        True,
        gettext_noop(
            "Resolution 1325 and its successors: the participation of women in peacekeeping, "
            "gender analysis, engagement platforms and gender-responsive operations."
        ),
    ),
    (
        "peacekeeper-safety",
        gettext_noop("Safety and security of peacekeepers"),
        True,
        gettext_noop(
            "Reducing fatalities and injuries: threat awareness, IED and convoy drills, casualty "
            "evacuation, camp protection and the Action for Peacekeeping commitments."
        ),
    ),
    (
        "conflict-related-sexual-violence",
        gettext_noop("Conflict-related sexual violence"),
        False,
        gettext_noop(
            "Recognising, preventing and responding to sexual violence linked to conflict."
        ),
    ),
    (
        "child-protection",
        gettext_noop("Child protection"),
        False,
        gettext_noop(
            "The six grave violations against children in armed conflict and how missions respond."
        ),
    ),
    (
        "human-rights",
        gettext_noop("Human rights"),
        False,
        gettext_noop(
            "International human rights and humanitarian law applied in peace operations."
        ),
    ),
    (
        "military-observers",
        gettext_noop("Military observers"),
        False,
        gettext_noop(
            "Patrolling, reporting, negotiation and mediation skills of UN military observers."
        ),
    ),
    (
        "staff-officers",
        gettext_noop("Staff officers"),
        False,
        gettext_noop(
            "Mission headquarters staff work: planning, information management and reporting."
        ),
    ),
    (
        "pre-deployment",
        gettext_noop("Pre-deployment training"),
        False,
        gettext_noop(
            "The UN core pre-deployment training materials and mission-specific induction."
        ),
    ),
    (
        "medical-support",
        gettext_noop("Medical support"),
        False,
        gettext_noop("Field medical care, buddy first aid and casualty evacuation in missions."),
    ),
    (
        "engineering",
        gettext_noop("Engineering"),
        False,
        gettext_noop(
            "Military engineering in missions: infrastructure, field defences, environment."
        ),
    ),
    (
        "police",
        gettext_noop("Police"),
        False,
        gettext_noop("Individual police officers and formed police units in UN peace operations."),
    ),
    (
        "civil-military-coordination",
        gettext_noop("Civil-military coordination"),
        False,
        gettext_noop(
            "UN-CMCoord and CIMIC: working with humanitarian actors and local authorities."
        ),
    ),
    (
        "crisis-management",
        gettext_noop("Crisis management"),
        False,
        gettext_noop("Crisis-management planning and operations, including EU CSDP training."),
    ),
    (
        "mine-action",
        gettext_noop("Mine action"),
        False,
        gettext_noop("Humanitarian demining, explosive ordnance disposal and risk education."),
    ),
    (
        "logistics",
        gettext_noop("Logistics"),
        False,
        gettext_noop("Contingent-owned equipment, mission support and supply in the field."),
    ),
]

PRIORITY_THEME_SLUGS = [slug for slug, _name, is_priority, _desc in THEMES if is_priority]

# ISO 639-1 code and English name: the languages of ASEAN member states and of the partners.
LANGUAGES: list[tuple[str, str]] = [
    ("en", gettext_noop("English")),
    ("fr", gettext_noop("French")),
    ("vi", gettext_noop("Vietnamese")),
    ("id", gettext_noop("Indonesian")),
    ("ms", gettext_noop("Malay")),
    ("th", gettext_noop("Thai")),
    ("km", gettext_noop("Khmer")),
    ("lo", gettext_noop("Lao")),
    ("my", gettext_noop("Burmese")),
    ("tl", gettext_noop("Filipino")),
    ("zh", gettext_noop("Chinese")),
    ("ta", gettext_noop("Tamil")),
    ("ja", gettext_noop("Japanese")),
    ("ko", gettext_noop("Korean")),
    ("ar", gettext_noop("Arabic")),
    ("es", gettext_noop("Spanish")),
    ("pt", gettext_noop("Portuguese")),
    ("ru", gettext_noop("Russian")),
]

# The UN's training packages (Integrated Training Service), seeded by migration 0020 and kept
# by the network admin: (slug, kind, name, short name). The names are marked for the catalogs
# and shown in the reader's language; a package the network admin adds keeps its name.
UN_PACKAGES: list[tuple[str, str, str, str]] = [
    ("cptm", "cptm", gettext_noop("Core Pre-Deployment Training Materials"), "CPTM"),
    (
        "stm-military-experts-on-mission",
        "stm",
        gettext_noop("STM for UN Military Experts on Mission"),
        "STM UNMEM",
    ),
    ("stm-staff-officers", "stm", gettext_noop("STM for UN Staff Officers"), "STM UNSO"),
    (
        "stm-infantry-battalions",
        "stm",
        gettext_noop("STM for UN Infantry Battalions"),
        "STM UNIBAT",
    ),
    ("stm-formed-police-units", "stm", gettext_noop("STM for Formed Police Units"), "STM FPU"),
    (
        "stm-protection-of-civilians",
        "stm",
        gettext_noop("STM on Protection of Civilians"),
        "STM POC",
    ),
    ("stm-child-protection", "stm", gettext_noop("STM on Child Protection"), "STM CP"),
    (
        "stm-conflict-related-sexual-violence",
        "stm",
        gettext_noop("STM on Conflict-Related Sexual Violence"),
        "STM CRSV",
    ),
]
