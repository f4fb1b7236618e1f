"""The state panel: the engagement just after the event under the cursor (time travel)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from cec_ledger.tui.format import state_lines


class StatePanel(VerticalScroll):
    """Shows ``Ledger.state_after`` for the selected event; ``text`` is what is displayed."""

    can_focus = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = ""
        self._body = Static("", markup=False, id="state-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def pending(self, version: int) -> None:
        """While the state after #version is being folded: say so, keep the old one below."""
        _, _, rest = self.text.partition("\n")
        self._body.update(f"… state after #{version}\n{rest}" if rest else f"… #{version}")

    def show(self, state: dict[str, Any] | None, version: int | None = None) -> None:
        self.text = "\n".join(state_lines(state, version=version)) if state else "(no event)"
        self._body.update(self.text)
