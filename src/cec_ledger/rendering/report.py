"""Engagement reports in Markdown or HTML: summary, entry points, Pathway progress, the plan
with its goals, the Framework for Change coverage, the team structure, the engagement's logic
model (inputs -> outputs -> outcomes), reflections goal by goal, the capacity curve, and
sections added by plugins.

The report is built from the engagement's folded state and nothing else (no clock, no
machine name), so the same ledger always gives the same bytes: an auditor can diff two
reports or hash one.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.pathway import describe
from cec_ledger.rendering import structure_report as sr
from cec_ledger.rendering.charts import svg_chart, text_chart
from cec_ledger.rendering.delivery import budget_text, report_blocks, svg_bars, text_bars
from cec_ledger.rendering.text import money, percent, plural


def build_sections(
    state: dict[str, Any], capacity: dict[str, Any], reflections: list[dict[str, Any]]
) -> list[tuple[str, list[Any]]]:
    """The report as (title, blocks); a block is a paragraph string, a table or a chart."""
    sections: list[tuple[str, list[Any]]] = []
    pathway = state["pathway"]
    anchors = ", ".join(
        f"{v.ANCHOR.label(a)} ({'committed ' + str(e['since']) if e['committed'] else 'not committed'})"
        for a, e in state["anchors"].items()
    )
    sections.append(
        (
            "Summary",
            [
                f"{state['organisation']} — a {v.LEVEL.label(state['level']).lower()} "
                f"engagement opened {state['opened_on']}, entered through "
                f"{sr.entry_points_text(state)}; "
                f"{state['status']}{' since ' + state['closed_on'] if state['closed_on'] else ''}. "
                f"{state['events']} events"
                + (f" occurred by {state['as_of']}" if state.get("as_of") else " recorded")
                + (
                    f", as the ledger knew it at {state['known_at']}"
                    if state.get("known_at")
                    else ""
                )
                + ".",
                f"Consultants: {', '.join(state['consultants']) or '-'}.",
                f"Anchors: {anchors}. We have a We: {'yes' if state['we_have_a_we'] else 'no'}.",
            ],
        )
    )
    sections.append(
        (
            "Pathway progress",
            [
                f"Pathway: {describe(pathway)}.",
                {
                    "headers": ["Step", "Reached", "Holds", "Evidence"],
                    "rows": [
                        [
                            f"{s['step']}. {s['name']}",
                            pathway["reached_on"].get(str(s["step"]), "no"),
                            ("yes" if s["holds"] else "no")
                            + (" (at risk)" if s["step"] in pathway["at_risk"] else ""),
                            s["evidence"],
                        ]
                        for s in pathway["steps"]
                    ],
                },
            ],
        )
    )
    if state.get("entry_points"):
        sections.append(("Entry points", sr.entry_point_blocks(state)))
    if state["diagnoses"]:
        sections.append(("Diagnoses", [sr.diagnosis_rows(state)]))
    if state["plan"]:
        plan = state["plan"]
        sections.append(
            (
                "Services plan",
                [
                    f"A {plan['kind']} plan with a{'n' if plan['emphasis'][0] in 'aeiou' else ''} "
                    f"{plan['emphasis']} emphasis; {plural(plan['changes'], 'change')} since it was set. "
                    f"Total {plan['total_hours']} hours, {money(plan['total_budget'])}.",
                    {
                        "headers": ["Service", "Hours", "Budget"],
                        "rows": [
                            [
                                f"{s['name']} ({s['service_id']})",
                                s["hours"],
                                budget_text(s["budget"]),
                            ]
                            for s in plan["services"]
                        ],
                    },
                    {
                        "headers": ["Date", "Change", "Reason"],
                        "rows": [
                            [h["on"], h["action"], h["reason"] or "-"]
                            for h in state["plan_history"]
                        ],
                    },
                    *sr.goal_blocks(state),
                ],
            )
        )
        sections.append(("Framework for Change coverage", sr.coverage_blocks(state)))
    if state.get("planned_vs_delivered"):
        sections.append(("Planned vs delivered", report_blocks(state["planned_vs_delivered"])))
    if state["teams"]:
        sections.append(("Collaborative structures", sr.structure_blocks(state)))
    sessions = state["sessions"]
    if sessions["count"]:
        sections.append(
            (
                "Support delivered",
                [
                    f"{sessions['count']} sessions, {sessions['hours']} hours.",
                    {
                        "headers": ["Delivery", "Sessions"],
                        "rows": [[k, n] for k, n in sorted(sessions["by_delivery"].items())],
                    },
                ],
            )
        )
    sections.append(
        (
            "Logic model: inputs → outputs → outcomes",
            [*sr.logic_blocks(state), *_outcomes(state["outcomes"])],
        )
    )
    sections.append(("Reflection", [*_reflections(reflections), *sr.reflection_blocks(state)]))
    points = [(p["on"], float(p["index"])) for p in capacity["curve"]]
    sections.append(
        (
            "Capacity transfer",
            [
                f"Capacity index {percent(capacity['index'])} (0% = consultant-led, 100% = "
                f"district-independent); district-led {percent(capacity['district_led_share'])}.",
                {"chart": points},
                {
                    "headers": ["Responsibility", "Team", "Release level", "Holder", "Since"],
                    "rows": [
                        [
                            r["responsibility"],
                            r["team_id"] or "-",
                            r["release_level"],
                            r["holder"],
                            r["history"][-1]["on"],
                        ]
                        for r in capacity["responsibilities"]
                    ],
                },
            ],
        )
    )
    return sections


def _outcomes(outcomes: list[dict[str, Any]]) -> list[Any]:
    if not outcomes:
        return ["No outcomes observed yet."]
    rows = []
    for dimension, tier in v.DIMENSION_TIER.items():
        seen = [o for o in outcomes if o["dimension"] == dimension]
        impact = v.SHORT_TERM_IMPACT.get(dimension)
        tier_label = v.OUTCOME_TIER.label(tier) + (f" ({impact} impact)" if impact else "")
        rows.append(
            [
                tier_label,
                v.OUTCOME_DIMENSION.label(dimension),
                len(seen),
                seen[-1]["evidence"] if seen else "-",
            ]
        )
    return [
        f"{len(outcomes)} outcomes observed.",
        {"headers": ["Tier", "Dimension", "Observed", "Latest evidence"], "rows": rows},
    ]


def _reflections(reflections: list[dict[str, Any]]) -> list[Any]:
    if not reflections:
        return ["No reflections recorded yet."]
    blocks: list[Any] = [f"{len(reflections)} reflections recorded."]
    blocks.append(
        {
            "headers": ["Date", "Team", "Communication", "Equitable voice", "Psychological safety"],
            "rows": [
                [
                    r["on"],
                    r["team_id"] or "-",
                    r["communication"] or "-",
                    r["equitable_voice"] or "-",
                    r["psychological_safety"] or "-",
                ]
                for r in reflections
            ],
        }
    )
    lessons = [lesson for r in reflections for lesson in r["lessons_learned"]]
    if lessons:
        blocks.append("Lessons learned: " + "; ".join(lessons) + ".")
    return blocks


def checks_blocks(checks: dict[str, Any]) -> list[Any]:
    """``cec-ledger check``'s findings on the engagement (the default set), one row each."""
    found = checks["findings"]
    said = f"{plural(checks['checks'], 'check')} run as of {checks['as_of']}"
    if not found:
        return [f"{said}: all hold."]
    errors = sum(1 for f in found if f["severity"] == "error")
    return [
        f"{said}: {plural(errors, 'error')}, {plural(len(found) - errors, 'warning')} "
        '(docs/auditors.md, "Checks", says what each check means).',
        {
            "headers": ["Severity", "Check", "Event", "Problem"],
            "rows": [[f["severity"], f["check"], f["where"], f["message"]] for f in found],
        },
    ]


def render_markdown(title: str, sections: list[tuple[str, list[Any]]]) -> str:
    lines = [f"# {title}", ""]
    for heading, blocks in sections:
        lines += [f"## {heading}", ""]
        for block in blocks:
            if isinstance(block, str):
                lines += [block, ""]
            elif "chart" in block:
                chart = text_chart(block["chart"])
                lines += ["```text", chart or "(no transfers yet)", "```", ""]
            elif "bars" in block:
                lines += ["```text", text_bars(block["bars"]), "```", ""]
            else:
                lines.append("| " + " | ".join(block["headers"]) + " |")
                lines.append("|" + "---|" * len(block["headers"]))
                for row in block["rows"]:
                    cells = [str(c).replace("|", "\\|").replace("\n", " ") for c in row]
                    lines.append("| " + " | ".join(cells) + " |")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_html(title: str, sections: list[tuple[str, list[Any]]]) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
        "line-height:1.4}table{border-collapse:collapse;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}"
        "th{background:#f3f3f3}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    for heading, blocks in sections:
        out.append(f"<h2>{escape(heading)}</h2>")
        for block in blocks:
            if isinstance(block, str):
                out.append(f"<p>{escape(block)}</p>")
            elif "chart" in block:
                out.append(svg_chart(block["chart"]))
            elif "bars" in block:
                out.append(svg_bars(block["bars"]))
            else:
                out.append(
                    "<table><tr>"
                    + "".join(f"<th>{escape(str(h))}</th>" for h in block["headers"])
                    + "</tr>"
                )
                for row in block["rows"]:
                    out.append(
                        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>"
                    )
                out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_report(data: dict[str, Any], fmt: str) -> str:
    """The report of one engagement (``Ledger.report_data``), rendered as ``md`` or ``html``."""
    state = data["state"]
    sections = build_sections(state, data["capacity"], data["reflections"])
    if data.get("checks") is not None:
        sections.append(("Checks", checks_blocks(data["checks"])))
    sections += [(title, [body]) for title, body in data["plugin_sections"]]
    title = f"{state['name']} — engagement report"
    if state.get("as_of") or state.get("known_at"):
        when = [f"as of {state['as_of']}"] if state.get("as_of") else []
        when += [f"as known at {state['known_at']}"] if state.get("known_at") else []
        title += f" ({', '.join(when)})"
    return render_html(title, sections) if fmt == "html" else render_markdown(title, sections)
