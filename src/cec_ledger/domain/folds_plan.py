"""The services plan (Theory of Action, Step 3): set, then changed with a reason; its goals'
history (added, replaced, removed) and the lessons plan changes cite.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.entries import PlanEntry
from cec_ledger.domain.folding import folds
from cec_ledger.domain.plan_goals import goal_changes
from cec_ledger.domain.plan_lines import plan_lines_entry


def plan_from(state: Any, e: ev.DirectionSet | ev.PlanChanged, changes: int) -> PlanEntry:
    """The plan entry a plan event sets (every plan event holds the whole plan)."""
    services, total_hours, total_budget = plan_lines_entry(e.services)
    return {
        "emphasis": e.emphasis,
        "kind": e.kind,
        "goals": [dict(g) for g in e.goals],
        "services": services,
        "gans_addressed": list(e.gans_addressed),
        "total_hours": total_hours,
        "total_budget": total_budget,
        "since": e.occurred_on,
        "changes": changes,
        "horizon": dict(e.horizon) if e.horizon else None,
    }


def _track_goals(state: Any, e: ev.DirectionSet | ev.PlanChanged, reason: str) -> dict[str, Any]:
    """Each goal's history (``state.goals``): when it entered the plan, its earlier texts,
    when and why it left. Returns what this plan event changed."""
    before = state.plan["goals"] if state.plan else []
    changes = goal_changes(before, list(e.goals))
    for goal in e.goals:
        entry = state.goals.get(goal["goal_id"])
        if entry is None or entry.get("removed_on") is not None:
            state.goals[goal["goal_id"]] = {
                "goal_id": goal["goal_id"],
                "text": goal["text"],
                "elements": list(goal["elements"]),
                "gans": list(goal["gans"]),
                "added_on": e.occurred_on,
                "replaced": [] if entry is None else entry["replaced"],
                "removed_on": None,
                "removal_reason": "",
                "result": None if entry is None else entry.get("result"),
            }
            continue
        if entry["text"] != goal["text"]:
            entry["replaced"].append({"on": e.occurred_on, "old_text": entry["text"]})
        entry.update(text=goal["text"], elements=list(goal["elements"]), gans=list(goal["gans"]))
    for goal_id in changes.removed:
        state.goals[goal_id].update(removed_on=e.occurred_on, removal_reason=reason)
    return {
        "version": e.originator_version,
        "goals_added": list(changes.added),
        "goals_removed": list(changes.removed),
        "goals_replaced": list(changes.replaced),
    }


@folds(ev.DirectionSet)
def fold_direction_set(state: Any, e: ev.DirectionSet) -> None:
    tracked = _track_goals(state, e, "")
    state.plan = plan_from(state, e, changes=0)
    state.plan_history.append(
        {
            "on": e.occurred_on,
            "action": "set",
            "reason": "",
            **tracked,
            "cites": [],
            "from_diagnosis": e.from_diagnosis,
            # The plan's lines as this event set them: the plan in force on any date
            # (domain.plan_lines.plan_events; issue 11's seam).
            "services": [dict(line) for line in state.plan["services"]],
        }
    )


@folds(ev.PlanChanged)
def fold_plan_changed(state: Any, e: ev.PlanChanged) -> None:
    changes = state.plan["changes"] + 1 if state.plan else 1
    tracked = _track_goals(state, e, e.reason)
    state.plan = plan_from(state, e, changes)
    state.plan_history.append(
        {
            "on": e.occurred_on,
            "action": "changed",
            "reason": e.reason,
            **tracked,
            "cites": list(e.cites),
            "from_diagnosis": None,
            "services": [dict(line) for line in state.plan["services"]],
        }
    )
    for ref in e.cites:
        lesson = state.lessons.get(ref)
        if lesson is not None:
            lesson["cited_by"].append(e.originator_version)
