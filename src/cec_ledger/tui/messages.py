"""Messages the TUI's screens and widgets exchange."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class EventRecorded(Message):
    """An event was written; every screen on the stack refreshes what it shows."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__()
        self.row = row


class TimelineEdge(Message):
    """The timeline table asks for the true start or end of the log (Home / End)."""

    def __init__(self, edge: str) -> None:
        super().__init__()
        self.edge = edge
