"""The Collaborative Pathway to Continuous Improvement: which of its five steps hold.

One definition, used by every reader (the engagement list, ``show``, ``--json``, the TUI,
reports and ``diff``): the steps of the Theory of Action in order, each with whether it holds
and the evidence for it, and how far along the engagement is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.entries import (
    AnchorEntry,
    DiagnosisEntry,
    PlanEntry,
    SessionEntry,
    TeamEntry,
)


class EngagementState(Protocol):
    """What the Pathway reads of an engagement's folded state (``domain.state``)."""

    anchors: dict[str, AnchorEntry]
    diagnoses: list[DiagnosisEntry]
    plan: PlanEntry | None
    teams: dict[str, TeamEntry]
    sessions: list[SessionEntry]

    @property
    def we_have_a_we(self) -> bool: ...


def pathway_steps(state: EngagementState) -> list[dict[str, Any]]:
    """The five Pathway steps with whether each holds and the evidence for it."""
    committed = [a for a, entry in state.anchors.items() if entry["committed"]]
    latest = state.diagnoses[-1] if state.diagnoses else None
    delivered = len(state.sessions)
    hours = sum((s["hours"] for s in state.sessions), Decimal(0))
    steps = [
        (
            state.we_have_a_we,
            f"{len(committed)} of 3 anchors committed"
            + (f" ({', '.join(committed)})" if committed else ""),
        ),
        (
            latest is not None,
            f"{len(state.diagnoses)} diagnosis(es); latest {latest['framework_id']} "
            f"on {latest['occurred_on']}"
            if latest
            else "no diagnosis yet",
        ),
        (
            state.plan is not None,
            f"{state.plan['kind']} plan, {state.plan['emphasis']} emphasis, "
            f"{len(state.plan['services'])} services"
            if state.plan
            else "no services plan yet",
        ),
        (
            bool(state.teams),
            f"{len(state.teams)} team(s); stages "
            + (", ".join(f"{tid} {t['stage']}" for tid, t in state.teams.items()) or "-"),
        ),
        (delivered > 0, f"{delivered} session(s), {hours} hours delivered"),
    ]
    return [
        {"step": n, "name": name, "done": done, "evidence": evidence}
        for n, (name, (done, evidence)) in enumerate(
            zip(v.PATHWAY_STEPS, steps, strict=True), start=1
        )
    ]


def step_reached(state: EngagementState) -> int:
    """Leading Pathway steps that hold: a withdrawn anchor sets progress back to 0,
    because seed 003 says any anchor failing to collaborate "can stop or reverse" it."""
    reached = 0
    for step in pathway_steps(state):
        if not step["done"]:
            break
        reached = step["step"]
    return reached
