"""Encryption at rest: with CEC_LEDGER_KEY the stored event state is AES-GCM ciphertext, the
ledger works as before with the key, fails with one clear line without it or with a wrong
one, and ``verify``/``seal`` work without it (they hash the stored bytes)."""

from __future__ import annotations

import re

import pytest
from eventsourcing.cipher import AESCipher

from cec_ledger.storage.codec import is_plaintext
from tests.clihelp import base_engagement, export_bytes, invoke, ok
from tests.reliability.helpers import raw_rows

KEY_LINE = re.compile(r"^    CEC_LEDGER_KEY=(\S+)$", re.MULTILINE)


def encrypted_ledger(url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``init --encrypt``, then the small engagement, written with the printed key."""
    outcome = ok(url, "init", "--encrypt")
    keys = KEY_LINE.findall(outcome.out)
    assert len(keys) == 1, outcome.out
    assert "shown once" in outcome.out
    monkeypatch.setenv("CEC_LEDGER_KEY", keys[0])
    base_engagement(url)
    return keys[0]


def test_events_are_ciphertext_and_readable_with_the_key(ledger_url, monkeypatch) -> None:
    encrypted_ledger(ledger_url, monkeypatch)
    rows = raw_rows(ledger_url, "SELECT topic, state FROM stored_events ORDER BY rowid")
    assert len(rows) == 5
    for topic, state in rows:
        assert topic.startswith("cec_ledger.domain.events:")  # topics stay readable
        state = bytes(state)
        for secret in (b"R. Alvarez", b"Dana Whitfield", b"maple-ridge", b"occurred_on"):
            assert secret not in state
        assert not is_plaintext(state)
    state = ok(ledger_url, "engagement", "show", "maple-ridge", "--json").json()
    assert state["anchors"]["board"]["signatory"] == "R. Alvarez"
    assert "Effective team practices" in export_bytes(ledger_url)
    ok(ledger_url, "verify")


def test_without_the_key_one_line_and_verify_still_works(ledger_url, monkeypatch) -> None:
    key = encrypted_ledger(ledger_url, monkeypatch)
    with_key = ok(ledger_url, "seal").out
    before = export_bytes(ledger_url)
    monkeypatch.delenv("CEC_LEDGER_KEY")
    # (The timeline is served from the views, which are plaintext: see the xfail below.)
    for args in (["engagement", "show", "maple-ridge"], ["export"], ["replay", "maple-ridge"]):
        outcome = invoke(ledger_url, *args)
        assert outcome.code == 1, (args, outcome)
        assert outcome.err == (
            "error: this ledger is encrypted: set CEC_LEDGER_KEY to its key to read it "
            "('cec-ledger verify' works without the key)\n"
        )
    # Writing a new engagement needs no read first: refused all the same.
    outcome = invoke(
        ledger_url,
        "engagement",
        "open",
        "oak-hill",
        "--name",
        "Oak Hill",
        "--organisation",
        "Oak Hill SD",
        "--level",
        "district",
        "--entry-point",
        "system_assessment",
    )
    assert outcome.code == 1
    assert outcome.err.startswith("error: this ledger is encrypted: set CEC_LEDGER_KEY")
    assert ok(ledger_url, "verify").out.startswith("OK: 5 events verified")
    assert ok(ledger_url, "seal").out == with_key
    assert ok(ledger_url, "verify", "--seal", with_key.strip()).out.startswith("OK")
    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    outcome = invoke(ledger_url, "engagement", "show", "maple-ridge")
    assert outcome.code == 1
    assert outcome.err.startswith("error: CEC_LEDGER_KEY does not match this ledger's key")
    monkeypatch.setenv("CEC_LEDGER_KEY", "not-a-key")
    outcome = invoke(ledger_url, "engagement", "show", "maple-ridge")
    assert outcome.code == 1
    assert outcome.err.startswith("error: CEC_LEDGER_KEY is not an AES key")
    monkeypatch.setenv("CEC_LEDGER_KEY", key)
    assert export_bytes(ledger_url) == before  # nothing was written by the refused commands


def test_wrong_key_without_a_fingerprint_is_one_line(sqlite_url, monkeypatch) -> None:
    """A ledger encrypted with a key set by hand (no ``init --encrypt`` fingerprint): a wrong
    key is still caught, by the first event failing to decrypt."""
    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    base_engagement(sqlite_url)
    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    outcome = invoke(sqlite_url, "timeline")
    assert outcome.code == 1
    assert re.fullmatch(
        r"error: CEC_LEDGER_KEY does not decrypt stored event \S+ v1: wrong key \(or the "
        r"stored bytes were changed; run 'cec-ledger verify'\)\n",
        outcome.err,
    ), outcome.err


def test_a_key_on_a_plaintext_ledger_is_refused(ledger_url, monkeypatch) -> None:
    base_engagement(ledger_url)
    before = export_bytes(ledger_url)
    monkeypatch.setenv("CEC_LEDGER_KEY", AESCipher.create_key(32))
    outcome = invoke(ledger_url, "timeline")
    assert outcome.code == 1
    assert outcome.err.startswith(
        "error: this ledger's events are not encrypted, but CEC_LEDGER_KEY is set"
    )
    # init --encrypt refuses too, and changes nothing.
    monkeypatch.delenv("CEC_LEDGER_KEY")
    outcome = invoke(ledger_url, "init", "--encrypt")
    assert outcome.code == 1
    assert (
        outcome.err.startswith("error: the ledger at ")
        and "already holds 5 unencrypted events; nothing was changed" in outcome.err
    )
    assert "CEC_LEDGER_KEY=" not in outcome.out
    assert export_bytes(ledger_url) == before
    ok(
        ledger_url,
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
        "t",
        "--consultant",
        "Ana Reyes",
        "--hours",
        "1",
        "--participants",
        "2",
    )


def test_init_encrypt_again(ledger_url, monkeypatch) -> None:
    key = encrypted_ledger(ledger_url, monkeypatch)
    again = ok(ledger_url, "init", "--encrypt")
    assert "5 events, encrypted" in again.out and key not in again.out
    monkeypatch.delenv("CEC_LEDGER_KEY")
    outcome = invoke(ledger_url, "init", "--encrypt")
    assert outcome.code == 1
    assert "already encrypted with another key" in outcome.err


def test_views_hold_no_plaintext(sqlite_url, monkeypatch) -> None:
    encrypted_ledger(sqlite_url, monkeypatch)
    import sqlite3

    with sqlite3.connect(sqlite_url) as conn:
        dump = "\n".join(conn.iterdump())
    leaks = "R. Alvarez" in dump
    monkeypatch.delenv("CEC_LEDGER_KEY")
    timeline_without_key = invoke(sqlite_url, "timeline").code == 0
    assert not leaks and not timeline_without_key


def test_view_text_helpers_for_the_projector() -> None:
    """The helpers the projector is asked to use for row_json / state_json (see the xfail
    above): ciphertext with the ledger's cipher, plaintext passes through, one-line errors."""
    from eventsourcing.cipher import AESCipher as Cipher
    from eventsourcing.utils import Environment

    from cec_ledger.storage import LedgerUnavailable
    from cec_ledger.storage.encryption import decrypt_view_text, encrypt_view_text

    def cipher(key: str) -> Cipher:
        return Cipher(Environment(env={"CIPHER_KEY": key}))

    right = cipher(AESCipher.create_key(32))
    row = '{"engagement":"maple-ridge","data":{"signatory":"R. Alvarez"}}'
    stored = encrypt_view_text(right, row)
    assert "Alvarez" not in stored and stored.startswith("cec-enc-v1:")
    assert encrypt_view_text(right, row) != stored  # a fresh nonce each time
    assert decrypt_view_text(right, stored) == row
    assert encrypt_view_text(None, row) == row == decrypt_view_text(right, row)
    with pytest.raises(LedgerUnavailable, match="views are encrypted: set CEC_LEDGER_KEY"):
        decrypt_view_text(None, stored)
    with pytest.raises(LedgerUnavailable, match="does not decrypt this ledger's views"):
        decrypt_view_text(cipher(AESCipher.create_key(32)), stored)
