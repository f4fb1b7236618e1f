"""The timeline's state panel logic: fold the engagement up to the selected event, lazily.

Folding a long engagement (``Ledger.state_after``) is the one costly thing a cursor move
asks for, so it waits until the cursor rests, runs off the UI thread and is cached.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from typing import Any

from textual.timer import Timer

from cec_ledger.tui.widgets.state_panel import StatePanel

# States kept for the panel (each a plain dict of one engagement).
STATE_CACHE = 64


class StateFollower:
    """Mixed into the timeline screen, which provides ``current()`` and ``app_ledger``."""

    _states: OrderedDict[tuple[str, int], dict[str, Any]]
    _state_timer: Timer | None

    def init_state_follower(self) -> None:
        # Recent states for the panel: moving back and forth never folds twice.
        self._states = OrderedDict()
        self._state_timer = None

    def update_state(self) -> None:
        """Refresh the state panel, after ``app.state_delay`` seconds of stillness: folding
        an engagement up to an event is the costly part of a cursor move, so holding j
        folds once where the cursor stops, not at every row it passes."""
        if self._state_timer is not None:
            self._state_timer.stop()
            self._state_timer = None
        delay = self.app.state_delay  # type: ignore[attr-defined]
        if delay:
            self._state_timer = self.set_timer(delay, self.show_state)
        else:
            self.show_state()

    def show_state(self) -> None:
        self._state_timer = None
        panel = self.query_one("#state", StatePanel)
        if not panel.display:
            return
        row = self.current()
        if row is None:
            panel.show(None)
            return
        key = (row["engagement"], row["version"])
        if key in self._states:
            self._states.move_to_end(key)
            panel.show(self._states[key], row["version"])
        elif not self.app.state_delay:  # type: ignore[attr-defined]
            self.folded(key, self.app_ledger.state_after(*key))
        else:
            # Folding a long engagement takes seconds: off the UI thread, so the table keeps
            # moving; a newer fold replaces an older one (exclusive) and stale results are
            # only cached, never shown.
            panel.pending(row["version"])
            self.run_worker(partial(self.fold, key), thread=True, exclusive=True, group="state")

    def fold(self, key: tuple[str, int]) -> None:
        state = self.app_ledger.state_after(*key)
        self.app.call_from_thread(self.folded, key, state)

    def folded(self, key: tuple[str, int], state: dict[str, Any]) -> None:
        self._states[key] = state
        if len(self._states) > STATE_CACHE:
            self._states.popitem(last=False)
        row = self.current()
        if row is not None and (row["engagement"], row["version"]) == key:
            self.query_one("#state", StatePanel).show(state, row["version"])
