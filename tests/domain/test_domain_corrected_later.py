"""Corrections that occurred after an as-of date (``fold_history(..., occurred_by=...)``): the
view as of that date applies them (they change what the view shows) and lists each one in
``state.corrected_later`` with its version, what it corrects, the reason, the fields and the
day it occurred on; a correction of an event the view does not hold is listed only when it
moved that event's date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cec_ledger.domain.engagement import fold_history
from tests.domain.builders import SESSION_ON, base, record


def test_a_later_correction_is_applied_and_listed_as_of_an_earlier_date() -> None:
    engagement = base()
    record(
        engagement,
        "EventCorrected",
        corrects_version=5,
        corrects_type="SessionDelivered",
        reason="ran 3 h",
        corrected_fields={"hours": "3"},
        occurred_on=date(2025, 12, 1),
    )
    state = fold_history(engagement.history, occurred_by=date(2025, 10, 1))
    assert state.to_dict()["sessions"]["hours"] == Decimal(3)
    assert state.corrected_later == [
        {
            "version": 6,
            "corrects_version": 5,
            "corrects_type": "SessionDelivered",
            "reason": "ran 3 h",
            "corrected_fields": {"hours": Decimal(3)},
            "on": date(2025, 12, 1),
        }
    ]
    # As of a date after the correction it is an ordinary correction, not a later one.
    assert fold_history(engagement.history, occurred_by=date(2025, 12, 1)).corrected_later == []


def test_a_later_correction_moving_an_event_into_the_view_is_listed() -> None:
    engagement = base()
    # The session (SESSION_ON) corrected to have happened earlier, on the as-of date itself.
    record(
        engagement,
        "EventCorrected",
        corrects_version=5,
        corrects_type="SessionDelivered",
        reason="it was the 15th",
        corrected_fields={"occurred_on": "2025-09-15"},
        occurred_on=date(2025, 12, 1),
    )
    as_of = date(2025, 9, 15)
    assert as_of < SESSION_ON
    state = fold_history(engagement.history, occurred_by=as_of)
    assert state.to_dict()["sessions"]["count"] == 1
    assert [(c["version"], c["corrected_fields"]) for c in state.corrected_later] == [
        (6, {"occurred_on": date(2025, 9, 15)})
    ]
    assert "moved" not in state.corrected_later[0]  # bookkeeping, not shown


def test_a_later_correction_of_an_event_outside_the_view_is_not_listed() -> None:
    engagement = base()
    record(
        engagement,
        "EventCorrected",
        corrects_version=5,
        corrects_type="SessionDelivered",
        reason="ran 3 h",
        corrected_fields={"hours": "3"},
        occurred_on=date(2025, 12, 1),
    )
    # As of a day before the session: the view does not hold it, nor did the date move.
    state = fold_history(engagement.history, occurred_by=date(2025, 9, 19))
    assert state.corrected_later == []
    assert state.to_dict()["sessions"]["count"] == 0


def test_a_later_correction_moving_an_event_out_of_the_view_is_listed() -> None:
    engagement = base()
    record(
        engagement,
        "EventCorrected",
        corrects_version=5,
        corrects_type="SessionDelivered",
        reason="it was in October",
        corrected_fields={"occurred_on": "2025-10-05"},
        occurred_on=date(2025, 12, 1),
    )
    state = fold_history(engagement.history, occurred_by=date(2025, 9, 25))
    # The session left the view, and the correction that took it out is named.
    assert state.to_dict()["sessions"]["count"] == 0
    assert [(c["version"], c["reason"]) for c in state.corrected_later] == [
        (6, "it was in October")
    ]
    assert "moved" not in state.corrected_later[0]
