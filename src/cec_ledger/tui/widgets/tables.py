"""DataTables with vi-style movement; the timeline's Home/End reach the log's true edges."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from cec_ledger.tui.messages import TimelineEdge


class ViTable(DataTable):
    """A row-cursor DataTable that also moves with j/k (hledger-ui and tig users expect it)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]


class TimelineTable(ViTable):
    """Home/End (and G) ask the screen for the first/last page of the log: the table only
    holds a window of it, so its own top and bottom are not the log's."""

    BINDINGS = [
        Binding("G", "scroll_bottom", "End", show=False),
    ]

    def action_scroll_home(self) -> None:
        self.post_message(TimelineEdge("start"))

    def action_scroll_end(self) -> None:
        self.post_message(TimelineEdge("end"))

    action_scroll_top = action_scroll_home
    action_scroll_bottom = action_scroll_end
