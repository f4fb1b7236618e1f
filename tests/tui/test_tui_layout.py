"""The screens at 80x24 and 120x35: a footer that fits (never cut, ? Help always there), a
usable summary column, the filter dialog's focus where its label says, the detail as a record,
the capacity view with one marker per series, its history under the responsibilities and no
holder cut; free text on one line in tables."""

from __future__ import annotations

import re

import pytest
from textual.widgets import DataTable, SelectionList
from tui_pilot import goto_version

from cec_ledger.tui import build_app
from cec_ledger.tui.screens.capacity import ENGAGEMENT_MARKER, TEAM_MARKERS, CapacityScreen
from cec_ledger.tui.screens.detail import DetailScreen
from cec_ledger.tui.screens.dialogs import FilterScreen
from cec_ledger.tui.widgets.footer import fitting
from cec_ledger.tui.widgets.state_panel import StatePanel

SIZES = [(80, 24), (120, 35)]


def footer_line(app) -> str:
    return app.screen_text().splitlines()[-1]


def assert_footer_fits(app, descriptions: list[str]) -> None:
    line = footer_line(app)
    assert "? Help" in line and "q Quit" in line and "^p palette" in line, line
    # Every key shown is whole: the line is made of known keys only (nothing cut).
    shown = re.findall(r" (\S+) ([A-Z][\w/ ]*?)(?=  |\s*▏)", line.split("▏")[0] + "▏")
    assert shown, line
    for _, description in shown:
        assert description in descriptions, f"cut or unknown: {description!r} in {line!r}"


TIMELINE_KEYS = [
    "Filter", "Search", "Go to date", "Order", "Occ/Rec", "Corrected", "State", "Capacity",
    "Planned", "Structure", "Mark", "Copy ids", "Write marked", "Log event", "Correct", "Help",
    "Quit",
]  # fmt: skip
DETAIL_KEYS = ["Next", "Previous", "Raw JSON", "Corrected event", "Correct", "Help", "Quit"]


@pytest.mark.parametrize("size", SIZES)
async def test_footers_fit_and_keep_help(ledger, size) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert_footer_fits(app, TIMELINE_KEYS)
        assert "f Filter" in footer_line(app) and "m Mark" in footer_line(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert_footer_fits(app, DETAIL_KEYS)
        await pilot.press("escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, CapacityScreen)
        assert_footer_fits(app, ["Help", "Quit"])


def test_the_footer_keeps_the_most_wanted_keys_that_fit() -> None:
    class Key:
        def __init__(self, action: str, description: str) -> None:
            self.action, self.key_display, self.description = action, action[0], description

    keys = [Key("filter", "Filter"), Key("order", "Order"), Key("mark", "Mark"),
            Key("help", "Help"), Key("quit", "Quit")]  # fmt: skip
    widths = {10: ["help", "quit"], 24: ["mark", "help", "quit"], 80: ["filter", "order",
              "mark", "help", "quit"]}  # fmt: skip
    for width, expected in widths.items():
        kept = fitting(keys, width, ["mark", "filter"])  # type: ignore[arg-type]
        assert [k.action for k in kept] == expected, width


@pytest.mark.parametrize("size", SIZES)
async def test_the_summary_column_is_usable(ledger, size) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#timeline", DataTable)
        summary = table.columns["summary"]
        panel = app.screen.query_one("#state", StatePanel)
        assert summary.width >= 45
        if size[0] < 100:
            assert not panel.display and "s: state panel" in app.screen_text()
            await pilot.press("s")  # shown on demand, and then it stays
            await pilot.pause()
            assert panel.display and "s: state panel" not in app.screen_text()
        else:
            assert panel.display


@pytest.mark.parametrize("size", SIZES)
async def test_space_toggles_a_type_in_the_filter_without_tab(ledger, size) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=size) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        types = app.screen.query_one("#filter-type", SelectionList)
        assert app.screen.focused is types
        await pilot.press("space")
        await pilot.pause()
        assert types.selected == ["EngagementOpened"]
        assert "showing: EngagementOpened" in app.screen_text()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [row["version"] for row in app.screen.window.rows] == [1]


@pytest.mark.parametrize("size", SIZES)
async def test_the_detail_reads_like_a_record(ledger, size) -> None:
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=size) as pilot:
        await goto_version(pilot, 8)
        await pilot.press("enter")
        await pilot.pause()
        text = app.screen.text  # the record as plain text
        lines = text.splitlines()
        for label, value in [
            ("Event", "oak-valley#8 · SessionDelivered"),
            ("Occurred", "2025-09-10"),
            ("Recorded by", "ana"),
            ("Delivery", "Training"),
            ("Topic", "Data cycle"),
            ("Team", "dlt"),
        ]:
            assert any(re.fullmatch(rf"{label} +{re.escape(value)}", line) for line in lines), label
        assert any(line.startswith("Recorded ") and "T" in line for line in lines)
        assert re.search(r"^Corrected by +#13 on 2026-01-06: typo in the participant count — "
                         r"participants: 24 → 26$", text, re.M)  # fmt: skip
        assert re.search(r"^Participants +24\n +✎ corrected to 26 by #13$", text, re.M)
        screen = app.screen_text()
        assert "Participants" in screen and '"participants": 24' not in screen
        await pilot.press("v")
        await pilot.pause()
        assert '"participants": 24' in app.screen_text()  # the raw JSON, one key away
        await pilot.press("n")  # stepping keeps the raw view
        await pilot.pause()
        assert '"stage": "norm"' in app.screen_text()
        await pilot.press("v")
        await pilot.pause()
        assert "Stage" in app.screen_text() and '"stage"' not in app.screen_text()


def add_second_team(ledger) -> None:
    rec = ledger.record
    rec("oak-valley", "TeamFormed", team_id="slt-oak", kind="slt", name="Oak SLT",
        parent_team_id="dlt",
        charge="School priorities", cadence="monthly", school="Oak Elementary",
        occurred_on="2025-10-20")  # fmt: skip
    rec("oak-valley", "ResponsibilityTransferred", responsibility="facilitate SLT meetings",
        team_id="slt-oak", release_level="co-led",
        holder="Principal Alexandra Montgomery-Whitfield with Ana Ruiz",
        occurred_on="2025-10-25")  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
async def test_the_capacity_view(ledger, size, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    add_second_team(ledger)
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=size) as pilot:
        await pilot.press("c")
        await pilot.pause()
        text = app.screen_text()
        assert "capacity index 44% · district-led 33% · 3 responsibilities" in text
        # One marker per series, in the legend and on the lines: apart without colour.
        assert f"{ENGAGEMENT_MARKER * 2} engagement" in text
        assert f"{TEAM_MARKERS[0] * 2} dlt" in text and f"{TEAM_MARKERS[1] * 2} slt-oak" in text
        assert "100%┤" in text and " 50%┤" in text and "0.5" not in text  # percent only
        # The history is under the responsibilities, named after the selected one.
        responsibilities = app.screen.query_one("#responsibilities", DataTable).region
        history = app.screen.query_one("#history", DataTable).region
        assert history.y >= responsibilities.bottom and history.x == responsibilities.x
        assert "History of 'facilitate DLT meetings'" in text
        assert max(len(line.rstrip()) for line in text.splitlines()) <= size[0]
        await pilot.press("j", "j")
        await pilot.pause()
        text = app.screen_text()
        assert "History of 'facilitate SLT meetings'" in text
        # No holder is cut, however long: it wraps within the width, word by word.
        holder = "Principal Alexandra Montgomery-Whitfield with Ana Ruiz"
        table = app.screen.query_one("#responsibilities", DataTable)
        assert str(table.get_row_at(2)[3]) == holder
        assert all(word in text.split() for word in holder.split())
        assert max(len(line.rstrip()) for line in text.splitlines()) <= size[0]


async def test_free_text_stays_on_one_line_in_the_timeline(ledger) -> None:
    ledger.record("oak-valley", "TeamStageAdvanced", team_id="dlt", stage="perform",
                  reason="met\ttargets\n[/b] all year", occurred_on="2025-12-15")  # fmt: skip
    app = build_app(ledger, "oak-valley")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        text = app.screen_text()
        assert "met\\ttargets\\n[/b] all year" in text  # escaped, and not read as markup
