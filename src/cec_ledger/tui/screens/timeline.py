"""The timeline: a paged window of events, filters, search, jumps, marks, the state panel.

Over 400 lines because it is one screen's bindings and actions (each a few lines); the
widgets it arranges live in ``tui/widgets/``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from cec_ledger.domain.errors import DomainError
from cec_ledger.facade.marks import export_marked
from cec_ledger.formats.dates import parse_date
from cec_ledger.formats.summaries import summary
from cec_ledger.tui.format import column_widths, event_ref
from cec_ledger.tui.keys import key_label
from cec_ledger.tui.messages import EventRecorded, TimelineEdge
from cec_ledger.tui.paging import Filters, TimelineWindow
from cec_ledger.tui.screens.dialogs import DateScreen, FilterScreen, PromptScreen
from cec_ledger.tui.screens.state_follow import StateFollower
from cec_ledger.tui.widgets.footer import FittingFooter
from cec_ledger.tui.widgets.state_panel import StatePanel
from cec_ledger.tui.widgets.tables import TimelineTable, text_cell

Command = tuple[str, str, Callable[[], Any]]
# Rows from the window's edge at which the next page is fetched.
PREFETCH = 3
# Narrower than this, the state panel starts hidden (s shows it): beside it, the summary
# would get about 20 columns at 80.
STATE_PANEL_MIN_WIDTH = 100
# Where the marked events go unless the user names another file.
MARKED_FILE = "marked-events.jsonl"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class TimelineScreen(StateFollower, Screen):
    BINDINGS = [
        Binding("enter", "detail", "Detail"),
        Binding("f", "filter", "Filter", id="filter"),
        Binding("slash", "search", "Search", id="search"),
        Binding("g", "goto_date", "Go to date", id="go_to_date"),
        Binding("o", "toggle_order", "Order", id="order"),
        Binding("t", "toggle_axis", "Occ/Rec", id="date_axis"),
        Binding("r", "follow", "Corrected", id="follow_correction"),
        Binding("s", "toggle_state", "State", id="state_panel"),
        Binding("c", "capacity", "Capacity", id="capacity"),
        Binding("p", "delivery", "Planned", id="delivery"),
        Binding("l", "structure", "Structure", id="structure"),
        Binding("m", "mark", "Mark", id="mark"),
        Binding("y", "copy_ids", "Copy ids", id="copy_ids"),
        Binding("w", "export_marked", "Write marked", id="export_marked"),
        Binding("M", "unmark_all", "Unmark all", show=False, id="unmark_all"),
        Binding("x", "clear_filters", "Clear", show=False, id="clear_filters"),
    ]
    # What the footer keeps when the width runs short, most wanted first (? and q always
    # stay; every key is in the help and the command palette).
    FOOTER_PRIORITY = (
        "filter",
        "search",
        "log",
        "mark",
        "goto_date",
        "toggle_state",
        "capacity",
        "delivery",
        "export_marked",
        "copy_ids",
        "correct",
        "follow",
        "toggle_axis",
        "toggle_order",
    )

    def __init__(self, ledger: Any, engagement: str | None) -> None:
        super().__init__()
        self.app_ledger = ledger
        self.engagement = engagement
        self.window = TimelineWindow(ledger, engagement)
        self.show_recorded = False
        self._rebuilding = False
        # The user's s (show or hide the state panel) wins over the width's default.
        self._panel_chosen: bool | None = None
        # Marked events by log position (their rows, in the order marked): kept across
        # pages, filters and order changes, like tagged messages in a mail reader.
        self.marked: dict[int, dict[str, Any]] = {}
        # (engagement slug, version) -> corrections of that event; fetched once per screen.
        self._corrections: dict[tuple[str, int], list[dict[str, Any]]] | None = None
        self.init_state_follower()

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="timeline-status", classes="screen-title", markup=False)
        with Horizontal(id="timeline-body"):
            yield TimelineTable(id="timeline")
            yield StatePanel(id="state")
        yield Input(placeholder="search event data, Enter to apply", id="search")
        yield Static("", id="timeline-error", classes="error", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.query_one("#state", StatePanel).display = self.panel_wanted()
        self.reload(start=True)
        self.query_one("#timeline", TimelineTable).focus()

    # ------------------------------------------------------------------ table contents
    def reload(self, *, start: bool = False, end: bool = False, at: int | None = None) -> None:
        """Refetch the window (top, bottom, or around a log position) and redraw."""
        try:
            if at is not None:
                index = self.window.load_at(at)
            elif end:
                self.window.load_end()
                index = max(0, len(self.window.rows) - 1)
            else:
                self.window.load_start()
                index = 0
        except DomainError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        self.redraw(index)

    def redraw(self, cursor: int) -> None:
        table = self.query_one("#timeline", TimelineTable)
        self._rebuilding = True
        try:
            table.clear(columns=True)
            with_slug = self.engagement is None
            refs = [
                self.mark_of(r) + event_ref(r, with_slug) + self.mark(r) for r in self.window.rows
            ]
            widths = self.column_plan(refs)
            show_type = "type" in widths
            # Explicit widths: auto-sized columns lag a frame behind a clear-and-refill.
            table.add_column("Event", key="ref", width=widths["ref"])
            table.add_column(
                "Recorded" if self.show_recorded else "Occurred", key="date", width=widths["date"]
            )
            if show_type:
                table.add_column("Type", key="type", width=widths["type"])
            table.add_column("By", key="by", width=widths["by"])
            table.add_column("Summary", key="summary", width=widths["summary"])
            for ref, row in zip(refs, self.window.rows, strict=True):
                # Free text on one line (a newline in a note must not break the row), and
                # never read as markup.
                cells = [
                    ref,
                    self.date_of(row),
                    row["type"],
                    text_cell(row["recorded_by"]),
                    text_cell(summary(row)),
                ]
                if not show_type:
                    del cells[2]
                table.add_row(*cells, key=str(row["position"]))
            if self.window.rows:
                table.move_cursor(row=min(cursor, len(self.window.rows) - 1), animate=False)
        finally:
            self._rebuilding = False
        self.update_status()
        self.update_state()

    def column_plan(self, refs: list[str]) -> dict[str, int]:
        width = self.app.size.width
        if self.query_one("#state", StatePanel).display:
            width -= min(40, int(width * 0.35)) + 1  # the panel's CSS: 35%, at most 40
        return column_widths(width, refs, self.window.rows, recorded=self.show_recorded)

    def panel_wanted(self) -> bool:
        if self._panel_chosen is not None:
            return self._panel_chosen
        return self.app.size.width >= STATE_PANEL_MIN_WIDTH

    def on_resize(self) -> None:
        self.query_one("#state", StatePanel).display = self.panel_wanted()
        self.redraw(self.query_one("#timeline", TimelineTable).cursor_row)

    def date_of(self, row: dict[str, Any]) -> str:
        return (
            str(row["recorded_at"])[:16].replace("T", " ")
            if self.show_recorded
            else row["occurred_on"]
        )

    def mark_of(self, row: dict[str, Any]) -> str:
        """'*' before a marked event's number; once anything is marked, ' ' before the others
        (so the numbers stay aligned); nothing while no event is marked."""
        if not self.marked:
            return ""
        return "*" if row["position"] in self.marked else " "

    def mark(self, row: dict[str, Any]) -> str:
        """' ✎' on corrections and on events that a later correction changed."""
        if row["type"] == "EventCorrected":
            return " ✎"
        return " ✎" if self.corrections_of(row) else ""

    def corrections_of(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        if self._corrections is None:
            # Through timeline_page (corrections only), not by folding the engagement.
            self._corrections = self.window.corrections()
        return self._corrections.get((row["engagement"], row["version"]), [])

    def update_status(self) -> None:
        w = self.window
        parts = [
            self.engagement or "all engagements",
            "newest first" if w.newest_first else "oldest first",
            "recorded dates" if self.show_recorded else "occurred dates",
        ]
        described = w.filters.describe()
        if described:
            parts.append(described)
        if self.marked:
            parts.append(f"{len(self.marked)} marked")
        if not w.rows:
            parts.append("no events match")
        if self._panel_chosen is None and not self.panel_wanted():
            keymap = getattr(self.app, "keymap", {})
            parts.append(f"{key_label('state_panel', keymap)}: state panel")
        self.query_one("#timeline-status", Static).update("  ·  ".join(parts))

    def show_error(self, text: str) -> None:
        self.query_one("#timeline-error", Static).update(text)

    def current(self) -> dict[str, Any] | None:
        table = self.query_one("#timeline", TimelineTable)
        rows = self.window.rows
        if not rows:
            return None
        return rows[min(table.cursor_row, len(rows) - 1)]

    # ------------------------------------------------------------------ paging
    @on(DataTable.RowHighlighted, "#timeline")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#timeline", TimelineTable)
        # Highlights posted while the table was being refilled arrive after it: only the
        # one matching where the cursor is now counts, or pages would ping-pong.
        if self._rebuilding or event.cursor_row != table.cursor_row:
            return
        index = event.cursor_row
        w = self.window
        # Never more than half a page, so a fetch cannot land the cursor at the other edge.
        prefetch = max(1, min(PREFETCH, w.page_size // 2))
        if index >= len(w.rows) - prefetch and w.more_after:
            dropped = w.extend_forward()
            self.redraw(index - dropped)
            return
        if index < prefetch and w.more_before:
            added = w.extend_backward()
            self.redraw(index + added)
            return
        self.update_state()

    def on_timeline_edge(self, message: TimelineEdge) -> None:
        self.reload(end=message.edge == "end", start=message.edge == "start")

    @on(DataTable.RowSelected, "#timeline")
    def selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_detail()

    # ------------------------------------------------------------------ actions
    def action_detail(self) -> None:
        row = self.current()
        if row is not None:
            self.app.open_detail(row, self.corrections_of(row), self.step)  # type: ignore[attr-defined]

    def step(self, delta: int) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """Move the cursor ``delta`` rows (paging if needed) for the detail view's n/p:
        the next event and its corrections, or None at either end of the log."""
        table = self.query_one("#timeline", TimelineTable)
        w = self.window
        target = table.cursor_row + delta
        if target >= len(w.rows) and w.more_after:
            dropped = w.extend_forward()
            target -= dropped
            self.redraw(table.cursor_row - dropped)
        elif target < 0 and w.more_before:
            added = w.extend_backward()
            target += added
            self.redraw(table.cursor_row + added)
        if not 0 <= target < len(w.rows):
            return None
        table.move_cursor(row=target, animate=False)
        row = w.rows[target]
        return row, self.corrections_of(row)

    def action_toggle_order(self) -> None:
        self.window.newest_first = not self.window.newest_first
        self.reload()

    def action_toggle_axis(self) -> None:
        # Like tig's author date vs commit date: the same rows, the other time axis.
        self.show_recorded = not self.show_recorded
        self.redraw(self.query_one("#timeline", TimelineTable).cursor_row)

    def action_toggle_state(self) -> None:
        panel = self.query_one("#state", StatePanel)
        self._panel_chosen = not panel.display
        panel.display = self._panel_chosen
        self.redraw(self.query_one("#timeline", TimelineTable).cursor_row)

    # ------------------------------------------------------------------ marks
    def action_mark(self) -> None:
        """Mark the event under the cursor, or unmark it."""
        row = self.current()
        if row is None:
            return
        if self.marked.pop(row["position"], None) is None:
            self.marked[row["position"]] = row
        self.redraw(self.query_one("#timeline", TimelineTable).cursor_row)

    def action_unmark_all(self) -> None:
        if self.marked:
            self.marked.clear()
            self.redraw(self.query_one("#timeline", TimelineTable).cursor_row)

    def marked_rows(self) -> list[dict[str, Any]]:
        """The marked events in log order; none marked: the event under the cursor."""
        if self.marked:
            return [self.marked[p] for p in sorted(self.marked)]
        row = self.current()
        return [row] if row is not None else []

    def action_copy_ids(self) -> None:
        """Copy the marked events' ids (the cursor's when none is marked), one a line."""
        rows = self.marked_rows()
        if not rows:
            return
        self.app.copy_to_clipboard("\n".join(row["id"] for row in rows))
        refs = ", ".join(f"{r['engagement']}#{r['version']}" for r in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        self.notify(f"Copied {plural(len(rows), 'event id')}: {refs}{more}")

    def action_export_marked(self) -> None:
        if not self.marked:
            keymap = getattr(self.app, "keymap", {})
            self.notify(
                f"No event is marked: {key_label('mark', keymap)} marks the one under the cursor",
                severity="warning",
            )
            return
        count = plural(len(self.marked), "marked event")
        self.app.push_screen(
            PromptScreen(f"Write {count} as JSONL to", MARKED_FILE, "a new file"),
            self.export_marked,
        )

    def export_marked(self, target: str | None) -> None:
        if not target:
            return
        try:
            written = export_marked(self.app_ledger, self.marked, target)
        except DomainError as error:
            self.notify(str(error), severity="error")
            return
        except OSError as error:
            self.notify(f"cannot write {target}: {error.strerror or error}", severity="error")
            return
        self.notify(f"Wrote {plural(written, 'event')} to {target}")

    def action_capacity(self) -> None:
        row = self.current()
        slug = self.engagement or (row["engagement"] if row else None)
        if slug:
            self.app.open_capacity(slug)  # type: ignore[attr-defined]

    def action_delivery(self) -> None:
        row = self.current()
        slug = self.engagement or (row["engagement"] if row else None)
        if slug:
            self.app.open_delivery(slug)  # type: ignore[attr-defined]

    def action_structure(self) -> None:
        row = self.current()
        slug = self.engagement or (row["engagement"] if row else None)
        if slug:
            self.app.open_structure(slug)  # type: ignore[attr-defined]

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = self.window.filters.text or ""
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.apply_filters(self.window.filters.with_(text=event.value.strip() or None))
        self.query_one("#timeline", TimelineTable).focus()

    def action_filter(self) -> None:
        self.app.push_screen(FilterScreen(self.window.filters), self.apply_filters)

    def action_clear_filters(self) -> None:
        self.apply_filters(Filters())

    def apply_filters(self, filters: Filters | None) -> None:
        if filters is None:
            return
        self.window.filters = filters
        self.reload()

    def action_goto_date(self) -> None:
        axis = "recorded" if self.show_recorded else "occurred"
        self.app.push_screen(DateScreen(f"Go to {axis} date (YYYY-MM-DD)"), self.goto_date)

    def goto_date(self, day: str | None) -> None:
        if not day:
            return
        try:
            iso = parse_date(day, today=self.app_ledger.today(), what="date").isoformat()
            position = self.window.position_of_date(iso, recorded=self.show_recorded)
        except DomainError as error:
            self.show_error(str(error))
            return
        if position is None:
            self.show_error(f"no event on that side of {iso}")
            return
        self.reload(at=position)

    def action_follow(self) -> None:
        """From a correction, jump to the event it corrects (tig: from a line to its commit)."""
        row = self.current()
        if row is None or row["type"] != "EventCorrected":
            self.show_error("not a correction: r jumps from a correction to what it corrects")
            return
        self.jump_to_version(
            row["engagement"],
            row["data"]["corrects_version"],
            row["data"]["corrects_type"],
            row["position"],
        )

    def jump_to_version(self, slug: str, version: int, event_type: str, before: int) -> None:
        position = self.window.position_of_version(slug, version, event_type, before)
        if position is None:
            self.show_error(f"{slug}#{version} is not in this timeline")
            return
        index = self.window.index_of(position)
        if index is None:
            self.window.filters = Filters()  # the target may be filtered out: show it anyway
            self.reload(at=position)
            index = self.window.index_of(position) or 0
        self.query_one("#timeline", TimelineTable).move_cursor(row=index)
        self.show_error("")

    def on_event_recorded(self, message: EventRecorded) -> None:
        self._corrections = None  # a new correction may mark an older event
        # The new event is the newest: show the end of the log (the top when newest first).
        self.reload(start=self.window.newest_first, end=not self.window.newest_first)

    def palette_commands(self) -> Iterator[Command]:
        yield ("Filter events", "By type, recorder, occurred or recorded dates", self.action_filter)
        yield ("Search", "Events whose data mention a text", self.action_search)
        yield ("Go to date", "Jump to the first event on a date", self.action_goto_date)
        yield ("Toggle order", "Newest first / oldest first", self.action_toggle_order)
        yield ("Toggle date axis", "Occurred dates / recorded dates", self.action_toggle_axis)
        yield (
            "Go to corrected event",
            "From a correction to the event it corrects",
            self.action_follow,
        )
        yield (
            "Toggle state panel",
            "The engagement just after the selected event",
            self.action_toggle_state,
        )
        yield ("Capacity view", "Capacity-transfer history", self.action_capacity)
        yield ("Planned vs delivered", "Per line of the services plan", self.action_delivery)
        yield (
            "The CEC model",
            "Team structure, Framework for Change coverage, goals",
            self.action_structure,
        )
        yield ("Clear filters", "Show every event", self.action_clear_filters)
        yield ("Mark / unmark event", "Mark the event under the cursor", self.action_mark)
        yield ("Unmark all", "Clear every mark", self.action_unmark_all)
        yield ("Copy ids", "The marked events' ids (or the cursor's)", self.action_copy_ids)
        yield (
            "Write marked events",
            "The marked events as JSONL, as export writes them",
            self.action_export_marked,
        )
        if not self.app.read_only:  # type: ignore[attr-defined]
            yield ("Log an event", "Record a new event", self.action_log)
            yield (
                "Correct this event",
                "Record a correction of the selected event",
                self.action_correct,
            )

    # Writing actions exist only on the writable subclass's bindings, but the palette and
    # the subclass share these bodies.
    def action_log(self) -> None:
        row = self.current()
        self.app.open_event_form(self.engagement or (row["engagement"] if row else None))  # type: ignore[attr-defined]

    def action_correct(self) -> None:
        row = self.current()
        if self.app.read_only or row is None:  # type: ignore[attr-defined]
            return
        self.app.open_correction_form(row)  # type: ignore[attr-defined]


class WritableTimelineScreen(TimelineScreen):
    BINDINGS = [
        Binding("a", "log", "Log event", id="log_event"),
        Binding("e", "correct", "Correct", id="correct"),
    ]


def timeline_screen(ledger: Any, engagement: str | None) -> TimelineScreen:
    """Read-only mode gets the class without writing keys: absent, not just disabled."""
    cls = TimelineScreen if ledger.read_only else WritableTimelineScreen
    return cls(ledger, engagement)
