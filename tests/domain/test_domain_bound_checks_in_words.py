"""The bounds of rules epoch 2, called one value at a time: each refusal is one line in the
user's words, with the field's own label (one-line error messages are a contract), each
boundary value is accepted, and free text is stored with ``\\r\\n`` and ``\\r`` as ``\\n``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain import bounds
from cec_ledger.domain.errors import InvalidValue

NAME_REFUSED = "must be one line of at most 200 characters without control characters"


def refusal(call: Any, *args: Any, **kwargs: Any) -> str:
    """The message of the InvalidValue ``call(*args, **kwargs)`` raises."""
    with pytest.raises(InvalidValue) as caught:
        call(*args, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (bounds.SESSION_HOURS, None, "amount must be given"),
        (bounds.SESSION_HOURS, Decimal("NaN"), "amount must be a plain number such as 4 or 1.5"),
        (
            bounds.SCORE,
            Decimal("-0.5"),
            "amount must be at least 0 and at most 1, got -0.5",
        ),
        (
            bounds.SESSION_HOURS,
            Decimal("1.234"),
            "amount must have at most 2 decimals, got 1.234",
        ),
        (
            bounds.MONEY,
            Decimal("5.001"),
            "amount must have at most 2 decimals, got $5.001",
        ),
    ],
)
def test_an_amount_out_of_its_bounds_is_refused_in_words(
    kind: bounds.Amount, value: Any, message: str
) -> None:
    """A score's low bound is inclusive ("at least 0"); hours' is not ("more than 0")."""
    assert refusal(bounds.amount, kind, value, "amount") == message


def test_an_amount_at_its_high_bound_is_accepted() -> None:
    """24 hours is one session's maximum, not past it."""
    assert bounds.amount(bounds.SESSION_HOURS, 24, "hours") == Decimal("24.00")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "participants must be a whole number from 1 to 100,000, got 0"),
        (200_000, "participants must be a whole number from 1 to 100,000, got 200,000"),
        (True, "participants must be a whole number from 1 to 100,000, got True"),
        ("5", "participants must be a whole number from 1 to 100,000, got '5'"),
    ],
)
def test_a_head_count_out_of_bounds_is_refused_with_the_number_as_written(
    value: Any, message: str
) -> None:
    """Whole numbers are shown grouped (200,000); anything else as given."""
    assert refusal(bounds.participants, value) == message


def test_a_name_of_exactly_200_characters_is_accepted_and_201_refused() -> None:
    assert bounds.name("a" * 200, "topic") == "a" * 200
    assert refusal(bounds.name, "a" * 201, "topic") == f"topic {NAME_REFUSED} (got 201 characters)"


@pytest.mark.parametrize(
    ("value", "stored"),
    [("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\n\r\nb", "a\n\nb")],
)
def test_free_text_line_breaks_are_stored_as_newlines(value: str, stored: str) -> None:
    assert bounds.text(value, "note") == stored


def test_free_text_of_exactly_10000_characters_is_accepted_and_more_refused() -> None:
    assert bounds.text("a" * 10_000, "note") == "a" * 10_000
    assert (
        refusal(bounds.text, "a" * 10_001, "note")
        == "note must be at most 10,000 characters (got 10,001)"
    )


def test_free_text_with_a_control_character_is_refused_in_words() -> None:
    assert (
        refusal(bounds.text, "a\x00b", "note")
        == "note must not contain control characters (newlines are fine)"
    )


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("label", 5, "title must be text"),
        ("text", 5, "title must be text"),
        ("money", None, "title must be given"),
        ("money", -1, "title must be between $0 and $10,000,000, got $-1"),
        ("score", 2, "title must be at least 0 and at most 1, got 2"),
        ("participants", 0, "title must be a whole number from 1 to 100,000, got 0"),
        ("names", "x", "title must be a list"),
        ("names", [5], "title item must be text"),
        ("texts", "x", "title must be a list"),
        ("texts", [5], "title item must be text"),
        ("named_texts", "x", "title must be an object"),
        ("named_texts", {f"k{n}": "x" for n in range(201)}, "title: at most 200 (got 201)"),
        ("named_texts", {5: "x"}, "title key must be text"),
        ("named_texts", {"a": 5}, "title.a must be text"),
        ("ratings", {"a": "x\x00"}, f"title.a {NAME_REFUSED} (got 2 characters)"),
        ("services", "x", "title must be a list"),
    ],
)
def test_a_value_of_each_kind_is_refused_under_its_own_label(
    kind: str, value: Any, message: str
) -> None:
    assert refusal(bounds.check_value, kind, value, "title") == message


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("money", Decimal("5"), Decimal("5.00")),
        ("money", 10_000_000, Decimal("10000000.00")),
        ("named_texts", {" a ": "b\r\nc"}, {"a": "b\nc"}),
        ("named_texts", {f"k{n}": "x" for n in range(200)}, {f"k{n}": "x" for n in range(200)}),
        ("ratings", {"a": " strong "}, {"a": "strong"}),
    ],
)
def test_a_value_of_each_kind_is_stored_normalised(kind: str, value: Any, stored: Any) -> None:
    assert bounds.check_value(kind, value, "title") == stored


def test_a_kind_missing_from_the_table_is_a_programming_error_named() -> None:
    with pytest.raises(ValueError) as caught:
        bounds.check_value("colour", "red", "title")
    assert str(caught.value) == "no bounds for kind 'colour'"
