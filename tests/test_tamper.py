"""Tamper evidence: change one byte of one stored event, delete a row, reorder rows — in the
SQLite file and in PostgreSQL — and ``verify`` must fail (exit 1) naming the event.
A seal taken before the tampering must stop matching even when the chain table is
rewritten to hide it."""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from cec_ledger.facade.audit import rebuild, verify
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import plain
from cec_ledger.projections.chain import GENESIS, link_of
from tests.clihelp import ENGAGEMENT, base_engagement, invoke, ok
from tests.test_scale import (
    _rewrite_snapshot,
    engagement,
    every_five,  # noqa: F401 - a fixture: snapshots every 5 events
    folded,
    snapshot_rows,
)


def tamper(url: str, statements: list[str]) -> None:
    """Run raw SQL against the ledger's storage, as an attacker with file/database access."""
    if url.startswith("postgresql://"):
        from tests.conftest import connect

        schema = dict(parse_qsl(urlsplit(url).query))["schema"]
        with connect(url) as conn:
            conn.execute(f'SET search_path TO "{schema}"')
            for statement in statements:
                conn.execute(
                    statement.replace("stored_events", "cec_ledger_events").replace(
                        "rowid", "notification_id"
                    )
                )
    else:
        with sqlite3.connect(url) as conn:
            for statement in statements:
                conn.execute(statement)


def flip_one_byte(url: str, position: int) -> None:
    """Change exactly one byte of one stored event's state (R. Alvarez -> S. Alvarez)."""
    if url.startswith("postgresql://"):
        tamper(
            url,
            [
                f"UPDATE stored_events SET state = overlay(state placing 'S'::bytea from "
                f"position('R. A'::bytea in state) for 1) WHERE rowid = {position}"
            ],
        )
    else:
        conn = sqlite3.connect(url)
        (state,) = conn.execute(
            "SELECT state FROM stored_events WHERE rowid = ?", (position,)
        ).fetchone()
        index = state.index(b"R. A")
        changed = state[:index] + b"S" + state[index + 1 :]
        assert sum(a != b for a, b in zip(state, changed, strict=True)) == 1
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (changed, position))
        conn.commit()
        conn.close()


def test_untouched_ledger_verifies(ledger_url: str) -> None:
    base_engagement(ledger_url)
    outcome = ok(ledger_url, "verify")
    assert outcome.out.strip() == "OK: 5 events verified, chain intact up to position 5"
    report = ok(ledger_url, "verify", "--json").json()
    assert report["ok"] is True and report["checked"] == 5


def test_one_changed_byte_is_named(ledger_url: str) -> None:
    base_engagement(ledger_url)
    flip_one_byte(ledger_url, 2)
    outcome = invoke(ledger_url, "verify")
    assert outcome.code == 1
    assert outcome.err.strip() == (
        "error: verification failed: event maple-ridge#2 at position 2 was changed after it "
        "was recorded (its stored bytes no longer match the chain)"
    )


def test_deleted_row_is_named(ledger_url: str) -> None:
    base_engagement(ledger_url)
    tamper(ledger_url, ["DELETE FROM stored_events WHERE rowid = 3"])
    outcome = invoke(ledger_url, "verify", "--json")
    assert outcome.code == 1
    report = outcome.json()
    assert report["problem"] == "removed"
    assert report["message"] == "event maple-ridge#3 at position 3 was removed"


def test_deleted_last_row_is_named(ledger_url: str) -> None:
    base_engagement(ledger_url)
    tamper(ledger_url, ["DELETE FROM stored_events WHERE rowid = 5"])
    outcome = invoke(ledger_url, "verify", "--json")
    assert outcome.code == 1
    assert outcome.json()["message"] == "event maple-ridge#5 at position 5 was removed"


def test_reordered_rows_are_named(ledger_url: str) -> None:
    base_engagement(ledger_url)
    # Swap the log positions of events 3 and 4.
    tamper(
        ledger_url,
        [
            "UPDATE stored_events SET rowid = 1000 WHERE rowid = 3",
            "UPDATE stored_events SET rowid = 3 WHERE rowid = 4",
            "UPDATE stored_events SET rowid = 4 WHERE rowid = 1000",
        ],
    )
    outcome = invoke(ledger_url, "verify", "--json")
    assert outcome.code == 1
    report = outcome.json()
    assert report["problem"] == "reordered"
    assert report["message"].startswith(
        "position 3 holds maple-ridge#4 where the chain has maple-ridge#3"
    )


def test_seal_proves_history_even_when_the_chain_is_rewritten(ledger_url: str) -> None:
    base_engagement(ledger_url)
    digest = ok(ledger_url, "seal").out.strip()
    assert digest.startswith("cec-seal-v1:5:")
    assert "seal matches" in ok(ledger_url, "verify", "--seal", digest).out
    # More events after the seal do not break it.
    ok(ledger_url, "team", "stage", "maple-ridge", "dlt", "norm", "--on", "2025-10-01")
    assert (
        "history up to position 5 (5 events) is unchanged"
        in ok(ledger_url, "verify", "--seal", digest).out
    )
    # An attacker changes an event AND drops the chain rows so verify cannot compare...
    flip_one_byte(ledger_url, 2)
    tamper(ledger_url, ["DELETE FROM cec_chain"])
    outcome = invoke(ledger_url, "verify", "--seal", digest, "--json")
    assert outcome.code == 1
    assert outcome.json()["message"] == (
        "history up to position 5 differs from the seal (it was rewritten, chain table included)"
    )


def test_verify_works_read_only(ledger_url: str) -> None:
    base_engagement(ledger_url)
    assert ok(ledger_url, "verify", read_only=True).out.startswith("OK: 5 events verified")
    flip_one_byte(ledger_url, 2)
    outcome = invoke(ledger_url, "verify", read_only=True)
    assert outcome.code == 1 and "maple-ridge#2 at position 2 was changed" in outcome.err


@pytest.mark.parametrize("bad", ["cec-seal-v1:5:zz", "cec-seal-v1:x:" + "a" * 24, ""])
def test_malformed_seal(sqlite_url: str, bad: str) -> None:
    base_engagement(sqlite_url)
    outcome = invoke(sqlite_url, "verify", "--seal", bad)
    assert outcome.code == 1 and "is not of the form" in outcome.err


def test_a_chain_row_removed_at_the_head_is_named_and_the_chain_goes_on(sqlite_url: str) -> None:
    """The chain's last row deleted: the next event is still chained (from the genesis link,
    the chain head being gone) and verify names the event left out of the chain."""
    base_engagement(sqlite_url)
    tamper(sqlite_url, ["DELETE FROM cec_chain WHERE position = 5"])
    ok(sqlite_url, "team", "stage", "maple-ridge", "dlt", "norm", "--on", "2025-10-01")
    outcome = invoke(sqlite_url, "verify", "--json")
    assert outcome.code == 1
    report = outcome.json()
    assert (report["problem"], report["checked"], report["head"]) == ("inserted", 4, 5)
    assert report["message"] == (
        "event maple-ridge#5 at position 5 is not in the chain: it was inserted into history"
    )


class LowerCaseViews:
    """The views as PostgreSQL returns their rows: dicts keyed by the column names in lower
    case, where SQLite's rows answer to any case (everything else is the views' own)."""

    def __init__(self, views: Any) -> None:
        self._views = views

    def __getattr__(self, name: str) -> Any:
        return getattr(self._views, name)

    def query(self, statement: str, params: Any = ()) -> list[dict[str, Any]]:
        rows = self._views.query(statement, params)
        return [{key.lower(): row[key] for key in row.keys()} for row in rows]  # noqa: SIM118


def test_the_chain_is_extended_from_its_head_read_as_postgresql_rows(sqlite_url: str) -> None:
    base_engagement(sqlite_url)
    with Ledger.open(sqlite_url, actor="tester") as ledger:
        ledger.projector.views = LowerCaseViews(ledger.projector.views)
        ledger.record(
            "maple-ridge",
            "TeamStageAdvanced",
            team_id="dlt",
            stage="norm",
            occurred_on="2025-10-01",
        )
    assert ok(sqlite_url, "verify").out.strip() == (
        "OK: 6 events verified, chain intact up to position 6"
    )


def test_an_unreadable_opening_does_not_hide_the_names_of_later_engagements(
    sqlite_url: str,
) -> None:
    """verify names engagements by their slug, read from their opening events; one opening
    that cannot be read (its bytes replaced, and the chain rewritten to match by someone who
    could write both) is skipped: the engagements opened after it keep their names."""
    base_engagement(sqlite_url)
    ok(sqlite_url, *[arg if arg != "maple-ridge" else "oak-valley" for arg in ENGAGEMENT])
    ok(
        sqlite_url,
        "team",
        "form",
        "oak-valley",
        "dlt",
        "--kind",
        "dlt",
        "--name",
        "DLT",
        "--on",
        "2025-09-10",
    )
    tamper(sqlite_url, ["UPDATE stored_events SET state = X'00' WHERE rowid = 1"])
    with Ledger.open(sqlite_url, actor="auditor", read_only=True) as ledger:
        previous, links = GENESIS, []
        for batch in ledger.app.notifications(batch_size=100):
            for notification in batch:
                previous = link_of(previous, notification)
                links.append(
                    f"UPDATE cec_chain SET link = '{previous}' WHERE position = {notification.id}"
                )
    tamper(sqlite_url, [*links, "DELETE FROM stored_events WHERE rowid = 7"])
    outcome = invoke(sqlite_url, "verify", "--json")
    assert outcome.code == 1
    report = outcome.json()
    assert (report["problem"], report["checked"]) == ("removed", 6)
    assert report["message"] == "event oak-valley#2 at position 7 was removed"


@pytest.mark.usefixtures("every_five")
def test_a_forged_snapshot_is_found_by_verify_and_dropped_by_rebuild(ledger_url: str) -> None:
    """A snapshot is outside the hash chain: a row changed by hand still loads (its digest
    matches the stored event), so verify folds the events and names the snapshot that is not
    their fold, in one line saying what to run; rebuild drops every snapshot."""
    with Ledger.open(ledger_url, actor="t", create=True) as ledger:
        engagement(ledger, "f", 7)
        assert verify(ledger)["ok"]
        _rewrite_snapshot(ledger, lambda b: b.replace(b"observation 3", b"observation X"))
    with Ledger.open(ledger_url, actor="t") as ledger:
        loaded = ledger.app.get_engagement(ledger.resolve("f")).state
        assert loaded.outcomes[3]["evidence"] == "observation X"  # the load believes it...
        report = verify(ledger)  # ...verify does not
        assert (report["ok"], report["problem"], report["message"]) == (
            False,
            "snapshot",
            "the snapshot of f at #5 is not what its events fold to (it was changed); "
            "'cec-ledger rebuild' drops the snapshots",
        )
        rebuild(ledger)
        assert verify(ledger)["ok"] is True and snapshot_rows(ledger) == []
        assert plain(ledger.app.get_engagement(ledger.resolve("f")).state.to_dict()) == folded(
            ledger, "f"
        )
