"""Marking events in the timeline (hledger-ui, mutt): a key toggles a mark, marks show as '*'
in the Event column and survive paging and re-ordering; the marked ids are copied, and the
marked events are written as the JSONL lines ``export`` writes, read again from the log."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from textual.widgets import Input
from tui_pilot import goto_version

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.facade.marks import export_marked, marked_lines
from cec_ledger.tui import build_app
from cec_ledger.tui.screens.dialogs import PromptScreen


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_a_key_marks_the_event_under_the_cursor(ledger, size) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("m")  # #1
        await goto_version(pilot, 3)
        await pilot.press("m")
        await pilot.pause()
        text = app.screen_text()
        assert "*#1 " in text and "*#3 " in text and " #2 " in text
        assert "2 marked" in text
        assert sorted(app.screen.marked) == [1, 3]
        await pilot.press("m")  # again: unmarked
        await pilot.press("o")  # newest first: the marks stay
        await pilot.pause()
        assert sorted(app.screen.marked) == [1]
        assert "*#1 " in app.screen_text() and "1 marked" in app.screen_text()
        await pilot.press("M")  # clear every mark
        await pilot.pause()
        assert app.screen.marked == {}
        assert "*#" not in app.screen_text() and "marked" not in app.screen_text()


async def test_copy_the_marked_ids_or_the_cursors(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = {row["version"]: row for row in app.screen.window.rows}
        await goto_version(pilot, 5)
        await pilot.press("y")  # nothing marked: the event under the cursor
        await pilot.pause()
        assert app.clipboard == rows[5]["id"]
        await pilot.press("m")
        await goto_version(pilot, 2)
        await pilot.press("m", "y")
        await pilot.pause()
        assert app.clipboard == f"{rows[2]['id']}\n{rows[5]['id']}"  # in log order
        assert "Copied 2 event ids: oak-valley#2, oak-valley#5" in notices(app)


async def test_write_the_marked_events_as_export_lines(ledger, tmp_path: Path) -> None:
    target = tmp_path / "finding-7.jsonl"
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("w")  # nothing marked yet: says how to mark
        await pilot.pause()
        assert "No event is marked: m marks the one under the cursor" in notices(app)
        await goto_version(pilot, 13)
        await pilot.press("m")
        await goto_version(pilot, 8)
        await pilot.press("m", "w")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.value == "marked-events.jsonl"
        prompt.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert f"Wrote 2 events to {target}" in notices(app)
    exported = {row["position"]: row for row in ledger.all_events()}
    lines = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert lines == [exported[8], exported[13]]  # as export writes them, in log order


def test_export_marked_refuses_to_overwrite_and_reads_the_log(ledger, tmp_path: Path) -> None:
    target = tmp_path / "marked.jsonl"
    assert export_marked(ledger, [3, 1, 3], target) == 2
    assert [orjson.loads(line)["version"] for line in target.read_bytes().splitlines()] == [1, 3]
    with pytest.raises(InvalidValue, match="exists; choose another file name"):
        export_marked(ledger, [2], target)
    with pytest.raises(InvalidValue, match="no marked events"):
        export_marked(ledger, [], tmp_path / "none.jsonl")
    with pytest.raises(Exception, match="no event at log position 999"):
        list(marked_lines(ledger, [999]))
    assert not (tmp_path / "none.jsonl").exists()
