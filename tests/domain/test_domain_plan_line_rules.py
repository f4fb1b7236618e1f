"""The core rules on a services plan's lines (domain/plan_lines.py, rules epoch 3): each new or
changed line's snapshot of the CEC services catalogue is refused in words when malformed, lines
carried over from the plan in force are not judged again, two lines are compared by their
amounts as numbers, and the plan's totals and a line's start date (the ledger's C12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import InvalidValue, RuleViolation
from cec_ledger.domain.plan_lines import (
    blocks,
    changed_lines,
    comparable,
    line_since,
    plan_lines_entry,
)
from tests.domain.builders import ACTOR, TODAY, base, fields, goal, record, service, snapshot

PLAN_ON = date(2025, 10, 1)
DLT = "dlt-slt-plc-integration"
# A snapshot no current rule accepts: a kind and a price rule the 2026-11 catalogue had not.
RETIRED = {
    "kind": "retired-kind",
    "price_rule": {"kind": "per-day", "amount": None, "block_hours": None, "per": None},
}


def planned_under_epoch_2(*lines: dict[str, Any]) -> Engagement:
    """``base()`` and a plan set under rules epoch 2, which did not judge line snapshots."""
    engagement = base()
    plan = fields("DirectionSet", services=list(lines), occurred_on=PLAN_ON)
    engagement.record("DirectionSet", {**plan, "rules_version": 2}, recorded_by=ACTOR, today=TODAY)
    return engagement


# ------------------------------------------------------------------ a line's catalogue snapshot
@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            service("ibb-ibps", kind="retired-kind"),
            "the kind of ibb-ibps must be one of: targeted_support, step1_programme, unknown "
            "(filled from the CEC services catalogue)",
        ),
        (
            service("ibb-ibps", price_rule={"kind": "per-day"}),
            "the price rule of ibb-ibps must be one of: fixed_per_cohort, block, not_published, "
            "unknown (filled from the CEC services catalogue)",
        ),
        (
            service("ibb-ibps", price_rule=None),
            "the price rule of ibb-ibps must be one of: fixed_per_cohort, block, not_published, "
            "unknown (filled from the CEC services catalogue)",
        ),
    ],
)
def test_a_line_without_a_well_formed_catalogue_snapshot_is_refused_in_words(
    line: dict[str, Any], message: str
) -> None:
    """One-line refusals are a contract: the kinds and price rules are listed word for word."""
    engagement = base()
    before = snapshot(engagement)
    with pytest.raises(InvalidValue) as caught:
        record(engagement, "DirectionSet", services=[line])
    assert str(caught.value) == message
    assert snapshot(engagement) == before


def test_a_line_carried_over_unchanged_is_not_judged_again() -> None:
    """A line recorded under an older rules epoch stays in later plans as it was; only new or
    changed lines are judged against the catalogue snapshot rules."""
    engagement = planned_under_epoch_2(service("ibb-ibps", **RETIRED))
    changed = record(
        engagement,
        "PlanChanged",
        services=[service("ibb-ibps", **RETIRED), service(DLT)],
        goals=[goal("trust", "trust among anchors"), goal("time", "protected time", "TtP")],
    )
    assert [s["service_id"] for s in changed.services] == ["ibb-ibps", DLT]
    assert engagement.state.plan["services"][0]["kind"] == "retired-kind"
    before = snapshot(engagement)
    with pytest.raises(InvalidValue) as caught:
        record(
            engagement,
            "PlanChanged",
            services=[service("ibb-ibps", "12", **RETIRED), service(DLT)],
            occurred_on=date(2025, 10, 3),
        )
    assert str(caught.value) == (
        "the kind of ibb-ibps must be one of: targeted_support, step1_programme, unknown "
        "(filled from the CEC services catalogue)"
    )
    assert snapshot(engagement) == before


def test_without_a_plan_in_force_every_line_is_new() -> None:
    lines = [service("ibb-ibps"), service(DLT)]
    assert changed_lines(None, lines) == lines
    assert changed_lines(SimpleNamespace(), lines) == lines  # a state that holds no plan
    assert changed_lines(SimpleNamespace(plan=None), lines) == lines


def test_only_new_or_changed_lines_are_new_against_the_plan_in_force() -> None:
    state = SimpleNamespace(plan={"services": [service("ibb-ibps"), service(DLT, "16")]})
    kept, more_hours, added = service("ibb-ibps"), service(DLT, "20"), service("shared-leadership")
    assert changed_lines(state, [kept, more_hours, added]) == [more_hours, added]


# ------------------------------------------------------------------ comparing two lines
TEXT_LINE = {
    "service_id": "ibb-ibps",
    "hours": "8",
    "budget": "2500",
    "price_rule": {"kind": "block", "amount": "2500", "block_hours": "8", "per": "block"},
}
NUMBER_LINE = {
    "service_id": "ibb-ibps",
    "hours": Decimal("8.00"),
    "budget": Decimal("2500.00"),
    "price_rule": {
        "kind": "block",
        "amount": Decimal("2500"),
        "block_hours": Decimal("8"),
        "per": "block",
    },
}


def test_lines_are_compared_by_their_amounts_as_numbers() -> None:
    """A line stored with amounts as text (an export, an upcast line) is the same line as one
    with the same amounts as numbers: a plan change carrying it over changes nothing."""
    assert comparable(TEXT_LINE) == {
        "service_id": "ibb-ibps",
        "hours": Decimal(8),
        "budget": Decimal(2500),
        "price_rule": {
            "kind": "block",
            "amount": Decimal(2500),
            "block_hours": Decimal(8),
            "per": "block",
        },
    }
    assert comparable(TEXT_LINE) == comparable(NUMBER_LINE)
    assert comparable({**TEXT_LINE, "hours": "9"}) != comparable(NUMBER_LINE)
    assert comparable({"service_id": "x", "budget": None, "price_rule": None}) == {
        "service_id": "x",
        "budget": None,
        "price_rule": None,
    }


def test_a_plan_change_that_only_rewrites_amounts_changes_nothing() -> None:
    engagement = base()
    record(engagement, "DirectionSet", services=[service("ibb-ibps")], occurred_on=PLAN_ON)
    same = service(
        "ibb-ibps",
        "8.0",
        "2500.00",
        price_rule={
            "kind": "block",
            "amount": Decimal("2500.00"),
            "block_hours": Decimal("8.0"),
            "per": "block of up to 8 hours",
        },
    )
    with pytest.raises(RuleViolation) as caught:
        record(
            engagement, "PlanChanged", services=[same], goals=[goal("trust", "trust among anchors")]
        )
    assert str(caught.value) == "the plan change changes nothing"


# ------------------------------------------------------------------ blocks, totals, since
def test_no_hours_start_no_block_whatever_the_block_size() -> None:
    assert blocks(Decimal(0), Decimal(0)) == 0
    assert blocks(Decimal(0), Decimal(8)) == 0


@pytest.mark.parametrize(
    ("lines", "hours", "budget"),
    [
        ([], Decimal(0), Decimal(0)),
        ([service("ibb-ibps", "8", None)], Decimal(8), Decimal(0)),
        (
            [service("ibb-ibps", "8", "2500"), service(DLT, "4.5", None)],
            Decimal("12.5"),
            Decimal(2500),
        ),
    ],
)
def test_a_plans_totals_are_decimal_amounts_even_when_empty(
    lines: list[dict[str, Any]], hours: Decimal, budget: Decimal
) -> None:
    """Totals are amounts (hours, dollars) like the lines': a plan without lines, or without
    budgets, totals Decimal 0, not the integer 0."""
    kept, total_hours, total_budget = plan_lines_entry(lines)
    assert kept == lines
    assert (total_hours, total_budget) == (hours, budget)
    assert (type(total_hours), type(total_budget)) == (Decimal, Decimal)


def test_a_line_counts_from_the_day_of_the_plan_that_brought_it_in() -> None:
    """The ledger's C12: a line's delivered hours count from the plan event that brought it
    in, that day included."""
    engagement = base()
    record(engagement, "DirectionSet", services=[service(DLT, "8", "2500")], occurred_on=PLAN_ON)
    assert line_since(engagement.state, DLT, PLAN_ON) == PLAN_ON
    record(
        engagement,
        "SessionDelivered",
        service_id=DLT,
        hours=Decimal(6),
        occurred_on=PLAN_ON,
    )
    before = snapshot(engagement)
    with pytest.raises(RuleViolation) as caught:
        record(
            engagement, "SessionDelivered", service_id=DLT, hours=Decimal(3), occurred_on=PLAN_ON
        )
    assert str(caught.value) == (
        "this session takes dlt-slt-plc-integration to 9.00 of 8.00 planned hours (plan of "
        '2025-10-01): give --beyond-plan "reason" or change the plan'
    )
    assert snapshot(engagement) == before
