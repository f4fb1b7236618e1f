"""The capacity-transfer curve as of a date (domain/capacity.py; the Theory of Action's
Capacity-Building Coaching Delivery Model "hands more and more improvement responsibilities
to the district or school"): a hand-over dated on the as-of day counts, a later one does not,
and a responsibility handed over only later is left out without hiding the others."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain.capacity import capacity_history, curve
from tests.domain.builders import base, record

FACILITATE = "facilitate DLT meetings"
DATA_CYCLES = "run data cycles"
EARLY, LATE = date(2025, 10, 1), date(2025, 10, 15)


def responsibilities() -> list[dict[str, Any]]:
    """As the fold keeps them: ``run data cycles`` recorded first but handed over only on
    LATE (district-independent); ``facilitate DLT meetings`` consultant-led from EARLY, co-led
    from LATE."""
    engagement = base()
    for name, level, on in (
        (DATA_CYCLES, "district-independent", LATE),
        (FACILITATE, "consultant-led", EARLY),
        (FACILITATE, "co-led", LATE),
    ):
        record(
            engagement,
            "ResponsibilityTransferred",
            responsibility=name,
            release_level=level,
            occurred_on=on,
        )
    return list(engagement.state.responsibilities.values())


def point(on: date, index: str, share: str, count: int) -> dict[str, Any]:
    return {
        "on": on,
        "index": Decimal(index),
        "district_led_share": Decimal(share),
        "responsibilities": count,
    }


def test_the_curve_as_of_a_day_counts_the_hand_overs_of_that_day() -> None:
    """Weights 0, 1/3, 2/3, 1: on LATE co-led and district-independent average 2/3."""
    full = [point(EARLY, "0", "0", 1), point(LATE, "0.6667", "0.5", 2)]
    assert curve(responsibilities()) == full
    assert curve(responsibilities(), as_of=LATE) == full
    assert curve(responsibilities(), as_of=date(2025, 10, 14)) == full[:1]


def test_a_responsibility_not_yet_handed_over_does_not_hide_the_others() -> None:
    history = capacity_history(responsibilities(), as_of=date(2025, 10, 14))
    assert [row["responsibility"] for row in history["responsibilities"]] == [FACILITATE]
    assert history["curve"] == [point(EARLY, "0", "0", 1)]
    later = capacity_history(responsibilities(), as_of=LATE)
    assert [row["responsibility"] for row in later["responsibilities"]] == [
        DATA_CYCLES,
        FACILITATE,
    ]
    assert (later["index"], later["district_led_share"]) == (Decimal("0.6667"), Decimal("0.5"))
