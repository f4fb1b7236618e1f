"""Checks of the stored log itself: ``chain``, ``seal``, ``schema``.

``chain`` and ``seal`` are ``verify`` and ``verify --seal`` (``facade.audit.verify``, the one
definition), reported as findings; ``schema`` reads every stored event back and validates its
export line against the published schema of its type (``events/``, generated from the event
classes by ``formats.schema``, so a plain install validates against exactly what is
published without the files).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cec_ledger.checks.model import ERROR, check
from cec_ledger.checks.record import EngagementRecord
from cec_ledger.checks.schemas import line_problem

_EVENT = re.compile(r"\b([a-z0-9][a-z0-9-]*)#(\d+)\b")


@dataclass
class LogContext:
    """What the log checks read: the open ledger and the seal to prove, if any."""

    ledger: Any
    seal: str | None = None
    _reports: dict[str | None, dict[str, Any]] = field(default_factory=dict)

    def verify(self, seal: str | None = None) -> dict[str, Any]:
        """``verify`` (with the seal), run once per seal.

        ``verify`` with a seal is ``verify`` without one, then (only when the chain holds)
        the seal's proof: so when this run has a seal, the chain's report is read off the
        sealed one instead of walking the whole log a second time."""
        if seal is None and self.seal is not None:
            sealed = self.verify(self.seal)
            if sealed["problem"] != "seal":
                return {**sealed, "seal": None}
            return {**sealed, "ok": True, "problem": None, "message": None, "seal": None}
        if seal not in self._reports:
            from cec_ledger.facade.audit import verify  # lazy: the chain's SQL loads with it

            self._reports[seal] = verify(self.ledger, seal=seal)
        return self._reports[seal]


def events_named(message: str) -> list[tuple[str, int]]:
    """The ``slug#N`` a verify message names (``event maple-ridge#12 at position 57...``)."""
    return [(slug, int(n)) for slug, n in _EVENT.findall(message)]


@check("chain", ERROR, scope="log")
def chain(log: LogContext, _settings: dict[str, int]) -> Iterator[tuple[str, list[Any]]]:
    """No stored event was changed, removed, inserted or reordered (as verify checks).

    Recomputes the SHA-256 hash chain over the stored bytes of every event, in log order, and
    compares it with the chain recorded as the events were written (see "Proving the log
    unaltered" above); a snapshot an engagement would be read from must be what its events
    fold to. The first problem is named; nothing after it can be trusted.

    Example:
    error: chain: maple-ridge#12: event maple-ridge#12 at position 57 was changed after it was recorded (its stored bytes no longer match the chain)
    """
    report = log.verify(None)
    if not report["ok"]:
        yield report["message"], events_named(report["message"] or "")[:1]


@check("seal", ERROR, scope="log", default=False)
def seal(log: LogContext, _settings: dict[str, int]) -> Iterator[tuple[str, list[Any]]]:
    """History up to a seal kept outside the ledger is unchanged (with --seal SEAL).

    Recomputes the chain from the events alone up to the sealed position and compares it
    with the seal, so it holds even against someone who rewrote the chain table too. Runs
    only when a seal is given: ``cec-ledger check seal --seal "$(cat seal.txt)"``.

    Example:
    error: seal: the log: history up to position 188 differs from the seal (it was rewritten, chain table included)
    """
    if log.seal is None:
        return
    report = log.verify(log.seal)
    if report["problem"] == "seal":
        yield report["message"], []
    elif not report["ok"]:
        yield (
            f"the seal could not be checked: the chain fails first ({report['message']})",
            events_named(report["message"] or "")[:1],
        )


@check("schema", ERROR)
def schema(record: EngagementRecord, _settings: dict[str, int]) -> Iterator[tuple[str, list[Any]]]:
    """Every stored event reads back and validates against its published schema.

    Each event is decoded from its stored bytes, as every reader decodes it, and its export
    line (the format ``export`` writes and auditors read) is validated against
    ``events/<Type>.v<N>.schema.json``: fields, types, vocabularies, and from rules epoch 2 on
    the bounds of hours, money, head counts and text. An event that cannot be decoded at all
    is named too. The validator is cec-ledger's own, for the keywords the published schemas
    use, so a plain install needs no JSON Schema library.

    Example:
    error: schema: maple-ridge#27: does not validate against SessionDelivered.v3.schema.json: data.participants is '42', not of type integer
    """
    for bad in record.unreadable:
        yield (
            f"the stored {bad.topic.rpartition(':')[2]} event cannot be read: {bad.error}",
            [bad.version],
        )
    suspects = record.schema_suspects
    for event in record.stored:
        if suspects is not None and event.originator_version not in suspects:
            continue  # valid by the fast road (checks.schemas)
        problem = line_problem(event, record.slug)
        if problem is not None:
            yield problem, [event.originator_version]
