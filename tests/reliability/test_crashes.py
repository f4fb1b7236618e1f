"""Crashes: SIGKILL the real CLI in a subprocess at seeded random moments — an import of 3,000
lines, a view rebuild, a stream of single-event commands — and the ledger must still verify,
show no half-written import (all of it or none), and finish the job when re-run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.facade.ledger import Ledger
from tests.clihelp import base_engagement, export_bytes, ok
from tests.reliability.helpers import raw_rows, stream_versions, views_match_rebuild

ENGAGEMENTS = 3
EVENTS_EACH = 1000  # 3,000 import lines
SEED = 20260301
CLI = [sys.executable, "-c", "from cec_ledger.cli import main; main()"]


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL export of 3 engagements x 1,000 events, written by the real code."""
    folder = tmp_path_factory.mktemp("big")
    url = str(folder / "source.db")
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with Ledger.open(url, create=True, actor="builder") as ledger:
        today = ledger.today()
        for e in range(ENGAGEMENTS):
            clock = start + timedelta(days=e)
            opened = ledger.prepare(
                "EngagementOpened",
                {
                    "slug": f"district-{e}",
                    "name": f"District {e}",
                    "organisation": f"District {e} School District",
                    "level": "district",
                    "lead_consultant": "Ana Reyes",
                    "occurred_on": "2025-08-01",
                },
            )
            aggregate = Engagement.open(opened, recorded_by="builder", today=today, timestamp=clock)
            for n in range(EVENTS_EACH - 1):
                fields = ledger.prepare(
                    "SessionDelivered",
                    {
                        "delivery": "training",
                        "unplanned": "outside the catalogue",
                        "topic": f"cycle {n}: {'evidence of learning ' * 3}",
                        "hours": "1.5",
                        "participants": 4 + n % 20,
                        "consultant": "Ana Reyes",
                        "occurred_on": "2025-09-01",
                    },
                )
                clock += timedelta(seconds=1)
                aggregate.record(
                    "SessionDelivered", fields, recorded_by="builder", today=today, timestamp=clock
                )
            ledger.app.save(aggregate)
    path = folder / "big.jsonl"
    ok(url, "export", "-o", str(path))
    assert len(path.read_bytes().splitlines()) == ENGAGEMENTS * EVENTS_EACH
    return path


def run_and_kill(url: str, args: list[str], after: float) -> int | None:
    """Start the CLI, SIGKILL it ``after`` seconds later (unless it is done); its exit code,
    or None if it was killed."""
    process = subprocess.Popen(
        [*CLI, "--ledger", url, "--actor", "crash-test", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return None
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    return 0


def kill_after_commit(url: str, args: list[str], total: int) -> int | None:
    """Start the CLI and SIGKILL it the moment its transaction is visible (``total`` events
    stored): it dies while the views and chain catch up. None if killed, 0 if it finished."""
    process = subprocess.Popen(
        [*CLI, "--ledger", url, "--actor", "crash-test", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if count_events(url) >= total:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return None
        time.sleep(0.002)
    process.wait()
    return 0


def count_events(url: str) -> int:
    return raw_rows(url, "SELECT COUNT(*) FROM stored_events")[0][0]


def timed_import(url: str, export: Path) -> float:
    started = time.monotonic()
    assert run_and_kill(url, ["import", str(export)], after=120) == 0
    return time.monotonic() - started


@pytest.mark.slow
def test_killed_imports_are_all_or_nothing(
    ledger_url: str, big_export: Path, tmp_path: Path
) -> None:
    total = ENGAGEMENTS * EVENTS_EACH
    # Calibrate: how long a whole import takes here, in a scratch ledger on the same backend.
    ok(ledger_url, "init")
    duration = timed_import(ledger_url, big_export)
    expected = export_bytes(ledger_url)
    assert len(expected.splitlines()) == total
    rng = random.Random(SEED)
    # Spread over the run, denser at the end, where the one transaction commits and the
    # views catch up.
    kills = [rng.uniform(0.2, 0.8), rng.uniform(0.8, 0.95), rng.uniform(0.9, 1.0), 0.97]
    outcomes = []
    for n, fraction in enumerate([*kills, None]):
        url = fresh(ledger_url, tmp_path, n)
        ok(url, "init")
        if fraction is None:
            finished = kill_after_commit(url, ["import", str(big_export)], total)
        else:
            finished = run_and_kill(url, ["import", str(big_export)], after=duration * fraction)
        stored = count_events(url)
        assert stored in (0, total), f"kill at {fraction}: {stored} events: half an import"
        outcomes.append("done" if finished == 0 else "killed-all" if stored else "killed-none")
        # verify passes after the crash (the next open also catches the views up)
        ok(url, "verify")
        engagements = ok(url, "engagement", "list", "--json").json()
        assert len(engagements) in (0, ENGAGEMENTS)
        assert all(e["events"] == EVENTS_EACH for e in engagements)
        # re-running the import completes, without duplicates
        assert run_and_kill(url, ["import", str(big_export)], after=120) == 0
        assert count_events(url) == total
        assert all(v == list(range(1, EVENTS_EACH + 1)) for v in stream_versions(url).values())
        assert export_bytes(url) == expected
        assert ok(url, "verify").out.startswith(f"OK: {total} events verified")
    assert "killed-none" in outcomes, outcomes
    assert outcomes[-1] in ("killed-all", "done"), outcomes
    print(f"import kills: {outcomes}")


def fresh(ledger_url: str, tmp_path: Path, n: int) -> str:
    """Another empty ledger on the same backend (a new schema on PostgreSQL)."""
    if ledger_url.startswith("postgresql://"):
        from tests.conftest import connect, with_schema
        from tests.reliability.helpers import schema_of

        schema = f"{schema_of(ledger_url)}_{n}"
        with connect(ledger_url) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return with_schema(ledger_url, schema)
    return str(tmp_path / f"crash-{n}.db")


@pytest.fixture
def drop_extra_schemas(ledger_url: str):
    yield
    if ledger_url.startswith("postgresql://"):
        from tests.conftest import connect
        from tests.reliability.helpers import schema_of

        with connect(ledger_url) as conn:
            for n in range(10):
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema_of(ledger_url)}_{n}" CASCADE')


test_killed_imports_are_all_or_nothing = pytest.mark.usefixtures("drop_extra_schemas")(
    test_killed_imports_are_all_or_nothing
)


@pytest.mark.slow
def test_killed_rebuilds_resume(ledger_url: str, big_export: Path) -> None:
    ok(ledger_url, "init")
    ok(ledger_url, "import", str(big_export))
    rng = random.Random(SEED + 1)
    for after in sorted(rng.uniform(0.3, 1.2) for _ in range(4)):
        run_and_kill(ledger_url, ["rebuild"], after=after)
        ok(ledger_url, "verify")  # opening catches the views up from where the kill left them
        views_match_rebuild(ledger_url)


@pytest.mark.slow
def test_killed_writer_leaves_whole_events(ledger_url: str) -> None:
    """A process logging sessions one command at a time, killed mid-stream: every stored event
    is whole, versions are contiguous, verify passes and the views match a rebuild."""
    base_engagement(ledger_url)
    script = (
        "import sys, time\n"
        "from tests.reliability.workers import log_sessions\n"
        "log_sessions(sys.argv[1], 9, 10_000, time.time())\n"
    )
    rng = random.Random(SEED + 2)
    for after in (rng.uniform(1.0, 2.5) for _ in range(3)):
        process = subprocess.Popen(
            [sys.executable, "-c", script, ledger_url], cwd=Path(__file__).parents[2]
        )
        time.sleep(after)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        versions = next(iter(stream_versions(ledger_url).values()))
        assert versions == list(range(1, len(versions) + 1))
        assert ok(ledger_url, "verify").out.startswith(f"OK: {len(versions)} events verified")
        views_match_rebuild(ledger_url)
    assert len(versions) > 5, "the writer never wrote"
