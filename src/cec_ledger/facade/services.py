"""The service catalogue as plain values, and plan lines filled from it.

``services`` / ``service`` are what ``cec-ledger services list|show`` print: every entry as the
CEC services catalogue (or the Theory of Action, for Step 1 programmes) publishes it — names,
formats, lengths, limits, prices — with the sentence each figure comes from.

``plan_line`` makes a plan line as the ledger records it: the consultant gives the service,
hours, budget, cohorts and a price note; the name, kind and price rule are *snapshot* from the
catalogue (never typed), so planned versus delivered reads the plan alone later. With no
plugin knowing the id (the services plugin disabled, or an id it does not hold) the line
says so: the id as its name, kind and price rule "unknown" (the plugin's rule, when it runs,
refuses an unknown id with the closest ones).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.plan_lines import describe_rule, money
from cec_ledger.plugins.services import (
    SERVICE_KIND_LABELS,
    Service,
    get_service,
    list_services,
)


def plan_line(
    service_id: str,
    hours: Any,
    budget: Any = None,
    *,
    cohorts: int | None = None,
    price_note: str | None = None,
) -> dict[str, Any]:
    """A plan line with its catalogue snapshot (name, kind, price rule)."""
    found = {s.id: s for s in list_services()}.get(service_id)
    if found is None:
        name, kind, rule = service_id, "unknown", {"kind": "unknown"}
    else:
        name, kind, rule = found.name, found.kind, found.price_rule.snapshot()
    return {
        "service_id": service_id,
        "name": name,
        "hours": hours,
        "budget": None if budget in (None, "") else budget,
        "price_note": price_note or None,
        "cohorts": cohorts,
        "kind": kind,
        "price_rule": {
            "kind": rule["kind"],
            "amount": rule.get("amount"),
            "block_hours": rule.get("block_hours"),
            "per": rule.get("per"),
        },
    }


def lines_for_recommendation(
    recommended: list[str], lines: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``plan set --from-diagnosis``: the diagnosis' recommended services each need a line
    with hours; the lines given are kept in their order. Refuses naming what is missing."""
    given = {line["service_id"] for line in lines}
    missing = [sid for sid in recommended if sid not in given]
    if missing:
        raise InvalidValue(
            f"--from-diagnosis needs hours for: {', '.join(missing)} "
            "(give --service ID:HOURS[:BUDGET] for each)"
        )
    return lines


def services() -> list[dict[str, Any]]:
    """Every catalogue entry: targeted support first, then the Step 1 programmes."""
    return [_entry(s) for s in list_services()]


def service(service_id: str) -> dict[str, Any]:
    """One catalogue entry in full; ``NotFound`` names the closest ids."""
    return _entry(get_service(service_id), full=True)


def _entry(s: Service, full: bool = False) -> dict[str, Any]:
    rule = s.price_rule.snapshot()
    entry: dict[str, Any] = {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "kind_label": SERVICE_KIND_LABELS.get(s.kind, s.kind),
        "section": s.section,
        "formats": list(s.formats),
        "commitment": s.commitment,
        "sessions": _sessions(s),
        "participant_limit": s.participant_limit,
        "price_rule": rule,
        "price": describe_rule(rule),
        "personnel": s.personnel,
        "plugin": s.plugin,
    }
    if full:
        entry.update(
            serves=s.serves,
            prerequisites=[
                {"part": p.part, "requires": p.requires, "scope": p.scope} for p in s.prerequisites
            ],
            objectives=[{"heading": o.heading, "items": list(o.items)} for o in s.objectives],
            elements=list(s.elements),
            sources=[{"figure": what, "sentence": sentence} for what, sentence in s.sources],
        )
    return entry


def _sessions(s: Service) -> dict[str, Any] | None:
    """A series' structure: its parts, each part's longest session and count per cohort."""
    if s.structure is None:
        return None
    return {
        "alternatives": s.structure.alternatives,
        "parts": [
            {"part": p.part, "max_hours": p.max_hours, "count": p.count} for p in s.structure.parts
        ],
    }


def price_words(entry: dict[str, Any]) -> str:
    """A catalogue entry's price for a table cell: "$2,500 for the pair"."""
    rule = entry["price_rule"]
    if rule.get("kind") == "fixed_per_cohort":
        return f"{money(rule.get('amount'))} / {rule.get('per')}"
    if rule.get("kind") == "block":
        hours = Decimal(str(rule.get("block_hours")))
        return f"from {money(rule.get('amount'))} / {hours.normalize():f} h"
    return "not published"
