"""The services plan's lines (Theory of Action, Step 3, priced by the CEC services catalogue).

The seam between the two halves of the plan events (DirectionSet, PlanChanged): everything
about ``services`` — a line's shape, its upcaster, its rules and how it folds — lives here;
everything else in a plan (emphasis, kind, goals, horizon...) lives with the plan's own rules
and fold (``rules_v*``, ``folds_plan``), which call these functions.

A line (``events.PlannedService``) names a catalogue service, its planned hours and budget,
and *snapshots* what money needs from the catalogue when it is recorded: the service's name,
its kind (CEC's targeted support or a Step 1 programme) and its price rule. So planned versus
delivered (``domain.delivery``) reads the plan alone, with or without the services plugin;
the catalogue's own rules (is the service in the catalogue, is the budget below the published
starting price...) are the bundled services plugin's (``bundled/services``).

No import of ``domain.events`` here: the event classes' upcasters call this module.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain.errors import InvalidValue

# How the catalogue prices a service (events.PriceRule.kind).
PRICE_RULE_KINDS = ("fixed_per_cohort", "block", "not_published", "unknown")
# What a catalogue entry is (events.PlannedService.kind): the CEC services catalogue's
# targeted support (Theory of Action, Step 5) or a Step 1 programme "to enhance
# management-labor collaboration" (Theory of Action, Step 1).
SERVICE_KINDS = ("targeted_support", "step1_programme", "unknown")
TARGETED_SUPPORT = "targeted_support"
STEP1_PROGRAMME = "step1_programme"


def price_rule(
    kind: str,
    amount: str | None = None,
    block_hours: str | None = None,
    per: str | None = None,
) -> dict[str, Any]:
    """A price rule as plan lines store it (``events.PriceRule``)."""
    return {
        "kind": kind,
        "amount": None if amount is None else Decimal(amount),
        "block_hours": None if block_hours is None else Decimal(block_hours),
        "per": per,
    }


UNKNOWN_PRICE = price_rule("unknown")
NOT_PUBLISHED = price_rule("not_published")
_BLOCK = price_rule("block", "2500", "8", "block of up to 8 hours")

# The catalogue as the ledger shipped it in 2026-11 (before rules epoch 3), frozen: what the
# upcaster gives the lines of plans recorded then. Never edit it to follow the catalogue: it
# says what those ids meant when those plans were recorded.
V1_CATALOGUE: dict[str, tuple[str, dict[str, Any]]] = {
    "leadership-development": (TARGETED_SUPPORT, NOT_PUBLISHED),
    "conflict-resolution": (
        TARGETED_SUPPORT,
        price_rule("fixed_per_cohort", "2500", None, "the pair"),
    ),
    "dlt-slt-plc-integration": (TARGETED_SUPPORT, _BLOCK),
    "ibb-ibps": (TARGETED_SUPPORT, _BLOCK),
    "labor-management-series": (
        TARGETED_SUPPORT,
        price_rule("fixed_per_cohort", "7500", None, "the series"),
    ),
    **{
        service_id: (STEP1_PROGRAMME, NOT_PUBLISHED)
        for service_id in (
            "union-leadership-development",
            "ibb-team-training",
            "union-system-assessment",
            "pera-joint-committee",
            "shared-accountability",
            "shared-leadership",
            "turn-coordination",
        )
    },
}

# The 2026-11 catalogue split Conflict Resolution into two entries; the catalogue prices
# "a pair of training sessions", so they are one service with two parts now.
LEGACY_SERIES_PARTS = {
    "conflict-resolution-1": "session_one",
    "conflict-resolution-2": "session_two",
}


# ------------------------------------------------------------------ upcasting
def upcast_plan_lines(state: dict[str, Any], from_version: int) -> None:
    """Bring the ``services`` of a stored plan event of class version ``from_version`` up to
    the current line shape (called by the plan events' upcasters, on stored events and on
    older export lines). Safe to run on lines already in the current shape."""
    if from_version <= 2 and isinstance(state.get("services"), list):
        state["services"] = upcast_v1_lines(state["services"])


def upcast_v1_lines(lines: list[Any]) -> list[Any]:
    """Lines of the 2026-11 shape ``{service_id, name, hours, budget}`` gain ``price_note``,
    ``cohorts`` (null), ``kind`` and ``price_rule`` (from ``V1_CATALOGUE``; ``unknown`` for an
    id it does not hold); the two Conflict Resolution lines merge into one, hours and
    budgets summed, the merge recorded in its price note."""
    out: list[Any] = []
    merged: dict[str, Any] | None = None
    parts: list[dict[str, Any]] = []
    for line in lines:
        if not isinstance(line, dict) or "price_rule" in line:
            out.append(line)  # already current (or not a line at all: the rules say so)
            continue
        service_id = line.get("service_id")
        if service_id in LEGACY_SERIES_PARTS:
            parts.append(line)
            if merged is None:
                merged = {"service_id": "conflict-resolution"}
                out.append(merged)
            continue
        kind, rule = V1_CATALOGUE.get(str(service_id), ("unknown", UNKNOWN_PRICE))
        out.append(
            {
                **line,
                "price_note": None,
                "cohorts": None,
                "kind": kind,
                "price_rule": _stored_rule(rule),
            }
        )
    if merged is not None:
        merged.update(_merge_legacy_pair(parts))
    return out


def _merge_legacy_pair(parts: list[dict[str, Any]]) -> dict[str, Any]:
    hours = sum((Decimal(str(p.get("hours") or 0)) for p in parts), Decimal(0))
    budget = sum((Decimal(str(p.get("budget") or 0)) for p in parts), Decimal(0))
    described = " and ".join(
        f"{p.get('service_id')} ({shown_hours(p.get('hours'))} h, {money(p.get('budget'))})"
        for p in parts
    )
    kind, rule = V1_CATALOGUE["conflict-resolution"]
    return {
        "service_id": "conflict-resolution",
        "name": " + ".join(str(p.get("name") or p.get("service_id")) for p in parts),
        "hours": f"{hours}",
        "budget": f"{budget}",
        "price_note": f"v1 line{'s' if len(parts) > 1 else ''} {described} "
        + ("merged" if len(parts) > 1 else "renamed"),
        "cohorts": None,
        "kind": kind,
        "price_rule": _stored_rule(rule),
    }


def _stored_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """A price rule in its stored (JSON) form: amounts as text."""
    return {k: (f"{val}" if isinstance(val, Decimal) else val) for k, val in rule.items()}


# ------------------------------------------------------------------ numbers in words
def shown_hours(value: Any) -> str:
    """Hours as people write them: 6, 1.5, 2,000."""
    return _plain(value)


def money(value: Any) -> str:
    """Dollars as the catalogue writes them: $2,500, $1,250.50; "—" for none."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"${int(number):,}"
    return f"${number:,.2f}"


def _plain(value: Any) -> str:
    if value is None:
        return "-"
    number = Decimal(str(value))
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole or 0):,}"
    return grouped + (f".{fraction}" if fraction else "")


# ------------------------------------------------------------------ prices
def minimum_budget(line: Mapping[str, Any]) -> Decimal | None:
    """The catalogue's published starting price for a line (design: the minimum budget):
    a fixed price times the cohorts, a block price times the blocks the planned hours
    start; None where no price is published."""
    rule = line.get("price_rule") or {}
    amount = rule.get("amount")
    if amount is None:
        return None
    if rule.get("kind") == "fixed_per_cohort":
        return Decimal(amount) * (line.get("cohorts") or 1)
    if rule.get("kind") == "block":
        return Decimal(amount) * blocks(Decimal(line["hours"]), Decimal(rule["block_hours"]))
    return None


def blocks(hours: Decimal, block_hours: Decimal) -> int:
    """Blocks of up to ``block_hours`` that ``hours`` start (the ledger's reading of
    "Starting at $2,500 for up to 8 hours": each started block costs the block price)."""
    if hours <= 0:
        return 0
    return math.ceil(hours / block_hours)


def describe_rule(rule: Mapping[str, Any]) -> str:
    """A price rule in words: "$2,500 for the pair", "$2,500 per block of up to 8 hours"."""
    kind = rule.get("kind")
    if kind == "fixed_per_cohort":
        return f"{money(rule.get('amount'))} for {rule.get('per') or 'each cohort'}"
    if kind == "block":
        return f"from {money(rule.get('amount'))} per {rule.get('per') or 'block'}"
    if kind == "not_published":
        return "no published price"
    return "not in the catalogue"


# ------------------------------------------------------------------ rules
def check_plan_lines(state: Any, fields: dict[str, Any]) -> None:
    """The core (catalogue-independent) rules of epoch 3 for the plan lines of a plan event:
    every line's snapshot is well formed (kind, price rule; bounds on hours, money, cohorts
    and the price note are ``domain.bounds``'). Lines carried over unchanged from the plan in force are not re-judged (they may
    come from plans recorded under older rules). What needs the catalogue's content is the
    services plugin's (``bundled/services``)."""
    for line in changed_lines(state, fields["services"]):
        sid = line["service_id"]
        if line.get("kind") not in SERVICE_KINDS:
            raise InvalidValue(
                f"the kind of {sid} must be one of: {', '.join(SERVICE_KINDS)} "
                "(filled from the CEC services catalogue)"
            )
        rule = line.get("price_rule") or {}
        if rule.get("kind") not in PRICE_RULE_KINDS:
            raise InvalidValue(
                f"the price rule of {sid} must be one of: {', '.join(PRICE_RULE_KINDS)} "
                "(filled from the CEC services catalogue)"
            )


def changed_lines(state: Any, lines: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The lines of a plan event that are new or changed against the plan in force (the
    others are carried over and were judged when first recorded)."""
    current = {}
    plan = getattr(state, "plan", None) if state is not None else None
    if plan:
        current = {s["service_id"]: comparable(s) for s in plan["services"]}
    return [line for line in lines if current.get(line["service_id"]) != comparable(line)]


def comparable(line: Mapping[str, Any]) -> dict[str, Any]:
    """A line with its amounts as numbers, for comparing lines of two plan events."""
    out = dict(line)
    for key in ("hours", "budget"):
        if out.get(key) is not None:
            out[key] = Decimal(str(out[key]))
    rule = out.get("price_rule")
    if isinstance(rule, Mapping):
        out["price_rule"] = {
            k: (Decimal(str(val)) if k in ("amount", "block_hours") and val is not None else val)
            for k, val in rule.items()
        }
    return out


# ------------------------------------------------------------------ the fold
def plan_lines_entry(services: list[Any]) -> tuple[list[dict[str, Any]], Decimal, Decimal]:
    """The plan's lines as the state keeps them, with total hours and total budget (lines
    without a budget add nothing to it)."""
    lines = [dict(s) for s in services]
    hours = sum((Decimal(s["hours"]) for s in lines), Decimal(0))
    budget = sum((Decimal(s["budget"]) for s in lines if s.get("budget") is not None), Decimal(0))
    return lines, hours, budget


def plan_events(state: Any) -> list[tuple[date, list[Mapping[str, Any]]]]:
    """Every plan event folded so far, in recorded order: (its date, its lines)."""
    plan = getattr(state, "plan", None)
    found = []
    for entry in getattr(state, "plan_history", None) or ():
        lines = entry.get("services")
        if lines is None and plan:
            # A history entry that does not keep its lines: the plan in force's stand in.
            lines = plan["services"]
        found.append((entry["on"], list(lines or ())))
    return found


def lines_on(state: Any, on: date) -> tuple[date | None, list[Mapping[str, Any]]]:
    """The plan in force on a date (the latest plan event on or before it): its date and
    lines; (None, []) when no plan had been set by then."""
    in_force: tuple[date | None, list[Mapping[str, Any]]] = (None, [])
    for when, lines in plan_events(state):
        if when <= on and (in_force[0] is None or when >= in_force[0]):
            in_force = (when, lines)
    return in_force


class PlansInForce:
    """``lines_on`` and ``line_on`` for many dates of one state: the plan events read once
    and the plan in force found by bisection (the same choice: the latest plan event on or
    before the date, the one recorded last among those of that date)."""

    def __init__(self, state: Any) -> None:
        ordered = sorted(
            (when, index, lines) for index, (when, lines) in enumerate(plan_events(state))
        )
        self._keys = [(when, index) for when, index, _ in ordered]
        self._plans = [(when, lines) for when, _, lines in ordered]

    def lines_on(self, on: date) -> tuple[date | None, list[Mapping[str, Any]]]:
        at = bisect_right(self._keys, (on, len(self._keys)))
        return self._plans[at - 1] if at else (None, [])

    def line_on(self, service_id: str | None, on: date) -> Mapping[str, Any] | None:
        if service_id is None:
            return None
        for line in self.lines_on(on)[1]:
            if line["service_id"] == service_id:
                return line
        return None


def line_on(state: Any, service_id: str | None, on: date) -> Mapping[str, Any] | None:
    """The line of ``service_id`` in the plan in force on a date, if it is one."""
    if service_id is None:
        return None
    for line in lines_on(state, on)[1]:
        if line["service_id"] == service_id:
            return line
    return None


def line_since(state: Any, service_id: str, on: date) -> date | None:
    """When the line of ``service_id`` in the plan in force on ``on`` entered the plan: the
    date of the earliest plan event from which every plan event up to that plan holds it
    (the ledger's choice: a line's delivered figures count from then, C12)."""
    events = [(when, lines) for when, lines in plan_events(state) if when <= on]
    since: date | None = None
    for when, lines in events:
        if any(line["service_id"] == service_id for line in lines):
            if since is None:
                since = when
        else:
            since = None
    return since
