"""Keeping the views and the hash chain in step with the log.

SQLite has no subscriptions in eventsourcing 9.5 (``subscribe`` raises), so the projector
*pulls*: it reads notifications after its tracked position with ``select_notifications``
(the fast path: no 10-item sections), processes them in batches and writes each batch with
its tracking position in one transaction. The same pull loop runs on PostgreSQL. It runs
synchronously after every save, so a command returns with its views up to date; if a process
dies between the save and the catch-up, the next catch-up (any command, or ``rebuild``)
finishes the job from the tracked position.

Two trackers: ``views`` (timeline and engagement rows; ``rebuild`` rewinds it) and ``chain``
(the tamper-evidence chain, which is only ever extended: rebuilding it from the events would
launder a tampered log).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError
from eventsourcing.sqlite import SQLiteDatastore

from cec_ledger.domain.capacity import capacity_history
from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.events import EVENT_TYPES, EngagementOpened, EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.formats.lines import to_line
from cec_ledger.formats.summaries import summary
from cec_ledger.projections.chain import GENESIS, link_of
from cec_ledger.projections.recorders import (
    CHAIN_COLUMNS,
    ENGAGEMENT_COLUMNS,
    TIMELINE_COLUMNS,
    SQLiteViews,
    postgres_views,
)
from cec_ledger.storage.encryption import encrypt_view_text

VIEWS = "views"
CHAIN = "chain"
# Events per projection transaction. Bigger batches write each touched engagement's summary
# row (a full state serialisation) once per batch instead of once per 2,000 events: on an
# interleaved log that is most of the cost of a rebuild. 10,000 rows commit in well under a
# second, so a concurrent writer's wait for the write lock stays short.
BATCH = 10_000
# Bump when the projector's row shape changes (e.g. a new key in the folded state), so
# existing ledgers rebuild their views once on next open.
VIEWS_REVISION = 3


def views_format() -> str:
    """A name for the shape of the view rows: it changes when any event class version does."""
    versions = f"rows-r{VIEWS_REVISION}:" + ",".join(
        f"{name}.v{getattr(cls, 'class_version', 1)}" for name, cls in sorted(EVENT_TYPES.items())
    )
    return "views-format-" + hashlib.sha256(versions.encode()).hexdigest()[:16]


class Projector:
    """Catches views and chain up with the log of one EngagementApplication application."""

    def __init__(self, app: Any) -> None:
        self.app = app
        if isinstance(app.factory.datastore, SQLiteDatastore):
            cls: type = SQLiteViews
        else:
            cls = postgres_views()
        self.views = app.factory.tracking_recorder(cls)
        # An encrypted ledger's views hold ciphertext too (readers decrypt with the same
        # cipher); only ids, slugs, types, dates and actors stay readable, as in the log.
        self.cipher = getattr(app.mapper, "cipher", None)
        self.views.cipher = self.cipher
        # Folded states of engagements touched in this process: saves re-reading every
        # engagement's history for each small batch.
        self._states: dict[UUID, EngagementState] = {}

    # ------------------------------------------------------------------ positions
    def lag(self) -> int:
        """How many events the views are behind the log."""
        head = self.app.recorder.max_notification_id() or 0
        return head - min(self.views.position_of(VIEWS), self.views.position_of(CHAIN))

    # ------------------------------------------------------------------ catching up
    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Process every event after the tracked positions; returns how many."""
        with paused_gc():
            return self._catch_up(progress)

    def _catch_up(self, progress: Callable[[int], None] | None) -> int:
        done = 0
        while True:
            views_at = self.views.position_of(VIEWS)
            chain_at = self.views.position_of(CHAIN)
            start = min(views_at, chain_at)
            batch = self.app.recorder.select_notifications(
                start=start, limit=BATCH, inclusive_of_start=False
            )
            if not batch:
                return done
            try:
                self._process(batch, views_at, chain_at)
            except IntegrityError:
                # Another process projected the same batch first; its rows stand.
                self._states.clear()
                continue
            done += len(batch)
            if progress:
                progress(len(batch))

    def _process(self, batch: list[Any], views_at: int, chain_at: int) -> None:
        timeline_rows = []
        touched: dict[UUID, EngagementState] = {}
        chain_rows = []
        previous = self._chain_head(chain_at) if batch[-1].id > chain_at else None
        for notification in batch:
            if notification.id > chain_at:
                previous = link_of(previous or GENESIS, notification)
                chain_rows.append(
                    (
                        notification.id,
                        str(notification.originator_id),
                        notification.originator_version,
                        previous,
                    )
                )
            if notification.id <= views_at:
                continue
            event = self.app.mapper.to_domain_event(notification)
            state = self._state_for(event)
            state_apply(state, event, self.app)
            touched[event.originator_id] = self._states[event.originator_id]
            timeline_rows.append(
                timeline_row(notification.id, event, self._states[event.originator_id].slug)
            )
        last = batch[-1].id
        engagement_rows = [engagement_row(s) for s in touched.values()]
        if self.cipher is not None:
            timeline_rows, engagement_rows = self._sealed(timeline_rows, engagement_rows)
        with self.views.writing() as cursor:
            self.views.insert_many(cursor, "cec_timeline", TIMELINE_COLUMNS, timeline_rows)
            self.views.insert_many(
                cursor,
                "cec_engagements",
                ENGAGEMENT_COLUMNS,
                engagement_rows,
                upsert_key="engagement_id",
            )
            self.views.insert_many(cursor, "cec_chain", CHAIN_COLUMNS, chain_rows)
            if last > views_at:
                self.views.track(cursor, VIEWS, last)
            if last > chain_at:
                self.views.track(cursor, CHAIN, last)

    def _sealed(
        self, timeline_rows: list[tuple[Any, ...]], engagement_rows: list[tuple[Any, ...]]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Encrypt the text a view would leak: row JSON, state JSON, search text, names."""

        def timeline(row: tuple[Any, ...]) -> tuple[Any, ...]:
            return (*row[:9], "", encrypt_view_text(self.cipher, row[10]))

        def engagement(row: tuple[Any, ...]) -> tuple[Any, ...]:
            return (*row[:2], "", *row[3:8], encrypt_view_text(self.cipher, row[8]))

        return [timeline(r) for r in timeline_rows], [engagement(r) for r in engagement_rows]

    def _state_for(self, event: Any) -> EngagementState:
        eid = event.originator_id
        state = self._states.get(eid)
        if state is None or state.version != event.originator_version - 1:
            if isinstance(event, EngagementOpened):
                state = EngagementState()
            else:
                events = list(self.app.events.get(eid, lte=event.originator_version - 1))
                state = fold_history(events)
            self._states[eid] = state
        return state

    def _chain_head(self, chain_at: int) -> str:
        if not chain_at:
            return GENESIS
        rows = self.views.query("SELECT link FROM {p}cec_chain WHERE position = ?", (chain_at,))
        return rows[0]["link"] if rows else GENESIS

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Empty the views and rebuild them from the whole log (resumable: each batch
        commits with its tracking position, so an interrupted rebuild continues from there)."""
        with self.views.writing() as cursor:
            self.views.reset(cursor, ["cec_timeline", "cec_engagements"], VIEWS)
        self._states.clear()
        return self.catch_up(progress)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a bulk pass (nests; restores its state).

    A catch-up or an import keeps every engagement's folded state (and an import every new
    event) alive: each full collection walks all of them, and collections run every few
    thousand allocations, so at a million events the collector alone costs a fifth to a third
    of the time. These passes make almost no cyclic garbage; reference counting frees the rest.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def state_apply(state: EngagementState, event: Any, app: Any) -> None:
    """Fold one event; a correction re-folds that engagement's history from the store."""
    if isinstance(event, EventCorrected):
        events = list(app.events.get(event.originator_id, lte=event.originator_version))
        refolded = fold_history(events)
        state.__dict__.update(refolded.__dict__)
    else:
        state.apply(event)


def timeline_row(position: int, event: Any, slug: str) -> tuple[Any, ...]:
    """The ``cec_timeline`` row of an event: ``row_json`` is the event's export line."""
    row = to_line(event, slug, position)
    text = summary(row)
    data_json = orjson.dumps(row["data"]).decode()
    search = f"{text} {data_json} {row['recorded_by']}".casefold()
    corrects = row["data"].get("corrects_version") if type(event) is EventCorrected else None
    return (
        position,
        row["engagement_id"],
        slug,
        row["version"],
        row["type"],
        row["occurred_on"],
        row["recorded_at"],
        row["recorded_by"],
        corrects,
        search,
        orjson.dumps(row).decode(),
    )


def engagement_row(state: EngagementState) -> tuple[Any, ...]:
    """The ``cec_engagements`` row: summary columns and ``state_json``, which is
    ``plain(state.to_dict())`` as JSON (orjson writes dates and ids the way ``plain`` does;
    decimals go through ``str``)."""
    index = capacity_history(list(state.responsibilities.values()))["index"]
    return (
        state.id,
        state.slug,
        state.name,
        "closed" if state.is_closed else "open",
        state.step_reached(),
        state.events,
        state.last_occurred_on.isoformat() if state.last_occurred_on else None,
        str(Decimal(index)),
        orjson.dumps(
            state.to_dict(), default=_json_default, option=orjson.OPT_NON_STR_KEYS
        ).decode(),
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} into a view")
