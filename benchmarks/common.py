"""What every benchmark module shares: timing, the results table, opening ledgers, raw SQLite."""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "performance.md"

# target key -> (what is compared, operator, limit): "ratio" is ledger / baseline, "value"
# the measured value in its own unit, "slowdown" PostgreSQL time / SQLite time.
TARGETS: dict[str, tuple[str, str, float]] = {
    "import": ("ratio", ">=", 0.25),
    "rebuild": ("ratio", ">=", 0.5),
    "cli_help": ("ratio", "<=", 1.5),
    "timeline_page": ("value", "<=", 50.0),
    "search": ("value", "<=", 50.0),
    "write_long": ("ratio", "<=", 1.5),
    "state_panel": ("value", "<=", 200.0),
    "tui_paint": ("value", "<=", 1.0),
    "tui_memory": ("value", "<=", 300.0),
    "pg_import": ("slowdown", "<=", 2.0),
}


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
    ) -> dict[str, Any]:
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
        if extra:
            row.update(extra)
        if target:
            kind, op, limit = TARGETS[target]
            measured = {"ratio": ratio, "value": value, "slowdown": row.get("slowdown")}[kind]
            if measured is not None:
                row["target"] = f"{unit if kind == 'value' else kind} {op} {limit:g}"
                row["met"] = measured >= limit if op == ">=" else measured <= limit
        self.data["measurements"].append(row)
        shown = f"{row['ratio']:.3f}x" if row["ratio"] is not None else "-"
        verdict = "" if row["met"] is None else ("  [met]" if row["met"] else "  [MISSED]")
        say(
            f"  {label}: {value:,.2f} {unit}  vs {baseline_label}: "
            f"{'-' if baseline is None else f'{baseline:,.2f}'}  ratio {shown}{verdict}"
        )
        return row

    def note(self, text: str) -> None:
        self.data["notes"].append(text)
        say(f"  note: {text}")


def read_lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def open_ledger(url: str, *, create: bool = False, read_only: bool = False) -> Any:
    from cec_ledger.facade.ledger import Ledger

    return Ledger.open(url, actor="bench", create=create, read_only=read_only)


def raw_connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    return con


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


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
