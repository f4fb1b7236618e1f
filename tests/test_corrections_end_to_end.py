"""Repeated and reverted corrections of one field, through the facade on both backends: the
latest correction wins in ``show``, in the projected views (the engagement list) and after a
rebuild; ``--known-at`` between two corrections shows the one in force then; the original
event is never changed. tests/domain/test_domain_corrections.py checks the same on the bare
aggregate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from cec_ledger.facade import audit
from cec_ledger.facade.ledger import Ledger
from tests.clihelp import base_engagement

SLUG = "maple-ridge"
SESSION = 5  # base_engagement's training session: 4 hours


def ticking() -> Callable[[], datetime]:
    """A clock a minute later at each call (from a day after the base engagement was recorded
    with the real clock), so known-at can fall between two corrections."""
    start = datetime.now(UTC) + timedelta(days=1)
    ticks = iter(range(10_000))
    return lambda: start + timedelta(minutes=next(ticks))


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    base_engagement(ledger_url)
    with Ledger.open(ledger_url, actor="tester") as opened:
        opened.clock = ticking()
        yield opened


def hours(ledger: Ledger, **when: str) -> str:
    return ledger.engagement(SLUG, **when)["sessions"]["hours"]


def listed_hours(ledger: Ledger) -> str:
    """The hours as the projected engagement list shows them (the Pathway's step 5)."""
    (row,) = ledger.engagements()
    (step5,) = [s for s in row["pathway"]["steps"] if s["step"] == 5]
    return step5["evidence"].rsplit(", ", 1)[1]


def correct_hours(ledger: Ledger, value: str, reason: str) -> dict:
    return ledger.correct(SLUG, event=SESSION, reason=reason, fields={"hours": value})


def test_the_latest_of_three_corrections_wins_everywhere(ledger: Ledger) -> None:
    first = correct_hours(ledger, "3", "counted the break")
    second = correct_hours(ledger, "5", "the afternoon ran long")
    assert hours(ledger) == "5.00"
    assert listed_hours(ledger) == "5.00 hours delivered"
    audit.rebuild(ledger)
    assert listed_hours(ledger) == "5.00 hours delivered"
    # Known at the moment of each correction: the value then in force.
    assert hours(ledger, known_at=first["recorded_at"]) == "3.00"
    assert hours(ledger, known_at=second["recorded_at"]) == "5.00"
    before = datetime.fromisoformat(first["recorded_at"]) - timedelta(seconds=1)
    assert hours(ledger, known_at=before.isoformat()) == "4.00"
    # The original event is untouched; both corrections stay in the log.
    assert ledger.events(SLUG)[SESSION - 1]["data"]["hours"] == "4.00"
    corrections = ledger.engagement(SLUG)["corrections"]
    assert [c["corrected_fields"] for c in corrections] == [{"hours": "3.00"}, {"hours": "5.00"}]


def test_a_correction_reverted_to_the_original_value(ledger: Ledger) -> None:
    correct_hours(ledger, "3", "counted the break")
    correct_hours(ledger, "4", "the break was worked through after all")
    assert hours(ledger) == "4.00"
    assert listed_hours(ledger) == "4.00 hours delivered"
    # And corrected once more, through the reverted value.
    correct_hours(ledger, "3.5", "half the break")
    assert hours(ledger) == "3.50"
    assert listed_hours(ledger) == "3.50 hours delivered"


def test_replay_shows_each_correction_changing_the_hours(ledger: Ledger) -> None:
    correct_hours(ledger, "3", "a")
    correct_hours(ledger, "5", "b")
    steps = audit.replay(ledger, SLUG)
    assert [s["event"]["version"] for s in steps[-2:]] == [6, 7]
    changed = [" ".join(s["changes"]) for s in steps[-2:]]
    assert "4.00" in changed[0] and "3.00" in changed[0]
    assert "3.00" in changed[1] and "5.00" in changed[1]
