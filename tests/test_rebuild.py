"""``rebuild`` and the projector: views rebuilt from the log equal the incrementally built
ones, an interrupted rebuild resumes where it stopped (each batch commits with its position),
the snapshots are dropped, a correction is folded as of its own version, and views left
behind the log (by a process that died before its catch-up, or a chain behind the views)
are caught up to the fold of the log."""

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
