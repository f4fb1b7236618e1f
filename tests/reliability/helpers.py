"""Helpers shared by the reliability tests: raw reads of the stored events, view checks."""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from uuid import UUID

from cec_ledger.facade.ledger import Ledger


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql://")


def schema_of(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query))["schema"]


def raw_rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Run one read query on the ledger's own storage, outside the application.

    ``stored_events`` is the SQLite table name; on PostgreSQL it becomes the schema's
    ``cec_ledger_events`` table.
    """
    if is_postgres(url):
        from tests.conftest import connect

        with connect(url) as conn:
            conn.execute(f'SET search_path TO "{schema_of(url)}"')
            statement = sql.replace("stored_events", "cec_ledger_events").replace(
                "rowid", "notification_id"
            )
            return [tuple(r) for r in conn.execute(statement).fetchall()]
    with sqlite3.connect(f"file:{url}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def stream_versions(url: str) -> dict[str, list[int]]:
    """originator id -> its stored versions, in order."""
    versions: dict[str, list[int]] = {}
    for originator, version in raw_rows(
        url, "SELECT originator_id, originator_version FROM stored_events ORDER BY rowid"
    ):
        versions.setdefault(str(UUID(str(originator))), []).append(version)
    return versions


def views_match_rebuild(url: str) -> None:
    """The timeline and engagement views now equal what a full rebuild produces."""
    from cec_ledger.facade.audit import rebuild

    def snapshot(ledger: Ledger) -> tuple[list[Any], list[Any]]:
        views = ledger.views
        timeline = [
            tuple(r.values()) if isinstance(r, dict) else tuple(r)
            for r in views.query("SELECT * FROM {p}cec_timeline ORDER BY position")
        ]
        engagements = [
            tuple(r.values()) if isinstance(r, dict) else tuple(r)
            for r in views.query("SELECT * FROM {p}cec_engagements ORDER BY engagement_id")
        ]
        return timeline, engagements

    with Ledger.open(url) as ledger:
        before = snapshot(ledger)
        rebuild(ledger)
        after = snapshot(ledger)
    assert before[0] == after[0], "timeline view differs from a rebuild"
    assert before[1] == after[1], (
        f"engagement view differs from a rebuild: {_first_difference(before[1], after[1])}"
    )
    assert len(before[0]) > 0


def _first_difference(left: list[Any], right: list[Any]) -> str:
    import orjson

    for a, b in zip(left, right, strict=False):
        if a != b:
            for x, y in zip(a, b, strict=False):
                if x != y:
                    if isinstance(x, str) and x.startswith("{"):
                        xa, ya = orjson.loads(x), orjson.loads(y)
                        keys = [k for k in xa if xa.get(k) != ya.get(k)]
                        return f"state keys {keys}: {[xa[k] for k in keys]} vs {[ya[k] for k in keys]}"[
                            :2000
                        ]
                    return f"{x!r} vs {y!r}"
    return f"{len(left)} rows vs {len(right)}"
