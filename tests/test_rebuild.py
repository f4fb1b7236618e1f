"""``rebuild``: views rebuilt from the log equal the incrementally built ones, and an
interrupted rebuild resumes where it stopped (each batch commits with its position)."""

from __future__ import annotations

import pytest

from cec_ledger.facade.audit import rebuild
from cec_ledger.facade.ledger import Ledger
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
