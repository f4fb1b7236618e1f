"""``rebuild`` and the projector: views rebuilt from the log equal the incrementally built
ones, an interrupted rebuild resumes where it stopped (each batch commits with its position),
the snapshots are dropped, a correction is folded as of its own version, and views left
behind the log (by a process that died before its catch-up, or a chain behind the views)
are caught up to the fold of the log.

Over 400 lines: the projector's rules are judged by `make mutate` through the test files in
pyproject's mutation selection; adding a file there resets every cached mutation verdict, so
the catch-up rules stay in this one until the next full run can take a split."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest

from cec_ledger.domain.engagement import fold_history
from cec_ledger.facade.audit import rebuild, verify
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import plain
from cec_ledger.projections.projector import state_apply
from cec_ledger.storage import snapshots
from tests.clihelp import ok


def timeline_rows(ledger: Ledger) -> list[str]:
    return [
        r["row_json"]
        for r in ledger.views.query("SELECT row_json FROM {p}cec_timeline ORDER BY position")
    ]


def test_rebuild_command_reports_rate_and_keeps_views(ledger_url: str) -> None:
    ok(ledger_url, "demo")
    before = ok(ledger_url, "timeline", "--json").out
    outcome = ok(ledger_url, "rebuild")
    assert outcome.out.startswith("Rebuilt views from 237 events in ")
    assert "events/s)" in outcome.out
    assert ok(ledger_url, "timeline", "--json").out == before
    assert ok(ledger_url, "verify").out.startswith("OK: 237 events verified")


class Interrupt(Exception):
    pass


def test_interrupted_rebuild_resumes(ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import cec_ledger.projections.projector as projector

    ok(ledger_url, "demo")
    ledger = Ledger.open(ledger_url, actor="auditor")
    try:
        expected = timeline_rows(ledger)
        monkeypatch.setattr(projector, "BATCH", 50)
        seen = []

        def stop_after_two_batches(count: int) -> None:
            seen.append(count)
            if len(seen) == 2:
                raise Interrupt

        with pytest.raises(Interrupt):
            rebuild(ledger, progress=stop_after_two_batches)
        partial = timeline_rows(ledger)
        assert len(partial) == 100  # two committed batches survived the interruption
        assert ledger.projector.views.position_of("views") == 100
        resumed = ledger.projector.catch_up()
        assert resumed == 137
        assert timeline_rows(ledger) == expected
    finally:
        ledger.close()


def test_read_only_cannot_rebuild(sqlite_url: str) -> None:
    from tests.clihelp import invoke

    ok(sqlite_url, "demo")
    outcome = invoke(sqlite_url, "rebuild", read_only=True)
    assert outcome.code == 1 and "open the ledger without --read-only" in outcome.err


def test_read_only_rebuild_is_refused_word_for_word(sqlite_url: str) -> None:
    from cec_ledger.domain.errors import ReadOnlyLedger
    from cec_ledger.facade import audit
    from cec_ledger.facade.ledger import Ledger
    from tests.clihelp import base_engagement

    base_engagement(sqlite_url)
    with (
        Ledger.open(sqlite_url, actor="auditor", read_only=True) as ledger,
        pytest.raises(ReadOnlyLedger) as refused,
    ):
        audit.rebuild(ledger)
    assert str(refused.value) == "rebuild writes the views; open the ledger without --read-only"


def test_a_rebuild_the_database_refuses_is_one_clear_line(sqlite_url: str) -> None:
    """A ledger opened for writing on a database that refuses writes (PostgreSQL: a
    SELECT-only role; here the SQLite file opened mode=ro) gets the one-line refusal, not
    the driver's error."""
    from cec_ledger.domain.errors import ReadOnlyLedger
    from cec_ledger.facade import audit
    from tests.clihelp import base_engagement

    base_engagement(sqlite_url)
    with Ledger.open(sqlite_url, actor="auditor", read_only=True) as ledger:
        ledger.read_only = False  # not in auditor mode: only the database says no
        with pytest.raises(ReadOnlyLedger) as refused:
            audit.rebuild(ledger)
    assert str(refused.value) == (
        "the database refused the write (attempt to write a readonly database); nothing was "
        "written (an auditor's read-only access? use --read-only to read)"
    )


# ---------------------------------------------------------------------- snapshots and corrections
START = date(2024, 1, 1)


def outcomes(ledger: Ledger, slug: str, count: int) -> None:
    """Open ``slug`` and record ``count`` outcomes (its events 1..count+1)."""
    ledger.open_engagement(
        slug=slug, name=slug.title(), organisation=f"{slug} District", level="district",
        occurred_on=START.isoformat(),
    )  # fmt: skip
    for n in range(1, count + 1):
        ledger.record(
            slug, "OutcomeObserved", tier="short_term", dimension="common_language",
            evidence=f"observation {n}", occurred_on=(START + timedelta(days=n)).isoformat(),
        )  # fmt: skip


def correct_third(ledger: Ledger, slug: str) -> None:
    """Correct the evidence of ``slug``'s event #3 (an outcome)."""
    ledger.record(
        slug, "EventCorrected", corrects_version=3, corrects_type="OutcomeObserved",
        reason="typo", corrected_fields={"evidence": "observation two, corrected"},
        occurred_on=(START + timedelta(days=40)).isoformat(),
    )  # fmt: skip


def folded(ledger: Ledger, slug: str, version: int) -> dict[str, Any]:
    events = ledger.app.engagement_events(ledger.resolve(slug))
    return plain(fold_history(events[:version]).to_dict())


def test_a_rebuild_drops_every_snapshot_and_reads_are_the_fold(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots are a cache outside the hash chain: ``rebuild`` deletes them all, the views
    it writes are those the commands left, and the states read afterwards are the fold of the
    events."""
    monkeypatch.setattr(snapshots, "SNAPSHOT_EVERY", 5)
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        outcomes(ledger, "north", 11)
        outcomes(ledger, "south", 7)
        correct_third(ledger, "south")  # its last event: the row is the correction's fold
        rows = ledger.engagements()
        # north at 10 (5 pruned: same span), south at its correction, #9 (5 pruned)
        assert sorted(v for _, v in snapshots.snapshot_keys(ledger.app.snapshots)) == [9, 10]
        assert rebuild(ledger) == {"events": 21}
        assert snapshots.snapshot_keys(ledger.app.snapshots) == []
        assert ledger.engagements() == rows
    with Ledger.open(ledger_url, actor="t") as ledger:
        assert snapshots.snapshot_keys(ledger.app.snapshots) == []
        for slug, head in (("north", 12), ("south", 9)):
            for version in range(1, head + 1):
                state = ledger.app.get_engagement(ledger.resolve(slug), version=version).state
                assert plain(state.to_dict()) == folded(ledger, slug, version), (slug, version)


def test_a_ledger_without_a_snapshot_store_rebuilds(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eventsourcing's IS_SNAPSHOTTING_ENABLED=no leaves the application without a snapshot
    store: there is nothing to drop, and the views are rebuilt."""
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        outcomes(ledger, "north", 3)
    monkeypatch.setenv("IS_SNAPSHOTTING_ENABLED", "no")
    with Ledger.open(ledger_url, actor="t") as ledger:
        assert ledger.app.snapshots is None
        assert rebuild(ledger) == {"events": 4}


def test_the_state_after_a_correction_is_the_fold_up_to_that_correction(
    sqlite_url: str,
) -> None:
    """What the projector folds for a correction (its search text, the engagement's row) is
    the engagement re-folded from its events up to the correction, not past it, even when
    later events are stored already (a catch-up behind the log)."""
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        outcomes(ledger, "north", 4)
        correct_third(ledger, "north")  # event #6
        ledger.record(
            "north", "OutcomeObserved", tier="short_term", dimension="common_language",
            evidence="observation 5", occurred_on=(START + timedelta(days=41)).isoformat(),
        )  # fmt: skip
        eid = ledger.resolve("north")
        events = ledger.app.engagement_events(eid)
        state = ledger.app.get_engagement(eid, version=5).state
        state_apply(state, events[5], ledger.app)
        assert state.version == 6
        assert plain(state.to_dict()) == folded(ledger, "north", 6)
        assert plain(state.to_dict()) != folded(ledger, "north", 7)


def test_a_rebuild_indexes_the_words_the_log_holds_now(sqlite_url: str) -> None:
    """rebuild re-derives the views from the log as it is: the search index is emptied with
    the event rows (on SQLite an FTS table of its own), so once a stored event was changed by
    hand a search finds it by its new words, never by the words it was indexed with before."""
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        outcomes(ledger, "north", 3)
    with sqlite3.connect(sqlite_url) as conn:
        rows = conn.execute("SELECT rowid, state FROM stored_events").fetchall()
        [(rowid, state)] = [row for row in rows if b'"observation 2"' in row[1]]
        changed = state.replace(b'"observation 2"', b'"remark 2"')
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (changed, rowid))
    with Ledger.open(sqlite_url, actor="t") as ledger:
        rebuild(ledger)
        found = [row["data"]["evidence"] for row in ledger.search("observation")]
        assert found == ["observation 3", "observation 1"]  # newest first
        assert [row["data"]["evidence"] for row in ledger.search("remark")] == ["remark 2"]


# ---------------------------------------------------------------------- views behind the log
# Several processes write one ledger; each catches the shared views up after its own save. A
# process that dies between its save and its catch-up (here: its after-save hook removed)
# leaves its events to the next catch-up, by whichever process comes next.
def observe(ledger: Ledger, n: int) -> None:
    ledger.record(
        "north", "OutcomeObserved", tier="short_term", dimension="common_language",
        evidence=f"observation {n}", occurred_on=(START + timedelta(days=n)).isoformat(),
    )  # fmt: skip


def row_of_north(ledger: Ledger) -> dict[str, Any]:
    [row] = [row for row in ledger.engagements() if row["slug"] == "north"]
    return row


def test_views_caught_up_by_another_process_are_the_fold_of_the_log(ledger_url: str) -> None:
    """The engagement row after a catch-up is the fold of every event up to it, whoever
    saved them and whatever this process folded or was handed before."""
    with (
        Ledger.open(ledger_url, actor="a", create=True) as first,
        Ledger.open(ledger_url, actor="b") as dying,
        Ledger.open(ledger_url, actor="c") as third,
    ):
        dying.app.after_save.clear()  # its saves never catch the views up
        outcomes(first, "north", 2)  # #1-#3, projected by the process that saved them
        observe(dying, 3)
        observe(dying, 4)  # #4 and #5: not projected
        assert row_of_north(first)["events"] == 3
        assert first.projector.catch_up() == 2
        assert row_of_north(first)["events"] == 5
        observe(third, 5)  # #6, projected by the third process
        observe(dying, 6)  # #7: not projected
        assert first.projector.catch_up() == 1
        caught_up = row_of_north(first)
        assert (caught_up["events"], caught_up["last_occurred_on"]) == (7, "2024-01-07")
        rebuild(first)
        assert row_of_north(first) == caught_up


def chain_rows(ledger: Ledger) -> list[tuple[int, str]]:
    rows = ledger.views.query("SELECT position, link FROM {p}cec_chain ORDER BY position")
    return [(row["position"], row["link"]) for row in rows]


def test_a_chain_behind_the_views_is_extended_and_the_views_left_alone(ledger_url: str) -> None:
    """The chain is only ever extended, from its own tracked position: when that is behind
    the views' (its tail lost), the next catch-up links the missing events again and writes
    no event row twice."""
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        outcomes(ledger, "north", 3)  # events #1-#4, at positions 1-4
        chain, timeline, rows = chain_rows(ledger), timeline_rows(ledger), ledger.engagements()
        views = ledger.projector.views
        with views.writing() as cursor:
            views.execute(cursor, "DELETE FROM {p}cec_chain WHERE position > 2")
            views.execute(
                cursor,
                f"DELETE FROM {{p}}{views.tracking_table} WHERE application_name = 'chain'",
            )
            views.track(cursor, "chain", 2)
        assert views.positions_of("views", "chain") == [4, 2]
        assert ledger.projector.catch_up() == 2
        assert views.positions_of("views", "chain") == [4, 4]
        assert chain_rows(ledger) == chain
        assert (timeline_rows(ledger), ledger.engagements()) == (timeline, rows)
        assert verify(ledger)["ok"]


def test_a_rebuild_keeps_each_event_at_its_position_in_the_log(sqlite_url: str) -> None:
    """An event row is at its event's position in the log (the search index, the chain and
    the pages address events by it), also where the log has a gap: here its first event,
    deleted by hand, before a rebuild."""
    with Ledger.open(sqlite_url, actor="t", create=True) as ledger:
        ledger.open_engagement(
            slug="gone", name="Gone", organisation="Gone District", level="district",
            occurred_on=START.isoformat(),
        )  # fmt: skip
        outcomes(ledger, "north", 2)  # positions 2-4
    with sqlite3.connect(sqlite_url) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid = 1")
    with Ledger.open(sqlite_url, actor="t") as ledger:
        assert rebuild(ledger) == {"events": 3}
        rows = ledger.views.query("SELECT position, version FROM {p}cec_event_rows")
        assert sorted((row["position"], row["version"]) for row in rows) == [(2, 1), (3, 2), (4, 3)]


# ---------------------------------------------------------------------------------------------
# Catching up when the views and the engagement summaries part (the projector's catch-up loop,
# the summary rows it owes, the clash retries, the tables it makes on open). The demo ledger
# has 237 events: maple-ridge (opened at position 1, events to 237) and cedar-grove (opened at
# 83, events 83..149). Trackers: "views" (event rows), "engagements" (summary rows), "chain".

DEMO_EVENTS = 237


@pytest.fixture
def demo_url(sqlite_url: str) -> str:
    ok(sqlite_url, "demo")
    return sqlite_url


def summary_rows(ledger: Ledger) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in ledger.views.query("SELECT * FROM {p}cec_engagement_rows ORDER BY eng")
    ]


def trackers(ledger: Ledger) -> tuple[int, int, int]:
    views, summaries, chain = ledger.projector.views.positions_of("views", "engagements", "chain")
    return views, summaries, chain


def set_tracker(url: str, name: str, position: int) -> None:
    """Move one tracker by hand, as a tool editing the file would."""
    with sqlite3.connect(url) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO tracking (application_name, notification_id) VALUES (?, ?)",
            (name, position),
        )


def interrupted_rebuild(ledger: Ledger, batches: int) -> None:
    """A rebuild that dies after ``batches`` committed batches (of the size the test set)."""

    def stop(count: int) -> None:
        seen.append(count)
        if len(seen) == batches:
            raise Interrupt

    seen: list[int] = []
    with pytest.raises(Interrupt):
        rebuild(ledger, progress=stop)


@pytest.mark.parametrize(
    ("batch", "seen"),
    [
        # 237 = 4 x 50 + 37: the short batch is the last one, and carries the summaries
        (50, [(50, 0), (100, 0), (150, 0), (200, 0), (237, 237)]),
        # 237 = 3 x 79: every batch is full; the summaries follow once the log is exhausted
        (79, [(79, 0), (158, 0), (237, 0)]),
    ],
    ids=["last-batch-short", "last-batch-full"],
)
def test_a_long_catch_up_writes_the_summaries_once_after_its_last_batch(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, batch: int, seen: list[tuple[int, int]]
) -> None:
    """Each touched engagement's summary row is written once, with the last batch (or after
    it, when the last batch was full), never with the batches before."""
    import cec_ledger.projections.projector as projector

    with Ledger.open(demo_url, actor="auditor") as ledger:
        before = summary_rows(ledger)
        monkeypatch.setattr(projector, "BATCH", batch)
        positions: list[tuple[int, int]] = []
        rebuild(ledger, progress=lambda count: positions.append(trackers(ledger)[:2]))
        assert positions == seen
        assert trackers(ledger) == (DEMO_EVENTS, DEMO_EVENTS, DEMO_EVENTS)
        assert summary_rows(ledger) == before


def test_a_catch_up_interrupted_before_its_summaries_owes_them_at_the_views_position(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a crash between the event rows and the summary rows, the next catch-up first
    writes the summaries the event rows are ahead by, folded at the views' position (not at
    the log's head), each under its engagement's key (the position of its opening event)."""
    import cec_ledger.projections.projector as projector

    with Ledger.open(demo_url, actor="auditor") as ledger:
        monkeypatch.setattr(projector, "BATCH", 50)
        interrupted_rebuild(ledger, batches=2)
        assert trackers(ledger) == (100, 0, DEMO_EVENTS)
        assert summary_rows(ledger) == []
        seen: list[int] = []

        def stop(count: int) -> None:
            seen.append(count)
            raise Interrupt

        with pytest.raises(Interrupt):
            ledger.projector.catch_up(progress=stop)
        assert seen == [50]  # the batch 101..150, not the last one
        assert trackers(ledger) == (150, 100, DEMO_EVENTS)
        # each engagement's summary counts its events up to position 100, under its key
        owed = ledger.views.query(
            "SELECT eng, COUNT(*) AS events FROM {p}cec_event_rows WHERE position <= 100 "
            "GROUP BY eng ORDER BY eng"
        )
        counts = [(row["eng"], row["events"]) for row in owed]
        assert [eng for eng, _ in counts] == [1, 83]  # the positions of the opening events
        assert [(row[0], row[10]) for row in summary_rows(ledger)] == counts


def test_summaries_left_ahead_of_rewound_views_are_rewound_and_caught_up(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tool that emptied the views and rewound the event rows' tracker but not the
    summaries' (here: a rebuild that died at 150, its summaries tracker then set to the head)
    gets the summaries tracker rewound too; the catch-up then ends with every summary row
    equal to the incrementally built one, cedar-grove's (events 83..149) included."""
    import cec_ledger.projections.projector as projector

    with Ledger.open(demo_url, actor="auditor") as ledger:
        before = summary_rows(ledger)
        monkeypatch.setattr(projector, "BATCH", 50)
        interrupted_rebuild(ledger, batches=3)
        set_tracker(demo_url, "engagements", DEMO_EVENTS)
        assert trackers(ledger) == (150, DEMO_EVENTS, DEMO_EVENTS)
        assert ledger.projector.catch_up() == DEMO_EVENTS - 150
        assert trackers(ledger) == (DEMO_EVENTS, DEMO_EVENTS, DEMO_EVENTS)
        assert summary_rows(ledger) == before


def test_a_catch_up_with_nothing_to_do_writes_nothing(demo_url: str) -> None:
    """Views and summaries at the head: the catch-up only reads (it runs on a file the
    database opened read-only; a write would be refused)."""
    with Ledger.open(demo_url, actor="auditor", read_only=True) as ledger:
        assert trackers(ledger) == (DEMO_EVENTS, DEMO_EVENTS, DEMO_EVENTS)
        assert ledger.projector.catch_up() == 0
        assert trackers(ledger) == (DEMO_EVENTS, DEMO_EVENTS, DEMO_EVENTS)


def test_a_ledger_made_before_the_view_and_snapshot_tables_gets_them_on_open(
    demo_url: str,
) -> None:
    """An older ledger (no event-row table, no snapshot table, no views format recorded)
    gets both tables when opened for writing, and its views are built from the log."""
    with Ledger.open(demo_url, actor="auditor") as ledger:
        expected = timeline_rows(ledger)
        assert expected != []
    with sqlite3.connect(demo_url) as conn:
        conn.execute("DROP TABLE cec_event_rows")
        conn.execute("DROP TABLE stored_snapshots")
        conn.execute("DELETE FROM tracking WHERE application_name IN ('views', 'engagements')")
        conn.execute("DELETE FROM tracking WHERE application_name LIKE 'views-format-%'")
    with Ledger.open(demo_url, actor="auditor") as ledger:
        tables = {
            row["name"]
            for row in ledger.views.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {"cec_event_rows", "stored_snapshots"} <= tables
        assert timeline_rows(ledger) == expected


class Clashes:
    """Reads of the next batch, one per attempt; an 'other writer' (a second connection to
    the file) can advance the views tracker after some reads at a position, as a process
    that projected that batch first would have."""

    def __init__(self, ledger: Ledger, url: str, advance_after: int | None = None) -> None:
        self.recorder = ledger.app.recorder
        self.read = self.recorder.select_notifications
        self.url, self.advance_after = url, advance_after
        self.reads: list[int] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = kwargs["start"]
        self.reads.append(start)
        if len(self.reads) > 200:
            raise RuntimeError("still retrying after 200 attempts")
        batch = self.read(*args, **kwargs)
        if self.advance_after and self.reads.count(start) == self.advance_after and batch:
            set_tracker(self.url, "views", batch[0].id)
        return batch


def test_a_catch_up_clashing_again_and_again_at_one_position_gives_up_after_20_retries(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows left behind past the views tracker (not another writer's batch: they never go
    away) make every attempt clash; the catch-up tries once and retries 20 times, then
    raises the clash, saying what to run, instead of looping for ever."""
    from eventsourcing.persistence import IntegrityError

    from cec_ledger.projections.projector import ViewsOutOfStep

    with Ledger.open(demo_url, actor="auditor") as ledger:
        set_tracker(demo_url, "views", DEMO_EVENTS - 1)  # the event row at 237 stays behind
        set_tracker(demo_url, "engagements", DEMO_EVENTS - 1)
        clashes = Clashes(ledger, demo_url)
        monkeypatch.setattr(ledger.app.recorder, "select_notifications", clashes)
        with pytest.raises(ViewsOutOfStep) as clash:
            ledger.projector.catch_up()
        assert isinstance(clash.value, IntegrityError)
        assert str(clash.value) == (
            f"the views hold rows past their recorded position {DEMO_EVENTS - 1} "
            "(UNIQUE constraint failed: cec_event_rows.position); "
            "'cec-ledger rebuild' rebuilds them"
        )
        assert trackers(ledger) == (DEMO_EVENTS - 1, DEMO_EVENTS - 1, DEMO_EVENTS)
    assert clashes.reads == [DEMO_EVENTS - 1] * 21


def test_views_left_past_their_position_warn_read_the_events_and_rebuild_mends_them(
    demo_url: str,
) -> None:
    """A file edited by hand can leave view rows past their tracked position: a command then
    warns once, in one line naming the fix, and reads the events (nothing is lost); `rebuild`
    brings the views back in step, after which nothing warns."""
    before = ok(demo_url, "engagement", "list", "--json").json()
    set_tracker(demo_url, "views", DEMO_EVENTS - 1)  # the event row at 237 stays behind
    set_tracker(demo_url, "engagements", DEMO_EVENTS - 1)
    listed = ok(demo_url, "engagement", "list", "--json")
    assert sorted((e["slug"], e["status"]) for e in listed.json()) == sorted(
        (e["slug"], e["status"]) for e in before
    )
    assert listed.err == (
        f"warning: the views hold rows past their recorded position {DEMO_EVENTS - 1} "
        "(UNIQUE constraint failed: cec_event_rows.position); 'cec-ledger rebuild' rebuilds "
        "them (until then commands read the events)\n"
    )
    rebuilt = ok(demo_url, "rebuild")
    assert rebuilt.out.startswith(f"Rebuilt views from {DEMO_EVENTS} events in ")
    again = ok(demo_url, "engagement", "list", "--json")
    assert again.json() == before and again.err == ""


def test_clashes_at_different_positions_are_counted_per_position(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """15 clashes at each of three positions (another writer finishing each batch first) is
    never 20 at one position: the catch-up carries on to the head."""
    import cec_ledger.projections.projector as projector

    with Ledger.open(demo_url, actor="auditor") as ledger:
        set_tracker(demo_url, "views", DEMO_EVENTS - 3)  # rows 235..237 stay behind
        set_tracker(demo_url, "engagements", DEMO_EVENTS - 3)
        monkeypatch.setattr(projector, "BATCH", 1)
        clashes = Clashes(ledger, demo_url, advance_after=15)
        monkeypatch.setattr(ledger.app.recorder, "select_notifications", clashes)
        assert ledger.projector.catch_up() == 0
        assert trackers(ledger)[0] == DEMO_EVENTS
    assert clashes.reads == [234] * 15 + [235] * 15 + [236] * 15 + [237]


def test_a_ledger_opens_with_snapshots_turned_off_in_the_environment(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eventsourcing reads IS_SNAPSHOTTING_ENABLED from the environment: set to "n", the
    application has no snapshot store, and the ledger still opens, writes and reads."""
    monkeypatch.setenv("IS_SNAPSHOTTING_ENABLED", "n")
    with Ledger.open(demo_url, actor="auditor") as ledger:
        assert ledger.app.snapshots is None
        expected = timeline_rows(ledger)
    assert ok(demo_url, "rebuild").out.startswith(f"Rebuilt views from {DEMO_EVENTS} events in ")
    with Ledger.open(demo_url, actor="auditor") as ledger:
        assert timeline_rows(ledger) == expected
