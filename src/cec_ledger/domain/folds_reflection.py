"""The Reflect phase and the Logic Model's outcomes.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.folding import folds


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
        }
    )


@folds(ev.OutcomeObserved)
def fold_outcome_observed(state: Any, e: ev.OutcomeObserved) -> None:
    state.outcomes.append(
        {
            "on": e.occurred_on,
            "tier": e.tier,
            "dimension": e.dimension,
            "impact": e.impact,
            "evidence": e.evidence,
        }
    )
