"""Reading the views: keyset-paged timeline pages, search, and engagement rows.

Pages are fetched by keyset on ``position`` (``WHERE position > ? ORDER BY position LIMIT``),
never by OFFSET, so the cost of a page does not grow with how deep it is in the log; each
filter has an index that starts with its column and ends with ``position``. The rows of a page
are the stored events themselves, read by position in the same query and turned into export
lines (``formats.lines``): the views hold no copy of them. Free text goes through the search
index (``projections.search``): FTS5 on SQLite, a ``tsvector`` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent

from cec_ledger.formats.lines import to_line
from cec_ledger.projections.search import fts_query, ts_query
from cec_ledger.storage.encryption import decrypt_view_text

# A ranked search orders the newest this-many matches by relevance: ranking every match of
# a word in most events would cost hundreds of milliseconds at a million events.
RANK_WINDOW = 5000
_ENGAGEMENT_SUMMARY = (
    "eng, engagement_id, slug, name, organisation, level, status, step_reached, pathway, "
    "we_have_a_we, events, opened_on, last_occurred_on, responsibilities, capacity_index"
)

SlugOf = Callable[[UUID], str]


def engagement_key(views: Any, engagement_id: str) -> int | None:
    """An engagement's key in the views: the position of its opening event."""
    rows = views.query(
        "SELECT {event_id} AS eng FROM {events} WHERE originator_id = ? AND originator_version = 1",
        (UUID(engagement_id).hex if views.dialect == "sqlite" else engagement_id,),
    )
    return int(rows[0]["eng"]) if rows else None


def timeline_where(
    views: Any,
    *,
    engagement_id: str | None = None,
    types: Iterable[str] = (),
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    recorded_since: str | None = None,
    recorded_until: str | None = None,
    text: str | None = None,
) -> tuple[list[str], list[Any]] | None:
    """SQL conditions on ``cec_event_rows t`` (None: nothing can match)."""
    eng = None
    if engagement_id:
        eng = engagement_key(views, engagement_id)
        if eng is None:
            return None
    # Each simple filter is one comparison on one indexed column.
    simple = [
        ("t.eng = ?", eng),
        ("t.recorded_by = ?", actor),
        ("t.occurred_on >= ?", since),
        ("t.occurred_on <= ?", until),
        ("t.recorded_at >= ?", recorded_since),
        ("t.recorded_at <= ?", recorded_until),
    ]
    clauses = [clause for clause, value in simple if value]
    params: list[Any] = [value for _, value in simple if value]
    types = list(types)
    if types:
        clauses.append(f"t.type IN ({', '.join('?' * len(types))})")
        params.extend(types)
    if text and views.dialect != "sqlite":
        query = ts_query(text)
        if query is None:
            return None
        clauses.append("t.search @@ to_tsquery('simple', ?)")
        params.append(query)
    return clauses, params


def _source(views: Any, text: str | None) -> tuple[str, str, list[Any]] | None:
    """FROM clause, the position column and its parameters: on SQLite a text search is driven
    by the FTS index (its rowid is the position), else by the event rows."""
    if text and views.dialect == "sqlite":
        query = fts_query(text)
        if query is None:
            return None
        return (
            "cec_search s JOIN cec_event_rows t ON t.position = s.rowid",
            "s.rowid",
            [query],
        )
    return "{p}cec_event_rows t", "t.position", []


def _filtered(
    views: Any, filters: dict[str, Any]
) -> tuple[list[str], list[Any], str, str, list[Any]] | None:
    """The WHERE clauses and parameters of ``filters`` with the FROM clause, position column
    and source parameters they run on (an SQLite text search's MATCH first); None when no
    row can match."""
    where = timeline_where(views, **filters)
    source = _source(views, filters.get("text"))
    if where is None or source is None:
        return None
    clauses, params = where
    table, position, source_params = source
    if source_params:
        clauses.insert(0, "cec_search MATCH ?")
    return clauses, params, table, position, source_params


def timeline_rows(
    views: Any,
    mapper: Any,
    slug_of: SlugOf,
    filters: dict[str, Any],
    *,
    after: int | None = None,
    before: int | None = None,
    limit: int = 100,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """One page of timeline rows (export lines with their position)."""
    found = _filtered(views, filters)
    if found is None:
        return []
    clauses, params, table, position, source_params = found
    if after is not None:
        clauses.append(f"{position} < ?" if newest_first else f"{position} > ?")
        params.append(after)
    if before is not None:
        clauses.append(f"{position} > ?" if newest_first else f"{position} < ?")
        params.append(before)
    condition = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    order = "DESC" if newest_first else "ASC"
    rows = views.query(
        f"SELECT {position} AS position, e.originator_id, e.originator_version, e.topic, "
        f"e.state FROM {table} JOIN {{events}} e ON e.{{event_id}} = {position} "
        f"{condition}ORDER BY {position} {order} LIMIT ?",
        (*source_params, *params, limit),
    )
    return [_line(mapper, slug_of, row) for row in rows]


def ranked_positions(views: Any, filters: dict[str, Any], limit: int) -> list[int]:
    """Positions of the best matches of ``filters["text"]`` (with the other filters), most
    relevant first (then newest), among the newest :data:`RANK_WINDOW` matches."""
    newest = _positions(views, filters, newest_first=True, limit=RANK_WINDOW)
    if not newest:
        return []
    found = _filtered(views, filters)
    assert found is not None  # the same filters just found `newest`
    clauses, params, table, position, source_params = found
    clauses.append(f"{position} >= ?")
    params.append(newest[-1]["position"])
    if source_params:  # SQLite: bm25, lower is better
        rank, rank_params = "s.rank", []
    else:
        rank = "ts_rank(t.search, to_tsquery('simple', ?)) DESC"
        rank_params = [ts_query(filters["text"])]
    rows = views.query(
        f"SELECT {position} AS position FROM {table} WHERE {' AND '.join(clauses)} "
        f"ORDER BY {rank}, {position} DESC LIMIT ?",
        (*source_params, *params, *rank_params, limit),
    )
    return [row["position"] for row in rows]


def _positions(views: Any, filters: dict[str, Any], *, newest_first: bool, limit: int) -> list[Any]:
    found = _filtered(views, filters)
    if found is None:
        return []
    clauses, params, table, position, source_params = found
    condition = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    return views.query(
        f"SELECT {position} AS position FROM {table} {condition}"
        f"ORDER BY {position} {'DESC' if newest_first else 'ASC'} LIMIT ?",
        (*source_params, *params, limit),
    )


def lines_at(
    views: Any, mapper: Any, slug_of: SlugOf, positions: list[int]
) -> list[dict[str, Any]]:
    """The export lines of the events at these positions, in the order given."""
    if not positions:
        return []
    marks = ", ".join("?" * len(positions))
    rows = views.query(
        "SELECT {event_id} AS position, originator_id, originator_version, topic, state "
        f"FROM {{events}} WHERE {{event_id}} IN ({marks})",
        positions,
    )
    by_position = {row["position"]: _line(mapper, slug_of, row) for row in rows}
    return [by_position[p] for p in positions if p in by_position]


def _line(mapper: Any, slug_of: SlugOf, row: Any) -> dict[str, Any]:
    originator = row["originator_id"]
    eid = originator if isinstance(originator, UUID) else UUID(originator)
    event = mapper.to_domain_event(
        StoredEvent(
            originator_id=eid,
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
    )
    return to_line(event, slug_of(eid), row["position"])


def iter_timeline(
    views: Any, mapper: Any, slug_of: SlugOf, filters: dict[str, Any], page: int = 1000
) -> Iterator[dict[str, Any]]:
    after = None
    while True:
        rows = timeline_rows(views, mapper, slug_of, filters, after=after, limit=page)
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1]["position"]


def engagement_rows(
    views: Any, *, after: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Engagement rows in slug order (a page of them after a slug, or all)."""
    clause, params = ("WHERE slug > ? ", [after]) if after is not None else ("", [])
    bound = "LIMIT ?" if limit is not None else ""
    if limit is not None:
        params.append(limit)
    rows = views.query(
        f"SELECT {_ENGAGEMENT_SUMMARY} FROM {{p}}cec_engagement_rows {clause}ORDER BY slug {bound}",
        params,
    )
    return [_summary(views, row) for row in rows]


def _summary(views: Any, row: Any) -> dict[str, Any]:
    return {
        "id": row["engagement_id"],
        "slug": row["slug"],
        "name": _text(views, row["name"]),
        "organisation": _text(views, row["organisation"]),
        "level": _text(views, row["level"]),
        "status": row["status"],
        "step_reached": row["step_reached"],
        "pathway": orjson.loads(_text(views, row["pathway"])),
        "we_have_a_we": bool(row["we_have_a_we"]),
        "events": row["events"],
        "opened_on": row["opened_on"],
        "last_occurred_on": row["last_occurred_on"],
        "responsibilities": row["responsibilities"],
        "capacity_index": row["capacity_index"],
    }


def correction_of(views: Any, engagement_id: str, version: int) -> list[int]:
    """Versions of the corrections that correct an event (the TUI links them)."""
    eng = engagement_key(views, engagement_id)
    rows = views.query(
        "SELECT version FROM {p}cec_event_rows WHERE eng = ? AND corrects_version = ? "
        "ORDER BY position",
        (eng, version),
    )
    return [row["version"] for row in rows]


def _text(views: Any, column: str) -> str:
    """A text column as stored: decrypted when the ledger encrypts its views."""
    return decrypt_view_text(getattr(views, "cipher", None), column)
