"""Encryption at rest: the ledger key, its fingerprint, the key check on open, the view
cipher, and the policy of ``init --encrypt``.

Only event state is encrypted (eventsourcing's ``CIPHER_TOPIC``); ids, versions and topics stay
readable, which is what lets ``verify`` check an encrypted ledger without its key. The views
(timeline rows, engagement states) are encrypted with the same cipher so they leak no more
than the log does.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from cec_ledger.domain.errors import RuleViolation
from cec_ledger.storage.errors import LedgerUnavailable
from cec_ledger.storage.settings import read_settings, write_settings

KEY_ENV = "CEC_LEDGER_KEY"
ENCRYPTION = "aes-256-gcm"
VIEW_CIPHER_PREFIX = "cec-enc-v1:"


def check_cipher_key(key: str) -> str:
    """A key as ``init --encrypt`` prints it (base64 of 16, 24 or 32 bytes), or one line why not."""
    try:
        raw = base64.b64decode(key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in (16, 24, 32):
        raise LedgerUnavailable(
            f"{KEY_ENV} is not an AES key (expected base64 of 16, 24 or 32 bytes, as printed "
            "by 'cec-ledger init --encrypt')"
        )
    return key.strip()


def key_fingerprint(key: str) -> str:
    """SHA-256 of the key, domain-separated: tells a wrong key from the right one, reveals
    nothing that helps find it (the key is 256 random bits)."""
    return hashlib.sha256(b"cec-ledger key fingerprint\n" + key.strip().encode()).hexdigest()


def check_key(app: Any, settings: dict[str, str]) -> None:
    """With a key set, it must be this ledger's key: checked against the fingerprint
    ``init --encrypt`` recorded, and the first stored event must decrypt with it. A wrong
    key, or a key on a ledger whose events are plaintext, fails here with one line, before
    anything is read or written."""
    expected = settings.get("key_fingerprint")
    if expected and expected != key_fingerprint(app.env.get("CIPHER_KEY") or ""):
        raise LedgerUnavailable(
            f"{KEY_ENV} does not match this ledger's key (the key printed by "
            "'cec-ledger init --encrypt' when it was created); nothing was read"
        )
    first = app.recorder.select_notifications(start=None, limit=1)
    if first:
        app.mapper.to_domain_event(first[0])


def is_encrypted(settings: dict[str, str]) -> bool:
    return settings.get("encryption") == ENCRYPTION


def refuse_unkeyed_write() -> LedgerUnavailable:
    return LedgerUnavailable(
        f"this ledger is encrypted: set {KEY_ENV} to its key to write to it; nothing was written"
    )


@dataclass(frozen=True)
class Encrypted:
    """What ``init --encrypt`` did: whether the ledger was already encrypted with the given
    key, and the key when one was generated (shown once to the user, stored nowhere)."""

    where: str
    events: int
    already: bool
    generated_key: str | None


def make_encrypted(app: Any, where: str, events: int, key: str | None) -> Encrypted:
    """Turn an empty ledger into an encrypted one (recording the key's fingerprint), or
    confirm that it already is with this key. Refused, with nothing changed, for a ledger
    encrypted with another key or one that already holds plaintext events."""
    settings = read_settings(app.factory)
    if is_encrypted(settings):
        if key is not None and settings.get("key_fingerprint") == key_fingerprint(key):
            return Encrypted(where, events, already=True, generated_key=None)
        raise RuleViolation(
            f"the ledger at {where} is already encrypted with another key; keep using "
            f"its key (in {KEY_ENV}), no new key was made"
        )
    if events:
        raise RuleViolation(
            f"the ledger at {where} already holds {events} unencrypted events; nothing "
            "was changed (to encrypt it: export it, 'init --encrypt' a new ledger and "
            "import the export there)"
        )
    generated = None
    if key is None:
        from eventsourcing.cipher import AESCipher  # only here: the one place a key is made

        key = generated = AESCipher.create_key(32)
    write_settings(app.factory, {"encryption": ENCRYPTION, "key_fingerprint": key_fingerprint(key)})
    return Encrypted(where, events, already=False, generated_key=generated)


def encrypt_view_text(cipher: Any, text: str) -> str:
    """A view column (a timeline row's JSON, an engagement's state JSON) encrypted with the
    ledger's own cipher (``app.mapper.cipher``), as text for a TEXT column. With no cipher
    (an unencrypted ledger) the text is returned unchanged."""
    if cipher is None:
        return text
    return VIEW_CIPHER_PREFIX + base64.b64encode(cipher.encrypt(text.encode())).decode("ascii")


def decrypt_view_text(cipher: Any, text: str) -> str:
    """The inverse of :func:`encrypt_view_text`; plaintext columns pass through, so views
    written before encryption was turned on (or by an unencrypted ledger) still read."""
    if not text.startswith(VIEW_CIPHER_PREFIX):
        return text
    if cipher is None:
        raise LedgerUnavailable(
            f"this ledger's views are encrypted: set {KEY_ENV} to its key to read them"
        )
    try:
        raw = cipher.decrypt(base64.b64decode(text[len(VIEW_CIPHER_PREFIX) :]))
    except ValueError:
        raise LedgerUnavailable(
            f"{KEY_ENV} does not decrypt this ledger's views: wrong key (or a changed view "
            "row; 'cec-ledger rebuild' rewrites the views from the events)"
        ) from None
    return raw.decode()
