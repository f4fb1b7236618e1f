"""Backups: a consistent online copy of an SQLite ledger, and a verified restore.

``backup`` copies the ledger with SQLite's online backup API: the copy is one consistent
snapshot (never half a transaction) even while other processes keep writing. The copy is
written beside its destination and renamed into place only once its hash chain verifies, so
a destination path either holds a whole verified backup or nothing.

``restore`` checks the backup's hash chain (and, if given, a seal) *before* it accepts it: a
tampered backup is refused with the ``verify`` message. It restores only into a location that
holds no events, and never writes into the backup.

PostgreSQL ledgers are backed up with ``pg_dump`` (docs/security.md, "Backups").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cec_ledger.domain.errors import DomainError, InvalidValue, NotFound, RuleViolation
from cec_ledger.facade.audit import verify
from cec_ledger.facade.ledger import Ledger
from cec_ledger.storage.files import (
    copy_sqlite,
    event_count,
    has_events_table,
    put_in_place,
    remove_sqlite,
)
from cec_ledger.storage.location import LedgerLocation, check_exists, parse_ledger_url

PG_RECIPE = (
    "backup and restore copy SQLite ledgers; for PostgreSQL use pg_dump / pg_restore "
    "(see docs/security.md, 'Backups')"
)


def _sqlite_location(url: str | None) -> LedgerLocation:
    location = parse_ledger_url(url)
    if location.backend != "sqlite":
        raise InvalidValue(PG_RECIPE)
    return location


def verify_file(path: Path, seal: str | None = None) -> dict[str, Any]:
    """Verify the hash chain of the SQLite ledger at ``path`` (read-only); raise if it fails."""
    if not has_events_table(path):
        raise InvalidValue(f"{path} is not a cec-ledger ledger (no stored events)")
    with Ledger.open(str(path), read_only=True) as ledger:
        report = verify(ledger, seal)
        report["events"] = ledger.event_count()
    if not report["ok"]:
        raise RuleViolation(f"verification failed: {report['message']}")
    return report


def backup(url: str | None, destination: str) -> dict[str, Any]:
    """Copy the ledger at ``url`` to ``destination`` (a new file), verified."""
    location = _sqlite_location(url)
    check_exists(location)
    assert location.path is not None
    target = Path(destination).expanduser().resolve()
    if target == location.path:
        raise InvalidValue("the backup must go to another file than the ledger itself")
    if target.exists():
        raise RuleViolation(f"{target} already exists; choose a new file for the backup")
    if not target.parent.is_dir():
        raise NotFound(f"no directory {target.parent} for the backup")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    remove_sqlite(partial)
    try:
        copy_sqlite(location.path, partial)
        report = verify_file(partial)
        put_in_place(partial, target)
    except BaseException:
        remove_sqlite(partial)
        raise
    return {
        "backup": str(target),
        "events": report["events"],
        "checked": report["checked"],
        "head": report["head"],
    }


def restore(url: str | None, source: str, seal: str | None = None) -> dict[str, Any]:
    """Restore the backup ``source`` into the ledger location ``url`` (which holds no events),
    after verifying the backup's chain (and seal)."""
    location = _sqlite_location(url)
    assert location.path is not None
    backup_path = Path(source).expanduser().resolve()
    if not backup_path.is_file():
        raise NotFound(f"no backup at {backup_path}")
    if backup_path == location.path:
        raise InvalidValue("restore needs a backup file other than the ledger itself")
    target = location.path
    existing = event_count(target)
    if existing:
        raise RuleViolation(
            f"the ledger at {target} already holds {existing} events; restore only into a new "
            "or empty ledger (choose another --ledger path)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    remove_sqlite(partial)
    try:
        # Verify the copy, not the original: what lands is exactly what was verified, and the
        # backup file is only ever read.
        copy_sqlite(backup_path, partial)
        try:
            report = verify_file(partial, seal)
        except RuleViolation as error:
            raise RuleViolation(
                f"the backup {backup_path.name} was refused: {error}; nothing was restored"
            ) from None
        if event_count(target):
            raise RuleViolation(f"the ledger at {target} received events during the restore")
        remove_sqlite(target)
        put_in_place(partial, target)
    except BaseException:
        remove_sqlite(partial)
        raise
    # Open it once writable so its views catch up with the log.
    try:
        with Ledger.open(str(target)):
            pass
    except DomainError:
        pass  # e.g. an encrypted backup without its key: the views catch up on first use
    return {
        "ledger": str(target),
        "events": report["events"],
        "checked": report["checked"],
        "head": report["head"],
        "seal": report.get("seal"),
    }
