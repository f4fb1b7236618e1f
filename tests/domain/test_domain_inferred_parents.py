"""Priorities of teams formed before rules epoch 3 named a parent (domain/rules_v3_teams.py,
domain/structure.py): their parent is inferred (an SLT's the one DLT, an ILT/PLC's the one
SLT of its school), and the Theory of Action, Step 4 rules judge their priorities against
it: an SLT's sit "within the parameters of the DLT's priorities", an ILT/PLC's measurable
goals within its SLT's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import DomainError, NotFound, RuleViolation
from tests.domain.builders import ACTOR, TODAY, base, fields, record, snapshot

SCHOOL = "Oak Elementary"
SLT_PRIORITY = {
    "team_id": "slt-oak",
    "priority_id": "oak-literacy",
    "kind": "achievement",
    "text": "Every Oak student reading at benchmark",
    "within": ["collaboration-time"],
    "horizon": None,
    "elements": [],
    "occurred_on": date(2025, 10, 2),
}
PLC_GOAL = {
    "team_id": "plc-oak-g3",
    "priority_id": "g3-reading",
    "kind": "measurable_goal",
    "text": "Fewer grade 3 students below benchmark",
    "within": ["oak-literacy"],
    "horizon": None,
    "elements": [],
    "measure": "Grade 3 students below benchmark (screener)",
    "unit": "%",
    "baseline": Decimal(38),
    "target": Decimal(25),
    "target_by": date(2026, 5, 29),
    "occurred_on": date(2025, 10, 3),
}


def teams_of_epoch_2() -> Engagement:
    """``base()`` (the DLT ``dlt``), an SLT and an ILT/PLC of Oak Elementary formed under
    rules epoch 2 (no parent named), and the DLT's priority ``collaboration-time``."""
    engagement = base()
    for changes in (
        {"team_id": "slt-oak", "kind": "slt", "name": "Oak SLT"},
        {"team_id": "plc-oak-g3", "kind": "ilt-plc", "name": "Oak grade 3 PLC"},
    ):
        team = fields(
            "TeamFormed",
            **changes,
            school=SCHOOL,
            parent_team_id=None,
            occurred_on=date(2025, 10, 1),
        )
        engagement.record(
            "TeamFormed", {**team, "rules_version": 2}, recorded_by=ACTOR, today=TODAY
        )
    record(engagement, "TeamPrioritySet")  # dlt's collaboration-time, 2025-10-01
    return engagement


def refused(engagement: Engagement, error: type[DomainError], message: str, **changes: Any) -> None:
    before = snapshot(engagement)
    with pytest.raises(error) as caught:
        record(engagement, "TeamPrioritySet", **changes)
    assert str(caught.value) == message
    assert snapshot(engagement) == before


def test_an_older_slts_priorities_sit_within_its_inferred_dlts() -> None:
    engagement = teams_of_epoch_2()
    refused(
        engagement,
        RuleViolation,
        "SLT priorities sit 'within the parameters of the DLT's priorities' (Theory of Action, "
        "Step 4): name at least one of dlt's priorities (collaboration-time)",
        **{**SLT_PRIORITY, "within": []},
    )
    record(engagement, "TeamPrioritySet", **SLT_PRIORITY)
    assert engagement.state.priorities["oak-literacy"]["within"] == ["collaboration-time"]


def test_an_older_plcs_goals_sit_within_its_inferred_slts_priorities() -> None:
    engagement = teams_of_epoch_2()
    record(engagement, "TeamPrioritySet", **SLT_PRIORITY)
    refused(
        engagement,
        NotFound,
        "'collaboration-time' is not a priority of slt-oak on 2025-10-03 (oak-literacy)",
        **{**PLC_GOAL, "within": ["collaboration-time"]},
    )
    record(engagement, "TeamPrioritySet", **PLC_GOAL)
    assert engagement.state.priorities["g3-reading"]["within"] == ["oak-literacy"]
