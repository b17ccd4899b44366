"""The demo catalog: plausible courses of the network's centres, as their trainers would post them.

Titles, content and durations follow the usual peacekeeping training offer (UN core and specialised
training materials, STM, military observers, staff officers, PoC, CRSV, child protection, gender,
IED awareness, CASEVAC, engineering, mine action, FPU, CMCoord, EU CSDP partner courses, training
of trainers); they describe no real course of any centre.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLISHED, DRAFT, ARCHIVED = "published", "draft", "archived"
MILITARY, POLICE, CIVILIAN, MIXED = "military", "police", "civilian", "mixed"
BASIC, INTERMEDIATE, ADVANCED, TOT = "basic", "intermediate", "advanced", "training-of-trainers"
IN_PERSON, ONLINE, BLENDED = "in-person", "online", "blended"

POC = "protection-of-civilians"
WPS = "women-peace-security"
SAFETY = "peacekeeper-safety"
CRSV = "conflict-related-sexual-violence"
CHILD = "child-protection"
HR = "human-rights"
MILOBS = "military-observers"
STAFF = "staff-officers"
PDT = "pre-deployment"
MEDICAL = "medical-support"
ENGINEERING = "engineering"
POLICE_THEME = "police"
CMCOORD = "civil-military-coordination"
CRISIS = "crisis-management"
MINES = "mine-action"
LOGISTICS = "logistics"

METHODS = {
    IN_PERSON: (
        "Lectures and syndicate work in small groups, case studies from current missions and a "
        "final exercise. Instructors include officers back from mission service and guest "
        "lecturers from partner centres.",
        "Short inputs followed by practical exercises, role plays and a scenario-based "
        "exercise that runs through the last days. Participants are assessed on their "
        "contribution to the syndicate and in the final exercise.",
    ),
    ONLINE: (
        "Self-paced modules on the centre's learning platform with two live sessions a week "
        "with an instructor, and a short online assessment at the end.",
    ),
    BLENDED: (
        "An online preparatory phase of self-paced reading and quizzes, followed by a "
        "residential phase of syndicate work and exercises at the centre.",
    ),
}

UN_RECOGNITION = (
    "Participants who complete the course and pass the assessment receive a certificate. The "
    "course follows the UN training materials and is recognised by the UN Department of Peace "
    "Operations."
)


@dataclass(frozen=True)
class DemoCourse:
    centre: str
    title: str
    summary: str
    themes: tuple[str, ...]
    audience: str
    level: str
    mode: str
    days: int
    aims: str
    content: tuple[str, ...]
    participants: str
    prerequisites: str = ""
    un: bool = False
    status: str = PUBLISHED
    languages: tuple[str, ...] = ()  # empty: the centre's languages
    runs: int = 2  # offerings a year
    seats: int = 30
    # Offerings the demo must hold whatever the random draw: {"start": days from today, ...}.
    fixed: tuple[dict[str, object], ...] = field(default_factory=tuple)
    slug: str = ""

    def description(self, method: str) -> str:
        parts = [
            "## Aim",
            self.aims,
            "## Content",
            "\n".join(f"- {item}" for item in self.content),
            "## Method",
            method,
            "## Who should attend",
            self.participants,
        ]
        if self.un:
            parts += ["## Certificate", UN_RECOGNITION]
        return "\n\n".join(parts) + "\n"


COURSES: list[DemoCourse] = [
    # --- Malaysian Peacekeeping Centre -----------------------------------------------------------
    DemoCourse(
        centre="mpc",
        title="United Nations Military Observers Course",
        summary="Prepares officers for service as unarmed UN military observers: patrolling, "
        "observation and reporting, negotiation and safety in the mission area.",
        themes=(MILOBS, SAFETY),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=15,
        languages=("en",),
        aims="To prepare officers to serve as UN military experts on mission, able to observe, "
        "verify and report impartially and to work unarmed in a multinational team.",
        content=(
            "The UN peacekeeping framework, mandates and the principles of peacekeeping",
            "Observation, patrolling and the investigation of incidents",
            "Reporting: situation reports, incident and investigation reports",
            "Negotiation and mediation at the tactical level, working with interpreters",
            "Safety and security: checkpoints, mine and IED awareness, hostage survival",
            "Map reading, navigation and radio procedures",
            "A five-day field exercise with role players",
        ),
        participants="Captains to lieutenant colonels nominated for UN observer duty, with a "
        "good command of English and a valid driving licence.",
        prerequisites="English at STANAG 6001 level 2 or equivalent. Driving licence (manual "
        "4x4). Fitness for field exercises.",
        un=True,
        runs=3,
        seats=36,
        fixed=(
            {
                "start": 10,
                "deadline": -4,
                "partner": 8,
                "notes": "Nominations are closed; late nominations only through the APCN "
                "secretariat.",
            },
        ),
    ),
    DemoCourse(
        centre="mpc",
        title="United Nations Staff Officers Course",
        summary="Mission headquarters staff work for officers going to a force or sector HQ: "
        "planning, information management and the protection of civilians.",
        themes=(STAFF, POC),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=14,
        languages=("en",),
        aims="To prepare officers to work effectively as staff officers in an integrated UN "
        "mission headquarters.",
        content=(
            "Structure of a UN mission and of force and sector headquarters",
            "The military decision-making process in a UN context",
            "Information acquisition and peacekeeping-intelligence",
            "Protection of civilians in planning and operations",
            "Reporting, briefing and staff writing",
            "A computer-assisted command post exercise",
        ),
        participants="Majors and lieutenant colonels, or captains selected for a staff "
        "appointment, of the military and of formed police units.",
        prerequisites="Staff college or equivalent. English at STANAG 6001 level 2.",
        un=True,
        runs=2,
        seats=32,
    ),
    DemoCourse(
        centre="mpc",
        title="Protection of Civilians Course",
        summary="The protection of civilians mandate from policy to practice: threat "
        "assessment, the three tiers of protection and an integrated response.",
        themes=(POC, HR, CHILD),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=10,
        aims="To give military, police and civilian staff a shared understanding of how a "
        "mission protects civilians, and the skills to plan and act on it together.",
        content=(
            "The legal and policy framework: IHL, human rights and refugee law",
            "The three tiers: dialogue and engagement, physical protection, a protective "
            "environment",
            "Threat and risk assessment, early warning and response",
            "Community engagement and community liaison assistants",
            "Vulnerable groups: children, women, displaced people",
            "A tabletop exercise on an attack on a displaced persons' site",
        ),
        participants="Military officers, police officers and civilians deploying to a mission "
        "with a protection of civilians mandate.",
        un=True,
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="mpc",
        title="Female Military Officers Course",
        summary="For women officers preparing to serve as staff officers and military "
        "observers, in support of the UN gender parity strategy.",
        themes=(WPS, MILOBS, STAFF),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=14,
        languages=("en",),
        aims="To increase the number of women officers ready to deploy as UN staff officers and "
        "military observers, and to build a regional network of women peacekeepers.",
        content=(
            "UN peacekeeping today: mandates, structures, the Action for Peacekeeping agenda",
            "Women, peace and security: Resolution 1325 and its successors",
            "Staff procedures and observer skills",
            "Negotiation, communication and leadership",
            "Safety and security for individual deployees",
            "Mentoring sessions with women who have served as observers and commanders",
        ),
        participants="Women officers, captain to lieutenant colonel, from any ASEAN member state "
        "or partner.",
        prerequisites="English at STANAG 6001 level 2 or equivalent.",
        un=True,
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="mpc",
        title="UN Logistics Officers Course",
        summary="Mission support for logistics staff: contingent-owned equipment, supply, "
        "movement control and the UN's integrated supply chain.",
        themes=(LOGISTICS, STAFF),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=10,
        languages=("en",),
        aims="To prepare logistics officers for appointments in a mission's support component "
        "or in a contingent's logistics cell.",
        content=(
            "Mission support: the division of labour between the UN and the contingents",
            "Contingent-owned equipment: wet and dry lease, verification and reimbursement",
            "Supply chain management, rations, fuel and water",
            "Movement control and the deployment of a contingent",
            "Environmental management in camps",
        ),
        participants="Logistics and supply officers (captain to lieutenant colonel) and senior "
        "non-commissioned officers with a logistics appointment.",
        runs=1,
        seats=28,
    ),
    DemoCourse(
        centre="mpc",
        title="Civil-Military Coordination Course",
        summary="How the military, police and humanitarian actors work side by side: UN "
        "CMCoord principles, liaison and information sharing.",
        themes=(CMCOORD, CRISIS),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To help participants coordinate with humanitarian organisations and local "
        "authorities while keeping the humanitarian principles intact.",
        content=(
            "The humanitarian principles and the humanitarian system",
            "UN-CMCoord concepts and the Oslo and MCDA guidelines",
            "Liaison arrangements, civil-military coordination centres",
            "Information sharing and its limits",
            "A disaster response tabletop exercise",
        ),
        participants="Military and police officers, and civilians of humanitarian and "
        "government agencies.",
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="mpc",
        title="Individual Deployee Pre-Deployment Training",
        summary="The UN core pre-deployment training materials for officers deploying as "
        "individuals: observers, staff officers and police officers.",
        themes=(PDT, SAFETY),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=10,
        aims="To meet the UN's pre-deployment training standard for individual deployees "
        "before they leave for the mission.",
        content=(
            "The core pre-deployment training materials: UN peacekeeping, mandated tasks, "
            "standards of conduct",
            "Prevention of sexual exploitation and abuse",
            "Safety and security, first aid, stress management",
            "Mission-specific briefing on the receiving mission",
        ),
        participants="Malaysian officers selected for an individual UN appointment; partner "
        "officers with a confirmed deployment date.",
        runs=4,
        seats=40,
    ),
    DemoCourse(
        centre="mpc",
        title="Preventing Conflict-Related Sexual Violence",
        summary="Recognising and responding to conflict-related sexual violence: the "
        "framework, the warning signs and the mission's tools to prevent it.",
        themes=(CRSV, WPS, HR),
        audience=MIXED,
        level=ADVANCED,
        mode=IN_PERSON,
        days=5,
        languages=("en",),
        aims="To enable military, police and civilian staff to prevent conflict-related sexual "
        "violence and to respond to it in a survivor-centred way.",
        content=(
            "The Security Council resolutions on CRSV and the monitoring, analysis and reporting "
            "arrangements",
            "Early-warning indicators of CRSV",
            "Survivor-centred response and referral",
            "Scenario-based exercises on patrols, checkpoints and detention",
        ),
        participants="Officers and civilians who will hold protection, gender or human rights "
        "responsibilities in a mission.",
        prerequisites="A course on the protection of civilians or on gender, or mission "
        "experience.",
        un=True,
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="mpc",
        title="Training of Trainers: Core Pre-Deployment Training Materials",
        summary="For instructors who will teach the UN core pre-deployment training materials "
        "in their own centre.",
        themes=(PDT,),
        audience=MIXED,
        level=TOT,
        mode=BLENDED,
        days=10,
        languages=("en",),
        aims="To qualify instructors to deliver the core pre-deployment training materials to "
        "the UN standard, with adult-learning methods.",
        content=(
            "The core pre-deployment training materials, module by module",
            "Adult learning, lesson planning and facilitation",
            "Running role plays and scenario exercises",
            "Assessment and evaluation of training",
            "Practice teaching with feedback from peers and instructors",
        ),
        participants="Instructors of peacekeeping training centres and of military and police "
        "schools.",
        prerequisites="Mission experience or at least two years as an instructor.",
        un=True,
        runs=1,
        seats=20,
    ),
    DemoCourse(
        centre="mpc",
        title="EU CSDP Crisis Management Course for ASEAN Partners",
        summary="The European Union's Common Security and Defence Policy and how EU and ASEAN "
        "crisis management work together, run with the European Security and Defence College.",
        themes=(CRISIS, CMCOORD),
        audience=CIVILIAN,
        level=INTERMEDIATE,
        mode=BLENDED,
        days=5,
        languages=("en",),
        aims="To give officials and officers of ASEAN member states a working knowledge of EU "
        "crisis management and of the cooperation between the EU, ASEAN and the UN.",
        content=(
            "The EU's integrated approach to conflicts and crises",
            "CSDP missions and operations: planning, command and control",
            "ASEAN's political-security community and the APCN",
            "EU-UN and EU-ASEAN cooperation in crisis management",
            "A crisis-response planning exercise",
        ),
        participants="Officials of foreign and defence ministries, officers and police officers "
        "dealing with crisis management.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="mpc",
        title="Military Unit Commanders' Seminar",
        summary="Battalion and company commanders on leading a unit in a UN mission: "
        "mandate, protection of civilians, conduct and discipline.",
        themes=(STAFF, POC),
        audience=MILITARY,
        level=ADVANCED,
        mode=IN_PERSON,
        days=4,
        languages=("en",),
        aims="To prepare commanders for the decisions they alone will take in a mission.",
        content=(
            "The mandate and the rules of engagement",
            "Protection of civilians at unit level",
            "Conduct and discipline, sexual exploitation and abuse",
            "Working with the mission's civilian and police components",
        ),
        participants="Commanders and deputy commanders of battalions and companies selected for "
        "deployment.",
        status=DRAFT,
        runs=1,
        seats=20,
    ),
    # --- Indonesia Peace and Security Center -----------------------------------------------------
    DemoCourse(
        centre="ipsc",
        title="UN Military Experts on Mission Course",
        summary="Observers, liaison officers and military advisers: the skills of the military "
        "expert on mission, with a field exercise in Sentul.",
        themes=(MILOBS, SAFETY),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=19,
        aims="To prepare officers for appointments as UN military experts on mission.",
        content=(
            "Mandates and the UN's specialised training materials for military experts",
            "Patrolling, observation, investigation and reporting",
            "Liaison, negotiation and working with interpreters",
            "Driving off-road, navigation, radio procedures",
            "Personal security, hostage survival and medical first response",
            "A field exercise with role players",
        ),
        participants="Officers of the rank of captain to lieutenant colonel selected for "
        "observer or liaison duty.",
        prerequisites="English at STANAG 6001 level 2. Driving licence.",
        un=True,
        runs=2,
        seats=36,
    ),
    DemoCourse(
        centre="ipsc",
        title="Formed Police Unit Pre-Deployment Course",
        summary="Pre-deployment training for a formed police unit: public order, protection of "
        "civilians and the rules on the use of force.",
        themes=(POLICE_THEME, PDT, POC),
        audience=POLICE,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=20,
        aims="To prepare a formed police unit to the UN standard for its deployment.",
        content=(
            "The UN police: mandate, roles and the formed police unit concept",
            "Public order management and crowd control",
            "Protection of civilians and of UN personnel and facilities",
            "Use of force and firearms, human rights in policing",
            "Operational readiness: the assessment and advisory visit",
        ),
        participants="Formed police units selected for deployment, with their commanders; "
        "observers from partner police services.",
        un=True,
        runs=2,
        seats=40,
    ),
    DemoCourse(
        centre="ipsc",
        title="Individual Police Officers Course",
        summary="For police officers deploying as individuals: community-oriented policing, "
        "mentoring and advising host-state police.",
        themes=(POLICE_THEME, HR),
        audience=POLICE,
        level=BASIC,
        mode=IN_PERSON,
        days=10,
        aims="To prepare police officers to advise and support the police of a host state.",
        content=(
            "UN police in peace operations: policy and guidelines",
            "Community-oriented policing and the protection of civilians",
            "Mentoring, monitoring and advising",
            "Investigation of serious crimes, including sexual and gender-based violence",
            "Assessment for mission service (SAAT preparation)",
        ),
        participants="Police officers of all ranks who have applied for individual UN service.",
        runs=2,
        seats=35,
    ),
    DemoCourse(
        centre="ipsc",
        title="Gender Advisers and Gender Focal Points Course",
        summary="For those who will advise a commander or lead a gender focal point network in a "
        "mission: gender analysis, planning and reporting.",
        themes=(WPS, CRSV),
        audience=MIXED,
        level=ADVANCED,
        mode=IN_PERSON,
        days=7,
        languages=("en",),
        aims="To prepare military, police and civilian staff to integrate a gender perspective "
        "into the planning and conduct of operations.",
        content=(
            "Women, peace and security: the resolutions and national action plans",
            "Gender analysis of a conflict and of a mission area",
            "Advising the commander and the staff; gender in the planning process",
            "Engagement with women's organisations and local communities",
            "Monitoring, reporting and the prevention of CRSV",
        ),
        participants="Appointed gender advisers and gender focal points of contingents and "
        "mission headquarters.",
        prerequisites="A basic course on gender or on women, peace and security.",
        un=True,
        runs=1,
        seats=24,
        fixed=(
            {
                "start": 240,
                "deadline": 180,
                "partner": 0,
                "notes": "This run is for Indonesian contingents only; partner seats open on "
                "the next run.",
            },
        ),
    ),
    DemoCourse(
        centre="ipsc",
        title="Child Protection in Peace Operations",
        summary="The six grave violations against children, the monitoring and reporting "
        "mechanism, and what every peacekeeper must do.",
        themes=(CHILD, HR, POC),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=5,
        aims="To enable peacekeepers to recognise, report and help prevent grave violations "
        "against children.",
        content=(
            "The six grave violations and the monitoring and reporting mechanism",
            "Children associated with armed forces and groups: handover procedures",
            "Schools and hospitals: protection and military use",
            "Child protection focal points in units and headquarters",
        ),
        participants="Officers and NCOs who will serve as child protection focal points; "
        "police and civilian staff.",
        un=True,
        runs=2,
        seats=30,
        fixed=(
            {
                "start": 60,
                "deadline": 30,
                "partner": 8,
                "notes": "Partner participants are lodged on the IPSC campus.",
            },
        ),
    ),
    DemoCourse(
        centre="ipsc",
        title="Counter-IED Awareness for Peacekeepers",
        summary="Improvised explosive devices in mission areas: recognising the threat, "
        "drills on foot and in convoy, and the first response after a blast.",
        themes=(SAFETY, MINES, ENGINEERING),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To reduce casualties from explosive hazards by training every peacekeeper in the "
        "basic drills.",
        content=(
            "The explosive threat in current missions",
            "Recognising indicators, ground sign and vulnerable points",
            "Drills: the 5 and 25 metre checks, confirm, clear, cordon, control",
            "Convoy procedures and reporting (the 9-liner)",
            "Immediate casualty care after an explosion",
        ),
        participants="Soldiers and junior leaders of contingents preparing to deploy; "
        "individual deployees.",
        runs=3,
        seats=40,
    ),
    DemoCourse(
        centre="ipsc",
        title="Engagement Platoon Course",
        summary="Training mixed-gender engagement platoons to reach all parts of the local "
        "population, women and children included.",
        themes=(WPS, POC, CMCOORD),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=14,
        aims="To prepare engagement platoons to build trust with communities and to feed "
        "community perspectives into the force's protection work.",
        content=(
            "The engagement platoon concept and its place in the battalion",
            "Community engagement, listening and conflict-sensitive communication",
            "Gender analysis and protection risks at community level",
            "Working with interpreters and community liaison assistants",
            "Patrol planning and a village engagement exercise",
        ),
        participants="Platoons of at least half women and men, with their commanders.",
        un=True,
        runs=1,
        seats=36,
    ),
    DemoCourse(
        centre="ipsc",
        title="Introduction to UN Peacekeeping (Online)",
        summary="A tutored online introduction for anyone starting on the road to a UN deployment.",
        themes=(PDT,),
        audience=MIXED,
        level=BASIC,
        mode=ONLINE,
        days=5,
        aims="To give new personnel the basic knowledge they need before a residential "
        "pre-deployment course.",
        content=(
            "The UN and its peace operations",
            "The principles of peacekeeping and the legal framework",
            "How a mission is organised",
            "Standards of conduct",
        ),
        participants="Personnel of any service beginning their preparation for a mission.",
        runs=4,
        seats=80,
    ),
    DemoCourse(
        centre="ipsc",
        title="Comprehensive Crisis Management Course",
        summary="A partner course with European trainers on the comprehensive approach to "
        "conflicts: analysis, planning and coordination between civilian and military actors.",
        themes=(CRISIS, CMCOORD),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=BLENDED,
        days=5,
        languages=("en",),
        aims="To improve the cooperation of civilian and military actors in preventing and "
        "managing crises.",
        content=(
            "Conflict analysis and early warning",
            "The comprehensive approach in the UN, the EU and ASEAN",
            "Planning crisis-management operations",
            "Coordination with humanitarian and development actors",
        ),
        participants="Officers, police officers and civilian officials with crisis-management "
        "responsibilities.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="ipsc",
        title="Peacekeeping English for Mission Communications",
        summary="English for radio procedures, reports and daily work in a UN mission.",
        themes=(PDT,),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=30,
        aims="To bring personnel to the English level needed in a mission.",
        content=(
            "Radio voice procedure",
            "Writing patrol and incident reports",
            "Briefings and meetings",
        ),
        participants="Personnel nominated for deployment whose English needs improvement.",
        status=ARCHIVED,
        runs=1,
        seats=25,
    ),
    # --- Peace Operations Center, Royal Thai Armed Forces -----------------------------------------
    DemoCourse(
        centre="poc",
        title="Mission Headquarters Staff Officer Course",
        summary="Staff work in a UN force or sector headquarters, with a command post exercise "
        "set in a fictional mission.",
        themes=(STAFF, POC),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=12,
        aims="To prepare officers for staff appointments in UN mission headquarters.",
        content=(
            "The UN mission headquarters and the force's place in it",
            "Operational planning and the protection of civilians",
            "Peacekeeping-intelligence and the information cycle",
            "Staff duties, briefing and report writing",
            "A command post exercise",
        ),
        participants="Captains to lieutenant colonels selected for UN staff appointments.",
        prerequisites="English at STANAG 6001 level 2.",
        un=True,
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="poc",
        title="Safety and Security of Peacekeepers Course",
        summary="Practical measures that reduce fatalities and injuries, following the "
        "Action for Peacekeeping commitments.",
        themes=(SAFETY,),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=5,
        aims="To give leaders the tools to protect their people in high-risk missions.",
        content=(
            "Lessons from attacks on peacekeepers",
            "Camp protection and force protection planning",
            "Convoy security, IED awareness and immediate action drills",
            "Casualty evacuation and the golden hour",
            "Leadership, stress and resilience",
        ),
        participants="Junior and mid-level leaders of contingents; staff officers responsible "
        "for force protection.",
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="poc",
        title="Casualty Evacuation and Field Medical Course",
        summary="Buddy first aid, tactical casualty care and the evacuation chain in a UN "
        "mission, with a CASEVAC exercise.",
        themes=(MEDICAL, SAFETY),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=7,
        aims="To save lives in the first hour after an injury: every peacekeeper a first "
        "responder.",
        content=(
            "The UN buddy first aid course standards",
            "Bleeding control, airway, hypothermia",
            "Casualty evacuation: requests, landing sites and the medical chain",
            "Mass casualty incidents",
            "A combined CASEVAC exercise with helicopter mock-ups",
        ),
        participants="Soldiers, medics and junior leaders preparing to deploy.",
        runs=3,
        seats=32,
    ),
    DemoCourse(
        centre="poc",
        title="Women in Peace Operations Course",
        summary="An introduction to women, peace and security for women and men preparing to "
        "deploy, with women peacekeepers sharing their experience.",
        themes=(WPS,),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To strengthen the meaningful participation of women in peace operations.",
        content=(
            "Resolution 1325 and the women, peace and security agenda",
            "Barriers to the deployment of women and how to remove them",
            "Gender-responsive operations",
            "Panel of women peacekeepers back from mission",
        ),
        participants="Women and men of the armed forces and police preparing for deployment.",
        runs=2,
        seats=30,
        fixed=(
            {
                "start": 75,
                "deadline": 40,
                "partner": 6,
                "status": "cancelled",
                "notes": "Cancelled: the venue is needed for a national exercise. The next run "
                "is open for requests.",
            },
        ),
    ),
    DemoCourse(
        centre="poc",
        title="Military Engineering in UN Missions",
        summary="Horizontal and vertical construction, field defences and the environment for "
        "engineering units deploying to a UN mission.",
        themes=(ENGINEERING, LOGISTICS),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=10,
        aims="To prepare engineering units and staff to meet the UN military engineer unit "
        "standards.",
        content=(
            "The UN military engineer unit manual",
            "Camp construction and field defences",
            "Road and airfield maintenance",
            "Water, waste and environmental management",
            "Engineering support to the protection of civilians",
        ),
        participants="Engineer officers and senior NCOs of units preparing to deploy.",
        runs=1,
        seats=28,
    ),
    DemoCourse(
        centre="poc",
        title="Human Rights and International Humanitarian Law for Peacekeepers",
        summary="The law that binds peacekeepers and protects civilians, taught through cases "
        "from current missions.",
        themes=(HR, POC),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To make sure that peacekeepers know and apply the law in their daily work.",
        content=(
            "International human rights law and international humanitarian law",
            "Detention, search and the use of force",
            "Human rights due diligence policy",
            "Reporting human rights violations",
        ),
        participants="Officers, NCOs and police officers of contingents preparing to deploy.",
        runs=2,
        seats=35,
    ),
    DemoCourse(
        centre="poc",
        title="Military Observer Patrolling and Negotiation Course",
        summary="A practical course for observers: mounted and foot patrols, team site life, "
        "negotiation at checkpoints.",
        themes=(MILOBS,),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=10,
        languages=("en",),
        aims="To rehearse the daily work of a military observer team.",
        content=(
            "Patrol planning and reporting",
            "Negotiation at checkpoints and with armed groups",
            "Team site security and evacuation",
            "Off-road driving and vehicle recovery",
        ),
        participants="Officers selected for observer duty who have completed a military "
        "observers course.",
        prerequisites="A UN military observers course.",
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="poc",
        title="Contingent Commanders' Pre-Deployment Seminar",
        summary="Senior leaders of a contingent on the mandate, the mission's expectations and "
        "the decisions that will be theirs.",
        themes=(PDT, STAFF, POC),
        audience=MILITARY,
        level=ADVANCED,
        mode=IN_PERSON,
        days=3,
        aims="To prepare contingent commanders and their deputies for the mission.",
        content=(
            "The mandate, the concept of operations and the rules of engagement",
            "Protection of civilians and the commander's responsibility",
            "Conduct and discipline, accountability",
            "Relations with the host state, the mission and the national authorities",
        ),
        participants="Contingent commanders, deputy commanders and chiefs of staff.",
        runs=2,
        seats=16,
    ),
    DemoCourse(
        centre="poc",
        title="Mediation and Negotiation for Peace Operations",
        summary="Mediation support and negotiation skills for military, police and civilian "
        "staff, with EU and UN trainers.",
        themes=(CRISIS, MILOBS),
        audience=MIXED,
        level=ADVANCED,
        mode=IN_PERSON,
        days=5,
        languages=("en",),
        aims="To build the negotiation and mediation-support skills of mission personnel.",
        content=(
            "Negotiation theory and practice",
            "Mediation processes and the role of peace operations",
            "Inclusion of women and young people in peace processes",
            "Simulation of a local ceasefire negotiation",
        ),
        participants="Officers, police officers and civilians in liaison, civil affairs or "
        "political roles.",
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="poc",
        title="Situational Awareness and Early Warning (Online)",
        summary="How a mission turns community alerts and reports into early warning and "
        "timely protection action.",
        themes=(POC, SAFETY),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=ONLINE,
        days=3,
        aims="To improve the use of information for the protection of civilians and peacekeepers.",
        content=(
            "Early-warning systems and community alert networks",
            "Analysing threats to civilians",
            "From warning to response: decision making in the mission",
        ),
        participants="Staff officers and civilians in joint operations and analysis centres.",
        status=DRAFT,
        runs=1,
        seats=40,
    ),
    # --- AFP Peacekeeping Operations Center -----------------------------------------------------
    DemoCourse(
        centre="afppkoc",
        title="UN Pre-Deployment Training for Contingents",
        summary="Pre-deployment training of a Philippine contingent to the UN standard, from "
        "the core materials to mission-specific drills.",
        themes=(PDT, POC, SAFETY),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=20,
        aims="To train a contingent as a whole for its mission.",
        content=(
            "The core pre-deployment training materials",
            "Mission-specific briefing and cultural awareness",
            "Protection of civilians scenarios at company level",
            "Force protection, IED awareness and casualty evacuation",
            "Conduct and discipline, prevention of sexual exploitation and abuse",
        ),
        participants="Contingents selected for deployment, with observers from partner centres.",
        runs=2,
        seats=40,
    ),
    DemoCourse(
        centre="afppkoc",
        title="Military Observer Foundation Course",
        summary="The foundation of the military observer's trade for officers who have not "
        "served on a UN mission before.",
        themes=(MILOBS, SAFETY),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=10,
        aims="To prepare first-time observers for the UN selection and for the mission.",
        content=(
            "The role and tasks of the military observer",
            "Observation, reporting and investigation techniques",
            "Personal security and hostage survival",
            "Preparation for the UN assessment",
        ),
        participants="Lieutenants to majors on the national roster of observers.",
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="afppkoc",
        title="Preventing Sexual Exploitation and Abuse",
        summary="The UN standards of conduct, the zero-tolerance policy and what leaders do to "
        "prevent sexual exploitation and abuse.",
        themes=(WPS, HR, CRSV),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=3,
        aims="To prevent sexual exploitation and abuse by UN personnel.",
        content=(
            "The UN standards of conduct and the Secretary-General's bulletin",
            "Risk factors and the responsibility of commanders",
            "Reporting, investigation and assistance to victims",
        ),
        participants="Leaders of contingents and conduct and discipline focal points.",
        runs=3,
        seats=40,
    ),
    DemoCourse(
        centre="afppkoc",
        title="Child Protection Focal Points Course",
        summary="For the officers who will be the child protection focal points of their "
        "battalion or headquarters.",
        themes=(CHILD,),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=5,
        languages=("en",),
        aims="To prepare focal points to advise their commander and report on violations "
        "against children.",
        content=(
            "International standards on children in armed conflict",
            "The monitoring and reporting mechanism",
            "The handover of children encountered in operations",
            "Training their own unit: a lesson to take home",
        ),
        participants="Officers and senior NCOs designated as child protection focal points.",
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="afppkoc",
        title="Convoy Operations and Camp Security Course",
        summary="Planning and leading convoys and protecting camps and team sites in high-risk "
        "missions.",
        themes=(SAFETY, LOGISTICS),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=7,
        aims="To reduce the exposure of peacekeepers on the road and in camps.",
        content=(
            "Threat assessment for movements",
            "Convoy planning, drills and communications",
            "Camp layout, perimeter defence and early warning",
            "Rehearsal of a complex attack on a camp",
        ),
        participants="Platoon and company leaders, logistics and transport officers.",
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="afppkoc",
        title="Peacekeeping Medical Support and Buddy First Aid",
        summary="The UN buddy first aid course for non-medical personnel and a refresher for "
        "medics.",
        themes=(MEDICAL,),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To train every deploying member to give first aid until medical help arrives.",
        content=(
            "The buddy first aid standard",
            "Bleeding control, fractures, burns",
            "Casualty handling and evacuation",
        ),
        participants="All personnel preparing to deploy; medics for the refresher.",
        runs=3,
        seats=36,
    ),
    DemoCourse(
        centre="afppkoc",
        title="Training of Trainers: Protection of Civilians",
        summary="Instructors learn to teach the protection of civilians modules and to run "
        "protection scenarios.",
        themes=(POC,),
        audience=MIXED,
        level=TOT,
        mode=IN_PERSON,
        days=10,
        languages=("en",),
        aims="To multiply protection of civilians training across the network's centres.",
        content=(
            "The protection of civilians training modules",
            "Designing and running scenario-based exercises",
            "Facilitation and feedback",
            "Practice teaching",
        ),
        participants="Instructors of peacekeeping centres and military schools.",
        prerequisites="A protection of civilians course.",
        un=True,
        runs=1,
        seats=20,
    ),
    DemoCourse(
        centre="afppkoc",
        title="CIMIC Operations Course",
        summary="Civil-military cooperation for contingents: assessments, quick-impact projects "
        "and liaison with local authorities.",
        themes=(CMCOORD,),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=7,
        aims="To prepare CIMIC officers and teams of contingents.",
        content=(
            "CIMIC and UN-CMCoord: what differs and why",
            "Civil assessments and reporting",
            "Quick-impact projects: selection and follow-up",
            "Liaison with local authorities and humanitarian actors",
        ),
        participants="CIMIC officers and NCOs of contingents.",
        runs=1,
        seats=28,
    ),
    DemoCourse(
        centre="afppkoc",
        title="UN Peacekeeping Orientation Course",
        summary="The earlier orientation course, replaced by the UN pre-deployment training for "
        "contingents.",
        themes=(PDT,),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="An introduction to UN peacekeeping for contingent personnel.",
        content=("The UN and peacekeeping", "Mission life", "Conduct and discipline"),
        participants="Contingent personnel.",
        status=ARCHIVED,
        runs=1,
        seats=40,
    ),
    # --- Viet Nam Department of Peacekeeping Operations ------------------------------------------
    DemoCourse(
        centre="vdpo",
        title="Staff Officer Course for UN Missions",
        summary="Staff work in UN mission headquarters, taught in Vietnamese and English, with a "
        "command post exercise.",
        themes=(STAFF,),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=15,
        aims="To prepare Vietnamese and partner officers for UN staff appointments.",
        content=(
            "The UN mission and its headquarters",
            "Planning, operations and peacekeeping-intelligence",
            "Staff writing and briefing in English",
            "A command post exercise",
        ),
        participants="Officers selected for staff appointments in UN missions.",
        prerequisites="English at STANAG 6001 level 2.",
        un=True,
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="vdpo",
        title="Level-2 Field Hospital Pre-Deployment Training",
        summary="Pre-deployment training of a level-2 field hospital: clinical standards, "
        "mass casualty drills and mission life.",
        themes=(MEDICAL, PDT),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=20,
        aims="To prepare the rotation of a level-2 field hospital for its mission.",
        content=(
            "UN medical support standards and the level-2 hospital",
            "Mass casualty management and triage",
            "Casualty evacuation with the force",
            "Infection prevention and tropical medicine",
            "English for medical staff",
        ),
        participants="The staff of the next hospital rotation; observers from partner medical "
        "services.",
        runs=1,
        seats=40,
        fixed=(
            {
                "start": 45,
                "deadline": 20,
                "partner": 0,
                "notes": "National rotation only: no seats for partner centres on this run.",
            },
        ),
    ),
    DemoCourse(
        centre="vdpo",
        title="Engineering Company Pre-Deployment Training",
        summary="Preparing an engineering company for a UN mission: construction standards, "
        "force protection and environmental rules.",
        themes=(ENGINEERING, PDT, SAFETY),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=20,
        aims="To prepare an engineering company to the UN military engineer unit standards.",
        content=(
            "The UN military engineer unit manual",
            "Horizontal construction and route maintenance",
            "Force protection of work sites",
            "Environmental management and waste",
        ),
        participants="Engineering units preparing to deploy.",
        runs=1,
        seats=40,
    ),
    DemoCourse(
        centre="vdpo",
        title="English for Peacekeeping Operations",
        summary="English for officers preparing for UN appointments, with a focus on radio "
        "procedure, reports and briefings.",
        themes=(PDT,),
        audience=MILITARY,
        level=BASIC,
        mode=BLENDED,
        days=40,
        aims="To bring officers to the English level the UN asks of individual deployees.",
        content=(
            "Listening and speaking in mission situations",
            "Radio voice procedure",
            "Writing reports and e-mails",
            "Preparing for the UN language assessment",
        ),
        participants="Officers on the national roster for UN appointments.",
        runs=2,
        seats=25,
    ),
    DemoCourse(
        centre="vdpo",
        title="Women, Peace and Security for Military Officers",
        summary="An introduction to the women, peace and security agenda for officers of all "
        "branches.",
        themes=(WPS,),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To help officers apply a gender perspective in their work at home and on mission.",
        content=(
            "The women, peace and security resolutions",
            "Gender analysis in planning",
            "Women in peacekeeping: experience from Viet Nam's deployments",
        ),
        participants="Officers of all branches, women and men.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="vdpo",
        title="Protection of Civilians Tabletop Exercise",
        summary="A three-day tabletop exercise on protecting civilians in a deteriorating "
        "situation, with military, police and civilian players.",
        themes=(POC,),
        audience=MIXED,
        level=ADVANCED,
        mode=IN_PERSON,
        days=3,
        languages=("en",),
        aims="To practise the mission's decision making when civilians are under threat.",
        content=(
            "Scenario briefing and the mission's protection strategy",
            "Three injects of escalating threat",
            "Integrated response planning",
            "After-action review",
        ),
        participants="Staff officers, police and civilian staff who have completed a "
        "protection of civilians course.",
        prerequisites="A protection of civilians course.",
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="vdpo",
        title="Military Observer Pre-Deployment Course",
        summary="Pre-deployment training for Vietnamese military observers and partner officers "
        "with an observer appointment.",
        themes=(MILOBS, PDT),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=14,
        aims="To prepare officers for observer duty in their receiving mission.",
        content=(
            "Mission-specific briefing",
            "Patrolling, reporting and negotiation",
            "Safety and security of individual deployees",
            "Driving and navigation",
        ),
        participants="Officers with a confirmed observer appointment.",
        runs=2,
        seats=24,
    ),
    DemoCourse(
        centre="vdpo",
        title="Training of Trainers: Safety and Security of Peacekeepers",
        summary="For instructors who teach force protection, IED awareness and casualty care "
        "in pre-deployment training.",
        themes=(SAFETY,),
        audience=MILITARY,
        level=TOT,
        mode=IN_PERSON,
        days=7,
        aims="To raise the quality of safety and security training across units.",
        content=(
            "The safety and security modules of pre-deployment training",
            "Designing realistic drills",
            "Coaching and assessing trainees",
        ),
        participants="Instructors of units and training centres.",
        runs=1,
        seats=20,
    ),
    DemoCourse(
        centre="vdpo",
        title="Environmental Management in Missions",
        summary="Reducing a mission's environmental footprint: energy, water, waste and the "
        "UN environment strategy.",
        themes=(ENGINEERING, LOGISTICS),
        audience=MIXED,
        level=BASIC,
        mode=ONLINE,
        days=3,
        aims="To help contingents meet the UN environmental standards.",
        content=("The UN environment strategy", "Waste and wastewater", "Energy and water"),
        participants="Engineers, logistics officers and camp commandants.",
        status=DRAFT,
        runs=1,
        seats=40,
    ),
    # --- National Centre for Peacekeeping Forces, Mines and ERW Clearance ------------------------
    DemoCourse(
        centre="npmec",
        title="Humanitarian Demining Course",
        summary="Manual demining to the International Mine Action Standards, for deminers of "
        "units deploying to UN missions.",
        themes=(MINES,),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=30,
        aims="To qualify deminers to the International Mine Action Standards.",
        content=(
            "The International Mine Action Standards",
            "Mines and explosive remnants of war: recognition",
            "Manual clearance drills and detector work",
            "Site marking, safety and medical support",
            "Practical clearance on a training area",
        ),
        participants="Soldiers of demining units; partner deminers.",
        un=True,
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="npmec",
        title="Explosive Ordnance Disposal Level 2 Course",
        summary="EOD operators learn to identify and destroy single items of unexploded "
        "ordnance safely.",
        themes=(MINES, SAFETY),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=20,
        aims="To qualify EOD operators at IMAS level 2.",
        content=(
            "Ordnance recognition",
            "Render-safe and destruction procedures",
            "Demolition safety and explosives storage",
            "Reporting and documentation",
        ),
        participants="Qualified deminers selected for EOD duties.",
        prerequisites="The humanitarian demining course or equivalent.",
        un=True,
        runs=1,
        seats=20,
    ),
    DemoCourse(
        centre="npmec",
        title="Improvised Explosive Device Disposal Course",
        summary="Advanced training for EOD operators on improvised explosive devices in mission "
        "areas.",
        themes=(MINES, SAFETY, ENGINEERING),
        audience=MILITARY,
        level=ADVANCED,
        mode=IN_PERSON,
        days=20,
        languages=("en", "fr"),
        aims="To prepare EOD teams for the IED threat of current missions.",
        content=(
            "The IED threat and its evolution",
            "Search techniques",
            "Manual and remote render-safe procedures",
            "Post-blast investigation",
        ),
        participants="EOD operators at IMAS level 3.",
        prerequisites="EOD level 3 qualification.",
        runs=1,
        seats=16,
    ),
    DemoCourse(
        centre="npmec",
        title="Explosive Ordnance Risk Education",
        summary="How to teach communities, and peacekeepers, to live safely with explosive "
        "hazards.",
        themes=(MINES, POC),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To train facilitators of explosive ordnance risk education.",
        content=(
            "Risk education standards",
            "Reaching children, women and returnees",
            "Working with community volunteers",
            "Field practice in a village",
        ),
        participants="Military, police and civilians working with communities.",
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="npmec",
        title="Pre-Deployment Course for French-Speaking Missions",
        summary="Pre-deployment training in French for personnel going to missions in "
        "francophone countries.",
        themes=(PDT,),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=14,
        languages=("fr", "km"),
        aims="To prepare personnel to work in a French-speaking mission.",
        content=(
            "The core pre-deployment training materials, in French",
            "Mission-specific briefing",
            "French for daily work and radio procedure",
        ),
        participants="Personnel deploying to missions where French is the working language.",
        runs=2,
        seats=30,
    ),
    DemoCourse(
        centre="npmec",
        title="Military Engineering Company Pre-Deployment Training",
        summary="Training an engineering company for construction and route clearance in a UN "
        "mission.",
        themes=(ENGINEERING, PDT),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=20,
        aims="To prepare an engineering company for its mission tasks.",
        content=(
            "Horizontal construction",
            "Route clearance",
            "Camp construction",
            "Force protection",
        ),
        participants="Engineering units preparing to deploy.",
        runs=1,
        seats=40,
    ),
    DemoCourse(
        centre="npmec",
        title="Military Police Pre-Deployment Course",
        summary="Military police tasks in UN missions: traffic control, investigations, "
        "detention and the protection of UN premises.",
        themes=(POLICE_THEME, PDT),
        audience=MILITARY,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=14,
        aims="To prepare a military police unit for its mission.",
        content=(
            "The force provost marshal and military police tasks",
            "Traffic control and accident investigation",
            "Detention standards",
            "Close protection and access control",
        ),
        participants="Military police units preparing to deploy.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="npmec",
        title="Training of Trainers: Mine Action",
        summary="For instructors of demining and EOD courses in the network's centres.",
        themes=(MINES,),
        audience=MILITARY,
        level=TOT,
        mode=IN_PERSON,
        days=10,
        languages=("en",),
        aims="To share Cambodia's experience of mine action training with partner centres.",
        content=(
            "Instructional techniques for practical skills",
            "Safety on training areas",
            "Assessment of deminers",
            "Practice teaching",
        ),
        participants="Demining and EOD instructors.",
        prerequisites="EOD level 2 qualification.",
        un=True,
        runs=1,
        seats=16,
    ),
    DemoCourse(
        centre="npmec",
        title="Women in Mine Action",
        summary="A course for women deminers and team leaders, and for those who plan gender-"
        "responsive mine action.",
        themes=(MINES, WPS),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=10,
        aims="To increase the number of women in demining and in mine action leadership.",
        content=(
            "Gender and diversity in mine action",
            "Leadership for team leaders",
            "Clearance drills refresher",
        ),
        participants="Women deminers and team leaders; mine action planners.",
        runs=1,
        seats=24,
    ),
    DemoCourse(
        centre="npmec",
        title="Mine Action Information Management",
        summary="Managing mine action data: surveys, clearance records and reporting in the "
        "information management system.",
        themes=(MINES, LOGISTICS),
        audience=CIVILIAN,
        level=INTERMEDIATE,
        mode=BLENDED,
        days=5,
        languages=("en",),
        aims="To train the information officers of mine action programmes.",
        content=(
            "Data standards and the information management system",
            "Survey and clearance records",
            "Maps and reports for decision makers",
        ),
        participants="Information management officers of mine action units and authorities.",
        runs=1,
        seats=20,
    ),
    # --- Brunei Darussalam ----------------------------------------------------------------------
    DemoCourse(
        centre="bn-focal-point",
        title="Contingent Pre-Deployment Training for UNIFIL",
        summary="Mission-specific training for Bruneian personnel joining the UN Interim Force "
        "in Lebanon.",
        themes=(PDT, SAFETY),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=14,
        aims="To prepare the next Bruneian rotation for service in Lebanon.",
        content=(
            "UNIFIL's mandate and area of operations",
            "The Blue Line and liaison procedures",
            "Force protection and IED awareness",
            "Cultural awareness",
        ),
        participants="Personnel of the next rotation.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="bn-focal-point",
        title="Gender Perspectives in Operations Seminar",
        summary="A two-day seminar on integrating a gender perspective into planning and "
        "operations.",
        themes=(WPS,),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=2,
        aims="To introduce planners to gender analysis.",
        content=("Gender analysis", "Gender in the planning process", "Case studies"),
        participants="Officers and officials involved in planning.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="bn-focal-point",
        title="Hostile Environment Awareness Training",
        summary="Personal security for civilians and officers travelling to high-risk areas.",
        themes=(SAFETY,),
        audience=CIVILIAN,
        level=BASIC,
        mode=IN_PERSON,
        days=4,
        languages=("en",),
        aims="To help individuals stay safe in hostile environments.",
        content=(
            "Situational awareness",
            "Checkpoints and kidnap",
            "First aid",
            "Vehicle and travel safety",
        ),
        participants="Civilian officials and officers travelling to mission areas.",
        runs=2,
        seats=20,
    ),
    # --- Lao PDR --------------------------------------------------------------------------------
    DemoCourse(
        centre="la-focal-point",
        title="Introduction to UN Peacekeeping for Lao Officers",
        summary="A first course on UN peacekeeping for officers of the Lao People's Army.",
        themes=(PDT,),
        audience=MILITARY,
        level=BASIC,
        mode=IN_PERSON,
        days=10,
        aims="To prepare officers for the national roster of UN deployees.",
        content=(
            "The UN and peacekeeping",
            "Mandates and the principles of peacekeeping",
            "Life and work in a mission",
        ),
        participants="Officers interested in UN service.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="la-focal-point",
        title="English for Peacekeepers",
        summary="Language training for officers preparing for the UN selection.",
        themes=(PDT,),
        audience=MILITARY,
        level=BASIC,
        mode=BLENDED,
        days=30,
        aims="To reach the English level for UN appointments.",
        content=("Mission vocabulary", "Radio procedure", "Reports"),
        participants="Officers on the roster.",
        runs=1,
        seats=20,
    ),
    DemoCourse(
        centre="la-focal-point",
        title="Unexploded Ordnance Awareness",
        summary="UXO awareness for personnel, drawing on Lao PDR's experience with unexploded "
        "ordnance.",
        themes=(MINES, SAFETY),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=5,
        aims="To teach personnel to recognise and report unexploded ordnance.",
        content=("Types of UXO", "Recognise, retreat, report", "Marking and reporting"),
        participants="Personnel of all services.",
        status=DRAFT,
        runs=1,
        seats=30,
    ),
    # --- Myanmar --------------------------------------------------------------------------------
    DemoCourse(
        centre="mm-focal-point",
        title="Basic Peacekeeping Orientation Course",
        summary="An orientation on UN peacekeeping for officers and officials.",
        themes=(PDT,),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=10,
        aims="To give participants a basic understanding of UN peace operations.",
        content=("The UN system", "Peacekeeping principles", "Mission structures"),
        participants="Officers and officials.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="mm-focal-point",
        title="International Humanitarian Law and Human Rights Seminar",
        summary="A seminar on the law applicable in armed conflict and in peace operations.",
        themes=(HR, POC),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=3,
        aims="To refresh participants' knowledge of IHL and human rights law.",
        content=("IHL principles", "Human rights law", "Protection of civilians"),
        participants="Officers, legal advisers and officials.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="mm-focal-point",
        title="Disaster Relief and Civil-Military Coordination Workshop",
        summary="Coordination between armed forces and humanitarian agencies in disaster response.",
        themes=(CMCOORD, CRISIS),
        audience=MIXED,
        level=BASIC,
        mode=IN_PERSON,
        days=3,
        aims="To improve coordination in disaster response.",
        content=(
            "The regional disaster response arrangements",
            "Civil-military coordination",
            "A tabletop exercise",
        ),
        participants="Officers and disaster management officials.",
        runs=1,
        seats=30,
    ),
    # --- Singapore ------------------------------------------------------------------------------
    DemoCourse(
        centre="sg-focal-point",
        title="Humanitarian Civil-Military Coordination Course",
        summary="Regional humanitarian assistance and disaster relief: coordinating foreign "
        "militaries with the affected state and the humanitarian community.",
        themes=(CMCOORD, CRISIS),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=IN_PERSON,
        days=5,
        aims="To prepare officers and officials to coordinate military support in a regional "
        "disaster.",
        content=(
            "The regional architecture for disaster response",
            "Humanitarian principles and UN-CMCoord",
            "Multinational coordination centres",
            "A disaster response exercise",
        ),
        participants="Officers, officials of disaster agencies and humanitarian staff.",
        runs=1,
        seats=30,
    ),
    DemoCourse(
        centre="sg-focal-point",
        title="Senior Mission Leadership Seminar",
        summary="Leading in a multidimensional mission: the mandate, the host state, the "
        "protection of civilians and crisis decision making.",
        themes=(CRISIS, POC, STAFF),
        audience=MIXED,
        level=ADVANCED,
        mode=IN_PERSON,
        days=3,
        aims="To prepare senior leaders for mission leadership positions.",
        content=(
            "Mission leadership and integration",
            "Protection of civilians: the leader's decisions",
            "Crisis management in the mission",
            "Strategic communication",
        ),
        participants="Colonels and above, senior police officers and civilian directors.",
        runs=1,
        seats=20,
    ),
    DemoCourse(
        centre="sg-focal-point",
        title="Women, Peace and Security Essentials (Online)",
        summary="A short online course on the women, peace and security agenda.",
        themes=(WPS,),
        audience=CIVILIAN,
        level=BASIC,
        mode=ONLINE,
        days=2,
        aims="To introduce the women, peace and security agenda.",
        content=("The resolutions", "National action plans", "WPS in ASEAN"),
        participants="Anyone working in defence, police or foreign affairs.",
        runs=3,
        seats=100,
    ),
    DemoCourse(
        centre="sg-focal-point",
        title="Information Security for Mission Staff (Online)",
        summary="Protecting mission information and personal devices against cyber threats.",
        themes=(SAFETY, STAFF),
        audience=MIXED,
        level=INTERMEDIATE,
        mode=ONLINE,
        days=3,
        aims="To reduce information security risks in missions.",
        content=("Threats to mission information", "Secure communications", "Social media"),
        participants="Staff officers and civilian staff.",
        runs=2,
        seats=60,
    ),
]
