"""Sessions outside the plan lines, grouped by why (domain/delivery.py; Theory of Action,
Steps 1, 3 and 5), and the hours a session adds to its line (rules epoch 3, the ledger's C12).

A Step 1 programme is known as one from the plan lines' own snapshot (a programme the 2026-11
catalogue did not list included); a session delivered while its service was a line of the
plan is not Step 1 work after the line leaves the plan; only coaching inherits the reason of
the session it follows; sessions without a service are listed under "(none)".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain.delivery import planned_vs_delivered, service_kinds
from cec_ledger.domain.engagement import Engagement
from tests.domain.builders import ACTOR, TODAY, base, fields, record, service

DLT = "dlt-slt-plc-integration"
ACADEMY = "labor-academy"  # a Step 1 programme the 2026-11 catalogue did not list
SHARED = "shared-leadership"  # a Step 1 programme it did
PLAN_ON, DURING, DROPPED_ON, AFTER = (
    date(2025, 10, 1),
    date(2025, 10, 5),
    date(2025, 10, 10),
    date(2025, 10, 12),
)
STEP1 = {
    "kind": "step1_programme",
    "price_rule": {"kind": "not_published", "amount": None, "block_hours": None, "per": None},
}


def session(engagement: Engagement, service_id: str | None, on: date, **changes: Any) -> int:
    done = record(engagement, "SessionDelivered", service_id=service_id, occurred_on=on, **changes)
    return int(done.originator_version)


def per_service(hours: str, sessions: int = 1, followups: int = 0) -> dict[str, Any]:
    return {"sessions": sessions, "followups": followups, "hours": Decimal(hours)}


def outside(engagement: Engagement) -> list[tuple[str, dict[str, Any], list[str]]]:
    return [
        (g["reason"], g["services"], g["reasons"])
        for g in planned_vs_delivered(engagement.state)["outside"]
    ]


def test_sessions_outside_the_lines_are_grouped_by_why() -> None:
    """Two Step 1 programmes were lines from PLAN_ON to DROPPED_ON: their sessions then are
    "not in the plan" now (they were planned: no reason was asked), one delivered after is
    Step 1 work; work without a catalogue service is listed under "(none)"; #5 (before any
    plan) was delivered before its service entered the plan."""
    engagement = base()
    lines = [service(DLT, "16", "5000"), service(SHARED, "4", None, **STEP1)]
    record(
        engagement,
        "DirectionSet",
        services=[*lines, service(ACADEMY, "6", None, **STEP1)],
        occurred_on=PLAN_ON,
    )
    session(engagement, SHARED, DURING)
    session(engagement, ACADEMY, DURING)
    record(engagement, "PlanChanged", services=lines[:1], occurred_on=DROPPED_ON)
    session(engagement, ACADEMY, AFTER, unplanned="the union asked for a second cohort")
    session(engagement, None, AFTER, unplanned="a board briefing")
    assert service_kinds(engagement.state)[ACADEMY] == "step1_programme"
    assert outside(engagement) == [
        ("step1_work", {ACADEMY: per_service("2.00")}, ["the union asked for a second cohort"]),
        ("outside_catalogue", {"(none)": per_service("2.00")}, ["a board briefing"]),
        ("before_line", {DLT: per_service("4.00")}, []),
        ("not_in_plan", {SHARED: per_service("2.00"), ACADEMY: per_service("2.00")}, []),
    ]


def test_only_coaching_inherits_the_reason_of_the_session_it_follows() -> None:
    """Rules epoch 2 asked no reason and did not stop a training from naming a session it
    followed: such a training is "not in the plan", not unplanned for its predecessor's
    reason."""
    engagement = base()
    record(engagement, "DirectionSet", services=[service(DLT, "16", "5000")], occurred_on=PLAN_ON)
    first = session(engagement, "ibb-ibps", DURING, unplanned="the MOU deadline")
    old = fields("SessionDelivered", service_id="ibb-ibps", follows=first, occurred_on=AFTER)
    engagement.record(
        "SessionDelivered", {**old, "rules_version": 2}, recorded_by=ACTOR, today=TODAY
    )
    assert outside(engagement) == [
        ("unplanned", {"ibb-ibps": per_service("2.00")}, ["the MOU deadline"]),
        ("before_line", {DLT: per_service("4.00")}, []),
        ("not_in_plan", {"ibb-ibps": per_service("2.00")}, []),
    ]


def test_hours_before_an_interrupted_stretch_of_the_line_do_not_count() -> None:
    """The ledger's C12: a line's hours count from the plan event from which every later one
    holds it. A plan change recorded under rules epoch 1 (which did not keep plan events in
    date order), dated before the plan in force and without the line, interrupts that
    stretch: the 4 hours delivered before do not count, and a session of the line's full 8
    hours needs no --beyond-plan."""
    engagement = base()
    record(engagement, "DirectionSet", services=[service(DLT, "8", "2500")], occurred_on=PLAN_ON)
    session(engagement, DLT, DURING, hours=Decimal(4))
    back_dated = fields(
        "PlanChanged", services=[service("ibb-ibps")], occurred_on=date(2025, 9, 25)
    )
    engagement.record(
        "PlanChanged", {**back_dated, "rules_version": 1}, recorded_by=ACTOR, today=TODAY
    )
    full = record(
        engagement, "SessionDelivered", service_id=DLT, hours=Decimal(8), occurred_on=AFTER
    )
    assert (full.hours, full.beyond_plan) == (Decimal(8), None)
