"""The first screen: every engagement with its Pathway progress, capacity and last activity,
paged by slug (``Ledger.engagements_page``) as the timeline is paged by position."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from cec_ledger.tui.format import pathway_dots, percent
from cec_ledger.tui.messages import EventRecorded
from cec_ledger.tui.widgets.footer import FittingFooter
from cec_ledger.tui.widgets.tables import ViTable, text_cell

Command = tuple[str, str, Callable[[], Any]]
# Engagements fetched per page, and how near the last row the cursor gets before the next.
PAGE = 100
PREFETCH = 20


class EngagementsScreen(Screen):
    # Each binding's id is its action in keys.toml (tui.keys.ACTIONS): rebindable.
    BINDINGS = [
        Binding("enter", "open", "Timeline", id="open_timeline"),
        Binding("c", "capacity", "Capacity", id="capacity"),
        Binding("p", "delivery", "Planned", id="delivery"),
        Binding("l", "structure", "Structure", id="structure"),
        Binding("t", "all", "All events", id="all_events"),
    ]
    # What the footer keeps when the width runs short (the rest stay in ? and the palette).
    FOOTER_PRIORITY = ("open", "log", "new", "all", "capacity", "delivery", "structure")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Engagements", classes="screen-title")
        yield ViTable(id="engagements")
        yield Static("", id="engagements-hint", classes="hint")
        yield FittingFooter()

    stale = True
    _last_slug: str | None = None
    _more = False

    def on_mount(self) -> None:
        table = self.query_one("#engagements", DataTable)
        table.add_columns("Slug", "Name", "Status", "Pathway", "Capacity", "Events", "Last")
        table.focus()

    def on_screen_resume(self) -> None:
        # Loaded when first shown, not when mounted: `tui SLUG` opens the timeline on top at
        # once, and folding every engagement first would delay its first paint.
        if self.stale:
            self.reload()

    def reload(self) -> None:
        """The first page of engagements; more are fetched as the cursor nears the end (a
        ledger of thousands of engagements paints at once and holds what was scrolled to)."""
        table = self.query_one("#engagements", DataTable)
        table.clear()
        self._last_slug = None
        self._more = True
        self._load_page()
        self.stale = False
        hint = "" if table.row_count else "No engagements yet."
        self.query_one("#engagements-hint", Static).update(hint)

    def _load_page(self) -> None:
        table = self.query_one("#engagements", DataTable)
        ledger = self.app.ledger  # type: ignore[attr-defined]
        page = ledger.engagements_page(after=self._last_slug, limit=PAGE)
        for e in page["rows"]:
            # The list's own capacity_index (a projection) when the facade gives one: the
            # fallback folds the whole engagement.
            if "capacity_index" in e:
                index = e["capacity_index"] if e["responsibilities"] else None
            else:
                index = ledger.capacity(e["slug"])["index"] if e["responsibilities"] else None
            # Names are free text: never read as markup (a "[/b]" in one stopped the app).
            table.add_row(
                text_cell(e["slug"]),
                text_cell(e["name"]),
                e["status"],
                pathway_dots(e["pathway"]),
                percent(index),
                str(e["events"]),
                e["last_occurred_on"] or "-",
                key=e["slug"],
            )
        if page["rows"]:
            self._last_slug = page["rows"][-1]["slug"]
        self._more = bool(page["more"])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#engagements", DataTable)
        if self._more and event.cursor_row >= table.row_count - PREFETCH:
            self._load_page()

    def selected(self) -> str | None:
        table = self.query_one("#engagements", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        slug = self.selected()
        if slug:
            self.app.open_timeline(slug)  # type: ignore[attr-defined]

    def action_all(self) -> None:
        self.app.open_timeline(None)  # type: ignore[attr-defined]

    def action_capacity(self) -> None:
        slug = self.selected()
        if slug:
            self.app.open_capacity(slug)  # type: ignore[attr-defined]

    def action_delivery(self) -> None:
        slug = self.selected()
        if slug:
            self.app.open_delivery(slug)  # type: ignore[attr-defined]

    def action_structure(self) -> None:
        slug = self.selected()
        if slug:
            self.app.open_structure(slug)  # type: ignore[attr-defined]

    def action_log(self) -> None:
        self.app.open_event_form(self.selected())  # type: ignore[attr-defined]

    def action_new(self) -> None:
        self.app.open_form("EngagementOpened", None)  # type: ignore[attr-defined]

    def on_event_recorded(self, message: EventRecorded) -> None:
        self.stale = True
        if self.is_current:
            self.reload()

    def palette_commands(self) -> Iterator[Command]:
        yield ("Open timeline", "The selected engagement's events", self.action_open)
        yield ("All events", "Every engagement's events in one timeline", self.action_all)
        yield ("Capacity view", "Capacity-transfer history", self.action_capacity)
        yield ("Planned vs delivered", "Per line of the services plan", self.action_delivery)
        yield ("The CEC model", "Team structure, Framework for Change", self.action_structure)
        if not self.app.read_only:  # type: ignore[attr-defined]
            yield ("Log an event", "Record an event on the selected engagement", self.action_log)
            yield ("Open an engagement", "Record a new engagement", self.action_new)


class WritableEngagementsScreen(EngagementsScreen):
    """The same screen with writing keys; read-only mode never builds it, so the keys are
    absent rather than disabled."""

    BINDINGS = [
        Binding("a", "log", "Log event", id="log_event"),
        Binding("n", "new", "New engagement", id="new_engagement"),
    ]
