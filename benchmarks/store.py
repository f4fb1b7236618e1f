"""Import and rebuild against the raw limit, and what the views cost on disk."""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from benchmarks.common import (
    Results,
    clock,
    events_ddl,
    median_time,
    open_ledger,
    raw_connect,
    remove_db,
    say,
    stored_rows,
)

# The parts of an import, in the order they happen (facade.importer's ImportReport.timings).
IMPORT_PARTS = {
    "parse": "parse and type the line",
    "plugin_rules": "plugin rules (today's, reported)",
    "rules_and_fold": "domain rules of the event's epoch + fold (corrections re-fold)",
    "map_and_words": "map to stored bytes once + search words",
    "insert_events": "insert the events through the recorder (chunks, one transaction)",
    "views_and_chain": "event rows, search index, chain links",
    "engagement_rows": "engagement rows (Pathway, capacity) once per engagement",
    "commit": "commit",
    "snapshots": "snapshots of long engagements (after the commit)",
}


def bench_import(res: Results, work: Path, lines: list[bytes], repeat: int) -> tuple[Path, float]:
    """The import (checked, one transaction, views and chain) vs raw sqlite3 inserting the same
    stored payloads; the per-event cost of each part; eventsourcing's bare save."""
    from cec_ledger.facade.importer import import_lines

    n = len(lines)
    say(f"import: {n:,} events, {repeat} run(s)")
    totals, timings, db = [], [], work / "import-0.db"
    for run in range(repeat):
        db = work / f"import-{run}.db"
        ledger = open_ledger(str(db), create=True)
        seconds, report = clock(
            lambda ledger=ledger: import_lines(ledger.app, lines, today=ledger.today())
        )
        ledger.close()
        totals.append(seconds)
        timings.append(report.timings)
        if run < repeat - 1:
            remove_db(db)
    rows = stored_rows(db)
    assert len(rows) == n, f"imported {len(rows)} of {n}"
    raw_seconds = statistics.median(
        raw_insert(work, db, rows, run) for run in range(max(repeat, 3))
    )
    total = statistics.median(totals)
    res.add(
        "import",
        "import: checked, events + views + search + chain, one transaction",
        n / total,
        "events/s",
        "raw sqlite3 insert+orjson, 1 txn",
        n / raw_seconds,
        target="import",
        extra={"seconds": round(total, 3), "raw_seconds": round(raw_seconds, 3)},
    )
    best = timings[totals.index(total)]
    for part, label in IMPORT_PARTS.items():
        if part in best:
            res.add(
                f"import_part_{part}",
                f"import, per event: {label}",
                best[part] / n * 1e6,
                "µs",
                "raw insert, per event",
                raw_seconds / n * 1e6,
            )
    bare = bare_save(work, db)
    res.add(
        "import_bare_save",
        "eventsourcing's bare save of the same events (mapping + insert, batches of 10,000)",
        n / bare,
        "events/s",
        "raw sqlite3 insert+orjson, 1 txn",
        n / raw_seconds,
    )
    return db, total


def raw_insert(work: Path, db: Path, rows: list[tuple[Any, ...]], run: int) -> float:
    decoded = [(a, b, c, orjson.loads(d)) for a, b, c, d in rows]
    path = work / f"raw-insert-{run}.db"
    con = raw_connect(path)
    for statement in events_ddl(db):
        con.execute(statement)

    def insert() -> None:
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            [(a, b, c, orjson.dumps(d)) for a, b, c, d in decoded],
        )
        con.execute("COMMIT")

    seconds, _ = clock(insert)
    con.close()
    remove_db(path)
    return seconds


def bare_save(work: Path, db: Path) -> float:
    """eventsourcing mapping and inserting the imported events, nothing else (no rules, no
    views): the floor of any checked import through the library's save."""
    from uuid import UUID

    from eventsourcing.persistence import StoredEvent

    source = open_ledger(str(db), read_only=True)
    events = [
        source.app.mapper.to_domain_event(StoredEvent(UUID(a), b, c, d))
        for a, b, c, d in stored_rows(db)
    ]
    source.close()
    target = work / "bare.db"
    ledger = open_ledger(str(target), create=True)
    ledger.app.after_save.clear()

    def save() -> None:
        for start in range(0, len(events), 10_000):
            ledger.app.events.put(events[start : start + 10_000])

    seconds, _ = clock(save)
    ledger.close()
    remove_db(target)
    return seconds


# ---------------------------------------------------------------------- bytes
VIEW_TABLES = {
    "cec_event_rows": "event rows",
    "cec_engagement_rows": "engagement rows",
    "cec_search": "search index",
    "cec_timeline": "timeline (before)",
    "cec_engagements": "engagements (before)",
}


def view_bytes(db: Path) -> dict[str, float]:
    """Bytes per event on disk (SQLite dbstat): views (tables and their indexes), search
    index, chain, events, snapshots."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        events = con.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0] or 1
        owners = dict(
            con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
        )
        sizes: dict[str, int] = {}
        for name, size in con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            table = owners.get(name, name)
            if table.startswith("cec_search"):
                table = "cec_search"
            sizes[table] = sizes.get(table, 0) + size
    views = sum(v for k, v in sizes.items() if k in VIEW_TABLES)
    return {
        "views": views / events,
        "chain": sizes.get("cec_chain", 0) / events,
        "events": sizes.get("stored_events", 0) / events,
        "snapshots": sizes.get("stored_snapshots", 0) / events,
        "search": sizes.get("cec_search", 0) / events,
    }


def bench_bytes(res: Results, db: Path, before: Path | None) -> None:
    after = view_bytes(db)
    old = view_bytes(before) if before and before.exists() else None
    for part in ("views", "search", "chain", "snapshots", "events"):
        res.add(
            f"bytes_{part}",
            f"bytes per event on disk: {part}",
            after[part],
            "B",
            "before (views of revision 3)" if old else "-",
            old[part] if old else None,
        )


# ---------------------------------------------------------------------- rebuild
def bench_rebuild(res: Results, db: Path, repeat: int) -> float:
    from cec_ledger.facade.audit import rebuild

    ledger = open_ledger(str(db))
    n = ledger.event_count()
    say(f"rebuild: {n:,} events, {repeat} run(s)")
    seconds = median_time(lambda: rebuild(ledger), repeat)
    ledger.close()
    read = median_time(lambda: raw_read(db), max(repeat, 3))
    write = statistics.median(raw_minimal_write(db) for _ in range(max(repeat, 3)))
    res.add(
        "rebuild",
        "rebuild views (event rows, search, engagement rows)",
        n / seconds,
        "events/s",
        "raw read+decode of every event + raw write of a minimal row each, same indexes",
        n / (read + write),
        target="rebuild",
        extra={"seconds": round(seconds, 3), "read_s": round(read, 3), "write_s": round(write, 3)},
    )
    return seconds


def raw_read(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as con:
        for (state,) in con.execute("SELECT state FROM stored_events ORDER BY rowid"):
            orjson.loads(state)


def raw_minimal_write(db: Path) -> float:
    """A minimal timeline row per event (position, engagement, type, two dates, actor,
    summary) into a fresh table with the event rows' indexes, one transaction. The rows are
    taken from the stored events (the summary stands in as their first 80 bytes): nothing is
    computed, so this is the floor under any rebuild."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        rows = []
        for position, eid, topic, state in con.execute(
            "SELECT rowid, originator_id, topic, state FROM stored_events ORDER BY rowid"
        ):
            data = orjson.loads(state)
            rows.append(
                (
                    position,
                    eid,
                    topic.rsplit(":", 1)[-1],
                    data.get("occurred_on"),
                    data.get("timestamp"),
                    data.get("recorded_by"),
                    bytes(state[:80]).decode("utf-8", "replace"),
                )
            )
    with tempfile.TemporaryDirectory() as tmp:
        con = raw_connect(Path(tmp) / "rows.db")
        con.execute(
            "CREATE TABLE t (position INTEGER PRIMARY KEY, engagement TEXT, type TEXT, "
            "occurred_on TEXT, recorded_at TEXT, actor TEXT, summary TEXT)"
        )
        for name, columns in (
            ("t_eng", "engagement"),
            ("t_eng_type", "engagement, type"),
            ("t_type", "type"),
            ("t_actor", "actor"),
            ("t_occurred", "occurred_on"),
        ):
            con.execute(f"CREATE INDEX {name} ON t ({columns})")
        started = time.perf_counter()
        con.execute("BEGIN")
        con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
        elapsed = time.perf_counter() - started
        con.close()
    return elapsed
