"""The CEC event catalogue: every fact an engagement ledger records.

Each class is an immutable eventsourcing aggregate event on the :class:`Engagement` aggregate.
The type hints are the single source of truth for three things: the JSON Schema in
``events/`` (``cec-ledger schema``), the checks on imported JSONL lines, and how stored JSON is
turned back into typed values (dates, decimals) when events are read.

Every event carries, besides eventsourcing's ``originator_id``, ``originator_version`` and
``timestamp`` (when it was *recorded*, set by the system):

* ``occurred_on`` — when it happened, given by the consultant, possibly in the past;
* ``recorded_by`` — who recorded it (``--actor``, ``CEC_LEDGER_ACTOR`` or the OS user);
* ``rules_version`` — the *rules epoch* that judged it when it was recorded (set by the ledger).
  Recorded history is never re-judged: an event is checked, on import and in the re-fold a
  correction triggers, by the rules of its own epoch (``domain.rules``). Epoch 1 is the rules
  as they were before epochs existed; every class moved up one ``class_version`` when the
  field was added, and its upcaster gives older events ``rules_version`` 1.

Each class names the closed vocabularies of its fields (anchor, stage, release level...) in
``vocabularies``; :func:`vocabulary_for` reads them.

Over 400 lines on purpose: eventsourcing stores each event's topic as ``module:Class``, so
every class stays in this module (moving one would orphan the events stored under it).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypedDict

from eventsourcing.domain import Aggregate

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.plan_lines import LEGACY_SERIES_PARTS, upcast_plan_lines


class PriceRule(TypedDict):
    """How the CEC services catalogue prices a service, as a plan line snapshots it when the
    line is recorded (``domain.plan_lines``): ``kind`` is ``fixed_per_cohort`` ("Budget
    Range: $2,500" for the pair, "$7,500" for the series), ``block`` ("Starting at $2,500 for
    up to 8 hours"), ``not_published`` or ``unknown`` (a line naming no catalogue entry);
    ``amount`` and ``block_hours`` as published; ``per`` in words ("the pair")."""

    kind: str
    amount: Decimal | None
    block_hours: Decimal | None
    per: str | None


class PlannedService(TypedDict):
    """One line of a services plan: a service of the CEC services catalogue (Theory of Action,
    Step 3), its planned hours and budget, and what money needs, snapshot from the catalogue
    when the line was recorded: its ``name``, ``kind`` (``targeted_support`` or
    ``step1_programme``) and ``price_rule``. ``budget`` is null where no price is published
    and none was agreed; ``price_note`` records why a budget departs from the published
    price; ``cohorts`` counts the groups of a per-cohort price."""

    service_id: str
    name: str
    hours: Decimal
    budget: Decimal | None
    price_note: str | None
    cohorts: int | None
    kind: str
    price_rule: PriceRule


# The rules epoch new events are recorded under (``domain.rules`` registers rules per epoch).
# Epoch 3: the services plan as the CEC services catalogue defines it and the CEC model in
# depth (sessions name a catalogue service, cohorts, coaching follows a session...).
RULES_EPOCH = 3


class PlanGoal(TypedDict):
    """A goal of a services plan: an id later events cite, its text, the Framework for Change
    elements it addresses and the greatest areas of need (indicator ids) it answers."""

    goal_id: str
    text: str
    elements: list[str]
    gans: list[str]


class Horizon(TypedDict):
    """School years a plan or a priority spans, first and last: ``"2024-25"``."""

    first: str
    last: str


class PlanningMember(TypedDict):
    """A member of a strategic planning group, with the role they bring."""

    member: str
    role: str


class GoalResult(TypedDict):
    """A plan goal looked back on in a reflection: met, partly met or not met, and why."""

    goal_id: str
    result: str
    evidence: str


def _from_epoch_one(state: dict[str, Any]) -> None:
    """Upcaster: an event stored before rules epochs existed was judged by epoch 1."""
    state.setdefault("rules_version", 1)


def _unchanged(state: dict[str, Any]) -> None:
    """Upcaster of a version that only loosened a field's type: the stored fields stand."""
    state.setdefault("rules_version", 1)


def v1_goal_id(text: str) -> str:
    """The id a goal recorded as plain text (before goals had ids) is known by: the same
    text gets the same id in every plan event, so a goal carried over keeps it."""
    return "v1-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def goals_as_objects(goals: list[Any]) -> list[Any]:
    """Plan goals of a v1/v2 plan event (plain text) as goal objects; objects stay."""
    return [
        {"goal_id": v1_goal_id(goal), "text": goal, "elements": [], "gans": []}
        if isinstance(goal, str)
        else goal
        for goal in goals
    ]


# Member roles before they were a vocabulary: v1/v2 ``represents`` -> ``role``.
_REPRESENTS_ROLE = {
    "board": "board",
    "administration": "administration",
    "teachersorganization": "teachers_organization",
    "parents": "parent",
    "parent": "parent",
    "teachers": "teacher",
    "teacher": "teacher",
    "supportstaff": "support_staff",
    "community": "community",
    "students": "student",
    "student": "student",
}


def role_from_represents(represents: Any) -> str:
    """The member role of a v1/v2 member from whom they represented (case and spaces
    ignored); anything else, or nothing, is ``unspecified``."""
    if not isinstance(represents, str):
        return "unspecified"
    folded = "".join(ch for ch in represents.casefold() if ch.isalnum())
    return _REPRESENTS_ROLE.get(folded, "unspecified")


def _plan_v2_v3(state: dict[str, Any]) -> None:
    """Upcaster of the plan events to version 3: goals become objects (id, text, Framework
    for Change elements, GANs), a plan has a horizon (none recorded before), and the plan
    lines gain what the catalogue's price rules need (``domain.plan_lines``)."""
    state.setdefault("rules_version", 1)
    state["goals"] = goals_as_objects(list(state.get("goals") or []))
    state.setdefault("horizon", None)
    upcast_plan_lines(state, 2)


def _plan_correction_v2_v3(fields: dict[str, Any]) -> None:
    """A correction of a v1/v2 plan event: its goals as objects, its lines brought up."""
    if "goals" in fields:
        fields["goals"] = goals_as_objects(list(fields["goals"] or []))
    if "services" in fields:
        upcast_plan_lines(fields, 2)


def _direction_set_v2_v3(state: dict[str, Any]) -> None:
    _plan_v2_v3(state)
    state.setdefault("from_diagnosis", None)


def _plan_changed_v2_v3(state: dict[str, Any]) -> None:
    _plan_v2_v3(state)
    state.setdefault("cites", [])


class EngagementEvent(Aggregate.Event):
    """Base of every engagement event: when it occurred, who recorded it, which rules judged it."""

    occurred_on: date
    recorded_by: str
    rules_version: int

    # Version 2 of every class added ``rules_version`` (older events: epoch 1).
    class_version = 2
    upcast_v1_v2 = staticmethod(_from_epoch_one)

    # Fields a correction may not change: they identify things later events refer to.
    identity_fields: ClassVar[tuple[str, ...]] = ()
    # Field name -> its closed vocabulary (values are normalised to canonical tokens).
    vocabularies: ClassVar[dict[str, v.Vocabulary]] = {}

    def apply(self, aggregate: Any) -> None:
        aggregate.fold(self)

    @staticmethod
    def upcast_corrected_fields(fields: dict[str, Any]) -> None:
        """Bring the values of a correction stored before rules epoch 3 (which names this
        class's fields as they were then) up to the class's current fields, in place."""


class EngagementOpened(Aggregate.Created, EngagementEvent):
    """A partnership with a district, school, state or labor-management group begins.

    Its diagnostic entry points are recorded with EntryPointAdded; ``entry_point`` is set only
    on events of rules epochs 1 and 2, when an engagement had exactly one."""

    slug: str
    name: str
    organisation: str
    level: str
    entry_point: str | None
    lead_consultant: str | None

    identity_fields = ("slug",)

    # Version 3: ``entry_point`` may be null (epoch 3 records entry points as events).
    class_version = 3
    upcast_v2_v3 = staticmethod(_unchanged)

    vocabularies = {"level": v.LEVEL, "entry_point": v.ENTRY_POINT}


class AnchorCommitted(EngagementEvent):
    """Pathway step 1: one of the three anchors signs a collaborative commitment."""

    anchor: str
    signatory: str
    instrument: str
    note: str

    vocabularies = {"anchor": v.ANCHOR, "instrument": v.INSTRUMENT}


class CommitmentWithdrawn(EngagementEvent):
    """An anchor withdraws its commitment; "Do we have a We?" no longer holds."""

    anchor: str
    signatory: str
    reason: str

    vocabularies = {"anchor": v.ANCHOR}


class NeedsDiagnosed(EngagementEvent):
    """Pathway step 2: a rated assessment against a framework, with its readiness baseline."""

    framework_id: str
    framework_version: str
    ratings: dict[str, str | int]
    evidence: dict[str, str]
    assessors: list[str]
    readiness_score: Decimal | None
    readiness_label: str | None
    greatest_areas_of_need: list[str]
    entry_point_id: str | None
    assessment_version: str
    strengths: list[str] | None
    not_observed: list[str]
    recommended_services: list[str] | None

    # Version 3: the entry point it was made through, the version of the assessment, the
    # strengths beside the greatest areas of need, the indicators not observed and the
    # services the framework recommended for the GANs. Older diagnoses: no entry point, the
    # full version, strengths and recommendations not recorded (null).
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        state.setdefault("entry_point_id", None)
        state.setdefault("assessment_version", "full")
        state.setdefault("strengths", None)
        ratings = state.get("ratings") or {}
        state.setdefault("not_observed", [k for k, r in ratings.items() if r == "not_observed"])
        state.setdefault("recommended_services", None)

    vocabularies = {"assessment_version": v.ASSESSMENT_VERSION}


class DirectionSet(EngagementEvent):
    """Pathway step 3: the services plan is set.

    Its emphasis and kind, goals and GANs addressed, the school years it spans and the
    diagnosis it was started from (``#N``)."""

    emphasis: str
    kind: str
    goals: list[PlanGoal]
    services: list[PlannedService]
    gans_addressed: list[str]
    horizon: Horizon | None
    from_diagnosis: int | None

    # Version 3 (rules epoch 3): plan lines as the CEC services catalogue prices them; goals
    # with ids and Framework for Change elements; the horizon; the diagnosis started from.
    class_version = 3
    upcast_v2_v3 = staticmethod(_direction_set_v2_v3)
    upcast_corrected_fields = staticmethod(_plan_correction_v2_v3)

    vocabularies = {"emphasis": v.EMPHASIS, "kind": v.PLAN_KIND}


class PlanChanged(EngagementEvent):
    """The services plan changes.

    The event holds the whole new plan, why it changed and the lessons of earlier reflections
    it acts on (``r<N>.<k>``: lesson k of reflection #N)."""

    reason: str
    emphasis: str
    kind: str
    goals: list[PlanGoal]
    services: list[PlannedService]
    gans_addressed: list[str]
    horizon: Horizon | None
    cites: list[str]

    # Version 3 (rules epoch 3): plan lines as the CEC services catalogue prices them; goals
    # with ids and Framework for Change elements; the horizon; lessons cited.
    class_version = 3
    upcast_v2_v3 = staticmethod(_plan_changed_v2_v3)
    upcast_corrected_fields = staticmethod(_plan_correction_v2_v3)

    vocabularies = {"emphasis": v.EMPHASIS, "kind": v.PLAN_KIND}


class TeamFormed(EngagementEvent):
    """Pathway step 4: a collaborative structure (DLT, SLT, ILT/PLC...) is formed.

    It sits under the team it is aligned with (an SLT under the DLT, an ILT/PLC under its
    school's SLT)."""

    team_id: str
    kind: str
    name: str
    charge: str
    cadence: str
    school: str | None
    parent_team_id: str | None

    identity_fields = ("team_id",)

    # Version 3: the parent team (older teams: none recorded).
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        state.setdefault("parent_team_id", None)

    vocabularies = {"kind": v.TEAM_KIND}


class TeamMemberJoined(EngagementEvent):
    """Someone joins a team in a role, with an optional title.

    Roles: board, administration, teachers' organization, principal, teacher...; a title
    such as "union president"."""

    team_id: str
    member: str
    role: str
    title: str

    identity_fields = ("team_id", "member")

    # Version 3: ``role`` is a vocabulary; the free-text role of older events becomes the
    # ``title`` and their ``represents`` gives the role (``role_from_represents``).
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        if "title" in state and "represents" not in state:
            return  # already in the current shape (an export line upcast again)
        state["title"] = str(state.get("role") or "")
        state["role"] = role_from_represents(state.pop("represents", None))

    vocabularies = {"role": v.MEMBER_ROLE}

    @staticmethod
    def upcast_corrected_fields(fields: dict[str, Any]) -> None:
        if "role" in fields:
            fields["title"] = str(fields.pop("role") or "")
        if "represents" in fields:
            fields["role"] = role_from_represents(fields.pop("represents"))


class TeamMemberLeft(EngagementEvent):
    """Someone leaves a team."""

    team_id: str
    member: str
    reason: str

    identity_fields = ("team_id", "member")


class TeamStageAdvanced(EngagementEvent):
    """A team moves to another growth stage: form, norm, perform or sustain.

    These are the ledger's own labels for the four stages the CEC Collaboration & Community
    guidance describes."""

    team_id: str
    stage: str
    reason: str

    identity_fields = ("team_id",)

    vocabularies = {"stage": v.TEAM_STAGE}


class SessionDelivered(EngagementEvent):
    """Pathway step 5: a service delivered (training, facilitating, networking, mentoring,
    or coaching following one of them) with its hours, participants and consultant.

    ``service_id`` names a service of the CEC services catalogue (null: work outside it);
    ``cohort`` and ``part`` place a session of a series (Conflict Resolution's Session One
    and Two, the Labor-Management series' days) with its group of participants; coaching
    ``follows`` the session (#N) it supports, with the ``purpose`` the Coaching Delivery
    Model gives it after that delivery; ``unplanned`` and ``beyond_plan`` are the reasons
    given for a session outside the services plan in force, or over its planned hours."""

    delivery: str
    topic: str
    hours: Decimal
    participants: int
    consultant: str
    service_id: str | None
    team_id: str | None
    cohort: str | None
    part: str | None
    follows: int | None
    purpose: str | None
    unplanned: str | None
    beyond_plan: str | None

    # Version 3 (rules epoch 3): cohort, part, follows, purpose, unplanned, beyond_plan.
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        for name in ("cohort", "part", "follows", "purpose", "unplanned", "beyond_plan"):
            state.setdefault(name, None)
        # The catalogue prices Conflict Resolution as "a pair of training sessions": the
        # two entries of the 2026-11 catalogue are one service with two parts now.
        part = LEGACY_SERIES_PARTS.get(state.get("service_id") or "")
        if part is not None:
            state["service_id"] = "conflict-resolution"
            if state.get("delivery") != "coaching" and state.get("part") is None:
                state["part"] = part

    @staticmethod
    def upcast_corrected_fields(fields: dict[str, Any]) -> None:
        # A correction that named a 2026-11 Conflict Resolution entry names the service now.
        if fields.get("service_id") in LEGACY_SERIES_PARTS:
            fields["service_id"] = "conflict-resolution"

    vocabularies = {
        "delivery": v.DELIVERY,
        "part": v.SERIES_PART,
        "purpose": v.COACHING_PURPOSE,
    }


class ConsultantHandoff(EngagementEvent):
    """A transition between consultants (and content areas), with an overlap."""

    from_consultant: str
    to_consultant: str
    content_area: str
    overlap_until: date | None
    notes: str


class ResponsibilityTransferred(EngagementEvent):
    """Capacity transfer: a responsibility moves to a release level and a holder (for a
    catalogue service's delivery: to local trainers, naming the sessions that prepared
    them)."""

    responsibility: str
    team_id: str | None
    release_level: str
    holder: str
    service_id: str | None
    prepared_by: list[int]

    identity_fields = ("responsibility",)

    # Version 3 (rules epoch 3): the Coaching Delivery Model "trains local trainers": a
    # responsibility to deliver a catalogue service (``service_id``) moves to holders the
    # sessions ``prepared_by`` (#N, training or mentoring) prepared.
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        state.setdefault("service_id", None)
        state.setdefault("prepared_by", [])

    vocabularies = {"release_level": v.RELEASE_LEVEL}


class ReflectionRecorded(EngagementEvent):
    """The Reflect phase: what the team set out to do and what it accomplished.

    As the CEC Reflect phase guidance asks: process and content outcomes, communication,
    equitable voice, psychological safety, lessons learned (a later plan change cites lesson
    k as ``r<N>.<k>``), each plan goal met, partly met or not met with its evidence, and next
    steps."""

    team_id: str | None
    process_outcomes: str
    content_outcomes: str
    communication: str
    equitable_voice: str
    psychological_safety: str
    lessons_learned: list[str]
    goals: list[GoalResult]
    next_steps: list[str]

    # Version 3: goal results and next steps (older reflections: none).
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        state.setdefault("goals", [])
        state.setdefault("next_steps", [])


class OutcomeObserved(EngagementEvent):
    """An outcome of the CEC Logic Model observed, with evidence.

    ``impact`` says whether a short-term outcome is system impact (decision-making, policy changes, resource flow) or
    people impact (knowledge or skills, attitude shifts, common language, adapting practice);
    it is null for mid- and long-term outcomes. A measured outcome names its measure and
    unit, the observed value and optionally a baseline and a target; it links to the
    sessions, teams, catalogue services and plan goals it is evidence for, and to Framework
    for Change elements."""

    tier: str
    dimension: str
    evidence: str
    impact: str | None
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

    # Version 2 added ``impact`` (the CEC Logic Model splits short-term outcomes into system
    # and people impact, and reports group by it). Version 1 events are upcast on read, the
    # impact derived from their dimension; new events get it derived the same way when not
    # given. Version 3 added ``rules_version`` (older events: epoch 1). Version 4 added the
    # measure and the links (older outcomes: qualitative, linked to nothing).
    class_version = 4

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        if "impact" not in state:
            state["impact"] = v.SHORT_TERM_IMPACT.get(state.get("dimension", ""))
        state.setdefault("rules_version", 1)

    upcast_v2_v3 = staticmethod(_from_epoch_one)

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        for name in ("measure", "unit", "baseline", "target", "observed"):
            state.setdefault(name, None)
        for name in ("sessions", "teams", "services", "goals", "elements"):
            state.setdefault(name, [])

    def __post_init__(self) -> None:
        derived = v.SHORT_TERM_IMPACT.get(self.dimension)
        if self.impact is None:
            object.__setattr__(self, "impact", derived)
        elif self.impact != derived:
            raise InvalidValue(
                f"impact {self.impact!r} does not fit dimension {self.dimension!r} "
                f"(it is {'not a short-term dimension' if derived is None else derived})"
            )

    vocabularies = {
        "tier": v.OUTCOME_TIER,
        "dimension": v.OUTCOME_DIMENSION,
        "impact": v.OUTCOME_IMPACT,
    }


class EventCorrected(EngagementEvent):
    """A correction of an earlier event of the same engagement; the original stays."""

    corrects_version: int
    corrects_type: str
    reason: str
    corrected_fields: dict[str, Any]

    identity_fields = ("corrects_version", "corrects_type", "corrected_fields")

    # Version 3: a correction stored before rules epoch 3 names its target's fields as they
    # were then; its values are brought up to the target class's current fields on read.
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        target = EVENT_TYPES.get(str(state.get("corrects_type")))
        fields = state.get("corrected_fields")
        if target is not None and isinstance(fields, dict):
            target.upcast_corrected_fields(fields)


class EngagementClosed(EngagementEvent):
    """The engagement ends; nothing more can be written to it.

    Closing without any reflection says why (``without_reflection``)."""

    reason: str
    without_reflection: str | None

    # Version 3: the reason for closing without a reflection (older closes: none).
    class_version = 3

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state.setdefault("rules_version", 1)
        state.setdefault("without_reflection", None)


class EntryPointAdded(EngagementEvent):
    """Pathway step 2: a diagnostic entry point, with its structure (Theory of Action, Step 2).

    An engagement may have several, added over time ("used independently or in
    combination"). Which fields a kind needs:

    * ``system_assessment`` — ``framework_id``, ``assessment_version`` (full or short);
    * ``strategic_planning`` — ``planning_group`` (members with roles, the three anchors
      among them), ``planning_areas`` (of the five), ``plan_owner`` (the district team);
    * ``grant_criteria`` — ``grant``, ``granting_state``, ``criteria``, ``plan_deadline``;
    * ``individual_district_request`` — ``request``; a ``mandate`` needs its ``deadline``,
      and a deadline needs the ``follow_up`` agreed to make the work sustainable.
    """

    entry_point_id: str
    kind: str
    note: str
    framework_id: str | None
    assessment_version: str | None
    planning_group: list[PlanningMember]
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

    # A class new in rules epoch 3 starts at version 1.
    class_version = 1
    identity_fields = ("entry_point_id",)
    vocabularies = {"kind": v.ENTRY_POINT, "assessment_version": v.ASSESSMENT_VERSION}


class TeamPrioritySet(EngagementEvent):
    """A team sets a priority (Theory of Action, Step 4).

    The DLT's multi-year district priorities, an SLT's achievement or culture priorities
    within them, an Instructional Leadership Team's measurable goal (measure, unit, baseline,
    target, date)."""

    team_id: str
    priority_id: str
    kind: str
    text: str
    within: list[str]
    horizon: Horizon | None
    measure: str | None
    unit: str | None
    baseline: Decimal | None
    target: Decimal | None
    target_by: date | None
    elements: list[str]

    class_version = 1
    identity_fields = ("team_id", "priority_id")
    vocabularies = {"kind": v.PRIORITY_KIND}


class ProgressEvidenced(EngagementEvent):
    """Evidence of progress toward a team's priority (Theory of Action, Step 4).

    SLTs "produce evidence of progress"; for Instructional Leadership Teams "evidence of
    progress is collected and analyzed". A measurable goal's evidence gives the observed
    value."""

    team_id: str
    priority_id: str
    evidence: str
    observed: Decimal | None
    sessions: list[int]

    class_version = 1
    identity_fields = ("team_id", "priority_id")


class SupportRequested(EngagementEvent):
    """An SLT documents "the support needed from the DLT" for one of its priorities.

    Theory of Action, Step 4; the request goes to the SLT's parent DLT."""

    team_id: str
    priority_id: str
    request: str

    class_version = 1
    identity_fields = ("team_id", "priority_id")


EVENT_TYPES: dict[str, type[EngagementEvent]] = {
    cls.__name__: cls
    for cls in (
        EngagementOpened,
        AnchorCommitted,
        CommitmentWithdrawn,
        NeedsDiagnosed,
        DirectionSet,
        PlanChanged,
        TeamFormed,
        TeamMemberJoined,
        TeamMemberLeft,
        TeamStageAdvanced,
        SessionDelivered,
        ConsultantHandoff,
        ResponsibilityTransferred,
        ReflectionRecorded,
        OutcomeObserved,
        EventCorrected,
        EngagementClosed,
        EntryPointAdded,
        TeamPrioritySet,
        ProgressEvidenced,
        SupportRequested,
    )
}

# Fields shared by every event type that eventsourcing itself manages.
BASE_FIELDS: tuple[str, ...] = ("originator_id", "originator_version", "timestamp")
# Fields the ledger sets, never the person recording (nor a correction).
SYSTEM_FIELDS: tuple[str, ...] = ("recorded_by", "rules_version")


def vocabulary_for(event_type: str, field: str) -> v.Vocabulary | None:
    """The closed vocabulary of ``field`` on ``event_type``, if it has one."""
    return EVENT_TYPES[event_type].vocabularies.get(field)


@functools.cache
def stored_fields(event_type: str) -> tuple[str, ...]:
    """Every stored field of an event type (all but eventsourcing's base fields), in order:
    what an export line's ``data`` holds, with ``occurred_on`` and ``recorded_by``."""
    skip = {*BASE_FIELDS, "originator_topic"}
    return tuple(f.name for f in dataclasses.fields(EVENT_TYPES[event_type]) if f.name not in skip)


@functools.cache
def payload_fields(event_type: str) -> tuple[str, ...]:
    """The fields a consultant gives for an event type, and ``recorded_by``: the stored
    fields less ``rules_version``, which the ledger sets."""
    return tuple(n for n in stored_fields(event_type) if n != "rules_version")


given_fields = payload_fields
