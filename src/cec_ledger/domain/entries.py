"""The shapes of the entries an :class:`~cec_ledger.domain.state.EngagementState` keeps.

Each is a TypedDict: plain data that ``to_dict`` hands out as it is, that the projector stores
as JSON and that plugins read through their engagement view. Keeping the shapes here (rather
than in comments beside the fold) lets a type checker and a reader see them at once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypedDict


class AnchorEntry(TypedDict):
    """One of the three anchors: whether it is committed now, by whom, with what, since when."""

    committed: bool
    signatory: str
    instrument: str
    since: date | None


class CommitmentRecord(TypedDict, total=False):
    """A commitment or withdrawal, in the order they happened (``commitment_history``)."""

    anchor: str
    action: str  # "committed" | "withdrawn"
    on: date
    signatory: str
    instrument: str
    reason: str


class DiagnosisEntry(TypedDict):
    version: int
    framework_id: str
    framework_version: str
    occurred_on: date
    ratings: dict[str, str | int]
    evidence: dict[str, str]
    assessors: list[str]
    readiness_score: Decimal | None
    readiness_label: str | None
    greatest_areas_of_need: list[str]
    # Epoch 3: the entry point (``entry_point_inferred`` when an older diagnosis is linked
    # to the engagement's only entry point, the ledger's C19), the assessment's version,
    # strengths (None: recorded before strengths were), indicators not observed, the
    # services the framework recommended for the GANs (None: not recorded then).
    entry_point_id: str | None
    entry_point_inferred: bool
    assessment_version: str
    strengths: list[str] | None
    not_observed: list[str]
    recommended_services: list[str] | None


class EntryPointEntry(TypedDict, total=False):
    """A diagnostic entry point (Theory of Action, Step 2) and its structure. An entry point
    named by an older EngagementOpened has ``structure_recorded`` False."""

    entry_point_id: str
    kind: str
    added_on: date
    version: int
    structure_recorded: bool
    note: str
    framework_id: str | None
    assessment_version: str | None
    planning_group: list[dict[str, str]]
    planning_areas: list[str]
    plan_owner: str | None
    grant: str | None
    granting_state: str | None
    criteria: list[str]
    plan_deadline: date | None
    request: str | None
    mandate: str | None
    deadline: date | None
    follow_up: str | None
    diagnoses: list[int]


class GoalEntry(TypedDict, total=False):
    """A plan goal over the plan's history: when it entered, its texts, removal, results."""

    goal_id: str
    text: str
    elements: list[str]
    gans: list[str]
    added_on: date
    replaced: list[dict[str, Any]]  # [{on, old_text}]
    removed_on: date | None
    removal_reason: str
    # The latest result a reflection gave it: {on, result, evidence, reflection}.
    result: dict[str, Any] | None


class LessonEntry(TypedDict):
    """Lesson k of the reflection #N, known as ``rN.k``, and the plan changes citing it."""

    ref: str
    text: str
    on: date
    reflection: int
    team_id: str | None
    cited_by: list[int]


class PriorityEntry(TypedDict, total=False):
    """A team's priority (Theory of Action, Step 4), its evidence and support requests."""

    priority_id: str
    team_id: str
    kind: str
    text: str
    within: list[str]
    horizon: dict[str, str] | None
    measure: str | None
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    target_by: date | None
    elements: list[str]
    set_on: date
    version: int
    evidence: list[dict[str, Any]]  # [{on, text, observed, sessions, version}]
    requests: list[dict[str, Any]]  # [{on, text, to, version}]


class PlanEntry(TypedDict):
    """The services plan in force (Theory of Action, Step 3)."""

    emphasis: str
    kind: str
    # Each goal: {goal_id, text, elements, gans} (``events.PlanGoal``).
    goals: list[dict[str, Any]]
    services: list[dict[str, Any]]
    gans_addressed: list[str]
    total_hours: Decimal
    total_budget: Decimal
    since: date
    changes: int
    # The school years the plan spans ({first, last}); None when none was recorded.
    horizon: dict[str, str] | None


class PlanHistoryEntry(TypedDict, total=False):
    on: date
    action: str  # "set" | "changed"
    reason: str
    # Epoch 3: the plan event's number, what its goals changed, the lessons it cites and
    # the diagnosis a plan was started from.
    version: int
    goals_added: list[str]
    goals_removed: list[str]
    goals_replaced: list[str]
    cites: list[str]
    from_diagnosis: int | None
    # The plan's lines as this event set them (the plan in force on any date).
    services: list[dict[str, Any]]


class MemberEntry(TypedDict):
    role: str
    title: str
    since: date


class MemberSpan(TypedDict):
    """One membership of a team, from joining to leaving (``left_on`` None: still on it)."""

    member: str
    role: str
    title: str
    joined_on: date
    left_on: date | None


class StageRecord(TypedDict):
    stage: str
    on: date
    reason: str


class TeamEntry(TypedDict):
    team_id: str
    kind: str
    name: str
    charge: str
    cadence: str
    school: str | None
    stage: str
    formed_on: date
    active: bool
    members: dict[str, MemberEntry]
    stage_history: list[StageRecord]
    # Epoch 3: the parent team as recorded (older teams: None, see ``domain.structure``),
    # every membership span, the team's priorities (ids), the rules epoch it was formed in.
    parent_team_id: str | None
    member_history: list[MemberSpan]
    priorities: list[str]
    rules_version: int


class SessionEntry(TypedDict):
    version: int
    delivery: str
    topic: str
    hours: Decimal
    participants: int
    consultant: str
    service_id: str | None
    team_id: str | None
    occurred_on: date
    cohort: str | None
    part: str | None
    # Coaching: the session (#N) it follows and its purpose; ``follows_inferred`` when the
    # coaching was recorded before the Coaching Delivery Model was modelled (rules epochs 1
    # and 2) and the fold inferred the session it follows (the ledger's own rule, C19).
    follows: int | None
    follows_inferred: bool
    purpose: str | None
    # A session of one of the four deliveries: the coaching (#N) that followed it.
    followed_by: list[int]
    unplanned: str | None
    beyond_plan: str | None
    rules_version: int


class HandoffEntry(TypedDict):
    from_consultant: str
    to_consultant: str
    content_area: str
    on: date
    overlap_until: date | None
    notes: str


class ReleaseRecord(TypedDict, total=False):
    on: date
    release_level: str
    holder: str
    team_id: str | None
    service_id: str | None
    prepared_by: list[int]


class ResponsibilityEntry(TypedDict, total=False):
    responsibility: str
    team_id: str | None
    release_level: str
    holder: str
    since: date
    history: list[ReleaseRecord]
    # Training local trainers: the catalogue service whose delivery the responsibility is
    # and the sessions (#N) that prepared its holders.
    service_id: str | None
    prepared_by: list[int]


class ReflectionEntry(TypedDict):
    on: date
    team_id: str | None
    process_outcomes: str
    content_outcomes: str
    communication: str
    equitable_voice: str
    psychological_safety: str
    lessons_learned: list[str]
    # Epoch 3: the event's number (lesson k is ``r<version>.<k>``), goal results, next steps.
    version: int
    goals: list[dict[str, str]]
    next_steps: list[str]


class OutcomeEntry(TypedDict):
    on: date
    tier: str
    dimension: str
    impact: str | None
    evidence: str
    # Epoch 4 of the class: the measure (None: qualitative) and what it is evidence for.
    version: int
    measure: str | None
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    observed: Decimal | None
    sessions: list[int]
    teams: list[str]
    services: list[str]
    goals: list[str]
    elements: list[str]


class CorrectionEntry(TypedDict):
    version: int
    corrects_version: int
    corrects_type: str
    reason: str
    corrected_fields: dict[str, Any]
    on: date
