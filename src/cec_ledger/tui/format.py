"""Plain-text renderings of ledger values for the TUI (no Textual import: testable alone).

Everything here is text, never colour alone: under ``NO_COLOR`` the markers (●○ ✓ ✗ ✎)
still carry the meaning.
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.pathway import describe
from cec_ledger.rendering.delivery import state_plan_lines
from cec_ledger.rendering.structure import state_model_lines
from cec_ledger.rendering.text import percent, plural

# ``percent`` is the one of ``rendering.text`` (CLI and TUI show shares the same way); it is
# re-exported here for the screens that import it from the TUI's formatting module.
__all__ = ["column_widths", "event_ref", "pathway_dots", "percent", "release_label", "state_lines"]


def pathway_dots(pathway: dict[str, Any]) -> str:
    """The five Pathway steps as ●○: a step is filled only when reached (the steps are
    sequential), and ⚠ follows when steps reached no longer hold (``domain.pathway``)."""
    reached = pathway["reached"]
    return "●" * reached + "○" * (5 - reached) + (" ⚠" if pathway["at_risk"] else "")


def event_ref(row: dict[str, Any], with_slug: bool) -> str:
    return f"{row['engagement']}#{row['version']}" if with_slug else f"#{row['version']}"


def release_label(level: str | None) -> str:
    return v.RELEASE_LEVEL.label(level) if level else "-"


def state_lines(state: dict[str, Any], *, version: int | None = None) -> list[str]:
    """The state panel: the engagement just after an event, section by section."""
    lines = [f"{state['name']}", f"after #{version or state['version']} · {state['status']}", ""]
    pathway = state["pathway"]
    lines.append(f"Pathway: {describe(pathway)}")
    for step in pathway["steps"]:
        mark = "●" if step["step"] <= pathway["reached"] else "○"
        risk = " (at risk)" if step["step"] in pathway["at_risk"] else ""
        lines.append(f" {mark} {step['step']}. {step['name']}{risk}")
    lines += ["", "Anchors" + (" — we have a We" if state["we_have_a_we"] else "")]
    anchors = state["anchors"]
    for token, label in v.ANCHOR.labels.items():
        entry = anchors.get(token)
        if entry is None or not entry.get("since"):
            lines.append(f" · {label}: not yet")
        elif entry["committed"]:
            lines.append(f" ✓ {label}: committed {entry['since']}")
        else:
            lines.append(f" ✗ {label}: withdrawn {entry['since']}")
    lines += ["", "Plan"]
    plan = state.get("plan")
    if plan:
        lines.append(f" {plan['kind']}, {plan['emphasis']} emphasis")
        lines += [
            f" goal {g['goal_id']}"
            + (
                f" [{', '.join(v.ELEMENT_SHORT.get(e, e) for e in g['elements'])}]"
                if g["elements"]
                else ""
            )
            for g in plan["goals"]
        ]
        lines += state_plan_lines(state)
    else:
        lines.append(" no services plan yet")
    lines += ["", "Teams"]
    teams = [t for t in state["teams"] if t.get("active", True)]
    lines += [
        f" {t['team_id']}: {t['stage']}, {plural(len(t['members']), 'member')}" for t in teams
    ]
    lines += state_model_lines(state)
    if not teams:
        lines.append(" none")
    lines += ["", "Responsibilities"]
    for r in state["responsibilities"]:
        lines.append(f" {r['responsibility']}: {release_label(r['release_level'])} ({r['holder']})")
    if not state["responsibilities"]:
        lines.append(" none")
    return lines


def column_widths(
    width: int, refs: list[str], rows: list[dict[str, Any]], *, recorded: bool
) -> dict[str, int]:
    """Timeline column widths for a table ``width`` wide. The Summary gets the rest, so it is
    never cut to a few letters (80 columns included); the summary names the event anyway,
    so Type is the first column to go when space is short."""
    widths = {
        "ref": max([len(r) for r in refs] + [5]),
        "date": 16 if recorded else 10,
        "by": max([len(r["recorded_by"]) for r in rows] + [2]),
    }
    type_width = max([len(r["type"]) for r in rows] + [4])
    rest = width - sum(widths.values()) - 2 * 4 - 2  # cell padding, scrollbar
    if rest - type_width - 2 >= 40:
        widths["type"] = type_width
        rest -= type_width + 2
    widths["summary"] = max(12, rest)
    return widths
