"""The TUI on the demo ledger (maple-ridge, about 190 events), with small pages so the
window has to move: End fetches the last page directly; memory stays bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from cec_ledger.facade.ledger import Ledger
from cec_ledger.tui import build_app


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from cec_ledger.facade.demo import load_demo

    path: Path = tmp_path_factory.mktemp("demo") / "ledger.db"
    load_demo(str(path), actor="demo", fresh=False)
    return str(path)


@pytest.mark.slow
async def test_paging_through_maple_ridge(demo_url: str) -> None:
    with Ledger.open(demo_url, read_only=True) as ledger:
        total = len(ledger.events("maple-ridge"))
        app = build_app(ledger, "maple-ridge")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            screen.window.page_size = 20
            screen.reload(start=True)
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            assert screen.current()["version"] == total
            assert len(screen.window.rows) == 20
            await pilot.press("home")
            for _ in range(15):
                await pilot.press("pagedown")
            await pilot.pause()
            assert screen.current()["version"] > 150
            assert len(screen.window.rows) <= 60
            assert "Maple Ridge" in screen.query_one("#state").text
            await pilot.press("o")
            await pilot.pause()
            assert screen.window.rows[0]["version"] == total
