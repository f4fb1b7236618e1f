"""domain/typed.py as plain functions: the JSON Schema written for each kind of field hint
(the schemas in events/ are generated from it), which hints are JSON pass-through (stored,
exported and view values taken as they are, with no conversion) and the exact JSON types a
fast path may accept, and ``coerce``'s answers and one-line refusals for each kind of value.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypedDict
from uuid import UUID

import pytest

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.typed import coerce, exact_json_types, json_passthrough, json_schema

DECIMAL = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}


class Pair(TypedDict):
    name: str
    hours: Decimal


@pytest.mark.parametrize(
    ("hint", "schema"),
    [
        (Any, {}),
        (str, {"type": "string"}),
        (int, {"type": "integer"}),
        (bool, {"type": "boolean"}),
        (type(None), {"type": "null"}),
        (Decimal, DECIMAL),
        (date, {"type": "string", "format": "date"}),
        (datetime, {"type": "string", "format": "date-time"}),
        (UUID, {"type": "string", "format": "uuid"}),
        (str | None, {"anyOf": [{"type": "string"}, {"type": "null"}]}),
        (list[int], {"type": "array", "items": {"type": "integer"}}),
        (dict[str, Decimal], {"type": "object", "additionalProperties": DECIMAL}),
        (
            Pair,
            {
                "type": "object",
                "properties": {"name": {"type": "string"}, "hours": DECIMAL},
                "required": ["name", "hours"],
                "additionalProperties": False,
            },
        ),
        (
            list[Pair] | None,
            {
                "anyOf": [
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"name": {"type": "string"}, "hours": DECIMAL},
                            "required": ["name", "hours"],
                            "additionalProperties": False,
                        },
                    },
                    {"type": "null"},
                ]
            },
        ),
    ],
)
def test_the_json_schema_of_each_kind_of_hint(hint: Any, schema: dict[str, Any]) -> None:
    assert json_schema(hint) == schema


def test_a_scalar_schema_is_a_copy_a_caller_may_change() -> None:
    json_schema(str)["type"] = "changed"
    assert json_schema(str) == {"type": "string"}


@pytest.mark.parametrize(
    ("hint", "passes"),
    [
        (str, True),
        (int, True),
        (bool, True),
        (type(None), True),
        (str | None, True),
        (list[str], True),
        (list[int | None], True),
        (dict[str, int], True),
        (dict[str, list[str]], True),
        # Each of these needs converting between JSON and Python.
        (Decimal, False),
        (date, False),
        (datetime, False),
        (UUID, False),
        (Any, False),
        (Pair, False),
        (list[Decimal], False),
        (dict[str, date], False),
        (dict[int, str], False),  # JSON keys are text; int keys are converted
        (str | Decimal, False),
        (Decimal | str, False),
        (date | None, False),
    ],
)
def test_which_hints_are_json_pass_through(hint: Any, passes: bool) -> None:
    assert json_passthrough(hint) is passes


@pytest.mark.parametrize(
    ("hint", "exact"),
    [
        (str, (str,)),
        (int, (int,)),
        (bool, (bool,)),
        (str | None, (str, type(None))),
        (int | None, (int, type(None))),
        (str | int, (str, int)),
        (bool | None, (bool, type(None))),
        # Not a scalar pass-through: the fast path must not take them.
        (type(None), None),
        (Decimal, None),
        (date | None, None),
        (str | Decimal, None),
        (list[str], None),
        (dict[str, str], None),
        (Any, None),
    ],
)
def test_the_exact_json_types_a_fast_path_may_accept(hint: Any, exact: Any) -> None:
    assert exact_json_types(hint) == exact


@pytest.mark.parametrize(
    ("hint", "value", "expected"),
    [
        (Any, {"a": 1}, {"a": 1}),
        (str, "x", "x"),
        (int, 3, 3),
        (bool, False, False),
        (Decimal, "4.50", Decimal("4.50")),
        (Decimal, 4, Decimal(4)),
        (Decimal, 0.5, Decimal("0.5")),
        (date, "2025-09-02", date(2025, 9, 2)),
        (date, date(2025, 9, 2), date(2025, 9, 2)),
        (datetime, "2025-09-02T10:00:00+00:00", datetime(2025, 9, 2, 10, tzinfo=UTC)),
        (
            UUID,
            "12345678-1234-5678-1234-567812345678",
            UUID("12345678-1234-5678-1234-567812345678"),
        ),
        (str | None, None, None),
        (Decimal | None, "2", Decimal(2)),
        (list[Decimal], ["1", 2], [Decimal(1), Decimal(2)]),
        (list[int], (1, 2), [1, 2]),
        (dict[str, Decimal], {"a": "1.5"}, {"a": Decimal("1.5")}),
        (Pair, {"name": "n", "hours": "2"}, {"name": "n", "hours": Decimal(2)}),
    ],
)
def test_coerce_turns_json_into_the_declared_type(hint: Any, value: Any, expected: Any) -> None:
    result = coerce(hint, value, "f")
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("hint", "value", "message"),
    [
        (str, 3, "f must be text, got int 3"),
        (int, True, "f must be a whole number, got bool True"),
        (int, "3", "f must be a whole number, got text '3'"),
        (bool, 1, "f must be true or false, got int 1"),
        (Decimal, "four", "f must be a number, got 'four'"),
        (Decimal, "NaN", "f must be a number, got text 'NaN'"),
        (Decimal, True, "f must be a number, got bool True"),
        (date, "2025-13-01", "f must be a date YYYY-MM-DD, got '2025-13-01'"),
        (datetime, "yesterday", "f must be an ISO timestamp, got 'yesterday'"),
        (datetime, "2025-09-02T10:00:00", "f must carry a time zone, got '2025-09-02T10:00:00'"),
        (UUID, "not-a-uuid", "f must be a UUID, got 'not-a-uuid'"),
        (str, None, "f must be text, got null None"),
        (str | None, 3, "f must be text, got int 3"),
        (str | int | None, 1.5, "f has the wrong type: 1.5"),
        (int | str, None, "f must not be null"),
        (list[int], "1,2", "f must be a list, got text"),
        (list[int], [1, "x"], "f[1] must be a whole number, got text 'x'"),
        (dict[str, int], [1], "f must be an object, got a list"),
        (list[int], {"a": 1}, "f must be a list, got an object"),
        (dict[str, int], {"a": "x"}, "f.a must be a whole number, got text 'x'"),
        (Pair, "x", "f must be an object, got text"),
        (Pair, {"name": "n"}, "f is missing hours"),
        (Pair, {"name": "n", "hours": 1, "x": 2, "y": 3}, "f has no field x, y"),
        (Pair, {}, "f is missing name, hours"),
        (Pair, {"name": 1, "hours": 1}, "f.name must be text, got int 1"),
    ],
)
def test_coerce_refuses_in_one_line_naming_the_field(hint: Any, value: Any, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        coerce(hint, value, "f")
    assert str(refused.value) == message


def test_a_timestamp_is_not_a_date() -> None:
    with pytest.raises(InvalidValue, match=r"^f must be .*date.*, got datetime "):
        coerce(date, datetime(2025, 1, 1, tzinfo=UTC), "f")
