"""A screen showing one engagement's figures as text in one scrolling view: j/k scroll it, and
it reads the engagement again when an event is recorded. Planned versus delivered and the CEC
model are such screens; each says what its view is and how to fill it (``reload``)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from cec_ledger.tui.messages import EventRecorded


class EngagementTextScreen(Screen):
    """Subclasses compose a ``VerticalScroll`` with the id ``VIEW_ID`` and fill it in
    ``reload`` (Escape goes back)."""

    VIEW_ID: ClassVar[str]
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, engagement: str) -> None:
        super().__init__()
        self.engagement = engagement

    def reload(self) -> None:
        raise NotImplementedError

    def _view(self) -> VerticalScroll:
        return self.query_one(f"#{self.VIEW_ID}", VerticalScroll)

    def on_mount(self) -> None:
        self.reload()
        self._view().focus()

    def action_scroll_down(self) -> None:
        self._view().scroll_down()

    def action_scroll_up(self) -> None:
        self._view().scroll_up()

    def on_event_recorded(self, message: EventRecorded) -> None:
        self.reload()
