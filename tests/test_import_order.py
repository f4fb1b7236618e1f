"""Import keeps the log's interleaving across engagements; the bulk writer an import uses
(``projections.bulk``) writes what recording one by one writes."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from cec_ledger.facade.importer import ImportReport, _Import, import_lines
from cec_ledger.facade.ledger import Ledger
from tests.clihelp import base_engagement, export_bytes, invoke, ok


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


# --- The bulk writer (projections/bulk.py) writes what recording one by one writes ----------
# Its mutants are judged by this file: an import's search words, encrypted engagement rows
# and the seconds it reports per part (the benchmarks read ``ImportReport.timings``).


def test_an_imported_ledger_finds_the_same_words_as_the_original(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Free-text search reads the words the import indexed with each event's view row."""
    ok(sqlite_url, "demo")
    export = tmp_path / "demo.jsonl"
    ok(sqlite_url, "export", "-o", str(export))
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", str(export))
    wanted = ok(sqlite_url, "timeline", "--search", "MOU on protected", "--json").json()
    assert wanted  # the demo records that MOU
    assert ok(copy, "timeline", "--search", "MOU on protected", "--json").json() == wanted


def test_an_encrypted_import_keeps_its_engagement_rows_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An encrypted ledger's engagement rows hold no plaintext, imported or recorded, and
    still list the engagements with the key."""
    from eventsourcing.cipher import AESCipher

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    source = str(tmp_path / "source.db")
    ok(source, "demo")
    export = tmp_path / "demo.jsonl"
    ok(source, "export", "-o", str(export))
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", str(export))
    with sqlite3.connect(copy) as conn:
        rows = "\n".join(str(row) for row in conn.execute("SELECT * FROM cec_engagement_rows"))
    assert rows  # the import wrote the engagement rows
    for secret in ("Rosa Alvarez", "Maple Ridge Community"):
        assert secret not in rows
    listed = ok(copy, "engagement", "list", "--json").json()
    assert listed == ok(source, "engagement", "list", "--json").json()


WRITE_PARTS = ("insert_events", "views_and_chain", "engagement_rows", "commit")


def test_an_import_reports_the_seconds_each_part_of_its_write_took(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Each part of the write is timed once, as seconds spent inside the import: none is
    negative and together they fit in the time the whole import took."""
    ok(sqlite_url, "demo")
    lines = ok(sqlite_url, "export").out.splitlines()
    with Ledger.open(str(tmp_path / "copy.db"), actor="t", create=True) as target:
        started = time.perf_counter()
        report = import_lines(target.app, lines, today=date.today())
        elapsed = time.perf_counter() - started
    assert report.written == len(lines)
    spent = {part: report.timings.get(part) for part in WRITE_PARTS}
    assert all(isinstance(s, float) and 0.0 <= s <= elapsed for s in spent.values()), spent
    assert sum(spent.values()) <= elapsed


def test_an_import_continues_the_log_positions_from_its_head(
    ledger_url: str, tmp_path: Path
) -> None:
    """Positions run 1, 2, 3... with no gap, whether the import starts an empty ledger, or
    continues one whose head is 1 (PostgreSQL sets its sequence to the head first), and the
    continued chain verifies."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    assert len(lines) > 2
    with Ledger.open(ledger_url, actor="t", create=True) as target:
        assert target.import_lines(lines[:1])["written"] == 1
        assert target.import_lines(lines)["written"] == len(lines) - 1
        recorder = target.app.recorder
        positions = [n.id for n in recorder.select_notifications(1, len(lines) + 5)]
    assert positions == list(range(1, len(lines) + 1))
    assert export_bytes(ledger_url) == export_bytes(source)
    assert ok(ledger_url, "verify").out.startswith(f"OK: {len(lines)} events verified")


def test_an_import_onto_a_removed_head_link_still_writes_and_verify_names_it(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Tampering is verify's to report, not the import's to crash on: with the head's chain
    link deleted, the import chains on from the genesis and verify names the unchained event."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    with Ledger.open(sqlite_url, actor="t", create=True) as target:
        target.import_lines(lines[:2])
    with sqlite3.connect(sqlite_url) as conn:
        conn.execute("DELETE FROM cec_chain WHERE position = 2")
    with Ledger.open(sqlite_url, actor="t") as target:
        assert target.import_lines(lines)["written"] == len(lines) - 2
    outcome = invoke(sqlite_url, "verify")
    assert (outcome.code, outcome.err.strip()) == (
        1,
        "error: verification failed: event maple-ridge#2 at position 2 is not in the chain: "
        "it was inserted into history",
    )


def test_the_write_adds_its_seconds_to_the_running_totals(sqlite_url: str, tmp_path: Path) -> None:
    """Chunk after chunk, insert and view seconds add to what the report already holds (here
    a total of an hour seeded before the write), they never replace it."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    hour = 3600.0
    with Ledger.open(sqlite_url, actor="t", create=True) as target:
        report = ImportReport(timings={"insert_events": hour, "views_and_chain": hour})
        run = _Import(target.app, date.today(), False, report)
        for number, raw in enumerate(lines, start=1):
            run.line(raw, number)
        started = time.perf_counter()
        run.write()
        elapsed = time.perf_counter() - started
    for part in ("insert_events", "views_and_chain"):
        assert hour < report.timings[part] <= hour + elapsed, part


def test_an_import_fills_the_positions_a_rolled_back_write_drew_on_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL sequences are not transactional: values a rolled-back write drew (here drawn
    by hand) are skipped by the next insert. The import sets the sequence back to the head
    under its lock, so its positions still follow the head with no gap."""
    source = str(tmp_path / "source.db")
    base_engagement(source)
    lines = export_bytes(source).splitlines()
    with Ledger.open(postgres_url, actor="t", create=True) as target:
        target.import_lines(lines[:2])
        recorder = target.app.recorder
        table = f'"{recorder.datastore.schema}".{recorder.events_table_name}'
        with recorder.datastore.transaction(commit=True) as cursor:
            for _ in range(3):
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))", (table,)
                )
        target.import_lines(lines)
        positions = [n.id for n in recorder.select_notifications(1, len(lines) + 5)]
    assert positions == list(range(1, len(lines) + 1))
