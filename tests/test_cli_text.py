"""Free text stays on one line in CLI tables: a newline or a tab typed into a note is shown
escaped (\\n, \\t), so no table row breaks; JSON keeps the text exactly as recorded."""

from __future__ import annotations

import pytest

from cec_ledger.rendering.text import one_line
from tests.clihelp import ENGAGEMENT, ok

E = "maple-ridge"
# Long free text (a reason, a note) may hold line breaks; short fields are one line by rule.
REASON = "Members want to review the compact.\nVote on\tMarch 14."


def test_one_line_escapes_line_breaks_tabs_and_control_characters() -> None:
    assert one_line("a\nb\r\nc\td") == "a\\nb\\r\\nc\\td"
    assert one_line("bell\x07 and \x1b[31mred") == "bell\\x07 and \\x1b[31mred"
    assert one_line("para\u2028graph") == "para\\u2028graph"
    assert one_line("Caf\u00e9 ✎ — 3 h") == "Caf\u00e9 ✎ — 3 h"  # printable text is untouched


def test_a_newline_in_free_text_does_not_break_a_table_row(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the summary is not cut before the escapes
    ok(sqlite_url, "init")
    ok(sqlite_url, *ENGAGEMENT)
    ok(
        sqlite_url,
        *("commit", E, "--anchor", "teachers_organization", "--signatory", "T. Becker"),
        *("--instrument", "mou", "--on", "2025-09-01"),
    )
    ok(
        sqlite_url,
        *("withdraw", E, "--anchor", "teachers_organization", "--reason", REASON),
        *("--on", "2025-09-10"),
    )
    lines = ok(sqlite_url, "timeline", E).out.splitlines()
    assert len(lines) == 4  # the header and three events: one line each
    assert "review the compact.\\nVote on\\tMarch 14." in lines[3]
    assert "\t" not in "".join(lines)
    recorded = ok(sqlite_url, "timeline", E, "--json").json()[-1]
    assert recorded["data"]["reason"] == REASON


def test_show_and_report_count_in_words_not_with_parenthesised_plurals(tmp_path) -> None:
    """'1 change', '2 diagnoses': no 'change(s)' or 'diagnosis(es)' in what people read."""
    url = str(tmp_path / "demo.db")
    ok(url, "demo")
    shown = ok(url, "engagement", "show", "maple-ridge").out
    report = ok(url, "report", "maple-ridge").out
    for text in (shown, report):
        assert "(s)" not in text and "(es)" not in text
    assert "3 changes since it was set" in shown
