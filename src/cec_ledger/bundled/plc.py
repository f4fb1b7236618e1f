"""Plugin ``cec-ledger-plc``: the PLC "Focus on Learning" framework, indicators A–P of
Appendix C of CEC's Theory of Action (2015), in its four groups, rated not_yet < initiating <
developing < sustaining (labels accepted as input too).

Guidance carries the four critical questions of a professional learning community that each
group answers, so assessors rate against the question, not just the title. Readiness is the
mean position on the scale labelled with the nearest level (halfway rounds down); the greatest
areas of need are the lowest-rated indicators; ``SERVICE_MAP`` sends each group's needs to
services of the ``cec-ledger-services`` catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from cec_ledger.plugins import Check, CheckFinding, Framework, Indicator, RatingScale, hookimpl

__all__ = [
    "FRAMEWORK",
    "GANS_WITHOUT_SERVICE",
    "cec_ledger_register_checks",
    "cec_ledger_register_frameworks",
]

CURRICULUM = "A Guaranteed and Viable Curriculum"
ASSESSMENTS = "Formative and Summative System of Assessments"
DIFFERENTIATION = "Differentiation: Instruction, Interventions and Enrichments"
FOCUS = "Ensuring a Focus on Learning"

# The four critical questions (the CEC Collaboration & Community guidance).
Q1 = "What do we want students to learn?"
Q2 = "How will we know?"
Q3 = "What will we do if they don't?"
Q4 = "What if they already have?"

# (id, title, group, statement, critical questions): titles and statements as in Appendix C.
_INDICATORS = [
    (
        "A",
        "Establishing the Curriculum",
        CURRICULUM,
        "We set student learning outcomes across all schools and classrooms to build shared "
        "knowledge regarding common core state standards, district curriculum guides, trends in "
        "student achievement and outcomes for the next course or grade.",
        (Q1,),
    ),
    (
        "B",
        "Executing the Curriculum",
        CURRICULUM,
        "We expect that each teacher give priority to the identified learning outcomes in every "
        "unit of instruction to guarantee that each student has equal access to those learning "
        "outcomes in all classrooms for the grade level or course.",
        (Q1,),
    ),
    (
        "C",
        "Clarifying and Communicating the Curriculum",
        CURRICULUM,
        "We expect that every teacher is able to assist each student and their parents "
        "(families) know the essential learning outcomes so they can assist in monitoring "
        "performance in relationship to those outcomes.",
        (Q1,),
    ),
    (
        "D",
        "Defining the Assessment System",
        ASSESSMENTS,
        "We ensure there is alignment and balance between common, formative assessment data to "
        "guide instruction and learning; and common, summative assessment data to reflect on "
        "teaching, programs, interventions, and periodic student progress reporting.",
        (Q2,),
    ),
    (
        "E",
        "Assessing What Each Student Knows and Needs to Learn Next",
        ASSESSMENTS,
        "We expect each teacher to monitor the learning of all students, aligned to the learning "
        "outcomes per unit, to identify what each student knows, is able to do, and needs to "
        "learn next.",
        (Q2,),
    ),
    (
        "F",
        "Providing Frequent and Timely Descriptive Assessment Feedback",
        ASSESSMENTS,
        "We ensure there is frequent and timely feedback regarding the performance of our "
        "students on classroom, team, school, district, and state assessments.",
        (Q2,),
    ),
    (
        "G",
        "Using Assessment Data and Information to Drive Instruction",
        ASSESSMENTS,
        "We expect teachers to use assessment data aligned to student learning outcomes per unit "
        "to differentiate instruction and respond to students when they either demonstrate they "
        "have not learned or are ready for more challenge.",
        (Q2, Q3, Q4),
    ),
    (
        "H",
        "Using Assessment Data and Information to Recognize Growth and Achievement",
        ASSESSMENTS,
        "We regularly recognize and celebrate individual and collective student growth, mastery, "
        "and success aligned to appropriate unit learning outcomes.",
        (Q2,),
    ),
    (
        "I",
        "Differentiating Instruction",
        DIFFERENTIATION,
        "We expect Instructional activities are engaging and differentiated to meet individual "
        "and small group needs within the classroom.",
        (Q3, Q4),
    ),
    (
        "J",
        "Aligning Interventions",
        DIFFERENTIATION,
        "We ensure a system of interventions that guarantees each student will receive "
        "additional time and support for learning if he/she has not demonstrated mastery of "
        "grade level or course unit learning outcomes.",
        (Q3,),
    ),
    (
        "K",
        "Aligning Enrichments",
        DIFFERENTIATION,
        "We ensure teachers extend and enrich the learning of students who have mastered common "
        "learning targets so every student is challenged.",
        (Q4,),
    ),
    (
        "L",
        "Providing Conditions for an Optimal Learning Environment",
        FOCUS,
        "We expect all learning environments to be safe, respectful, and engaging while "
        "supporting a climate of high expectations for social emotional learning.",
        (Q1, Q2, Q3, Q4),
    ),
    (
        "M",
        "Examining Learning Practices",
        FOCUS,
        "We provide opportunities for teachers to examine homework, grading, report cards, etc. "
        "to ensure there is clarity and consistency across all classrooms, teams and schools.",
        (Q2,),
    ),
    (
        "N",
        "Judging Quality Work",
        FOCUS,
        "We expect all teachers to clarify the criteria by which they will judge the quality of "
        "student work and practice applying those criteria until they can do so consistently.",
        (Q1, Q2),
    ),
    (
        "O",
        "Providing Training and Support",
        FOCUS,
        "We provide sufficient training and follow-up support to assist teachers with "
        "expectations in the alignment of assessments, and instruction within a standards-driven "
        "curriculum.",
        (Q1, Q2, Q3, Q4),
    ),
    (
        "P",
        "Organizing and Allocating Resources",
        FOCUS,
        "We organize and allocate resources of people, time and money with a focus on learning "
        "as opposed to a focus on teaching.",
        (Q1, Q2, Q3, Q4),
    ),
]

SCALE = RatingScale.ordinal(
    [
        ("not_yet", "Not yet"),
        ("initiating", "Initiating"),
        ("developing", "Developing"),
        ("sustaining", "Sustaining"),
    ]
)

# GAN groups -> services (ids of the CEC services catalogue): the PLC plugin's own
# recommendation, not the Theory of Action's. Curriculum, assessment and differentiation needs
# are PLC work (DLT/SLT/PLC integration); whole-system focus on learning also needs leadership
# and the anchors' shared accountability.
SERVICE_MAP: dict[str, tuple[str, ...]] = {
    CURRICULUM: ("dlt-slt-plc-integration", "leadership-development"),
    ASSESSMENTS: ("dlt-slt-plc-integration",),
    DIFFERENTIATION: ("dlt-slt-plc-integration", "leadership-development"),
    FOCUS: ("leadership-development", "shared-leadership", "shared-accountability"),
}


def readiness(framework: Framework, ratings: Mapping[str, Any]) -> dict[str, Any]:
    """Mean position on the scale, labelled with the scale level nearest the mean."""
    scale = framework.rating_scale
    if not ratings:
        return {"score": 0.0, "label": scale.labels[scale.values[0]]}
    score = sum(scale.position(v) for v in ratings.values()) / len(ratings)
    # Nearest level, halves rounding down: one weak indicator should not relabel a district
    # that is "Developing" almost everywhere, but a district exactly between two levels has
    # not yet reached the higher one.
    step = math.ceil(score * (len(scale.values) - 1) - 0.5 - 1e-9)
    return {"score": score, "label": scale.labels[scale.values[step]]}


def _guidance(statement: str, questions: tuple[str, ...]) -> str:
    return f"{statement} Critical questions: {' '.join(questions)}"


FRAMEWORK = Framework(
    id="plc",
    name="PLC — Focus on Learning",
    version="2015.1",
    description=(
        "Focus on Learning: We acknowledge that the fundamental purpose of our district is to "
        "help all students achieve high levels of learning and therefore we are willing to "
        "examine all of our practices in light of their impact on learning. (CEC Theory of "
        "Action, June 2015, Appendix C.)"
    ),
    indicators=tuple(
        Indicator(id=i, title=title, group=group, guidance=_guidance(statement, questions))
        for i, title, group, statement, questions in _INDICATORS
    ),
    rating_scale=SCALE,
    service_map=SERVICE_MAP,
    readiness=readiness,
    # An assessor may answer "not observed" for an indicator the visit could not judge. No
    # short version: Appendix C does not say which indicators a shorter assessment rates
    # (the ledger's own choice, C16), so a short system assessment needs another framework.
    not_observed=True,
    short_version=None,
)


@hookimpl
def cec_ledger_register_frameworks(register: Callable[..., None]) -> None:
    register(FRAMEWORK)


def gans_without_service(engagement: Mapping[str, Any], _settings: Mapping[str, int]) -> Any:
    """The GANs of the latest PLC diagnosis that no line of the plan in force addresses."""
    plan = engagement["plan"]
    diagnoses = [d for d in engagement["diagnoses"] if d["framework_id"] == FRAMEWORK.id]
    if plan is None or not diagnoses:
        return
    latest = diagnoses[-1]
    planned = {line["service_id"] for line in plan["services"]}
    titles = {i.id: i.title for i in FRAMEWORK.indicators}
    for gan in latest["greatest_areas_of_need"]:
        services = FRAMEWORK.recommended_services([gan])
        if set(services) & planned:
            continue
        yield CheckFinding(
            f"GAN {gan} ({titles.get(gan, gan)}) of the PLC diagnosis of "
            f"{latest['occurred_on']} has no planned service addressing it: none of "
            f"{', '.join(services) or 'its services'} is a line of the plan in force "
            f"(since {plan['since']})",
            (latest["version"],),
        )


GANS_WITHOUT_SERVICE = Check(
    name="plc-gan-without-service",
    purpose="A greatest area of need of the latest PLC diagnosis that no planned service addresses.",
    severity="warning",
    run=gans_without_service,
    doc="""A greatest area of need of the latest PLC diagnosis that no planned service addresses.

    Step 3 sets direction from the needs Step 2 diagnosed. The PLC plugin maps each group of
    Appendix C's indicators to services of the CEC services catalogue (its own
    recommendation, ``SERVICE_MAP``); a GAN of the latest PLC diagnosis none of whose
    services is a line of the plan in force is a need the plan does not answer yet. Judged
    only once a plan is in force.

    Example:
    warning: plc-gan-without-service: oak-valley#5: GAN K (Aligning Enrichments) of the PLC diagnosis of 2025-10-02 has no planned service addressing it: none of dlt-slt-plc-integration, leadership-development is a line of the plan in force (since 2025-10-20)
    """,
)


@hookimpl
def cec_ledger_register_checks(register: Callable[..., None]) -> None:
    register(GANS_WITHOUT_SERVICE)
