"""The CEC model's report sections (``rendering.report`` lays them out): entry points with
their structure, plan goals, the team structure and priorities, the Framework for Change
coverage, the logic model and goal-by-goal reflection. Blocks are paragraphs or tables
(``{"headers": [...], "rows": [...]}``), as everywhere in the report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cec_ledger.domain import vocabulary as v
from cec_ledger.rendering.structure import (
    COVERAGE_HEADERS,
    SEATS,
    coverage_rows,
    measure_text,
    plural,
)


def entry_points_text(state: Mapping[str, Any]) -> str:
    """'system assessment and individual district request' for the summary."""
    kinds = [v.ENTRY_POINT.label(e["kind"]).lower() for e in state.get("entry_points") or []]
    if not kinds:
        return "no entry point yet"
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


def entry_point_blocks(state: Mapping[str, Any]) -> list[Any]:
    points = state.get("entry_points") or []
    if not points:
        return []
    return [
        "Diagnostic entry points (Theory of Action, Step 2), used independently or in combination:",
        {
            "headers": ["Entry point", "Kind", "Added", "Structure", "Diagnoses"],
            "rows": [
                [
                    e["entry_point_id"],
                    v.ENTRY_POINT.label(e["kind"]),
                    e["added_on"],
                    _structure_text(e),
                    ", ".join(f"#{n}" for n in e.get("diagnoses") or []) or "-",
                ]
                for e in points
            ],
        },
    ]


def _structure_text(e: Mapping[str, Any]) -> str:
    if not e.get("structure_recorded", True):
        return "not recorded (named when the engagement opened)"
    kind = e["kind"]
    if kind == "system_assessment":
        return (
            f"framework {e.get('framework_id') or 'fixed by its first diagnosis'}, "
            f"{e.get('assessment_version') or 'full'} version"
        )
    if kind == "strategic_planning":
        group = "; ".join(
            f"{m['member']} ({v.MEMBER_ROLE.label(m['role']).lower()})"
            for m in e.get("planning_group") or []
        )
        areas = ", ".join(v.PLANNING_AREA.label(a) for a in e.get("planning_areas") or [])
        return f"group: {group}. Areas: {areas}. Owned by {e.get('plan_owner')}."
    if kind == "grant_criteria":
        return (
            f"{e.get('grant')}, {e.get('granting_state')}: "
            + "; ".join(e.get("criteria") or [])
            + f". Plan due {e.get('plan_deadline')}."
        )
    text = f"request: {e.get('request')}"
    if e.get("mandate"):
        text += f". Mandate: {e['mandate']}"
    if e.get("deadline"):
        text += f". Deadline {e['deadline']}"
    if e.get("follow_up"):
        text += f". Follow-up agreed: {e['follow_up']}"
    return text + "."


def diagnosis_rows(state: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "headers": [
            "Date",
            "Framework",
            "Entry point",
            "Readiness",
            "Strengths",
            "Greatest areas of need",
            "Recommended services",
        ],
        "rows": [
            [
                d["occurred_on"],
                f"{d['framework_id']} {d['framework_version']}",
                f"{d.get('entry_point_id') or '-'} ({d.get('assessment_version') or 'full'})",
                f"{d['readiness_label'] or '-'} ({d['readiness_score'] or '-'})",
                "not recorded" if d.get("strengths") is None else ", ".join(d["strengths"]) or "-",
                ", ".join(d["greatest_areas_of_need"]) or "-",
                ", ".join(d.get("recommended_services") or []) or "-",
            ]
            for d in state["diagnoses"]
        ],
    }


def goal_blocks(state: Mapping[str, Any]) -> list[Any]:
    """Every goal the plan has had, with its elements, GANs, history and latest result."""
    goals = state.get("goals") or []
    if not goals:
        return []
    plan = state.get("plan") or {}
    horizon = plan.get("horizon")
    rows = []
    for g in goals:
        history = f"added {g['added_on']}"
        if g.get("replaced"):
            history += "; text replaced " + ", ".join(str(r["on"]) for r in g["replaced"])
        if g.get("removed_on"):
            history += f"; removed {g['removed_on']}: {g.get('removal_reason') or '-'}"
        result = g.get("result")
        rows.append(
            [
                g["goal_id"],
                g["text"],
                ", ".join(v.ELEMENT_SHORT.get(e, e) for e in g["elements"]) or "untagged",
                ", ".join(g["gans"]) or "-",
                history,
                f"{v.GOAL_RESULT.label(result['result'])} ({result['on']})" if result else "-",
            ]
        )
    blocks: list[Any] = []
    if horizon:
        blocks.append(f"Horizon: school years {horizon['first']} to {horizon['last']}.")
    blocks.append(
        {
            "headers": ["Goal", "Text", "Elements", "GANs", "History", "Latest result"],
            "rows": rows,
        }
    )
    return blocks


def structure_blocks(state: Mapping[str, Any]) -> list[Any]:
    """The team structure (each team under its parent), the DLT's anchor seats and the
    teams' priorities with their evidence and support requests."""
    tree = state.get("team_structure") or []
    if not tree:
        return []
    rows = []
    seats_text = ""
    for row in tree:
        rows.append(
            [
                "· " * row["depth"] + row["name"],
                v.TEAM_KIND.label(row["kind"]),
                (row.get("parent") or "-") + (" (inferred)" if row.get("parent_inferred") else ""),
                row.get("school") or "-",
                row["stage"],
                len(row["members"]),
            ]
        )
        if row["kind"] == "dlt":
            seats = row.get("anchor_seats") or {}
            seats_text = "DLT anchor seats: " + "; ".join(
                f"{SEATS[a]}: {', '.join(who) or 'empty'}" for a, who in seats.items()
            )
            seats_text += (
                " (the three anchors are seated)."
                if not row.get("missing_anchors")
                else " (missing: " + ", ".join(SEATS[a] for a in row["missing_anchors"]) + ")."
            )
    blocks: list[Any] = [
        {"headers": ["Team", "Kind", "Parent", "School", "Stage", "Members"], "rows": rows}
    ]
    if seats_text:
        blocks.append(seats_text)
    priorities = state.get("priorities") or []
    if priorities:
        blocks.append(
            {
                "headers": ["Team", "Priority", "Kind", "Within", "Target", "Progress"],
                "rows": [_priority_row(p) for p in priorities],
            }
        )
    return blocks


def _priority_row(p: Mapping[str, Any]) -> list[Any]:
    target = "-"
    if p["kind"] == "measurable_goal":
        base = f"{p['baseline']} → " if p.get("baseline") is not None else ""
        target = f"{p['measure']}: {base}{p['target']} {p['unit']} by {p['target_by']}"
    elif p.get("horizon"):
        target = f"{p['horizon']['first']} to {p['horizon']['last']}"
    evidence = p.get("evidence") or []
    parts = []
    if evidence:
        last = evidence[-1]
        seen = f"{last['observed']} {p.get('unit') or ''}: " if last.get("observed") else ""
        parts.append(
            f"{plural(len(evidence), 'record')}; latest {last['on']}: {seen}{last['text']}"
        )
    for request in p.get("requests") or []:
        parts.append(f"support requested {request['on']}: {request['text']}")
    progress = ". ".join(parts) or "-"
    return [
        p["team_id"],
        f"{p['priority_id']}: {p['text']}",
        v.PRIORITY_KIND.label(p["kind"]),
        ", ".join(p.get("within") or []) or "-",
        target,
        progress,
    ]


def coverage_blocks(state: Mapping[str, Any]) -> list[Any]:
    view = state.get("framework_coverage")
    if not view:
        return []
    blocks: list[Any] = [
        "Which of the four elements the plan's goals and lines, the services delivered and the "
        "outcomes observed address, inside-out (Theory of Action: 'All four elements of the "
        "Framework for Change must be addressed'). Services carry the elements the ledger "
        "tags them with from the Theory of Action.",
        {"headers": COVERAGE_HEADERS, "rows": coverage_rows(state)},
    ]
    missing = [v.FRAMEWORK_ELEMENT.label(e) for e in view.get("not_in_plan") or []]
    if missing:
        blocks.append("Not addressed by the plan: " + "; ".join(missing) + ".")
    if view.get("untagged_goals"):
        blocks.append(
            "Goals recorded before goals had elements: " + ", ".join(view["untagged_goals"]) + "."
        )
    return blocks


def logic_blocks(state: Mapping[str, Any]) -> list[Any]:
    return logic_model_blocks(state)


def reflection_blocks(state: Mapping[str, Any]) -> list[Any]:
    """Goal by goal (each reflection's results), lessons with their references and the plan
    changes that acted on them, next steps."""
    blocks: list[Any] = []
    results = [
        [
            r["on"],
            r["team_id"] or "-",
            g["goal_id"],
            v.GOAL_RESULT.label(g["result"]),
            g["evidence"],
        ]
        for r in state.get("reflection_log") or []
        for g in r.get("goals") or []
    ]
    if results:
        blocks.append({"headers": ["Date", "Team", "Goal", "Result", "Evidence"], "rows": results})
    lessons = state.get("lessons") or []
    if lessons:
        blocks.append(
            {
                "headers": ["Lesson", "Recorded", "Text", "Acted on by"],
                "rows": [
                    [
                        lesson["ref"],
                        lesson["on"],
                        lesson["text"],
                        ", ".join(f"#{n}" for n in lesson.get("cited_by") or []) or "-",
                    ]
                    for lesson in lessons
                ],
            }
        )
    steps = [
        f"{r['on']}: {step}"
        for r in state.get("reflection_log") or []
        for step in r.get("next_steps") or []
    ]
    if steps:
        blocks.append("Next steps: " + "; ".join(steps) + ".")
    if state.get("closed_without_reflection"):
        blocks.append(f"Closed without a reflection: {state['closed_without_reflection']}.")
    return blocks


# ---------------------------------------------------------------- the logic model (report)
def logic_model_blocks(s: Mapping[str, Any]) -> list[Any]:
    """The engagement's logic model for the report: inputs -> outputs -> outcomes."""
    model = s.get("logic_model")
    if not model:
        return []
    outputs = model["outputs"]
    by_delivery = ", ".join(f"{k} {n}" for k, n in outputs["by_delivery"].items()) or "none"
    rows: list[list[Any]] = []
    for tier in model["outcomes"]:
        for o in tier["observed"] or [{}]:
            rows.append(
                [
                    tier["label"],
                    o.get("label", "-") if o else "-",
                    measure_text(o) if o else "-",
                    o.get("evidence", "-") if o else "-",
                ]
            )
    return [
        "The CEC Logic Model read from the ledger: capacity-building inputs → outputs → "
        "measurable outcomes (which ledger facts stand for each input is the ledger's own "
        "reading, docs/cec-model.md).",
        {
            "headers": ["Input (system context)", "In this engagement"],
            "rows": [[i["label"], i["evidence"]] for i in model["inputs"]],
        },
        f"Outputs: {plural(outputs['sessions'], 'session')} ({by_delivery}), "
        f"{plural(outputs['follow_ups'], 'coaching follow-up')}, {outputs['hours']} hours; "
        f"{plural(outputs['responsibilities'], 'responsibility', 'responsibilities')} "
        f"transferred, {outputs['district_led']} district-led.",
        {"headers": ["Outcome tier", "Dimension", "Measure", "Evidence"], "rows": rows},
        f"Long-term outcome: {model['long_term_outcome']}",
    ]
