"""The TUI's state panel gets copies (``state_dict.panel_dict``): whatever the panel does
with what it was given (sorting rows, dropping keys) must never change the engagement's
state, down to the nested rows (responsibilities, priorities, goals, outcomes)."""

from __future__ import annotations

from typing import Any

from cec_ledger.domain.state_dict import panel_dict, state_dict
from tests.domain.test_domain_demo_views import demo

PARTS = ("responsibilities", "priorities", "goals", "outcomes")


def _spoil(value: Any) -> None:
    """Empty every dict and list inside ``value`` (the outer container included)."""
    if isinstance(value, dict):
        for inner in value.values():
            _spoil(inner)
        value.clear()
    elif isinstance(value, list):
        for inner in value:
            _spoil(inner)
        value.clear()


def test_changing_the_panels_rows_leaves_the_state_as_it_was() -> None:
    """The demo district holds rows of every part the panel copies."""
    state = demo()["maple-ridge"].state
    before = state_dict(state)
    panel = panel_dict(state)
    assert [bool(panel[part]) for part in PARTS] == [True, True, True, True]
    for part in PARTS:
        _spoil(panel[part])
    assert state_dict(state) == before
