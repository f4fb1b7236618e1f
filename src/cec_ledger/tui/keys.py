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
No Textual import here, so the docs test and the CLI can read the list cheaply.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

# action id -> (default key, what it does). Ordered as the help shows them. The ids are the
# ``id`` of the matching ``Binding`` in the screens (tests/tui check both ways).
ACTIONS: dict[str, tuple[str, str]] = {
    "help": ("question_mark", "the keys, per screen"),
    "quit": ("q", "quit"),
    "down": ("j", "move down (beside ↓)"),
    "up": ("k", "move up (beside ↑)"),
    "capacity": ("c", "timeline: capacity-transfer view"),
    "log_event": ("a", "timeline: log an event"),
    "filter": ("f", "timeline: filter by type, recorder, dates"),
    "search": ("slash", "timeline: search the events' data"),
    "clear_filters": ("x", "timeline: clear every filter and the search"),
    "go_to_date": ("g", "timeline: go to a date"),
    "order": ("o", "timeline: newest first / oldest first"),
    "date_axis": ("t", "timeline: occurred / recorded dates"),
    "state_panel": ("s", "timeline: show / hide the state panel"),
    "last_page": ("G", "timeline: the end of the log"),
    "mark": ("m", "timeline: mark / unmark the event under the cursor"),
    "unmark_all": ("M", "timeline: clear every mark"),
    "copy_ids": ("y", "timeline: copy the marked events' ids (or the cursor's)"),
    "export_marked": ("w", "timeline: write the marked events to a JSONL file"),
    "follow_correction": ("r", "from a correction to the event it corrects"),
    "correct": ("e", "correct the selected event"),
    "next_event": ("n,right_square_bracket", "detail: the next event"),
    "previous_event": ("p,left_square_bracket", "detail: the previous event"),
    "raw_json": ("v", "detail: the record / the raw event as JSON"),
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
    cannot be used. No file is no notice: the defaults need no file."""
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
    return keymap, None


def key_label(action: str, keymap: dict[str, str]) -> str:
    """How the help shows an action's keys: ``f``, ``n / ]``, ``?``."""
    keys = keymap.get(action) or ACTIONS[action][0]
    return " / ".join(_SHOWN.get(name, name) for name in keys.split(","))


_SHOWN = {
    "question_mark": "?",
    "slash": "/",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "space": "Space",
}
