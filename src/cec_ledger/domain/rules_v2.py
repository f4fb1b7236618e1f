"""Rules epoch 2: epoch 1 plus what issue 10 tightened.

* bounds on numbers and text (``domain.bounds``, applied by ``rules.check`` to every field);
* *what existed on a date*: an event that names a team, a member, the plan, a
  responsibility, a consultant or an anchor is refused unless that thing existed on the
  event's ``occurred_on``, and the message names both dates. So the as-of fold of any date
  applies every event of that date or earlier and needs to skip none.

Each rule here checks its epoch-2 additions first, then runs the frozen epoch-1 rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import rules_v1 as v1
from cec_ledger.domain.errors import RuleViolation
from cec_ledger.domain.rulebook import rule
from cec_ledger.domain.state import EngagementState

EPOCH = 2


def _team_on(state: EngagementState, f: dict[str, Any], what: str) -> None:
    """The team an event names was formed on or before the event's date."""
    team = v1._known_team(state, f.get("team_id"))
    if team is not None and team["formed_on"] > f["occurred_on"]:
        raise RuleViolation(
            f"team {f['team_id']!r} was formed on {team['formed_on']}; {what} on "
            f"{f['occurred_on']} cannot name it"
        )


def _not_before(earlier: date | None, on: date, message: str) -> None:
    if earlier is not None and on < earlier:
        raise RuleViolation(message)


@rule(ev.EngagementOpened, EPOCH)
def _opened(state: EngagementState, f: dict[str, Any]) -> None:
    v1._opened(state, f)


@rule(ev.AnchorCommitted, EPOCH)
def _committed(state: EngagementState, f: dict[str, Any]) -> None:
    v1._committed(state, f)
    entry = state.anchors[f["anchor"]]
    _not_before(
        entry["since"],
        f["occurred_on"],
        f"{f['anchor']} withdrew on {entry['since']}; a new commitment on "
        f"{f['occurred_on']} cannot come before that",
    )


@rule(ev.CommitmentWithdrawn, EPOCH)
def _withdrawn(state: EngagementState, f: dict[str, Any]) -> None:
    v1._withdrawn(state, f)
    entry = state.anchors[f["anchor"]]
    _not_before(
        entry["since"],
        f["occurred_on"],
        f"{f['anchor']} committed on {entry['since']}; a withdrawal on {f['occurred_on']} "
        "cannot come before that",
    )


@rule(ev.NeedsDiagnosed, EPOCH)
def _diagnosed(state: EngagementState, f: dict[str, Any]) -> None:
    v1._diagnosed(state, f)


@rule(ev.DirectionSet, EPOCH)
def _direction_set(state: EngagementState, f: dict[str, Any]) -> None:
    v1._direction_set(state, f)


@rule(ev.PlanChanged, EPOCH)
def _plan_changed(state: EngagementState, f: dict[str, Any]) -> None:
    if state.plan_history:
        last = max(h["on"] for h in state.plan_history)
        _not_before(
            last,
            f["occurred_on"],
            f"the plan last changed on {last}; a change on {f['occurred_on']} cannot occur "
            "before that",
        )
    v1._plan_changed(state, f)


@rule(ev.TeamFormed, EPOCH)
def _team_formed(state: EngagementState, f: dict[str, Any]) -> None:
    v1._team_formed(state, f)


@rule(ev.TeamMemberJoined, EPOCH)
def _member_joined(state: EngagementState, f: dict[str, Any]) -> None:
    v1._member_joined(state, f)


@rule(ev.TeamMemberLeft, EPOCH)
def _member_left(state: EngagementState, f: dict[str, Any]) -> None:
    _team_on(state, f, "a member leaving")
    v1._member_left(state, f)
    joined = state.teams[f["team_id"]]["members"][f["member"]]["since"]
    _not_before(
        joined,
        f["occurred_on"],
        f"{f['member']} joined {f['team_id']!r} on {joined}; leaving on {f['occurred_on']} "
        "cannot come before that",
    )


@rule(ev.TeamStageAdvanced, EPOCH)
def _stage_advanced(state: EngagementState, f: dict[str, Any]) -> None:
    _team_on(state, f, "a stage change")
    v1._stage_advanced(state, f)


@rule(ev.SessionDelivered, EPOCH)
def _session(state: EngagementState, f: dict[str, Any]) -> None:
    _team_on(state, f, "a session")
    v1._session(state, f)


@rule(ev.ConsultantHandoff, EPOCH)
def _handoff(state: EngagementState, f: dict[str, Any]) -> None:
    v1._handoff(state, f)
    since = state.consultant_since.get(f["from_consultant"])
    if since is None or since > f["occurred_on"]:
        known = ", ".join(
            f"{name} (from {on})" for name, on in sorted(state.consultant_since.items())
        )
        status = f"was on the engagement only from {since}" if since else "is not on it"
        raise RuleViolation(
            f"{f['from_consultant']} {status}; a handoff on {f['occurred_on']} cannot come "
            f"from them (consultants: {known or 'none yet'}; a consultant joins as the lead, "
            "by delivering a session or by receiving a handoff)"
        )


@rule(ev.ResponsibilityTransferred, EPOCH)
def _transferred(state: EngagementState, f: dict[str, Any]) -> None:
    _team_on(state, f, "a transfer")
    current = state.responsibilities.get(f["responsibility"])
    if current:
        _not_before(
            current["since"],
            f["occurred_on"],
            f"{f['responsibility']!r} last moved on {current['since']}; a transfer on "
            f"{f['occurred_on']} cannot come before that",
        )
    v1._transferred(state, f)


@rule(ev.ReflectionRecorded, EPOCH)
def _reflected(state: EngagementState, f: dict[str, Any]) -> None:
    _team_on(state, f, "a reflection")
    v1._reflected(state, f)


@rule(ev.OutcomeObserved, EPOCH)
def _outcome(state: EngagementState, f: dict[str, Any]) -> None:
    v1._outcome(state, f)


@rule(ev.EventCorrected, EPOCH)
def _corrected(state: EngagementState, f: dict[str, Any]) -> None:
    v1._corrected(state, f)


@rule(ev.EngagementClosed, EPOCH)
def _closed(state: EngagementState, f: dict[str, Any]) -> None:
    v1._closed(state, f)
