"""An engagement's folded state as plain data: what ``engagement show --json`` prints, what the
projector stores as the engagement's view row, and what reports and ``diff`` compare."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from cec_ledger.domain.delivery import planned_vs_delivered
from cec_ledger.domain.model_views import logic_model
from cec_ledger.domain.structure import team_tree


def state_dict(state: Any) -> dict[str, Any]:
    """An :class:`~cec_ledger.domain.state.EngagementState` as plain values (dates and
    decimals stay typed; ``formats.lines.plain`` turns them into text for JSON). Typed
    ``Any`` because the state's own ``to_dict`` calls this: naming the class would make the
    two modules import each other."""
    pathway = state.pathway()
    return {
        "id": state.id,
        "slug": state.slug,
        "name": state.name,
        "organisation": state.organisation,
        "level": state.level,
        "entry_point": state.entry_point,
        "lead_consultant": state.lead_consultant,
        "status": "closed" if state.is_closed else "open",
        "opened_on": state.opened_on,
        "closed_on": state.closed_on,
        "version": state.version,
        "events": state.events,
        "last_occurred_on": state.last_occurred_on,
        "step_reached": pathway["reached"],
        "pathway": pathway,
        "we_have_a_we": state.we_have_a_we,
        "anchors": copy.deepcopy(state.anchors),
        "commitment_history": copy.deepcopy(state.commitment_history),
        "diagnoses": copy.deepcopy(state.diagnoses),
        "plan": copy.deepcopy(state.plan),
        "plan_history": copy.deepcopy(state.plan_history),
        "teams": [
            {
                **copy.deepcopy(team),
                "members": [{"member": name, **info} for name, info in team["members"].items()],
            }
            for team in state.teams.values()
        ],
        "sessions": {
            "count": len(state.sessions),
            "hours": sum((s["hours"] for s in state.sessions), Decimal(0)),
            "by_delivery": _count_by(state.sessions, "delivery"),
            "by_service": _count_by(state.sessions, "service_id"),
            "coaching": _coaching(state.sessions),
        },
        "planned_vs_delivered": planned_vs_delivered(state),
        "consultants": list(state.consultants),
        "handoffs": copy.deepcopy(state.handoffs),
        "responsibilities": copy.deepcopy(list(state.responsibilities.values())),
        "reflections": len(state.reflections),
        "outcomes": copy.deepcopy(state.outcomes),
        **model_dict(state),
        "corrections": copy.deepcopy(state.corrections),
        "corrected_later": copy.deepcopy(state.corrected_later),
    }


def panel_dict(state: Any) -> dict[str, Any]:
    """What the TUI's state panel shows of a state (``tui.format.state_lines``), each value
    as :func:`state_dict` gives it, without the rest: the panel folds an engagement at any
    event, and copying every session, member and correction of a long one cost more than
    folding it. Teams carry their id, stage, whether active and their member names only."""
    pathway = state.pathway()
    return {
        "name": state.name,
        "status": "closed" if state.is_closed else "open",
        "version": state.version,
        "step_reached": pathway["reached"],
        "pathway": pathway,
        "we_have_a_we": state.we_have_a_we,
        "anchors": copy.deepcopy(state.anchors),
        "plan": copy.deepcopy(state.plan),
        "teams": [
            {
                "team_id": team["team_id"],
                "stage": team["stage"],
                "active": team.get("active", True),
                "members": list(team["members"]),
            }
            for team in state.teams.values()
        ],
        "team_structure": team_tree(state),
        "sessions": {"by_service": _count_by(state.sessions, "service_id")},
        "planned_vs_delivered": planned_vs_delivered(state),
        "responsibilities": copy.deepcopy(list(state.responsibilities.values())),
        # What the Framework for Change coverage reads of each outcome (model_views).
        "outcomes": [
            {key: copy.deepcopy(o.get(key)) for key in ("version", "elements", "goals")}
            for o in state.outcomes
        ],
        "priorities": copy.deepcopy(sorted(state.priorities.values(), key=lambda p: p["version"])),
        "goals": copy.deepcopy(
            sorted(state.goals.values(), key=lambda g: (g["added_on"], g["goal_id"]))
        ),
    }


def _coaching(sessions: list[dict[str, Any]]) -> dict[str, int]:
    """Coaching follow-ups: how many follow a named session, how many were linked by
    inference (recorded before the Coaching Delivery Model was modelled), how many follow
    nothing the ledger can find."""
    coaching = [s for s in sessions if s["delivery"] == "coaching"]
    inferred = sum(1 for s in coaching if s.get("follows_inferred"))
    unlinked = sum(1 for s in coaching if s.get("follows") is None)
    return {
        "follow_ups": len(coaching),
        "inferred": inferred,
        "unlinked": unlinked,
    }


def _count_by(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        name = row[key] or "(none)"
        counts[name] = counts.get(name, 0) + 1
    return counts


def model_dict(state: Any) -> dict[str, Any]:
    """The CEC model's part of the plain state (rules epoch 3): entry points, the team
    structure, priorities, plan goals over time, lessons, reflections, the logic model."""
    out = {
        "entry_points": copy.deepcopy(
            sorted(state.entry_points.values(), key=lambda e: (e["added_on"], e["version"]))
        ),
        "team_structure": team_tree(state),
        # In the order they were recorded (a state restored from a snapshot may hold its
        # dicts in another order).
        "priorities": copy.deepcopy(sorted(state.priorities.values(), key=lambda p: p["version"])),
        "goals": copy.deepcopy(
            sorted(state.goals.values(), key=lambda g: (g["added_on"], g["goal_id"]))
        ),
        "lessons": copy.deepcopy(
            sorted(state.lessons.values(), key=lambda x: (x["reflection"], x["ref"]))
        ),
        "reflection_log": copy.deepcopy(state.reflections),
        "closed_without_reflection": state.closed_without_reflection,
    }
    # The logic model reads the rest of the plain state too (teams, sessions, outcomes...).
    partial = {
        "teams": list(state.teams.values()),
        "anchors": state.anchors,
        "commitment_history": state.commitment_history,
        "diagnoses": state.diagnoses,
        "plan": state.plan,
        "sessions": {
            "hours": sum((s["hours"] for s in state.sessions), Decimal(0)),
            "by_delivery": _count_by(state.sessions, "delivery"),
        },
        "responsibilities": list(state.responsibilities.values()),
        "outcomes": state.outcomes,
        "reflection_log": state.reflections,
    }
    out["logic_model"] = logic_model(partial)
    return out
