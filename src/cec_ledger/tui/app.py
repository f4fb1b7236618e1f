"""The app shell: screens are pushed on a stack (Escape goes back), commands and help."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from cec_ledger.tui.keys import keys_path, load_keymap
from cec_ledger.tui.messages import EventRecorded
from cec_ledger.tui.screens.capacity import CapacityScreen
from cec_ledger.tui.screens.checks import ChecksScreen
from cec_ledger.tui.screens.detail import detail_screen
from cec_ledger.tui.screens.diagnosis import DiagnosisFormScreen
from cec_ledger.tui.screens.engagements import EngagementsScreen, WritableEngagementsScreen
from cec_ledger.tui.screens.forms import CorrectionFormScreen, EventFormScreen, EventTypeScreen
from cec_ledger.tui.screens.help import HelpScreen
from cec_ledger.tui.screens.timeline import timeline_screen
from cec_ledger.tui.widgets.delivery import DeliveryScreen
from cec_ledger.tui.widgets.structure import StructureScreen


class CecLedgerApp(App[None]):
    """Browse and log engagement events. Build it with :func:`build_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "cec-ledger"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("exclamation_mark", "checks", "Checks", show=False, id="checks"),
        Binding("escape", "back", "Back", show=False),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    # Seconds the cursor must rest before the state panel folds the engagement (tests: 0,
    # which updates it at once).
    state_delay: float = 0.12

    def __init__(
        self, ledger: Any, engagement: str | None = None, *, keys_file: Path | None = None
    ) -> None:
        super().__init__()
        self.ledger = ledger
        self.read_only: bool = bool(ledger.read_only)
        self.start_engagement = engagement
        # The ledger path would make screenshots machine-dependent; the mode is what matters.
        self.sub_title = "auditor mode: read-only" if self.read_only else ""
        # The user's rebound keys (action id -> keys), from keys.toml; empty: the defaults.
        self.keys_file = keys_file if keys_file is not None else keys_path()
        self.keymap: dict[str, str] = {}

    def on_mount(self) -> None:
        keymap, notice = load_keymap(self.keys_file)
        if keymap:
            self.keymap = keymap
            self.set_keymap(keymap)
        if notice:
            severity = "warning" if keymap else "error"  # a clash, or a file ignored
            self.notify(notice, title="Keys", severity=severity, timeout=20)
        self.push_screen(EngagementsScreen() if self.read_only else WritableEngagementsScreen())
        if self.start_engagement:
            self.open_timeline(self.start_engagement)

    # ------------------------------------------------------------------ navigation
    # Screens never import or push each other: they ask the app, which owns the navigation.
    def open_timeline(self, engagement: str | None) -> None:
        self.push_screen(timeline_screen(self.ledger, engagement))

    def open_capacity(self, engagement: str) -> None:
        self.push_screen(CapacityScreen(engagement))

    def open_delivery(self, engagement: str) -> None:
        self.push_screen(DeliveryScreen(engagement))

    def open_structure(self, engagement: str) -> None:
        self.push_screen(StructureScreen(engagement))

    def action_checks(self) -> None:
        if not isinstance(self.screen, ChecksScreen):
            self.push_screen(ChecksScreen())

    async def open_event(self, engagement: str, version: int, event_type: str) -> None:
        """An engagement's timeline with the cursor on its event #version (from a finding)."""
        screen = timeline_screen(self.ledger, engagement)
        await self.push_screen(screen)
        screen.jump_to_version(engagement, version, event_type, self.ledger.event_count() + 1)

    def open_event_form(self, engagement: str | None) -> None:
        if self.read_only:  # defence in depth: no binding or command leads here read-only
            return
        self.push_screen(EventTypeScreen(engagement))

    def open_form(self, event_type: str, engagement: str | None) -> None:
        """The form for one event type (a diagnosis gets its framework's own form)."""
        if self.read_only:
            return
        if event_type == "NeedsDiagnosed":
            self.push_screen(DiagnosisFormScreen(str(engagement)))
        else:
            self.push_screen(EventFormScreen(event_type, engagement))

    def open_correction_form(self, row: dict[str, Any]) -> None:
        if self.read_only:
            return
        self.push_screen(CorrectionFormScreen(row))

    def open_detail(
        self,
        row: dict[str, Any],
        corrected_by: list[dict[str, Any]],
        stepper: Callable[[int], Any] | None,
    ) -> None:
        screen = detail_screen(row, corrected_by, read_only=self.read_only)
        screen.stepper = stepper
        self.push_screen(screen)

    def follow_correction(self, row: dict[str, Any]) -> None:
        """From a correction's detail back to the timeline, on the event it corrects."""
        self.pop_screen()
        jump = getattr(self.screen, "jump_to_version", None)
        if jump is not None:
            data = row["data"]
            jump(
                row["engagement"], data["corrects_version"], data["corrects_type"], row["position"]
            )

    def action_back(self) -> None:
        # The first screen is the engagement list: Escape never leaves the app by accident.
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(read_only=self.read_only, keymap=self.keymap))

    # ------------------------------------------------------------------ events
    def event_recorded(self, row: dict[str, Any]) -> None:
        """Tell every screen on the stack, so edits show without a manual refresh."""
        for screen in self.screen_stack:
            screen.post_message(EventRecorded(row))

    def screen_text(self) -> str:
        """The screen as plain text (what export_screenshot draws, without styles): for tests
        at a given size and for the text screenshots in docs/tui.md."""
        width, height = self.size
        console = Console(
            width=width,
            height=height,
            file=io.StringIO(),
            record=True,
            color_system=None,
            legacy_windows=False,
            safe_box=False,
        )
        # Same private call as App.export_screenshot: the compositor holds the final frame.
        console.print(
            self.screen._compositor.render_update(full=True, screen_stack=self._background_screens)
        )
        return console.export_text()

    # ------------------------------------------------------------------ command palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys and screens", "Show every key binding", self.action_help)
        yield SystemCommand(
            "Checks", "Run the integrity checks: findings by engagement", self.action_checks
        )
        provider = getattr(screen, "palette_commands", None)
        if provider is not None:
            for title, help_text, callback in provider():
                yield SystemCommand(title, help_text, callback)


def build_app(
    ledger: Any, engagement: str | None = None, *, keys_file: Path | None = None
) -> CecLedgerApp:
    """The TUI on an open :class:`~cec_ledger.facade.ledger.Ledger`; ``engagement`` opens its
    timeline at once. Read-only mode follows ``ledger.read_only``. ``keys_file`` rebinds
    keys (default: ``keys.toml`` in the user config directory, see ``tui.keys``)."""
    return CecLedgerApp(ledger, engagement, keys_file=keys_file)
