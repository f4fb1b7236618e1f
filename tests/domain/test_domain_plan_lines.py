"""The services plan's lines as plain functions (domain/plan_lines.py): price rules, the
catalogue's published starting price (the minimum budget), prices and hours in words, and the
upcaster that brings 2026-11 plan lines (before rules epoch 3) to the current shape."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cec_ledger.domain.plan_lines import (
    blocks,
    describe_rule,
    minimum_budget,
    money,
    price_rule,
    shown_hours,
    upcast_plan_lines,
    upcast_v1_lines,
)


def test_a_price_rule_keeps_its_amounts_as_decimals() -> None:
    assert price_rule("block", "2500", "8", "block of up to 8 hours") == {
        "kind": "block",
        "amount": Decimal(2500),
        "block_hours": Decimal(8),
        "per": "block of up to 8 hours",
    }
    assert price_rule("unknown") == {
        "kind": "unknown",
        "amount": None,
        "block_hours": None,
        "per": None,
    }


FIXED = {"kind": "fixed_per_cohort", "amount": "2500", "block_hours": None, "per": "the pair"}
BLOCK = {"kind": "block", "amount": "2500", "block_hours": "8", "per": "block of up to 8 hours"}


@pytest.mark.parametrize(
    ("line", "budget"),
    [
        ({"price_rule": FIXED, "cohorts": None, "hours": "12"}, Decimal(2500)),
        ({"price_rule": FIXED, "cohorts": 3, "hours": "12"}, Decimal(7500)),
        ({"price_rule": BLOCK, "hours": "8"}, Decimal(2500)),
        ({"price_rule": BLOCK, "hours": "8.5"}, Decimal(5000)),
        ({"price_rule": BLOCK, "hours": "16"}, Decimal(5000)),
        ({"price_rule": BLOCK, "hours": "0"}, Decimal(0)),
        ({"price_rule": {**BLOCK, "kind": "not_published"}, "hours": "8"}, None),
        ({"price_rule": {"kind": "block", "amount": None}, "hours": "8"}, None),
        ({"price_rule": None, "hours": "8"}, None),
        ({"hours": "8"}, None),
    ],
)
def test_the_minimum_budget_is_the_published_starting_price(
    line: dict, budget: Decimal | None
) -> None:
    assert minimum_budget(line) == budget


@pytest.mark.parametrize(
    ("hours", "size", "count"),
    [("0", "8", 0), ("-1", "8", 0), ("0.5", "8", 1), ("8", "8", 1), ("8.01", "8", 2)],
)
def test_each_started_block_counts(hours: str, size: str, count: int) -> None:
    assert blocks(Decimal(hours), Decimal(size)) == count


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (FIXED, "$2,500 for the pair"),
        ({**FIXED, "per": None}, "$2,500 for each cohort"),
        (BLOCK, "from $2,500 per block of up to 8 hours"),
        ({**BLOCK, "per": ""}, "from $2,500 per block"),
        ({"kind": "not_published"}, "no published price"),
        ({"kind": "unknown"}, "not in the catalogue"),
        ({}, "not in the catalogue"),
    ],
)
def test_a_price_rule_in_words(rule: dict, words: str) -> None:
    assert describe_rule(rule) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "—"),
        ("2500", "$2,500"),
        (Decimal("1250.5"), "$1,250.50"),
        ("0", "$0"),
        ("1000000.00", "$1,000,000"),
    ],
)
def test_money_in_words(value: object, words: str) -> None:
    assert money(value) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "-"),
        ("6", "6"),
        ("6.00", "6"),
        ("1.50", "1.5"),
        ("2000", "2,000"),
        ("2000.25", "2,000.25"),
        ("0.5", "0.5"),
        ("10", "10"),
        (Decimal("1E+1"), "10"),
    ],
)
def test_hours_in_words(value: object, words: str) -> None:
    assert shown_hours(value) == words


def v1(service_id: str, hours: str, budget: str | None, name: str | None = None) -> dict:
    return {
        "service_id": service_id,
        "name": name or f"Service {service_id}",
        "hours": hours,
        "budget": budget,
    }


def test_v1_lines_gain_their_2026_11_catalogue_snapshot() -> None:
    (line,) = upcast_v1_lines([v1("ibb-ibps", "8", "2500")])
    assert line == {
        **v1("ibb-ibps", "8", "2500"),
        "price_note": None,
        "cohorts": None,
        "kind": "targeted_support",
        "price_rule": {
            "kind": "block",
            "amount": "2500",
            "block_hours": "8",
            "per": "block of up to 8 hours",
        },
    }
    (programme,) = upcast_v1_lines([v1("shared-leadership", "4", None)])
    assert programme["kind"] == "step1_programme"
    assert programme["price_rule"]["kind"] == "not_published"


def test_a_v1_line_outside_the_2026_11_catalogue_is_unknown() -> None:
    (line,) = upcast_v1_lines([v1("made-up", "3", "100")])
    assert line["kind"] == "unknown"
    assert line["price_rule"] == {
        "kind": "unknown",
        "amount": None,
        "block_hours": None,
        "per": None,
    }


def test_the_two_conflict_resolution_lines_merge_into_one() -> None:
    lines = upcast_v1_lines(
        [
            v1("ibb-ibps", "8", "2500"),
            v1("conflict-resolution-1", "6", "1250", name="Conflict Resolution I"),
            v1("leadership-development", "2", None),
            v1("conflict-resolution-2", "6.5", "1250.50", name=None),
        ]
    )
    assert [line["service_id"] for line in lines] == [
        "ibb-ibps",
        "conflict-resolution",  # where the first part was
        "leadership-development",
    ]
    assert lines[1] == {
        "service_id": "conflict-resolution",
        "name": "Conflict Resolution I + Service conflict-resolution-2",
        "hours": "12.5",
        "budget": "2500.50",
        "price_note": "v1 lines conflict-resolution-1 (6 h, $1,250) and conflict-resolution-2 "
        "(6.5 h, $1,250.50) merged",
        "cohorts": None,
        "kind": "targeted_support",
        "price_rule": {
            "kind": "fixed_per_cohort",
            "amount": "2500",
            "block_hours": None,
            "per": "the pair",
        },
    }


def test_one_conflict_resolution_line_alone_is_renamed() -> None:
    part = {"service_id": "conflict-resolution-2", "name": None, "hours": None, "budget": None}
    (line,) = upcast_v1_lines([part])
    assert line["service_id"] == "conflict-resolution"
    assert line["name"] == "conflict-resolution-2"
    assert (line["hours"], line["budget"]) == ("0", "0")
    assert line["price_note"] == "v1 line conflict-resolution-2 (- h, —) renamed"


def test_current_lines_and_non_lines_pass_through_unchanged() -> None:
    current = {**v1("ibb-ibps", "8", "2500"), "price_rule": BLOCK, "kind": "targeted_support"}
    assert upcast_v1_lines([current, "not a line", None]) == [current, "not a line", None]


@pytest.mark.parametrize(("version", "upcast"), [(1, True), (2, True), (3, False)])
def test_plan_events_up_to_class_version_2_have_their_lines_upcast(
    version: int, upcast: bool
) -> None:
    state = {"services": [v1("ibb-ibps", "8", "2500")]}
    upcast_plan_lines(state, version)
    assert ("price_rule" in state["services"][0]) is upcast
    untouched = {"services": None}
    upcast_plan_lines(untouched, 1)
    assert untouched == {"services": None}
