"""Writing: one event on a big ledger, and on a long engagement against a short one."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from benchmarks.common import Results, clock, median_time, open_ledger, raw_connect, read_lines, say
from benchmarks.generate import ledger_file


def record_one(ledger: Any, slug: str, note: str) -> Any:
    return ledger.record(
        slug,
        "OutcomeObserved",
        tier="short_term",
        dimension="common_language",
        evidence=f"Benchmark: one more event {note}.",
    )


def bench_incremental(res: Results, db: Path, work: Path) -> None:
    """One ledger.record (rules, save, views and chain catch-up) vs one raw insert+commit."""
    path = work / "incremental.db"
    shutil.copyfile(db, path)
    ledger = open_ledger(str(path))
    say(f"incremental: one event on a ledger of {ledger.event_count():,}")
    rows = ledger.views.query(
        "SELECT slug FROM {p}cec_engagement_rows WHERE status = 'open' ORDER BY slug LIMIT 7"
    )
    times = []
    for row in rows:
        seconds, _ = clock(lambda slug=row["slug"]: record_one(ledger, slug, "on a big ledger"))
        times.append(seconds)
    ledger.close()
    con = raw_connect(path)
    payload = orjson.dumps({"evidence": "Benchmark", "tier": "short_term"})
    raw_times = []
    for k in range(7):
        started = time.perf_counter()
        con.execute(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            ("raw-bench", k + 1, "bench:Raw", payload),
        )  # autocommit: one commit per row
        raw_times.append(time.perf_counter() - started)
    con.close()
    res.add(
        "incremental",
        "one ledger.record incl. catch-up, big ledger",
        statistics.median(times) * 1000,
        "ms",
        "raw single-row insert + commit",
        statistics.median(raw_times) * 1000,
    )


def _imported(work: Path, size: int) -> tuple[Path, str, list[bytes]]:
    from cec_ledger.facade.importer import import_lines

    lines = read_lines(ledger_file(size, single=True))
    db = work / f"single-{size}.db"
    ledger = open_ledger(str(db), create=True)
    import_lines(ledger.app, lines, today=ledger.today())
    ledger.close()
    return db, orjson.loads(lines[0])["engagement"], lines


def bench_long_engagement(res: Results, work: Path, long: int) -> None:
    """Writes on an engagement of ``long`` events against writes on one of 10 (same process,
    the Ledger kept open as the TUI keeps it; and the first write after opening, which loads
    the engagement's snapshot); the TUI's state panel and ``show`` on the long one."""
    say(f"writes: an engagement of {long:,} events against one of 10")
    started = time.perf_counter()
    long_db, long_slug, lines = _imported(work, long)
    import_seconds = time.perf_counter() - started
    res.add(
        "import_single",
        f"import one engagement of {long:,} events",
        long / import_seconds,
        "events/s",
        "-",
        None,
        extra={"seconds": round(import_seconds, 3)},
    )
    short_db, short_slug, _ = _imported(work, 10)
    measured = {}
    for name, db, slug in (("short", short_db, short_slug), ("long", long_db, long_slug)):
        ledger = open_ledger(str(db))
        first, _ = clock(lambda ledger=ledger, slug=slug: record_one(ledger, slug, "first"))
        warm = median_time(lambda ledger=ledger, slug=slug: record_one(ledger, slug, "again"), 7)
        measured[name] = (first, warm)
        ledger.close()
    res.add(
        "write_long",
        f"one write on an engagement of {long:,} events (process kept open)",
        measured["long"][1] * 1000,
        "ms",
        "one write on an engagement of 10 events",
        measured["short"][1] * 1000,
        target="write_long",
    )
    res.add(
        "write_long_first",
        f"first write after opening the ledger, engagement of {long:,} (snapshot load)",
        measured["long"][0] * 1000,
        "ms",
        "the same on an engagement of 10 events",
        measured["short"][0] * 1000,
    )
    ledger = open_ledger(str(long_db))
    state = ledger.app.get_engagement(ledger.resolve(long_slug)).state
    pathway = median_time(state.pathway, 3)
    res.add(
        "write_long_pathway",
        "of which the Pathway's progress for the engagement row (domain.pathway.progress)",
        pathway * 1000,
        "ms",
        "-",
        None,
    )
    head = ledger.engagement(long_slug)["version"]
    panel = {
        where: median_time(lambda v=version: ledger.state_after(long_slug, v), 3)
        for where, version in (("head", head), ("middle", head // 2))
    }
    for where, seconds in panel.items():
        res.add(
            f"state_panel_{where}",
            f"TUI state panel (state after an event) at the {where}, {long:,} events",
            seconds * 1000,
            "ms",
            "-",
            None,
            target="state_panel",
        )
    first = orjson.loads(lines[0])
    last = orjson.loads(lines[-1])
    start, end = date.fromisoformat(first["occurred_on"]), date.fromisoformat(last["occurred_on"])
    middle = date.fromordinal((start.toordinal() + end.toordinal()) // 2).isoformat()
    as_of = median_time(lambda: ledger.engagement(long_slug, as_of=middle), 3)
    current = median_time(lambda: ledger.engagement(long_slug), 3)
    ledger.close()
    raw = median_time(lambda: _raw_stream(long_db, first["engagement_id"]), 5)
    res.add(
        "show_as_of",
        f"engagement show --as-of (fold {long:,} events)",
        as_of * 1000,
        "ms",
        "raw read of its rows + orjson.loads",
        raw * 1000,
    )
    res.add(
        "show_current",
        "engagement show (snapshot + later events)",
        current * 1000,
        "ms",
        "raw read of its rows + orjson.loads",
        raw * 1000,
    )


def _raw_stream(db: Path, engagement_id: str) -> None:
    with contextlib.closing(sqlite3.connect(db)) as con:
        for (state,) in con.execute(
            "SELECT state FROM stored_events WHERE originator_id = ? ORDER BY originator_version",
            (UUID(engagement_id).hex,),  # eventsourcing's SQLite stores ids as hex
        ):
            orjson.loads(state)
