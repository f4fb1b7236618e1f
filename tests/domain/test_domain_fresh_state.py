"""A fresh engagement state (before EngagementOpened is folded) and folding an event the
state has no fold for."""

from __future__ import annotations

import pytest

from cec_ledger.domain.state import EngagementState


def test_a_fresh_state_has_empty_names_and_no_dates() -> None:
    state = EngagementState()
    assert (
        state.id,
        state.slug,
        state.name,
        state.organisation,
        state.level,
        state.entry_point,
        state.close_reason,
    ) == ("", "", "", "", "", "", "")
    assert (state.lead_consultant, state.opened_on, state.closed_on) == (None, None, None)
    assert state.version == 0
    assert state.events == 0


class NotAnEvent:
    originator_version = 1


def test_folding_an_event_without_a_fold_is_refused_by_name() -> None:
    with pytest.raises(TypeError) as refused:
        EngagementState().apply(NotAnEvent())
    assert str(refused.value) == "no fold registered for NotAnEvent"
