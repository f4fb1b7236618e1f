"""The engagement list: names are text, never markup; its keys are rebindable (keys.toml);
its footer fits the width; it pages by slug, loading more as the cursor nears the end."""

from __future__ import annotations

from pathlib import Path

from cec_ledger.tui import build_app
from cec_ledger.tui.screens import engagements
from cec_ledger.tui.screens.engagements import EngagementsScreen
from cec_ledger.tui.screens.timeline import TimelineScreen

MARKUP_NAME = "[b]Bold[/b] Academy [/b] [red]x[/] [link=x]y"


def _open(ledger, slug: str, name: str) -> None:
    ledger.open_engagement(
        slug=slug,
        name=name,
        organisation="Markup Test District",
        level="district",
        lead_consultant="Ana Ruiz",
        occurred_on="2025-08-15",
    )


async def test_a_name_with_markup_shows_as_written(ledger) -> None:
    _open(ledger, "markup-academy", MARKUP_NAME)
    app = build_app(ledger)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EngagementsScreen)
        text = app.screen_text()
        assert MARKUP_NAME in text  # every bracket as typed; nothing read as a tag
        assert "oak-valley" in text


async def test_the_list_keys_are_rebindable(ledger, tmp_path: Path) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text('all_events = "T"\nopen_timeline = "o"\n')
    app = build_app(ledger, keys_file=keys)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert not app._notifications  # a valid file, no clash
        await pilot.press("t")  # no longer bound on this screen
        await pilot.pause()
        assert isinstance(app.screen, EngagementsScreen)
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen) and app.screen.engagement is None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen) and app.screen.engagement is not None


async def test_the_footer_keeps_help_and_quit_at_80_columns(ledger) -> None:
    app = build_app(ledger)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen_text().splitlines()[-1]
        assert "Help" in footer and "Quit" in footer and "All events" in footer


async def test_more_engagements_load_as_the_cursor_nears_the_end(ledger, monkeypatch) -> None:
    monkeypatch.setattr(engagements, "PAGE", 3)
    monkeypatch.setattr(engagements, "PREFETCH", 1)
    for n in range(6):
        _open(ledger, f"page-{n}", f"Page {n}")
    app = build_app(ledger)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#engagements")
        assert table.row_count == 3  # one page: 8 engagements in all
        for _ in range(7):
            await pilot.press("j")
            await pilot.pause()
        assert table.row_count == 8
        slugs = [str(key.value) for key in table.rows]
        assert slugs == sorted(slugs)
