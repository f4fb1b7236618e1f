"""Text shown the same way in the CLI and the TUI: free text on one line, shares in percent.

Consultants type notes, reasons and topics with line breaks and tabs; printed raw, a newline
splits a table row in two and a tab shifts every column after it. Both interfaces show such
text on one line, escaped the way Python and JSON write it (``\\n``, ``\\t``), so nothing is
hidden and the row stays whole. Other control characters (an escape sequence pasted into a
note would restyle the terminal) are escaped as ``\\xNN`` / ``\\uNNNN``. JSON output keeps the
text exactly as recorded.

Shares (the capacity index, the district-led share) are shown in one unit, percent ("58%"),
in both interfaces; JSON keeps the exact decimal strings.
"""

from __future__ import annotations

import unicodedata

from cec_ledger.domain.plan_lines import money as money_words

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Line breaks that are not control characters but still end a line in a terminal or editor.
_LINE_SEPARATORS = {"\u2028", "\u2029"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with newlines, tabs and other control characters escaped (``a\\nb``)."""
    if text.isprintable():  # the common case: nothing to escape
        return text
    return "".join(
        _escape(char) if char in _LINE_SEPARATORS or unicodedata.category(char) == "Cc" else char
        for char in text
    )


def percent(value: object) -> str:
    """A share in 0..1 (a number or a decimal string such as ``"0.5833"``) as ``"58%"``;
    ``"-"`` when there is none."""
    if value is None or value == "":
        return "-"
    return f"{float(value) * 100:.0f}%"  # type: ignore[arg-type]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 diagnosis", "2 diagnoses": the count with its noun in the right number."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def money(value: object) -> str:
    """Dollars as the CEC services catalogue writes them: "$7,500", "$1,250.50"; "—" for
    none (the one money format of every screen, table and report)."""
    return money_words(value)
