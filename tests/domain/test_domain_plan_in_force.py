"""The plan in force on a date (domain/plan_lines.py ``plan_events`` / ``lines_on``): the
latest plan event on or before the date, the one recorded last among those of one date; a
plan history entry that does not keep its lines (older states) stands in with the lines of
the plan in force; a state without a plan or a plan history has no plan events."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from cec_ledger.domain.plan_lines import PlansInForce, lines_on, plan_events

DAY = date(2025, 10, 1)
FIRST = {"service_id": "ibb-ibps", "hours": 8}
SECOND = {"service_id": "dlt-slt-plc-integration", "hours": 4}


def history(*entries: dict[str, Any], plan: Any = None) -> SimpleNamespace:
    return SimpleNamespace(plan=plan, plan_history=list(entries))


def test_a_state_with_no_plan_or_plan_history_has_no_plan_events() -> None:
    assert plan_events(SimpleNamespace()) == []
    assert lines_on(SimpleNamespace(), DAY) == (None, [])


def test_a_history_entry_without_its_lines_stands_in_with_the_plan_in_force() -> None:
    state = history({"on": DAY}, plan={"services": [FIRST, SECOND]})
    assert plan_events(state) == [(DAY, [FIRST, SECOND])]


def test_a_history_entry_without_its_lines_and_no_plan_has_no_lines() -> None:
    assert plan_events(history({"on": DAY})) == [(DAY, [])]


def test_of_two_plan_events_on_one_date_the_one_recorded_last_is_in_force() -> None:
    state = history({"on": DAY, "services": [FIRST]}, {"on": DAY, "services": [SECOND]})
    assert lines_on(state, DAY) == (DAY, [SECOND])
    assert PlansInForce(state).lines_on(DAY) == (DAY, [SECOND])
    assert lines_on(state, date(2025, 9, 30)) == (None, [])
