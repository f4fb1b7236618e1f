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

TODAY = date(2025, 12, 31)
OPENED_ON = date(2025, 8, 18)
COMMITTED_ON = date(2025, 9, 2)
FORMED_ON = date(2025, 9, 10)
SESSION_ON = date(2025, 9, 20)
ACTOR = "tester"
SLUG = "maple-ridge"

IN_MEMORY = {
    "PERSISTENCE_MODULE": "eventsourcing.popo",
    "TRANSCODER_TOPIC": "cec_ledger.storage.codec:OrjsonTranscoder",
    "MAPPER_TOPIC": "cec_ledger.storage.codec:TypedMapper",
}


def service(service_id: str = "ibb-ibps", hours: str = "8", budget: str = "2500") -> dict:
    return {
        "service_id": service_id,
        "name": f"Service {service_id}",
        "hours": Decimal(hours),
        "budget": Decimal(budget),
    }


# One valid field dict per event type, dated so it fits after ``base()``.
_VALID: dict[str, dict[str, Any]] = {
    "EngagementOpened": {
        "slug": SLUG,
        "name": "Maple Ridge CUSD 7",
        "organisation": "Maple Ridge Community Unit School District 7",
        "level": "district",
        "entry_point": "system_assessment",
        "lead_consultant": "Ana Reyes",
        "occurred_on": OPENED_ON,
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
        "occurred_on": date(2025, 10, 1),
    },
    "DirectionSet": {
        "emphasis": "culture",
        "kind": "support",
        "goals": ["trust among anchors"],
        "services": [service()],
        "gans_addressed": [],
        "occurred_on": date(2025, 10, 1),
    },
    "PlanChanged": {
        "reason": "board asked for achievement focus",
        "emphasis": "achievement",
        "kind": "support",
        "goals": ["trust among anchors"],
        "services": [service()],
        "gans_addressed": [],
        "occurred_on": date(2025, 10, 2),
    },
    "TeamFormed": {
        "team_id": "slt-oak",
        "kind": "slt",
        "name": "Oak School Leadership Team",
        "charge": "school priorities",
        "cadence": "monthly",
        "school": "Oak Elementary",
        "occurred_on": date(2025, 10, 1),
    },
    "TeamMemberJoined": {
        "team_id": "dlt",
        "member": "Lee Park",
        "role": "principal",
        "represents": "administration",
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
        "delivery": "coaching",
        "topic": "data cycle",
        "hours": Decimal("2"),
        "participants": 6,
        "consultant": "Ana Reyes",
        "service_id": None,
        "team_id": None,
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
        "occurred_on": date(2025, 10, 1),
    },
    "OutcomeObserved": {
        "tier": "short_term",
        "dimension": "policy_changes",
        "evidence": "board adopted protected PLC time",
        "impact": None,
        "occurred_on": date(2025, 10, 1),
    },
    "EventCorrected": {
        "corrects_version": 2,
        "corrects_type": "AnchorCommitted",
        "reason": "typo in the signatory",
        "corrected_fields": {"signatory": "R. Alvarez-Ruiz"},
        "occurred_on": date(2025, 10, 1),
    },
    "EngagementClosed": {"reason": "contract ended", "occurred_on": date(2025, 12, 1)},
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
            "occurred_on": FORMED_ON,
        },
    ),
    (
        "TeamMemberJoined",
        {
            "team_id": "dlt",
            "member": "Dana Whitfield",
            "role": "union president",
            "represents": "teachers_organization",
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
            "team_id": "dlt",
            "occurred_on": SESSION_ON,
        },
    ),
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
