"""Valid events and small engagements for the domain tests, on a fixed calendar.

Nothing here reads the clock: ``TODAY`` is the "today" every rule is judged against, and
the in-memory application gets explicit timestamps where recorded time matters.

``fields(event_type, **changes)`` gives a complete, valid field dict for one event type
(the rules want every field, optional ones included); ``changes`` replace some of them.
``base()`` is the small engagement the refusal table starts from (the same shape as the CLI
tests' ``base_engagement``): opened, board committed, a DLT formed with one member, one
session delivered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.application import EngagementApplication
from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.vocabulary import FRAMEWORK_ELEMENT

ELEMENT = FRAMEWORK_ELEMENT.normalise

TODAY = date(2025, 12, 31)
OPENED_ON = date(2025, 8, 18)
COMMITTED_ON = date(2025, 9, 2)
FORMED_ON = date(2025, 9, 10)
SESSION_ON = date(2025, 9, 20)
ACTOR = "tester"
ENTRY_POINT_ID = "sa-2025"
SLUG = "maple-ridge"

IN_MEMORY = {
    "PERSISTENCE_MODULE": "eventsourcing.popo",
    "TRANSCODER_TOPIC": "cec_ledger.storage.codec:OrjsonTranscoder",
    "MAPPER_TOPIC": "cec_ledger.storage.codec:TypedMapper",
}


def goal(goal_id: str, text: str, *elements: str, gans: tuple[str, ...] = ()) -> dict:
    """A plan goal with its elements (typed "FLMC", "IEP"...; FLMC when none are given) as
    the ledger stores them."""
    typed = elements or ("FLMC",)
    return {
        "goal_id": goal_id,
        "text": text,
        "elements": [t for t in FRAMEWORK_ELEMENT.tokens if t in {ELEMENT(e) for e in typed}],
        "gans": list(gans),
    }


def service(
    service_id: str = "ibb-ibps",
    hours: str = "8",
    budget: str | None = "2500",
    **changes: Any,
) -> dict:
    """A plan line as the facade fills it (name, kind and price rule from the catalogue;
    here a block price, as the catalogue prices ibb-ibps)."""
    return {
        "service_id": service_id,
        "name": f"Service {service_id}",
        "hours": Decimal(hours),
        "budget": None if budget is None else Decimal(budget),
        "price_note": None,
        "cohorts": None,
        "kind": "targeted_support",
        "price_rule": {
            "kind": "block",
            "amount": Decimal("2500"),
            "block_hours": Decimal("8"),
            "per": "block of up to 8 hours",
        },
        **changes,
    }


# One valid field dict per event type, dated so it fits after ``base()``.
_VALID: dict[str, dict[str, Any]] = {
    "EngagementOpened": {
        "slug": SLUG,
        "name": "Maple Ridge CUSD 7",
        "organisation": "Maple Ridge Community Unit School District 7",
        "level": "district",
        "entry_point": None,
        "lead_consultant": "Ana Reyes",
        "occurred_on": OPENED_ON,
    },
    "EntryPointAdded": {
        "entry_point_id": "sa-2025",
        "kind": "system_assessment",
        "note": "",
        "framework_id": "plc",
        "assessment_version": "full",
        "planning_group": [],
        "planning_areas": [],
        "plan_owner": None,
        "grant": None,
        "granting_state": None,
        "criteria": [],
        "plan_deadline": None,
        "request": None,
        "mandate": None,
        "deadline": None,
        "follow_up": None,
        "occurred_on": date(2025, 10, 1),
    },
    "AnchorCommitted": {
        "anchor": "administration",
        "signatory": "Supt. J. Okafor",
        "instrument": "compact",
        "note": "",
        "occurred_on": date(2025, 10, 1),
    },
    "CommitmentWithdrawn": {
        "anchor": "board",
        "signatory": "R. Alvarez",
        "reason": "new board majority",
        "occurred_on": date(2025, 10, 1),
    },
    "NeedsDiagnosed": {
        "framework_id": "plc",
        "framework_version": "1",
        "ratings": {"shared-mission": 2, "collective-inquiry": "developing"},
        "evidence": {"shared-mission": "survey"},
        "assessors": ["Ana Reyes"],
        "readiness_score": Decimal("0.5"),
        "readiness_label": "developing",
        "greatest_areas_of_need": ["shared-mission"],
        "entry_point_id": ENTRY_POINT_ID,
        "assessment_version": "full",
        "strengths": ["collective-inquiry"],
        "not_observed": [],
        "recommended_services": ["dlt-slt-plc-integration"],
        "occurred_on": date(2025, 10, 1),
    },
    "DirectionSet": {
        "emphasis": "achievement",
        "kind": "support",
        "goals": [goal("trust", "trust among anchors")],
        "services": [service()],
        "gans_addressed": [],
        "horizon": None,
        "from_diagnosis": None,
        "occurred_on": date(2025, 10, 1),
    },
    "PlanChanged": {
        "reason": "board asked for a data cycle",
        "emphasis": "achievement",
        "kind": "support",
        "goals": [
            goal("trust", "trust among anchors"),
            goal("data-cycle", "a PLC data cycle", "IEP"),
        ],
        "services": [service()],
        "gans_addressed": [],
        "horizon": None,
        "cites": [],
        "occurred_on": date(2025, 10, 2),
    },
    "TeamFormed": {
        "team_id": "slt-oak",
        "kind": "slt",
        "name": "Oak School Leadership Team",
        "charge": "school priorities",
        "cadence": "monthly",
        "school": "Oak Elementary",
        "parent_team_id": "dlt",
        "occurred_on": date(2025, 10, 1),
    },
    "TeamMemberJoined": {
        "team_id": "dlt",
        "member": "Lee Park",
        "role": "principal",
        "title": "",
        "occurred_on": date(2025, 10, 1),
    },
    "TeamMemberLeft": {
        "team_id": "dlt",
        "member": "Dana Whitfield",
        "reason": "retired",
        "occurred_on": date(2025, 10, 1),
    },
    "TeamStageAdvanced": {
        "team_id": "dlt",
        "stage": "norm",
        "reason": "",
        "occurred_on": date(2025, 10, 1),
    },
    "SessionDelivered": {
        "delivery": "training",
        "topic": "data cycle",
        "hours": Decimal("2"),
        "participants": 6,
        "consultant": "Ana Reyes",
        "service_id": "dlt-slt-plc-integration",
        "team_id": None,
        "cohort": None,
        "part": None,
        "follows": None,
        "purpose": None,
        "unplanned": None,
        "beyond_plan": None,
        "occurred_on": date(2025, 10, 1),
    },
    "ConsultantHandoff": {
        "from_consultant": "Ana Reyes",
        "to_consultant": "Priya Raman",
        "content_area": "PLC facilitation",
        "overlap_until": date(2025, 10, 15),
        "notes": "",
        "occurred_on": date(2025, 10, 1),
    },
    "ResponsibilityTransferred": {
        "responsibility": "facilitate DLT meetings",
        "team_id": "dlt",
        "release_level": "co-led",
        "holder": "Dana Whitfield",
        "service_id": None,
        "prepared_by": [],
        "occurred_on": date(2025, 10, 1),
    },
    "ReflectionRecorded": {
        "team_id": None,
        "process_outcomes": "agendas now shared a week ahead",
        "content_outcomes": "",
        "communication": "",
        "equitable_voice": "",
        "psychological_safety": "",
        "lessons_learned": [],
        "goals": [],
        "next_steps": [],
        "occurred_on": date(2025, 10, 1),
    },
    "OutcomeObserved": {
        "tier": "short_term",
        "dimension": "policy_changes",
        "evidence": "board adopted protected PLC time",
        "impact": None,
        "measure": None,
        "unit": None,
        "baseline": None,
        "target": None,
        "observed": None,
        "sessions": [],
        "teams": [],
        "services": [],
        "goals": [],
        "elements": [],
        "occurred_on": date(2025, 10, 1),
    },
    "TeamPrioritySet": {
        "team_id": "dlt",
        "priority_id": "collaboration-time",
        "kind": "district_priority",
        "text": "Protected collaboration time for every grade-level team",
        "within": [],
        "horizon": {"first": "2025-26", "last": "2026-27"},
        "measure": None,
        "unit": None,
        "baseline": None,
        "target": None,
        "target_by": None,
        "elements": ["transforming_the_profession"],
        "occurred_on": date(2025, 10, 1),
    },
    # Evidence and support requests name the priorities of an SLT and its PLC (see
    # tests/domain/test_domain_cec_model.py's STRUCTURE for the teams and priorities).
    "ProgressEvidenced": {
        "team_id": "plc-oak-g3",
        "priority_id": "g3-reading",
        "evidence": "winter screener",
        "observed": Decimal(29),
        "sessions": [],
        "occurred_on": date(2025, 12, 16),
    },
    "SupportRequested": {
        "team_id": "slt-oak",
        "priority_id": "oak-literacy",
        "request": "Fund and schedule a daily intervention block",
        "occurred_on": date(2025, 11, 6),
    },
    "EventCorrected": {
        "corrects_version": 2,
        "corrects_type": "AnchorCommitted",
        "reason": "typo in the signatory",
        "corrected_fields": {"signatory": "R. Alvarez-Ruiz"},
        "occurred_on": date(2025, 10, 1),
    },
    "EngagementClosed": {
        "reason": "contract ended",
        "without_reflection": "the district ended the contract before a reflection",
        "occurred_on": date(2025, 12, 1),
    },
}

EVENT_TYPE_NAMES: tuple[str, ...] = tuple(_VALID)


def fields(event_type: str, **changes: Any) -> dict[str, Any]:
    """A complete, valid field dict for ``event_type``, with ``changes`` applied. A change of a
    field the event does not have is a typo in the test, except ``bogus`` (the refusal of an
    unknown field)."""
    unknown = set(changes) - set(_VALID[event_type]) - {"bogus"}
    assert not unknown, f"builders.fields: {event_type} has no {sorted(unknown)}"
    return {**_VALID[event_type], **changes}


def opened(**changes: Any) -> Engagement:
    """A fresh engagement: only EngagementOpened (version 1)."""
    return Engagement.open(fields("EngagementOpened", **changes), recorded_by=ACTOR, today=TODAY)


def record(engagement: Engagement, event_type: str, **changes: Any) -> Any:
    """Record one valid event of ``event_type`` (with ``changes``) on ``engagement``."""
    return engagement.record(
        event_type, fields(event_type, **changes), recorded_by=ACTOR, today=TODAY
    )


def correct(engagement: Engagement, version: int, event_type: str, **values: Any) -> Any:
    """Record an EventCorrected of event #``version`` (an ``event_type``) with ``values``."""
    return record(
        engagement,
        "EventCorrected",
        corrects_version=version,
        corrects_type=event_type,
        corrected_fields=values,
    )


# The setup steps of ``base()``: versions 2 to 5 (1 is EngagementOpened).
BASE_STEPS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "AnchorCommitted",
        {"anchor": "board", "signatory": "R. Alvarez", "occurred_on": COMMITTED_ON},
    ),
    (
        "TeamFormed",
        {
            "team_id": "dlt",
            "kind": "dlt",
            "name": "District Leadership Team",
            "school": None,
            "parent_team_id": None,
            "occurred_on": FORMED_ON,
        },
    ),
    (
        "TeamMemberJoined",
        {
            "team_id": "dlt",
            "member": "Dana Whitfield",
            "role": "teachers_organization",
            "title": "union president",
            "occurred_on": FORMED_ON,
        },
    ),
    (
        "SessionDelivered",
        {
            "delivery": "training",
            "topic": "Effective team practices",
            "hours": Decimal("4"),
            "participants": 18,
            "service_id": "dlt-slt-plc-integration",
            "team_id": "dlt",
            "occurred_on": SESSION_ON,
        },
    ),
)

# A system assessment to diagnose through (rules epoch 3: a diagnosis names its entry point);
# tests that diagnose record it first.
ENTRY_STEP: tuple[str, dict[str, Any]] = (
    "EntryPointAdded",
    {"entry_point_id": ENTRY_POINT_ID, "occurred_on": OPENED_ON},
)


def build(steps: Iterable[tuple[str, dict[str, Any]]] = ()) -> Engagement:
    """``base()`` followed by ``steps`` (event type, changes to its valid fields)."""
    engagement = opened()
    for event_type, changes in (*BASE_STEPS, *steps):
        record(engagement, event_type, **changes)
    return engagement


def base() -> Engagement:
    return build()


def snapshot(engagement: Engagement) -> tuple[int, int, dict[str, Any]]:
    """What must not change when a command is refused: version, history and the state."""
    return engagement.version, len(engagement.history), engagement.state.to_dict()


def in_memory_app(**kwargs: Any) -> EngagementApplication:
    """An application on eventsourcing's in-memory (POPO) persistence."""
    return EngagementApplication(env=dict(IN_MEMORY), **kwargs)
