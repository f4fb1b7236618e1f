"""The services plan (Theory of Action, Step 3): set, then changed with a reason.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.entries import PlanEntry
from cec_ledger.domain.folding import folds
from cec_ledger.domain.plan_lines import plan_lines_entry


def plan_from(state: Any, e: ev.DirectionSet | ev.PlanChanged, changes: int) -> PlanEntry:
    """The plan entry a plan event sets (every plan event holds the whole plan)."""
    services, total_hours, total_budget = plan_lines_entry(e.services)
    return {
        "emphasis": e.emphasis,
        "kind": e.kind,
        "goals": list(e.goals),
        "services": services,
        "gans_addressed": list(e.gans_addressed),
        "total_hours": total_hours,
        "total_budget": total_budget,
        "since": e.occurred_on,
        "changes": changes,
    }


@folds(ev.DirectionSet)
def fold_direction_set(state: Any, e: ev.DirectionSet) -> None:
    state.plan = plan_from(state, e, changes=0)
    state.plan_history.append({"on": e.occurred_on, "action": "set", "reason": ""})


@folds(ev.PlanChanged)
def fold_plan_changed(state: Any, e: ev.PlanChanged) -> None:
    changes = state.plan["changes"] + 1 if state.plan else 1
    state.plan = plan_from(state, e, changes)
    state.plan_history.append({"on": e.occurred_on, "action": "changed", "reason": e.reason})
