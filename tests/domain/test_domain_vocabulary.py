"""Every closed vocabulary: each token and label accepted (as typed by people) and stored as the
canonical token, both by ``Vocabulary.normalise`` and through the aggregate for every field
that uses it; anything else refused with the allowed values listed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import InvalidValue
from tests.domain.builders import ACTOR, TODAY, base, build, fields, goal, opened, record

ALL_ANCHORS = [
    ("AnchorCommitted", {"anchor": "administration"}),
    ("AnchorCommitted", {"anchor": "teachers_organization"}),
]

VOCABULARIES = {
    "level": v.LEVEL,
    "entry point": v.ENTRY_POINT,
    "anchor": v.ANCHOR,
    "instrument": v.INSTRUMENT,
    "emphasis": v.EMPHASIS,
    "plan kind": v.PLAN_KIND,
    "team kind": v.TEAM_KIND,
    "team stage": v.TEAM_STAGE,
    "delivery": v.DELIVERY,
    "release level": v.RELEASE_LEVEL,
    "outcome tier": v.OUTCOME_TIER,
    "outcome dimension": v.OUTCOME_DIMENSION,
    "outcome impact": v.OUTCOME_IMPACT,
    "framework element": v.FRAMEWORK_ELEMENT,
    "planning area": v.PLANNING_AREA,
    "assessment version": v.ASSESSMENT_VERSION,
    "member role": v.MEMBER_ROLE,
    "priority kind": v.PRIORITY_KIND,
    "coaching purpose": v.COACHING_PURPOSE,
    "series part": v.SERIES_PART,
    "goal result": v.GOAL_RESULT,
}

# The seeds' words, written out here so a changed token or label is a visible decision.
EXPECTED_TOKENS = {
    "level": ("district", "school", "state", "labor_management_group"),
    "entry point": (
        "system_assessment",
        "strategic_planning",
        "grant_criteria",
        "individual_district_request",
    ),
    "anchor": ("board", "administration", "teachers_organization"),
    "instrument": ("compact", "constitution", "mou", "resolution"),
    "emphasis": ("achievement", "culture"),
    "plan kind": ("support", "transformation"),
    "team kind": (
        "dlt",
        "slt",
        "ilt-plc",
        "common-planning",
        "cross-role-problem-solving",
        "mentoring-pair",
        "community-partnership",
        "joint-team",
    ),
    "team stage": ("form", "norm", "perform", "sustain"),
    "delivery": ("training", "facilitating", "networking", "mentoring", "coaching"),
    "release level": (
        "consultant-led",
        "co-led",
        "district-led-with-coaching",
        "district-independent",
    ),
    "outcome tier": ("short_term", "mid_term", "long_term"),
    "outcome dimension": (
        "decision_making",
        "policy_changes",
        "resource_flow",
        "new_knowledge_or_skills",
        "attitude_shifts",
        "common_language",
        "adapting_practice",
        "sustaining_practice",
        "improved_alignment",
        "strengthened_culture",
        "empowered_educators",
        "increased_system_capacity",
    ),
    "outcome impact": ("system", "people"),
    "framework element": (
        "empowering_students_through_learning",
        "implementing_emerging_pedagogy",
        "transforming_the_profession",
        "fostering_labor_management_collaboration",
    ),
    "planning area": (
        "student_growth_and_achievement",
        "learning_environment",
        "professional_environment",
        "community_partnerships",
        "finances_and_resources",
    ),
    "assessment version": ("full", "short"),
    "member role": (
        "board",
        "administration",
        "teachers_organization",
        "principal",
        "teacher",
        "support_staff",
        "parent",
        "community",
        "student",
        "other",
        "unspecified",
    ),
    "priority kind": ("district_priority", "achievement", "culture", "measurable_goal"),
    "goal result": ("met", "partly_met", "not_met"),
    "coaching purpose": (
        "reflection_and_support",
        "direction_and_monitoring",
        "connect_collaborate_communicate",
        "mentor_role",
    ),
    "series part": ("session_one", "session_two", "full_day", "half_day"),
}


def typed_spelling(label: str) -> str:
    """How someone might type a label: shouted, with the separators swapped around."""
    return label.upper().replace(" ", "-").replace("'", "").replace("(", "_").replace(")", "")


@pytest.mark.parametrize("name", list(VOCABULARIES))
def test_tokens_are_the_seeds_words_in_order(name: str) -> None:
    assert VOCABULARIES[name].tokens == EXPECTED_TOKENS[name]


TOKENS = [
    pytest.param(vocabulary, token, id=f"{name}-{token}")
    for name, vocabulary in VOCABULARIES.items()
    for token in vocabulary.tokens
]


@pytest.mark.parametrize(("vocabulary", "token"), TOKENS)
def test_token_and_label_spellings_give_the_token(vocabulary: v.Vocabulary, token: str) -> None:
    label = vocabulary.label(token)
    spellings = {
        token,
        token.upper(),
        token.replace("_", " ").replace("-", " "),
        label,
        label.lower(),
        typed_spelling(label),
        f"  {label}\t",
    }
    assert {spelling: vocabulary.normalise(spelling) for spelling in spellings} == dict.fromkeys(
        spellings, token
    )


@pytest.mark.parametrize("name", list(VOCABULARIES))
@pytest.mark.parametrize("value", ["nonsense", "", None, 1, ["board"]])
def test_anything_else_is_refused_naming_the_allowed_tokens(name: str, value: Any) -> None:
    vocabulary = VOCABULARIES[name]
    with pytest.raises(InvalidValue) as raised:
        vocabulary.normalise(value)
    offered = [t for t in vocabulary.tokens if t not in v.HIDDEN_TOKENS]
    hint = vocabulary.hint.format(value=value) if vocabulary.hint else ""
    assert str(raised.value) == (
        f"{vocabulary.name} {value!r} is not one of: {', '.join(offered)}{hint}"
    )


def test_a_role_outside_the_vocabulary_goes_in_the_title() -> None:
    with pytest.raises(InvalidValue) as raised:
        v.MEMBER_ROLE.normalise("chair")
    assert str(raised.value) == (
        "role 'chair' is not one of: board, administration, teachers_organization, principal, "
        "teacher, support_staff, parent, community, student, other (put 'chair' in --title)"
    )


def test_framework_elements_take_their_short_forms() -> None:
    assert [v.FRAMEWORK_ELEMENT.normalise(a) for a in ("ESTL", "iep", "TtP", "flmc")] == list(
        v.FRAMEWORK_ELEMENT.tokens
    )


def test_the_long_term_outcome_is_worded_as_in_the_logic_model() -> None:
    assert v.OUTCOME_DIMENSION.label("increased_system_capacity") == (
        "Increased system capacity to orchestrate equitable, inclusive transformation to reach "
        "intended outcomes through large-scale organizational change."
    )
    assert v.OUTCOME_DIMENSION.normalise("Increased system capacity") == (
        "increased_system_capacity"
    )


def test_labels_are_the_seeds_words() -> None:
    assert v.ANCHOR.label("teachers_organization") == "Teachers' organization"
    assert v.ENTRY_POINT.label("grant_criteria") == "Grant criteria (SIG)"
    assert v.TEAM_KIND.label("ilt-plc") == "Instructional Leadership Team / PLC"
    assert v.RELEASE_LEVEL.label("district-led-with-coaching") == "District-led with coaching"
    assert v.LEVEL.label("not-a-token") == "not-a-token"  # unknown tokens show as themselves


def test_every_dimension_has_one_tier_and_short_term_ones_an_impact() -> None:
    assert set(v.DIMENSION_TIER) == set(v.OUTCOME_DIMENSION.tokens)
    assert set(v.DIMENSION_TIER.values()) == set(v.OUTCOME_TIER.tokens)
    short = {d for d, tier in v.DIMENSION_TIER.items() if tier == "short_term"}
    assert set(v.SHORT_TERM_IMPACT) == short
    assert set(v.SHORT_TERM_IMPACT.values()) == set(v.OUTCOME_IMPACT.tokens)


# ---------------------------------------------------------------- through the aggregate
STAGE_DATES = [date(2025, 10, 1), date(2025, 10, 2), date(2025, 10, 3), date(2025, 10, 4)]


def _prepared(event_type: str, field: str, token: str) -> tuple[Engagement | None, dict]:
    """An engagement on which ``field=token`` is valid next, and the other changes needed."""
    if event_type == "EngagementOpened":
        return None, {}
    if event_type == "AnchorCommitted":
        return opened(), {} if field == "anchor" else {"anchor": "administration"}
    if event_type == "CommitmentWithdrawn":
        engagement = opened()
        for anchor in v.ANCHOR.tokens:
            record(engagement, "AnchorCommitted", anchor=anchor)
        return engagement, {}
    if event_type in ("DirectionSet", "PlanChanged"):
        changes: dict[str, Any] = {}
        if (field, token) in (("emphasis", "culture"), ("kind", "transformation")):
            changes["horizon"] = {"first": "2025-26", "last": "2026-27"}
            if field == "emphasis":
                changes["kind"] = "transformation"
        setup = [*ALL_ANCHORS]
        if event_type == "PlanChanged":
            setup.append(("DirectionSet", {}))
            changes["goals"] = [goal("new-goal", "a goal the plan did not have")]
        return build(setup), changes
    if event_type == "SessionDelivered" and token == "coaching":
        # Coaching follows a session (the Coaching Delivery Model): #5, base()'s training.
        return base(), {"follows": 5, "service_id": None}
    if event_type == "TeamFormed":
        if token == "dlt":
            return opened(), {"school": None, "parent_team_id": None}
        if token == "ilt-plc":
            return build([("TeamFormed", {})]), {"team_id": "plc", "parent_team_id": "slt-oak"}
        return base(), {}
    if event_type == "EntryPointAdded":
        kinds = {
            "strategic_planning": {
                "planning_group": [
                    {"member": "R. Alvarez", "role": "board"},
                    {"member": "J. Okafor", "role": "administration"},
                    {"member": "C. Jimenez", "role": "teachers_organization"},
                ],
                "plan_owner": "Maple Ridge planning team",
            },
            "grant_criteria": {
                "grant": "School Improvement Grant (SIG)",
                "granting_state": "Illinois",
                "criteria": ["a history of low student achievement"],
                "plan_deadline": date(2026, 3, 1),
            },
            "individual_district_request": {"request": "Conflict resolution training"},
        }
        if field == "kind" and token != "system_assessment":
            return base(), {"framework_id": None, "assessment_version": None, **kinds[token]}
        return base(), {}
    if event_type == "TeamMemberJoined":
        return base(), {"title": "chair"} if token == "other" else {}
    if event_type == "TeamStageAdvanced":
        target = v.TEAM_STAGE.index(token)
        reached = target - 1 if target else 1  # "form" is reached by moving back from "norm"
        steps = [
            ("TeamStageAdvanced", {"stage": stage, "occurred_on": STAGE_DATES[i]})
            for i, stage in enumerate(v.TEAM_STAGE.tokens[1 : reached + 1])
        ]
        return build(steps), {"reason": "setback", "occurred_on": date(2025, 11, 1)}
    if event_type == "OutcomeObserved":
        if field == "tier":
            dimension = next(d for d, t in v.DIMENSION_TIER.items() if t == token)
            return base(), {"dimension": dimension}
        if field == "dimension":
            return base(), {"tier": v.DIMENSION_TIER[token]}
        dimension = next(d for d, i in v.SHORT_TERM_IMPACT.items() if i == token)
        return base(), {"dimension": dimension}
    return base(), {}


# (event type, field, vocabulary): every field with a closed vocabulary.
VOCABULARY_FIELDS = [
    ("EngagementOpened", "level", v.LEVEL),
    ("EntryPointAdded", "kind", v.ENTRY_POINT),
    ("EntryPointAdded", "assessment_version", v.ASSESSMENT_VERSION),
    ("AnchorCommitted", "anchor", v.ANCHOR),
    ("AnchorCommitted", "instrument", v.INSTRUMENT),
    ("CommitmentWithdrawn", "anchor", v.ANCHOR),
    ("DirectionSet", "emphasis", v.EMPHASIS),
    ("DirectionSet", "kind", v.PLAN_KIND),
    ("PlanChanged", "emphasis", v.EMPHASIS),
    ("PlanChanged", "kind", v.PLAN_KIND),
    ("TeamFormed", "kind", v.TEAM_KIND),
    ("TeamMemberJoined", "role", v.MEMBER_ROLE),
    ("TeamStageAdvanced", "stage", v.TEAM_STAGE),
    ("SessionDelivered", "delivery", v.DELIVERY),
    ("SessionDelivered", "part", v.SERIES_PART),
    ("ResponsibilityTransferred", "release_level", v.RELEASE_LEVEL),
    ("OutcomeObserved", "tier", v.OUTCOME_TIER),
    ("OutcomeObserved", "dimension", v.OUTCOME_DIMENSION),
    ("OutcomeObserved", "impact", v.OUTCOME_IMPACT),
]

FIELD_TOKENS = [
    pytest.param(event_type, field, token, spelling, id=f"{event_type}.{field}-{token}-{spelling}")
    for event_type, field, vocabulary in VOCABULARY_FIELDS
    for token in vocabulary.tokens
    if token not in v.HIDDEN_TOKENS
    for spelling in ("label", "typed")
]


@pytest.mark.parametrize(("event_type", "field", "token", "spelling"), FIELD_TOKENS)
def test_the_aggregate_stores_the_token_for_any_spelling(
    event_type: str, field: str, token: str, spelling: str
) -> None:
    vocabulary = dict(((e, f), voc) for e, f, voc in VOCABULARY_FIELDS)[(event_type, field)]
    label = vocabulary.label(token)
    given = label if spelling == "label" else typed_spelling(label)
    engagement, changes = _prepared(event_type, field, token)
    if engagement is None:
        engagement = Engagement.open(
            fields(event_type, **{field: given}), recorded_by=ACTOR, today=TODAY
        )
        event = engagement.history[-1]
    else:
        version = engagement.version
        event = record(engagement, event_type, **changes, **{field: given})
        assert engagement.version == version + 1
    assert getattr(event, field) == token


def test_a_field_uses_its_own_vocabulary() -> None:
    """``kind`` is a plan kind on a plan and a team kind on a team: neither accepts the other."""
    engagement = build(ALL_ANCHORS)
    team = record(engagement, "TeamFormed", kind="Mentoring pair")
    plan = record(
        engagement,
        "DirectionSet",
        kind="Transformation",
        horizon={"first": "2025-26", "last": "2026-27"},
    )
    assert (team.kind, plan.kind) == ("mentoring-pair", "transformation")
    with pytest.raises(InvalidValue, match="team kind 'transformation'"):
        record(engagement, "TeamFormed", team_id="x", kind="transformation")


def test_optional_vocabulary_field_left_out_is_derived() -> None:
    """``impact`` may be null: it is derived from a short-term dimension, null otherwise."""
    engagement = base()
    short = record(engagement, "OutcomeObserved", dimension="Common language")
    mid = record(
        engagement,
        "OutcomeObserved",
        tier="mid_term",
        dimension="empowered_educators",
        occurred_on=TODAY - timedelta(days=1),
    )
    assert (short.impact, mid.impact) == ("people", None)
