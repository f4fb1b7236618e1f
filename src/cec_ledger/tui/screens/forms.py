"""Logging events: pick a type, fill a form generated from the event class, review, confirm.

Nothing is written before the confirmation; a domain error keeps the form open with the
message beside it (and nothing written). On success every screen refreshes (EventRecorded).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from cec_ledger.domain.errors import DomainError
from cec_ledger.domain.events import EVENT_TYPES, payload_fields
from cec_ledger.tui.widgets.fields import (
    SYSTEM_FIELDS,
    hints_of,
    make_widget,
    optional,
    read_value,
)

# Started elsewhere: opening from the engagement list, corrections from an event's detail.
NOT_IN_PICKER = ("EngagementOpened", "EventCorrected")


def first_line(cls: type) -> str:
    return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""


class EventTypeScreen(ModalScreen[None]):
    """Choose what to log on an engagement."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
    ]

    def __init__(self, engagement: str | None) -> None:
        super().__init__()
        self.engagement = engagement

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Log an event on {self.engagement or '…'}", classes="dialog-title")
            names = [n for n in EVENT_TYPES if n not in NOT_IN_PICKER] if self.engagement else []
            if not names:
                yield Static("Select an engagement first (or n: open a new engagement).")
            yield OptionList(
                *[Option(f"{n}  {first_line(EVENT_TYPES[n])}", id=n) for n in names],
                id="event-types",
            )

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event_type = str(event.option.id)
        self.dismiss(None)
        self.app.open_form(event_type, self.engagement)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """The confirmation step: what will be written, y to write, n/Esc to go back."""

    BINDINGS = [
        Binding("y", "yes", "Write it"),
        Binding("n,escape", "no", "Back to the form"),
    ]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static("\n".join(self.lines), markup=False)
            yield Static(
                "Events are never changed or deleted afterwards; a mistake takes a correction.",
                classes="field-hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Write (y)", variant="primary", id="yes")
                yield Button("Back (n)", id="no")

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


class FormScreen(Screen):
    """Shared form machinery: field rows, inline error, review → confirm → write."""

    BINDINGS = [
        Binding("ctrl+s", "review", "Review & write"),
        Binding("escape", "cancel", "Cancel"),
    ]
    heading = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.heading, classes="screen-title", markup=False)
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            yield from self.form_rows()
            with Horizontal(classes="buttons"):
                yield Button("Review (Ctrl+S)", variant="primary", id="review")
                yield Button("Cancel (Esc)", id="cancel")
        yield Footer()

    def form_rows(self) -> ComposeResult:
        yield from ()

    def field_row(self, label: str, widget: Widget, hint: str = "") -> ComposeResult:
        yield Label(label, classes="field-label")
        yield widget
        if hint:
            yield Static(hint, classes="field-hint", markup=False)

    def on_mount(self) -> None:
        fields = self.query("#form Input, #form Select")
        if fields:
            fields.first().focus()

    def show_error(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)

    @property
    def error_text(self) -> str:
        return str(self.query_one("#form-error", Static).render())

    # Subclasses: collect() -> (title, lines) or raise DomainError; write() -> event row.
    def collect(self) -> tuple[str, list[str]]:
        raise NotImplementedError

    def write(self) -> dict[str, Any]:
        raise NotImplementedError

    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        try:
            title, lines = self.collect()
        except DomainError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        self.app.push_screen(ConfirmScreen(title, lines), self.confirmed)

    def confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        try:
            row = self.write()
        except DomainError as error:
            self.show_error(str(error))  # nothing was written: the facade checks first
            return
        self.app.pop_screen()
        self.app.notify(f"Recorded {row['engagement']}#{row['version']} ({row['type']})")
        self.app.event_recorded(row)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.app.pop_screen()


class EventFormScreen(FormScreen):
    """A form for any event type, generated from its class."""

    def __init__(self, event_type: str, engagement: str | None) -> None:
        super().__init__()
        self.event_type = event_type
        self.engagement = engagement
        self.names = [n for n in payload_fields(event_type) if n not in SYSTEM_FIELDS]
        self.heading = f"{event_type} on {engagement}" if engagement else event_type
        self.fields: dict[str, Any] = {}

    def form_rows(self) -> ComposeResult:
        yield Static(first_line(EVENT_TYPES[self.event_type]), classes="field-hint")
        for name in self.names:
            widget = self.team_choice(name) or make_widget(self.event_type, name, f"field-{name}")
            yield from self.field_row(name.replace("_", " "), widget)

    def team_choice(self, name: str) -> Select | None:
        """The engagement's active teams as choices where an event refers to a team (not
        where one is formed: a new team needs a new id)."""
        if name != "team_id" or self.event_type == "TeamFormed" or not self.engagement:
            return None
        state = self.app.ledger.engagement(self.engagement)  # type: ignore[attr-defined]
        teams = [t for t in state["teams"] if t.get("active", True)]
        if not teams:
            return None
        hint = hints_of(self.event_type)["team_id"]
        return Select(
            [(f"{t['team_id']} — {t['name']}", t["team_id"]) for t in teams],
            prompt="(none)" if optional(hint) else "choose a team",
            id="field-team_id",
        )

    def read(self) -> dict[str, Any]:
        hints = hints_of(self.event_type)
        fields = {}
        for name in self.names:
            value = read_value(self.query_one(f"#field-{name}"), name, hints[name])
            if value is not None:
                fields[name] = value
        return fields

    def collect(self) -> tuple[str, list[str]]:
        self.fields = self.read()
        ledger = self.app.ledger  # type: ignore[attr-defined]
        ledger.prepare(self.event_type, self.fields)  # types and dates, before any write
        lines = [f"{name}: {self.fields.get(name, '(blank)')}" for name in self.names]
        return f"Record {self.event_type}?", lines

    def write(self) -> dict[str, Any]:
        ledger = self.app.ledger  # type: ignore[attr-defined]
        return ledger.record(self.engagement or "", self.event_type, **self.fields)


class CorrectionFormScreen(FormScreen):
    """Correct an event: its correctable fields pre-filled; only changed ones are sent."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__()
        self.row = row
        cls = EVENT_TYPES[row["type"]]
        self.names = [
            n
            for n in payload_fields(row["type"])
            if n not in cls.identity_fields and n not in SYSTEM_FIELDS
        ]
        self.heading = f"Correct {row['engagement']}#{row['version']} ({row['type']})"
        self.changes: dict[str, Any] = {}
        self.reason = ""
        self.occurred_on: str | None = None

    def original(self, name: str) -> Any:
        return self.row["occurred_on"] if name == "occurred_on" else self.row["data"][name]

    def form_rows(self) -> ComposeResult:
        yield from self.field_row(
            "reason",
            make_widget("EventCorrected", "reason", "field-reason"),
            "why the original was wrong (required)",
        )
        yield from self.field_row(
            "correction occurred on",
            make_widget("EventCorrected", "occurred_on", "field-occurred_on"),
        )
        yield Static("Fields (change only what was wrong)", classes="section")
        for name in self.names:
            widget = make_widget(self.row["type"], name, f"fix-{name}", self.original(name))
            yield from self.field_row(name.replace("_", " "), widget)

    def collect(self) -> tuple[str, list[str]]:
        hints = hints_of(self.row["type"])
        self.reason = str(self.query_one("#field-reason").value).strip()  # type: ignore[attr-defined]
        occurred = read_value(self.query_one("#field-occurred_on"), "occurred_on", str)
        self.occurred_on = occurred
        self.changes = {}
        for name in self.names:
            value = read_value(self.query_one(f"#fix-{name}"), name, hints[name])
            if value != _comparable(self.original(name), value):
                self.changes[name] = value
        lines = [f"reason: {self.reason or '(blank)'}"]
        lines += [
            f"{name}: {self.original(name)!r} → {value!r}" for name, value in self.changes.items()
        ]
        if not self.changes:
            lines.append("(no field changed)")
        return f"Record a correction of #{self.row['version']}?", lines

    def write(self) -> dict[str, Any]:
        ledger = self.app.ledger  # type: ignore[attr-defined]
        return ledger.correct(
            self.row["engagement"],
            event=self.row["version"],
            reason=self.reason,
            fields=self.changes,
            occurred_on=self.occurred_on,
        )


def _comparable(original: Any, typed: Any) -> Any:
    """The original in the form's terms, so an untouched field is never sent as a change."""
    if original is None or typed is None:
        return original
    if isinstance(typed, str) and not isinstance(original, str):
        return str(original)
    return original
