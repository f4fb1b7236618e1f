"""The capacity-transfer view: the index over time as a chart, responsibilities as tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from cec_ledger.tui.format import percent, release_label
from cec_ledger.tui.messages import EventRecorded
from cec_ledger.tui.widgets.tables import ViTable

Command = tuple[str, str, Callable[[], Any]]


def steps(points: list[dict[str, Any]]) -> tuple[list[str], list[float]]:
    """The curve as steps: the index holds until the next change (no slope in between)."""
    dates: list[str] = []
    values: list[float] = []
    for point in points:
        value = float(point["index"]) * 100
        if values:
            dates.append(point["on"])
            values.append(values[-1])
        dates.append(point["on"])
        values.append(value)
    return dates, values


class CapacityScreen(Screen):
    BINDINGS = [Binding("tab", "focus_next", "Next table", show=False)]

    def __init__(self, engagement: str) -> None:
        super().__init__()
        self.engagement = engagement
        self.data: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        yield Static("", id="capacity-title", classes="screen-title", markup=False)
        yield PlotextPlot(id="capacity-chart")
        with Horizontal(id="capacity-tables"):
            with Vertical():
                yield Static("Responsibilities now", classes="section")
                yield ViTable(id="responsibilities")
            with Vertical():
                yield Static("History of the selected one", classes="section")
                yield ViTable(id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#responsibilities", DataTable).focus()

    def reload(self) -> None:
        self.data = self.app.ledger.capacity(self.engagement)  # type: ignore[attr-defined]
        d = self.data
        self.query_one("#capacity-title", Static).update(
            f"{self.engagement} · capacity index {percent(d['index'])} · "
            f"district-led {percent(d['district_led_share'])} · "
            f"{len(d['responsibilities'])} responsibilities"
        )
        self.draw_chart()
        table = self.query_one("#responsibilities", DataTable)
        table.clear(columns=True)
        table.add_columns("Responsibility", "Team", "Level", "Holder", "Moves")
        for r in d["responsibilities"]:
            table.add_row(
                r["responsibility"],
                r["team_id"] or "-",
                release_label(r["release_level"]),
                r["holder"],
                str(len(r["history"])),
                key=r["responsibility"],
            )
        self.show_history(0)

    def draw_chart(self) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#capacity-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.date_form("Y-m-d")
        plt.title("Capacity index (0% consultant-led → 100% district-independent)")
        curve = self.data["curve"]
        if curve:
            plt.plot(*steps(curve), label="engagement", marker="braille")
            if len(self.data["teams"]) > 1:
                for team, points in sorted(self.data["teams"].items()):
                    plt.plot(*steps(points), label=team, marker="braille")
        plt.ylim(0, 100)
        plot.refresh()

    def show_history(self, index: int) -> None:
        table = self.query_one("#history", DataTable)
        table.clear(columns=True)
        table.add_columns("On", "Level", "Holder", "Team")
        responsibilities = self.data["responsibilities"]
        if not responsibilities:
            return
        r = responsibilities[min(index, len(responsibilities) - 1)]
        for entry in r["history"]:
            table.add_row(
                entry["on"],
                release_label(entry["release_level"]),
                entry["holder"],
                entry["team_id"] or "-",
            )

    @on(DataTable.RowHighlighted, "#responsibilities")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_history(event.cursor_row)

    def on_event_recorded(self, message: EventRecorded) -> None:
        if message.row["engagement"] == self.engagement:
            self.reload()

    def palette_commands(self) -> Iterator[Command]:
        yield ("Refresh capacity", "Recompute the capacity-transfer history", self.reload)
