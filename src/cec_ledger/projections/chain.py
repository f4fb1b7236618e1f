"""Tamper evidence: a SHA-256 hash chain over the stored bytes of every event, in log order.

Link *n* = SHA-256(link *n-1* ‖ position ‖ originator id ‖ version ‖ topic ‖ stored state).
Because each link covers the one before, changing, removing or reordering any stored event
changes every link from there on. The chain is kept in ``cec_chain`` (extended, never
rebuilt). ``verify`` recomputes it from the stored events and names the first event whose
link differs, that is missing, or that sits where another should.

Someone who can rewrite the event table can also rewrite ``cec_chain``; that is what a
*seal* is for: a short digest of the chain at a position, kept outside the ledger (in a
report, an email, a ticket). ``verify --seal`` recomputes the chain from the events alone,
so a matching seal proves history up to that position is exactly what it was when sealed.
The hash covers the stored bytes, so an encrypted ledger verifies without its key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cec_ledger.domain.errors import InvalidValue

GENESIS = "0" * 64
SEAL_PREFIX = "cec-seal-v1"
SEAL_HEX = 24  # 96 bits: short enough to read aloud, far beyond forging by search


def link_of(previous: str, notification: Any) -> str:
    """The chain link of one stored event given the previous link (hex)."""
    digest = hashlib.sha256(bytes.fromhex(previous))
    header = (
        f"{notification.id}\n{notification.originator_id}\n"
        f"{notification.originator_version}\n{notification.topic}\n"
    )
    digest.update(header.encode())
    digest.update(bytes(notification.state))
    return digest.hexdigest()


@dataclass
class Finding:
    """The first thing ``verify`` found wrong, or None when all holds."""

    position: int
    problem: str  # "changed" | "removed" | "reordered" | "inserted" | "seal"
    message: str


@dataclass
class VerifyResult:
    checked: int
    head: int
    link: str
    unchained: int
    finding: Finding | None

    @property
    def ok(self) -> bool:
        return self.finding is None


def format_seal(position: int, link: str) -> str:
    return f"{SEAL_PREFIX}:{position}:{link[:SEAL_HEX]}"


def parse_seal(text: str) -> tuple[int, str]:
    parts = text.strip().split(":")
    if (
        len(parts) != 3
        or parts[0] != SEAL_PREFIX
        # ASCII digits only ("²" is a digit to str.isdigit, and int() refuses it) and a
        # position of at least 1: ``seal`` never writes position 0, whose digest is the
        # genesis link, so a seal at 0 would "match" any ledger while proving nothing.
        or not (parts[1].isascii() and parts[1].isdigit())
        or int(parts[1]) < 1
        or len(parts[2]) != SEAL_HEX
        or any(ch not in "0123456789abcdef" for ch in parts[2])
    ):
        raise InvalidValue(
            f"seal {text!r} is not of the form {SEAL_PREFIX}:POSITION:{'h' * 6}... "
            f"(POSITION from 1, {SEAL_HEX} hex digits)"
        )
    return int(parts[1]), parts[2]


def verify_log(
    app: Any, views: Any, *, names: dict[str, str], upto: int | None = None, batch_size: int = 5000
) -> VerifyResult:
    """Walk the stored events and the chain table side by side, in position order."""

    def name(eid: Any, version: int) -> str:
        return f"{names.get(str(eid), str(eid))}#{version}"

    chain_head_rows = views.query("SELECT MAX(position) AS head FROM {p}cec_chain")
    chain_head = (chain_head_rows[0]["head"] if chain_head_rows else None) or 0
    limit = chain_head if upto is None else min(upto, chain_head)
    previous = GENESIS
    checked = 0
    position = 0
    events = _stream(app, upto, batch_size)
    pending = next(events, None)
    for row in _chain_rows(views, limit, batch_size):
        if pending is not None and pending.id < row["position"]:
            return VerifyResult(
                checked,
                pending.id,
                previous,
                0,
                Finding(
                    pending.id,
                    "inserted",
                    f"event {name(pending.originator_id, pending.originator_version)} at position "
                    f"{pending.id} is not in the chain: it was inserted into history",
                ),
            )
        expected = name(row["engagement_id"], row["version"])
        if pending is None or pending.id != row["position"]:
            return VerifyResult(
                checked,
                row["position"],
                previous,
                0,
                Finding(
                    row["position"],
                    "removed",
                    f"event {expected} at position {row['position']} was removed",
                ),
            )
        if (str(pending.originator_id), pending.originator_version) != (
            str(row["engagement_id"]),
            row["version"],
        ):
            return VerifyResult(
                checked,
                row["position"],
                previous,
                0,
                Finding(
                    row["position"],
                    "reordered",
                    f"position {row['position']} holds "
                    f"{name(pending.originator_id, pending.originator_version)} where the chain "
                    f"has {expected}: history was reordered or replaced",
                ),
            )
        link = link_of(previous, pending)
        if link != row["link"]:
            return VerifyResult(
                checked,
                row["position"],
                previous,
                0,
                Finding(
                    row["position"],
                    "changed",
                    f"event {expected} at position {row['position']} was changed after it was "
                    "recorded (its stored bytes no longer match the chain)",
                ),
            )
        previous = link
        position = row["position"]
        checked += 1
        pending = next(events, None)
    unchained = 0
    while pending is not None and (upto is None or pending.id <= upto):
        unchained += 1
        pending = next(events, None)
    return VerifyResult(checked, position, previous, unchained, None)


def recompute(app: Any, upto: int, batch_size: int = 5000) -> tuple[int, str, int]:
    """The chain recomputed from the events alone: (last position, link, count)."""
    previous, position, count = GENESIS, 0, 0
    for notification in _stream(app, upto, batch_size):
        previous = link_of(previous, notification)
        position = notification.id
        count += 1
    return position, previous, count


def _stream(app: Any, upto: int | None, batch_size: int) -> Any:
    for batch in app.notifications(batch_size=batch_size, stop=upto):
        yield from batch


def _chain_rows(views: Any, limit: int, batch_size: int) -> Any:
    start = 0
    while start < limit:
        rows = views.query(
            "SELECT position, engagement_id, version, link FROM {p}cec_chain "
            "WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
            (start, limit, batch_size),
        )
        if not rows:
            return
        yield from rows
        start = rows[-1]["position"]
