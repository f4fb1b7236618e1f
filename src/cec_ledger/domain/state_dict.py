"""An engagement's folded state as plain data: what ``engagement show --json`` prints, what the
projector stores as the engagement's view row, and what reports and ``diff`` compare."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any


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
        },
        "consultants": list(state.consultants),
        "handoffs": copy.deepcopy(state.handoffs),
        "responsibilities": copy.deepcopy(list(state.responsibilities.values())),
        "reflections": len(state.reflections),
        "outcomes": copy.deepcopy(state.outcomes),
        "corrections": copy.deepcopy(state.corrections),
        "corrected_later": copy.deepcopy(state.corrected_later),
    }


def _count_by(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        name = row[key] or "(none)"
        counts[name] = counts.get(name, 0) + 1
    return counts
