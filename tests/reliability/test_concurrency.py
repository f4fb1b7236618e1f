"""Concurrent writers: 8 OS processes (spawn) append to one engagement at once, on SQLite
(WAL, busy timeout) and PostgreSQL. No event is lost or duplicated, versions stay contiguous,
every writer's sessions are there exactly once, a rule-guarded race has exactly one winner
(the loser gets the rule's one line), and verify and the views hold afterwards."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter

import pytest

from cec_ledger.domain.engagement import engagement_id
from tests.clihelp import base_engagement, ok
from tests.reliability import workers
from tests.reliability.helpers import raw_rows, stream_versions, views_match_rebuild

WRITERS = 8
SESSIONS_EACH = 25
BASE_EVENTS = 5  # what base_engagement records


def _pool(size: int):
    return multiprocessing.get_context("spawn").Pool(size)


@pytest.mark.slow
def test_eight_writers_lose_nothing(ledger_url: str) -> None:
    """Four writers run the CLI once per session (a new process state each time), four
    keep one Ledger open and report the conflicts they retried."""
    base_engagement(ledger_url)
    start_at = time.time() + 3.0  # after every spawned interpreter has imported the CLI
    half = WRITERS // 2
    with _pool(WRITERS) as pool:
        cli_runs = pool.starmap_async(
            workers.log_sessions,
            [(ledger_url, w, SESSIONS_EACH, start_at) for w in range(half)],
        )
        facade_runs = pool.starmap_async(
            workers.log_sessions_facade,
            [(ledger_url, w, SESSIONS_EACH, start_at) for w in range(half, WRITERS)],
        )
        results, facade = cli_runs.get(300), facade_runs.get(300)
    flat = [r for per_writer in results for r in per_writer]
    pids = {r["pid"] for r in flat} | {f["pid"] for f in facade}
    assert len(pids) == WRITERS, "the writers did not run as separate processes"
    failures = [r for r in flat if r["code"] != 0]
    assert not failures, f"{len(failures)} writes failed, first: {failures[0]['err']!r}"
    assert all(r["err"] == "" for r in flat)
    conflicts = sum(f["conflicts"] for f in facade)
    assert conflicts > 0, "the writers never collided: the test proved nothing"
    print(f"\n{WRITERS} writers, {WRITERS * SESSIONS_EACH} sessions, {conflicts} conflicts retried")

    total = BASE_EVENTS + WRITERS * SESSIONS_EACH
    versions = stream_versions(ledger_url)
    eid = str(engagement_id("maple-ridge"))
    assert versions[eid] == list(range(1, total + 1)), "versions are not 1..N contiguous"
    (count,) = raw_rows(ledger_url, "SELECT COUNT(*) FROM stored_events")[0]
    assert count == total

    topics = Counter(
        row["data"]["topic"]
        for row in ok(
            ledger_url, "timeline", "maple-ridge", "--type", "SessionDelivered", "--json"
        ).json()
        if row["recorded_by"].startswith("writer-")
    )
    expected = {f"writer {w} session {n}" for w in range(WRITERS) for n in range(SESSIONS_EACH)}
    assert set(topics) == expected, "some writer's session is missing"
    assert max(topics.values()) == 1, "a session was recorded twice"

    # PostgreSQL's notification ids have gaps where a conflicting insert rolled back.
    verified = ok(ledger_url, "verify").out.strip()
    assert verified.startswith(f"OK: {total} events verified, chain intact up to position ")
    views_match_rebuild(ledger_url)


@pytest.mark.slow
@pytest.mark.parametrize("rounds", [3])
def test_racing_stage_advances_have_one_winner(ledger_url: str, rounds: int) -> None:
    """Two processes both move the team to the next stage: one wins, the other is told why."""
    base_engagement(ledger_url)
    with _pool(2) as pool:
        for stage in ["norm", "perform", "sustain"][:rounds]:
            start_at = time.time() + (3.0 if stage == "norm" else 0.5)
            outcomes = pool.starmap(
                workers.advance_stage, [(ledger_url, w, stage, start_at) for w in range(2)]
            )
            codes = sorted(o["code"] for o in outcomes)
            assert codes == [0, 1], outcomes
            loser = next(o for o in outcomes if o["code"] == 1)
            assert loser["err"] == f"error: team 'dlt' is already at stage '{stage}'\n"
    state = ok(ledger_url, "engagement", "show", "maple-ridge", "--json").json()
    (team,) = [t for t in state["teams"] if t["team_id"] == "dlt"]
    assert [h["stage"] for h in team["stage_history"]] == ["form", "norm", "perform", "sustain"]
    ok(ledger_url, "verify")
    views_match_rebuild(ledger_url)


@pytest.mark.slow
def test_sqlite_lock_held_briefly_is_waited_for(sqlite_url: str, monkeypatch) -> None:
    """Another connection holds the write lock for a second: the command waits, then writes."""
    import sqlite3
    import threading

    base_engagement(sqlite_url)
    monkeypatch.setenv("CEC_LEDGER_BUSY_TIMEOUT", "10")
    holder = sqlite3.connect(sqlite_url, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, holder.execute, ("COMMIT",))
    release.start()
    try:
        started = time.monotonic()
        ok(sqlite_url, *SESSION_ARGS)
        assert time.monotonic() - started >= 0.9
    finally:
        release.join()
        holder.close()
    assert len(stream_versions(sqlite_url)[str(engagement_id("maple-ridge"))]) == BASE_EVENTS + 1
    ok(sqlite_url, "verify")


@pytest.mark.slow
def test_sqlite_lock_never_released_is_one_clear_line(sqlite_url: str, monkeypatch) -> None:
    """A lock that outlasts the busy timeout: exit 1, one line, nothing written."""
    import sqlite3

    from tests.clihelp import export_bytes, invoke

    base_engagement(sqlite_url)
    before = export_bytes(sqlite_url)
    monkeypatch.setenv("CEC_LEDGER_BUSY_TIMEOUT", "1")
    holder = sqlite3.connect(sqlite_url, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        outcome = invoke(sqlite_url, *SESSION_ARGS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.code == 1
    assert outcome.err == (
        "error: the ledger stayed locked by another writer for 1 seconds (database is locked); "
        "nothing was written, try again (wait longer with CEC_LEDGER_BUSY_TIMEOUT)\n"
    )
    assert export_bytes(sqlite_url) == before
    ok(sqlite_url, "verify")


SESSION_ARGS = [
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
    "after the lock",
    "--hours",
    "1",
    "--participants",
    "2",
    "--consultant",
    "Ana Reyes",
    "--on",
    "2025-10-02",
]


@pytest.mark.slow
def test_lagging_views_and_a_held_lock_are_one_clear_line(sqlite_url: str, monkeypatch) -> None:
    import sqlite3

    from cec_ledger.facade.ledger import Ledger
    from tests.clihelp import invoke

    base_engagement(sqlite_url)
    with Ledger.open(sqlite_url) as ledger:  # a process that died before its views caught up
        ledger.app.after_save.clear()
        ledger.record(
            "maple-ridge",
            "SessionDelivered",
            delivery="training",
            unplanned="outside the catalogue",
            topic="t",
            hours="1",
            participants=2,
            consultant="Ana Reyes",
        )
    monkeypatch.setenv("CEC_LEDGER_BUSY_TIMEOUT", "1")
    holder = sqlite3.connect(sqlite_url, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        reading = invoke(sqlite_url, "timeline")
        writing = invoke(sqlite_url, *SESSION_ARGS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert reading.code == 0, reading.err
    assert writing.code == 1 and "unexpected" not in writing.err, writing.err
