"""SQLite files as files: a consistent online copy, and removing or renaming a ledger file
with its -wal and -shm companions. The backup and restore *policy* (verify before accepting)
is the facade's (``cec_ledger.facade.backup``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from cec_ledger.domain.errors import InvalidValue, NotFound


def copy_sqlite(source: Path, target: Path) -> None:
    """SQLite online backup of ``source`` (opened read-only) into a new file ``target``."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as error:
        raise NotFound(f"cannot read {source}: {error}") from None
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            # The copy stays in WAL mode (as the ledger opens it); closing this last
            # connection checkpoints it, so the file is complete on its own.
        finally:
            dst.close()
    except sqlite3.DatabaseError as error:
        raise InvalidValue(f"{source} is not a ledger (SQLite says: {error})") from None
    finally:
        src.close()


def remove_sqlite(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def put_in_place(partial: Path, target: Path) -> None:
    """Rename the verified copy into place; drop the empty -wal/-shm its check left."""
    os.replace(partial, target)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def has_events_table(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return bool(
                conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stored_events'"
                ).fetchone()
            )
    except sqlite3.DatabaseError:
        return False


def event_count(path: Path) -> int:
    if not path.exists() or not has_events_table(path):
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    return int(count)
