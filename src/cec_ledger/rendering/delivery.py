"""Planned versus delivered, laid out: the table ``engagement show`` prints (80 columns), the
table and bar chart of a report (Markdown text or inline SVG), from the plain values of
``domain.delivery.planned_vs_delivered`` (as ``show --json`` prints them)."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from cec_ledger.rendering.text import money, one_line, plural

SERVICE_WIDTH = 28
MONEY_NOTE = (
    "Money is estimated from the catalogue's price rules: a fixed price per cohort started, "
    "a block price per block of up to 8 hours started (coaching included); none where the "
    "catalogue publishes no price."
)


def _hours(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


def money_cell(row: dict[str, Any]) -> str:
    """The estimated money of a line: "$25,000" with how it was counted, or why none."""
    delivered = row["delivered"]
    if delivered["money"] is None:
        return "not estimated"
    if row["price_rule"].get("kind") == "block":
        return f"{money(delivered['money'])} ({plural(delivered['blocks_started'] or 0, 'block')})"
    return f"{money(delivered['money'])} ({plural(len(delivered['cohorts_started']), 'cohort')})"


def budget_cell(row: dict[str, Any]) -> str:
    budget = row["planned"]["budget"]
    return "—" if budget is None else money(budget) + ("*" if row["planned"]["price_note"] else "")


SHORT_REASONS = {
    "step1_work": "Step 1 work",
    "unplanned": "unplanned",
    "outside_catalogue": "outside the catalogue",
    "before_line": "before its line",
    "not_in_plan": "not in the plan",
}


def show_lines(pvd: dict[str, Any], width: int = 80) -> list[str]:
    """The section ``engagement show`` prints under "Planned vs delivered" (``width``
    columns at most): the table, its notes, the sessions outside the plan lines."""
    if not pvd["lines"] and not pvd["outside"]:
        return []
    return [*table_lines(pvd), *note_lines(pvd, width), *outside_lines(pvd, width)]


def table_lines(pvd: dict[str, Any]) -> list[str]:
    """One row per plan line and the total (80 columns); over-delivery as +hours left."""
    if not pvd["lines"]:
        return []
    out = [
        f"  {'SERVICE':<{SERVICE_WIDTH}} {'PLAN H':>6} {'DONE H':>6} {'LEFT H':>6} "
        f"{'BUDGET':>7}  MONEY (EST.)"
    ]
    for row in pvd["lines"]:
        over = Decimal(str(row["over"]["hours"]))
        left = f"+{_hours(over)}" if over > 0 else _hours(row["remaining"]["hours"])
        out.append(
            f"  {_cut(row['service_id'], SERVICE_WIDTH):<{SERVICE_WIDTH}} "
            f"{_hours(row['planned']['hours']):>6} {_hours(row['delivered']['hours']):>6} "
            f"{left:>6} {budget_cell(row):>7}  {money_cell(row)}"
        )
    totals = pvd["totals"]
    out.append(
        f"  {'total':<{SERVICE_WIDTH}} {_hours(totals['planned_hours']):>6} "
        f"{_hours(totals['delivered_hours']):>6} {_hours(totals['remaining_hours']):>6} "
        f"{money(totals['planned_budget']):>7}  {money(totals['money'])}"
    )
    return out


def note_lines(pvd: dict[str, Any], width: int = 80, indent: str = "  ") -> list[str]:
    """Under the table: what it counts, the price notes, the reasons given beyond the plan."""
    if not pvd["lines"]:
        return []
    totals = pvd["totals"]
    notes = [
        f"{plural(totals['sessions'], 'session')} and "
        f"{plural(totals['followups'], 'coaching follow-up')} under the plan of "
        f"{pvd['plan_of']}; +: hours beyond the plan"
    ]
    if any(row["planned"]["price_note"] for row in pvd["lines"]):
        notes.append(
            "* price noted: "
            + "; ".join(
                f"{row['service_id']}: {row['planned']['price_note']}"
                for row in pvd["lines"]
                if row["planned"]["price_note"]
            )
        )
    notes += [
        f"{row['service_id']}: {flag}"
        for row in pvd["lines"]
        for flag in row["flags"]
        if not flag.startswith("price noted")
    ]
    out: list[str] = []
    for note in notes:
        out += _wrapped(one_line(note), width, indent, indent + "  ")
    return out


def outside_lines(pvd: dict[str, Any], width: int = 80, indent: str = "  ") -> list[str]:
    """The sessions outside the plan lines, grouped by why."""
    if not pvd["outside"]:
        return []
    out = [f"{indent}outside the plan lines:"]
    for group in pvd["outside"]:
        services = ", ".join(
            f"{'no catalogue service' if sid == '(none)' else sid} {s['sessions'] + s['followups']}"
            for sid, s in group["services"].items()
        )
        records = plural(group["sessions"] + group["followups"], "record")
        text = (
            f"{SHORT_REASONS[group['reason']]}: {records}, {_hours(group['hours'])} h ({services})"
        )
        out += _wrapped(one_line(text), width, indent + "  ", indent + "    ")
    return out


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def report_blocks(pvd: dict[str, Any]) -> list[Any]:
    """The report's "Planned vs delivered" section: a paragraph, the table, the chart and
    the sessions outside the plan lines."""
    if not pvd["lines"] and not pvd["outside"]:
        return ["No services plan, and no sessions yet."]
    blocks: list[Any] = []
    totals = pvd["totals"]
    if pvd["lines"]:
        blocks.append(
            f"Under the plan of {pvd['plan_of']}: {_hours(totals['delivered_hours'])} of "
            f"{_hours(totals['planned_hours'])} planned hours delivered "
            f"({plural(totals['sessions'], 'session')}, "
            f"{plural(totals['followups'], 'coaching follow-up')}), "
            f"{_hours(totals['remaining_hours'])} remaining; money delivered estimated at "
            f"{money(totals['money'])} of a {money(totals['planned_budget'])} budget. " + MONEY_NOTE
        )
        blocks.append(
            {
                "headers": [
                    "Service",
                    "Since",
                    "Planned h",
                    "Budget",
                    "Sessions",
                    "Follow-ups",
                    "Delivered h",
                    "Remaining h",
                    "Over h",
                    "Money (est.)",
                    "Notes",
                ],
                "rows": [
                    [
                        f"{row['name']} ({row['service_id']})",
                        row["since"],
                        _hours(row["planned"]["hours"]),
                        budget_cell(row),
                        row["delivered"]["sessions"],
                        row["delivered"]["followups"],
                        _hours(row["delivered"]["hours"]),
                        _hours(row["remaining"]["hours"]),
                        _hours(row["over"]["hours"]),
                        money_cell(row),
                        "; ".join(row["flags"]) or "-",
                    ]
                    for row in pvd["lines"]
                ]
                + [
                    [
                        "Total",
                        "",
                        _hours(totals["planned_hours"]),
                        money(totals["planned_budget"]),
                        totals["sessions"],
                        totals["followups"],
                        _hours(totals["delivered_hours"]),
                        _hours(totals["remaining_hours"]),
                        _hours(totals["over_hours"]),
                        money(totals["money"]),
                        "",
                    ]
                ],
            }
        )
        blocks.append({"bars": bars(pvd)})
    if pvd["outside"]:
        blocks.append(
            {
                "headers": ["Outside the plan lines", "Records", "Hours", "Services", "Reasons"],
                "rows": [
                    [
                        g["label"],
                        g["sessions"] + g["followups"],
                        _hours(g["hours"]),
                        ", ".join(
                            f"{sid} {s['sessions'] + s['followups']} ({_hours(s['hours'])} h)"
                            for sid, s in g["services"].items()
                        ),
                        "; ".join(g["reasons"]) or "-",
                    ]
                    for g in pvd["outside"]
                ],
            }
        )
    return blocks


def bars(pvd: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(service, planned hours, delivered hours) per line: what the bar chart draws."""
    return [
        (row["service_id"], float(row["planned"]["hours"]), float(row["delivered"]["hours"]))
        for row in pvd["lines"]
    ]


def text_bars(rows: list[tuple[str, float, float]], width: int = 78) -> str:
    """A horizontal bar per line, one scale for all: █ delivered within the plan, ░ still
    planned, ▓ delivered beyond it."""
    if not rows:
        return ""
    label = min(SERVICE_WIDTH, max(len(name) for name, _p, _d in rows))
    figures = [f"{_hours(d)} / {_hours(p)} h" for _n, p, d in rows]
    plot = max(10, width - label - 2 - max(len(f) for f in figures) - 1)
    scale = max(max(p, d) for _n, p, d in rows) or 1.0
    lines = []
    for (name, planned, delivered), figure in zip(rows, figures, strict=True):
        done = round(min(planned, delivered) / scale * plot)
        todo = round(planned / scale * plot) - done
        over = round(delivered / scale * plot) - done - todo if delivered > planned else 0
        bar = "█" * done + "░" * max(0, todo) + "▓" * max(0, over)
        lines.append(f"{_cut(name, label):<{label}}  {bar:<{plot}} {figure}")
    lines.append(f"{'':<{label}}  █ delivered  ░ planned  ▓ beyond the plan")
    return "\n".join(line.rstrip() for line in lines)


def svg_bars(rows: list[tuple[str, float, float]], width: int = 640) -> str:
    """The same chart as inline SVG (no scripts, no external assets)."""
    bar, gap, left, right = 16, 8, 200, 120
    height = max(1, len(rows)) * (bar + gap) + gap
    scale = max([max(p, d) for _n, p, d in rows] or [1.0]) or 1.0
    plot = width - left - right
    out = []
    for i, (name, planned, delivered) in enumerate(rows):
        y = gap + i * (bar + gap)
        out.append(
            f'<text x="4" y="{y + bar - 4}" font-size="11">{escape(name)}</text>'
            f'<rect x="{left}" y="{y}" width="{planned / scale * plot:.1f}" height="{bar}" '
            f'fill="#dde4f3"><title>{escape(name)}: {planned:.2f} h planned</title></rect>'
            f'<rect x="{left}" y="{y + 3}" width="{delivered / scale * plot:.1f}" '
            f'height="{bar - 6}" fill="{"#a5523b" if delivered > planned else "#3b5ba5"}">'
            f"<title>{escape(name)}: {delivered:.2f} h delivered</title></rect>"
            f'<text x="{width - right + 6}" y="{y + bar - 4}" font-size="11">'
            f"{delivered:.2f} / {planned:.2f} h</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="Planned versus delivered hours per plan line">'
        + "".join(out)
        + "</svg>"
    )


def plan_lines_text(plan: dict[str, Any]) -> str:
    """The services plan's lines for ``show``: service, hours, budget (— where the catalogue
    publishes no price and none was agreed), cohorts, and the total."""
    rows = []
    for line in plan["services"]:
        cohorts = line.get("cohorts")
        extra = f"  {plural(cohorts, 'cohort')}" if cohorts else ""
        note = "  price noted" if line.get("price_note") else ""
        rows.append(
            f"  {_cut(line['service_id'], SERVICE_WIDTH):<{SERVICE_WIDTH}} "
            f"{_hours(line['hours']):>8} h  {budget_text(line.get('budget')):>9}{extra}{note}"
        )
    rows.append(
        f"  {'total':<{SERVICE_WIDTH}} {_hours(plan['total_hours']):>8} h  "
        f"{money(plan['total_budget']):>9}"
    )
    return "\n".join(rows)


def budget_text(value: Any) -> str:
    return "—" if value is None else money(value)


def support_text(sessions: dict[str, Any]) -> str:
    """``show``'s "Support delivered" line: sessions by delivery, coaching as follow-ups."""
    by = ", ".join(f"{k} {n}" for k, n in sessions["by_delivery"].items())
    lines = _wrapped(
        f"{plural(sessions['count'], 'session')}, {_hours(sessions['hours'])} hours ({by})",
        80,
        "  ",
        "    ",
    )
    coaching = sessions.get("coaching") or {}
    if coaching.get("inferred") or coaching.get("unlinked"):
        lines += _wrapped(
            "coaching recorded before the Coaching Delivery Model was modelled: "
            f"{coaching.get('inferred', 0)} linked to the session it most likely followed "
            f"(inferred), {coaching.get('unlinked', 0)} to none",
            80,
            "  ",
            "    ",
        )
    return "\n".join(lines)


def local_trainers_text(responsibility: dict[str, Any]) -> str:
    """A responsibility moved to local trainers (the Coaching Delivery Model "trains local
    trainers"): which service they deliver and the sessions that prepared them."""
    prepared = ", ".join(f"#{n}" for n in responsibility.get("prepared_by") or ())
    return f"    local trainers for {responsibility['service_id']}" + (
        f", prepared by {prepared}" if prepared else ""
    )


def state_plan_lines(state: dict[str, Any]) -> list[str]:
    """The state panel's plan lines: each service with delivered / planned hours (the plan
    in force at the panel's moment)."""
    pvd = state.get("planned_vs_delivered") or {}
    rows = {row["service_id"]: row for row in pvd.get("lines") or ()}
    out = []
    for line in (state.get("plan") or {}).get("services") or ():
        row = rows.get(line["service_id"])
        done = f"{row['delivered']['hours']} / " if row else ""
        out.append(f" - {line['service_id']} {done}{line['hours']} h")
    return out
