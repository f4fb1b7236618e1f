"""Import keeps the log's interleaving across engagements."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clihelp import export_bytes, ok


def test_round_trip_keeps_the_interleaved_log_order(ledger_url: str, tmp_path: Path) -> None:
    """Two engagements recorded turn about: the import must not regroup them."""
    ok(ledger_url, "demo")
    export = tmp_path / "demo.jsonl"
    ok(ledger_url, "export", "-o", str(export))
    slugs = [json.loads(line)["engagement"] for line in export.read_text().splitlines()]
    assert slugs != sorted(slugs, key=slugs.index)  # really interleaved
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", str(export))
    assert export_bytes(copy) == export.read_text()
    assert ok(copy, "verify").out.startswith("OK: 237 events verified")
