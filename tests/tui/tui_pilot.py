"""Pilot helpers shared by the TUI tests."""

from __future__ import annotations

from typing import Any

from cec_ledger.tui.widgets.state_panel import StatePanel

SIZE = (100, 30)


def shown(app: Any) -> list[int]:
    return [row["version"] for row in app.screen.window.rows]


def cursor_version(app: Any) -> int:
    return app.screen.current()["version"]


async def goto_version(pilot: Any, version: int) -> None:
    """Move the cursor with j/k (as a user would) until it is on ``version``."""
    app = pilot.app
    for _ in range(50):
        current = cursor_version(app)
        if current == version:
            return
        await pilot.press("j" if current < version else "k")
    raise AssertionError(f"could not reach #{version}")


def state_text(app: Any) -> str:
    return app.screen.query_one("#state", StatePanel).text
