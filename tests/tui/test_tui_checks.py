"""The checks screen, driven by Pilot: ``!`` from anywhere, findings by engagement, Enter on a
finding opens the engagement's timeline on the event it names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tui_pilot import SIZE, cursor_version

from cec_ledger.tui import build_app
from cec_ledger.tui.screens.checks import ChecksScreen
from cec_ledger.tui.screens.timeline import TimelineScreen
from tests.clihelp import ok


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Any]:
    """The demo ledger, judged on the last day of its story (2026-06-30)."""
    from cec_ledger.facade.ledger import Ledger

    url = str(tmp_path / "demo.db")
    ok(url, "demo")
    opened = Ledger.open(url, actor="auditor", read_only=True)
    opened.clock = lambda: datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
    yield opened
    opened.close()


async def test_findings_by_engagement_and_enter_opens_the_event(demo: Any) -> None:
    app = build_app(demo)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        assert [(f.engagement, f.check, str(f.events[0])) for f in screen.rows] == [
            ("maple-ridge", "transformation-without-we", "maple-ridge#91"),
            ("maple-ridge", "team-stalled", "maple-ridge#144"),
        ]
        text = app.screen_text()
        assert "Checks · 0 errors, 2 warnings" in text and "as of 2026-06-30" in text
        # The engagement is named once, on the first of its findings.
        assert text.count("maple-ridge") == 1
        await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.engagement == "maple-ridge"
        assert cursor_version(app) == 144
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChecksScreen)
        await pilot.press("k", "enter")  # the first finding: the April 2025 plan change
        await pilot.pause()
        assert cursor_version(app) == 91


async def test_a_ledger_where_all_holds_says_so(ledger: Any) -> None:
    ledger.clock = lambda: datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    app = build_app(ledger)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_checks()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        assert screen.run is not None
        expected = len(screen.run.findings)
        assert len(screen.rows) == expected
        if not expected:
            assert "all hold" in app.screen_text()
