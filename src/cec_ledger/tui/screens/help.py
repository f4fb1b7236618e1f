"""The help screen (?): every key, per screen; writing keys only when they exist."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# (screen, key, what it does, writes?)
KEYS: list[tuple[str, str, str, bool]] = [
    ("Everywhere", "?", "this help", False),
    ("Everywhere", "Esc", "back to the previous screen", False),
    ("Everywhere", "Ctrl+P", "command palette", False),
    ("Everywhere", "q", "quit", False),
    ("Everywhere", "j / k, ↑ / ↓", "move", False),
    ("Engagements", "Enter", "open the engagement's timeline", False),
    ("Engagements", "t", "all engagements' events in one timeline", False),
    ("Engagements", "c", "capacity-transfer view", False),
    ("Engagements", "a", "log an event on the selected engagement", True),
    ("Engagements", "n", "open a new engagement", True),
    ("Timeline", "Enter", "event detail", False),
    ("Timeline", "f", "filter: type, recorder, occurred and recorded dates", False),
    ("Timeline", "/", "search event data (Enter applies, empty clears)", False),
    ("Timeline", "x", "clear every filter", False),
    ("Timeline", "g", "go to a date", False),
    ("Timeline", "o", "newest first / oldest first", False),
    ("Timeline", "t", "show occurred / recorded dates", False),
    ("Timeline", "r", "from a correction (✎) to the event it corrects", False),
    ("Timeline", "s", "show / hide the state panel", False),
    ("Timeline", "c", "capacity-transfer view", False),
    ("Timeline", "Home / End, G", "start / end of the log (fetched directly)", False),
    ("Timeline", "PgUp / PgDn", "a screen up / down; pages load as you go", False),
    ("Timeline", "a", "log an event", True),
    ("Timeline", "e", "correct the selected event", True),
    ("Detail", "n / p, ] / [", "next / previous event (the timeline follows)", False),
    ("Detail", "r", "go to the corrected event", False),
    ("Detail", "e", "correct this event", True),
    ("Forms", "Ctrl+S", "review, then confirm: nothing is written before", True),
]


def help_text(read_only: bool) -> str:
    lines: list[str] = []
    section = ""
    for screen, key, text, writes in KEYS:
        if writes and read_only:
            continue
        if screen != section:
            section = screen
            lines += ["", screen]
        lines.append(f"  {key:<14} {text}")
    if read_only:
        lines += ["", "Auditor mode: the ledger is open read-only; nothing can be written."]
    return "\n".join(lines).strip("\n")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
    ]

    def __init__(self, read_only: bool) -> None:
        super().__init__()
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(help_text(self.read_only), id="help-text", markup=False)

    def action_scroll_down(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_up()

    def action_close(self) -> None:
        self.dismiss(None)
