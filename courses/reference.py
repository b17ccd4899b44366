"""Reference data every installation has: the network's themes and the languages of instruction.

The slugs are a public contract (catalog links and partner systems use them). A data migration
loads these rows; `seed_demo` refreshes them.
"""

# (slug, name, is_priority, description)
THEMES: list[tuple[str, str, bool, str]] = [
    (
        "protection-of-civilians",
        "Protection of civilians",
        True,
        "Preventing and responding to threats of physical violence against civilians in "
        "mission areas: tiers of protection, early warning, community engagement.",
    ),
    (
        "women-peace-security",
        "Women, peace and security",
        True,
        "Resolution 1325 and its successors: the participation of women in peacekeeping, "
        "gender analysis, engagement platforms and gender-responsive operations.",
    ),
    (
        "peacekeeper-safety",
        "Safety and security of peacekeepers",
        True,
        "Reducing fatalities and injuries: threat awareness, IED and convoy drills, casualty "
        "evacuation, camp protection and the Action for Peacekeeping commitments.",
    ),
    (
        "conflict-related-sexual-violence",
        "Conflict-related sexual violence",
        False,
        "Recognising, preventing and responding to sexual violence linked to conflict.",
    ),
    (
        "child-protection",
        "Child protection",
        False,
        "The six grave violations against children in armed conflict and how missions respond.",
    ),
    (
        "human-rights",
        "Human rights",
        False,
        "International human rights and humanitarian law applied in peace operations.",
    ),
    (
        "military-observers",
        "Military observers",
        False,
        "Patrolling, reporting, negotiation and mediation skills of UN military observers.",
    ),
    (
        "staff-officers",
        "Staff officers",
        False,
        "Mission headquarters staff work: planning, information management and reporting.",
    ),
    (
        "pre-deployment",
        "Pre-deployment training",
        False,
        "The UN core pre-deployment training materials and mission-specific induction.",
    ),
    (
        "medical-support",
        "Medical support",
        False,
        "Field medical care, buddy first aid and casualty evacuation in missions.",
    ),
    (
        "engineering",
        "Engineering",
        False,
        "Military engineering in missions: infrastructure, field defences, environment.",
    ),
    (
        "police",
        "Police",
        False,
        "Individual police officers and formed police units in UN peace operations.",
    ),
    (
        "civil-military-coordination",
        "Civil-military coordination",
        False,
        "UN-CMCoord and CIMIC: working with humanitarian actors and local authorities.",
    ),
    (
        "crisis-management",
        "Crisis management",
        False,
        "Crisis-management planning and operations, including EU CSDP training.",
    ),
    (
        "mine-action",
        "Mine action",
        False,
        "Humanitarian demining, explosive ordnance disposal and risk education.",
    ),
    (
        "logistics",
        "Logistics",
        False,
        "Contingent-owned equipment, mission support and supply in the field.",
    ),
]

PRIORITY_THEME_SLUGS = [slug for slug, _name, is_priority, _desc in THEMES if is_priority]

# ISO 639-1 code and English name: the languages of ASEAN member states and of the partners.
LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("fr", "French"),
    ("vi", "Vietnamese"),
    ("id", "Indonesian"),
    ("ms", "Malay"),
    ("th", "Thai"),
    ("km", "Khmer"),
    ("lo", "Lao"),
    ("my", "Burmese"),
    ("tl", "Filipino"),
    ("zh", "Chinese"),
    ("ta", "Tamil"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("ar", "Arabic"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("ru", "Russian"),
]
