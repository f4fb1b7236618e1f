"""Small modal dialogs: timeline filters, a date prompt and a one-line text prompt."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static

from cec_ledger.domain.errors import DomainError
from cec_ledger.domain.events import EVENT_TYPES
from cec_ledger.formats.dates import parse_date
from cec_ledger.tui.paging import Filters


def types_line(types: Iterable[str]) -> str:
    chosen = list(types)
    return "showing: " + (", ".join(chosen) if chosen else "every type")


class FilterScreen(ModalScreen[Filters | None]):
    """Event type, recorder, occurred and recorded date ranges. Enter applies, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Apply")]

    def __init__(self, filters: Filters) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        f = self.filters
        # Scrolls: at 80×24 the whole dialog does not fit.
        with VerticalScroll(classes="dialog"):
            yield Static(
                "Filter the timeline   (Ctrl+S applies, Esc cancels)", classes="dialog-title"
            )
            yield Label("Event types (space toggles; none: every type)")
            yield SelectionList[str](
                *[(name, name, name in f.types) for name in EVENT_TYPES], id="filter-type"
            )
            # The list marks choices by colour only; this line says them in words (NO_COLOR).
            yield Static(types_line(f.types), id="filter-types-chosen", markup=False)
            yield Label("Recorded by")
            yield Input(f.actor or "", placeholder="anyone", id="filter-actor")
            yield Label("Occurred from .. to")
            with Horizontal(classes="pair"):
                yield Input(f.since or "", placeholder="YYYY-MM-DD", id="filter-since")
                yield Input(f.until or "", placeholder="YYYY-MM-DD", id="filter-until")
            yield Label("Recorded from .. to")
            with Horizontal(classes="pair"):
                yield Input(f.recorded_since or "", placeholder="YYYY-MM-DD", id="filter-rsince")
                yield Input(f.recorded_until or "", placeholder="YYYY-MM-DD", id="filter-runtil")
            yield Static("", id="filter-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        # The first label says "space toggles": the list it speaks of has the focus, so Space
        # works at once (Tab still moves on to the other fields).
        self.query_one("#filter-type", SelectionList).focus()

    @on(SelectionList.SelectedChanged, "#filter-type")
    def types_changed(self, event: SelectionList.SelectedChanged) -> None:
        chosen = [name for name in EVENT_TYPES if name in event.selection_list.selected]
        self.query_one("#filter-types-chosen", Static).update(types_line(chosen))

    def _value(self, widget_id: str) -> str | None:
        return self.query_one(widget_id, Input).value.strip() or None

    def _date(self, widget_id: str, what: str) -> str | None:
        text = self._value(widget_id)
        if text is None:
            return None
        ledger = self.app.ledger  # type: ignore[attr-defined]
        return parse_date(text, today=ledger.today(), what=what).isoformat()

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        selected = self.query_one("#filter-type", SelectionList).selected
        try:
            filters = Filters(
                types=tuple(name for name in EVENT_TYPES if name in selected),
                actor=self._value("#filter-actor"),
                since=self._date("#filter-since", "occurred from"),
                until=self._date("#filter-until", "occurred to"),
                text=self.filters.text,
                recorded_since=self._date("#filter-rsince", "recorded from"),
                recorded_until=self._date("#filter-runtil", "recorded to"),
            )
        except DomainError as error:
            self.query_one("#filter-error", Static).update(str(error))
            return
        self.dismiss(filters)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class DateScreen(ModalScreen[str | None]):
    """Ask for one date (any form ``parse_date`` reads: 2025-09-02, 'last tuesday'...)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.prompt, classes="dialog-title", markup=False)
            yield Input(placeholder="YYYY-MM-DD", id="date-input")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (a file name...), pre-filled; Enter gives it, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.prompt, classes="dialog-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
