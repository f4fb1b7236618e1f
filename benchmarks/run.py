"""The ledger measured against the raw limit: each figure beside its baseline, in one run.

    python -m benchmarks.run --quick     # 10k events, about two minutes (make bench)
    python -m benchmarks.run --full      # 1M events (make bench-full); long on 2 cores

Every measurement is paired with a raw baseline measured in the same process, on the same
machine, minutes apart, so the *ratio* means something on a shared, noisy machine even when
the absolute figures move. Repeated measurements report the median.

Results go to ``benchmarks/results/<mode>.json`` and to the table between the
``<!-- bench:<mode> -->`` markers in ``docs/performance.md`` (replaced in place).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from benchmarks.generate import ledger_file

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "performance.md"

MODES: dict[str, dict[str, Any]] = {
    # events: the big ledger; single: one engagement with that many events (show --as-of);
    # repeat: runs of the bulk measurements (median); pg_events: PostgreSQL import size.
    # quick: the single engagement is 2,000 events so the run fits in two minutes (importing
    # one long engagement is quadratic today: see docs/performance.md).
    "quick": {"events": 10_000, "single": 2_000, "repeat": 3, "pg_events": 10_000},
    # pg_events stays at 10k: importing 30k+ events into PostgreSQL in one transaction hangs
    # in psycopg's pipeline sync inside eventsourcing's insert_events (see docs/performance.md).
    "full": {"events": 1_000_000, "single": 10_000, "repeat": 1, "pg_events": 10_000},
}
TARGETS = {
    "import": ("ratio", ">=", 0.5),
    "rebuild": ("ratio", ">=", 0.5),
    "cli_help": ("ratio", "<=", 1.5),
    "timeline_page": ("ms", "<=", 50.0),
    "pg_import": ("ratio", "<=", 3.0),
}


# ---------------------------------------------------------------------- helpers
def say(text: str) -> None:
    print(text, flush=True)


def clock(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_time(fn: Callable[[], Any], runs: int) -> float:
    return statistics.median(clock(fn)[0] for _ in range(runs))


def machine() -> dict[str, Any]:
    import eventsourcing

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": _cpu_name(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": getattr(eventsourcing, "__version__", "9.5.6"),
        "orjson": orjson.__version__,
        "platform": platform.platform(terse=True),
    }


def _cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


class Results:
    """Measurements with their baselines; ratio = ledger / baseline (rates or times)."""

    def __init__(self, mode: str, config: dict[str, Any]) -> None:
        self.data: dict[str, Any] = {
            "mode": mode,
            "config": config,
            "machine": machine(),
            "measurements": [],
            "notes": [],
        }

    def add(
        self,
        key: str,
        label: str,
        value: float,
        unit: str,
        baseline_label: str,
        baseline: float | None,
        *,
        target: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        ratio = value / baseline if baseline else None
        row: dict[str, Any] = {
            "key": key,
            "label": label,
            "value": round(value, 3),
            "unit": unit,
            "baseline": baseline_label,
            "baseline_value": None if baseline is None else round(baseline, 3),
            "ratio": None if ratio is None else round(ratio, 3),
            "target": None,
            "met": None,
        }
        if target:
            kind, op, limit = TARGETS[target]
            measured = ratio if kind == "ratio" else value
            if measured is not None:
                met = measured >= limit if op == ">=" else measured <= limit
                row["target"] = f"{'ratio' if kind == 'ratio' else unit} {op} {limit:g}"
                row["met"] = met
        if extra:
            row.update(extra)
        self.data["measurements"].append(row)
        shown = f"{row['ratio']:.2f}x" if row["ratio"] is not None else "-"
        verdict = "" if row["met"] is None else ("  [met]" if row["met"] else "  [MISSED]")
        say(
            f"  {label}: {value:,.1f} {unit}  vs {baseline_label}: "
            f"{'-' if baseline is None else f'{baseline:,.1f}'} {unit}  ratio {shown}{verdict}"
        )

    def note(self, text: str) -> None:
        self.data["notes"].append(text)
        say(f"  note: {text}")


def read_lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def open_ledger(url: str, *, create: bool = False) -> Any:
    from cec_ledger.facade.ledger import Ledger

    return Ledger.open(url, actor="bench", create=create)


def stored_rows(db: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        ).fetchall()


def events_ddl(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return [
            sql
            for (sql,) in con.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'stored_events' AND sql IS NOT NULL"
            )
        ]


def raw_connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    return con


# ---------------------------------------------------------------------- import
class TimedHooks:
    """Splits a Ledger.import_lines run into storing events and catching the views up."""

    def __init__(self, ledger: Any) -> None:
        self.projection = 0.0
        hooks = ledger.app.after_save
        original = list(hooks)

        def timed() -> None:
            started = time.perf_counter()
            for hook in original:
                hook()
            self.projection += time.perf_counter() - started

        hooks[:] = [timed]


def bench_import(res: Results, work: Path, lines: list[bytes], repeat: int) -> Path:
    """Ledger.import_lines vs raw sqlite3 inserting the same payloads in one transaction."""
    n = len(lines)
    say(f"import: {n:,} events, {repeat} run(s) each")
    totals, projections, db = [], [], work / "import-0.db"
    for run in range(repeat):
        db = work / f"import-{run}.db"
        ledger = open_ledger(str(db), create=True)
        hooks = TimedHooks(ledger)
        seconds, _ = clock(lambda ledger=ledger: ledger.import_lines(lines))
        ledger.close()
        totals.append(seconds)
        projections.append(hooks.projection)
        if run < repeat - 1:
            for path in work.glob(f"import-{run}.db*"):
                path.unlink()
    # Diagnostic, not a mode of the ledger: the same import with the plugin-rule hook off,
    # to show what handing every event's engagement view to plugins costs.
    off = work / "import-no-plugins.db"
    ledger = open_ledger(str(off), create=True)
    ledger.app.validator = None
    no_plugins, _ = clock(lambda: ledger.import_lines(lines))
    ledger.close()
    for path in work.glob("import-no-plugins.db*"):
        path.unlink()
    rows = stored_rows(db)
    assert len(rows) == n, f"imported {len(rows)} of {n}"
    decoded = [(a, b, c, orjson.loads(d)) for a, b, c, d in rows]
    ddl = events_ddl(db)

    def raw(run: int) -> float:
        path = work / f"raw-insert-{run}.db"
        con = raw_connect(path)
        for statement in ddl:
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
        for p in work.glob(f"raw-insert-{run}.db*"):
            p.unlink()
        return seconds

    raw_seconds = statistics.median(raw(run) for run in range(max(repeat, 3)))
    total = statistics.median(totals)
    projection = statistics.median(projections)
    res.add(
        "import",
        "import (events stored + views + chain)",
        n / total,
        "events/s",
        "raw sqlite3 insert+orjson, 1 txn",
        n / raw_seconds,
        target="import",
        extra={"seconds": round(total, 3), "projection_seconds": round(projection, 3)},
    )
    res.add(
        "import_store",
        "import, events stored (without views)",
        n / (total - projection),
        "events/s",
        "raw sqlite3 insert+orjson, 1 txn",
        n / raw_seconds,
    )
    res.add(
        "import_no_plugin_rules",
        "import with the plugin-rule hook off (diagnostic)",
        n / no_plugins,
        "events/s",
        "raw sqlite3 insert+orjson, 1 txn",
        n / raw_seconds,
    )
    return db


# ---------------------------------------------------------------------- rebuild
def bench_rebuild(res: Results, db: Path, repeat: int) -> None:
    from cec_ledger.facade.audit import rebuild

    ledger = open_ledger(str(db))
    n = ledger.event_count()
    say(f"rebuild: {n:,} events, {repeat} run(s)")
    seconds = median_time(lambda: rebuild(ledger), repeat)
    ledger.close()

    def raw() -> None:
        with contextlib.closing(sqlite3.connect(db)) as con:
            for (state,) in con.execute("SELECT state FROM stored_events ORDER BY rowid"):
                orjson.loads(state)

    raw_seconds = median_time(raw, max(repeat, 3))
    write_seconds = statistics.median(raw_view_write(db) for _ in range(repeat))
    res.add(
        "rebuild",
        "rebuild views (cec_ledger.facade.audit.rebuild)",
        n / seconds,
        "events/s",
        "raw sqlite3 read in order + orjson.loads",
        n / raw_seconds,
        target="rebuild",
        extra={"seconds": round(seconds, 3)},
    )
    res.add(
        "rebuild_vs_write",
        "rebuild views (same run)",
        n / seconds,
        "events/s",
        "raw sqlite3 write of the same view rows (floor)",
        n / write_seconds,
    )


def raw_view_write(db: Path) -> float:
    """The floor under any rebuild: writing the rows it produces (timeline with its indexes,
    one engagement row each) into fresh identical tables, one transaction, nothing computed."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        timeline = con.execute("SELECT * FROM cec_timeline ORDER BY position").fetchall()
        engagements = con.execute("SELECT * FROM cec_engagements").fetchall()
        ddl = [
            sql
            for (sql,) in con.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name IN ('cec_timeline', "
                "'cec_engagements') AND sql IS NOT NULL"
            )
        ]
    with tempfile.TemporaryDirectory() as tmp:
        con = raw_connect(Path(tmp) / "views.db")
        for statement in ddl:
            con.execute(statement)
        started = time.perf_counter()
        con.execute("BEGIN")
        con.executemany(
            f"INSERT INTO cec_timeline VALUES ({', '.join('?' * len(timeline[0]))})", timeline
        )
        con.executemany(
            f"INSERT INTO cec_engagements VALUES ({', '.join('?' * len(engagements[0]))})",
            engagements,
        )
        con.execute("COMMIT")
        elapsed = time.perf_counter() - started
        con.close()
    return elapsed


# ---------------------------------------------------------------------- incremental
def bench_incremental(res: Results, db: Path, work: Path) -> None:
    """One ledger.record (rules, save, views and chain catch-up) vs one raw insert+commit."""
    ledger = open_ledger(str(db))
    say(f"incremental: one event on a ledger of {ledger.event_count():,}")
    rows = ledger.views.query(
        "SELECT slug FROM {p}cec_engagements WHERE status = 'open' ORDER BY slug LIMIT 7"
    )
    slugs = [row["slug"] for row in rows]
    times = []
    for slug in slugs:
        seconds, _ = clock(
            lambda slug=slug: ledger.record(
                slug,
                "OutcomeObserved",
                tier="short_term",
                dimension="common_language",
                evidence="Benchmark: one more event on a big ledger.",
            )
        )
        times.append(seconds)
    ledger.close()
    path = work / "raw-one.db"
    shutil.copyfile(db, path)
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
        "one ledger.record incl. catch-up",
        statistics.median(times) * 1000,
        "ms",
        "raw single-row insert + commit",
        statistics.median(raw_times) * 1000,
    )


# ---------------------------------------------------------------------- show --as-of
def bench_as_of(res: Results, work: Path, single: int) -> None:
    path = ledger_file(single, single=True)
    db = work / "single.db"
    ledger = open_ledger(str(db), create=True)
    lines = read_lines(path)
    say(f"engagement show --as-of: one engagement of {len(lines):,} events")
    seconds, _ = clock(lambda: ledger.import_lines(lines))
    res.add(
        "import_single",
        f"import one engagement of {len(lines):,} events",
        len(lines) / seconds,
        "events/s",
        "-",
        None,
        extra={"seconds": round(seconds, 3)},
    )
    first = orjson.loads(lines[0])
    last = orjson.loads(lines[-1])
    slug = first["engagement"]
    start, end = date.fromisoformat(first["occurred_on"]), date.fromisoformat(last["occurred_on"])
    middle = date.fromordinal((start.toordinal() + end.toordinal()) // 2).isoformat()
    as_of = median_time(lambda: ledger.engagement(slug, as_of=middle), 5)
    current = median_time(lambda: ledger.engagement(slug), 5)
    record = median_time(
        lambda: ledger.record(
            slug,
            "OutcomeObserved",
            tier="short_term",
            dimension="common_language",
            evidence="Benchmark: one more event on a long engagement.",
        ),
        3,
    )
    ledger.close()
    eid = UUID(first["engagement_id"]).hex  # eventsourcing's SQLite stores ids as hex

    def raw() -> None:
        with contextlib.closing(sqlite3.connect(db)) as con:
            for (state,) in con.execute(
                "SELECT state FROM stored_events WHERE originator_id = ? "
                "ORDER BY originator_version",
                (eid,),
            ):
                orjson.loads(state)

    raw_seconds = median_time(raw, 5)
    res.add(
        "show_as_of",
        f"engagement show --as-of (fold {len(lines):,} events)",
        as_of * 1000,
        "ms",
        "raw read of its rows + orjson.loads",
        raw_seconds * 1000,
    )
    res.add(
        "record_long",
        f"one ledger.record on that engagement ({len(lines):,} events)",
        record * 1000,
        "ms",
        "raw read of its rows + orjson.loads",
        raw_seconds * 1000,
    )
    res.add(
        "show_current",
        "engagement show (current, from the view)",
        current * 1000,
        "ms",
        "raw read of its rows + orjson.loads",
        raw_seconds * 1000,
    )


# ---------------------------------------------------------------------- timeline pages
def bench_timeline(res: Results, db: Path) -> None:
    ledger = open_ledger(str(db))
    head = ledger.event_count()
    say(f"timeline pages (limit 100) in {head:,} events")
    some = ledger.views.query(
        "SELECT engagement_id, slug FROM {p}cec_timeline WHERE position >= ? LIMIT 1",
        (head // 2,),
    )[0]
    places = {"start": None, "middle": head // 2, "end": max(head - 50, 0)}
    filters: dict[str, dict[str, Any]] = {
        "no filter": {},
        "type": {"types": ["ConsultantHandoff"]},
        "engagement": {"engagement": some["slug"]},
        "text": {"text": "corrected"},  # in about 1% of events
        # A term no event contains: the LIKE scan reads every row after the cursor (worst case).
        "rare text": {"text": "no-such-term"},
    }
    con = sqlite3.connect(db)

    def raw_page(after: int | None) -> None:
        rows = con.execute(
            "SELECT state FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT 100",
            (after or 0,),
        ).fetchall()
        for (state,) in rows:
            orjson.loads(state)

    worst = 0.0
    for filter_name, kwargs in filters.items():
        for place, after in places.items():
            seconds = median_time(
                lambda after=after, kwargs=kwargs: ledger.timeline_page(
                    limit=100, after=after, **kwargs
                ),
                5,
            )
            raw_seconds = median_time(lambda after=after: raw_page(after), 5)
            worst = max(worst, seconds)
            res.add(
                f"timeline_{filter_name.replace(' ', '_')}_{place}",
                f"timeline page, {filter_name}, {place}",
                seconds * 1000,
                "ms",
                "raw 100-row read + decode",
                raw_seconds * 1000,
                target="timeline_page",
            )
    con.close()
    ledger.close()


# ---------------------------------------------------------------------- cold start
def bench_cold_start(res: Results, db: Path) -> None:
    bindir = Path(sys.executable).parent
    cli = str(bindir / "cec-ledger")
    env = {**os.environ, "CEC_LEDGER_ACTOR": "bench"}
    ledger = open_ledger(str(db))
    slug = ledger.engagements()[0]["slug"]
    ledger.close()
    say("cold start (subprocesses, median of 5)")

    def run(argv: list[str]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    click = run([sys.executable, "-c", "import click"])
    res.add(
        "cli_help",
        "cec-ledger --help",
        run([cli, "--help"]) * 1000,
        "ms",
        "python -c 'import click'",
        click * 1000,
        target="cli_help",
    )
    res.add(
        "cli_timeline",
        "cec-ledger timeline ENG --json --limit 20",
        run([cli, "--ledger", str(db), "timeline", slug, "--json", "--limit", "20"]) * 1000,
        "ms",
        "python -c 'import click'",
        click * 1000,
    )


# ---------------------------------------------------------------------- PostgreSQL
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


def bench_postgres(res: Results, work: Path, lines: list[bytes], sqlite_db: Path) -> None:
    from cec_ledger.facade.audit import rebuild

    url, where = postgres_url()
    if url is None:
        res.note(f"PostgreSQL skipped: {where}")
        return
    n = len(lines)
    say(f"PostgreSQL vs SQLite: import and rebuild of {n:,} events ({where})")
    # SQLite at the same size, measured now, beside PostgreSQL.
    db = work / "pg-twin.db"
    ledger = open_ledger(str(db), create=True)
    sqlite_import, _ = clock(lambda: ledger.import_lines(lines))
    sqlite_rebuild, _ = clock(lambda: rebuild(ledger))
    ledger.close()
    with fresh_schema(url) as schema_url:
        ledger = open_ledger(schema_url, create=True)
        pg_import, _ = clock(lambda: ledger.import_lines(lines))
        pg_rebuild, _ = clock(lambda: rebuild(ledger))
        ledger.close()
    res.add(
        "pg_import",
        "PostgreSQL import",
        n / pg_import,
        "events/s",
        "SQLite import (same events)",
        n / sqlite_import,
        target=None,
        extra={"slowdown": round(pg_import / sqlite_import, 3)},
    )
    # The target is on the slowdown (PostgreSQL time / SQLite time <= 3).
    row = res.data["measurements"][-1]
    row["target"], row["met"] = "slowdown <= 3", pg_import / sqlite_import <= 3.0
    say(f"    slowdown {pg_import / sqlite_import:.2f}x  [{'met' if row['met'] else 'MISSED'}]")
    res.add(
        "pg_rebuild",
        "PostgreSQL rebuild",
        n / pg_rebuild,
        "events/s",
        "SQLite rebuild (same events)",
        n / sqlite_rebuild,
        extra={"slowdown": round(pg_rebuild / sqlite_rebuild, 3)},
    )


# ---------------------------------------------------------------------- transcoding
def bench_transcoder(res: Results, db: Path, count: int = 5000) -> None:
    """eventsourcing's JSONTranscoder vs the project's orjson transcoding, same events."""
    from eventsourcing.persistence import (
        DatetimeAsISO,
        DecimalAsStr,
        JSONTranscoder,
        Mapper,
        Transcoding,
        UUIDAsHex,
    )

    class DateAsISO(Transcoding):
        type = date
        name = "date_iso"

        def encode(self, obj: date) -> str:
            return obj.isoformat()

        def decode(self, data: str) -> date:
            return date.fromisoformat(data)

    ledger = open_ledger(str(db))
    batch = ledger.app.recorder.select_notifications(start=None, limit=count)
    events = [ledger.app.mapper.to_domain_event(n) for n in batch]
    say(f"transcoding: encode+decode {len(events):,} domain events through a mapper")
    project = ledger.app.mapper
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    default = Mapper(transcoder=transcoder)

    def roundtrip(mapper: Any) -> Callable[[], None]:
        def run() -> None:
            for event in events:
                mapper.to_domain_event(mapper.to_stored_event(event))

        return run

    ours = median_time(roundtrip(project), 5)
    theirs = median_time(roundtrip(default), 5)
    ledger.close()
    res.add(
        "transcoder",
        "orjson transcoder + TypedMapper",
        len(events) / ours,
        "events/s",
        "eventsourcing JSONTranscoder + Mapper",
        len(events) / theirs,
    )


# ---------------------------------------------------------------------- output
def write_results(res: Results, mode: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{mode}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_bytes(orjson.dumps(res.data, option=orjson.OPT_INDENT_2) + b"\n")
    tmp.replace(path)
    return path


def table(data: dict[str, Any]) -> str:
    m = data["machine"]
    cfg = data["config"]
    out = [
        f"Run {m['date']} · {m['cores']} cores ({m['cpu']}) · Python {m['python']} · "
        f"SQLite {m['sqlite']} · eventsourcing {m['eventsourcing']} · orjson {m['orjson']} · "
        f"{cfg['events']:,} events (one engagement of {cfg['single']:,} for --as-of)",
        "",
        "| measurement | ledger | baseline (same run) | baseline | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for row in data["measurements"]:
        base = "-" if row["baseline_value"] is None else f"{row['baseline_value']:,.1f}"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}×"
        if "slowdown" in row:
            ratio += f" (slowdown {row['slowdown']:.2f}×)"
        met = "" if row["met"] is None else ("yes" if row["met"] else "**no**")
        out.append(
            f"| {row['label']} | {row['value']:,.1f} {row['unit']} | {row['baseline']} | "
            f"{base} | {ratio} | {row['target'] or ''} | {met} |"
        )
    for note in data["notes"]:
        out.append("")
        out.append(f"Note: {note}")
    return "\n".join(out)


def write_doc(data: dict[str, Any], mode: str) -> None:
    start, end = f"<!-- bench:{mode}:start -->", f"<!-- bench:{mode}:end -->"
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    block = f"{start}\n{table(data)}\n{end}"
    if start in text and end in text:
        text = re.sub(
            re.escape(start) + r".*?" + re.escape(end), lambda _m: block, text, flags=re.S
        )
    else:
        text = text.rstrip("\n") + f"\n\n## {mode.capitalize()} run\n\n{block}\n"
    DOC.write_text(text)


# ---------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_const", dest="mode", const="quick")
    group.add_argument("--full", action="store_const", dest="mode", const="full")
    parser.add_argument("--events", type=int, help="override the ledger size")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--keep", type=Path, help="keep the ledgers in this directory")
    args = parser.parse_args(argv)
    mode = args.mode or "quick"
    config = dict(MODES[mode])
    if args.events:
        config["events"] = args.events
        config["pg_events"] = min(config["pg_events"], args.events)
    os.environ.setdefault("CEC_LEDGER_ACTOR", "bench")
    started = time.perf_counter()
    res = Results(mode, config)
    say(f"cec-ledger benchmarks, {mode}: {config}")
    path = ledger_file(config["events"])
    lines = read_lines(path)
    say(f"data: {path.name} ({len(lines):,} lines, {time.perf_counter() - started:.1f} s)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cec-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        db = bench_import(res, work, lines, config["repeat"])
        bench_rebuild(res, db, config["repeat"])
        bench_timeline(res, db)
        bench_cold_start(res, db)
        bench_incremental(res, db, work)
        bench_transcoder(res, db)
        bench_as_of(res, work, config["single"])
        if args.no_postgres:
            res.note("PostgreSQL skipped (--no-postgres)")
        else:
            pg_lines = lines[: config["pg_events"]]
            bench_postgres(res, work, pg_lines, db)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    res.data["seconds"] = round(time.perf_counter() - started, 1)
    say(f"done in {res.data['seconds']} s")
    if not args.no_write:
        say(f"results: {write_results(res, mode)}")
        write_doc(res.data, mode)
        say(f"table: {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
