"""The Engagement aggregate: corrections judged against the corrected history (an outcome's
impact follows its corrected dimension; a correction that changes nothing is refused in
words, saying when the values come from an earlier correction), ``fold_history``'s
``DomainError(message, version)`` contract, an opened engagement's timestamp, and the
snapshot seams (``restored``, ``rebase``, ``refold_stored``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement, corrections_in, fold_history
from cec_ledger.domain.errors import DomainError, InvalidValue, RuleViolation
from tests.domain.builders import ACTOR, TODAY, base, correct, fields, record

OPENED_AT = datetime(2025, 8, 18, 9, 30, tzinfo=UTC)


def with_outcome() -> tuple[Engagement, int]:
    """base() and an outcome observed on policy changes (a system impact)."""
    engagement = base()
    record(engagement, "OutcomeObserved")
    return engagement, engagement.version


def test_correcting_an_outcomes_dimension_derives_its_impact_again() -> None:
    """CEC logic model: an attitude shift is a people impact, a policy change a system one."""
    engagement, version = with_outcome()
    event = correct(engagement, version, "OutcomeObserved", dimension="attitude_shifts")
    assert dict(event.corrected_fields) == {"dimension": "attitude_shifts", "impact": "people"}
    outcome = engagement.corrected_event(version)
    assert (outcome.dimension, outcome.impact) == ("attitude_shifts", "people")


def test_a_correction_repeating_an_earlier_correction_changes_nothing_as_corrected() -> None:
    engagement = base()
    correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez-Ruiz")
    with pytest.raises(RuleViolation) as refused:
        correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez-Ruiz")
    assert str(refused.value) == (
        "the correction changes nothing: event #2 already has those values (as corrected)"
    )


def test_a_correction_repeating_the_recorded_value_changes_nothing() -> None:
    engagement = base()
    with pytest.raises(RuleViolation) as refused:
        correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez")
    assert str(refused.value) == (
        "the correction changes nothing: event #2 already has those values"
    )


def test_fold_history_names_the_event_a_corrected_value_breaks() -> None:
    """An override the event class refuses (a stale impact) is a DomainError(message, version)
    naming the event's number."""
    engagement, version = with_outcome()
    with pytest.raises(DomainError) as refused:
        fold_history(engagement.history, overrides={version: {"dimension": "attitude_shifts"}})
    assert refused.value.args == (
        "impact 'system' does not fit dimension 'attitude_shifts' (it is people)",
        version,
    )


def test_an_opened_engagement_keeps_the_timestamp_it_was_given() -> None:
    engagement = Engagement.open(
        fields("EngagementOpened"), recorded_by=ACTOR, today=TODAY, timestamp=OPENED_AT
    )
    assert engagement.created_on == OPENED_AT
    assert engagement.history[0].timestamp == OPENED_AT


def test_a_fresh_engagement_counts_every_event_since_version_0() -> None:
    """Its snapshot base is 0: every event counts toward the next snapshot."""
    engagement = base()
    assert engagement.snapshot_base == 0
    assert engagement.version - engagement.snapshot_base == 5


def test_a_restored_engagement_holds_the_snapshots_state_without_reading_its_store() -> None:
    source = base()
    state = source.state
    restored = Engagement.restored(
        source.id, source.version, state, created_on=OPENED_AT, modified_on=OPENED_AT
    )
    assert restored.state is state
    assert restored.snapshot_base == source.version


def test_without_a_store_rebase_and_refold_stored_keep_the_events_in_memory() -> None:
    engagement = base()
    engagement.collect_events()
    engagement.rebase()
    engagement.refold_stored()
    assert engagement.snapshot_base == 0
    assert [e.originator_version for e in engagement.history] == [1, 2, 3, 4, 5]


class Store:
    """A history loader counting its reads (the events as the store holds them)."""

    def __init__(self, events: list[Any]) -> None:
        self.events = events
        self.reads = 0

    def __call__(self, up_to: int) -> list[Any]:
        self.reads += 1
        return self.events[:up_to]


def test_refold_stored_reads_the_history_from_the_store_once_nothing_is_pending() -> None:
    engagement = base()
    store = Store(engagement.collect_events())
    engagement.history_loader = store
    engagement.refold_stored()
    assert engagement.snapshot_base == 5
    assert store.reads == 1
    assert engagement.state.version == 5
    assert store.reads == 1  # the state refolded is kept: no second read


def test_refold_stored_waits_while_events_are_pending() -> None:
    engagement = base()
    store = Store(list(engagement.pending_events))
    engagement.history_loader = store
    engagement.refold_stored()
    assert engagement.snapshot_base == 0
    assert store.reads == 0


def test_correcting_an_outcome_to_its_own_dimension_changes_nothing() -> None:
    """The impact derived from the same dimension is the impact it has: nothing changes."""
    engagement, version = with_outcome()
    with pytest.raises(RuleViolation) as refused:
        correct(engagement, version, "OutcomeObserved", dimension="policy_changes")
    assert str(refused.value) == (
        f"the correction changes nothing: event #{version} already has those values"
    )


def test_a_stored_correction_whose_value_cannot_be_typed_names_the_field() -> None:
    """A correction read back from a store (say, edited by hand) is typed field by field;
    a value that does not fit is refused naming the field."""
    engagement = base()
    stored = correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez-Ruiz")
    broken = dataclasses.replace(stored, corrected_fields={"signatory": 42})
    with pytest.raises(InvalidValue) as refused:
        corrections_in([broken])
    assert str(refused.value) == "signatory must be text, got int 42"
