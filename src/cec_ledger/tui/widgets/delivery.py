"""Planned versus delivered in the TUI: the services plan in force, line by line (planned hours
and budget, what was delivered, what is left, money estimated from the catalogue's price
rules), a bar per line, and the sessions outside the plan lines — the same figures as
``engagement show`` and ``report`` (``rendering.delivery``), read from the facade."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from cec_ledger.rendering.delivery import bars as bar_rows
from cec_ledger.rendering.delivery import (
    note_lines,
    outside_lines,
    table_lines,
    text_bars,
)
from cec_ledger.tui.widgets.footer import FittingFooter
from cec_ledger.tui.widgets.scrolling import EngagementTextScreen

Command = tuple[str, str, Callable[[], Any]]


def summary_line(slug: str, pvd: dict[str, Any]) -> str:
    if not pvd["lines"]:
        return f"{slug} · no services plan in force"
    totals = pvd["totals"]
    return (
        f"{slug} · plan of {pvd['plan_of']} · {totals['delivered_hours']} of "
        f"{totals['planned_hours']} planned hours delivered"
    )


def notes_text(pvd: dict[str, Any], width: int) -> str:
    """Under the table: what it counts, price notes and reasons, the sessions outside the
    plan lines (as ``engagement show`` words them)."""
    return "\n".join([*note_lines(pvd, width, " "), *outside_lines(pvd, width, " ")])


class DeliveryScreen(EngagementTextScreen):
    """The engagement's plan lines, planned versus delivered (Escape goes back). Text that
    fits 80 columns, as ``engagement show`` prints it, in one scrolling view."""

    VIEW_ID = "delivery-view"

    def __init__(self, engagement: str) -> None:
        super().__init__(engagement)
        self.pvd: dict[str, Any] = {"lines": [], "outside": [], "totals": {}}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="delivery-view"):
            yield Static("", id="delivery-title", classes="screen-title", markup=False)
            yield Static("", id="delivery-lines", markup=False)
            yield Static("", id="delivery-chart", markup=False)
            yield Static("", id="delivery-notes", classes="hint", markup=False)
        yield FittingFooter()

    def reload(self) -> None:
        state = self.app.ledger.engagement(self.engagement)  # type: ignore[attr-defined]
        self.pvd = state.get("planned_vs_delivered") or {"lines": [], "outside": []}
        width = max(40, min(self.app.size.width, 120) - 4)
        self.query_one("#delivery-title", Static).update(summary_line(self.engagement, self.pvd))
        self.query_one("#delivery-lines", Static).update(
            "\n".join(line[2:] for line in table_lines(self.pvd))
        )
        chart = text_bars(bar_rows(self.pvd), width=width) if self.pvd["lines"] else ""
        self.query_one("#delivery-chart", Static).update("\n".join(chart.splitlines()))
        self.query_one("#delivery-notes", Static).update(notes_text(self.pvd, width))

    def palette_commands(self) -> Iterator[Command]:
        yield ("Reload", "Planned vs delivered, read again", self.reload)
