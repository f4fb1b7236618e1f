"""Field kinds of the CEC model's events (domain/bounds_model.py) and the epoch-1 plan rule
(domain/rules_v1.py) called as plain functions: what each accepts, the value it returns, and
its one-line refusal word for word (a consultant acts on the value and the field it names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.bounds_model import _goal_results, _horizon, _lesson_refs, school_year, value
from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.domain.rules_v1 import _check_plan
from cec_ledger.domain.state import EngagementState

PLAIN = "must be a plain number such as 38 or 41.5"
BOUNDS = "must be a number of at most 4 decimals and at most 1,000,000,000 either way"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (38, Decimal(38)),
        (Decimal("41.5"), Decimal("41.5")),
        (Decimal("-0.0001"), Decimal("-0.0001")),
        (Decimal(1_000_000_000), Decimal(1_000_000_000)),
        (Decimal(-1_000_000_000), Decimal(-1_000_000_000)),
        (Decimal("1E+2"), Decimal(100)),  # written out: no exponent is stored
        (Decimal("-0"), Decimal(0)),
    ],
)
def test_a_measured_value_is_returned_as_a_plain_decimal(given: Any, expected: Decimal) -> None:
    result = value(given, "target")
    assert result == expected and str(result) == str(expected)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("38", f"target {PLAIN}, got text '38'"),
        (True, f"target {PLAIN}, got True"),
        (None, f"target {PLAIN}, got None"),
        (38.5, f"target {PLAIN}, got 38.5"),
        (Decimal("NaN"), f"target {PLAIN}"),
        (Decimal("Infinity"), f"target {PLAIN}"),
        (Decimal("1000000000.5"), f"target {BOUNDS}, got 1,000,000,000.5"),
        (Decimal(-1_000_000_001), f"target {BOUNDS}, got -1,000,000,001"),
        (Decimal("0.00001"), f"target {BOUNDS}, got 0.00001"),
    ],
)
def test_a_measured_value_refused(given: Any, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        value(given, "target")
    assert str(refused.value) == message


def test_goal_results_are_read_field_by_field() -> None:
    given = [{"goal_id": "g-1", "result": " met ", "evidence": "scores up\r\n"}]
    assert _goal_results(given, "results") == [
        {"goal_id": "g-1", "result": "met", "evidence": "scores up"}
    ]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("g-1", "results must be a list"),
        (["g-1"], "every goal result must be an object with goal_id, result, evidence"),
        ([{"goal_id": "g-1", "result": "met", "x": 1}], "goal result has no field x"),
        ([{"result": "met", "evidence": ""}], "goal id must not be empty"),
        (
            [{"goal_id": "G 1", "result": "met"}],
            "goal id 'G 1' must be lower-case letters, digits and hyphens (at most 60)",
        ),
        ([{"goal_id": "g-1", "evidence": ""}], "result of goal 'g-1' must not be empty"),
        ([{"goal_id": "g-1", "result": 3}], "result of goal 'g-1' must be text"),
        (
            [{"goal_id": "g-1", "result": "met", "evidence": 3}],
            "evidence for goal 'g-1' must be text",
        ),
    ],
)
def test_goal_results_refused(given: Any, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        _goal_results(given, "results")
    assert str(refused.value) == message


def test_goal_results_without_evidence_have_empty_evidence() -> None:
    assert _goal_results([{"goal_id": "g-1", "result": "met"}], "results") == [
        {"goal_id": "g-1", "result": "met", "evidence": ""}
    ]


def line(service_id: Any = "ibb-ibps", hours: Any = Decimal(8), budget: Any = Decimal(0)) -> dict:
    return {"service_id": service_id, "hours": hours, "budget": budget}


def diagnosed(*ratings: str) -> EngagementState:
    state = EngagementState()
    state.diagnoses = [{"ratings": {r: "partially_in_place" for r in ratings}}]
    return state


def test_an_epoch_1_plan_with_distinct_lines_and_diagnosed_gans_passes() -> None:
    _check_plan(
        diagnosed("GAN-1", "GAN-2"),
        {"services": [line(), line("pd-1", Decimal(0))], "gans_addressed": ["GAN-2"]},
    )


@pytest.mark.parametrize(
    ("services", "gans", "state", "error", "message"),
    [
        ([line(None)], [], None, InvalidValue, "every planned service needs a service_id"),
        ([line("  ")], [], None, InvalidValue, "every planned service needs a service_id"),
        ([line(), line(" ibb-ibps ")], [], None, InvalidValue,
         "service 'ibb-ibps' appears twice in the plan"),
        ([line(hours=Decimal("-1"))], [], None, InvalidValue,
         "hours of 'ibb-ibps' must be a number >= 0, got -1"),
        ([line(budget=Decimal("-0.5"))], [], None, InvalidValue,
         "budget of 'ibb-ibps' must be a number >= 0, got -0.5"),
        ([line(hours="8")], [], None, InvalidValue,
         "hours of 'ibb-ibps' must be a number >= 0, got '8'"),
        ([line(budget=None)], [], None, InvalidValue,
         "budget of 'ibb-ibps' must be a number >= 0, got None"),
        ([], ["GAN-1"], None, NotFound,
         "GAN 'GAN-1' is not a diagnosed indicator: no diagnosis has been recorded"),
        ([], ["GAN-1", "GAN-9"], ("GAN-1",), NotFound,
         "GAN 'GAN-9' is not a diagnosed indicator: no diagnosis rated it"),
    ],
)  # fmt: skip
def test_an_epoch_1_plan_refused(
    services: list, gans: list, state: Any, error: type, message: str
) -> None:
    with pytest.raises(error) as refused:
        _check_plan(
            diagnosed(*state) if state else EngagementState(),
            {"services": services, "gans_addressed": gans},
        )
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: school_year(2024, "horizon from"),
            "horizon from 2024 is not a school year: write it as 2024-25 (July to June)",
        ),
        (
            lambda: school_year("2024-2025", "horizon from"),
            "horizon from '2024-2025' is not a school year: write it as 2024-25 (July to June)",
        ),
        (
            lambda: school_year("2024-26", "horizon to"),
            "horizon to '2024-26' is not a school "
            "year: the second year follows the first (2024-25)",
        ),
        (
            lambda: _horizon("2024-25", "horizon"),
            "every horizon must be an object with first, last",
        ),
        (
            lambda: _horizon({"first": "2024-25", "last": "2024"}, "horizon"),
            "horizon to '2024' is not a school year: write it as 2024-25 (July to June)",
        ),
        (
            lambda: _horizon({"first": "2025-26", "last": "2024-25"}, "horizon"),
            "horizon ends (2024-25) before it begins (2025-26)",
        ),
        (lambda: _lesson_refs("r6.1", "cites"), "cites must be a list"),
        (lambda: _lesson_refs([3], "cites"), "cites item must be text"),
        (
            lambda: _lesson_refs(["lesson 2"], "cites"),
            "lesson 'lesson 2': name a lesson as "
            "r<N>.<k>, lesson k of the reflection #N (e.g. r58.2)",
        ),
    ],
)
def test_school_years_horizons_and_lesson_references_refused(call: Any, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        call()
    assert str(refused.value) == message


def test_a_horizon_and_lesson_references_read_back() -> None:
    assert _horizon({"first": "2025-26", "last": "2025-26"}, "horizon") == {
        "first": "2025-26",
        "last": "2025-26",
    }
    assert _lesson_refs([" r6.1 ", "r58.2"], "cites") == ["r6.1", "r58.2"]
