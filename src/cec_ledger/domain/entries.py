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


class PlanEntry(TypedDict):
    """The services plan in force (Theory of Action, Step 3)."""

    emphasis: str
    kind: str
    goals: list[str]
    services: list[dict[str, Any]]
    gans_addressed: list[str]
    total_hours: Decimal
    total_budget: Decimal
    since: date
    changes: int


class PlanHistoryEntry(TypedDict):
    on: date
    action: str  # "set" | "changed"
    reason: str


class MemberEntry(TypedDict):
    role: str
    represents: str | None
    since: date


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


class HandoffEntry(TypedDict):
    from_consultant: str
    to_consultant: str
    content_area: str
    on: date
    overlap_until: date | None
    notes: str


class ReleaseRecord(TypedDict):
    on: date
    release_level: str
    holder: str
    team_id: str | None


class ResponsibilityEntry(TypedDict, total=False):
    responsibility: str
    team_id: str | None
    release_level: str
    holder: str
    since: date
    history: list[ReleaseRecord]


class ReflectionEntry(TypedDict):
    on: date
    team_id: str | None
    process_outcomes: str
    content_outcomes: str
    communication: str
    equitable_voice: str
    psychological_safety: str
    lessons_learned: list[str]


class OutcomeEntry(TypedDict):
    on: date
    tier: str
    dimension: str
    impact: str | None
    evidence: str


class CorrectionEntry(TypedDict):
    version: int
    corrects_version: int
    corrects_type: str
    reason: str
    corrected_fields: dict[str, Any]
    on: date
