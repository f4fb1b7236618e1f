"""Reading: timeline pages and search anywhere in the log, start-up, the TUI's first paint."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from benchmarks.common import Results, median_time, open_ledger, say

# Search terms by how many events they match in the generated ledgers.
SEARCH_TERMS = {
    "common word": "whitfield",  # a surname in about one event in six
    "1% word": "corrected",
    "rare word": "0000064",  # one engagement's slug number: its opening event
    "no match": "zzyzx",
    "prefix": "whitf",
    "phrase": "common language",
}


def places(head: int) -> dict[str, int | None]:
    return {"start": None, "middle": head // 2, "end": max(head - 50, 0)}


def bench_timeline(res: Results, url: str, db: Path | None, prefix: str = "") -> None:
    """Pages by each filter at the start, middle and end of the log, against a raw read of
    100 events (SQLite only)."""
    ledger = open_ledger(url, read_only=True)
    head = ledger.event_count()
    say(f"{prefix}timeline pages (limit 100) in {head:,} events")
    slug = ledger.engagements_page(limit=1)["rows"][0]["slug"]
    filters: dict[str, dict[str, Any]] = {
        "no filter": {},
        "type": {"types": ["ConsultantHandoff"]},
        "engagement": {"engagement": slug},
    }
    raw = _raw_page(db)
    for name, kwargs in filters.items():
        for place, after in places(head).items():
            seconds = median_time(
                lambda after=after, kwargs=kwargs: ledger.timeline_page(
                    limit=100, after=after, **kwargs
                ),
                5,
            )
            res.add(
                f"{prefix}timeline_{name.replace(' ', '_')}_{place}",
                f"{prefix}timeline page, {name}, {place}",
                seconds * 1000,
                "ms",
                "raw 100-row read + decode" if raw else "-",
                raw(after) * 1000 if raw else None,
                target="timeline_page",
            )
    ledger.close()


def bench_search(res: Results, url: str, prefix: str = "") -> None:
    """Every kind of term, in log order (first page, a page from the middle) and ranked."""
    ledger = open_ledger(url, read_only=True)
    head = ledger.event_count()
    say(f"{prefix}search in {head:,} events")
    for name, term in SEARCH_TERMS.items():
        counts = ledger.timeline_page(text=term, limit=1)
        for place, after in (("start", None), ("middle", head // 2)):
            seconds = median_time(
                lambda after=after, term=term: ledger.timeline_page(
                    text=term, limit=100, after=after
                ),
                5,
            )
            res.add(
                f"{prefix}search_{name.replace(' ', '_').replace('%', 'pc')}_{place}",
                f"{prefix}search '{term}' ({name}), log order, page at {place}",
                seconds * 1000,
                "ms",
                "-",
                None,
                target="search",
                extra={"found": bool(counts["rows"])},
            )
        seconds = median_time(lambda term=term: ledger.search(term, limit=20), 5)
        res.add(
            f"{prefix}search_{name.replace(' ', '_').replace('%', 'pc')}_ranked",
            f"{prefix}search '{term}' ({name}), ranked, best 20",
            seconds * 1000,
            "ms",
            "-",
            None,
            target="search",
        )
    ledger.close()


def _raw_page(db: Path | None) -> Any:
    if db is None:
        return None
    con = sqlite3.connect(db)

    def page(after: int | None) -> float:
        def read() -> None:
            rows = con.execute(
                "SELECT state FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT 100",
                (after or 0,),
            ).fetchall()
            for (state,) in rows:
                orjson.loads(state)

        return median_time(read, 5)

    return page


def bench_cold_start(res: Results, db: Path) -> None:
    bindir = Path(sys.executable).parent
    cli = str(bindir / "cec-ledger")
    env = {**os.environ, "CEC_LEDGER_ACTOR": "bench"}
    ledger = open_ledger(str(db), read_only=True)
    slug = ledger.engagements_page(limit=1)["rows"][0]["slug"]
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
    res.add(
        "cli_search",
        "cec-ledger timeline --search WORD --ranked --json --limit 20",
        run([cli, "--ledger", str(db), "timeline", "--search", "corrected", "--ranked", "--json"])
        * 1000,
        "ms",
        "python -c 'import click'",
        click * 1000,
    )


def bench_tui(res: Results, db: Path) -> None:
    """benchmarks.tui_bench in its own process (its memory is the TUI's): the engagement
    list, then every engagement's timeline, headless at 100x30."""
    say("TUI: first paint and memory (benchmarks.tui_bench)")
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.tui_bench", "--ledger", str(db), "--pages", "20"],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    found = orjson.loads(out.stdout)
    res.add(
        "tui_list_paint",
        "TUI: engagement list painted (first page)",
        found["list_paint_s"],
        "s",
        "-",
        None,
        target="tui_paint",
    )
    res.add(
        "tui_paint",
        "TUI: first paint of the timeline (list, then every engagement's events)",
        found["first_paint_s"],
        "s",
        "-",
        None,
        target="tui_paint",
    )
    res.add(
        "tui_memory",
        "TUI: peak resident memory",
        found["max_rss_mb"],
        "MB",
        "before opening the app",
        found["rss_before_app_mb"],
        target="tui_memory",
    )
    res.add(
        "tui_page_down",
        "TUI: page down, per key press",
        found["page_down_ms"],
        "ms",
        "-",
        None,
    )


def sqlite_stat(db: Path, sql: str) -> Any:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchone()[0]
