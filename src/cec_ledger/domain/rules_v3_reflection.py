"""Rules epoch 3, the Reflect phase and the CEC Logic Model's outcomes, and closing:

* a reflection rates plan goals that were in the plan on or before its date, once each, with
  evidence (the CEC Reflect phase guidance: "see if you and your team were able to accomplish
  what you set out to do");
* a measured outcome has its measure, unit and observed value; the sessions, teams and plan
  goals it is evidence for existed on its date;
* closing an engagement with no reflection says why (``--without-reflection``).

The reflection rule is restated (its epoch-1 form requires an outcome or a lesson, where a
goal result is enough now); the others check their additions, then run the earlier rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import rules_v1 as v1
from cec_ledger.domain import rules_v2 as v2
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.rulebook import rule
from cec_ledger.domain.state import EngagementState

EPOCH = 3
REFLECT = "the CEC Reflect phase guidance"


def goal_on(state: EngagementState, goal_id: str, on: date, what: str) -> None:
    """A plan goal an event names was in the plan on or before its date."""
    goal = state.goals.get(goal_id)
    if goal is None or goal["added_on"] > on:
        raise NotFound(f"goal {goal_id!r} is not in the plan of {state.slug} on {on}{what}")


@rule(ev.ReflectionRecorded, EPOCH)
def _reflected(state: EngagementState, f: dict[str, Any]) -> None:
    v2._team_on(state, f, "a reflection")
    rated: set[str] = set()
    for result in f["goals"]:
        goal_id = result["goal_id"]
        goal_on(state, goal_id, f["occurred_on"], "")
        if goal_id in rated:
            raise InvalidValue(f"goal {goal_id!r} is rated twice")
        rated.add(goal_id)
        result["result"] = v.GOAL_RESULT.normalise(result["result"])
        if not result["evidence"].strip():
            raise InvalidValue(
                f"goal {goal_id!r} needs its evidence ({REFLECT}: 'see if you and your team "
                "were able to accomplish what you set out to do')"
            )
    texts = [
        f[name]
        for name in (
            "process_outcomes",
            "content_outcomes",
            "communication",
            "equitable_voice",
            "psychological_safety",
        )
    ]
    if not any(texts) and not f["lessons_learned"] and not f["goals"]:
        raise InvalidValue(
            "a reflection needs at least one outcome, observation, goal result or lesson"
        )


@rule(ev.OutcomeObserved, EPOCH)
def _outcome(state: EngagementState, f: dict[str, Any]) -> None:
    v1._outcome(state, f)
    values = [f["baseline"], f["target"], f["observed"]]
    if f["measure"] is None:
        if any(value is not None for value in values) or f["unit"] is not None:
            raise InvalidValue("a baseline, target or observed value needs --measure and --unit")
    else:
        if f["unit"] is None:
            raise InvalidValue(f"the measure {f['measure']!r} needs its unit (--unit)")
        if f["observed"] is None:
            raise InvalidValue("a measured outcome needs its observed value (--observed)")
    on = f["occurred_on"]
    for number in f["sessions"]:
        session_on(state, number, on, "an outcome")
    for team_id in f["teams"]:
        v2._team_on(state, {"team_id": team_id, "occurred_on": on}, "an outcome")
    for goal_id in f["goals"]:
        goal_on(state, goal_id, on, "")


def session_on(state: EngagementState, number: int, on: date, what: str) -> None:
    """Session #number exists and occurred on or before ``on``."""
    kind = state.event_types.get(number)
    if kind is None:
        raise NotFound(f"session #{number} does not exist in {state.slug}")
    if kind != "SessionDelivered":
        article = "an" if kind[:1] in "AEIOU" else "a"
        raise RuleViolation(f"#{number} is not a session (it is {article} {kind})")
    row = next(s for s in state.sessions if s["version"] == number)
    if row["occurred_on"] > on:
        raise RuleViolation(
            f"session #{number} occurred on {row['occurred_on']}; {what} on {on} cannot name it"
        )


@rule(ev.EngagementClosed, EPOCH)
def _closed(state: EngagementState, f: dict[str, Any]) -> None:
    v2._closed(state, f)
    reason = (f["without_reflection"] or "").strip() or None
    f["without_reflection"] = reason
    if state.reflections and reason is not None:
        raise RuleViolation(f"{state.slug} has reflections: leave out --without-reflection")
    if not state.reflections and reason is None:
        raise RuleViolation(
            f"no reflection has been recorded for {state.slug}; {REFLECT} asks whether 'you "
            "and your team were able to accomplish what you set out to do': record one, or "
            'close with --without-reflection "reason"'
        )
