"""An encrypted ledger keeps its views encrypted too, and every read still works with the
key: listing, showing, paging, and free-text search (which then reads the events)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.clihelp import invoke, ok


@pytest.fixture
def encrypted_demo(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    from eventsourcing.cipher import AESCipher

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    ok(sqlite_url, "demo")
    return sqlite_url


@pytest.mark.slow
def test_view_tables_hold_no_plaintext(encrypted_demo: str) -> None:
    with sqlite3.connect(encrypted_demo) as conn:
        dump = "\n".join(conn.iterdump())
    for secret in ("Rosa Alvarez", "MOU on protected PLC time", "Maple Ridge Community"):
        assert secret not in dump


@pytest.mark.slow
def test_reads_work_with_the_key(encrypted_demo: str) -> None:
    names = {
        e["slug"]: e["name"] for e in ok(encrypted_demo, "engagement", "list", "--json").json()
    }
    assert names["maple-ridge"] == "Maple Ridge Community Unit School District 7"
    state = ok(encrypted_demo, "engagement", "show", "maple-ridge", "--json").json()
    assert state["anchors"]["board"]["signatory"] == "Rosa Alvarez"
    found = ok(encrypted_demo, "timeline", "--search", "MOU on protected", "--json").json()
    assert [f"{r['engagement']}#{r['version']}" for r in found] == [
        "maple-ridge#103",
        "maple-ridge#104",
        "maple-ridge#108",
    ]
    page = ok(encrypted_demo, "timeline", "maple-ridge", "--limit", "3", "--json").json()
    assert [r["version"] for r in page] == [1, 2, 3]


@pytest.mark.slow
def test_without_the_key_reads_fail_but_verify_works(
    encrypted_demo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CEC_LEDGER_KEY")
    outcome = invoke(encrypted_demo, "timeline")
    assert outcome.code == 1 and outcome.err.count("\n") == 1
    assert ok(encrypted_demo, "verify", read_only=True).out.startswith("OK: 237 events verified")


@pytest.fixture
def encrypted_small(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    from eventsourcing.cipher import AESCipher

    from tests.clihelp import base_engagement

    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    base_engagement(sqlite_url)
    return sqlite_url


def test_a_small_encrypted_ledger_hides_its_text_and_reads_it_back(encrypted_small: str) -> None:
    """The quick form of the tests above (a five-event ledger, not the demo): the projector
    encrypts each view row's text, and every read decrypts it."""
    with sqlite3.connect(encrypted_small) as conn:
        dump = "\n".join(conn.iterdump())
    for secret in ("Maple Ridge Community", "R. Alvarez", "Effective team practices", "Dana"):
        assert secret not in dump
    with sqlite3.connect(encrypted_small) as conn:
        # The search index holds no words (they would be plaintext): a word of every event
        # and of the engagement's name finds nothing in it.
        indexed = [
            conn.execute(
                "SELECT count(*) FROM cec_search WHERE cec_search MATCH ?", (word,)
            ).fetchone()[0]
            for word in ("maple", "effective", "alvarez", "sessiondelivered")
        ]
        names = {r[0] for r in conn.execute("SELECT name FROM cec_engagements")}
    assert indexed == [0, 0, 0, 0]  # no search words
    assert all(name.startswith("cec-enc-v1:") for name in names), names  # the name sealed
    (listed,) = ok(encrypted_small, "engagement", "list", "--json").json()
    assert (listed["slug"], listed["name"]) == ("maple-ridge", "Maple Ridge CUSD 7")
    state = ok(encrypted_small, "engagement", "show", "maple-ridge", "--json").json()
    assert state["anchors"]["board"]["signatory"] == "R. Alvarez"
    found = ok(encrypted_small, "timeline", "--search", "Effective team", "--json").json()
    assert [(r["engagement"], r["version"], r["type"]) for r in found] == [
        ("maple-ridge", 5, "SessionDelivered")
    ]
    page = ok(encrypted_small, "timeline", "maple-ridge", "--json").json()
    assert [r["version"] for r in page] == [1, 2, 3, 4, 5]
    assert page[4]["data"]["topic"] == "Effective team practices"
