"""The engagement's state as plain data (``state.to_dict()``: what ``engagement show --json``
prints, what the projector stores as the view row, what reports and ``diff`` compare).

The plain state is a copy: whoever reads it (a report that formats dates in place, a diff
that rewrites a value) may change it freely, and the engagement's folded state, which every
later rule and view reads, stays as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.state import EngagementState
from tests.domain.builders import ACTOR, ENTRY_STEP, TODAY, build, fields

CORRECTED_ON = date(2025, 10, 20)
# Something of every part of the plain state that holds records: an entry point, a second
# commitment, a diagnosis, a plan and its change, a handoff, a responsibility, an outcome, a
# DLT priority, a reflection with a lesson, and a correction made on 2025-10-20.
STEPS: list[tuple[str, dict[str, Any]]] = [
    ENTRY_STEP,
    ("AnchorCommitted", {}),
    ("NeedsDiagnosed", {}),
    ("DirectionSet", {}),
    ("PlanChanged", {}),
    ("ConsultantHandoff", {}),
    ("ResponsibilityTransferred", {}),
    ("OutcomeObserved", {}),
    ("TeamPrioritySet", {}),
    ("ReflectionRecorded", {"lessons_learned": ["Protect the agenda"]}),
    ("EventCorrected", {"occurred_on": CORRECTED_ON}),
]
# The parts that copy records out of the folded state.
RECORD_PARTS = (
    "anchors",
    "commitment_history",
    "diagnoses",
    "plan",
    "plan_history",
    "teams",
    "handoffs",
    "responsibilities",
    "outcomes",
    "entry_points",
    "priorities",
    "goals",
    "lessons",
    "reflection_log",
)


def tamper(value: Any) -> None:
    """Change every dict inside ``value`` in place (a key added), as a careless reader might."""
    if isinstance(value, dict):
        for inner in list(value.values()):
            tamper(inner)
        value["tampered"] = True
    elif isinstance(value, list):
        for inner in value:
            tamper(inner)


def state_now() -> EngagementState:
    return build(STEPS).state


def state_before_the_correction() -> EngagementState:
    """As of 2025-10-10: the correction made later is listed under ``corrected_later``."""
    return fold_history(build(STEPS).history, occurred_by=date(2025, 10, 10))


@pytest.mark.parametrize(
    ("read", "parts"),
    [
        pytest.param(state_now, (*RECORD_PARTS, "corrections"), id="now"),
        pytest.param(state_before_the_correction, (*RECORD_PARTS, "corrected_later"), id="as-of"),
    ],
)
def test_changing_the_plain_state_leaves_the_engagement_as_it_was(
    read: Callable[[], EngagementState], parts: tuple[str, ...]
) -> None:
    state = read()
    shown = state.to_dict()
    assert [p for p in parts if not shown[p]] == []  # every part has records to tamper with
    before = copy.deepcopy(shown)
    for part in shown.values():
        tamper(part)
    assert state.to_dict() == before


def test_sessions_without_a_service_are_counted_as_none() -> None:
    """A session recorded before sessions named their service (rules epoch 2) is counted under
    "(none)" in the sessions by service."""
    engagement = build()
    engagement.record(
        "SessionDelivered",
        {**fields("SessionDelivered", service_id=None), "rules_version": 2},
        recorded_by=ACTOR,
        today=TODAY,
    )
    sessions = engagement.state.to_dict()["sessions"]
    assert sessions["by_service"] == {"dlt-slt-plc-integration": 1, "(none)": 1}
    assert sessions["hours"] == Decimal("6")
