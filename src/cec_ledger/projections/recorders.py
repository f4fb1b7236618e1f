"""View tables beside the events, written with eventsourcing's tracking recorders.

Each projection batch writes its view rows *and* its tracking position (eventsourcing's
``Tracking``) in one transaction, so a view is never ahead of or behind what it claims to have
processed: a crash loses the batch and the next catch-up redoes it. The same SQL serves SQLite
and PostgreSQL (``?`` placeholders become ``%s``; PostgreSQL tables live in the ledger's schema).

Tables:

``cec_timeline``     one row per event: what the timeline and the TUI page through by keyset
                     on ``position`` (the log's notification id), with an index per filter.
``cec_engagements``  one row per engagement: summary columns and the folded state as JSON.
``cec_chain``        the tamper-evidence hash chain: one SHA-256 link per stored event.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

TIMELINE_COLUMNS = (
    "position",
    "engagement_id",
    "slug",
    "version",
    "type",
    "occurred_on",
    "recorded_at",
    "recorded_by",
    "corrects_version",
    "search_text",
    "row_json",
)
ENGAGEMENT_COLUMNS = (
    "engagement_id",
    "slug",
    "name",
    "status",
    "step_reached",
    "events",
    "last_occurred_on",
    "capacity_index",
    "state_json",
)
CHAIN_COLUMNS = ("position", "engagement_id", "version", "link")

_TABLES = [
    """CREATE TABLE IF NOT EXISTS {p}cec_timeline (
        position BIGINT PRIMARY KEY,
        engagement_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        occurred_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        corrects_version INTEGER,
        search_text TEXT NOT NULL,
        row_json TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS cec_timeline_eng ON {p}cec_timeline (engagement_id, position)",
    "CREATE INDEX IF NOT EXISTS cec_timeline_eng_type ON {p}cec_timeline "
    "(engagement_id, type, position)",
    "CREATE INDEX IF NOT EXISTS cec_timeline_type ON {p}cec_timeline (type, position)",
    "CREATE INDEX IF NOT EXISTS cec_timeline_actor ON {p}cec_timeline (recorded_by, position)",
    "CREATE INDEX IF NOT EXISTS cec_timeline_occurred ON {p}cec_timeline (occurred_on, position)",
    "CREATE INDEX IF NOT EXISTS cec_timeline_eng_version ON {p}cec_timeline "
    "(engagement_id, version)",
    """CREATE TABLE IF NOT EXISTS {p}cec_engagements (
        engagement_id TEXT PRIMARY KEY,
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        step_reached INTEGER NOT NULL,
        events INTEGER NOT NULL,
        last_occurred_on TEXT,
        capacity_index TEXT NOT NULL,
        state_json TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}cec_chain (
        position BIGINT PRIMARY KEY,
        engagement_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        link TEXT NOT NULL)""",
]


class ViewsMixin:
    """Dialect-neutral view SQL over a tracking recorder's datastore."""

    placeholder = "?"
    prefix = ""

    def sql(self, statement: str) -> str:
        statement = statement.replace("{p}", self.prefix)
        if self.placeholder != "?":
            statement = re.sub(r"\?", self.placeholder, statement)
        return statement

    @contextmanager
    def writing(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            yield cursor

    @contextmanager
    def reading(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            yield cursor

    def execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor.execute(self.sql(statement), tuple(params))
        return cursor

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        with self.reading() as cursor:
            self.execute(cursor, statement, params)
            return list(cursor.fetchall())

    def insert_many(
        self,
        cursor: Any,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        upsert_key: str | None = None,
    ) -> None:
        if not rows:
            return
        marks = ", ".join("?" * len(columns))
        statement = f"INSERT INTO {{p}}{table} ({', '.join(columns)}) VALUES ({marks})"
        if upsert_key:
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != upsert_key)
            statement += f" ON CONFLICT ({upsert_key}) DO UPDATE SET {updates}"
        cursor.executemany(self.sql(statement), [tuple(r) for r in rows])

    def track(self, cursor: Any, name: str, position: int) -> None:
        self._insert_tracking(cursor, Tracking(name, position))  # type: ignore[attr-defined]

    def position_of(self, name: str) -> int:
        return self.max_tracking_id(name) or 0  # type: ignore[attr-defined]

    def reset(self, cursor: Any, tables: Sequence[str], tracking_name: str) -> None:
        """Empty view tables and rewind their tracking, in the caller's transaction."""
        for table in tables:
            self.execute(cursor, f"DELETE FROM {{p}}{table}")
        self.execute(
            cursor,
            f"DELETE FROM {{p}}{self.tracking_table} WHERE application_name = ?",
            (tracking_name,),
        )

    @property
    def tracking_table(self) -> str:
        return "tracking"


class SQLiteViews(ViewsMixin, SQLiteTrackingRecorder):
    """The view tables in the ledger's SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *(statement.replace("{p}", "") for statement in _TABLES),
        ]


def __getattr__(name: str) -> Any:
    # ``PostgresViews`` is made on first use: importing eventsourcing.postgres (psycopg and
    # its pool) costs ~90 ms of every command's start, and SQLite ledgers never need it.
    if name == "PostgresViews":
        return postgres_views()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def postgres_views() -> type:
    """The view tables in the ledger's PostgreSQL schema (class made on first use)."""
    from eventsourcing.postgres import PostgresTrackingRecorder

    class PostgresViews(ViewsMixin, PostgresTrackingRecorder):
        """The view tables in the ledger's PostgreSQL schema."""

        placeholder = "%s"

        def __init__(self, datastore: Any, **kwargs: Any) -> None:
            super().__init__(datastore, **kwargs)
            from psycopg.sql import SQL

            self.prefix = f'"{self.datastore.schema}".'
            for statement in _TABLES:
                # Index names are schema-local in PostgreSQL, table names are qualified.
                self.sql_create_statements.append(SQL(statement.replace("{p}", self.prefix)))

        @property
        def tracking_table(self) -> str:
            return self.tracking_table_name

    PostgresViews.__module__ = __name__
    PostgresViews.__qualname__ = "PostgresViews"
    return PostgresViews
