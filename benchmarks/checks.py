"""``check`` against ``verify`` on the benchmark ledger, in the same run.

    python -m benchmarks.checks                      # 100,000 events (issue 13's target)
    python -m benchmarks.checks --events 10000 --work /tmp/cec-checks

Target: ``cec-ledger check`` with every built-in check (the default set plus the ones left
out of it, ``seal`` with a seal of the whole log) takes at most twice the time of
``verify`` on the same ledger. Both are timed in one process, minutes apart, median of 3,
so the ratio means something on a shared, noisy machine even when the seconds move.

The ledger is the one ``benchmarks.run`` imports (``benchmarks.generate``'s JSONL of that
size), imported once into ``--work`` and reused by later runs. Results go to
``benchmarks/results/checks.json``. Kept apart from ``benchmarks/run.py`` so the two can
change independently.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from benchmarks.generate import ledger_file

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "checks.json"
TARGET = 2.0  # check / verify, at most
RUNS = 3


def say(text: str) -> None:
    print(text, flush=True)


def timed(fn: Callable[[], Any]) -> float:
    gc.collect()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def build(events: int, work: Path) -> Path:
    """The benchmark ledger of ``events`` events in ``work``, imported on first use."""
    from cec_ledger.facade.ledger import Ledger

    db = work / f"checks-{events}.db"
    done = work / f"checks-{events}.done"
    if db.exists() and done.exists():
        return db
    for stale in work.glob(f"checks-{events}.db*"):
        stale.unlink()
    lines = ledger_file(events).read_bytes().splitlines()
    say(f"importing {len(lines):,} events into {db} (once)")
    started = time.perf_counter()
    with Ledger.open(str(db), actor="bench", create=True) as ledger:
        ledger.import_lines(lines)
    done.write_text(f"{time.perf_counter() - started:.1f}\n")
    return db


def measure(db: Path, runs: int) -> dict[str, Any]:
    from cec_ledger.checks import all_checks, run_checks
    from cec_ledger.facade import audit
    from cec_ledger.facade.ledger import Ledger

    with Ledger.open(str(db), actor="bench", read_only=True) as ledger:
        whole = audit.seal(ledger)["seal"]
        names = [c.name for c in all_checks().values() if c.source == "built-in"]
        verify_runs, check_runs, default_runs = [], [], []
        outcome: dict[str, Any] = {}
        for _ in range(runs):
            # Alternated, so a slow minute on the shared machine falls on both.
            verify_runs.append(timed(lambda: outcome.update(verify=audit.verify(ledger))))
            check_runs.append(
                timed(lambda: outcome.update(check=run_checks(ledger, names, seal=whole)))
            )
            # For information: plain ``check`` (the default set, without the named-only
            # history-under-todays-rules and seal). The target is on every built-in check.
            default_runs.append(timed(lambda: run_checks(ledger)))
        run = outcome["check"]
        verify_s = statistics.median(verify_runs)
        check_s = statistics.median(check_runs)
        ratio = check_s / verify_s if verify_s else float("inf")
        return {
            "events": ledger.event_count(),
            "engagements": run.engagements,
            "checks": names,
            "findings": len(run.findings),
            "failed_checks": [s["name"] for s in run.statuses.values() if s["status"] == "failed"],
            "verify_ok": outcome["verify"]["ok"],
            "runs": runs,
            "verify_seconds": [round(s, 3) for s in verify_runs],
            "check_seconds": [round(s, 3) for s in check_runs],
            "verify_median_s": round(verify_s, 3),
            "check_median_s": round(check_s, 3),
            "ratio": round(ratio, 2),
            "default_set_seconds": [round(s, 3) for s in default_runs],
            "default_set_median_s": round(statistics.median(default_runs), 3),
            "default_set_ratio": round(statistics.median(default_runs) / verify_s, 2),
            "target": f"check <= {TARGET:g} x verify",
            "met": ratio <= TARGET,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="ledger size")
    parser.add_argument("--work", type=Path, help="where the ledger is kept (reused)")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    os.environ.setdefault("CEC_LEDGER_ACTOR", "bench")
    work = args.work or Path(tempfile.gettempdir()) / "cec-bench-checks"
    work.mkdir(parents=True, exist_ok=True)
    db = build(args.events, work)
    data = measure(db, args.runs)
    data["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    data["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    say(
        f"verify {data['verify_median_s']} s, check {data['check_median_s']} s "
        f"({data['events']:,} events, {data['engagements']:,} engagements): ratio "
        f"{data['ratio']} ({'met' if data['met'] else 'MISSED'}: {data['target']}); the "
        f"default set alone {data['default_set_median_s']} s, ratio {data['default_set_ratio']}"
    )
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        say(f"results: {RESULTS}")
    return 0 if data["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
