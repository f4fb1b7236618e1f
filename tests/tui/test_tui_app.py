"""The TUI driven by Pilot on the sample ledger (tests/tui/tui_sample.py): browsing."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, SelectionList
from tui_pilot import SIZE, cursor_version, goto_version, shown, state_text

from cec_ledger.tui import build_app
from cec_ledger.tui.screens.capacity import CapacityScreen
from cec_ledger.tui.screens.detail import DetailScreen
from cec_ledger.tui.screens.help import HelpScreen
from cec_ledger.tui.screens.timeline import TimelineScreen


async def test_open_an_engagement_from_the_list(ledger) -> None:
    app = build_app(ledger)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "oak-valley" in app.screen_text()
        # Steps 4 and 5 hold but step 1 does not: nothing is reached (the steps are sequential).
        assert "○○○○○" in app.screen_text()  # Pathway progress
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.engagement == "oak-valley"
        assert shown(app) == list(range(1, 15))
        await pilot.press("escape")
        await pilot.press("escape")  # never leaves the app from the first screen
        await pilot.pause()
        assert app.is_running
        assert type(app.screen).__name__.endswith("EngagementsScreen")


@pytest.mark.slow
async def test_state_panel_follows_the_cursor(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await goto_version(pilot, 10)
        await pilot.pause()
        assert "after #10" in state_text(app)
        assert "✓ Teachers' organization: committed 2025-08-22" in state_text(app)
        assert "facilitate DLT meetings: Co-led (Dr. Lee)" in state_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert "✗ Teachers' organization: withdrawn 2025-11-03" in state_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert "✓ Teachers' organization: committed" in state_text(app)
        await goto_version(pilot, 4)
        assert "dlt" not in state_text(app).split("Teams")[1].split("Responsibilities")[0]


async def test_filter_by_type(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        types = app.screen.query_one("#filter-type", SelectionList)
        types.select("ResponsibilityTransferred")
        await pilot.pause()
        assert "showing: ResponsibilityTransferred" in app.screen_text()  # in words
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(app) == [7, 10, 14]
        assert "type=ResponsibilityTransferred" in app.screen_text()
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#filter-type", SelectionList).select("CommitmentWithdrawn")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(app) == [7, 10, 11, 14]
        await pilot.press("x")  # clear
        await pilot.pause()
        assert len(shown(app)) == 14


async def test_filter_with_a_bad_date_says_so(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#filter-since", Input).value = "the other day"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the other day" in app.screen_text()
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown(app)) == 14


async def test_search(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.press(*"OVEA")
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app) == [4, 11]
        assert "/OVEA" in app.screen_text()


@pytest.mark.slow
async def test_order_date_axis_and_jump_to_date(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert shown(app)[0] == 14
        await pilot.press("o", "t")
        await pilot.pause()
        assert "Recorded" in app.screen_text()
        assert "2026-01-05 12:00" in app.screen_text()
        await pilot.press("t", "g")
        await pilot.pause()
        await pilot.press(*"2025-10-01", "enter")
        await pilot.pause()
        assert cursor_version(app) == 9


@pytest.mark.slow
async def test_home_end_and_paging_hold_a_bounded_window(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.window.page_size, screen.window.max_pages = 3, 3
        screen.reload(start=True)
        await pilot.pause()
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        assert cursor_version(app) == 14
        assert len(screen.window.rows) <= 9
        await pilot.press("home")
        await pilot.pause()
        assert cursor_version(app) == 1
        await pilot.press("end")
        await pilot.pause()
        assert cursor_version(app) == 14
        assert shown(app) == [12, 13, 14]


@pytest.mark.slow
async def test_from_a_correction_to_the_corrected_event(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await goto_version(pilot, 13)
        await pilot.press("r")
        await pilot.pause()
        assert cursor_version(app) == 8
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = app.screen_text()
        assert "Corrected by   #13 on 2026-01-06: typo in the participant count" in text
        assert "Recorded by    ana" in text


@pytest.mark.slow
async def test_detail_shows_both_dates_and_the_raw_json(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await goto_version(pilot, 13)
        await pilot.press("enter")
        await pilot.pause()
        text = app.screen_text()
        assert "Occurred          2026-01-06" in text
        assert "Recorded          2026-01-07T00:00:00+00:00" in text
        assert '"corrects_version": 8' not in text  # the record first,
        await pilot.press("v")  # the raw JSON one key away
        await pilot.pause()
        assert '"corrects_version": 8' in app.screen_text()
        await pilot.press("r")  # from the detail too
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert cursor_version(app) == 8


async def test_read_only_offers_no_writing_action(ro_ledger) -> None:
    app = build_app(ro_ledger, "oak-valley")

    def write_actions(screen: Any) -> set[str]:
        actions = {b.binding.action for b in screen.active_bindings.values()}
        return actions & {"log", "correct", "new"}

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "auditor mode" in app.screen_text()
        assert not write_actions(app.screen)
        await pilot.press("a", "e")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Filter events" in titles
        assert not [t for t in titles if "Log" in t or "Correct" in t]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert not write_actions(app.screen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert not write_actions(app.screen)
        assert "Log event" not in app.screen_text()


async def test_help_screen(ledger, ro_ledger) -> None:
    for opened, writable in ((ledger, True), (ro_ledger, False)):
        app = build_app(opened)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = app.screen.query_one("#help-text").render()
            assert "go to a date" in str(text)
            assert ("log an event" in str(text)) is writable
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


async def test_capacity_view(ledger) -> None:
    app = build_app(ledger)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CapacityScreen)
        text = app.screen_text()
        assert "capacity index 50%" in text
        assert "facilitate DLT meetings" in text
        assert "Consultant-led" in text  # the history of the first responsibility


@pytest.mark.slow
async def test_works_at_80_by_24(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=(80, 24)) as pilot:
        await goto_version(pilot, 11)
        await pilot.pause()
        text = app.screen_text()
        assert "withdrew" in text or "Teachers' organizatio" in text
        assert "Oak Valley USD" in text  # the state panel still shows
        assert "f Filter" in text  # the footer too
        await pilot.press("enter")
        await pilot.pause()
        assert "CommitmentWithdrawn" in app.screen_text()


@pytest.mark.slow
async def test_no_color_keeps_the_meaning_in_markers(ledger, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await goto_version(pilot, 13)
        await pilot.press("s")  # at 80 columns the state panel starts hidden
        await pilot.pause()
        text = app.screen_text()
        assert "#13 ✎" in text and "#8 ✎" in text  # corrections, without colour
        assert "✗ Teachers' organization" in state_text(app)
        assert "●" in state_text(app) and "○" in state_text(app)


@pytest.mark.slow
async def test_command_palette_lists_the_screen_commands(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Filter events", "Go to date", "Log an event", "Correct this event"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to date")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "DateScreen"


@pytest.mark.slow
async def test_step_through_events_from_the_detail(ledger) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.window.page_size = 4  # stepping must page the window too
        screen.reload(start=True)
        await goto_version(pilot, 3)
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("n")
        await pilot.pause()
        assert app.screen.row["version"] == 7
        assert "oak-valley#7" in app.screen_text()
        await pilot.press("p", "[")
        await pilot.pause()
        assert app.screen.row["version"] == 5
        await pilot.press("escape")
        await pilot.pause()
        assert cursor_version(app) == 5  # the timeline followed


@pytest.mark.slow
async def test_state_panel_waits_for_the_cursor_to_rest(ledger, monkeypatch) -> None:
    from cec_ledger.tui.app import CecLedgerApp

    monkeypatch.setattr(CecLedgerApp, "state_delay", 0.5)
    folded: list[int] = []
    original = ledger.state_after
    monkeypatch.setattr(
        ledger, "state_after", lambda slug, v: folded.append(v) or original(slug, v)
    )
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        folded.clear()
        await pilot.press(*"jjjjjjjjjj")
        await pilot.pause(1.0)
        # Folded where the cursor stopped, not at each of the ten rows it passed (a loaded
        # machine may let the timer fire once on the way).
        assert folded[-1] == 11
        assert len(folded) <= 2
        assert "after #11" in state_text(app)
