"""Engagement snapshots: the folded state at a version, so a command loads a snapshot and the
events after it instead of replaying the whole stream.

A snapshot is eventsourcing's own (a ``Snapshot`` event in the snapshot store, written through
the same mapper and cipher as the events), with a body that is plain tagged JSON, never
pickle: whoever can write the snapshot table must not be able to run code. The body carries
the SHA-256 of the stored bytes of the event it was taken after and a digest of the domain
code that folded it; a snapshot whose event is no longer what it saw (history rewritten, the
log restored without its snapshots, a stale row) or that other domain code folded is ignored,
and the stream is replayed instead (:func:`trusted`).

Snapshots sit outside the hash chain, so a snapshot whose *state* was forged while its digest
was kept would still be believed by a command. ``verify`` therefore re-folds every engagement
that has snapshots and compares each snapshot with the fold at its version
(:func:`forged_snapshots`); ``rebuild`` drops them all. They are a cache: dropping them loses
nothing but speed.

The codec is generic so that new state fields need no change here: JSON values pass as they
are; dates, datetimes, decimals, ids, tuples, sets and dicts with non-text keys are written as
``["\\u0000<tag>", value]`` (a real list that starts with such a string is escaped the same
way). A value of any other type makes :func:`encode` raise, and no snapshot is taken.

Over 400 lines because the codec, the repository that trusts a snapshot and the check that
finds forged ones must agree on one body format; split, each would restate it.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Snapshot

from cec_ledger import domain
from cec_ledger.domain.engagement import Engagement, fold_history
from cec_ledger.domain.events import EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.storage.errors import LedgerUnavailable

# Bump when the body's shape changes: snapshots of another format are ignored.
SNAPSHOT_FORMAT = 1
# A saved engagement is snapshotted once it is this many versions past its last snapshot (or
# its first event), so a command replays at most this many events after the snapshot.
SNAPSHOT_EVERY = 100
# Older snapshots are pruned, keeping the newest one in each span of this many versions: the
# state after any version (the TUI's state panel) is then at most this many events away.
SNAPSHOT_SPAN = 1000
_MARK = "\x00"
_ENGAGEMENT_TOPIC = f"{Engagement.__module__}:{Engagement.__qualname__}"


class UnsnapshottableValue(TypeError):
    """The state holds a value the codec cannot write (no snapshot is taken)."""


@functools.cache
def domain_fingerprint() -> str:
    """A digest of the domain package's source: a snapshot folded by other domain code (a
    fold changed, a state field added) is not this code's fold, so it is not used."""
    digest = hashlib.sha256()
    for path in sorted(Path(domain.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


# ---------------------------------------------------------------------- the codec
def encode(value: Any) -> Any:
    """A plain-data value as tagged JSON-ready data (see the module docstring)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return value
    if kind is dict:
        if all(type(key) is str for key in value):
            return {key: encode(item) for key, item in value.items()}
        return [_MARK + "k", [[encode(key), encode(item)] for key, item in value.items()]]
    if kind is list:
        items = [encode(item) for item in value]
        if items and type(items[0]) is str and items[0].startswith(_MARK):
            return [_MARK + "l", items]
        return items
    if kind is date:
        return [_MARK + "d", value.isoformat()]
    if kind is datetime:
        return [_MARK + "t", value.isoformat()]
    if kind is Decimal:
        return [_MARK + "n", str(value)]
    if kind is UUID:
        return [_MARK + "u", str(value)]
    if kind is tuple:
        return [_MARK + "(", [encode(item) for item in value]]
    if kind is set or kind is frozenset:
        return [_MARK + ("s" if kind is set else "f"), [encode(item) for item in value]]
    raise UnsnapshottableValue(f"cannot snapshot a {kind.__name__}")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    kind = type(value)
    if kind is dict:
        return {k: decode(v) if type(v) in _CONTAINERS else v for k, v in value.items()}
    if kind is list:
        if len(value) == 2 and type(value[0]) is str and value[0][:1] == _MARK:
            return _tagged(value[0][1:], value[1])
        return [decode(item) if type(item) in _CONTAINERS else item for item in value]
    return value


_CONTAINERS = (dict, list)


def _tagged(tag: str, body: Any) -> Any:
    if tag == "d":
        return date.fromisoformat(body)
    if tag == "n":
        return Decimal(body)
    if tag == "l":
        return [decode(item) for item in body]
    if tag == "k":
        return {decode(key): decode(item) for key, item in body}
    if tag == "t":
        return datetime.fromisoformat(body)
    if tag == "u":
        return UUID(body)
    if tag == "(":
        return tuple(decode(item) for item in body)
    if tag == "s":
        return {decode(item) for item in body}
    if tag == "f":
        return frozenset(decode(item) for item in body)
    raise ValueError(f"unknown snapshot tag {tag!r}")


def stored_digest(stored_state: bytes) -> str:
    """What a snapshot records of the stored event it was taken after."""
    return hashlib.sha256(bytes(stored_state)).hexdigest()


def encoded_state(state: EngagementState) -> dict[str, Any]:
    return encode(vars(state))  # type: ignore[no-any-return]


def decoded_state(body: dict[str, Any]) -> EngagementState:
    state = EngagementState.__new__(EngagementState)
    enabled = gc.isenabled()
    gc.disable()  # decoding makes many objects and no garbage: no collections meanwhile
    try:
        state.__dict__.update(decode(body))
    finally:
        if enabled:
            gc.enable()
    return state


# ---------------------------------------------------------------------- the snapshot event
class EngagementSnapshot(Snapshot):
    """An engagement's state at a version, bound to the stored bytes of that version's event.

    ``state`` is ``{"format", "domain", "digest", "created_on", "modified_on", "body"}``;
    ``body`` is the :class:`EngagementState`'s attributes, encoded."""

    @classmethod
    def of(cls, aggregate: Engagement, digest: str) -> EngagementSnapshot:
        """A snapshot of a saved aggregate (its state must be what was saved)."""
        return cls(  # type: ignore[call-arg]
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=cls.create_timestamp(),
            topic=_ENGAGEMENT_TOPIC,
            state={
                "format": SNAPSHOT_FORMAT,
                "domain": domain_fingerprint(),
                "digest": digest,
                "created_on": aggregate.created_on.isoformat(),
                "modified_on": aggregate.modified_on.isoformat(),
                "body": encoded_state(aggregate.state),
            },
        )

    @property
    def digest(self) -> str | None:
        """The stored event's digest, or None when the snapshot is of another format or
        was folded by other domain code (then it is not used)."""
        state = self.state
        if state.get("format") != SNAPSHOT_FORMAT or state.get("domain") != domain_fingerprint():
            return None
        return state.get("digest")  # type: ignore[no-any-return]

    def mutate(self, _: Any) -> Engagement:  # type: ignore[override]
        """The aggregate as it was at this version (its earlier events are read on demand)."""
        body = self.state
        return Engagement.restored(
            self.originator_id,
            self.originator_version,
            decoded_state(body["body"]),
            created_on=datetime.fromisoformat(body["created_on"]),
            modified_on=datetime.fromisoformat(body["modified_on"]),
        )


def trusted(snapshot: Any, stored_state: bytes | None) -> bool:
    """Whether a snapshot may stand for its stream: it is of the current format and domain
    code, and the stored event at its version is byte for byte the one it was taken after."""
    if not isinstance(snapshot, EngagementSnapshot) or stored_state is None:
        return False
    digest = snapshot.digest
    return digest is not None and digest == stored_digest(stored_state)


# ---------------------------------------------------------------------- loading
class SnapshotRepository(Repository):
    """eventsourcing's repository, trusting a snapshot only when the stored event at its
    version is the one it was taken after, and giving every engagement it loads a way to
    read its earlier events (``Engagement.history_loader``)."""

    # Decoded snapshot states kept in this process, newest last (see ``_restored``).
    KEPT = 8

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decoded: OrderedDict[tuple[Any, int, str], tuple[bytes, datetime, datetime]] = (
            OrderedDict()
        )

    def _reconstruct_aggregate(
        self, aggregate_id: Any, version: int | None, projector_func: Callable[..., Any]
    ) -> Any:
        recorder = self.event_store.recorder
        aggregate = None
        at = self._newest_snapshot_version(aggregate_id, version)
        if at is not None:
            stored = list(recorder.select_events(aggregate_id, gt=at - 1, lte=version))
            if stored and stored[0].originator_version == at:
                aggregate = self._restored(aggregate_id, at, stored[0].state)
                stored = stored[1:] if aggregate is not None else stored
        if aggregate is None:
            stored = list(recorder.select_events(aggregate_id, lte=version))
        to_domain_event = self.event_store.mapper.to_domain_event
        aggregate = projector_func(aggregate, map(to_domain_event, stored))
        if aggregate is None:
            raise AggregateNotFoundError(
                f"Aggregate {aggregate_id!r} version {version!r} not found"
            )
        if isinstance(aggregate, Engagement):
            aggregate.history_loader = functools.partial(self.events_upto, aggregate_id)
        return aggregate

    def _restored(self, aggregate_id: Any, at: int, stored_state: bytes) -> Engagement | None:
        """The aggregate as the snapshot at ``at`` holds it, if that snapshot is trusted
        (:func:`trusted`). The state decoded from a snapshot is kept in this process, as a
        pickle made here from that state (never read from storage), keyed by the digest of
        the stored event it stands for: a TUI moving through a long engagement's events
        restores a copy instead of reading and decoding megabytes each time."""
        key = (aggregate_id, at, stored_digest(stored_state))
        kept = self._decoded.get(key)
        if kept is None:
            snapshot = self._snapshot_at(aggregate_id, at)
            if not trusted(snapshot, stored_state):
                return None
            restored = snapshot.mutate(None)
            state = pickle.dumps(restored._state, pickle.HIGHEST_PROTOCOL)
            kept = (state, restored.created_on, restored.modified_on)
            self._decoded[key] = kept
            while len(self._decoded) > self.KEPT:
                self._decoded.popitem(last=False)
            return restored
        self._decoded.move_to_end(key)
        state, created_on, modified_on = kept
        return Engagement.restored(
            aggregate_id,
            at,
            pickle.loads(state),  # bytes this process pickled (see above)
            created_on=created_on,
            modified_on=modified_on,
        )

    def _newest_snapshot_version(self, aggregate_id: Any, version: int | None) -> int | None:
        """The version of the engagement's newest snapshot at or before ``version``."""
        recorder = getattr(self.snapshot_store, "recorder", None)
        name = type(recorder).__name__
        if name.startswith("SQLite"):
            table, mark, key = recorder.events_table_name, "?", aggregate_id.hex
        elif name.startswith("Postgres"):
            table = f'"{recorder.datastore.schema}".{recorder.events_table_name}'
            mark, key = "%s", aggregate_id
        else:
            found = self._snapshot_at(aggregate_id, version)
            return None if found is None else found.originator_version
        statement = f"SELECT MAX(originator_version) AS v FROM {table} WHERE originator_id = {mark}"
        params: tuple[Any, ...] = (key,)
        if version is not None:
            statement += f" AND originator_version <= {mark}"
            params += (version,)
        try:
            with recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(statement, params)
                row = cursor.fetchone()
        except Exception:  # a cache: no table yet (an older ledger)...
            return None
        return None if row is None or row["v"] is None else int(row["v"])

    def _snapshot_at(self, aggregate_id: Any, version: int | None) -> Any:
        """The newest snapshot at or before ``version`` (None without one)."""
        if self.snapshot_store is None:
            return None
        try:
            found = list(self.snapshot_store.get(aggregate_id, desc=True, limit=1, lte=version))
        except Exception:  # a cache: no table yet (an older ledger), an unreadable row...
            return None
        return found[0] if found else None

    def events_upto(self, aggregate_id: Any, version: int) -> Sequence[Any]:
        """An engagement's events 1..version, from the store."""
        return list(self.event_store.get(aggregate_id, lte=version))


# ---------------------------------------------------------------------- taking and pruning
def wants_snapshot(aggregate: Engagement, corrected: bool) -> bool:
    """Whether a just-saved engagement should be snapshotted: it is far enough past its last
    snapshot, or a correction was saved (replays then never cross it and re-fold)."""
    if aggregate.version < SNAPSHOT_EVERY:
        return False
    return corrected or aggregate.version - aggregate.snapshot_base >= SNAPSHOT_EVERY


def snapshot_of(aggregate: Engagement, stored_state: bytes) -> EngagementSnapshot | None:
    """A snapshot of a saved engagement whose last stored event has these bytes (None when
    its state holds a value the codec cannot write)."""
    try:
        return EngagementSnapshot.of(aggregate, stored_digest(stored_state))
    except UnsnapshottableValue:
        return None


def put_snapshot(snapshots: Any, aggregate: Engagement, stored_state: bytes) -> None:
    """Store a snapshot of a saved engagement and prune the older ones of its span."""
    snapshot = snapshot_of(aggregate, stored_state)
    if snapshot is not None:
        snapshots.put([snapshot])
        prune(snapshots.recorder, aggregate.id, aggregate.version)


def prune(recorder: Any, engagement: UUID, version: int) -> None:
    """Delete the engagement's snapshots older than ``version`` in the same span of
    ``SNAPSHOT_SPAN`` versions (eventsourcing has no call for it: plain SQL on its table)."""
    name = type(recorder).__name__
    if name.startswith("SQLite"):
        statement = (
            f"DELETE FROM {recorder.events_table_name} WHERE originator_id = ? "
            "AND originator_version < ? AND originator_version / ? = ? / ?"
        )
        params: tuple[Any, ...] = (engagement.hex, version, SNAPSHOT_SPAN, version, SNAPSHOT_SPAN)
    elif name.startswith("Postgres"):
        statement = (
            f'DELETE FROM "{recorder.datastore.schema}".{recorder.events_table_name} '
            "WHERE originator_id = %s AND originator_version < %s "
            "AND originator_version / %s = %s / %s"
        )
        params = (engagement, version, SNAPSHOT_SPAN, version, SNAPSHOT_SPAN)
    else:  # in memory: nothing to keep small on disk
        return
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(statement, params)


# ---------------------------------------------------------------------- checking
def snapshot_keys(snapshots: Any) -> list[tuple[UUID, int]]:
    """(engagement id, version) of every stored snapshot."""
    recorder = getattr(snapshots, "recorder", None)
    name = type(recorder).__name__
    if name.startswith("SQLite"):
        table = recorder.events_table_name
    elif name.startswith("Postgres"):
        table = f'"{recorder.datastore.schema}".{recorder.events_table_name}'
    else:
        return []
    try:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT originator_id AS eid, originator_version AS v FROM {table}")
            rows = cursor.fetchall()
    except Exception:  # no snapshot table (an older ledger): nothing to check
        return []
    return [(UUID(str(row["eid"])), int(row["v"])) for row in rows]


def forged_snapshots(app: Any) -> list[tuple[UUID, int]]:
    """The snapshots a command would use whose state is not the fold of their events (a
    snapshot row changed by hand). Each engagement with snapshots is folded once from its
    events; a snapshot not in use (of an older format or domain code, or bound to other
    stored bytes) is not a finding: loads ignore it. An encrypted ledger's snapshots are
    checked with its key (without it, no command can read them either)."""
    versions: dict[UUID, set[int]] = {}
    for eid, version in snapshot_keys(app.snapshots):
        versions.setdefault(eid, set()).add(version)
    forged = []
    for eid, wanted in sorted(versions.items()):
        stored = list(app.recorder.select_events(eid, lte=max(wanted)))
        try:
            events = [app.mapper.to_domain_event(s) for s in stored]
        except LedgerUnavailable:
            return []  # encrypted, and no key: no command can read the snapshots either
        state = EngagementState()
        for n, event in enumerate(events, start=1):
            if isinstance(event, EventCorrected):
                state = fold_history(events[:n])
            else:
                state.apply(event)
            if n not in wanted:
                continue
            snapshot = next(iter(app.snapshots.get(eid, gt=n - 1, lte=n)), None)
            if trusted(snapshot, stored[n - 1].state) and snapshot.state["body"] != encoded_state(
                state
            ):
                forged.append((eid, n))
    return forged
