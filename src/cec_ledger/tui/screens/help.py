"""The help screen (?): every key, per screen; writing keys only when they exist."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cec_ledger.tui.keys import key_label

# (screen, action id or None, key, what it does, writes?). An action id shows the key the
# user's keys.toml gives it (tui.keys); None: a key that is not rebindable.
KEYS: list[tuple[str, str | None, str, str, bool]] = [
    ("Everywhere", "help", "?", "this help", False),
    ("Everywhere", None, "Esc", "back to the previous screen", False),
    ("Everywhere", None, "Ctrl+P", "command palette", False),
    ("Everywhere", "quit", "q", "quit", False),
    ("Everywhere", "down", "j", "move down (or ↓)", False),
    ("Everywhere", "up", "k", "move up (or ↑)", False),
    ("Engagements", "open_timeline", "Enter", "open the engagement's timeline", False),
    ("Engagements", "all_events", "t", "all engagements' events in one timeline", False),
    ("Engagements", "capacity", "c", "capacity-transfer view", False),
    ("Engagements", "log_event", "a", "log an event on the selected engagement", True),
    ("Engagements", "new_engagement", "n", "open a new engagement", True),
    ("Timeline", None, "Enter", "event detail", False),
    ("Timeline", "filter", "f", "filter: type, recorder, occurred and recorded dates", False),
    ("Timeline", "search", "/", "search event data (Enter applies, empty clears)", False),
    ("Timeline", "clear_filters", "x", "clear every filter", False),
    ("Timeline", "go_to_date", "g", "go to a date", False),
    ("Timeline", "order", "o", "newest first / oldest first", False),
    ("Timeline", "date_axis", "t", "show occurred / recorded dates", False),
    ("Timeline", "follow_correction", "r", "from a correction (✎) to the event it corrects", False),
    ("Timeline", "state_panel", "s", "show / hide the state panel", False),
    ("Timeline", "capacity", "c", "capacity-transfer view", False),
    ("Timeline", "mark", "m", "mark / unmark the event (* in the Event column)", False),
    ("Timeline", "unmark_all", "M", "clear every mark", False),
    ("Timeline", "copy_ids", "y", "copy the marked events' ids (else the cursor's)", False),
    ("Timeline", "export_marked", "w", "write the marked events to a JSONL file", False),
    ("Timeline", None, "Home / End", "start / end of the log (fetched directly)", False),
    ("Timeline", "last_page", "G", "end of the log", False),
    ("Timeline", None, "PgUp / PgDn", "a screen up / down; pages load as you go", False),
    ("Timeline", "log_event", "a", "log an event", True),
    ("Timeline", "correct", "e", "correct the selected event", True),
    ("Detail", "next_event", "n / ]", "next event (the timeline follows)", False),
    ("Detail", "previous_event", "p / [", "previous event", False),
    ("Detail", "raw_json", "v", "the raw event as JSON / back to the record", False),
    ("Detail", "follow_correction", "r", "go to the corrected event", False),
    ("Detail", "correct", "e", "correct this event", True),
    ("Forms", None, "Ctrl+S", "review, then confirm: nothing is written before", True),
    ("Checks", "checks", "!", "from anywhere: the checks' findings, by engagement", False),
    ("Checks", None, "Enter", "the engagement's timeline, on the event named", False),
    ("Checks", None, "r", "run the checks again", False),
]


def help_text(read_only: bool, keymap: dict[str, str] | None = None) -> str:
    keymap = keymap or {}
    lines: list[str] = []
    section = ""
    for screen, action, key, text, writes in KEYS:
        if writes and read_only:
            continue
        if screen != section:
            section = screen
            lines += ["", screen]
        shown = key_label(action, keymap) if action and action in keymap else key
        lines.append(f"  {shown:<14} {text}")
    if read_only:
        lines += ["", "Auditor mode: the ledger is open read-only; nothing can be written."]
    lines += ["", "Keys can be rebound in keys.toml (see docs/tui.md, 'Rebinding keys')."]
    return "\n".join(lines).strip("\n")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j", "scroll_down", show=False, id="down"),
        Binding("k", "scroll_up", show=False, id="up"),
    ]

    def __init__(self, read_only: bool, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.read_only = read_only
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(help_text(self.read_only, self.keymap), id="help-text", markup=False)

    def action_scroll_down(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_up()

    def action_close(self) -> None:
        self.dismiss(None)
