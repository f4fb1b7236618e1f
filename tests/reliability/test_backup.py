"""Backup and restore: consistent online copies while another process writes, restore only
after the backup's chain verifies (a tampered backup is refused with the verify message),
never over a ledger with events; PostgreSQL points at the pg_dump recipe."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from tests.clihelp import base_engagement, export_bytes, invoke, ok
from tests.reliability import workers

SESSIONS = 300
PG_LINE = (
    "error: backup and restore copy SQLite ledgers; for PostgreSQL use pg_dump / pg_restore "
    "(see docs/security.md, 'Backups')\n"
)


@pytest.mark.slow
def test_backup_while_another_process_writes(sqlite_url: str, tmp_path: Path) -> None:
    base_engagement(sqlite_url)
    ctx = multiprocessing.get_context("spawn")
    writer = ctx.Process(
        target=workers.log_sessions, args=(sqlite_url, 0, SESSIONS, time.time() + 2.0), daemon=True
    )
    writer.start()
    backups = []
    try:
        time.sleep(2.1)
        for n in range(4):
            dest = tmp_path / f"backup-{n}.db"
            out = ok(sqlite_url, "backup", str(dest)).out
            assert out.startswith("Backed up ") and "(verified: chain intact" in out
            backups.append(dest)
            time.sleep(0.05)
    finally:
        writer.join(120)
    assert writer.exitcode == 0
    final = export_bytes(sqlite_url).splitlines()
    counts = []
    for dest in backups:
        lines = export_bytes(str(dest)).splitlines()
        assert lines == final[: len(lines)], "a backup is not a consistent prefix of the log"
        counts.append(len(lines))
        ok(str(dest), "verify")
    assert counts == sorted(counts) and counts[0] >= 5
    assert len(final) == 5 + SESSIONS
    assert any(5 < c < len(final) for c in counts), f"no backup overlapped the writes: {counts}"


def test_restore_round_trip_and_seal(sqlite_url: str, tmp_path: Path) -> None:
    base_engagement(sqlite_url)
    seal = ok(sqlite_url, "seal").out.strip()
    dest = tmp_path / "backup.db"
    ok(sqlite_url, "backup", str(dest))
    outcome = invoke(sqlite_url, "backup", str(dest))
    assert outcome.code == 1 and "already exists" in outcome.err
    restored = str(tmp_path / "restored.db")
    out = ok(restored, "restore", str(dest), "--seal", seal).out
    assert out.startswith("Restored 5 events into ") and "its seal matches" in out
    assert export_bytes(restored) == export_bytes(sqlite_url)
    ok(restored, "verify", "--seal", seal)
    # The restored ledger is a working ledger.
    ok(restored, "team", "stage", "maple-ridge", "dlt", "norm", "--on", "2025-10-01")
    # An initialised but empty ledger may be restored into.
    empty = str(tmp_path / "empty.db")
    ok(empty, "init")
    ok(empty, "restore", str(dest))
    assert export_bytes(empty) == export_bytes(sqlite_url)


def test_restore_refuses_a_non_empty_ledger(sqlite_url: str, tmp_path: Path) -> None:
    base_engagement(sqlite_url)
    dest = tmp_path / "backup.db"
    ok(sqlite_url, "backup", str(dest))
    ok(sqlite_url, "team", "stage", "maple-ridge", "dlt", "norm", "--on", "2025-10-01")
    before = export_bytes(sqlite_url)
    outcome = invoke(sqlite_url, "restore", str(dest))
    assert outcome.code == 1
    assert outcome.err.startswith(f"error: the ledger at {sqlite_url} already holds 6 events")
    assert export_bytes(sqlite_url) == before


def test_tampered_backup_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    base_engagement(sqlite_url)
    dest = tmp_path / "backup.db"
    ok(sqlite_url, "backup", str(dest))
    with sqlite3.connect(dest) as conn:
        (state,) = conn.execute("SELECT state FROM stored_events WHERE rowid = 2").fetchone()
        changed = state.replace(b"R. Alvarez", b"S. Alvarez")
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = 2", (changed,))
    target = tmp_path / "restored.db"
    outcome = invoke(str(target), "restore", str(dest))
    assert outcome.code == 1
    assert outcome.err == (
        "error: the backup backup.db was refused: verification failed: event maple-ridge#2 at "
        "position 2 was changed after it was recorded (its stored bytes no longer match the "
        "chain); nothing was restored\n"
    )
    assert not target.exists()
    assert not list(tmp_path.glob(".restored.db.partial*"))
    # A seal that does not match is refused too.
    clean = tmp_path / "clean.db"
    ok(sqlite_url, "backup", str(clean))
    outcome = invoke(str(target), "restore", str(clean), "--seal", "cec-seal-v1:5:" + "0" * 24)
    assert outcome.code == 1 and "differs from the seal" in outcome.err
    assert not target.exists()


def test_restore_refuses_what_is_not_a_ledger(sqlite_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, not a database" * 100)
    outcome = invoke(sqlite_url, "restore", str(junk))
    assert outcome.code == 1 and outcome.err.count("\n") == 1
    assert "is not a ledger" in outcome.err
    outcome = invoke(sqlite_url, "restore", str(tmp_path / "missing.db"))
    assert outcome.code == 1 and "no backup at" in outcome.err
    outcome = invoke(sqlite_url, "restore", str(junk), read_only=True)
    assert outcome.code == 1 and "read-only" in outcome.err
    assert not Path(sqlite_url).exists()


def test_encrypted_backup(sqlite_url: str, tmp_path: Path, monkeypatch) -> None:
    from eventsourcing.cipher import AESCipher

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    base_engagement(sqlite_url)
    dest = tmp_path / "backup.db"
    ok(sqlite_url, "backup", str(dest))
    restored = str(tmp_path / "restored.db")
    ok(restored, "restore", str(dest))
    assert export_bytes(restored) == export_bytes(sqlite_url)
    monkeypatch.delenv("CEC_LEDGER_KEY")
    with sqlite3.connect(dest) as conn:
        states = [bytes(s) for (s,) in conn.execute("SELECT state FROM stored_events")]
    assert not any(b"R. Alvarez" in s for s in states)
    ok(restored, "verify")


@pytest.mark.postgres
def test_postgres_points_at_pg_dump(postgres_url: str, tmp_path: Path) -> None:
    base_engagement(postgres_url)
    outcome = invoke(postgres_url, "backup", str(tmp_path / "b.db"))
    assert (outcome.code, outcome.err) == (1, PG_LINE)
    outcome = invoke(postgres_url, "restore", str(tmp_path / "b.db"))
    assert (outcome.code, outcome.err) == (1, PG_LINE)
    doc = (Path(__file__).parents[2] / "docs" / "security.md").read_text()
    assert "pg_dump --format=custom" in doc and "pg_restore" in doc
