"""PostgreSQL against SQLite on the same events: import, search, pages, rebuild."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from typing import Any

from benchmarks.common import ROOT, Results, clock, open_ledger, say
from benchmarks.reads import bench_search, bench_timeline


def postgres_url() -> tuple[str | None, str]:
    url = os.environ.get("CEC_BENCH_POSTGRES_URL")
    if url:
        return url, "CEC_BENCH_POSTGRES_URL"
    script = ROOT / "scripts" / "postgres.sh"
    status = subprocess.run([script, "status"], capture_output=True, text=True)
    if status.returncode != 0:
        return None, "the server is not running (start it with scripts/postgres.sh start)"
    url = subprocess.run([script, "url"], capture_output=True, text=True, check=True)
    return url.stdout.strip(), "scripts/postgres.sh"


@contextlib.contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    import psycopg

    name = f"bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield f"{url}{'&' if '?' in url else '?'}schema={name}"
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{name}" CASCADE')


def bench_postgres(
    res: Results, lines: list[bytes], sqlite_import: float, sqlite_rebuild: float
) -> None:
    """``sqlite_import`` / ``sqlite_rebuild``: seconds for the same lines on SQLite, this run."""
    from cec_ledger.facade.audit import rebuild
    from cec_ledger.facade.importer import import_lines

    url, where = postgres_url()
    if url is None:
        res.note(f"PostgreSQL skipped: {where}")
        return
    n = len(lines)
    say(f"PostgreSQL vs SQLite: {n:,} events ({where})")
    with fresh_schema(url) as schema_url:
        ledger = open_ledger(schema_url, create=True)
        pg_import, report = clock(lambda: import_lines(ledger.app, lines, today=ledger.today()))
        ledger.close()
        res.add(
            "pg_import",
            f"PostgreSQL import of {n:,} events (one transaction, chunks of 2,000)",
            n / pg_import,
            "events/s",
            "SQLite import (same events, this run)",
            n / sqlite_import,
            extra={"slowdown": round(pg_import / sqlite_import, 3), "seconds": round(pg_import, 1)},
            target="pg_import",
        )
        _parts(res, report.timings, n)
        bench_timeline(res, schema_url, None, prefix="PostgreSQL ")
        bench_search(res, schema_url, prefix="PostgreSQL ")
        ledger = open_ledger(schema_url)
        pg_rebuild, _ = clock(lambda: rebuild(ledger))
        ledger.close()
        res.add(
            "pg_rebuild",
            "PostgreSQL rebuild",
            n / pg_rebuild,
            "events/s",
            "SQLite rebuild (same events, this run)",
            n / sqlite_rebuild,
            extra={"slowdown": round(pg_rebuild / sqlite_rebuild, 3)},
        )


def _parts(res: Results, timings: dict[str, Any], n: int) -> None:
    for part in ("insert_events", "views_and_chain"):
        if part in timings:
            res.add(
                f"pg_import_part_{part}",
                f"PostgreSQL import, per event: {part.replace('_', ' ')}",
                timings[part] / n * 1e6,
                "µs",
                "-",
                None,
            )
