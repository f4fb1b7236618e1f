"""The CEC model in depth (rules epoch 3, issue 12) on the bare aggregate: every rule refused
with its message and nothing changed; what is accepted; the folds (entry points, goals over
time, the team structure, anchor seats, priorities, lessons); the upcasters of older events;
the Framework for Change coverage and the logic model.

Each refusal case starts from ``builders.build(setup)`` (the base engagement: opened
2025-08-18, board committed #2, DLT #3 with Dana Whitfield (teachers' organization) #4, a
session #5) plus ``setup``, then records ``event_type`` with the valid fields changed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain import events as ev
from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.model_views import coverage, logic_model
from cec_ledger.domain.structure import anchor_seats, parent_of, structure_holds, team_tree
from tests.domain.builders import (
    ACTOR,
    ENTRY_STEP,
    TODAY,
    build,
    fields,
    goal,
    opened,
    record,
    snapshot,
)

FLMC = "fostering_labor_management_collaboration"
HORIZON = {"first": "2025-26", "last": "2026-27"}
ALL_ANCHORS = (
    ("AnchorCommitted", {"anchor": "administration"}),
    ("AnchorCommitted", {"anchor": "teachers_organization"}),
)
PLAN = ("DirectionSet", {})
DIAGNOSIS = ("NeedsDiagnosed", {})
SLT = ("TeamFormed", {})  # slt-oak under dlt, Oak Elementary, 2025-10-01
PLC = (
    "TeamFormed",
    {
        "team_id": "plc-oak-g3",
        "kind": "ilt-plc",
        "name": "Oak grade 3 PLC",
        "parent_team_id": "slt-oak",
        "occurred_on": date(2025, 10, 2),
    },
)
DLT_PRIORITY = ("TeamPrioritySet", {})  # collaboration-time, 2025-10-01
SLT_PRIORITY = (
    "TeamPrioritySet",
    {
        "team_id": "slt-oak",
        "priority_id": "oak-literacy",
        "kind": "achievement",
        "text": "Every Oak student reading at benchmark",
        "within": ["collaboration-time"],
        "horizon": None,
        "elements": [],
        "occurred_on": date(2025, 10, 2),
    },
)
PLC_GOAL = (
    "TeamPrioritySet",
    {
        "team_id": "plc-oak-g3",
        "priority_id": "g3-reading",
        "kind": "measurable_goal",
        "text": "Fewer grade 3 students below benchmark",
        "within": ["oak-literacy"],
        "horizon": None,
        "measure": "Grade 3 students below benchmark (screener)",
        "unit": "%",
        "baseline": Decimal(38),
        "target": Decimal(25),
        "target_by": date(2026, 5, 29),
        "occurred_on": date(2025, 10, 3),
    },
)
STRUCTURE = (SLT, PLC, DLT_PRIORITY, SLT_PRIORITY, PLC_GOAL)
REFLECTION = (
    "ReflectionRecorded",
    {"lessons_learned": ["Protect the agenda", "Brief new union leaders early"]},
)


def case(case_id, event_type, changes, error, fragment, setup=()):  # type: ignore[no-untyped-def]
    return pytest.param(setup, event_type, changes, error, fragment, id=case_id)


def entry(kind: str, **structure: Any) -> dict[str, Any]:
    """Changes to the valid EntryPointAdded fields for an entry point of ``kind``."""
    return {
        "entry_point_id": "ep",
        "kind": kind,
        "framework_id": None,
        "assessment_version": None,
        **structure,
    }


GROUP = [
    {"member": "R. Alvarez", "role": "board"},
    {"member": "J. Okafor", "role": "administration"},
    {"member": "C. Jimenez", "role": "teachers_organization"},
    {"member": "D. Wright", "role": "parent"},
]

CASES = [
    # ---------------------------------------------------------------- opening, entry points
    case(
        "entry-point-on-the-opening",
        "EngagementOpened",
        {"entry_point": "system_assessment"},
        RuleViolation,
        "entry points are recorded with 'entry-point add' (the Theory of Action: the four are "
        "used 'independently or in combination')",
    ),
    case(
        "structure-of-another-kind",
        "EntryPointAdded",
        entry("system_assessment", framework_id="plc", plan_owner="Planning team"),
        InvalidValue,
        "plan_owner belongs to a strategic planning entry point, not a system assessment",
    ),
    case(
        "planning-group-without-the-anchors",
        "EntryPointAdded",
        entry("strategic_planning", planning_group=GROUP[1:], plan_owner="Planning team"),
        RuleViolation,
        "the strategic planning group needs the three anchors — board, administration and "
        "teachers' organization (Theory of Action, Step 2: 'a representative district group "
        "comprised of the Three Anchors, support staff, parents, and community members'); "
        "missing: board",
    ),
    case(
        "strategic-plan-without-its-owner",
        "EntryPointAdded",
        entry("strategic_planning", planning_group=GROUP),
        RuleViolation,
        "a strategic plan is owned by the district planning team (Theory of Action, Step 2: "
        "'CEC facilitates rather than designs the strategic plan'): give --owner",
    ),
    case(
        "planning-group-role-outside-the-vocabulary",
        "EntryPointAdded",
        entry(
            "strategic_planning",
            planning_group=[*GROUP, {"member": "X", "role": "mayor"}],
            plan_owner="Planning team",
        ),
        InvalidValue,
        "role 'mayor' is not one of",
    ),
    case(
        "planning-area-twice",
        "EntryPointAdded",
        entry(
            "strategic_planning",
            planning_group=GROUP,
            plan_owner="Planning team",
            planning_areas=["Learning Environment", "learning_environment"],
        ),
        InvalidValue,
        "each planning area is named once",
    ),
    case(
        "grant-criteria-incomplete",
        "EntryPointAdded",
        entry("grant_criteria", grant="School Improvement Grant (SIG)", granting_state="IL"),
        RuleViolation,
        "grant criteria need the grant, the state, at least one criterion and the plan's deadline",
    ),
    case(
        "district-request-without-the-request",
        "EntryPointAdded",
        entry("individual_district_request"),
        RuleViolation,
        "an individual district request records what the district asked for",
    ),
    case(
        "mandate-without-deadline",
        "EntryPointAdded",
        entry("individual_district_request", request="SLO training", mandate="PERA"),
        RuleViolation,
        "a mandate needs its deadline",
    ),
    case(
        "deadline-without-follow-up",
        "EntryPointAdded",
        entry(
            "individual_district_request",
            request="SLO training",
            mandate="PERA",
            deadline=date(2026, 3, 1),
        ),
        RuleViolation,
        "a deadline needs the follow-up agreed (Theory of Action, Step 2: 'CEC will partner "
        "with districts to meet close deadlines if that initial work can be leveraged",
    ),
    # ---------------------------------------------------------------- diagnoses
    case(
        "diagnosis-naming-no-entry-point",
        "NeedsDiagnosed",
        {"entry_point_id": None},
        RuleViolation,
        "a diagnosis names the entry point it was made through (--entry-point",
        setup=(ENTRY_STEP,),
    ),
    case(
        "diagnosis-before-its-entry-point",
        "NeedsDiagnosed",
        {"occurred_on": date(2025, 9, 1)},
        RuleViolation,
        "entry point 'sa-2025' was added on 2025-10-01; a diagnosis on 2025-09-01 cannot name it",
        setup=(("EntryPointAdded", {"occurred_on": date(2025, 10, 1)}),),
    ),
    case(
        "system-assessment-with-another-framework",
        "NeedsDiagnosed",
        {"framework_id": "baldrige"},
        RuleViolation,
        "the system assessment 'sa-2025' uses framework plc (full version); this diagnosis "
        "uses baldrige (full version)",
        setup=(ENTRY_STEP,),
    ),
    case(
        "short-diagnosis-through-a-full-assessment",
        "NeedsDiagnosed",
        {"assessment_version": "short"},
        RuleViolation,
        "uses framework plc (full version); this diagnosis uses plc (short version)",
        setup=(ENTRY_STEP,),
    ),
    case(
        "everything-not-observed",
        "NeedsDiagnosed",
        {
            "ratings": {"shared-mission": "not_observed"},
            "not_observed": ["shared-mission"],
            "strengths": [],
            "greatest_areas_of_need": [],
        },
        RuleViolation,
        "every indicator is 'not observed': nothing was diagnosed",
        setup=(ENTRY_STEP,),
    ),
    case(
        "a-strength-that-is-a-gan",
        "NeedsDiagnosed",
        {"strengths": ["shared-mission"]},
        InvalidValue,
        "strengths are computed from the ratings",
        setup=(ENTRY_STEP,),
    ),
    # ---------------------------------------------------------------- plans
    case(
        "support-plan-with-a-culture-emphasis",
        "DirectionSet",
        {"emphasis": "culture"},
        RuleViolation,
        "a support plan is achievement-based (Theory of Action, Step 3: 'If achievement-based, "
        "the service plan is primarily a support plan'); a culture-based emphasis needs a "
        "transformation plan",
    ),
    case(
        "transformation-without-the-we",
        "DirectionSet",
        {"kind": "transformation", "horizon": HORIZON},
        RuleViolation,
        "a transformation plan needs the commitment of all three anchors on its date (Theory "
        "of Action, Step 3: 'When such commitment is not present, successful transformational "
        "change is not possible'); on 2025-10-01 the Superintendent and administration has not "
        "committed; the Teachers' organization has not committed",
    ),
    case(
        "transformation-after-a-withdrawal",
        "PlanChanged",
        {"kind": "transformation", "horizon": HORIZON, "occurred_on": date(2025, 10, 3)},
        RuleViolation,
        "on 2025-10-03 the Board of education has not committed (withdrawn 2025-10-02 by "
        "R. Alvarez)",
        setup=(
            *ALL_ANCHORS,
            PLAN,
            ("CommitmentWithdrawn", {"anchor": "board", "occurred_on": date(2025, 10, 2)}),
        ),
    ),
    case(
        "transformation-without-a-horizon",
        "DirectionSet",
        {"kind": "transformation"},
        RuleViolation,
        "a transformation plan is 'a multi-year commitment' (Theory of Action, Step 3): give "
        "--horizon 2025-26:2027-28 (at least two school years)",
        setup=ALL_ANCHORS,
    ),
    case(
        "transformation-of-one-year",
        "DirectionSet",
        {"kind": "transformation", "horizon": {"first": "2025-26", "last": "2025-26"}},
        RuleViolation,
        "(at least two school years)",
        setup=ALL_ANCHORS,
    ),
    case(
        "transformation-starting-in-a-past-year",
        "DirectionSet",
        {"kind": "transformation", "horizon": {"first": "2024-25", "last": "2026-27"}},
        RuleViolation,
        "from the plan's school year 2025-26 on; 2024-25 has passed",
        setup=ALL_ANCHORS,
    ),
    case(
        "horizon-not-a-school-year",
        "DirectionSet",
        {"horizon": {"first": "2025-27", "last": "2026-27"}},
        InvalidValue,
        "horizon from '2025-27' is not a school year: the second year follows the first (2025-26)",
    ),
    case(
        "goal-without-an-element",
        "DirectionSet",
        {"goals": [{**goal("trust", "trust"), "elements": []}]},
        RuleViolation,
        "goal 'trust' needs at least one Framework for Change element (Theory of Action: 'All "
        "four elements of the Framework for Change must be addressed')",
    ),
    case(
        "goal-element-outside-the-framework",
        "DirectionSet",
        {"goals": [{**goal("trust", "trust"), "elements": ["equity"]}]},
        InvalidValue,
        "Framework for Change element 'equity' is not one of",
    ),
    case(
        "goal-id-twice",
        "DirectionSet",
        {"goals": [goal("g2", "one"), goal("g2", "two")]},
        InvalidValue,
        "goal id 'g2' is used twice",
    ),
    case(
        "goal-answering-an-undiagnosed-gan",
        "DirectionSet",
        {"goals": [goal("g", "a goal", gans=("Q",))]},
        NotFound,
        "GAN 'Q' is not a diagnosed indicator: no diagnosis rated it",
        setup=(ENTRY_STEP, DIAGNOSIS),
    ),
    case(
        "plan-from-a-diagnosis-that-is-not-one",
        "DirectionSet",
        {"from_diagnosis": 3},
        NotFound,
        "diagnosis #3 is not a diagnosis of maple-ridge",
    ),
    case(
        "plan-from-a-later-diagnosis",
        "DirectionSet",
        {"from_diagnosis": 7, "occurred_on": date(2025, 10, 1)},
        RuleViolation,
        "diagnosis #7 occurred on 2025-10-05, after this plan (2025-10-01)",
        setup=(ENTRY_STEP, ("NeedsDiagnosed", {"occurred_on": date(2025, 10, 5)})),
    ),
    case(
        "lesson-that-does-not-exist",
        "PlanChanged",
        {"cites": ["r6.3"]},
        NotFound,
        "lesson r6.3 does not exist: reflection #6 has 2 lessons",
        setup=(REFLECTION, PLAN),
    ),
    case(
        "lesson-of-an-event-that-is-not-a-reflection",
        "PlanChanged",
        {"cites": ["r5.1"]},
        NotFound,
        "lesson r5.1 does not exist: #5 is not a reflection",
        setup=(PLAN,),
    ),
    case(
        "lesson-recorded-after-the-change",
        "PlanChanged",
        {"cites": ["r7.1"], "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "lesson r7.1 was recorded for 2025-10-20, after this change (2025-10-02)",
        setup=(PLAN, ("ReflectionRecorded", {**REFLECTION[1], "occurred_on": date(2025, 10, 20)})),
    ),
    case(
        "lesson-written-wrong",
        "PlanChanged",
        {"cites": ["lesson 2"]},
        InvalidValue,
        "lesson 'lesson 2': name a lesson as r<N>.<k>, lesson k of the reflection #N",
        setup=(PLAN,),
    ),
    case(
        "lesson-cited-twice",
        "PlanChanged",
        {"cites": ["r6.1", "r6.1"]},
        InvalidValue,
        "lesson r6.1 is cited twice",
        setup=(REFLECTION, PLAN),
    ),
    # ---------------------------------------------------------------- teams
    case(
        "second-dlt",
        "TeamFormed",
        {"team_id": "dlt-2", "kind": "dlt", "school": None, "parent_team_id": None},
        RuleViolation,
        "maple-ridge already has a District Leadership Team ('dlt')",
    ),
    case(
        "slt-without-its-dlt",
        "TeamFormed",
        {"parent_team_id": None},
        RuleViolation,
        "an SLT works 'within the parameters of the DLT's priorities' (Theory of Action, Step "
        "4): give --parent with the district's DLT",
    ),
    case(
        "slt-without-a-school",
        "TeamFormed",
        {"school": None},
        RuleViolation,
        "an SLT or an ILT/PLC belongs to a school: give --school",
    ),
    case(
        "parent-formed-later",
        "TeamFormed",
        {"occurred_on": date(2025, 9, 5)},
        RuleViolation,
        "team 'dlt' was formed on 2025-09-10; 'slt-oak' formed on 2025-09-05 cannot sit under it",
    ),
    case(
        "unknown-parent",
        "TeamFormed",
        {"parent_team_id": "dlt-9"},
        NotFound,
        "unknown parent team 'dlt-9' (teams: dlt)",
    ),
    case(
        "plc-under-the-dlt",
        "TeamFormed",
        {"team_id": "plc", "kind": "ilt-plc", "parent_team_id": "dlt"},
        RuleViolation,
        "the parent of an ILT/PLC is an SLT; 'dlt' is a District Leadership Team",
    ),
    case(
        "slt-under-an-slt",
        "TeamFormed",
        {"team_id": "slt-2", "parent_team_id": "slt-oak"},
        RuleViolation,
        "the parent of an SLT is a DLT; 'slt-oak' is a School Leadership Team",
        setup=(SLT,),
    ),
    case(
        "plc-at-another-school",
        "TeamFormed",
        {**PLC[1], "school": "Elm Middle School"},
        RuleViolation,
        "'plc-oak-g3' is at Elm Middle School; its parent SLT 'slt-oak' is at Oak Elementary",
        setup=(SLT,),
    ),
    case(
        "member-twice",
        "TeamMemberJoined",
        {"member": "Dana Whitfield"},
        RuleViolation,
        "Dana Whitfield is already a member of 'dlt' (since 2025-09-10)",
    ),
    case(
        "member-role-unspecified",
        "TeamMemberJoined",
        {"role": "unspecified"},
        InvalidValue,
        "give Lee Park's role: one of board, administration",
    ),
    case(
        "member-role-other-without-title",
        "TeamMemberJoined",
        {"role": "other"},
        InvalidValue,
        "role other needs a --title",
    ),
    # ---------------------------------------------------------------- priorities
    case(
        "district-priority-of-one-year",
        "TeamPrioritySet",
        {"horizon": {"first": "2025-26", "last": "2025-26"}},
        RuleViolation,
        "a DLT's priorities are 'multiple year priorities' (Theory of Action, Step 4): give a "
        "horizon of at least two school years",
    ),
    case(
        "priority-twice",
        "TeamPrioritySet",
        {},
        RuleViolation,
        "priority 'collaboration-time' already exists (set by 'dlt' on 2025-10-01)",
        setup=(DLT_PRIORITY,),
    ),
    case(
        "slt-priority-before-the-dlt-has-any",
        "TeamPrioritySet",
        SLT_PRIORITY[1],
        RuleViolation,
        "dlt has no priorities on 2025-10-02: set them first",
        setup=(SLT,),
    ),
    case(
        "slt-priority-within-nothing",
        "TeamPrioritySet",
        {**SLT_PRIORITY[1], "within": []},
        RuleViolation,
        "SLT priorities sit 'within the parameters of the DLT's priorities' (Theory of Action, "
        "Step 4): name at least one of dlt's priorities (collaboration-time)",
        setup=(SLT, DLT_PRIORITY),
    ),
    case(
        "slt-priority-within-an-unknown-one",
        "TeamPrioritySet",
        {**SLT_PRIORITY[1], "within": ["nope"]},
        NotFound,
        "'nope' is not a priority of dlt on 2025-10-02 (collaboration-time)",
        setup=(SLT, DLT_PRIORITY),
    ),
    case(
        "dlt-sets-an-achievement-priority",
        "TeamPrioritySet",
        {"kind": "achievement", "horizon": None},
        RuleViolation,
        "'dlt' is a District Leadership Team: its priorities are district_priority",
    ),
    case(
        "plc-goal-without-a-measure",
        "TeamPrioritySet",
        {**PLC_GOAL[1], "measure": None},
        RuleViolation,
        "an ILT/PLC sets 'measurable team goals' (Theory of Action, Step 4): give --measure, "
        "--unit, --target and --by",
        setup=(SLT, PLC, DLT_PRIORITY, SLT_PRIORITY),
    ),
    case(
        "measure-on-a-district-priority",
        "TeamPrioritySet",
        {"measure": "x", "unit": "%"},
        InvalidValue,
        "a measure, unit, baseline, target and --by belong to an ILT/PLC's measurable goal",
    ),
    case(
        "evidence-without-the-observed-value",
        "ProgressEvidenced",
        {
            "team_id": "plc-oak-g3",
            "priority_id": "g3-reading",
            "evidence": "winter screener",
            "observed": None,
            "sessions": [],
            "occurred_on": date(2025, 12, 16),
        },
        RuleViolation,
        "evidence of progress on a measurable goal needs the observed value (--observed, in %)",
        setup=STRUCTURE,
    ),
    case(
        "evidence-for-another-teams-priority",
        "ProgressEvidenced",
        {
            "team_id": "slt-oak",
            "priority_id": "g3-reading",
            "evidence": "winter screener",
            "observed": None,
            "sessions": [],
            "occurred_on": date(2025, 12, 16),
        },
        NotFound,
        "priority 'g3-reading' is not one of 'slt-oak''s priorities (oak-literacy)",
        setup=STRUCTURE,
    ),
    case(
        "support-requested-by-the-dlt",
        "SupportRequested",
        {
            "team_id": "dlt",
            "priority_id": "collaboration-time",
            "request": "money",
            "occurred_on": date(2025, 11, 6),
        },
        RuleViolation,
        "only an SLT documents 'the support needed from the DLT' (Theory of Action, Step 4); "
        "'dlt' is a District Leadership Team",
        setup=STRUCTURE,
    ),
    # ---------------------------------------------------------------- reflection, outcomes
    case(
        "reflection-rating-a-goal-never-planned",
        "ReflectionRecorded",
        {"goals": [{"goal_id": "x", "result": "met", "evidence": "done"}]},
        NotFound,
        "goal 'x' is not in the plan of maple-ridge on 2025-10-01",
        setup=(PLAN,),
    ),
    case(
        "reflection-rating-a-goal-twice",
        "ReflectionRecorded",
        {
            "goals": [
                {"goal_id": "trust", "result": "met", "evidence": "compact"},
                {"goal_id": "trust", "result": "not_met", "evidence": "compact"},
            ]
        },
        InvalidValue,
        "goal 'trust' is rated twice",
        setup=(PLAN,),
    ),
    case(
        "reflection-goal-without-evidence",
        "ReflectionRecorded",
        {"goals": [{"goal_id": "trust", "result": "partly met", "evidence": " "}]},
        InvalidValue,
        "goal 'trust' needs its evidence (the CEC Reflect phase guidance",
        setup=(PLAN,),
    ),
    case(
        "reflection-goal-result-outside-the-vocabulary",
        "ReflectionRecorded",
        {"goals": [{"goal_id": "trust", "result": "mostly", "evidence": "x"}]},
        InvalidValue,
        "goal result 'mostly' is not one of: met, partly_met, not_met",
        setup=(PLAN,),
    ),
    case(
        "outcome-value-without-a-measure",
        "OutcomeObserved",
        {"observed": Decimal(58)},
        InvalidValue,
        "a baseline, target or observed value needs --measure and --unit",
    ),
    case(
        "measured-outcome-without-its-value",
        "OutcomeObserved",
        {"measure": "Staff agreeing", "unit": "%"},
        InvalidValue,
        "a measured outcome needs its observed value (--observed)",
    ),
    case(
        "measure-without-its-unit",
        "OutcomeObserved",
        {"measure": "Staff agreeing", "observed": Decimal(58)},
        InvalidValue,
        "the measure 'Staff agreeing' needs its unit (--unit)",
    ),
    case(
        "outcome-value-with-five-decimals",
        "OutcomeObserved",
        {"measure": "m", "unit": "u", "observed": Decimal("1.23456")},
        InvalidValue,
        "observed must be a number of at most 4 decimals and at most 1,000,000,000",
    ),
    case(
        "outcome-for-an-unknown-session",
        "OutcomeObserved",
        {"sessions": [300]},
        NotFound,
        "session #300 does not exist in maple-ridge",
    ),
    case(
        "outcome-for-an-event-that-is-not-a-session",
        "OutcomeObserved",
        {"sessions": [3]},
        RuleViolation,
        "#3 is not a session (it is a TeamFormed)",
    ),
    case(
        "outcome-for-a-later-session",
        "OutcomeObserved",
        {"sessions": [5], "occurred_on": date(2025, 9, 15)},
        RuleViolation,
        "session #5 occurred on 2025-09-20; an outcome on 2025-09-15 cannot name it",
    ),
    case(
        "outcome-for-a-team-formed-later",
        "OutcomeObserved",
        {"teams": ["dlt"], "occurred_on": date(2025, 9, 1)},
        RuleViolation,
        "team 'dlt' was formed on 2025-09-10; an outcome on 2025-09-01 cannot name it",
    ),
    case(
        "outcome-for-a-goal-not-in-the-plan",
        "OutcomeObserved",
        {"goals": ["nope"]},
        NotFound,
        "goal 'nope' is not in the plan of maple-ridge on 2025-10-01",
        setup=(PLAN,),
    ),
    # ---------------------------------------------------------------- closing
    case(
        "close-without-a-reflection-or-a-reason",
        "EngagementClosed",
        {"without_reflection": None},
        RuleViolation,
        "no reflection has been recorded for maple-ridge; the CEC Reflect phase guidance asks "
        "whether 'you and your team were able to accomplish what you set out to do': record "
        'one, or close with --without-reflection "reason"',
    ),
    case(
        "close-without-reflection-though-there-is-one",
        "EngagementClosed",
        {},
        RuleViolation,
        "maple-ridge has reflections: leave out --without-reflection",
        setup=(("ReflectionRecorded", {}),),
    ),
]


@pytest.mark.parametrize(("setup", "event_type", "changes", "error", "fragment"), CASES)
def test_refused_with_its_message_and_nothing_changes(
    setup: tuple, event_type: str, changes: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    if event_type == "EngagementOpened":
        with pytest.raises(error) as raised:
            opened(**changes)
        assert fragment in str(raised.value)
        return
    engagement = build(setup)
    engagement.collect_events()
    before = snapshot(engagement)
    with pytest.raises(error) as raised:
        engagement.record(
            event_type, {**_valid(event_type), **changes}, recorded_by=ACTOR, today=TODAY
        )
    assert type(raised.value) is error, f"{type(raised.value).__name__}: {raised.value}"
    assert fragment in str(raised.value)
    assert "\n" not in str(raised.value)
    assert "seed" not in str(raised.value)
    assert snapshot(engagement) == before
    assert engagement.collect_events() == []


def _valid(event_type: str) -> dict[str, Any]:
    return fields(event_type)


def test_new_classes_have_no_earlier_epoch() -> None:
    engagement = build()
    old = {**fields("EntryPointAdded"), "rules_version": 2}
    with pytest.raises(InvalidValue, match="EntryPointAdded exists from rules epoch 3 on"):
        engagement.record("EntryPointAdded", old, recorded_by=ACTOR, today=TODAY)


# ---------------------------------------------------------------- accepted, and folded
def test_entry_points_of_every_kind_with_their_structure() -> None:
    engagement = build(
        [
            ENTRY_STEP,
            (
                "EntryPointAdded",
                entry(
                    "strategic_planning",
                    entry_point_id="plan-2026",
                    planning_group=[*GROUP[:2], {**GROUP[2], "role": "union"}],
                    plan_owner="Maple Ridge planning team",
                ),
            ),
            (
                "EntryPointAdded",
                entry(
                    "grant_criteria",
                    entry_point_id="sig",
                    grant="School Improvement Grant (SIG)",
                    granting_state="Illinois",
                    criteria=["a history of low student achievement"],
                    plan_deadline=date(2026, 3, 1),
                ),
            ),
            (
                "EntryPointAdded",
                entry(
                    "individual_district_request",
                    entry_point_id="pera",
                    request="SLO training for every teacher",
                    mandate="PERA",
                    deadline=date(2026, 3, 1),
                    follow_up="Standards-aligned common assessments in 2026-27",
                ),
            ),
        ]
    )
    points = engagement.state.entry_points
    assert list(points) == ["sa-2025", "plan-2026", "sig", "pera"]
    plan = points["plan-2026"]
    assert plan["planning_areas"] == [
        "student_growth_and_achievement",
        "learning_environment",
        "professional_environment",
        "community_partnerships",
        "finances_and_resources",
    ]  # all five by default
    assert [m["role"] for m in plan["planning_group"]] == [
        "board",
        "administration",
        "teachers_organization",
    ]
    assert points["pera"]["deadline"] == date(2026, 3, 1)
    state = engagement.state.to_dict()
    assert [e["entry_point_id"] for e in state["entry_points"]] == list(points)


def test_a_diagnosis_is_linked_to_its_entry_point_and_fixes_its_framework() -> None:
    engagement = build(
        [
            ("EntryPointAdded", {"framework_id": None}),
            DIAGNOSIS,
            ("NeedsDiagnosed", {"occurred_on": date(2025, 11, 1)}),
        ]
    )
    assert engagement.state.entry_points["sa-2025"]["diagnoses"] == [7, 8]
    with pytest.raises(RuleViolation, match="uses framework plc"):
        record(engagement, "NeedsDiagnosed", framework_id="baldrige")


def test_goals_keep_their_ids_and_history_and_results() -> None:
    engagement = build(
        [
            *ALL_ANCHORS,
            (
                "DirectionSet",
                {
                    "kind": "transformation",
                    "emphasis": "culture",
                    "horizon": HORIZON,
                    "goals": [goal("trust", "Build trust"), goal("time", "Protected time")],
                },
            ),
            ("ReflectionRecorded", {"lessons_learned": ["Brief new union leaders early"]}),
            (
                "PlanChanged",
                {
                    "kind": "transformation",
                    "emphasis": "culture",
                    "horizon": HORIZON,
                    "goals": [goal("trust", "Build trust among the anchors")],
                    "cites": ["r9.1"],
                    "occurred_on": date(2025, 10, 2),
                },
            ),
            (
                "ReflectionRecorded",
                {
                    "goals": [
                        {"goal_id": "trust", "result": "partly met", "evidence": "compact"},
                        {"goal_id": "time", "result": "met", "evidence": "MOU"},
                    ],
                    "process_outcomes": "",
                    "occurred_on": date(2025, 10, 3),
                },
            ),
        ]
    )
    state = engagement.state
    assert state.goals["time"]["removed_on"] == date(2025, 10, 2)
    assert state.goals["trust"]["replaced"] == [
        {"on": date(2025, 10, 2), "old_text": "Build trust"}
    ]
    assert state.goals["trust"]["result"]["result"] == "partly_met"
    assert state.goals["time"]["result"]["result"] == "met"  # removed goals are still rated
    assert state.lessons["r9.1"]["cited_by"] == [10]
    assert state.plan["horizon"] == HORIZON


def test_the_structure_tree_anchor_seats_and_step_4() -> None:
    engagement = build(
        [
            ("TeamMemberJoined", {"member": "R. Alvarez", "role": "board"}),
            *STRUCTURE,
            ("TeamMemberLeft", {"member": "Dana Whitfield", "occurred_on": date(2025, 10, 5)}),
        ]
    )
    state = engagement.state
    rows = team_tree(state)
    assert [(r["team_id"], r["depth"], r["parent"]) for r in rows] == [
        ("dlt", 0, None),
        ("slt-oak", 1, "dlt"),
        ("plc-oak-g3", 2, "slt-oak"),
    ]
    assert rows[0]["missing_anchors"] == ["administration", "teachers_organization"]
    assert anchor_seats(state.teams["dlt"], date(2025, 10, 4)) == {
        "board": ["R. Alvarez"],
        "administration": [],
        "teachers_organization": ["Dana Whitfield"],
    }
    assert structure_holds(state, date(2025, 10, 4)) == (
        False,
        "DLT 'dlt': missing administration; 1 SLT under it",
    )
    record(engagement, "TeamMemberJoined", member="J. Okafor", role="administration")
    assert structure_holds(engagement.state, date(2025, 10, 4)) == (
        True,
        "DLT 'dlt': anchors seated; 1 SLT under it",
    )
    # Dana Whitfield left on 2025-10-05: the teachers' organization seat is empty again.
    assert structure_holds(engagement.state, date(2025, 10, 5)) == (
        False,
        "DLT 'dlt': missing teachers' organization; 1 SLT under it",
    )
    assert engagement.state.pathway()["steps"][3]["holds"] is False


@pytest.mark.parametrize(
    ("level", "kind", "roles", "holds"),
    [
        ("school", "slt", ("principal", "teacher"), True),
        ("school", "slt", ("principal",), False),
        ("state", "joint-team", ("teachers_organization", "administration"), True),
        ("labor_management_group", "joint-team", ("teachers_organization", "board"), True),
        ("labor_management_group", "joint-team", ("board", "administration"), False),
    ],
)
def test_step_4_by_level(level: str, kind: str, roles: tuple[str, ...], holds: bool) -> None:
    engagement = opened(level=level)
    record(
        engagement,
        "TeamFormed",
        team_id="t",
        kind=kind,
        school="Oak Elementary",
        parent_team_id=None,
        occurred_on=date(2025, 9, 1),
    )
    for n, role in enumerate(roles):
        record(engagement, "TeamMemberJoined", team_id="t", member=f"M{n}", role=role)
    assert structure_holds(engagement.state, date(2025, 10, 1))[0] is holds


def test_priorities_evidence_and_support_requests() -> None:
    engagement = build(
        [
            *STRUCTURE,
            (
                "ProgressEvidenced",
                {
                    "team_id": "plc-oak-g3",
                    "priority_id": "g3-reading",
                    "evidence": "winter screener",
                    "observed": Decimal(29),
                    "sessions": [5],
                    "occurred_on": date(2025, 12, 16),
                },
            ),
            (
                "SupportRequested",
                {
                    "team_id": "slt-oak",
                    "priority_id": "oak-literacy",
                    "request": "Fund a daily intervention block",
                    "occurred_on": date(2025, 11, 6),
                },
            ),
        ]
    )
    priorities = engagement.state.priorities
    assert priorities["g3-reading"]["evidence"][0]["observed"] == Decimal(29)
    assert priorities["oak-literacy"]["requests"][0]["to"] == "dlt"
    assert engagement.state.teams["slt-oak"]["priorities"] == ["oak-literacy"]


def test_closing_after_a_reflection_needs_no_reason() -> None:
    engagement = build([("ReflectionRecorded", {})])
    record(engagement, "EngagementClosed", without_reflection=None)
    assert engagement.state.closed_without_reflection is None


# ---------------------------------------------------------------- history before epoch 3
def test_upcasters_bring_older_events_up_with_defaults() -> None:
    plan: dict[str, Any] = {
        "emphasis": "culture",
        "kind": "transformation",
        "goals": ["Build trust"],
        "services": [],
        "gans_addressed": [],
        "rules_version": 2,
    }
    ev.DirectionSet.upcast_v2_v3(plan)
    assert plan["goals"] == [
        {"goal_id": ev.v1_goal_id("Build trust"), "text": "Build trust", "elements": [], "gans": []}
    ]
    assert (plan["horizon"], plan["from_diagnosis"], plan["rules_version"]) == (None, None, 2)
    member: dict[str, Any] = {"role": "union president", "represents": "Teachers Organization"}
    ev.TeamMemberJoined.upcast_v1_v2(member)
    ev.TeamMemberJoined.upcast_v2_v3(member)
    assert member == {
        "role": "teachers_organization",
        "title": "union president",
        "rules_version": 1,
    }
    again = dict(member)
    ev.TeamMemberJoined.upcast_v2_v3(again)  # harmless on a line already in the current shape
    assert again == member
    other: dict[str, Any] = {"role": "chair", "represents": "the mayor"}
    ev.TeamMemberJoined.upcast_v2_v3(other)
    assert other["role"] == "unspecified"
    diagnosis: dict[str, Any] = {"ratings": {"A": "developing", "B": "not_observed"}}
    ev.NeedsDiagnosed.upcast_v2_v3(diagnosis)
    assert diagnosis["not_observed"] == ["B"] and diagnosis["strengths"] is None
    assert diagnosis["assessment_version"] == "full" and diagnosis["entry_point_id"] is None
    correction: dict[str, Any] = {
        "corrects_type": "TeamMemberJoined",
        "corrected_fields": {"role": "chair", "represents": "board"},
        "rules_version": 2,
    }
    ev.EventCorrected.upcast_v2_v3(correction)
    assert correction["corrected_fields"] == {"title": "chair", "role": "board"}


def test_epoch_2_history_keeps_its_shape_and_infers_the_structure() -> None:
    """An engagement recorded under epoch 2 (an entry point on the opening, teams without
    parents, members without vocabulary roles, a culture support plan) is accepted by its own
    epoch's rules, and read with the structure inferred."""
    engagement = Engagement.open(
        {**fields("EngagementOpened", entry_point="system_assessment"), "rules_version": 2},
        recorded_by=ACTOR,
        today=TODAY,
    )
    steps: list[tuple[str, dict[str, Any]]] = [
        ("TeamFormed", {"team_id": "dlt", "kind": "dlt", "school": None, "parent_team_id": None}),
        ("TeamFormed", {"parent_team_id": None}),
        ("TeamMemberJoined", {"role": "unspecified", "title": "chair"}),
        ("DirectionSet", {"emphasis": "culture"}),
        ("NeedsDiagnosed", {"entry_point_id": None, "strengths": None}),
    ]
    for event_type, changes in steps:
        engagement.record(
            event_type,
            {**fields(event_type, **changes), "rules_version": 2},
            recorded_by=ACTOR,
            today=TODAY,
        )
    state = engagement.state
    assert state.entry_points["entry-1"]["structure_recorded"] is False
    assert state.diagnoses[0]["entry_point_id"] == "entry-1"
    assert state.diagnoses[0]["entry_point_inferred"] is True
    assert parent_of(state.teams, state.teams["slt-oak"]) == ("dlt", True)


# ---------------------------------------------------------------- views
def test_framework_for_change_coverage() -> None:
    engagement = build(
        [
            (
                "DirectionSet",
                {"goals": [goal("data", "A data cycle", "IEP", "ESTL"), goal("trust", "Trust")]},
            ),
            ("OutcomeObserved", {"goals": ["data"], "elements": ["transforming_the_profession"]}),
        ]
    )
    view = coverage(
        engagement.state.to_dict(),
        {"ibb-ibps": (FLMC,), "dlt-slt-plc-integration": ("transforming_the_profession",)},
    )
    rows = {row["short"]: row for row in view["elements"]}
    assert list(rows) == ["ESTL", "IEP", "TtP", "FLMC"]
    assert rows["ESTL"]["goals"] == ["data"] and rows["FLMC"]["goals"] == ["trust"]
    assert rows["FLMC"]["services"] == ["ibb-ibps"]
    assert rows["TtP"]["delivered"] == ["dlt-slt-plc-integration"] and not rows["TtP"]["in_plan"]
    assert rows["TtP"]["outcomes"] == rows["IEP"]["outcomes"] == [7]
    assert view["not_in_plan"] == ["transforming_the_profession"]
    assert coverage(engagement.state.to_dict(), None)["catalogue"] is False


def test_the_logic_model_inputs_outputs_outcomes() -> None:
    engagement = build(
        [
            (
                "OutcomeObserved",
                {"measure": "Staff agreeing", "unit": "%", "observed": Decimal(58)},
            ),
            ("OutcomeObserved", {"tier": "long_term", "dimension": "increased_system_capacity"}),
        ]
    )
    model = logic_model(engagement.state.to_dict())
    assert [i["label"] for i in model["inputs"]] == [
        "Structures",
        "Culture",
        "Policies",
        "Data",
        "Resources",
        "Communication",
    ]
    assert model["outputs"]["sessions"] == 1 and model["outputs"]["hours"] == Decimal(4)
    tiers = {t["tier"]: t["observed"] for t in model["outcomes"]}
    assert tiers["short_term_system"][0]["observed"] == Decimal(58)
    assert tiers["long_term"][0]["label"] == model["long_term_outcome"]
    assert model["long_term_outcome"].startswith("Increased system capacity to orchestrate")
