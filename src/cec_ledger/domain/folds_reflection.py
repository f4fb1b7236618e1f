"""The Reflect phase and the CEC Logic Model's outcomes: reflections with their goal results,
next steps and lessons (``r<N>.<k>``), and outcomes with their measures and links.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.folding import folds


def lesson_ref(reflection: int, k: int) -> str:
    """How a plan change cites lesson k (from 1) of the reflection #reflection."""
    return f"r{reflection}.{k}"


@folds(ev.ReflectionRecorded)
def fold_reflection_recorded(state: Any, e: ev.ReflectionRecorded) -> None:
    state.reflections.append(
        {
            "on": e.occurred_on,
            "team_id": e.team_id,
            "process_outcomes": e.process_outcomes,
            "content_outcomes": e.content_outcomes,
            "communication": e.communication,
            "equitable_voice": e.equitable_voice,
            "psychological_safety": e.psychological_safety,
            "lessons_learned": list(e.lessons_learned),
            "version": e.originator_version,
            "goals": [dict(g) for g in e.goals],
            "next_steps": list(e.next_steps),
        }
    )
    for k, text in enumerate(e.lessons_learned, start=1):
        ref = lesson_ref(e.originator_version, k)
        state.lessons[ref] = {
            "ref": ref,
            "text": text,
            "on": e.occurred_on,
            "reflection": e.originator_version,
            "team_id": e.team_id,
            "cited_by": [],
        }
    for result in e.goals:
        goal = state.goals.get(result["goal_id"])
        if goal is not None:
            goal["result"] = {
                "on": e.occurred_on,
                "result": result["result"],
                "evidence": result["evidence"],
                "reflection": e.originator_version,
            }


@folds(ev.OutcomeObserved)
def fold_outcome_observed(state: Any, e: ev.OutcomeObserved) -> None:
    state.outcomes.append(
        {
            "on": e.occurred_on,
            "tier": e.tier,
            "dimension": e.dimension,
            "impact": e.impact,
            "evidence": e.evidence,
            "version": e.originator_version,
            "measure": e.measure,
            "unit": e.unit,
            "baseline": e.baseline,
            "target": e.target,
            "observed": e.observed,
            "sessions": list(e.sessions),
            "teams": list(e.teams),
            "services": list(e.services),
            "goals": list(e.goals),
            "elements": list(e.elements),
        }
    )
