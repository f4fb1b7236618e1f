"""Search: what an event is found by, and how a query matches it.

An event's search text is its one-line summary, the values of its data and who recorded it,
made into *words*: case and accents folded, everything but letters and digits a separator.
The index holds those words (SQLite FTS5, PostgreSQL ``tsvector``) and a query matches an
event when its words appear in the event's text *in sequence, the last one as a prefix*:
``"mou on protec"`` finds "MOU on protected PLC time", ``"whitf"`` finds "Whitfield", and
``"hitfield"`` (the middle of a word) finds nothing. The same words are written to both
indexes and :func:`matches` applies the same rule where no index answers (an encrypted
ledger, a read-only ledger whose views lag), so every path finds the same events.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from cec_ledger.formats.summaries import summary

_WORD = re.compile(r"[^\W_]+")


@functools.cache
def _marks() -> re.Pattern[str]:
    """Combining marks (accents once NFKD has split them off from their letters). Built on
    first use: listing them takes tens of milliseconds, which every command importing this
    module (the CLI's timeline, the TUI) would pay at start-up."""
    return re.compile(
        "[" + "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]"
    )


def words(text: str) -> list[str]:
    """Text as search words: casefolded, accents removed, letters and digits only."""
    folded = text.casefold()
    if not folded.isascii() and not unicodedata.is_normalized("NFKD", folded):
        folded = _marks().sub("", unicodedata.normalize("NFKD", folded))
    return _WORD.findall(folded)


def _values(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _values(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def event_text(line: dict[str, Any]) -> str:
    """An event line's search words, space-separated (what both indexes are given)."""
    text = " ".join((summary(line), *_values(line["data"]), line["recorded_by"]))
    return " ".join(words(text))


def matches(query: str, line: dict[str, Any]) -> bool:
    """Whether a line matches a query without an index (same rule as the indexes)."""
    wanted = words(query)
    if not wanted:
        return False
    have = event_text(line).split()
    *whole, last = wanted
    n = len(wanted)
    for i in range(len(have) - n + 1):
        if have[i : i + n - 1] == whole and have[i + n - 1].startswith(last):
            return True
    return False


def fts_query(query: str) -> str | None:
    """The SQLite FTS5 query for a search: a phrase whose last word is a prefix."""
    wanted = words(query)
    return f'"{" ".join(wanted)}"*' if wanted else None


def ts_query(query: str) -> str | None:
    """The PostgreSQL ``to_tsquery('simple', ...)`` text for a search (same rule)."""
    wanted = words(query)
    return " <-> ".join([*wanted[:-1], f"{wanted[-1]}:*"]) if wanted else None
