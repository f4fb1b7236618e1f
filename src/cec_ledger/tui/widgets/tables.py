"""DataTables with vi-style movement; the timeline's Home/End reach the log's true edges."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from cec_ledger.rendering.text import one_line
from cec_ledger.tui.messages import TimelineEdge


class ViTable(DataTable):
    """A row-cursor DataTable that also moves with j/k (hledger-ui and tig users expect it)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]


class TimelineTable(ViTable):
    """Home/End (and G) ask the screen for the first/last page of the log: the table only
    holds a window of it, so its own top and bottom are not the log's."""

    BINDINGS = [
        Binding("G", "scroll_bottom", "End", show=False, id="last_page"),
    ]

    def action_scroll_home(self) -> None:
        self.post_message(TimelineEdge("start"))

    def action_scroll_end(self) -> None:
        self.post_message(TimelineEdge("end"))

    action_scroll_top = action_scroll_home
    action_scroll_bottom = action_scroll_end


def text_cell(value: object) -> Text:
    """Free text for a table cell: on one line (newlines, tabs escaped) and never read as
    markup (a DataTable parses plain strings as Rich markup: "[x] done" lost its "[x]", and a
    stray "[/b]" stopped the app)."""
    return Text(one_line("-" if value is None else str(value)), end="")


def fit_widths(
    available: int,
    natural: list[int],
    flexible: tuple[int, ...],
    minimum: list[int] | None = None,
) -> list[int]:
    """Column widths within ``available`` columns (each column also takes 2 of padding):
    the natural widths when they fit; else the widest ``flexible`` columns narrow first,
    never below ``minimum`` (a column's longest word, say), and their text wraps (rows added
    with ``height=None``)."""
    floor = minimum or [min(10, w) for w in natural]
    room = available - 2 * len(natural) - sum(w for i, w in enumerate(natural) if i not in flexible)
    if sum(natural[i] for i in flexible) <= room:
        return list(natural)
    # The widest go first: cap every flexible column at one width, the largest that fits,
    # so short columns stay whole and only the long ones wrap (never below their floor).
    floors = {i: min(floor[i], natural[i]) for i in flexible}
    cap = max(natural[i] for i in flexible)
    while cap > 1 and sum(max(floors[i], min(natural[i], cap)) for i in flexible) > room:
        cap -= 1
    widths = list(natural)
    for i in flexible:
        widths[i] = max(floors[i], min(natural[i], cap))
    return widths
