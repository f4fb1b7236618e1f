"""Locks and refusals from the database, as one clear line each.

A locked SQLite file or a PostgreSQL lock timeout is waited for with a random, growing pause
(full jitter), then reported; a database that refuses a write (a SELECT-only role, a
read-only session or file) is told apart from a broken one.
"""

from __future__ import annotations

import random
import time

from cec_ledger.domain.errors import ReadOnlyLedger
from cec_ledger.storage.errors import LedgerUnavailable
from cec_ledger.storage.location import BUSY_ENV, READ_ONLY_OPTIONS


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" / busy, PostgreSQL's lock timeout, by message."""
    text = str(error).lower()
    return "locked" in text or "busy" in text or "lock timeout" in text


def write_refused(error: BaseException) -> Exception | None:
    """The database refusing a write (a SELECT-only role, a read-only session or file) as
    one clear line, or None when the error is something else."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    lowered = text.lower()
    if "disk is full" in lowered or "no space left" in lowered:
        return LedgerUnavailable(
            "the disk is full (the database could not grow); nothing was written: free some "
            "space, then try again"
        )
    if "permission denied" in lowered or "read-only" in lowered or "readonly" in lowered:
        return ReadOnlyLedger(
            f"the database refused the write ({text}); nothing was written (an auditor's "
            "read-only access? use --read-only to read)"
        )
    return None


def busy_error(seconds: float) -> Exception:
    """A lock that outlasted the retries, as one clear line."""
    return LedgerUnavailable(
        f"the ledger stayed locked by another writer for {seconds:.0f} seconds (database is "
        f"locked); nothing was written, try again (wait longer with {BUSY_ENV})"
    )


def pause(attempt: int) -> None:
    """A random pause that grows with the attempt (full jitter), at most half a second."""
    time.sleep(random.uniform(0, min(0.5, 0.005 * 2 ** min(attempt, 10))))


def read_only_factory(factory: object) -> None:
    """Make every pooled PostgreSQL connection start read-only (a libpq startup option), so
    the server itself refuses any write made through the application's own connections."""
    datastore = getattr(factory, "datastore", None)
    pool = getattr(datastore, "pool", None)
    if pool is not None and isinstance(getattr(pool, "kwargs", None), dict):
        pool.kwargs["options"] = READ_ONLY_OPTIONS
