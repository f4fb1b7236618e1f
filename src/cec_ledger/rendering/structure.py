"""The CEC model as people read it, in ``show``, ``report`` and the TUI: entry points with their
structure, what a diagnosis found, plan goals with their elements, the team structure with
the DLT's anchor seats and the teams' priorities, the Framework for Change coverage, measured
outcomes, goal-by-goal reflection, and the engagement's logic model.

Every function takes the engagement's plain state (``Ledger.engagement``) and returns lines
of text (no styling) that fit 80 columns, or tables (headers, rows) for the report.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from cec_ledger.domain import vocabulary as v
from cec_ledger.rendering.text import plural

WIDTH = 80
SEATS = {
    "board": "board",
    "administration": "administration",
    "teachers_organization": "teachers' organization",
}


def wrapped(text: str, indent: str, first: str | None = None) -> list[str]:
    """``text`` wrapped to 80 columns: the first line after ``first`` (default ``indent``),
    the others after ``indent``."""
    lead = indent if first is None else first
    return textwrap.wrap(
        " ".join(str(text).split()),
        width=WIDTH,
        initial_indent=lead,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [lead.rstrip()]


def _elements(tokens: Iterable[str]) -> str:
    return ", ".join(v.ELEMENT_SHORT.get(t, t) for t in tokens)


def level_line(s: Mapping[str, Any]) -> str:
    points = s.get("entry_points") or []
    kinds = ", ".join(v.ENTRY_POINT.label(e["kind"]).lower() for e in points)
    through = f"entry points: {kinds}" if len(points) > 1 else f"entry point: {kinds or 'none'}"
    return f"{v.LEVEL.label(s['level'])}, {through}"


# ---------------------------------------------------------------- entry points, diagnosis
def entry_point_lines(s: Mapping[str, Any]) -> list[str]:
    """Each entry point with its structure (Theory of Action, Step 2) and its diagnoses."""
    lines: list[str] = []
    for e in s.get("entry_points") or []:
        kind = v.ENTRY_POINT.label(e["kind"])
        diagnoses = ", ".join(f"#{n}" for n in e.get("diagnoses") or [])
        head = f"  {e['entry_point_id']}: {kind}, added {e['added_on']}"
        lines.append(head + (f"; diagnoses {diagnoses}" if diagnoses else ""))
        for line in _structure(e):
            lines += wrapped(line, "          ", "    ")
    return lines


def _structure(e: Mapping[str, Any]) -> list[str]:
    if not e.get("structure_recorded", True):
        return ["structure not recorded (named when the engagement opened)"]
    kind = e["kind"]
    out: list[str] = []
    if kind == "system_assessment":
        out.append(
            f"framework {e.get('framework_id') or 'fixed by its first diagnosis'}, "
            f"{e.get('assessment_version') or 'full'} version"
        )
    elif kind == "strategic_planning":
        group = "; ".join(
            f"{m['member']} ({v.MEMBER_ROLE.label(m['role']).lower()})"
            for m in e.get("planning_group") or []
        )
        areas = ", ".join(v.PLANNING_AREA.label(a) for a in e.get("planning_areas") or [])
        out.append(f"planning group: {group}")
        out.append(f"areas: {areas}")
        out.append(f"owned by {e.get('plan_owner')}")
    elif kind == "grant_criteria":
        out.append(
            f"{e.get('grant')}, {e.get('granting_state')}; plan due {e.get('plan_deadline')}"
        )
        out += [f"criterion: {criterion}" for criterion in e.get("criteria") or []]
    else:
        out.append(f"request: {e.get('request')}")
        if e.get("mandate"):
            out.append(f"mandate: {e['mandate']}")
        if e.get("deadline"):
            out.append(f"deadline: {e['deadline']}")
        if e.get("follow_up"):
            out.append(f"follow-up agreed: {e['follow_up']}")
    if e.get("note"):
        out.append(f"note: {e['note']}")
    return out


def diagnosis_lines(d: Mapping[str, Any]) -> list[str]:
    """Strengths, GANs, not observed and the services recommended, for one diagnosis."""
    lines: list[str] = []
    through = d.get("entry_point_id")
    if through:
        inferred = " (inferred)" if d.get("entry_point_inferred") else ""
        lines += wrapped(
            f"through {through}{inferred}, {d.get('assessment_version') or 'full'} version; "
            f"assessors: {', '.join(d.get('assessors') or []) or '-'}",
            "    ",
            "  ",
        )
    strengths = d.get("strengths")
    lines.append(
        "  strengths: "
        + ("not recorded (before strengths were)" if strengths is None else ", ".join(strengths))
        if strengths is None or strengths
        else "  strengths: none in the upper half of the scale"
    )
    if d.get("not_observed"):
        lines.append(f"  not observed: {', '.join(d['not_observed'])}")
    recommended = d.get("recommended_services")
    if recommended:
        lines += wrapped(
            f"recommended for the GANs ({d['framework_id']} plugin's own recommendation): "
            + ", ".join(recommended),
            "    ",
            "  ",
        )
    return lines


# ---------------------------------------------------------------- plan goals
def goal_lines(p: Mapping[str, Any], s: Mapping[str, Any]) -> list[str]:
    """The plan's goals with their elements and GANs; the horizon; where it started."""
    lines: list[str] = []
    horizon = p.get("horizon")
    if horizon:
        lines.append(f"  horizon: {horizon['first']} to {horizon['last']}")
    started = next(
        (h.get("from_diagnosis") for h in s.get("plan_history") or [] if h["action"] == "set"),
        None,
    )
    if started:
        lines.append(f"  started from diagnosis #{started}")
    for goal in p.get("goals") or []:
        tags = _elements(goal["elements"]) or "untagged"
        gans = f"; GANs {', '.join(goal['gans'])}" if goal.get("gans") else ""
        lines += wrapped(f"goal {goal['goal_id']} [{tags}{gans}]: {goal['text']}", "      ", "  ")
    return lines


def plan_change_lines(s: Mapping[str, Any]) -> list[str]:
    """Each plan change with its reason, goals added/removed/replaced, lessons cited."""
    lines: list[str] = []
    for change in s.get("plan_history") or []:
        if change["action"] != "changed":
            continue
        lines += wrapped(f"changed {change['on']}: {change['reason']}", "      ", "  ")
        edits = []
        for key, word in (
            ("goals_added", "added"),
            ("goals_replaced", "replaced"),
            ("goals_removed", "removed"),
        ):
            if change.get(key):
                edits.append(f"{word} {', '.join(change[key])}")
        if change.get("cites"):
            edits.append(f"acts on lesson {', '.join(change['cites'])}")
        if edits:
            lines += wrapped("goals " + "; ".join(edits), "      ", "    ")
    return lines


# ---------------------------------------------------------------- team structure
def structure_lines(s: Mapping[str, Any]) -> list[str]:
    """The team tree (each team under its parent), the DLT's anchor seats, priorities."""
    priorities = {p["priority_id"]: p for p in s.get("priorities") or []}
    lines: list[str] = []
    for row in s.get("team_structure") or []:
        pad = "  " * (row["depth"] + 1)
        where = f", {row['school']}" if row.get("school") else ""
        inferred = " (parent inferred)" if row.get("parent_inferred") else ""
        kind = v.TEAM_KIND.label(row["kind"])
        named = row["name"] if row["name"] == kind else f"{row['name']} — {kind}"
        lines += wrapped(
            f"{row['team_id']}: {named}{where}, {row['stage']}, "
            f"{plural(len(row['members']), 'member')}{inferred}",
            pad + "    ",
            pad,
        )
        if row["kind"] == "dlt":
            seats = row.get("anchor_seats") or {}
            held = "; ".join(
                f"{SEATS[a]} {', '.join(who) if who else '(empty)'}" for a, who in seats.items()
            )
            status = (
                "anchors seated"
                if not row.get("missing_anchors")
                else "missing " + ", ".join(SEATS[a] for a in row["missing_anchors"])
            )
            lines += wrapped(f"anchor seats ({status}): {held}", pad + "    ", pad + "  ")
        for pid in row.get("priorities") or []:
            lines += priority_lines(priorities.get(pid), pad + "  ")
    return lines


def priority_lines(p: Mapping[str, Any] | None, pad: str) -> list[str]:
    if p is None:
        return []
    kind = {
        "district_priority": "priority",
        "achievement": "achievement priority",
        "culture": "culture priority",
        "measurable_goal": "goal",
    }[p["kind"]]
    detail = ""
    if p.get("horizon"):
        detail = f" ({p['horizon']['first']} to {p['horizon']['last']})"
    if p["kind"] == "measurable_goal":
        base = f"from {p['baseline']} " if p.get("baseline") is not None else ""
        detail = f" ({p['measure']}: {base}to {p['target']} {p['unit']} by {p['target_by']})"
    within = f" within {', '.join(p['within'])}" if p.get("within") else ""
    lines = wrapped(f"{kind} {p['priority_id']}{within}: {p['text']}{detail}", pad + "    ", pad)
    evidence = p.get("evidence") or []
    if evidence:
        last = evidence[-1]
        seen = f"{last['observed']} {p.get('unit') or ''}: " if last.get("observed") else ""
        lines += wrapped(
            f"progress ({plural(len(evidence), 'record')}), latest {last['on']}: {seen}"
            f"{last['text']}",
            pad + "    ",
            pad + "  ",
        )
    for request in p.get("requests") or []:
        lines += wrapped(
            f"support requested {request['on']} from {request.get('to') or 'the DLT'}: "
            f"{request['text']}",
            pad + "    ",
            pad + "  ",
        )
    return lines


# ---------------------------------------------------------------- Framework for Change
COVERAGE_HEADERS = ["Framework for Change element", "Goals", "Lines", "Delivered", "Outcomes"]


def coverage_rows(s: Mapping[str, Any]) -> list[list[Any]]:
    view = s.get("framework_coverage") or {}
    return [
        [
            e["label"],
            ", ".join(e["goals"]) or "-",
            ", ".join(e["services"]) or "-",
            ", ".join(e["delivered"]) or "-",
            ", ".join(f"#{n}" for n in e["outcomes"]) or "-",
        ]
        for e in view.get("elements") or []
    ]


def coverage_lines(s: Mapping[str, Any]) -> list[str]:
    """The four elements, inside-out, with how many goals, plan lines, delivered services
    and outcomes address each; what the plan leaves out."""
    view = s.get("framework_coverage")
    if not view:
        return []
    lines = [f"  {'':<41} {'goals':>5} {'lines':>5} {'delivered':>9} {'outcomes':>8}"]
    for e in view["elements"]:
        lines.append(
            f"  {e['label']:<41} {len(e['goals']):>5} {len(e['services']):>5} "
            f"{len(e['delivered']):>9} {len(e['outcomes']):>8}"
        )
    missing = [v.FRAMEWORK_ELEMENT.label(e) for e in view.get("not_in_plan") or []]
    if missing:
        lines += wrapped(
            "not addressed by the plan: " + "; ".join(missing) + " (Theory of Action: 'All "
            "four elements of the Framework for Change must be addressed')",
            "    ",
            "  ",
        )
    if view.get("untagged_goals"):
        lines.append(f"  goals without elements: {', '.join(view['untagged_goals'])}")
    if not view.get("catalogue"):
        lines.append("  (no services catalogue installed: services count for no element)")
    return lines


# ---------------------------------------------------------------- outcomes, reflection
def measure_text(o: Mapping[str, Any]) -> str:
    if not o.get("measure"):
        return ""
    unit = o.get("unit") or ""
    start = f"{o['baseline']} → " if o.get("baseline") is not None else ""
    target = f" (target {o['target']})" if o.get("target") is not None else ""
    return f"{o['measure']}: {start}{o['observed']} {unit}{target}".replace(" %", "%")


def outcome_lines(s: Mapping[str, Any]) -> list[str]:
    """Each outcome: date, dimension (the long-term one in the Logic Model's words), its
    measure and what it is evidence for."""
    lines: list[str] = []
    for o in s.get("outcomes") or []:
        label = v.OUTCOME_DIMENSION.label(o["dimension"])
        measure = measure_text(o)
        links = [
            *(f"#{n}" for n in o.get("sessions") or []),
            *(o.get("teams") or []),
            *(o.get("services") or []),
            *(f"goal {g}" for g in o.get("goals") or []),
        ]
        text = f"{o['on']} {label}" + (f" — {measure}" if measure else "")
        text += f" [for {', '.join(links)}]" if links else ""
        lines += wrapped(text, "      ", "  ")
    return lines


def reflection_lines(s: Mapping[str, Any]) -> list[str]:
    """Each plan goal's latest result, the lessons (rN.k, and the changes citing them),
    the next steps."""
    lines: list[str] = []
    for goal in s.get("goals") or []:
        result = goal.get("result")
        if not result:
            continue
        lines += wrapped(
            f"goal {goal['goal_id']}: {v.GOAL_RESULT.label(result['result']).lower()} "
            f"({result['on']}) — {result['evidence']}",
            "      ",
            "  ",
        )
    for lesson in s.get("lessons") or []:
        cited = (
            f" (acted on by #{', #'.join(str(n) for n in lesson['cited_by'])})"
            if lesson.get("cited_by")
            else ""
        )
        lines += wrapped(f"lesson {lesson['ref']}: {lesson['text']}{cited}", "      ", "  ")
    for reflection in s.get("reflection_log") or []:
        for step in reflection.get("next_steps") or []:
            lines += wrapped(f"next step ({reflection['on']}): {step}", "      ", "  ")
    if s.get("closed_without_reflection"):
        lines += wrapped(
            f"closed without a reflection: {s['closed_without_reflection']}", "      ", "  "
        )
    return lines


def state_model_lines(state: Mapping[str, Any]) -> list[str]:
    """For the TUI's state panel (about 50 columns): the DLT's anchor seats and the
    Framework for Change elements the plan addresses, at the moment of an event."""
    lines: list[str] = []
    dlt = next((t for t in state.get("team_structure") or [] if t["kind"] == "dlt"), None)
    if dlt is not None:
        missing = dlt.get("missing_anchors") or []
        lines.append(
            " anchor seats: "
            + ("all seated" if not missing else "empty: " + ", ".join(SEATS[a] for a in missing))
        )
    view = state.get("framework_coverage")
    if view and state.get("plan"):
        marks = " ".join(f"{e['short']} {'✓' if e['in_plan'] else '·'}" for e in view["elements"])
        lines.append(f" Framework for Change: {marks}")
    return lines
