"""Planned versus delivered, per line of the services plan (Theory of Action, Steps 3 and 5).

For an engagement folded up to a date D (the as-of fold: every event that had occurred by
then) and the plan in force on D, each plan line shows its planned hours and budget, what
was delivered under it (sessions and coaching follow-ups, hours, cohorts started), what
remains, any over-delivery, and the money delivered *estimated* from the price rule the line
snapshot from the catalogue:

* a fixed price ("$2,500" for the pair, "$7,500" for the series) counts once per cohort
  that started the series (a session without a recorded cohort counts as one cohort);
* a block price ("Starting at $2,500 for up to 8 hours") counts every block of up to 8 hours
  the delivered hours started, coaching included (the ledger's own reading, C7/C8);
* no estimate where no price is published.

A line counts the sessions of its service from the day the service entered the plan and
stayed in it (``since``, the ledger's own choice C12); everything else is listed *outside
the plan lines*, grouped by why: Step 1 work (a Step 1 programme that was not a line),
unplanned (with the reasons given), outside the catalogue, before the line, not in the plan.

Nothing here needs the services plugin: the lines carry their name, kind and price rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain.plan_lines import (
    STEP1_PROGRAMME,
    TARGETED_SUPPORT,
    V1_CATALOGUE,
    blocks,
    line_on,
    line_since,
    lines_on,
    plan_events,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# Why a session is outside the plan lines, in the order they are listed.
OUTSIDE_REASONS: dict[str, str] = {
    "step1_work": "Step 1 work (a Step 1 programme, not a line of the plan)",
    "unplanned": "unplanned (a reason was given)",
    "outside_catalogue": "outside the CEC services catalogue",
    "before_line": "before the service entered the plan",
    "not_in_plan": "not in the plan (recorded before reasons were asked for)",
}


def planned_vs_delivered(state: Any, on: date | None = None) -> dict[str, Any]:
    """The plan in force on ``on`` (default: the latest date the state holds), line by line,
    with the sessions outside the lines and the totals (see the module docstring)."""
    day = on or state.last_occurred_on or date.min
    plan_of, lines = lines_on(state, day)
    sessions = [s for s in state.sessions if s["occurred_on"] <= day]
    counted: set[int] = set()
    rows = []
    for line in lines:
        row, window = _line_row(state, line, sessions, day)
        rows.append(row)
        counted.update(s["version"] for s in window)
    outside = _outside(state, [s for s in sessions if s["version"] not in counted], lines)
    return {
        "plan_of": plan_of,
        "lines": rows,
        "outside": outside,
        "totals": _totals(rows, outside),
    }


def _line_row(
    state: Any, line: Mapping[str, Any], sessions: list[Mapping[str, Any]], day: date
) -> tuple[dict[str, Any], list[Mapping[str, Any]]]:
    service = line["service_id"]
    since = line_since(state, service, day) or day
    window = [s for s in sessions if s["service_id"] == service and s["occurred_on"] >= since]
    delivered = [s for s in window if s["delivery"] != "coaching"]
    followups = [s for s in window if s["delivery"] == "coaching"]
    hours = _sum(window)
    planned = _cents(Decimal(line["hours"]))
    rule = dict(line.get("price_rule") or {})
    cohorts = sorted({s.get("cohort") or "(not recorded)" for s in delivered})
    money, blocks_started = _money(rule, hours, len(cohorts))
    budget = None if line.get("budget") is None else _cents(Decimal(line["budget"]))
    flags = [f"beyond plan: {s['beyond_plan']}" for s in window if s.get("beyond_plan")]
    if line.get("price_note"):
        flags.append(f"price noted: {line['price_note']}")
    if rule.get("kind") == "unknown":
        flags.append("not in the CEC services catalogue")
    row = {
        "service_id": service,
        "name": line.get("name") or service,
        "kind": line.get("kind"),
        "price_rule": rule,
        "since": since,
        "planned": {
            "hours": planned,
            "budget": budget,
            "cohorts": line.get("cohorts"),
            "price_note": line.get("price_note"),
        },
        "delivered": {
            "sessions": len(delivered),
            "followups": len(followups),
            "hours": hours,
            "sessions_hours": _sum(delivered),
            "followups_hours": _sum(followups),
            "cohorts_started": cohorts if rule.get("kind") == "fixed_per_cohort" else [],
            "blocks_started": blocks_started,
            "money": money,
        },
        "remaining": {
            "hours": max(ZERO, planned - hours),
            "budget": None if budget is None or money is None else max(ZERO, budget - money),
        },
        "over": {
            "hours": max(ZERO, hours - planned),
            "budget": None if budget is None or money is None else max(ZERO, money - budget),
        },
        "flags": flags,
    }
    return row, window


def _money(
    rule: Mapping[str, Any], hours: Decimal, cohorts: int
) -> tuple[Decimal | None, int | None]:
    """Money delivered estimated from a price rule, and the blocks started (block prices)."""
    amount = rule.get("amount")
    if amount is None:
        return None, None
    if rule.get("kind") == "fixed_per_cohort":
        return _cents(Decimal(amount) * cohorts), None
    if rule.get("kind") == "block":
        started = blocks(hours, Decimal(rule["block_hours"]))
        return _cents(Decimal(amount) * started), started
    return None, None


def _cents(value: Decimal) -> Decimal:
    """Hours and money at scale 2 ("7500.00", "0.00"), as everywhere in the ledger."""
    return value.quantize(CENT)


def _sum(sessions: list[Mapping[str, Any]]) -> Decimal:
    return _cents(sum((Decimal(s["hours"]) for s in sessions), ZERO))


def service_kinds(state: Any) -> dict[str, str]:
    """What each service id is (targeted support, Step 1 programme), as the plan lines
    snapshot it, else as the catalogue shipped in 2026-11 knew it."""
    kinds = {sid: kind for sid, (kind, _rule) in V1_CATALOGUE.items()}
    for _on, lines in plan_events(state):
        for line in lines:
            if line.get("kind") in (TARGETED_SUPPORT, STEP1_PROGRAMME):
                kinds[line["service_id"]] = line["kind"]
    return kinds


def _outside(
    state: Any, sessions: list[Mapping[str, Any]], lines: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    kinds = service_kinds(state)
    by_version = {s["version"]: s for s in state.sessions}
    planned_now = {line["service_id"] for line in lines}
    groups: dict[str, dict[str, Any]] = {}
    for s in sessions:
        reason = _why_outside(state, s, kinds, by_version, planned_now)
        group = groups.setdefault(
            reason,
            {
                "reason": reason,
                "label": OUTSIDE_REASONS[reason],
                "sessions": 0,
                "followups": 0,
                "hours": ZERO,
                "services": {},
                "reasons": [],
            },
        )
        key = "followups" if s["delivery"] == "coaching" else "sessions"
        group[key] += 1
        group["hours"] += Decimal(s["hours"])
        per = group["services"].setdefault(
            s["service_id"] or "(none)", {"sessions": 0, "followups": 0, "hours": ZERO}
        )
        per[key] += 1
        per["hours"] += Decimal(s["hours"])
        if s.get("unplanned") and s["unplanned"] not in group["reasons"]:
            group["reasons"].append(s["unplanned"])
    return [groups[r] for r in OUTSIDE_REASONS if r in groups]


def _why_outside(
    state: Any,
    s: Mapping[str, Any],
    kinds: Mapping[str, str],
    by_version: Mapping[int, Mapping[str, Any]],
    planned_now: set[str],
) -> str:
    service = s["service_id"]
    followed = by_version.get(s.get("follows")) if s["delivery"] == "coaching" else None
    reason = s.get("unplanned") or (followed.get("unplanned") if followed else None)
    if service is None:
        return "outside_catalogue"
    if kinds.get(service) == STEP1_PROGRAMME and line_on(state, service, s["occurred_on"]) is None:
        return "step1_work"
    if reason:
        return "unplanned"
    if service in planned_now:
        return "before_line"
    return "not_in_plan"


def _totals(rows: list[dict[str, Any]], outside: list[dict[str, Any]]) -> dict[str, Any]:
    priced = [r["delivered"]["money"] for r in rows if r["delivered"]["money"] is not None]
    budgets = [r["planned"]["budget"] for r in rows if r["planned"]["budget"] is not None]
    return {
        "planned_hours": sum((r["planned"]["hours"] for r in rows), ZERO),
        "planned_budget": sum(budgets, ZERO),
        "sessions": sum(r["delivered"]["sessions"] for r in rows),
        "followups": sum(r["delivered"]["followups"] for r in rows),
        "delivered_hours": sum((r["delivered"]["hours"] for r in rows), ZERO),
        "remaining_hours": sum((r["remaining"]["hours"] for r in rows), ZERO),
        "over_hours": sum((r["over"]["hours"] for r in rows), ZERO),
        "money": sum(priced, ZERO),
        "outside_hours": sum((g["hours"] for g in outside), ZERO),
        "outside_records": sum(g["sessions"] + g["followups"] for g in outside),
    }
