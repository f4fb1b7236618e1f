"""The shortcuts taken for ``check``'s speed (issue 13) give what the long way gives."""

from __future__ import annotations

import copy
from collections import OrderedDict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from cec_ledger.plugins.validation import plain_copy


class Tagged(dict):  # type: ignore[type-arg]
    pass


class Text(str):
    pass


SAMPLES: list[Any] = [
    None,
    True,
    3,
    2.5,
    "text",
    b"bytes",
    date(2025, 9, 1),
    datetime(2025, 9, 1, 12, tzinfo=UTC),
    Decimal("1.50"),
    UUID(int=7),
    {"a": [1, {"b": [date(2025, 1, 1), ("t", [2])]}], "c": None},
    [[], {}, (), [Decimal("2")]],
    Tagged(x=[1, 2]),
    OrderedDict(y={"z": [3]}),
    Text("sub"),
    ({"in": ["a", "tuple"]},),
]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_plain_copy_is_a_deep_copy_sharing_nothing_changeable(value: Any) -> None:
    copied = plain_copy(value)
    assert copied == copy.deepcopy(value)
    assert type(copied) is (dict if isinstance(value, dict) else type(value))

    def containers(x: Any) -> list[int]:
        if isinstance(x, dict):
            return [id(x), *(i for v in x.values() for i in containers(v))]
        if isinstance(x, list | tuple):
            own = [id(x)] if isinstance(x, list) else []
            return [*own, *(i for v in x for i in containers(v))]
        return []

    assert not set(containers(copied)) & set(containers(value))
