"""Reading the views: keyset-paged timeline rows and engagement summaries.

Pages are fetched by keyset on ``position`` (``WHERE position > ? ORDER BY position LIMIT``),
never by OFFSET, so the cost of a page does not grow with how deep it is in the log; each
filter has an index that starts with its column and ends with ``position``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from cec_ledger.storage.encryption import decrypt_view_text


def timeline_where(
    *,
    engagement_id: str | None = None,
    types: Iterable[str] = (),
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    recorded_since: str | None = None,
    recorded_until: str | None = None,
    text: str | None = None,
) -> tuple[list[str], list[Any]]:
    # Each simple filter is one comparison on one indexed column.
    simple = [
        ("engagement_id = ?", engagement_id),
        ("recorded_by = ?", actor),
        ("occurred_on >= ?", since),
        ("occurred_on <= ?", until),
        ("recorded_at >= ?", recorded_since),
        ("recorded_at <= ?", recorded_until),
    ]
    clauses = [clause for clause, value in simple if value]
    params: list[Any] = [value for _, value in simple if value]
    types = list(types)
    if types:
        clauses.append(f"type IN ({', '.join('?' * len(types))})")
        params.extend(types)
    if text:
        escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("search_text LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return clauses, params


def timeline_rows(
    views: Any,
    filters: dict[str, Any],
    *,
    after: int | None = None,
    before: int | None = None,
    limit: int = 100,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """One page of timeline rows (event dicts with their position)."""
    clauses, params = timeline_where(**filters)
    if after is not None:
        clauses.append("position < ?" if newest_first else "position > ?")
        params.append(after)
    if before is not None:
        clauses.append("position > ?" if newest_first else "position < ?")
        params.append(before)
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    order = "DESC" if newest_first else "ASC"
    rows = views.query(
        f"SELECT row_json FROM {{p}}cec_timeline {where}ORDER BY position {order} LIMIT ?",
        (*params, limit),
    )
    return [orjson.loads(_text(views, row["row_json"])) for row in rows]


def iter_timeline(
    views: Any, filters: dict[str, Any], page: int = 1000
) -> Iterator[dict[str, Any]]:
    after = None
    while True:
        rows = timeline_rows(views, filters, after=after, limit=page)
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1]["position"]


def count_timeline(views: Any, filters: dict[str, Any]) -> int:
    clauses, params = timeline_where(**filters)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = views.query(f"SELECT COUNT(*) AS n FROM {{p}}cec_timeline {where}", params)
    return int(rows[0]["n"])


def engagement_summaries(views: Any) -> list[dict[str, Any]]:
    rows = views.query(
        "SELECT engagement_id, slug, name, status, step_reached, events, last_occurred_on, "
        "capacity_index, state_json FROM {p}cec_engagements ORDER BY slug"
    )
    out = []
    for row in rows:
        state = orjson.loads(_text(views, row["state_json"]))
        out.append(
            {
                "id": row["engagement_id"],
                "slug": row["slug"],
                "name": state["name"],
                "organisation": state["organisation"],
                "level": state["level"],
                "status": row["status"],
                "step_reached": row["step_reached"],
                "pathway": state["pathway"],
                "we_have_a_we": state["we_have_a_we"],
                "events": row["events"],
                "opened_on": state["opened_on"],
                "last_occurred_on": row["last_occurred_on"],
                "responsibilities": len(state["responsibilities"]),
                "capacity_index": row["capacity_index"],
            }
        )
    return out


def engagement_state(views: Any, engagement_id: str) -> dict[str, Any] | None:
    rows = views.query(
        "SELECT state_json FROM {p}cec_engagements WHERE engagement_id = ?", (engagement_id,)
    )
    return orjson.loads(_text(views, rows[0]["state_json"])) if rows else None


def correction_of(views: Any, engagement_id: str, version: int) -> list[int]:
    """Versions of the corrections that correct an event (the TUI links them)."""
    rows = views.query(
        "SELECT version FROM {p}cec_timeline WHERE engagement_id = ? AND corrects_version = ? "
        "ORDER BY position",
        (engagement_id, version),
    )
    return [row["version"] for row in rows]


def _text(views: Any, column: str) -> str:
    """A JSON column as text: decrypted when the ledger encrypts its views."""
    return decrypt_view_text(getattr(views, "cipher", None), column)
