"""Failures of the operating system, each one line in a user's words (issue 10, finding 10).

A missing directory, a directory given as the ledger, no permission, a read-only file system,
a full disk and a locked database: each case runs the real CLI and checks exit 1, one line on
stderr that says what happened, nothing written, and neither "unexpected" nor an exception
class name. Failures no test machine can produce on demand (a read-only file system, a full
disk) are simulated by raising the error the system would raise, where it would raise it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.clihelp import base_engagement, export_bytes, invoke

E = "maple-ridge"
# A session of a catalogue service before any services plan (rules epoch 3: with a reason).
SESSION = [
    *("session", "log", E, "--delivery", "training", "--topic", "t", "--consultant", "Ana"),
    *("--service", "dlt-slt-plc-integration", "--unplanned", "before the services plan"),
]
CLASS_NAME = re.compile(r"\b[A-Za-z]*(Error|Exception)\b|Decimal\(")


def one_clear_line(err: str) -> str:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "unexpected" not in err and not CLASS_NAME.search(err), err
    assert "Traceback" not in err
    return err


def _raise_os(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def _refuse_insert(message: str):
    from eventsourcing.persistence import OperationalError

    def insert_events(self, *args, **kwargs):
        raise OperationalError(message)

    return insert_events


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    url = str(tmp_path / "ledger.db")
    base_engagement(url)
    return url


def test_missing_directory(ledger: str, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "export.jsonl"
    outcome = invoke(ledger, "export", "-o", str(target))
    assert outcome.code == 1
    assert one_clear_line(outcome.err) == (
        f"error: cannot write {target}: no directory {target.parent}; nothing was written\n"
    )


def test_a_directory_as_the_ledger(tmp_path: Path) -> None:
    for command in (["engagement", "list"], ["init"]):
        outcome = invoke(str(tmp_path), *command)
        assert outcome.code == 1
        assert one_clear_line(outcome.err).startswith(
            f"error: {tmp_path} is a directory, not a ledger file"
        )


def test_no_permission_to_create_a_ledger(tmp_path: Path) -> None:
    """``init`` in a directory the user may not write. Root ignores file modes, so as root
    the command runs without the capability that lets it (setpriv)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    target = locked / "ledger.db"
    try:
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: cannot drop CAP_DAC_OVERRIDE")
            code = "import sys; from cec_ledger.cli import main; main()"
            result = subprocess.run(
                [
                    "setpriv",
                    "--bounding-set=-dac_override,-dac_read_search",
                    sys.executable,
                    "-c",
                    code,
                    "--ledger",
                    str(target),
                    "init",
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "HOME": str(tmp_path)},
            )
            err, status = result.stderr, result.returncode
        else:
            outcome = invoke(str(target), "init")
            err, status = outcome.err, outcome.code
    finally:
        locked.chmod(0o755)
    assert status == 1
    assert "permission denied; nothing was written" in one_clear_line(err)
    assert str(locked) in err
    assert not target.exists()


def test_read_only_file_system_when_writing_an_export(
    ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _raise_os(errno.EROFS))
    target = tmp_path / "export.jsonl"
    outcome = invoke(ledger, "export", "-o", str(target))
    assert outcome.code == 1
    assert one_clear_line(outcome.err) == (
        f"error: cannot write {target}: the file system is read-only; nothing was written\n"
    )
    assert not target.exists()


def test_read_only_file_system_when_recording(ledger: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventsourcing.sqlite import SQLiteAggregateRecorder

    before = export_bytes(ledger)
    monkeypatch.setattr(
        SQLiteAggregateRecorder,
        "insert_events",
        _refuse_insert("attempt to write a readonly database"),
    )
    outcome = invoke(ledger, *SESSION, "--hours", "1", "--participants", "3")
    assert outcome.code == 1
    assert "the database refused the write" in one_clear_line(outcome.err)
    assert "nothing was written" in outcome.err
    monkeypatch.undo()
    assert export_bytes(ledger) == before


def test_disk_full_when_recording(ledger: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventsourcing.sqlite import SQLiteAggregateRecorder

    before = export_bytes(ledger)
    monkeypatch.setattr(
        SQLiteAggregateRecorder, "insert_events", _refuse_insert("database or disk is full")
    )
    outcome = invoke(ledger, *SESSION, "--hours", "1", "--participants", "3")
    assert outcome.code == 1
    assert one_clear_line(outcome.err).startswith("error: the disk is full")
    assert "nothing was written" in outcome.err
    monkeypatch.undo()
    assert export_bytes(ledger) == before


def test_disk_full_when_writing_a_report(
    ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Path, "write_text", _raise_os(errno.ENOSPC))
    target = tmp_path / "report.md"
    outcome = invoke(ledger, "report", E, "-o", str(target))
    assert outcome.code == 1
    assert one_clear_line(outcome.err) == (
        f"error: cannot write {target}: the disk is full; nothing was written\n"
    )


def test_a_locked_database(ledger: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEC_LEDGER_BUSY_TIMEOUT", "1")
    before = export_bytes(ledger)
    holder = sqlite3.connect(ledger, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        outcome = invoke(ledger, *SESSION, "--hours", "1", "--participants", "3")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.code == 1
    assert "stayed locked by another writer" in one_clear_line(outcome.err)
    assert export_bytes(ledger) == before
