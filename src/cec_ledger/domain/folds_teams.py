"""Collaborative structures (Theory of Action, Step 4): teams under their parent teams, their
members with roles, their growth stages, priorities, evidence of progress and SLTs' requests
for support from the DLT.

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
        "parent_team_id": e.parent_team_id,
        "member_history": [],
        "priorities": [],
        "rules_version": e.rules_version,
    }


@folds(ev.TeamMemberJoined)
def fold_team_member_joined(state: Any, e: ev.TeamMemberJoined) -> None:
    team = state.teams.get(e.team_id)
    if team is not None:
        team["members"][e.member] = {"role": e.role, "title": e.title, "since": e.occurred_on}
        team["member_history"].append(
            {
                "member": e.member,
                "role": e.role,
                "title": e.title,
                "joined_on": e.occurred_on,
                "left_on": None,
            }
        )


@folds(ev.TeamMemberLeft)
def fold_team_member_left(state: Any, e: ev.TeamMemberLeft) -> None:
    team = state.teams.get(e.team_id)
    if team is not None:
        team["members"].pop(e.member, None)
        for span in reversed(team["member_history"]):
            if span["member"] == e.member and span["left_on"] is None:
                span["left_on"] = e.occurred_on
                break


@folds(ev.TeamStageAdvanced)
def fold_team_stage_advanced(state: Any, e: ev.TeamStageAdvanced) -> None:
    team = state.teams.get(e.team_id)
    if team is not None:
        team["stage"] = e.stage
        team["stage_history"].append({"stage": e.stage, "on": e.occurred_on, "reason": e.reason})


@folds(ev.TeamPrioritySet)
def fold_team_priority_set(state: Any, e: ev.TeamPrioritySet) -> None:
    state.priorities[e.priority_id] = {
        "priority_id": e.priority_id,
        "team_id": e.team_id,
        "kind": e.kind,
        "text": e.text,
        "within": list(e.within),
        "horizon": dict(e.horizon) if e.horizon else None,
        "measure": e.measure,
        "unit": e.unit,
        "baseline": e.baseline,
        "target": e.target,
        "target_by": e.target_by,
        "elements": list(e.elements),
        "set_on": e.occurred_on,
        "version": e.originator_version,
        "evidence": [],
        "requests": [],
    }
    team = state.teams.get(e.team_id)
    if team is not None:
        team["priorities"].append(e.priority_id)


@folds(ev.ProgressEvidenced)
def fold_progress_evidenced(state: Any, e: ev.ProgressEvidenced) -> None:
    priority = state.priorities.get(e.priority_id)
    if priority is not None:
        priority["evidence"].append(
            {
                "on": e.occurred_on,
                "text": e.evidence,
                "observed": e.observed,
                "sessions": list(e.sessions),
                "version": e.originator_version,
            }
        )


@folds(ev.SupportRequested)
def fold_support_requested(state: Any, e: ev.SupportRequested) -> None:
    priority = state.priorities.get(e.priority_id)
    team = state.teams.get(e.team_id)
    to = team["parent_team_id"] if team is not None else None
    if priority is not None:
        priority["requests"].append(
            {"on": e.occurred_on, "text": e.request, "to": to, "version": e.originator_version}
        )
