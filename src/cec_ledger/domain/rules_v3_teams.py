"""Rules epoch 3, the collaborative structure (Theory of Action, Step 4): teams in an aligned
hierarchy, members with roles, priorities set where the Theory of Action puts them, evidence
of progress and SLTs' requests for support from the DLT.

* an SLT sits under the district's DLT ("within the parameters of the DLT's priorities"), an
  ILT/PLC under an SLT of its school; one DLT per engagement; SLTs and ILTs/PLCs belong to a
  school (the ledger's own choices C17);
* a member's role is one of the vocabulary (board, administration, teachers' organization,
  principal, teacher, support staff, parent, community, student, other with a title);
* DLTs set multi-year district priorities, SLTs achievement and culture priorities within
  the DLT's, ILTs/PLCs measurable goals (measure, unit, target and date);
* evidence of progress on a measurable goal gives the observed value; only an SLT with a
  parent DLT requests support from it (answers are not modelled: C24).

Each rule checks its epoch-3 additions, then runs the epoch-2 rule.
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import rules_v2 as v2
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.rulebook import rule
from cec_ledger.domain.rules_v3_model import school_year_of, years_spanned
from cec_ledger.domain.rules_v3_reflection import session_on
from cec_ledger.domain.state import EngagementState
from cec_ledger.domain.structure import parent_of

EPOCH = 3
STEP4 = "Theory of Action, Step 4"


def _kind(team: dict[str, Any]) -> str:
    return v.TEAM_KIND.label(team["kind"])


@rule(ev.TeamFormed, EPOCH)
def _team_formed(state: EngagementState, f: dict[str, Any]) -> None:
    v2._team_formed(state, f)
    kind, parent_id = f["kind"], f["parent_team_id"]
    if kind == "dlt":
        existing = next((t for t in state.teams.values() if t["kind"] == "dlt"), None)
        if existing is not None:
            raise RuleViolation(
                f"{state.slug} already has a District Leadership Team ({existing['team_id']!r})"
            )
        if parent_id is not None:
            raise RuleViolation(
                "a District Leadership Team is the top of the leadership structure: it has no "
                "parent team"
            )
    if kind in ("slt", "ilt-plc") and not f["school"]:
        raise RuleViolation("an SLT or an ILT/PLC belongs to a school: give --school")
    if parent_id is None:
        if kind == "slt" and state.level == "district":
            raise RuleViolation(
                f"an SLT works 'within the parameters of the DLT's priorities' ({STEP4}): "
                "give --parent with the district's DLT"
            )
        return
    parent = state.teams.get(parent_id)
    if parent is None:
        known = ", ".join(sorted(state.teams)) or "none yet"
        raise NotFound(f"unknown parent team {parent_id!r} (teams: {known})")
    if parent["formed_on"] > f["occurred_on"]:
        raise RuleViolation(
            f"team {parent_id!r} was formed on {parent['formed_on']}; {f['team_id']!r} formed "
            f"on {f['occurred_on']} cannot sit under it"
        )
    wanted = {"slt": "dlt", "ilt-plc": "slt"}.get(kind)
    if wanted is not None and parent["kind"] != wanted:
        raise RuleViolation(
            f"the parent of {'an SLT' if kind == 'slt' else 'an ILT/PLC'} is "
            f"{'a DLT' if wanted == 'dlt' else 'an SLT'}; {parent_id!r} is "
            f"{'an' if _kind(parent)[0] in 'AEIOU' else 'a'} {_kind(parent)}"
        )
    if kind == "ilt-plc" and parent["school"] != f["school"]:
        raise RuleViolation(
            f"{f['team_id']!r} is at {f['school']}; its parent SLT {parent_id!r} is at "
            f"{parent['school']}"
        )


@rule(ev.TeamMemberJoined, EPOCH)
def _member_joined(state: EngagementState, f: dict[str, Any]) -> None:
    team = state.teams.get(f["team_id"])
    if team is not None and f["member"] in team["members"]:
        since = team["members"][f["member"]]["since"]
        raise RuleViolation(
            f"{f['member']} is already a member of {f['team_id']!r} (since {since})"
        )
    if f["role"] == "unspecified":
        allowed = ", ".join(t for t in v.MEMBER_ROLE.tokens if t not in v.HIDDEN_TOKENS)
        raise InvalidValue(
            f"give {f['member']}'s role: one of {allowed} ('unspecified' is only what history "
            "recorded before roles were)"
        )
    if f["role"] == "other" and not f["title"]:
        raise InvalidValue("role other needs a --title (what the member does on the team)")
    v2._member_joined(state, f)


# ------------------------------------------------------------------ priorities
def _team_on(state: EngagementState, f: dict[str, Any], what: str) -> dict[str, Any]:
    v2._team_on(state, f, what)
    return state.teams[f["team_id"]]


def _horizon_ok(f: dict[str, Any]) -> None:
    horizon = f["horizon"]
    if horizon is None or years_spanned(horizon) < 2:
        raise RuleViolation(
            f"a DLT's priorities are 'multiple year priorities' ({STEP4}): give a horizon "
            "of at least two school years (--horizon 2024-25:2026-27)"
        )
    if horizon["first"] < school_year_of(f["occurred_on"]):
        raise RuleViolation(
            f"the horizon starts in {horizon['first']}, before the school year it is set in "
            f"({school_year_of(f['occurred_on'])})"
        )


def _own_priorities(state: EngagementState, team_id: str, on: Any) -> list[str]:
    return [
        pid for pid, p in state.priorities.items() if p["team_id"] == team_id and p["set_on"] <= on
    ]


@rule(ev.TeamPrioritySet, EPOCH)
def _priority_set(state: EngagementState, f: dict[str, Any]) -> None:
    team = _team_on(state, f, "a priority")
    known = state.priorities.get(f["priority_id"])
    if known is not None:
        raise RuleViolation(
            f"priority {f['priority_id']!r} already exists (set by {known['team_id']!r} on "
            f"{known['set_on']})"
        )
    allowed = v.PRIORITY_KINDS_BY_TEAM.get(team["kind"])
    if allowed is None:
        raise RuleViolation(
            f"{STEP4} gives priorities to DLTs (multi-year priorities), SLTs (achievement and "
            "culture priorities) and Instructional Leadership Teams (measurable goals); "
            f"{f['team_id']!r} is {'an' if _kind(team)[0] in 'AEIOU' else 'a'} "
            f"{_kind(team).lower()}"
        )
    if f["kind"] not in allowed:
        raise RuleViolation(
            f"{f['team_id']!r} is a {_kind(team)}: its priorities are "
            f"{' or '.join(allowed)} ({STEP4}), not {f['kind']}"
        )
    measured = ("measure", "unit", "baseline", "target", "target_by")
    if f["kind"] != "measurable_goal" and any(f[n] is not None for n in measured):
        raise InvalidValue(
            "a measure, unit, baseline, target and --by belong to an ILT/PLC's measurable goal"
        )
    if f["kind"] != "district_priority" and f["horizon"] is not None:
        raise InvalidValue("a horizon belongs to a DLT's multi-year priority")
    {
        "district_priority": _district_priority,
        "achievement": _slt_priority,
        "culture": _slt_priority,
        "measurable_goal": _measurable_goal,
    }[f["kind"]](state, team, f)


def _district_priority(state: EngagementState, team: dict[str, Any], f: dict[str, Any]) -> None:
    if f["within"]:
        raise InvalidValue("a DLT's priorities are the district's own: they sit within none")
    _horizon_ok(f)


def _slt_priority(state: EngagementState, team: dict[str, Any], f: dict[str, Any]) -> None:
    parent, _ = parent_of(state.teams, team)
    if parent is None:
        if f["within"]:
            raise InvalidValue(f"{team['team_id']!r} has no parent DLT to set priorities within")
        return
    _within(state, parent, f, required=True)


def _measurable_goal(state: EngagementState, team: dict[str, Any], f: dict[str, Any]) -> None:
    if f["measure"] is None or f["unit"] is None or f["target"] is None or f["target_by"] is None:
        raise RuleViolation(
            f"an ILT/PLC sets 'measurable team goals' ({STEP4}): give --measure, --unit, "
            "--target and --by"
        )
    if f["target_by"] < f["occurred_on"]:
        raise RuleViolation(
            f"the goal's date (--by {f['target_by']}) is before it was set ({f['occurred_on']})"
        )
    parent, _ = parent_of(state.teams, team)
    if f["within"]:
        if parent is None:
            raise InvalidValue(f"{team['team_id']!r} has no parent SLT to set goals within")
        _within(state, parent, f, required=False)


def _within(state: EngagementState, parent: str, f: dict[str, Any], *, required: bool) -> None:
    own = _own_priorities(state, parent, f["occurred_on"])
    if required and not own:
        raise RuleViolation(
            f"{parent} has no priorities on {f['occurred_on']}: set them first (SLT priorities "
            f"sit 'within the parameters of the DLT's priorities', {STEP4})"
        )
    if required and not f["within"]:
        raise RuleViolation(
            f"SLT priorities sit 'within the parameters of the DLT's priorities' ({STEP4}): "
            f"name at least one of {parent}'s priorities ({', '.join(own)})"
        )
    for pid in f["within"]:
        if pid not in own:
            raise NotFound(
                f"{pid!r} is not a priority of {parent} on {f['occurred_on']} "
                f"({', '.join(own) or 'none'})"
            )


def _priority_of(state: EngagementState, f: dict[str, Any]) -> dict[str, Any]:
    priority = state.priorities.get(f["priority_id"])
    own = _own_priorities(state, f["team_id"], f["occurred_on"])
    if priority is None or priority["team_id"] != f["team_id"]:
        raise NotFound(
            f"priority {f['priority_id']!r} is not one of {f['team_id']!r}'s priorities "
            f"({', '.join(own) or 'none yet'})"
        )
    if priority["set_on"] > f["occurred_on"]:
        raise RuleViolation(
            f"priority {f['priority_id']!r} was set on {priority['set_on']}; an event on "
            f"{f['occurred_on']} cannot name it"
        )
    return priority  # type: ignore[return-value]


@rule(ev.ProgressEvidenced, EPOCH)
def _progress(state: EngagementState, f: dict[str, Any]) -> None:
    _team_on(state, f, "evidence of progress")
    priority = _priority_of(state, f)
    if not f["evidence"].strip():
        raise InvalidValue("evidence of progress must say what was seen")
    if priority["kind"] == "measurable_goal" and f["observed"] is None:
        raise RuleViolation(
            "evidence of progress on a measurable goal needs the observed value (--observed, "
            f"in {priority['unit']})"
        )
    if priority["kind"] != "measurable_goal" and f["observed"] is not None:
        raise InvalidValue(
            f"an observed value belongs to a measurable goal; {f['priority_id']!r} is "
            f"{v.PRIORITY_KIND.label(priority['kind']).lower()}"
        )
    for number in f["sessions"]:
        session_on(state, number, f["occurred_on"], "evidence of progress")


@rule(ev.SupportRequested, EPOCH)
def _support(state: EngagementState, f: dict[str, Any]) -> None:
    team = _team_on(state, f, "a support request")
    if team["kind"] != "slt":
        raise RuleViolation(
            f"only an SLT documents 'the support needed from the DLT' ({STEP4}); "
            f"{f['team_id']!r} is {'an' if _kind(team)[0] in 'AEIOU' else 'a'} {_kind(team)}"
        )
    parent, _ = parent_of(state.teams, team)
    if parent is None or state.teams[parent]["kind"] != "dlt":
        raise RuleViolation(f"{f['team_id']!r} has no parent DLT to ask for support")
    _priority_of(state, f)
    if not f["request"].strip():
        raise InvalidValue("a support request must say what support is needed")
