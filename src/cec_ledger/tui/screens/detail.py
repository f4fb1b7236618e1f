"""Event detail: summary, who recorded it and when, both dates, the raw JSON, corrections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from cec_ledger.formats.summaries import summary
from cec_ledger.tui.format import detail_lines

Command = tuple[str, str, Callable[[], Any]]


class DetailScreen(Screen):
    BINDINGS = [
        Binding("n,right_square_bracket", "step(1)", "Next event"),
        Binding("p,left_square_bracket", "step(-1)", "Previous"),
        Binding("r", "follow", "Corrected event"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, row: dict[str, Any], corrected_by: list[dict[str, Any]]) -> None:
        super().__init__()
        self.row = row
        self.corrected_by = corrected_by
        # Set by the timeline: moves its cursor and returns the neighbouring event.
        self.stepper: Callable[[int], tuple[dict[str, Any], list[dict[str, Any]]] | None] | None
        self.stepper = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static("", id="detail-summary", classes="screen-title", markup=False)
            yield Static("", id="detail-meta", markup=False)
            yield Static("Raw event (JSON)", classes="section")
            yield Static("", id="detail-json", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#detail", VerticalScroll).focus()

    def show(self) -> None:
        self.query_one("#detail-summary", Static).update(summary(self.row))
        self.query_one("#detail-meta", Static).update(
            "\n".join(detail_lines(self.row, self.corrected_by))
        )
        raw = orjson.dumps(self.row, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        self.query_one("#detail-json", Static).update(raw.decode())
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

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
        if not self.app.read_only and self.row["type"] != "EventCorrected":  # type: ignore[attr-defined]
            yield (
                "Correct this event",
                "Record a correction; the original stays",
                self.action_correct,
            )


class WritableDetailScreen(DetailScreen):
    BINDINGS = [Binding("e", "correct", "Correct this event")]


def detail_screen(
    row: dict[str, Any], corrected_by: list[dict[str, Any]], *, read_only: bool
) -> DetailScreen:
    cls = DetailScreen if read_only else WritableDetailScreen
    return cls(row, corrected_by)
