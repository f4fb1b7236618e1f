"""The ledger measured against the raw limit: each figure beside its baseline, in one run.

    python -m benchmarks.run --quick     # 10k events (make bench)
    python -m benchmarks.run --full      # 1M events (make bench-full); long on 2 cores

Every measurement is paired with a raw baseline measured in the same process, on the same
machine, minutes apart, so the *ratio* means something on a shared, noisy machine even when
the absolute figures move. Repeated measurements report the median. The targets of issue 14
are in ``benchmarks.common.TARGETS``; each row that has one says whether it was met.

Results go to ``benchmarks/results/<mode>.json`` and to the table between the
``<!-- bench:<mode> -->`` markers in ``docs/performance.md`` (replaced in place).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from benchmarks.common import DOC, RESULTS, Results, read_lines, say
from benchmarks.generate import ledger_file
from benchmarks.postgres import bench_postgres
from benchmarks.reads import bench_cold_start, bench_search, bench_timeline, bench_tui
from benchmarks.store import bench_bytes, bench_import, bench_rebuild
from benchmarks.writes import bench_incremental, bench_long_engagement

MODES: dict[str, dict[str, Any]] = {
    # events: the big ledger; single: one long engagement (writes, state panel, --as-of);
    # repeat: runs of the bulk measurements (median); pg_events: PostgreSQL's size.
    "quick": {"events": 10_000, "single": 2_000, "repeat": 3, "pg_events": 10_000},
    "full": {"events": 1_000_000, "single": 10_000, "repeat": 1, "pg_events": 1_000_000},
}


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
        f"{cfg['events']:,} events (one engagement of {cfg['single']:,} for writes and "
        f"--as-of; PostgreSQL at {cfg['pg_events']:,}) · {data.get('seconds', 0):,.0f} s",
        "",
        "| measurement | ledger | baseline (same run) | baseline | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for row in data["measurements"]:
        base = "-" if row["baseline_value"] is None else f"{row['baseline_value']:,.1f}"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.3f}×"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_const", dest="mode", const="quick")
    group.add_argument("--full", action="store_const", dest="mode", const="full")
    parser.add_argument("--events", type=int, help="override the ledger size")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--keep", type=Path, help="keep the ledgers in this directory")
    parser.add_argument(
        "--before", type=Path, help="an SQLite ledger with the old views, for bytes per event"
    )
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
        db, import_seconds = bench_import(res, work, lines, config["repeat"])
        bench_bytes(res, db, args.before)
        rebuild_seconds = bench_rebuild(res, db, config["repeat"])
        bench_timeline(res, str(db), db)
        bench_search(res, str(db))
        bench_cold_start(res, db)
        bench_tui(res, db)
        bench_incremental(res, db, work)
        bench_long_engagement(res, work, config["single"])
        if args.no_postgres:
            res.note("PostgreSQL skipped (--no-postgres)")
        else:
            pg_lines = lines[: config["pg_events"]]
            same = len(pg_lines) == len(lines)
            bench_postgres(
                res,
                pg_lines,
                import_seconds if same else _sqlite_import(work, pg_lines),
                rebuild_seconds if same else 0.0,
            )
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


def _sqlite_import(work: Path, lines: list[bytes]) -> float:
    from benchmarks.common import clock, open_ledger
    from cec_ledger.facade.importer import import_lines

    ledger = open_ledger(str(work / "pg-twin.db"), create=True)
    seconds, _ = clock(lambda: import_lines(ledger.app, lines, today=ledger.today()))
    ledger.close()
    return seconds


if __name__ == "__main__":
    sys.exit(main())
