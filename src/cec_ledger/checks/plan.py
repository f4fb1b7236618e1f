"""Checks of the services plan (Theory of Action, Step 3): ``transformation-without-we``,
``plan-without-diagnosis``, ``framework-coverage``, ``price-rules``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from cec_ledger.checks.model import ERROR, WARNING, check, names, plural
from cec_ledger.checks.record import EngagementRecord
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.model_views import coverage
from cec_ledger.domain.pathway import anchors_on
from cec_ledger.domain.plan_lines import minimum_budget, money

Found = Iterator[tuple[str, list[int]]]


def plan_in_force(record: EngagementRecord) -> Mapping[str, Any] | None:
    """The plan event in force on the day judged (its ``plan_history`` entry), if any."""
    entry = None
    for candidate in record.state.plan_history:
        if candidate["on"] <= record.day and (entry is None or candidate["on"] >= entry["on"]):
            entry = candidate
    return entry


@check("transformation-without-we", WARNING)
def transformation_without_we(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """A transformation plan set or changed while the three anchors were not all committed.

    The Theory of Action, Step 3: "When such commitment is not present, successful
    transformational change is not possible." Since rules epoch 3 setting a transformation
    plan (or turning a plan into one) without a We is refused, but a plan that *stays* a
    transformation plan may change while the We is broken (the change may be what repairs
    it: the ledger's choice C14); older history may hold either. Each such plan event is
    named with the anchors that were not committed on its date, who withdrew and when.

    Example:
    warning: transformation-without-we: maple-ridge#91: the transformation plan changed on 2025-04-08 while the We was broken: the teachers' organization withdrew on 2025-03-14 (Carla Jimenez)
    """
    for event in record.of_type("DirectionSet", "PlanChanged"):
        if event.kind != "transformation":
            continue
        latest = anchors_on(record.state, event.occurred_on)
        missing = [a for a, r in latest.items() if r is None or r["action"] != "committed"]
        if not missing:
            continue
        why = []
        for anchor in missing:
            said = f"the {v.ANCHOR.label(anchor).lower()}"
            last = latest[anchor]
            if last is None:
                why.append(f"{said} had not committed")
            else:
                who = f" ({last['signatory']})" if last.get("signatory") else ""
                why.append(f"{said} withdrew on {last['on']}{who}")
        verb = "was set" if type(event).__name__ == "DirectionSet" else "changed"
        yield (
            f"the transformation plan {verb} on {event.occurred_on} while the We was "
            f"broken: {names(why)}",
            [event.originator_version],
        )


@check("plan-without-diagnosis", WARNING)
def plan_without_diagnosis(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """A services plan set with no diagnosis on or before its date.

    Step 3 sets direction from what Step 2 diagnosed (the greatest areas of need). A plan is
    not refused without one (a district's own request may come first), so this check says
    where direction was set before any needs were diagnosed, and whether a diagnosis came
    later.

    Example:
    warning: plan-without-diagnosis: oak-valley#4: the services plan was set on 2025-09-15 with no diagnosis on or before that date (the first came on 2025-10-02, #6)
    """
    diagnoses = record.state.diagnoses
    for event in record.of_type("DirectionSet"):
        if any(d["occurred_on"] <= event.occurred_on for d in diagnoses):
            continue
        later = [d for d in diagnoses if d["occurred_on"] > event.occurred_on]
        after = (
            f" (the first came on {later[0]['occurred_on']}, #{later[0]['version']})"
            if later
            else " (none since)"
        )
        yield (
            f"the services plan was set on {event.occurred_on} with no diagnosis on or "
            f"before that date{after}",
            [event.originator_version],
        )


def _service_elements() -> dict[str, tuple[str, ...]] | None:
    """Catalogue service id -> its Framework for Change elements (None: no catalogue)."""
    from cec_ledger.plugins.services import list_services

    services = list_services()
    return {s.id: tuple(s.elements) for s in services} if services else None


@check("framework-coverage", WARNING)
def framework_coverage(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Framework for Change elements the services plan in force does not address.

    The Theory of Action: "All four elements of the Framework for Change must be addressed."
    An element is addressed by the plan when one of its goals names it or one of its lines
    is a catalogue service tagged with it (the coverage ``show`` and ``report`` print, see
    docs/cec-model.md). Goals recorded before goals named elements are counted as
    untagged.

    Example:
    warning: framework-coverage: cedar-grove#21: the services plan in force (2025-06-03) does not address Transforming the Profession
    """
    entry = plan_in_force(record)
    if entry is None or record.state.plan is None:
        return
    elements = _service_elements()
    found = coverage({"plan": record.state.plan}, elements)
    missing = [v.FRAMEWORK_ELEMENT.label(e) for e in found["not_in_plan"]]
    if not missing:
        return
    notes = []
    if found["untagged_goals"]:
        notes.append(
            f"{plural(len(found['untagged_goals']), 'goal')} recorded before goals named elements"
        )
    if elements is None:
        notes.append("no services catalogue installed: its lines address no element")
    extra = f" ({'; '.join(notes)})" if notes else ""
    yield (
        f"the services plan in force ({entry['on']}) does not address {names(missing)}{extra}",
        [entry["version"]],
    )


def _cents(value: Any) -> str:
    return money(Decimal(value))


@check("price-rules", ERROR)
def price_rules(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Lines of the plan in force priced against the CEC services catalogue's price rules.

    Each line snapshots the catalogue's price rule when it is recorded (docs/services.md).
    Since rules epoch 3 the services plugin refuses a line that breaks them; a plan recorded
    earlier, or while that plugin was disabled, may hold: a service the catalogue does not
    list (its money cannot be estimated), a published price with no budget, a budget below
    the published starting price with no price note saying why, a budget where no price is
    published with no note saying where it comes from, a per-cohort price with no cohorts.

    Example:
    error: price-rules: maple-ridge#14: plan line foo-bar (since 2024-10-29) is not in the CEC services catalogue: its money cannot be estimated
    """
    entry = plan_in_force(record)
    if entry is None:
        return
    for line in entry.get("services") or ():
        problem = _price_problem(line)
        if problem:
            yield (
                f"plan line {line['service_id']} (since {entry['on']}) {problem}",
                [entry["version"]],
            )


def _price_problem(line: Mapping[str, Any]) -> str | None:
    rule = line.get("price_rule") or {}
    kind = rule.get("kind")
    budget = line.get("budget")
    noted = bool(line.get("price_note"))
    if kind == "unknown":
        return "is not in the CEC services catalogue: its money cannot be estimated"
    if kind == "fixed_per_cohort" and not line.get("cohorts"):
        return "is priced per cohort and records no cohorts"
    if kind in ("fixed_per_cohort", "block") and rule.get("amount") is not None:
        if budget is None:
            return "has no budget though the catalogue publishes a price for it"
        minimum = minimum_budget(line)
        if minimum is not None and Decimal(budget) < minimum and not noted:
            return (
                f"has a budget of {_cents(budget)}, below the catalogue's starting price of "
                f"{_cents(minimum)}, and no price note says why"
            )
    if kind == "not_published" and budget is not None and not noted:
        return (
            f"has a budget of {_cents(budget)} though the catalogue publishes no price for "
            "it, and no price note says where it comes from"
        )
    return None
