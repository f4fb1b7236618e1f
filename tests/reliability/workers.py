"""Code that runs in separate OS processes (multiprocessing, spawn) for the reliability tests.

Each worker drives the real CLI in-process (``cec_ledger.cli.errors.run``, what the console
script runs), so what it reports is exactly what a user would see: an exit code and stderr.
"""

from __future__ import annotations

import os
import time
from typing import Any


def _wait_until(start_at: float) -> None:
    """Start all workers at the same moment so their writes really overlap."""
    delay = start_at - time.time()
    if delay > 0:
        time.sleep(delay)


def log_sessions_facade(url: str, writer: int, count: int, start_at: float) -> dict[str, Any]:
    """The same through one long-lived Ledger; reports how many conflicts it retried."""
    from cec_ledger.facade.ledger import Ledger

    with Ledger.open(url, actor=f"writer-{writer}") as ledger:
        _wait_until(start_at)
        for n in range(count):
            ledger.record(
                "maple-ridge",
                "SessionDelivered",
                delivery="training",
                unplanned="outside the catalogue",
                topic=f"writer {writer} session {n}",
                hours="1",
                participants=3,
                consultant="Ana Reyes",
                occurred_on="2025-10-01",
            )
        return {"pid": os.getpid(), "conflicts": ledger.app.conflicts}


def log_sessions(url: str, writer: int, count: int, start_at: float) -> list[dict[str, Any]]:
    """Log ``count`` sessions on maple-ridge, each with a topic naming this writer."""
    from tests.clihelp import invoke

    _wait_until(start_at)
    results = []
    for n in range(count):
        outcome = invoke(
            url,
            "session",
            "log",
            "maple-ridge",
            "--delivery",
            "training",
            "--service",
            "none",
            "--unplanned",
            "outside the catalogue",
            "--topic",
            f"writer {writer} session {n}",
            "--hours",
            "1",
            "--participants",
            "3",
            "--consultant",
            "Ana Reyes",
            "--on",
            "2025-10-01",
            actor=f"writer-{writer}",
        )
        results.append({"code": outcome.code, "err": outcome.err, "pid": os.getpid()})
    return results


def advance_stage(url: str, writer: int, stage: str, start_at: float) -> dict[str, Any]:
    """Try to move team dlt to ``stage``: a rule-guarded command racing another process."""
    from tests.clihelp import invoke

    _wait_until(start_at)
    outcome = invoke(
        url,
        "team",
        "stage",
        "maple-ridge",
        "dlt",
        stage,
        "--on",
        "2025-11-01",
        actor=f"writer-{writer}",
    )
    return {"code": outcome.code, "err": outcome.err, "out": outcome.out}


def run_cli(url: str, args: list[str], env: dict[str, str] | None = None) -> None:
    """Run one CLI command (used as a subprocess target that the test may SIGKILL)."""
    import sys

    from cec_ledger.cli import cli
    from cec_ledger.cli.errors import run

    os.environ.update(env or {})
    sys.exit(run(cli, ["--ledger", url, "--actor", "crash-test", *args]))
