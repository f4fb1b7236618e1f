"""Rebindable keys: the TUI's actions by name, and the user's ``keys.toml`` that rebinds them.

hledger-ui and tig users expect to move keys where their fingers are. Every rebindable binding
carries an ``id`` from :data:`ACTIONS`; Textual's keymap replaces the key of every binding with
that id, on every screen that has it (``follow_correction`` moves in the timeline and the
detail alike).
The file is TOML, one ``action = "key"`` a line, in the user config directory::

    # ~/.config/cec-ledger/keys.toml
    filter = "F"
    mark = "space"
    copy_ids = "ctrl+y"
    down = "j,ctrl+n"          # several keys: separated by commas

Keys are Textual's names: a letter (``F`` is shift+f), ``space``, ``ctrl+x``, ``f5``,
``slash``... A file that cannot be used (not TOML, an unknown action, a key that is not text)
is ignored as a whole, with one notice saying why: the TUI then starts with its default keys.
A key taken from another action of the same screen is said too (that action loses its key).
No Textual import here, so the docs test and the CLI can read the list cheaply.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import NamedTuple


class Action(NamedTuple):
    key: str  # the default key(s), Textual names, comma-separated
    screens: tuple[str, ...]  # where the action is bound ("*": everywhere)
    text: str  # what it does


T, D, TD, ALL = ("timeline",), ("detail",), ("timeline", "detail"), ("*",)
E, ET = ("engagements",), ("engagements", "timeline")

# action id -> Action. Ordered as the help shows them. The ids are the ``id`` of the
# matching ``Binding`` in the screens (tests/tui check both ways).
ACTIONS: dict[str, Action] = {
    "help": Action("question_mark", ALL, "the keys, per screen"),
    "quit": Action("q", ALL, "quit"),
    "checks": Action("exclamation_mark", ALL, "the integrity checks' findings (Enter: the event)"),
    "down": Action("j", ALL, "move down (beside ↓)"),
    "up": Action("k", ALL, "move up (beside ↑)"),
    "open_timeline": Action("enter", E, "engagements: open the engagement's timeline"),
    "all_events": Action("t", E, "engagements: all engagements' events in one timeline"),
    "new_engagement": Action("n", E, "engagements: open a new engagement"),
    "capacity": Action("c", ET, "engagements and timeline: capacity-transfer view"),
    "delivery": Action(
        "p", ET, "engagements and timeline: planned vs delivered, per line of the services plan"
    ),
    "structure": Action(
        "l",
        ET,
        "engagements and timeline: the CEC model: team structure, Framework for Change "
        "coverage, goals",
    ),
    "log_event": Action("a", ET, "engagements and timeline: log an event"),
    "filter": Action("f", T, "timeline: filter by type, recorder, dates"),
    "search": Action("slash", T, "timeline: search the events' data"),
    "clear_filters": Action("x", T, "timeline: clear every filter and the search"),
    "go_to_date": Action("g", T, "timeline: go to a date"),
    "order": Action("o", T, "timeline: newest first / oldest first"),
    "date_axis": Action("t", T, "timeline: occurred / recorded dates"),
    "state_panel": Action("s", T, "timeline: show / hide the state panel"),
    "last_page": Action("G", T, "timeline: the end of the log"),
    "mark": Action("m", T, "timeline: mark / unmark the event under the cursor"),
    "unmark_all": Action("M", T, "timeline: clear every mark"),
    "copy_ids": Action("y", T, "timeline: copy the marked events' ids (or the cursor's)"),
    "export_marked": Action("w", T, "timeline: write the marked events to a JSONL file"),
    "follow_correction": Action("r", TD, "from a correction to the event it corrects"),
    "correct": Action("e", TD, "correct the selected event"),
    "next_event": Action("n,right_square_bracket", D, "detail: the next event"),
    "previous_event": Action("p,left_square_bracket", D, "detail: the previous event"),
    "raw_json": Action("v", D, "detail: the record / the raw event as JSON"),
}

KEYS_FILE = "keys.toml"
# One key name: letters, digits, + and _ (ctrl+shift+f5, right_square_bracket) or one
# printable character; several are separated by commas.
_KEY = re.compile(r"^(?:[A-Za-z0-9_+\-]+|[^\s,])$")


def keys_path() -> Path:
    """``keys.toml`` in the user config directory (``~/.config/cec-ledger`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("cec-ledger", appauthor=False)) / KEYS_FILE


def load_keymap(path: Path | None) -> tuple[dict[str, str], str | None]:
    """``(keymap, notice)``: the file's action -> key map, or ``({}, why)`` when the file
    cannot be used; with a usable file, the notice warns of a key taken from another action.
    No file is no notice: the defaults need no file."""
    if path is None or not path.exists():
        return {}, None
    ignored = f"{path} ignored, default keys in use:"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return {}, f"{ignored} cannot read it ({error})"
    except tomllib.TOMLDecodeError as error:
        return {}, f"{ignored} not valid TOML ({error})"
    keymap: dict[str, str] = {}
    for action, key in data.items():
        if action not in ACTIONS:
            close = difflib.get_close_matches(action, ACTIONS, n=3) or list(ACTIONS)
            return {}, f"{ignored} unknown action {action!r} (actions: {', '.join(close)})"
        if not isinstance(key, str) or not key.strip():
            return {}, f'{ignored} {action} must be a key in quotes, such as {action} = "F"'
        names = [name.strip() for name in key.split(",")]
        bad = [name for name in names if not _KEY.match(name)]
        if bad:
            return {}, f"{ignored} {action} = {key!r}: {bad[0]!r} is not a key name"
        keymap[action] = ",".join(names)
    return keymap, _clash(path, keymap)


def _clash(path: Path, keymap: dict[str, str]) -> str | None:
    """A rebound key that another action of the same screen still uses: the rebound action
    takes it (Textual drops the other binding), which deserves a word (the file is kept)."""
    keys = {action: set((keymap.get(action) or a.key).split(",")) for action, a in ACTIONS.items()}
    for action in keymap:
        for other, spec in ACTIONS.items():
            shared = set(ACTIONS[action].screens) & set(spec.screens) or "*" in (
                ACTIONS[action].screens + spec.screens
            )
            taken = keys[action] & keys[other]
            if other != action and other not in keymap and shared and taken:
                key = sorted(taken)[0]
                return (
                    f"{path}: {action} now has {key!r}, which {other} had: rebind {other} "
                    f"too, or it has no key"
                )
    return None


def key_label(action: str, keymap: dict[str, str]) -> str:
    """How the help shows an action's keys: ``f``, ``n / ]``, ``?``."""
    keys = keymap.get(action) or ACTIONS[action].key
    return " / ".join(_SHOWN.get(name, name) for name in keys.split(","))


_SHOWN = {
    "question_mark": "?",
    "exclamation_mark": "!",
    "slash": "/",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "space": "Space",
    "enter": "Enter",
}
