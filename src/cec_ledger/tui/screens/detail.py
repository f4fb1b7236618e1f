"""Event detail: the event as a record (both dates, who recorded it, what it corrects or
what corrected it, its fields as labelled lines), with the raw JSON one key away (v)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from cec_ledger.formats.summaries import summary
from cec_ledger.tui.keys import key_label
from cec_ledger.tui.record import record_sections, record_text
from cec_ledger.tui.widgets.footer import FittingFooter

Command = tuple[str, str, Callable[[], Any]]


class DetailScreen(Screen):
    BINDINGS = [
        Binding("n,right_square_bracket", "step(1)", "Next", id="next_event"),
        Binding("p,left_square_bracket", "step(-1)", "Previous", id="previous_event"),
        Binding("v", "toggle_raw", "Raw JSON", id="raw_json"),
        Binding("r", "follow", "Corrected event", id="follow_correction"),
        Binding("j", "scroll_down", "Down", show=False, id="down"),
        Binding("k", "scroll_up", "Up", show=False, id="up"),
    ]
    # What the footer keeps when the width runs short (? and q always stay).
    FOOTER_PRIORITY = ("toggle_raw", "step(1)", "step(-1)", "correct", "follow")

    def __init__(self, row: dict[str, Any], corrected_by: list[dict[str, Any]]) -> None:
        super().__init__()
        self.row = row
        self.corrected_by = corrected_by
        # Set by the timeline: moves its cursor and returns the neighbouring event.
        self.stepper: Callable[[int], tuple[dict[str, Any], list[dict[str, Any]]] | None] | None
        self.stepper = None
        # The record (False) or the raw event as JSON (True); kept while stepping with n/p.
        self.raw = False
        self.text = ""  # what the record says, as plain text (tests, copies)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static("", id="detail-summary", classes="screen-title", markup=False)
            yield Static("", id="detail-record")
            yield Static("", id="detail-json-title", classes="section", markup=False)
            yield Static("", id="detail-json", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#detail", VerticalScroll).focus()

    def show(self) -> None:
        self.query_one("#detail-summary", Static).update(summary(self.row))
        keymap = getattr(self.app, "keymap", {})  # the user's keys.toml, if any
        sections = record_sections(
            self.row,
            self.corrected_by,
            follow_key=key_label("follow_correction", keymap),
        )
        self.text = record_text(sections)
        self.query_one("#detail-record", Static).update(_grid(sections))
        raw_key = key_label("raw_json", keymap)
        self.query_one("#detail-json-title", Static).update(
            f"Raw event (JSON)   {raw_key}: back to the record"
        )
        raw = orjson.dumps(self.row, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        self.query_one("#detail-json", Static).update(raw.decode())
        self.query_one("#detail-record").display = not self.raw
        self.query_one("#detail-json-title").display = self.raw
        self.query_one("#detail-json").display = self.raw
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def action_toggle_raw(self) -> None:
        """The record or the raw event as stored (JSON, keys sorted): one key apart."""
        self.raw = not self.raw
        self.show()

    def action_step(self, delta: int) -> None:
        """Step through history without leaving the detail (tig's next/previous commit)."""
        found = self.stepper(delta) if self.stepper else None
        if found is None:
            self.notify("No more events that way.", severity="warning")
            return
        self.row, self.corrected_by = found
        self.show()

    def action_scroll_down(self) -> None:
        self.query_one("#detail", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#detail", VerticalScroll).scroll_up()

    def action_follow(self) -> None:
        """Back to the timeline, on the event this correction corrects."""
        if self.row["type"] != "EventCorrected":
            self.notify("This event is not a correction.", severity="warning")
            return
        self.app.follow_correction(self.row)  # type: ignore[attr-defined]

    def action_correct(self) -> None:
        if self.app.read_only:  # type: ignore[attr-defined]
            return
        if self.row["type"] == "EventCorrected":
            self.notify("A correction is not corrected: correct the original event.")
            return
        self.app.open_correction_form(self.row)  # type: ignore[attr-defined]

    def palette_commands(self) -> Iterator[Command]:
        yield ("Next event", "The detail of the next event", lambda: self.action_step(1))
        yield ("Previous event", "The detail of the previous event", lambda: self.action_step(-1))
        yield ("Go to corrected event", "From a correction to what it corrects", self.action_follow)
        yield ("Raw JSON / record", "The event as stored, or as a record", self.action_toggle_raw)
        if not self.app.read_only and self.row["type"] != "EventCorrected":  # type: ignore[attr-defined]
            yield (
                "Correct this event",
                "Record a correction; the original stays",
                self.action_correct,
            )


class WritableDetailScreen(DetailScreen):
    BINDINGS = [Binding("e", "correct", "Correct", id="correct")]


def detail_screen(
    row: dict[str, Any], corrected_by: list[dict[str, Any]], *, read_only: bool
) -> DetailScreen:
    cls = DetailScreen if read_only else WritableDetailScreen
    return cls(row, corrected_by)


def _grid(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    """Labels in one column, values wrapping in the next (a long reason stays beside its
    label); section titles between. Bold is decoration only: NO_COLOR loses nothing."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for title, rows in sections:
        if title:
            grid.add_row("", "")
            grid.add_row(Text(title, style="bold underline"), "")
        for label, value in rows:
            grid.add_row(label, Text(value))
    return grid
