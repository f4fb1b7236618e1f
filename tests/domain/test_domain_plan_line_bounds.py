"""The bounds of a services plan's lines and of every list field (domain/bounds.py, rules
epoch 2 and 3), through ``check_value``: what a plan line is stored as, and each refusal word
for word (one-line error messages are a contract: the consultant reads which line and which
field to fix)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.bounds import MAX_ITEMS, check_value, items
from cec_ledger.domain.errors import InvalidValue


def plan(**line: Any) -> list[dict[str, Any]]:
    """The ``services`` field of a plan with one line, checked and normalised."""
    return check_value("services", [line], "services")


def refusal(**line: Any) -> str:
    with pytest.raises(InvalidValue) as refused:
        plan(**line)
    return str(refused.value)


def test_a_list_field_holds_at_most_200_items() -> None:
    """200 is allowed (the bound is inclusive), 201 is refused with the count people read."""
    assert items(["a"] * MAX_ITEMS, "assessors") == ["a"] * MAX_ITEMS
    assert items(("a", "b"), "assessors") == ["a", "b"]  # a tuple is stored as a list
    for count, shown in ((MAX_ITEMS + 1, "201"), (1_000, "1,000")):
        with pytest.raises(InvalidValue) as refused:
            items(["a"] * count, "assessors")
        assert str(refused.value) == f"assessors: at most 200 (got {shown})"


def test_a_plan_line_stores_its_service_id_trimmed_and_leaves_optional_parts_empty() -> None:
    """Only service_id and hours are required: no name is an empty name (not refused, not
    made up), no budget / price note / cohort count is stored as null."""
    assert plan(service_id=" coaching ", hours=10) == [
        {
            "service_id": "coaching",
            "name": "",
            "hours": Decimal("10.00"),
            "budget": None,
            "price_note": None,
            "cohorts": None,
        }
    ]


def test_a_plan_line_keeps_its_price_note_and_cohort_count() -> None:
    """The price note is free text (trimmed; blank is no note); cohorts count the groups a
    per-cohort price is paid for, from 1 to 100 inclusive."""
    (line,) = plan(service_id="coaching", hours=10, price_note="  two cohorts  ", cohorts=100)
    assert (line["price_note"], line["cohorts"]) == ("two cohorts", 100)
    (line,) = plan(service_id="coaching", hours=10, price_note="   ", cohorts=1)
    assert (line["price_note"], line["cohorts"]) == (None, 1)


COHORTS = "cohorts for coaching must be a whole number from 1 to 100"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"service_id": "", "hours": 10}, "every planned service needs a service_id"),
        ({"hours": 10}, "every planned service needs a service_id"),
        (
            {"service_id": "Coaching Day", "hours": 10},
            "service 'Coaching Day' must be lower-case letters, digits and hyphens (at most 60)",
        ),
        ({"service_id": "coaching", "hours": 10, "name": 5}, "name of coaching must be text"),
        (
            {"service_id": "coaching", "hours": 10, "price_note": 5},
            "price note for coaching must be text",
        ),
        ({"service_id": "coaching", "hours": 10, "cohorts": 0}, COHORTS),
        ({"service_id": "coaching", "hours": 10, "cohorts": 101}, COHORTS),
        ({"service_id": "coaching", "hours": 10, "cohorts": True}, COHORTS),
        ({"service_id": "coaching", "hours": 10, "cohorts": "3"}, COHORTS),
    ],
)
def test_a_bad_plan_line_is_refused_in_words(line: dict[str, Any], message: str) -> None:
    assert refusal(**line) == message


def test_a_plan_line_that_is_not_an_object_is_refused_in_words() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_value("services", ["coaching"], "services")
    assert str(refused.value) == "every planned service must be an object"
