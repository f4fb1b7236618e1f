"""The engagement view plugins read, as types: what ``cec_ledger_validate_event`` and
``cec_ledger_report_sections`` get as ``engagement``.

Each shape is a ``TypedDict`` whose docstring documents every key (``:key name:``); the API
reference in docs/plugins.md is generated from these docstrings, and a test fails when a key
has no line. At run time the view is a read-only Mapping of these shapes (``view["plan"]``;
attribute access fails). Dates are ISO strings; amounts (hours, budgets, readiness scores)
are ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict
from uuid import UUID


class AnchorView(TypedDict):
    """One of the three anchors (board, administration, teachers_organization).

    :key committed: True while the anchor's commitment stands (False: never committed, or
        withdrawn).
    :key signatory: who signed (or withdrew) for the anchor; "" before any commitment.
    :key instrument: the compact, constitution or MOU signed; "".
    :key since: ISO date of the latest commitment or withdrawal; None before any.
    """

    committed: bool
    signatory: str
    instrument: str
    since: str | None


class SessionView(TypedDict):
    """A session delivered so far (Pathway step 5), in recorded order.

    :key version: the event's number in the engagement (``#N``).
    :key service_id: the catalogue service delivered; None for a session outside it.
    :key occurred_on: ISO date it took place.
    :key participants: how many took part.
    :key hours: its length (Decimal).
    :key delivery: ``training``, ``facilitating``, ``networking``, ``mentoring`` or
        ``coaching``.
    :key team_id: the team it served, or None.
    :key cohort: the cohort (for services priced per cohort), or None.
    :key part: the series part (``session_one``, ``session_two``, ``full_day``, ``half_day``), or None.
    :key follows: for coaching, the session (#N) it follows; else None.
    :key unplanned: why a session outside the plan was delivered, or None.
    """

    version: int
    service_id: str | None
    occurred_on: str | None
    participants: int
    hours: Decimal
    delivery: str
    team_id: str | None
    cohort: str | None
    part: str | None
    follows: int | None
    unplanned: str | None


class PlanLineView(TypedDict):
    """A line of a services plan: a catalogue service with its hours and budget.

    :key service_id: the catalogue service.
    :key name: the service's name as the plan recorded it.
    :key hours: hours planned (Decimal), or None.
    :key budget: dollars planned (Decimal), or None when the catalogue publishes no price.
    :key price_note: how the budget was priced, in words (or None).
    :key cohorts: how many cohorts the line plans, or None.
    :key kind: ``targeted_support`` or ``step1_programme``, or None for older lines.
    :key price_rule: the catalogue's price rule the line was priced by (``kind``,
        ``amount``, ``block_hours``, ``per``); empty when not recorded.
    """

    service_id: str
    name: str | None
    hours: Decimal | None
    budget: Decimal | None
    price_note: str | None
    cohorts: int | None
    kind: str | None
    price_rule: dict[str, Any]


class PlanRecordView(TypedDict):
    """A plan event (PlanSet or PlanChanged) and the services it left in the plan.

    :key on: ISO date the plan was set or changed.
    :key services: the service ids of the plan's lines after that event.
    """

    on: str | None
    services: list[str]


class GoalView(TypedDict):
    """A goal of the plan in force.

    :key goal_id: the goal's id (never reused).
    :key text: the goal as written.
    :key elements: the Framework for Change elements it addresses.
    :key gans: the greatest areas of need (indicator ids) it addresses.
    """

    goal_id: str
    text: str
    elements: list[str]
    gans: list[str]


class PlanView(TypedDict):
    """The services plan in force (Theory of Action, Step 3), or None before PlanSet.

    :key emphasis: ``achievement`` or ``culture``.
    :key kind: ``support`` (achievement-based) or ``transformation`` (culture-based).
    :key goals: the plan's goals (``GoalView``).
    :key services: the plan's lines (``PlanLineView``), as ``plan_lines``.
    :key gans_addressed: the greatest areas of need the plan addresses.
    :key total_hours: the lines' hours added up (Decimal).
    :key total_budget: the lines' budgets added up (Decimal).
    :key since: ISO date of the latest PlanSet or PlanChanged.
    :key changes: how many PlanChanged events changed it since it was set.
    :key horizon: the school years the plan spans (``first``, ``last``), or None.
    """

    emphasis: str
    kind: str
    goals: list[GoalView]
    services: list[PlanLineView]
    gans_addressed: list[str]
    total_hours: Decimal
    total_budget: Decimal
    since: str | None
    changes: int
    horizon: dict[str, str] | None


class DiagnosisView(TypedDict):
    """A needs diagnosis recorded so far (Pathway step 2), oldest first.

    :key version: the NeedsDiagnosed event's number (``#N``).
    :key framework_id: the framework rated against.
    :key framework_version: the framework's version then.
    :key occurred_on: ISO date of the assessment.
    :key ratings: indicator id -> rating, normalised by the framework (``"not_observed"``
        where given).
    :key evidence: indicator id -> evidence text.
    :key assessors: who rated.
    :key readiness_score: the readiness baseline, 0 to 1 (Decimal), or None.
    :key readiness_label: the baseline's label, or None.
    :key greatest_areas_of_need: indicator ids, weakest first.
    :key strengths: indicator ids rated strongest; None when recorded before strengths were.
    :key not_observed: indicators answered "not observed".
    :key recommended_services: services the framework recommended for the GANs; None when
        not recorded.
    :key entry_point_id: the diagnostic entry point the diagnosis was made through, or None.
    :key assessment_version: ``full`` or ``short``.
    """

    version: int
    framework_id: str
    framework_version: str
    occurred_on: str | None
    ratings: dict[str, str | int]
    evidence: dict[str, str]
    assessors: list[str]
    readiness_score: Decimal | None
    readiness_label: str | None
    greatest_areas_of_need: list[str]
    strengths: list[str] | None
    not_observed: list[str]
    recommended_services: list[str] | None
    entry_point_id: str | None
    assessment_version: str


class EngagementView(TypedDict):
    """What a plugin reads about an engagement: the ``engagement`` argument of
    ``cec_ledger_validate_event`` (the engagement *before* the event; for a correction,
    before the corrected event, with the earlier corrections applied) and of
    ``cec_ledger_report_sections`` (the engagement as reported, with its values JSON-plain:
    amounts as decimal strings).

    :key id: the engagement's id (a UUID).
    :key slug: its short name (``maple-ridge``).
    :key level: ``district``, ``school``, ``state`` or ``labor_management_group``.
    :key entry_point: the entry point named when it was opened, or None.
    :key opened_on: ISO date it was opened.
    :key anchors: anchor token -> ``AnchorView``.
    :key teams: the ids of its teams, sorted.
    :key plan_services: the service ids of the plan in force ([] before a plan).
    :key plan_lines: the lines of the plan in force (``PlanLineView``).
    :key plans: every plan event so far (``PlanRecordView``).
    :key sessions: every session so far (``SessionView``).
    :key diagnoses: every diagnosis so far, oldest first (``DiagnosisView``).
    :key plan: the plan in force (``PlanView``), or None before a plan is set.
    """

    id: UUID | str
    slug: str
    level: str
    entry_point: str | None
    opened_on: str | None
    anchors: dict[str, AnchorView]
    teams: list[str]
    plan_services: list[str]
    plan_lines: list[PlanLineView]
    plans: list[PlanRecordView]
    sessions: list[SessionView]
    diagnoses: list[DiagnosisView]
    plan: PlanView | None


VIEW_TYPES: tuple[type, ...] = (
    EngagementView,
    AnchorView,
    SessionView,
    PlanLineView,
    PlanRecordView,
    PlanView,
    GoalView,
    DiagnosisView,
)
