"""Views of the CEC model over an engagement (no events of their own): the Framework for
Change coverage and the engagement's logic model.

**Framework for Change coverage** (Theory of Action: "All four elements of the Framework for
Change must be addressed"): for each of the four elements, in inside-out order, the plan goals
and the plan's lines that address it, the services delivered that address it, the outcomes
observed for it and the team priorities tagged with it. A catalogue service addresses the
elements the services catalogue data tags it with (``Service.elements``, the ledger's own
classification from the Theory of Action); a session addresses the elements of its service; an
outcome those it names, and those of the goals it is evidence for. Goals recorded before goals
had elements are listed apart ("untagged").

**The logic model** (the CEC Logic Model): the engagement's capacity-building inputs (the
system context: structures, culture, policies, data, resources, communication), its outputs
(the support delivered and the responsibilities handed over) and its measurable outcomes
(short-term system and people impact, mid-term, the long-term outcome). Which ledger facts
stand for which input is the ledger's own reading, written down in docs/cec-model.md.

Both work on an engagement's state as plain values (``EngagementState.to_dict``, after
``formats.lines.plain`` or not), so every reader (show, report, the TUI, ``--json``) gets the
same answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cec_ledger.domain import vocabulary as v

ELEMENTS = v.FRAMEWORK_ELEMENT.tokens


def coverage(
    state: Mapping[str, Any], service_elements: Mapping[str, tuple[str, ...]] | None
) -> dict[str, Any]:
    """The Framework for Change coverage of an engagement's state (see the module docstring).
    ``service_elements`` maps catalogue service ids to their elements; None when no catalogue
    is installed (services then address nothing, and ``catalogue`` says so)."""
    tags = dict(service_elements or {})
    rows: dict[str, dict[str, list[Any]]] = {
        element: {"goals": [], "services": [], "delivered": [], "outcomes": [], "priorities": []}
        for element in ELEMENTS
    }
    plan = state.get("plan") or {}
    goals = {g["goal_id"]: g for g in plan.get("goals") or []}
    untagged = [goal_id for goal_id, g in goals.items() if not g["elements"]]
    for goal_id, goal in goals.items():
        for element in goal["elements"]:
            rows[element]["goals"].append(goal_id)
    for line in plan.get("services") or []:
        for element in tags.get(line["service_id"], ()):
            rows[element]["services"].append(line["service_id"])
    delivered = state.get("sessions", {}).get("by_service") or {}
    for service_id in delivered:
        for element in tags.get(service_id, ()):
            rows[element]["delivered"].append(service_id)
    every_goal = {g["goal_id"]: g for g in state.get("goals") or []} | goals
    for outcome in state.get("outcomes") or []:
        named = set(outcome.get("elements") or ())
        for goal_id in outcome.get("goals") or ():
            named |= set(every_goal.get(goal_id, {}).get("elements", ()))
        for element in ELEMENTS:
            if element in named:
                rows[element]["outcomes"].append(outcome.get("version"))
    for priority in state.get("priorities") or []:
        for element in priority.get("elements") or ():
            rows[element]["priorities"].append(priority["priority_id"])
    elements = [
        {
            "element": element,
            "label": v.FRAMEWORK_ELEMENT.label(element),
            "short": v.ELEMENT_SHORT[element],
            **row,
            "in_plan": bool(row["goals"] or row["services"]),
        }
        for element, row in rows.items()
    ]
    return {
        "elements": elements,
        "not_in_plan": [e["element"] for e in elements if not e["in_plan"]] if plan else [],
        "untagged_goals": untagged,
        "catalogue": service_elements is not None,
    }


# The CEC Logic Model's inputs, in its order, and which facts of the ledger stand for each.
INPUTS: tuple[tuple[str, str], ...] = (
    ("structures", "Structures"),
    ("culture", "Culture"),
    ("policies", "Policies"),
    ("data", "Data"),
    ("resources", "Resources"),
    ("communication", "Communication"),
)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def logic_model(state: Mapping[str, Any]) -> dict[str, Any]:
    """The engagement's logic model: inputs -> outputs -> outcomes (see the module
    docstring), each a list of lines people read, plus the figures behind them."""
    teams = state.get("teams") or []
    kinds: dict[str, int] = {}
    for team in teams:
        kinds[team["kind"]] = kinds.get(team["kind"], 0) + 1
    structures = (
        ", ".join(_count(n, v.TEAM_KIND.label(kind)) for kind, n in kinds.items()) or "no team yet"
    )
    anchors = state.get("anchors") or {}
    committed = [a for a, e in anchors.items() if e.get("committed")]
    instruments = sorted(
        {h["instrument"] for h in state.get("commitment_history") or [] if h.get("instrument")}
    )
    diagnoses = state.get("diagnoses") or []
    plan = state.get("plan")
    reflections = state.get("reflection_log") or []
    inputs = {
        "structures": structures,
        "culture": f"{len(committed)} of 3 anchors committed"
        + (" (the We holds)" if len(committed) == 3 else ""),
        "policies": ", ".join(v.INSTRUMENT.label(i) for i in instruments) or "none signed yet",
        "data": _count(len(diagnoses), "diagnosis", "diagnoses")
        + (
            f"; latest readiness {diagnoses[-1].get('readiness_label') or '-'}" if diagnoses else ""
        ),
        "resources": (
            f"services plan of {plan['total_hours']} hours, budget "
            f"${Decimal(str(plan['total_budget'])):,.0f}"
            if plan
            else "no services plan yet"
        ),
        "communication": _count(sum(1 for r in reflections if r.get("communication")), "reflection")
        + " on communication",
    }
    sessions = state.get("sessions") or {}
    by_delivery = dict(sessions.get("by_delivery") or {})
    follow_ups = by_delivery.pop("coaching", 0)
    responsibilities = state.get("responsibilities") or []
    handed = [r for r in responsibilities if str(r.get("release_level", "")).startswith("district")]
    outputs = {
        "sessions": sum(by_delivery.values()),
        "follow_ups": follow_ups,
        "hours": Decimal(str(sessions.get("hours") or 0)),
        "by_delivery": by_delivery,
        "responsibilities": len(responsibilities),
        "district_led": len(handed),
    }
    outcomes: dict[str, list[dict[str, Any]]] = {}
    for outcome in state.get("outcomes") or []:
        tier = outcome["tier"]
        if tier == "short_term":
            tier = f"short_term_{outcome.get('impact') or 'system'}"
        outcomes.setdefault(tier, []).append(outcome)
    tiers = [
        ("short_term_system", "Short-term: system impact"),
        ("short_term_people", "Short-term: people impact"),
        ("mid_term", "Mid-term"),
        ("long_term", "Long-term outcome"),
    ]
    return {
        "inputs": [
            {"input": key, "label": label, "evidence": inputs[key]} for key, label in INPUTS
        ],
        "outputs": outputs,
        "outcomes": [
            {
                "tier": key,
                "label": label,
                "observed": [
                    {
                        "version": o.get("version"),
                        "on": o["on"],
                        "dimension": o["dimension"],
                        "label": v.OUTCOME_DIMENSION.label(o["dimension"]),
                        "measure": o.get("measure"),
                        "unit": o.get("unit"),
                        "baseline": o.get("baseline"),
                        "target": o.get("target"),
                        "observed": o.get("observed"),
                        "evidence": o["evidence"],
                    }
                    for o in outcomes.get(key, [])
                ],
            }
            for key, label in tiers
        ],
        "long_term_outcome": v.LONG_TERM_OUTCOME,
    }
