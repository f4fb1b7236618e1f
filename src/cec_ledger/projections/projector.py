"""Keeping the views and the hash chain in step with the log.

SQLite has no subscriptions in eventsourcing 9.5 (``subscribe`` raises), so the projector
*pulls*: it reads notifications after its tracked position with ``select_notifications``
(the fast path: no 10-item sections), processes them in batches and writes each batch with
its tracking position in one transaction. The same pull loop runs on PostgreSQL. It runs
synchronously after every save, so a command returns with its views up to date; if a process
dies between the save and the catch-up, the next catch-up (any command, or ``rebuild``)
finishes the job from the tracked position.

Three trackers: ``views`` (event rows and the search index; ``rebuild`` rewinds it),
``engagements`` (the engagement rows: a long catch-up writes each touched engagement's row
once, with its last batch, instead of once per batch; if it stops before, the next catch-up
re-derives the rows it owes from the store) and ``chain`` (the tamper-evidence chain, which is
only ever extended: rebuilding it from the events would launder a tampered log).

The state after an event comes from the command that saved it when it can
(``EngagementApplication.saved_states``), else from the states this projector folds, else
from the store (a snapshot and the events after it).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.sqlite import SQLiteDatastore

from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.events import EVENT_TYPES, EngagementOpened, EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.formats.lines import to_line
from cec_ledger.projections.chain import GENESIS, link_of
from cec_ledger.projections.recorders import (
    CHAIN_COLUMNS,
    ENGAGEMENT_COLUMNS,
    EVENT_COLUMNS,
    SQLiteViews,
    postgres_views,
)
from cec_ledger.projections.rows import engagement_row, event_row
from cec_ledger.projections.search import event_text

VIEWS = "views"
CHAIN = "chain"
SUMMARIES = "engagements"
# Events per projection transaction. 10,000 rows commit in well under a second, so a
# concurrent writer's wait for the write lock stays short.
BATCH = 10_000
# Bump when the projector's row shape changes (e.g. a new key in the folded state), so
# existing ledgers rebuild their views once on next open.
VIEWS_REVISION = 4


def views_format() -> str:
    """A name for the shape of the view rows: it changes when any event class version does."""
    versions = f"rows-r{VIEWS_REVISION}:" + ",".join(
        f"{name}.v{getattr(cls, 'class_version', 1)}" for name, cls in sorted(EVENT_TYPES.items())
    )
    return "views-format-" + hashlib.sha256(versions.encode()).hexdigest()[:16]


class ViewsOutOfStep(IntegrityError):
    """The views hold rows past their tracked position, left by something other than a
    catch-up (a file edited by hand): every catch-up clashes there, and only a rebuild, which
    empties and refills them, brings them back in step."""


class Projector:
    """Catches views and chain up with the log of one EngagementApplication application."""

    def __init__(self, app: Any) -> None:
        self.app = app
        if isinstance(app.factory.datastore, SQLiteDatastore):
            cls: type = SQLiteViews
        else:
            cls = postgres_views()
        self.views = app.factory.tracking_recorder(cls)
        # Bulk writers (an import) write the views with the events: they find them here.
        app.projector = self
        recorder = app.recorder
        if self.views.dialect == "sqlite":
            self.views.events_table, self.views.events_id = recorder.events_table_name, "rowid"
        else:
            schema = app.factory.datastore.schema
            self.views.events_table = f'"{schema}".{recorder.events_table_name}'
            self.views.events_id = "notification_id"
        # An encrypted ledger's views hold ciphertext too (readers decrypt with the same
        # cipher); only ids, slugs, types, dates and actors stay readable, as in the log.
        self.cipher = getattr(app.mapper, "cipher", None)
        self.views.cipher = self.cipher
        # Folded states of engagements touched in this process (owned here: never a state
        # a command handed over), and each engagement's key in the views.
        self._states: dict[UUID, EngagementState] = {}
        self._engs: dict[UUID, int] = {}
        # Engagements whose row is behind the event rows: written with the last batch.
        self._dirty: dict[UUID, EngagementState] = {}
        if app.env.get("LEDGER_READ_ONLY") != "y":
            self.ensure_tables()

    def ensure_tables(self) -> None:
        """Create the view and snapshot tables of a ledger made before they existed (its
        views are then rebuilt once: their format changed)."""
        snapshots = getattr(getattr(self.app, "snapshots", None), "recorder", None)
        tables = {"cec_event_rows": self.views}
        if snapshots is not None:
            tables[snapshots.events_table_name] = snapshots
        for table, recorder in tables.items():
            if self.views.dialect == "sqlite":
                found = self.views.query(
                    "SELECT 1 AS found FROM sqlite_master WHERE name = ?", (table,)
                )
            else:
                found = self.views.query(
                    "SELECT 1 AS found FROM information_schema.tables "
                    "WHERE table_schema = ? AND table_name = ?",
                    (self.app.factory.datastore.schema, table),
                )
            if not found:
                try:
                    recorder.create_table()
                except Exception:  # a role that may not create tables: reads use the events
                    return

    # ------------------------------------------------------------------ positions
    def lag(self) -> int:
        """How many events the views are behind the log."""
        head = self.app.recorder.max_notification_id() or 0
        return head - min(
            self.views.position_of(VIEWS),
            self.views.position_of(CHAIN),
            self.views.position_of(SUMMARIES),
        )

    # ------------------------------------------------------------------ catching up
    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Process every event after the tracked positions; returns how many."""
        with paused_gc():
            try:
                return self._catch_up(progress)
            except BaseException:
                # States may be ahead of what was committed: fold them afresh next time.
                self.forget()
                raise

    def forget(self) -> None:
        """Drop what this projector keeps in memory (it is re-read from the store)."""
        self._states.clear()
        self._dirty.clear()
        self._engs.clear()

    def _catch_up(self, progress: Callable[[int], None] | None) -> int:
        self._owed_rows()
        done = 0
        clashes, clashed_at = 0, -1
        while True:
            views_at, chain_at = self.views.positions_of(VIEWS, CHAIN)
            batch = self.app.recorder.select_notifications(
                start=min(views_at, chain_at), limit=BATCH, inclusive_of_start=False
            )
            if not batch:
                if self._dirty:
                    self._flush(views_at)
                return done
            try:
                self._process(batch, views_at, chain_at, final=len(batch) < BATCH)
            except IntegrityError as error:
                # Another process projected the same batch first; its rows stand. (Clashing
                # again and again at the same position is not that: rows were left behind by
                # something else, and retrying would never end.)
                self.forget()
                clashes = clashes + 1 if views_at == clashed_at else 1
                clashed_at = views_at
                if clashes > 20:
                    raise ViewsOutOfStep(
                        f"the views hold rows past their recorded position {views_at} ({error}); "
                        "'cec-ledger rebuild' rebuilds them"
                    ) from error
                continue
            done += len(batch)
            if progress:
                progress(len(batch))

    def _process(self, batch: list[Any], views_at: int, chain_at: int, final: bool) -> None:
        event_rows, search_rows, chain_rows = [], [], []
        previous = self._chain_head(chain_at) if batch[-1].id > chain_at else None
        searchable = self.cipher is None
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
            state = self._state_after(event, final)
            eng = self._eng_of(event, notification.id)
            event_rows.append(event_row(notification.id, eng, event))
            if searchable:
                line = to_line(event, state.slug)
                search_rows.append((notification.id, event_text(line)))
        last = batch[-1].id
        with self.views.writing() as cursor:
            self.views.insert_many(cursor, "cec_event_rows", EVENT_COLUMNS, event_rows)
            self.views.insert_search(cursor, search_rows)
            self.views.insert_many(cursor, "cec_chain", CHAIN_COLUMNS, chain_rows)
            if last > views_at:
                self.views.track(cursor, VIEWS, last)
                if final:
                    self._write_engagements(cursor, last)
            if last > chain_at:
                self.views.track(cursor, CHAIN, last)

    def _flush(self, position: int) -> None:
        """Write the owed engagement rows in a transaction of their own."""
        try:
            with self.views.writing() as cursor:
                self._write_engagements(cursor, position)
        except IntegrityError:
            # Another process wrote the rows up to this position first (the same rows: they
            # are the events' fold).
            self._dirty.clear()

    def _write_engagements(self, cursor: Any, position: int) -> None:
        """The rows of the engagements touched since they were last written, tracked at the
        position of the event rows (in the caller's transaction)."""
        rows = [
            engagement_row(self._engs[eid], state, self.cipher)
            for eid, state in self._dirty.items()
        ]
        self.views.insert_many(
            cursor, "cec_engagement_rows", ENGAGEMENT_COLUMNS, rows, upsert_key="eng"
        )
        self.views.track(cursor, SUMMARIES, position)
        self._dirty.clear()

    def _owed_rows(self) -> None:
        """After a catch-up that stopped between batches (a crash, an interrupted rebuild):
        the engagements with event rows past the engagement rows' position get their rows
        from the store now."""
        views_at, rows_at = self.views.positions_of(VIEWS, SUMMARIES)
        if rows_at > views_at:
            # The event rows were rewound without the engagement rows' tracker (a tool
            # emptying the views): rewind it too, so its next position is not a duplicate.
            with self.views.writing() as cursor:
                self.views.execute(
                    cursor,
                    f"DELETE FROM {{p}}{self.views.tracking_table} "
                    "WHERE application_name = ? AND notification_id > ?",
                    (SUMMARIES, views_at),
                )
            views_at, rows_at = self.views.positions_of(VIEWS, SUMMARIES)
        if rows_at >= views_at:
            return
        owed = self.views.query(
            "SELECT t.eng, MAX(t.version) AS version, e.originator_id FROM {p}cec_event_rows t "
            "JOIN {events} e ON e.{event_id} = t.eng WHERE t.position > ? AND t.position <= ? "
            "GROUP BY t.eng, e.originator_id",
            (rows_at, views_at),
        )
        self._dirty.clear()
        for row in owed:
            eid = UUID(str(row["originator_id"]))
            self._engs[eid] = row["eng"]
            state = self.app.get_engagement(eid, version=row["version"]).state
            self._states[eid] = state
            self._dirty[eid] = state
        self._flush(views_at)

    def _state_after(self, event: Any, final: bool) -> EngagementState:
        """The engagement's state after ``event`` (noted as touched)."""
        eid = event.originator_id
        version = event.originator_version
        handed = self.app.saved_states.get(eid) if final else None
        if handed is not None and handed.version == version:
            # The command's own state, already past this event: read it, never change it.
            self._states.pop(eid, None)
            self._dirty[eid] = handed
            return handed
        state = self._states.get(eid)
        if state is None or state.version != version - 1:
            if isinstance(event, EngagementOpened):
                state = EngagementState()
            else:
                state = self.app.get_engagement(eid, version=version - 1).state
            self._states[eid] = state
        state_apply(state, event, self.app)
        self._dirty[eid] = state
        return state

    def _eng_of(self, event: Any, position: int) -> int:
        """The engagement's key in the views: the position of its opening event."""
        eid = event.originator_id
        if isinstance(event, EngagementOpened):
            self._engs[eid] = position
        elif eid not in self._engs:
            rows = self.views.query(
                "SELECT {event_id} AS eng FROM {events} WHERE originator_id = ? "
                "AND originator_version = 1",
                (eid.hex if self.views.dialect == "sqlite" else eid,),
            )
            self._engs[eid] = rows[0]["eng"]
        return self._engs[eid]

    def _chain_head(self, chain_at: int) -> str:
        if not chain_at:
            return GENESIS
        rows = self.views.query("SELECT link FROM {p}cec_chain WHERE position = ?", (chain_at,))
        return rows[0]["link"] if rows else GENESIS

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Empty the views and rebuild them from the whole log (resumable: each batch
        commits with its tracking position, so an interrupted rebuild continues from there).
        Snapshots are dropped too (they are retaken as engagements are written)."""
        with self.views.writing() as cursor:
            self.views.reset(cursor, ["cec_event_rows", "cec_engagement_rows"], [VIEWS, SUMMARIES])
        drop_snapshots(self.app)
        self.forget()
        return self.catch_up(progress)


def drop_snapshots(app: Any) -> None:
    """Delete every snapshot (a cache: the streams are replayed until new ones are taken)."""
    snapshots = getattr(app, "snapshots", None)
    recorder = getattr(snapshots, "recorder", None)
    table = getattr(recorder, "events_table_name", None)
    if table is None:
        return
    if isinstance(app.factory.datastore, SQLiteDatastore):
        statement = f"DELETE FROM {table}"
    else:
        statement = f'DELETE FROM "{app.factory.datastore.schema}".{table}'
    try:
        with recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement)
    except Exception:  # no snapshot table yet (an older ledger): nothing to drop
        return


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
