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
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypedDict

from eventsourcing.domain import Aggregate

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue


class PlannedService(TypedDict):
    """One service chosen in a services plan (seed 004 catalogue id, hours and budget)."""

    service_id: str
    name: str
    hours: Decimal
    budget: Decimal


# The rules epoch new events are recorded under (``domain.rules`` registers rules per epoch).
RULES_EPOCH = 2


def _from_epoch_one(state: dict[str, Any]) -> None:
    """Upcaster: an event stored before rules epochs existed was judged by epoch 1."""
    state.setdefault("rules_version", 1)


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


class EngagementOpened(Aggregate.Created, EngagementEvent):
    """A partnership with a district or school begins, through a diagnostic entry point."""

    slug: str
    name: str
    organisation: str
    level: str
    entry_point: str
    lead_consultant: str | None

    identity_fields = ("slug",)

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


class DirectionSet(EngagementEvent):
    """Pathway step 3: the services plan, its emphasis and kind, goals and GANs addressed."""

    emphasis: str
    kind: str
    goals: list[str]
    services: list[PlannedService]
    gans_addressed: list[str]

    vocabularies = {"emphasis": v.EMPHASIS, "kind": v.PLAN_KIND}


class PlanChanged(EngagementEvent):
    """The services plan changes; the event holds the whole new plan and why it changed."""

    reason: str
    emphasis: str
    kind: str
    goals: list[str]
    services: list[PlannedService]
    gans_addressed: list[str]

    vocabularies = {"emphasis": v.EMPHASIS, "kind": v.PLAN_KIND}


class TeamFormed(EngagementEvent):
    """Pathway step 4: a collaborative structure (DLT, SLT, PLC...) is formed."""

    team_id: str
    kind: str
    name: str
    charge: str
    cadence: str
    school: str | None

    identity_fields = ("team_id",)

    vocabularies = {"kind": v.TEAM_KIND}


class TeamMemberJoined(EngagementEvent):
    """Someone joins a team, in a role, possibly representing an anchor or group."""

    team_id: str
    member: str
    role: str
    represents: str | None

    identity_fields = ("team_id", "member")


class TeamMemberLeft(EngagementEvent):
    """Someone leaves a team."""

    team_id: str
    member: str
    reason: str

    identity_fields = ("team_id", "member")


class TeamStageAdvanced(EngagementEvent):
    """A team moves between the growth stages form, norm, perform, sustain (seed 001)."""

    team_id: str
    stage: str
    reason: str

    identity_fields = ("team_id",)

    vocabularies = {"stage": v.TEAM_STAGE}


class SessionDelivered(EngagementEvent):
    """Pathway step 5: a service delivered (training, facilitating, networking, mentoring,
    coaching) with its hours, participants and consultant."""

    delivery: str
    topic: str
    hours: Decimal
    participants: int
    consultant: str
    service_id: str | None
    team_id: str | None

    vocabularies = {"delivery": v.DELIVERY}


class ConsultantHandoff(EngagementEvent):
    """A transition between consultants (and content areas), with an overlap."""

    from_consultant: str
    to_consultant: str
    content_area: str
    overlap_until: date | None
    notes: str


class ResponsibilityTransferred(EngagementEvent):
    """Capacity transfer: a responsibility moves to a release level and a holder."""

    responsibility: str
    team_id: str | None
    release_level: str
    holder: str

    identity_fields = ("responsibility",)

    vocabularies = {"release_level": v.RELEASE_LEVEL}


class ReflectionRecorded(EngagementEvent):
    """The Reflect phase (seed 002): process and content outcomes, communication,
    equitable voice, psychological safety, lessons learned."""

    team_id: str | None
    process_outcomes: str
    content_outcomes: str
    communication: str
    equitable_voice: str
    psychological_safety: str
    lessons_learned: list[str]


class OutcomeObserved(EngagementEvent):
    """An outcome of the logic model (seed 000) observed, with evidence. ``impact`` says
    whether a short-term outcome is system impact (decision-making, policy changes,
    resource flow) or people impact (knowledge or skills, attitude shifts, common language,
    adapting practice); it is null for mid- and long-term outcomes."""

    tier: str
    dimension: str
    evidence: str
    impact: str | None

    # Version 2 added ``impact`` (seed 000 splits short-term outcomes into system and people
    # impact, and reports group by it). Version 1 events are upcast on read, the impact
    # derived from their dimension; new events get it derived the same way when not given.
    # Version 3 added ``rules_version`` (older events: epoch 1).
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        if "impact" not in state:
            state["impact"] = v.SHORT_TERM_IMPACT.get(state.get("dimension", ""))
        state.setdefault("rules_version", 1)

    upcast_v2_v3 = staticmethod(_from_epoch_one)

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


class EngagementClosed(EngagementEvent):
    """The engagement ends; nothing more can be written to it."""

    reason: str


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
