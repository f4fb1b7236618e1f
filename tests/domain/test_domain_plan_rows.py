"""Rows of planned versus delivered (domain/delivery.py) for the cases the other delivery tests
leave out: a session on the day its line entered the plan counts under the line, sessions of a
per-cohort service without a cohort are counted as one "(not recorded)" cohort, and a line whose
price rule the catalogue does not know is flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cec_ledger.domain.delivery import _line_row, planned_vs_delivered
from cec_ledger.domain.errors import RuleViolation
from cec_ledger.domain.plan_lines import UNKNOWN_PRICE
from tests.domain.builders import service
from tests.domain.test_domain_delivery import DLT, PAIR, PLAN_ON, planned, session


def test_a_session_on_the_day_its_line_entered_the_plan_counts_under_it() -> None:
    engagement = planned(service(DLT, "8", "2500"))
    session(engagement, occurred_on=PLAN_ON, hours=Decimal(2))
    (row,) = planned_vs_delivered(engagement.state)["lines"]
    assert (row["since"], row["delivered"]["sessions"], row["delivered"]["hours"]) == (
        PLAN_ON,
        1,
        Decimal("2.00"),
    )


def test_per_cohort_sessions_without_a_cohort_are_one_cohort_not_recorded() -> None:
    engagement = planned(service("conflict-resolution", "16", "5000", **PAIR))
    for part in ("session_one", "session_two"):
        session(
            engagement, service_id="conflict-resolution", part=part, hours=Decimal(4), cohort=None
        )
    (row,) = planned_vs_delivered(engagement.state)["lines"]
    assert row["delivered"]["cohorts_started"] == ["(not recorded)"]
    assert row["delivered"]["money"] == Decimal("2500.00")
    assert row["flags"] == []


def test_a_line_the_catalogue_does_not_price_is_flagged() -> None:
    engagement = planned(service(DLT, "8", "2500"))
    state = engagement.state
    line = {"service_id": DLT, "hours": "8", "budget": None, "price_rule": dict(UNKNOWN_PRICE)}
    row, window = _line_row(state, line, list(state.sessions), PLAN_ON)
    assert row["flags"] == ["not in the CEC services catalogue"]
    assert (row["delivered"]["money"], window) == (None, [])


def test_hours_delivered_on_the_day_a_line_entered_the_plan_count_toward_its_hours() -> None:
    engagement = planned(service(DLT, "8", "2500"))
    session(engagement, occurred_on=PLAN_ON, hours=Decimal(6))
    with pytest.raises(RuleViolation) as refused:
        session(engagement, hours=Decimal(3))
    assert str(refused.value) == (
        f"this session takes {DLT} to 9.00 of 8.00 planned hours (plan of {PLAN_ON}): "
        'give --beyond-plan "reason" or change the plan'
    )
