"""Small domain functions people read the output of, pinned as plain functions: numbers in
messages as people write them, the school year a date falls in, the Pathway in one line, the
session a later event names, and the two registries (rules per epoch, handlers per class)
refusing a second entry for the same key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain import bounds, plan_lines
from cec_ledger.domain.dispatch import registrar
from cec_ledger.domain.errors import NotFound, RuleViolation
from cec_ledger.domain.pathway import describe
from cec_ledger.domain.rulebook import RULES, rule, rule_for
from cec_ledger.domain.rules_v3_model import school_year_of
from cec_ledger.domain.rules_v3_reflection import session_on
from tests.domain.builders import base


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1E+2"), "100"),
        (Decimal("1.50"), "1.5"),
        (Decimal("12000000"), "12,000,000"),
        (Decimal("-1234.5000"), "-1,234.5"),
        (Decimal("0.00"), "0"),
        (Decimal("-0.5"), "-0.5"),
        (Decimal("100"), "100"),
        (Decimal("NaN"), "NaN"),
        (7, "7"),
        ("x", "x"),
    ],
)
def test_a_number_in_a_bounds_message(value: Any, shown: str) -> None:
    assert bounds._plain(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "-"),
        (Decimal("7500.00"), "7,500"),
        ("2500.50", "2,500.5"),
        (8, "8"),
        (Decimal("0.000"), "0"),
        (Decimal("10"), "10"),
        (Decimal("0.25"), "0.25"),
    ],
)
def test_a_number_in_a_plan_line(value: Any, shown: str) -> None:
    assert plan_lines._plain(value) == shown


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 7, 1), "2025-26"),
        (date(2025, 6, 30), "2024-25"),
        (date(2026, 1, 15), "2025-26"),
        (date(2025, 12, 31), "2025-26"),
        (date(1999, 8, 1), "1999-00"),
        (date(2000, 3, 1), "1999-00"),
    ],
)
def test_the_school_year_runs_july_to_june(day: date, year: str) -> None:
    assert school_year_of(day) == year


REACHED_ON = {str(k): date(2025, 10, k) for k in range(1, 6)}


def test_the_pathway_in_one_line() -> None:
    assert describe({"reached": 0, "at_risk": []}) == "step 0 of 5 reached"
    assert describe({"reached": 3, "reached_on": REACHED_ON, "at_risk": []}) == (
        "step 3 of 5 reached (2025-10-03)"
    )
    assert describe({"reached": 3, "reached_on": REACHED_ON, "at_risk": [3]}) == (
        "step 3 of 5 reached (2025-10-03) · at risk: step 3"
    )
    assert describe({"reached": 5, "reached_on": REACHED_ON, "at_risk": [2, 3, 4, 5]}) == (
        "step 5 of 5 reached (2025-10-05) · at risk: steps 2–5"
    )


def test_the_pathway_line_names_who_broke_the_we() -> None:
    broken = {
        "since": date(2025, 11, 1),
        "by": [
            {"anchor": "board", "signatory": "R. Alvarez", "on": date(2025, 11, 1)},
            {"anchor": "administration", "signatory": "", "on": date(2025, 11, 3)},
            {"anchor": "teachers_organization", "signatory": "", "on": None},
        ],
    }
    line = describe(
        {"reached": 5, "reached_on": REACHED_ON, "at_risk": [1, 2, 3, 4, 5], "we_broken": broken}
    )
    assert line == (
        "step 5 of 5 reached (2025-10-05) · We broken since 2025-11-01 by the Board of "
        "education (R. Alvarez), the Superintendent and administration · at risk: steps 1–5"
    )


def test_a_session_named_by_a_later_event() -> None:
    state = base().state  # #2 AnchorCommitted, #3 TeamFormed, #5 the session on 2025-09-20
    session_on(state, 5, date(2025, 9, 20), "the evidence")  # the same day is fine
    refusals = [
        (99, date(2025, 10, 1), NotFound, "session #99 does not exist in maple-ridge"),
        (2, date(2025, 10, 1), RuleViolation, "#2 is not a session (it is an AnchorCommitted)"),
        (3, date(2025, 10, 1), RuleViolation, "#3 is not a session (it is a TeamFormed)"),
        (
            5,
            date(2025, 9, 19),
            RuleViolation,
            "session #5 occurred on 2025-09-20; the evidence on 2025-09-19 cannot name it",
        ),
    ]
    for number, on, error, message in refusals:
        with pytest.raises(error) as refused:
            session_on(state, number, on, "the evidence")
        assert str(refused.value) == message


class Throwaway:
    """An event class no module registers anything for."""


def test_a_rule_is_registered_once_per_class_and_epoch() -> None:
    def first(state: Any, f: dict[str, Any]) -> None: ...

    def second(state: Any, f: dict[str, Any]) -> None: ...

    try:
        assert rule(Throwaway)(first) is first
        assert RULES[(Throwaway, 1)] is first  # epoch 1 unless told
        assert rule_for(Throwaway, 3) is first
        with pytest.raises(TypeError) as twice:
            rule(Throwaway, 1)(second)
        assert str(twice.value) == "Throwaway already has a rule for epoch 1"
        assert RULES[(Throwaway, 1)] is first
        rule(Throwaway, 2)(second)
        assert (rule_for(Throwaway, 1), rule_for(Throwaway, 2)) == (first, second)
    finally:
        RULES.pop((Throwaway, 1), None)
        RULES.pop((Throwaway, 2), None)


def test_a_handler_is_registered_once_per_class() -> None:
    registry: dict[type, Any] = {}
    handles = registrar(registry)

    def first() -> None: ...

    assert handles(Throwaway)(first) is first
    assert registry == {Throwaway: first}
    with pytest.raises(TypeError) as twice:
        handles(Throwaway)(lambda: None)
    assert str(twice.value) == "Throwaway already has a handler here"
    assert registry == {Throwaway: first}
