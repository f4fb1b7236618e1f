"""The capacity-transfer view: the index over time as a chart, then the responsibilities, then
the history of the one under the cursor (below it, never beside: a row of one table must not
look paired with a row of the other)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from cec_ledger.rendering.text import one_line, percent
from cec_ledger.tui.format import release_label
from cec_ledger.tui.messages import EventRecorded
from cec_ledger.tui.widgets.footer import FittingFooter
from cec_ledger.tui.widgets.tables import ViTable, fit_widths

Command = tuple[str, str, Callable[[], Any]]
# One marker per series, so the lines stay apart with NO_COLOR (colour is a bonus): the
# engagement's index first, then each team's in turn.
ENGAGEMENT_MARKER = "●"
TEAM_MARKERS = ("+", "x", "o", "*", "#", "@", "%", "&", "=", "~")
# Terminals at least this tall show the chart's title (what 0% and 100% mean).
TITLED_CHART_HEIGHT = 30


def steps(points: list[dict[str, Any]], until: str | None = None) -> tuple[list[str], list[float]]:
    """The curve as steps: the index holds until the next change (no slope in between), and
    after the last change until ``until`` (a team's line runs to the end of the chart)."""
    dates: list[str] = []
    values: list[float] = []
    for point in points:
        value = float(point["index"]) * 100
        if values:
            dates.append(point["on"])
            values.append(values[-1])
        dates.append(point["on"])
        values.append(value)
    if values and until and until > dates[-1]:
        dates.append(until)
        values.append(values[-1])
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
        yield Static("Responsibilities now", classes="table-title")
        yield ViTable(id="responsibilities")
        yield Static("", id="history-title", classes="table-title", markup=False)
        yield ViTable(id="history")
        yield FittingFooter()

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
        rows = [
            (
                one_line(r["responsibility"]),
                one_line(r["team_id"] or "-"),
                release_label(r["release_level"]),
                one_line(r["holder"]),
                str(len(r["history"])),
            )
            for r in d["responsibilities"]
        ]
        self.fill(
            self.query_one("#responsibilities", DataTable),
            ("Responsibility", "Team", "Level", "Holder", "Moves"),
            rows,
            flexible=(0, 2, 3),
            keys=[r["responsibility"] for r in d["responsibilities"]],
        )
        self.show_history(0)

    def fill(
        self,
        table: DataTable,
        headers: tuple[str, ...],
        rows: list[tuple[str, ...]],
        *,
        flexible: tuple[int, ...],
        keys: list[str] | None = None,
    ) -> None:
        """Refill ``table`` with widths that fit the screen: long text (a responsibility, a
        holder) wraps onto more lines rather than being cut at the edge."""
        natural = [max(len(h), *(len(row[n]) for row in rows)) for n, h in enumerate(headers)]
        # Wrapped text breaks between words: a column is never narrower than its longest.
        words = [
            max(len(h), *(len(word) for row in rows for word in row[n].split()))
            for n, h in enumerate(headers)
        ]
        # The table's vertical scrollbar and the screen's edge.
        widths = fit_widths(self.app.size.width - 4, natural, flexible, words)
        wraps = widths != natural
        table.clear(columns=True)
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, width=width)
        for n, row in enumerate(rows):
            table.add_row(
                *(Text(cell) for cell in row),
                height=None if wraps else 1,
                key=keys[n] if keys else None,
            )

    def draw_chart(self) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#capacity-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.date_form("Y-m-d")
        if self.app.size.height >= TITLED_CHART_HEIGHT:  # at 24 lines the plot needs the row
            plt.title("Capacity index (0% consultant-led → 100% district-independent)")
        curve = self.data["curve"]
        if curve:
            end = curve[-1]["on"]
            # Teams first, the engagement last: where lines meet, the engagement's stays seen.
            if len(self.data["teams"]) > 1:
                for n, (team, points) in enumerate(sorted(self.data["teams"].items())):
                    marker = TEAM_MARKERS[n % len(TEAM_MARKERS)]
                    plt.plot(*steps(points, end), label=team, marker=marker)
            plt.plot(*steps(curve), label="engagement", marker=ENGAGEMENT_MARKER)
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        plot.refresh()

    def show_history(self, index: int) -> None:
        table = self.query_one("#history", DataTable)
        title = self.query_one("#history-title", Static)
        headers = ("On", "Level", "Holder", "Team")
        responsibilities = self.data["responsibilities"]
        if not responsibilities:
            table.clear(columns=True)
            table.add_columns(*headers)
            title.update("History")
            return
        r = responsibilities[min(index, len(responsibilities) - 1)]
        # Named, so the history is never read as belonging to another row.
        title.update(f"History of '{one_line(r['responsibility'])}'")
        rows = [
            (
                entry["on"],
                release_label(entry["release_level"]),
                one_line(entry["holder"]),
                one_line(entry["team_id"] or "-"),
            )
            for entry in r["history"]
        ]
        self.fill(table, headers, rows, flexible=(1, 2))

    @on(DataTable.RowHighlighted, "#responsibilities")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_history(event.cursor_row)

    def on_event_recorded(self, message: EventRecorded) -> None:
        if message.row["engagement"] == self.engagement:
            self.reload()

    def palette_commands(self) -> Iterator[Command]:
        yield ("Refresh capacity", "Recompute the capacity-transfer history", self.reload)
