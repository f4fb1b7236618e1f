"""Collaborative structures (Theory of Action, Step 4): teams, their members and stages.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.folding import folds


@folds(ev.TeamFormed)
def fold_team_formed(state: Any, e: ev.TeamFormed) -> None:
    state.teams[e.team_id] = {
        "team_id": e.team_id,
        "kind": e.kind,
        "name": e.name,
        "charge": e.charge,
        "cadence": e.cadence,
        "school": e.school,
        "stage": "form",
        "formed_on": e.occurred_on,
        "active": True,
        "members": {},
        "stage_history": [{"stage": "form", "on": e.occurred_on, "reason": ""}],
    }


@folds(ev.TeamMemberJoined)
def fold_team_member_joined(state: Any, e: ev.TeamMemberJoined) -> None:
    team = state.teams.get(e.team_id)
    if team is not None:
        team["members"][e.member] = {
            "role": e.role,
            "represents": e.represents,
            "since": e.occurred_on,
        }


@folds(ev.TeamMemberLeft)
def fold_team_member_left(state: Any, e: ev.TeamMemberLeft) -> None:
    team = state.teams.get(e.team_id)
    if team is not None:
        team["members"].pop(e.member, None)


@folds(ev.TeamStageAdvanced)
def fold_team_stage_advanced(state: Any, e: ev.TeamStageAdvanced) -> None:
    team = state.teams.get(e.team_id)
    if team is not None:
        team["stage"] = e.stage
        team["stage_history"].append({"stage": e.stage, "on": e.occurred_on, "reason": e.reason})
