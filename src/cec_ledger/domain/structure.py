"""The collaborative structure (Theory of Action, Step 4): the aligned hierarchy of teams, who
sits on them on a date, the DLT's anchor seats and when Step 4 holds.

"CEC's collaborative structures and processes bring board, labor and management
representatives together ... through a scaffolding of aligned leadership teams": the District
Leadership Team (participants "board, administration, teacher organization, parent and,
occasionally, community and/or student representatives"), School Leadership Teams "within the
parameters of the DLT's priorities", Instructional Leadership Teams with "measurable team
goals".

When Step 4 holds, by the engagement's level (the ledger's own rule, C3: the Theory of Action
describes the structure for districts only):

* district — a DLT whose members on the date include the three anchors (board,
  administration and teachers' organization roles), with at least one SLT under it;
* school — an SLT with a principal or administration member and a teacher or teachers'
  organization member;
* state, labor-management group — a joint team with a teachers' organization member and an
  administration or board member.

Teams formed before rules epoch 3 recorded no parent: an SLT sits under the engagement's only
DLT, an ILT/PLC under the only SLT of its school (inferred, and shown as inferred; C19).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cec_ledger.domain import vocabulary as v

# Team kinds of the leadership structure, from the top.
LEADERSHIP_KINDS = ("dlt", "slt", "ilt-plc")


def parent_of(teams: dict[str, Any], team: dict[str, Any]) -> tuple[str | None, bool]:
    """The team's parent and whether it is inferred (older teams recorded none)."""
    if team.get("parent_team_id"):
        return team["parent_team_id"], False
    if team.get("rules_version", 3) >= 3:
        return None, False
    if team["kind"] == "slt":
        dlts = [t["team_id"] for t in teams.values() if t["kind"] == "dlt"]
        return (dlts[0], True) if len(dlts) == 1 else (None, False)
    if team["kind"] == "ilt-plc" and team.get("school"):
        slts = [
            t["team_id"]
            for t in teams.values()
            if t["kind"] == "slt" and t.get("school") == team["school"]
        ]
        return (slts[0], True) if len(slts) == 1 else (None, False)
    return None, False


def members_on(team: dict[str, Any], on: date | None) -> list[dict[str, Any]]:
    """The members of a team on a date (all current members when ``on`` is None): joined on
    or before it and not left by then."""
    spans = team["member_history"]  # every team has it from formation (fold_team_formed)
    if on is None:
        return [s for s in spans if s["left_on"] is None]
    return [
        s for s in spans if s["joined_on"] <= on and (s["left_on"] is None or s["left_on"] > on)
    ]


def anchor_seats(team: dict[str, Any], on: date | None) -> dict[str, list[str]]:
    """Who holds each anchor's seat on a team on a date: {anchor: [members]}."""
    seats: dict[str, list[str]] = {anchor: [] for anchor in v.ANCHOR_ROLES}
    for span in members_on(team, on):
        if span["role"] in seats:
            seats[span["role"]].append(span["member"])
    return seats


def missing_anchors(team: dict[str, Any], on: date | None) -> list[str]:
    return [anchor for anchor, who in anchor_seats(team, on).items() if not who]


def _formed(teams: dict[str, Any], on: date) -> dict[str, Any]:
    return {tid: t for tid, t in teams.items() if t["formed_on"] <= on}


def _roles_on(team: dict[str, Any], on: date) -> set[str]:
    return {span["role"] for span in members_on(team, on)}


# The anchors' seats as people name them in a line ("missing teachers' organization").
SEAT_NAMES = {
    "board": "board",
    "administration": "administration",
    "teachers_organization": "teachers' organization",
}


def _anchor_list(anchors: list[str]) -> str:
    return ", ".join(SEAT_NAMES[a] for a in anchors)


def structure_holds(state: Any, on: date) -> tuple[bool, str]:
    """Pathway Step 4 on a date: (holds, evidence), by the engagement's level."""
    teams = _formed(state.teams, on)
    if not teams:
        return False, "no team yet"
    level = getattr(state, "level", "district") or "district"
    if level == "district":
        return _district_holds(teams, on)
    if level == "school":
        for team in teams.values():
            roles = _roles_on(team, on)
            if (
                team["kind"] == "slt"
                and roles & {"principal", "administration"}
                and roles & {"teacher", "teachers_organization"}
            ):
                return True, f"SLT {team['team_id']!r} seats the principal and teachers"
        return False, "no SLT with a principal and teachers on it"
    for team in teams.values():
        roles = _roles_on(team, on)
        if (
            team["kind"] == "joint-team"
            and "teachers_organization" in roles
            and roles & {"administration", "board"}
        ):
            return True, f"joint team {team['team_id']!r} seats labor and management"
    return False, "no joint team seating the teachers' organization and management"


def _district_holds(teams: dict[str, Any], on: date) -> tuple[bool, str]:
    # The first DLT formed (rules epoch 3 allows one; older histories may hold more).
    dlts = sorted(
        (t for t in teams.values() if t["kind"] == "dlt"),
        key=lambda t: (t["formed_on"], t["team_id"]),
    )
    if not dlts:
        return False, f"{_count(len(teams), 'team')}; no District Leadership Team"
    dlt = dlts[0]
    missing = missing_anchors(dlt, on)
    slts = [
        t for t in teams.values() if t["kind"] == "slt" and parent_of(teams, t)[0] == dlt["team_id"]
    ]
    seats = "anchors seated" if not missing else f"missing {_anchor_list(missing)}"
    evidence = f"DLT {dlt['team_id']!r}: {seats}; {_count(len(slts), 'SLT')} under it"
    return not missing and bool(slts), evidence


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def team_tree(state: Any, on: date | None = None) -> list[dict[str, Any]]:
    """The teams as a forest, parents first: ``[{team_id, kind, name, school, stage, depth,
    parent, parent_inferred, members, anchor_seats (DLT only), missing_anchors,
    priorities}]`` in display order (each team followed by the teams under it)."""
    teams = state.teams if on is None else _formed(state.teams, on)
    children: dict[str | None, list[str]] = {}
    parents: dict[str, tuple[str | None, bool]] = {}
    # In the order the teams were formed (a state restored from a snapshot may hold its
    # dicts in another order).
    ordered = sorted(teams.items(), key=lambda item: (item[1]["formed_on"], item[0]))
    for tid, team in ordered:
        parent, inferred = parent_of(teams, team)
        if parent not in teams:
            parent, inferred = None, False
        parents[tid] = (parent, inferred)
        children.setdefault(parent, []).append(tid)
    rows: list[dict[str, Any]] = []

    def visit(tid: str, depth: int) -> None:
        team = teams[tid]
        parent, inferred = parents[tid]
        row = {
            "team_id": tid,
            "kind": team["kind"],
            "name": team["name"],
            "school": team.get("school"),
            "stage": team["stage"],
            "depth": depth,
            "parent": parent,
            "parent_inferred": inferred,
            "members": [
                {"member": s["member"], "role": s["role"], "title": s.get("title", "")}
                for s in members_on(team, on)
            ],
            "priorities": list(team.get("priorities", [])),
        }
        if team["kind"] == "dlt":
            row["anchor_seats"] = anchor_seats(team, on)
            row["missing_anchors"] = missing_anchors(team, on)
        rows.append(row)
        for child in children.get(tid, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return rows
