"""SQLite files as files: a consistent online copy, and removing or renaming a ledger file
with its -wal and -shm companions. The backup and restore *policy* (verify before accepting)
is the facade's (``cec_ledger.facade.backup``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from cec_ledger.domain.errors import DomainError, InvalidValue, NotFound, os_failure
from cec_ledger.storage.location import LedgerLocation


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


def stored_originators(path: Path) -> set[str] | None:
    """The ids (32 hex digits) of every aggregate with events in the SQLite file at ``path``:
    an empty set for an empty file or a database without tables, None when the file is not
    a ledger (another SQLite database, or not SQLite at all)."""
    if path.stat().st_size == 0:
        return set()
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return set()
            if "stored_events" not in tables:
                return None
            rows = conn.execute("SELECT DISTINCT originator_id FROM stored_events").fetchall()
    except sqlite3.DatabaseError:
        return None
    return {str(row[0]).replace("-", "").lower() for row in rows}


def event_count(path: Path) -> int:
    if not path.exists() or not has_events_table(path):
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    return int(count)


def sqlite_file_problem(location: LedgerLocation, *, create: bool) -> DomainError | None:
    """Why SQLite could not open a ledger file, in a user's words (SQLite itself says only
    "unable to open database file"): no permission, a read-only file system, a full disk.
    None when the file and its directory look usable (the cause is elsewhere)."""
    path = location.path
    assert path is not None
    try:
        if path.exists():
            with path.open("rb"):
                pass
            if create:
                with path.open("r+b"):
                    pass
        if create:
            # SQLite writes its -wal and -shm files beside the ledger: the directory must
            # take new files.
            probe = path.parent / f".{path.name}.probe-{os.getpid()}"
            probe.touch()
            probe.unlink()
    except OSError as error:
        where = path if path.exists() else path.parent
        return os_failure(error, f"cannot open the ledger {path} (in {where})")
    return None
