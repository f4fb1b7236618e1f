"""Writing many checked events at once: the events, their view rows, search words and chain
links, and the engagement rows, in one transaction (an import: all of it or nothing).

The events go through the application's recorder in chunks of :data:`CHUNK` on one cursor,
inside one transaction, so the store assigns their positions as a ``save`` would and nothing
is visible until the commit. (One PostgreSQL ``insert_events`` call of tens of thousands of
events sits forever in psycopg's pipeline sync: chunks on one cursor, outside pipeline mode,
avoid it and keep the import all or nothing.) The rows are what the projector would have
written for the same events, computed here from what the import already holds: no event is
read back, decoded or folded again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteDatastore

from cec_ledger.domain.events import EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.projections.chain import GENESIS, link_of
from cec_ledger.projections.projector import CHAIN, SUMMARIES, VIEWS
from cec_ledger.projections.recorders import CHAIN_COLUMNS, ENGAGEMENT_COLUMNS, EVENT_COLUMNS
from cec_ledger.projections.rows import engagement_row

# Events per insert on the cursor: bounded, so no single statement (or PostgreSQL pipeline)
# grows with the file.
CHUNK = 2000


class ViewsBehind(Exception):
    """Another writer saved events since the views were caught up: catch up and retry."""


@dataclass(slots=True)
class Checked:
    """One checked event, as the import keeps it until it is written: the bytes to store,
    the facts of its view row, and its search words (None on an encrypted ledger)."""

    stored: StoredEvent
    version: int
    type: str
    occurred_on: str
    recorded_at: str
    recorded_by: str
    corrects_version: int | None
    text: str | None


def checked(stored: StoredEvent, event: Any, text: str | None) -> Checked:
    return Checked(
        stored,
        event.originator_version,
        type(event).__name__,
        event.occurred_on.isoformat(),
        event.timestamp.isoformat(),
        event.recorded_by,
        event.corrects_version if type(event) is EventCorrected else None,
        text,
    )


class _Notification:
    """What ``chain.link_of`` reads of a stored event: its position and stored fields."""

    __slots__ = ("id", "originator_id", "originator_version", "state", "topic")

    def __init__(self, position: int, stored: StoredEvent) -> None:
        self.id = position
        self.originator_id = stored.originator_id
        self.originator_version = stored.originator_version
        self.topic = stored.topic
        self.state = stored.state


def write_checked(
    app: Any,
    projector: Any,
    events: Sequence[Checked],
    states: dict[UUID, EngagementState],
    timings: dict[str, float] | None = None,
) -> list[int]:
    """Store the events and write their views, chain and engagement rows in one
    transaction; returns their positions. Raises :class:`ViewsBehind` (nothing written)
    when the views are not at the head of the log under the write lock."""
    views = projector.views
    sqlite = isinstance(app.factory.datastore, SQLiteDatastore)
    recorder = app.recorder
    positions: list[int] = []
    spent = timings if timings is not None else {}
    with views.writing() as cursor:
        head = _lock_and_head(views, recorder, cursor, sqlite)
        at = {name: _tracked(views, cursor, name) for name in (VIEWS, CHAIN, SUMMARIES)}
        if any(position != head for position in at.values()):
            raise ViewsBehind
        previous = _link_at(views, cursor, head)
        engs = dict(projector._engs)
        for start in range(0, len(events), CHUNK):
            chunk = events[start : start + CHUNK]
            t0 = time.perf_counter()
            stored = [c.stored for c in chunk]
            ids = _insert(recorder, cursor, stored, sqlite)
            t1 = time.perf_counter()
            rows, words, links = [], [], []
            for position, c in zip(ids, chunk, strict=True):
                eid = c.stored.originator_id
                if c.version == 1:
                    engs[eid] = position
                elif eid not in engs:
                    engs[eid] = _eng_of(views, cursor, eid, sqlite)
                rows.append(
                    (
                        position,
                        engs[eid],
                        c.version,
                        c.type,
                        c.occurred_on,
                        c.recorded_at,
                        c.recorded_by,
                        c.corrects_version,
                    )
                )
                if c.text is not None:
                    words.append((position, c.text))
                previous = link_of(previous, _Notification(position, c.stored))
                links.append((position, str(eid), c.version, previous))
            views.insert_many(cursor, "cec_event_rows", EVENT_COLUMNS, rows)
            views.insert_search(cursor, words)
            views.insert_many(cursor, "cec_chain", CHAIN_COLUMNS, links)
            positions.extend(ids)
            t2 = time.perf_counter()
            spent["insert_events"] = spent.get("insert_events", 0.0) + t1 - t0
            spent["views_and_chain"] = spent.get("views_and_chain", 0.0) + t2 - t1
        t0 = time.perf_counter()
        summary_rows = [
            engagement_row(engs[eid], state, projector.cipher) for eid, state in states.items()
        ]
        views.insert_many(
            cursor, "cec_engagement_rows", ENGAGEMENT_COLUMNS, summary_rows, upsert_key="eng"
        )
        last = positions[-1] if positions else head
        for name in (VIEWS, CHAIN, SUMMARIES):
            views.track(cursor, name, last)
        spent["engagement_rows"] = time.perf_counter() - t0
        t0 = time.perf_counter()
    spent["commit"] = time.perf_counter() - t0
    projector.forget()
    return positions


def _lock_and_head(views: Any, recorder: Any, cursor: Any, sqlite: bool) -> int:
    """Take the store's write lock first (so the head read next stays the head until the
    commit), then read the head position."""
    if sqlite:
        # A write statement takes SQLite's write lock even when it changes nothing.
        views.execute(cursor, "DELETE FROM {p}cec_chain WHERE position < 0")
        cursor.execute(f"SELECT MAX(rowid) FROM {recorder.events_table_name}")
    else:
        recorder._lock_table(cursor)
        cursor.execute(recorder.max_notification_id_statement)
    row = cursor.fetchone()
    value = row[0] if not isinstance(row, dict) else next(iter(row.values()))
    head = int(value or 0)
    if not sqlite:
        # Positions continue from the head, as on SQLite: an import killed or refused after
        # its first chunk rolled its rows back but not the sequence values they drew
        # (sequences are not transactional), which left a gap in the log's positions. Under
        # the table's exclusive lock nothing else draws from the sequence.
        table = f'"{recorder.datastore.schema}".{recorder.events_table_name}'
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s, %s)",
            (table, max(head, 1), head > 0),
        )
    return head


def _tracked(views: Any, cursor: Any, name: str) -> int:
    views.execute(
        cursor,
        f"SELECT MAX(notification_id) AS position FROM {{p}}{views.tracking_table} "
        "WHERE application_name = ?",
        (name,),
    )
    row = cursor.fetchone()
    return int(row["position"] or 0) if row else 0


def _link_at(views: Any, cursor: Any, position: int) -> str:
    if not position:
        return GENESIS
    views.execute(cursor, "SELECT link FROM {p}cec_chain WHERE position = ?", (position,))
    row = cursor.fetchone()
    return str(row["link"]) if row else GENESIS


def _eng_of(views: Any, cursor: Any, eid: UUID, sqlite: bool) -> int:
    views.execute(
        cursor,
        "SELECT {event_id} AS eng FROM {events} WHERE originator_id = ? AND originator_version = 1",
        (eid.hex if sqlite else eid,),
    )
    return int(cursor.fetchone()["eng"])


def _insert(recorder: Any, cursor: Any, stored: list[StoredEvent], sqlite: bool) -> list[int]:
    """Insert through the recorder on the caller's cursor; the positions the store gave."""
    if sqlite:
        return list(recorder._insert_events(cursor, stored))
    recorder._insert_stored_events(cursor, stored)
    return list(recorder._fetch_ids_after_insert_events(cursor, stored))


@contextmanager
def timed(spent: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
