"""Tamper evidence: change one byte of one stored event, delete a row, reorder rows — in the
SQLite file and in PostgreSQL — and ``verify`` must fail (exit 1) naming the event.
A seal taken before the tampering must stop matching even when the chain table is
rewritten to hide it."""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.clihelp import base_engagement, invoke, ok


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
