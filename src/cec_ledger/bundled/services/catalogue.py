"""The CEC services catalogue as data: what it publishes, figure by figure, and nothing more.

Two sources, two kinds of entry:

* **targeted support** — the five services of the CEC services catalogue page "Strengthening
  Collaborative Processes" (the Theory of Action, Step 5 calls CEC's services its "targeted
  support services");
* **Step 1 programmes** — the seven "programs and services to enhance management-labor
  collaboration" the Theory of Action lists under Step 1; only their names are published.

Every published figure keeps the sentence it comes from (``Service.sources``); where the
catalogue is silent the entry says nothing (None, empty). Two readings are the ledger's own
and say so in their source: the length of the Labor-Management series' half and full days,
and the Framework for Change elements each entry is tagged with (the catalogue tags nothing).
The rules that use these entries are in ``rules.py`` beside this file.
"""

from __future__ import annotations

from decimal import Decimal

from cec_ledger.plugins import (
    Objectives,
    Prerequisite,
    PriceRule,
    SeriesPart,
    SeriesStructure,
    Service,
)

__all__ = ["CATALOGUE", "PAGE", "STEP1"]

PAGE = "Strengthening Collaborative Processes"
STEP1 = "Theory of Action, Step 1"

ESTL = "empowering_students_through_learning"
IEP = "implementing_emerging_pedagogy"
TTP = "transforming_the_profession"
FLMC = "fostering_labor_management_collaboration"
# The ledger's classification: the catalogue tags no entry with Framework for Change elements.
BY_THE_LEDGER = "classification by the ledger, from the Theory of Action: "

_BLOCK = PriceRule("block", Decimal("2500"), Decimal("8"), "block of up to 8 hours")
_FLMC_SENTENCE = (
    BY_THE_LEDGER + "Second, CEC trains districts in interest-based problem-solving "
    "strategies, productive working relationships, and collaborative skill-building through "
    "new structures and processes."
)

LEADERSHIP_DEVELOPMENT = Service(
    "leadership-development",
    "Leadership Development",
    kind="targeted_support",
    section=PAGE,
    serves="school and district administrators, board members, association leaders, teachers "
    "and support personnel",
    elements=(TTP, FLMC),
    sources=(
        (
            "serves",
            "CEC works with school and district administrators, board members, association "
            "leaders, teachers and support personnel to strengthen and utilize collaborative "
            "leadership structures and processes at the district, school, and classroom level "
            "to implement school transformation and drive instructional improvement.",
        ),
        (
            "price_rule",
            "To learn more please complete the form at the bottom of this page.",
        ),
        (
            "elements",
            BY_THE_LEDGER + "We use a distributed leadership model and work to build capacity "
            "with our partners to align the work of the Board of Education, District "
            "Leadership Team (DLT), School Leadership Teams (SLTs) and teacher-led grade "
            "level/content area teams (PLCs) with a focus on advancing academic equity so all "
            "students are learning.",
        ),
    ),
)

CONFLICT_RESOLUTION = Service(
    "conflict-resolution",
    "Conflict Resolution/Working Relationships",
    kind="targeted_support",
    section=PAGE,
    formats=("training sessions", "two, four-hour sessions"),
    commitment="2 half-days",
    structure=SeriesStructure(
        (SeriesPart("session_one", Decimal("4"), 1), SeriesPart("session_two", Decimal("4"), 1))
    ),
    participant_limit=50,
    prerequisites=(Prerequisite("session_two", "session_one", "cohort"),),
    price_rule=PriceRule("fixed_per_cohort", Decimal("2500"), None, "the pair"),
    personnel="All levels of stakeholders",
    objectives=(
        Objectives(
            "The objectives of Session One include:",
            (
                "Determining when a difficult conversation is needed",
                "Exploring the difficult conversation process",
                "Preparing for an upcoming difficult conversation",
            ),
        ),
        Objectives(
            "The objectives of Session Two include:",
            (
                "Practicing the skills of an interest-based approach to problem solving in a "
                "difficult conversation",
                "Understanding and practicing the skills of dialogue",
                "Preparing for the problem solving approach in an upcoming difficult conversation",
            ),
        ),
    ),
    elements=(FLMC,),
    sources=(
        (
            "structure",
            "CEC has developed a pair of training sessions that can help all educators; "
            "administrators, union leaders, teachers, support staff, and board members, learn "
            "how to navigate difficult conversations and move those challenging discussions "
            "to a productive level.",
        ),
        (
            "session_length",
            "Our training consists of two, four-hour sessions where joint teams build skills "
            "and learn strategies to proactively and positively address difficult workplace "
            "issues.",
        ),
        ("commitment", "Commitment Level: 2 half-days"),
        (
            "participant_limit",
            "These sessions can accommodate up to 50 participants but can also be designed for "
            "smaller groups.",
        ),
        (
            "prerequisite",
            "Session One can stand alone but Session Two is only available to those who "
            "complete Session One.",
        ),
        ("price_rule", "Budget Range: $2,500"),
        ("personnel", "Personnel Involved: All levels of stakeholders"),
        ("elements", _FLMC_SENTENCE),
    ),
)

DLT_SLT_PLC = Service(
    "dlt-slt-plc-integration",
    "District Leadership Teams, School Leadership Teams, Professional Learning Communities "
    "Integration",
    kind="targeted_support",
    section=PAGE,
    formats=("training and consultation", "training", "coaching"),
    commitment="Customizable",
    price_rule=_BLOCK,
    personnel="Central Office Administration, Union Leadership, Principals, Leadership Team "
    "Members",
    objectives=(
        Objectives(
            "Training and coaching support include the following areas:",
            (
                "Effective Team Practices",
                "Decision-making processes",
                "Development of shared goals and priorities aligned with a broader mission and "
                "vision for districts and schools",
                "Progress monitoring using data through an effective information system",
                "Communication and broadcasting strategies to share the learning throughout "
                "the system",
            ),
        ),
        Objectives(
            "District Learning Team (DLT): The function of the DLT may include:",
            (
                "Establishing a shared vision among district level leaders to engage "
                "stakeholder voice with a continuous improvement approach",
                "Building system-wide capacity and coherence focused on listening and learning "
                "together",
                "Setting direction to empower students through learning",
                "Identifying and diagnosing needs and targeted supports",
                "Tracking and monitoring progress to strengthen continuous improvement "
                "effectiveness",
                "Jointly broadcasting results system-wide about accomplishments, challenges and "
                "opportunities for improvement",
                "Empowering and supporting School Learning Teams (SLTs) to improve "
                "effectiveness and alignment",
                "Communicating and broadcasting to the internal and external communities the "
                "learning in the system",
            ),
        ),
        Objectives(
            "School Leadership Team (SLT): The function of the SLT may include:",
            (
                "Establishing clear and compelling learning expectations for students",
                "Aligning curriculum, instruction, assessments and professional learning "
                "opportunities to support educators in empowering students through learning",
                "Collecting, analyzing and using data on learning and assessment",
                "Establishing and aligning vertical and horizontal structures to listen, learn "
                "and share progress, opportunities and challenges with district and grade "
                "level/content area teams (PLCs)",
                "Communicating the learning and challenges with the entire school community",
                "Identifying the conditions for a school environment focused on student learning",
                "Implementing strategies that support students, staff and families",
            ),
        ),
        Objectives(
            "Grade Level/Content Area Teacher-Led Teams",
            (
                "We focus on PLC-based strategies, common expectations and commitments, "
                "including the formation and function of teacher-based PLC teams.",
            ),
        ),
    ),
    elements=(TTP, FLMC, IEP),
    sources=(
        (
            "formats",
            "CEC provides training and consultation to refine and align leadership structures "
            "and communication processes to ensure stakeholder engagement and collaboration "
            "focused on deepening learning for all students.",
        ),
        ("formats", "Ongoing coaching can build sustainable teamwork structures at every level."),
        ("commitment", "Commitment Level: Customizable"),
        (
            "price_rule",
            "Budget Range: Starting at $2,500 for up to 8 hours of training or coaching",
        ),
        (
            "personnel",
            "Personnel Involved: Central Office Administration, Union Leadership, Principals, "
            "Leadership Team Members",
        ),
        (
            "elements",
            BY_THE_LEDGER + "development of school leadership teams and Professional Learning "
            "Communities (PLCs); facilitates and coaches the implementation of collaborative "
            "structures and processes; and, from the catalogue: Our PLC model centers around "
            "collaborative uses of data to continually inform and improve instruction, thereby "
            "improving student learning.",
        ),
    ),
)

IBB_IBPS = Service(
    "ibb-ibps",
    "Interest Based Bargaining (IBB) and Interest Based Problem Solving (IBPS)",
    kind="targeted_support",
    section=PAGE,
    formats=("facilitation", "virtual and/or in-person"),
    commitment="Customizable",
    price_rule=_BLOCK,
    personnel="Joint teams including school, district and union leaders",
    objectives=(
        Objectives(
            "",
            (
                "guide your decisions in contract negotiations, impact bargaining, and "
                "problem-solving conversations to reflect the current environment and ensure "
                "decisions are jointly owned",
                "facilitating critical issues including working conditions, expectations and "
                "evaluation, resources, technology, and safety and security",
            ),
        ),
    ),
    elements=(FLMC,),
    sources=(
        (
            "formats",
            "CEC uses proven, interest-based, and effective facilitation skills, in virtual "
            "and/or in-person format, to help move your system forward in these unprecedented "
            "times.",
        ),
        ("commitment", "Commitment Level: Customizable"),
        ("price_rule", "Budget Range: Starting at $2,500 for up to 8 hours of facilitation"),
        (
            "personnel",
            "Personnel Involved: Joint teams including school, district and union leaders",
        ),
        ("elements", _FLMC_SENTENCE),
    ),
)

LABOR_MANAGEMENT_SERIES = Service(
    "labor-management-series",
    "Labor-Management Relationships: “Listen to Learn to Lead – Leadership Principles and "
    "Practices that Inspire and Support Student Learning”",
    kind="targeted_support",
    section=PAGE,
    formats=("training", "leadership series"),
    commitment="3 full days or 6 half day sessions",
    structure=SeriesStructure(
        (SeriesPart("full_day", Decimal("8"), 3), SeriesPart("half_day", Decimal("4"), 6)),
        alternatives=True,
    ),
    price_rule=PriceRule("fixed_per_cohort", Decimal("7500"), None, "the series"),
    personnel="District and School Administration and Union Leaders/Representatives",
    objectives=(
        Objectives(
            "This training is designed for district and/or school level teams to:",
            (
                "Gain an understanding of the theories and practices of Labor Management "
                "Collaboration and Partnerships",
                "Establish or refine current roles and responsibilities of administration and "
                "union leaders to foster a culture of mutual accountability and a "
                "collaborative approach to decision-making.",
                "Explore leadership strategies that promote effective partnerships to inspire a "
                "shared vision for student engagement and learning",
                "Assess and refine school and district teams using research based "
                "characteristics of highly collaborative teams and the impact of partnerships "
                "at the district and school level.",
                "Consider strategies to increase coherence and integration of district and "
                "school initiatives to deepen student engagement and learning",
                "Listen and learn from the work of school leadership teams and grade "
                "level/content area teams focused on deepening student engagement and learning "
                "on a school and district-wide level to inform district and school goals and "
                "priorities.",
            ),
        ),
    ),
    elements=(FLMC, TTP),
    sources=(
        (
            "structure",
            "CEC has developed an engaging 3 day leadership series for school and district "
            "level leadership, “Listen to Learn to Lead – Leadership Principles and Practices "
            "that Inspire and Support Student Learning”.",
        ),
        ("commitment", "Commitment Level: 3 full days or 6 half day sessions"),
        (
            "session_length",
            "the ledger's reading (the catalogue publishes no day length): a half day is at "
            'most 4 hours and a full day at most 8, as the catalogue equates "2 half-days" '
            'with "two, four-hour sessions" (Conflict Resolution/Working Relationships)',
        ),
        ("formats", "This training is designed for district and/or school level teams to:"),
        ("price_rule", "Budget Range: $7,500"),
        (
            "personnel",
            "Personnel Involved: District and School Administration and Union "
            "Leaders/Representatives",
        ),
        (
            "elements",
            BY_THE_LEDGER + "its objectives name the theories and practices of Labor "
            "Management Collaboration and the roles and responsibilities of administration and "
            "union leaders.",
        ),
    ),
)

_STEP1_SENTENCE = (
    "For this reason, CEC offers programs and services to enhance management-labor "
    "collaboration as well as to organizationally improve districts and schools. These include:"
)


def _step1(service_id: str, name: str, *elements: str) -> Service:
    return Service(
        service_id,
        name,
        kind="step1_programme",
        section=STEP1,
        elements=(FLMC, *elements),
        sources=(("kind", _STEP1_SENTENCE), ("elements", BY_THE_LEDGER + _STEP1_SENTENCE)),
    )


STEP1_PROGRAMMES = (
    _step1(
        "union-leadership-development", "Comprehensive Union Leadership Development and Training"
    ),
    _step1("ibb-team-training", "Interest-Based Bargaining – Team, Trainer & Facilitator Training"),
    _step1("union-system-assessment", "Local Union’s System Assessment for Capacities and Needs"),
    _step1(
        "pera-joint-committee",
        "PERA Joint Committee Facilitation (for Illinois teachers unions)",
        TTP,
    ),
    _step1("shared-accountability", "Shared Accountability"),
    _step1("shared-leadership", "Shared (Distributive) Leadership", TTP),
    _step1("turn-coordination", "TURN Coordination & Facilitation"),
)

# Targeted support in the catalogue page's order, then the Step 1 programmes in the Theory
# of Action's.
CATALOGUE: tuple[Service, ...] = (
    LEADERSHIP_DEVELOPMENT,
    CONFLICT_RESOLUTION,
    DLT_SLT_PLC,
    IBB_IBPS,
    LABOR_MANAGEMENT_SERIES,
    *STEP1_PROGRAMMES,
)
