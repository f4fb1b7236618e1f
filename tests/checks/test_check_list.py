"""`check --list` is the checks' documentation at the terminal: every purpose is shown whole
(folded onto the next lines at 80 columns), never cut off with an ellipsis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clihelp import ok


@pytest.mark.parametrize("columns", ["80", "200"])
def test_every_purpose_is_shown_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    url = str(tmp_path / "l.db")
    ok(url, "init")
    listed = json.loads(ok(url, "check", "--list", "--json").out)
    text = ok(url, "check", "--list").out
    assert "…" not in text
    # The purpose column keeps at least 20 characters, so 80 columns may be overrun by it.
    assert all(len(line) <= max(int(columns), 100) for line in text.splitlines())
    words = " ".join(text.split())
    for row in listed:
        assert " ".join(row["purpose"].split()) in words, row["name"]
