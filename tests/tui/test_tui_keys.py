"""Keys rebindable in keys.toml (user config dir): action -> key. A file that cannot be used
gives one notice and the default keys; every rebindable binding is listed in tui.keys and in
docs/tui.md, and the help shows the keys as rebound."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

from cec_ledger.tui import build_app
from cec_ledger.tui.keys import ACTIONS, keys_path, load_keymap
from cec_ledger.tui.screens import capacity, detail, dialogs, engagements, help, timeline
from cec_ledger.tui.screens.dialogs import FilterScreen
from cec_ledger.tui.screens.help import HelpScreen
from cec_ledger.tui.widgets import tables

DOCS = Path(__file__).resolve().parents[2] / "docs" / "tui.md"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keys.toml"
    path.write_text(text)
    return path


def test_the_file_lives_in_the_user_config_dir(env_isolation: Path) -> None:
    assert keys_path() == env_isolation / ".config" / "cec-ledger" / "keys.toml"
    assert load_keymap(keys_path()) == ({}, None)  # no file: defaults, no notice


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("filter = ", "not valid TOML"),
        ('fliter = "F"', "unknown action 'fliter' (actions: filter)"),
        ("filter = 3", 'filter must be a key in quotes, such as filter = "F"'),
        ('filter = "ctrl f"', "'ctrl f' is not a key name"),
    ],
)
def test_a_bad_file_is_ignored_with_one_notice(tmp_path: Path, text: str, problem: str) -> None:
    keymap, notice = load_keymap(write(tmp_path, text))
    assert keymap == {}
    assert notice is not None and notice.startswith(f"{tmp_path / 'keys.toml'} ignored")
    assert problem in notice and "\n" not in notice


def test_a_good_file_maps_actions_to_keys(tmp_path: Path) -> None:
    keymap, notice = load_keymap(write(tmp_path, 'filter = "F"\ndown = "j, ctrl+n"\n'))
    assert notice is None
    assert keymap == {"filter": "F", "down": "j,ctrl+n"}


async def test_rebound_keys_work_and_the_help_shows_them(ledger, tmp_path: Path) -> None:
    keys = write(tmp_path, 'filter = "F"\nmark = "space"\n')
    app = build_app(ledger, "oak-valley", keys_file=keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")  # the old key does nothing now
        await pilot.pause()
        assert not isinstance(app.screen, FilterScreen)
        await pilot.press("space")
        await pilot.pause()
        assert sorted(app.screen.marked) == [1]
        assert "space Mark" in app.screen_text()  # the footer shows the new key
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert re.search(r"^  F +filter:", help_text, re.M)
        assert re.search(r"^  Space +mark / unmark", help_text, re.M)


async def test_a_bad_file_still_starts_the_tui_with_one_notice(ledger, tmp_path: Path) -> None:
    keys = write(tmp_path, "[broken\n")
    app = build_app(ledger, "oak-valley", keys_file=keys)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and "ignored, default keys in use: not valid TOML" in messages[0]
        await pilot.press("f")  # the defaults work
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)


def binding_ids() -> set[str]:
    classes = [
        cls
        for module in (capacity, detail, dialogs, engagements, help, timeline, tables)
        for cls in vars(module).values()
        if isinstance(cls, type) and "BINDINGS" in vars(cls)
    ]
    from cec_ledger.tui.app import CecLedgerApp

    found = set()
    for cls in [*classes, CecLedgerApp]:
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.add(binding.id)
    return found


def test_every_action_is_a_binding_and_every_binding_id_an_action() -> None:
    assert binding_ids() == set(ACTIONS)


def test_the_docs_list_every_action_with_its_default_key() -> None:
    docs = DOCS.read_text()
    section = docs.split("## Rebinding keys", 1)[1].split("\n## ", 1)[0]
    for action in ACTIONS:
        assert re.search(rf"^\| `{action}` \|", section, re.M), f"{action} missing in docs/tui.md"


async def test_a_key_taken_from_another_action_is_reported_once(ledger, tmp_path: Path) -> None:
    keys = write(tmp_path, 'mark = "f"\n')
    app = build_app(ledger, "oak-valley", keys_file=keys)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("f", "j", "f")
        await pilot.pause()
        assert sorted(app.screen.marked) == [1, 2]  # the rebound action has the key
        messages = [n.message for n in app._notifications]
        assert messages == [
            f"{keys}: mark now has 'f', which filter had: rebind filter too, or it has no key"
        ]
    # Keys of different screens do not clash: n is the detail's, t the timeline's.
    assert load_keymap(write(tmp_path, 'next_event = "t"\n'))[1] is None
