"""What an engagement check reads: one engagement's events and its state on the date judged.

The events come from the event store itself (never from the views, which a reader must not
have to trust), read once for every check, one engagement's stream at a time. Each event is
decoded once
(a stored event that cannot be decoded is kept as :class:`Unreadable`, for the ``schema``
check to name); the state is the same fold every reader shares
(:func:`~cec_ledger.domain.engagement.fold_history`), as of ``--as-of`` when given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from cec_ledger.checks.model import EventRef
from cec_ledger.checks.schemas import stored_valid
from cec_ledger.domain.engagement import corrected, corrections_in, fold_history
from cec_ledger.domain.state import EngagementState
from cec_ledger.storage.encryption import KEY_ENV
from cec_ledger.storage.errors import LedgerUnavailable


@dataclass(frozen=True)
class Unreadable:
    """A stored event the ledger cannot decode (its bytes were changed, or written by a tool
    that does not know the event classes)."""

    engagement_id: str
    version: int
    topic: str
    error: str


@dataclass
class EngagementRecord:
    """One engagement as the checks see it (see the module docstring)."""

    slug: str
    engagement_id: str
    # Every stored event (recorded by --known-at, when given), in recorded order, as stored.
    stored: list[Any]
    # The day judged: --as-of, else today. Events that occurred after it are left out.
    day: date
    # Today (the rules' "not in the future" needs the real date, whatever --as-of says).
    today: date
    unreadable: list[Unreadable] = field(default_factory=list)
    # What plugins' checks read (plugins.checks.check_view), built once per engagement.
    plugin_view: Any = None
    # Events the read pass could not prove schema-valid by the fast road (checks.schemas):
    # the schema check judges these by the reference road; None: it judges them all.
    schema_suspects: set[int] | None = None
    _state: EngagementState | None = None
    _events: list[Any] | None = None
    _overrides: dict[int, dict[str, Any]] | None = None

    @property
    def overrides(self) -> dict[int, dict[str, Any]]:
        """Corrected fields by event number (later corrections win)."""
        if self._overrides is None:
            self._overrides = corrections_in(self.stored)
        return self._overrides

    @property
    def events(self) -> list[Any]:
        """The events that had occurred by the day judged, as corrected, in recorded order."""
        if self._events is None:
            overrides = self.overrides
            found = [corrected(e, overrides) for e in self.stored]
            self._events = [e for e in found if e.occurred_on <= self.day]
        return self._events

    @property
    def state(self) -> EngagementState:
        """The engagement folded from what had occurred by the day judged."""
        if self._state is None:
            self._state = fold_history(self.stored, overrides=self.overrides, occurred_by=self.day)
        return self._state

    def of_type(self, *types: str) -> list[Any]:
        return [e for e in self.events if type(e).__name__ in types]

    def ref(self, version: int) -> EventRef:
        """An event of this engagement by number, with its type."""
        kind = ""
        if 0 < version <= len(self.stored):
            kind = type(self.stored[version - 1]).__name__
        return EventRef(self.slug, version, kind)

    @property
    def closed(self) -> bool:
        return self.state.closed_on is not None


def read_engagements(
    app: Any,
    ids: list[UUID] | None,
    *,
    day: date,
    today: date,
    known_at: datetime | None = None,
    schema: bool = False,
) -> Iterator[EngagementRecord]:
    """Every engagement (``ids`` None: all of them, in the order they were opened) as a
    record, one at a time (memory holds one engagement's events, never the log's);
    ``schema``: also try each stored event on the schema check's fast road while its bytes
    are at hand."""
    if app.encrypted and app.mapper.cipher is None:
        raise LedgerUnavailable(
            f"this ledger is encrypted: set {KEY_ENV} to its key to check its engagements "
            "('cec-ledger verify' works without the key)"
        )
    fast = schema and app.mapper.cipher is None and app.mapper.compressor is None
    mapper = app.mapper
    for eid in app.engagement_ids() if ids is None else ids:
        stored: list[Any] = []
        unreadable: list[Unreadable] = []
        suspects: set[int] = set()
        for row in app.recorder.select_events(eid):
            try:
                event = mapper.to_domain_event(row)
            except Exception as error:  # bytes no decoder can read: the schema check says so
                unreadable.append(
                    Unreadable(str(eid), row.originator_version, row.topic, _first(error))
                )
                continue
            if known_at is not None and event.timestamp > known_at:
                continue
            stored.append(event)
            if fast and not stored_valid(type(event).__name__, row.state):
                suspects.add(row.originator_version)
        opened = stored[0] if stored and stored[0].originator_version == 1 else None
        slug = getattr(opened, "slug", None) or str(eid)
        record = EngagementRecord(slug, str(eid), stored, day, today, unreadable)
        if fast:
            record.schema_suspects = suspects
        yield record


def _first(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
