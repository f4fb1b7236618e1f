"""View tables beside the events, written with eventsourcing's tracking recorders.

Each projection batch writes its view rows *and* its tracking position (eventsourcing's
``Tracking``) in one transaction, so a view is never ahead of or behind what it claims to have
processed: a crash loses the batch and the next catch-up redoes it. The same SQL serves SQLite
and PostgreSQL (``?`` placeholders become ``%s``; PostgreSQL tables live in the ledger's schema).

The views hold only what a query filters or sorts on; everything else is read from the stored
events themselves (a timeline page reads its events by position):

``cec_event_rows``       one row per event: position (the log's notification id), the
                         engagement's small key ``eng``, version, type, both dates, who recorded
                         it and, for a correction, the version it corrects. The timeline pages
                         by keyset on ``position`` with an index per filter.
``cec_engagement_rows``  one row per engagement, keyed by ``eng`` (the position of its opening
                         event): the summary columns the engagement list shows, paged by slug.
``cec_search``           the search index, keyed by position: SQLite FTS5 holding only the
                         words (its external content, ``cec_search_source``, has no text); on
                         PostgreSQL a ``tsvector`` column of ``cec_event_rows`` with a GIN
                         index. Not written for encrypted ledgers (their text is secret).
``cec_chain``            the tamper-evidence hash chain: one SHA-256 link per stored event.

``cec_timeline`` and ``cec_engagements`` are SQL views under the names the tables had before
(revision 4): the same rows, with ``row_json`` / ``state_json`` now the row's own columns as a
JSON array, so tools that compare views by those columns compare every column. Deleting
through them deletes the rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

EVENT_COLUMNS = (
    "position",
    "eng",
    "version",
    "type",
    "occurred_on",
    "recorded_at",
    "recorded_by",
    "corrects_version",
)
ENGAGEMENT_COLUMNS = (
    "eng",
    "engagement_id",
    "slug",
    "name",
    "organisation",
    "level",
    "status",
    "step_reached",
    "pathway",
    "we_have_a_we",
    "events",
    "opened_on",
    "last_occurred_on",
    "responsibilities",
    "capacity_index",
)
CHAIN_COLUMNS = ("position", "engagement_id", "version", "link")
# Tables of an older shape (before revision 4), dropped when a ledger upgrades its views.
LEGACY_TABLES = ("cec_timeline", "cec_engagements")

_EVENT_TABLE = """CREATE TABLE IF NOT EXISTS {p}cec_event_rows (
        position {key},
        eng BIGINT NOT NULL,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        occurred_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        corrects_version INTEGER{search})"""
_ENGAGEMENT_TABLE = """CREATE TABLE IF NOT EXISTS {p}cec_engagement_rows (
        eng {key},
        engagement_id TEXT NOT NULL UNIQUE,
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        level TEXT NOT NULL,
        status TEXT NOT NULL,
        step_reached INTEGER NOT NULL,
        pathway TEXT NOT NULL,
        we_have_a_we BOOLEAN NOT NULL,
        events INTEGER NOT NULL,
        opened_on TEXT,
        last_occurred_on TEXT,
        responsibilities INTEGER NOT NULL,
        capacity_index TEXT NOT NULL)"""
_CHAIN_TABLE = """CREATE TABLE IF NOT EXISTS {p}cec_chain (
        position BIGINT PRIMARY KEY,
        engagement_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        link TEXT NOT NULL)"""
_EVENT_INDEXES = {
    # SQLite indexes end in the rowid (= position) implicitly; PostgreSQL's need it named.
    "cec_event_rows_eng": "eng",
    "cec_event_rows_eng_type": "eng, type",
    "cec_event_rows_type": "type",
    "cec_event_rows_actor": "recorded_by",
    "cec_event_rows_occurred": "occurred_on",
}


def _json_of(columns: Sequence[str], function: str) -> str:
    return f"{function}({', '.join(columns)})"


def _statements(dialect: str) -> list[str]:
    sqlite = dialect == "sqlite"
    json_array = "json_array" if sqlite else "json_build_array"
    cast = "" if sqlite else "::text"
    statements = [
        _EVENT_TABLE.format(
            p="{p}",
            key="INTEGER PRIMARY KEY" if sqlite else "BIGINT PRIMARY KEY",
            search="" if sqlite else ",\n        search TSVECTOR",
        ),
        _ENGAGEMENT_TABLE.format(
            p="{p}", key="INTEGER PRIMARY KEY" if sqlite else "BIGINT PRIMARY KEY"
        ),
        "CREATE INDEX IF NOT EXISTS cec_engagement_rows_slug ON {p}cec_engagement_rows (slug)",
        _CHAIN_TABLE,
    ]
    for name, columns in _EVENT_INDEXES.items():
        keyed = columns if sqlite else f"{columns}, position"
        statements.append(f"CREATE INDEX IF NOT EXISTS {name} ON {{p}}cec_event_rows ({keyed})")
    if sqlite:
        # External content that holds no text: the index keeps only the words, as a
        # contentless table would, but the table can still be scanned (a dump reads it).
        statements.append(
            "CREATE VIEW cec_search_source AS SELECT position, NULL AS text FROM cec_event_rows"
        )
        statements.append(
            "CREATE VIRTUAL TABLE IF NOT EXISTS cec_search USING fts5(text, "
            "content='cec_search_source', content_rowid='position', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        statements.append(
            "CREATE INDEX IF NOT EXISTS cec_event_rows_search ON {p}cec_event_rows "
            "USING GIN (search)"
        )
    # The names the tables had before revision 4, as views (see the module docstring).
    statements.append(
        "CREATE VIEW {p}cec_timeline AS SELECT "
        + ", ".join(EVENT_COLUMNS)
        + f", {_json_of(EVENT_COLUMNS, json_array)}{cast} AS row_json FROM {{p}}cec_event_rows"
    )
    summary = [c for c in ENGAGEMENT_COLUMNS if c != "eng"]
    statements.append(
        "CREATE VIEW {p}cec_engagements AS SELECT "
        + ", ".join(summary)
        + f", {_json_of(ENGAGEMENT_COLUMNS, json_array)}{cast} AS state_json "
        "FROM {p}cec_engagement_rows"
    )
    if sqlite:
        statements.append(
            "CREATE TRIGGER IF NOT EXISTS cec_timeline_delete INSTEAD OF DELETE ON cec_timeline "
            "BEGIN DELETE FROM cec_event_rows WHERE position = OLD.position; END"
        )
        statements.append(
            "CREATE TRIGGER IF NOT EXISTS cec_engagements_delete INSTEAD OF DELETE ON "
            "cec_engagements BEGIN DELETE FROM cec_engagement_rows "
            "WHERE engagement_id = OLD.engagement_id; END"
        )
    return statements


def _if_absent(statement: str, dialect: str) -> str:
    """``CREATE VIEW`` has no IF NOT EXISTS on PostgreSQL: create it only when missing."""
    if not statement.startswith("CREATE VIEW"):
        return statement
    if dialect == "sqlite":
        return statement.replace("CREATE VIEW", "CREATE VIEW IF NOT EXISTS", 1)
    return statement.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1)


class ViewsMixin:
    """Dialect-neutral view SQL over a tracking recorder's datastore."""

    placeholder = "?"
    prefix = ""
    dialect = "sqlite"
    # Set by the projector: the application's events table, as SQL (pages read events by
    # position from it) and its notification-id column.
    events_table = "stored_events"
    events_id = "rowid"
    cipher: Any = None

    def sql(self, statement: str) -> str:
        statement = statement.replace("{p}", self.prefix).replace("{events}", self.events_table)
        statement = statement.replace("{event_id}", self.events_id)
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
        cursor.executemany(self.sql(statement), rows)

    def insert_search(self, cursor: Any, rows: Sequence[tuple[int, str]]) -> None:
        """Index (position, text) pairs for search (words as :mod:`projections.search` makes
        them), in the caller's transaction."""
        if not rows:
            return
        if self.dialect == "sqlite":
            cursor.executemany("INSERT INTO cec_search (rowid, text) VALUES (?, ?)", rows)
        else:
            cursor.executemany(
                self.sql(
                    "UPDATE {p}cec_event_rows SET search = to_tsvector('simple', ?) "
                    "WHERE position = ?"
                ),
                [(text, position) for position, text in rows],
            )

    def track(self, cursor: Any, name: str, position: int) -> None:
        self._insert_tracking(cursor, Tracking(name, position))  # type: ignore[attr-defined]

    def position_of(self, name: str) -> int:
        return self.max_tracking_id(name) or 0  # type: ignore[attr-defined]

    def positions_of(self, *names: str) -> list[int]:
        """Several trackers' positions read in one statement (one snapshot of the table:
        another process committing meanwhile cannot make them disagree)."""
        rows = self.query(
            "SELECT application_name AS name, MAX(notification_id) AS position "
            f"FROM {{p}}{self.tracking_table} WHERE application_name IN "
            f"({', '.join('?' * len(names))}) GROUP BY application_name",
            names,
        )
        found = {row["name"]: row["position"] for row in rows}
        return [int(found.get(name) or 0) for name in names]

    def reset(self, cursor: Any, tables: Sequence[str], tracking_names: Sequence[str]) -> None:
        """Empty view tables (and the search index) and rewind their tracking, in the
        caller's transaction."""
        for table in tables:
            self.execute(cursor, f"DELETE FROM {{p}}{table}")
        if self.dialect == "sqlite" and "cec_event_rows" in tables:
            cursor.execute("INSERT INTO cec_search (cec_search) VALUES ('delete-all')")
        for name in tracking_names:
            self.execute(
                cursor,
                f"DELETE FROM {{p}}{self.tracking_table} WHERE application_name = ?",
                (name,),
            )

    def create_views(self, cursor: Any) -> None:
        """Create the view tables, dropping those of an older shape first (their names are
        views now): a new ledger, or an existing one upgrading its views."""
        for table in LEGACY_TABLES:
            if self.dialect == "sqlite":
                cursor.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
                )
            else:
                cursor.execute(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                    "AND table_name = %s AND table_type = 'BASE TABLE'",
                    (self.datastore.schema, table),  # type: ignore[attr-defined]
                )
            found = cursor.fetchall()
            if found:
                self.execute(cursor, f"DROP TABLE {{p}}{table}")
        for statement in _statements(self.dialect):
            self.execute(cursor, _if_absent(statement, self.dialect))

    @property
    def tracking_table(self) -> str:
        return "tracking"


class SQLiteViews(ViewsMixin, SQLiteTrackingRecorder):
    """The view tables in the ledger's SQLite file."""

    def create_table(self) -> None:
        """The tracking table and the view tables (see :meth:`ViewsMixin.create_views`)."""
        with self.writing() as cursor:
            for statement in self.construct_create_table_statements():
                cursor.execute(statement)
            self.create_views(cursor)


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
        dialect = "postgres"

        def __init__(self, datastore: Any, **kwargs: Any) -> None:
            super().__init__(datastore, **kwargs)
            self.prefix = f'"{self.datastore.schema}".'

        def create_table(self) -> None:
            """The tracking table and the view tables (see :meth:`ViewsMixin.create_views`;
            index names are schema-local in PostgreSQL, table names are qualified)."""
            super().create_table()
            with self.writing() as cursor:
                self.create_views(cursor)

        @property
        def tracking_table(self) -> str:
            return self.tracking_table_name

    PostgresViews.__module__ = __name__
    PostgresViews.__qualname__ = "PostgresViews"
    return PostgresViews
