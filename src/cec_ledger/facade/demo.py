"""``cec-ledger demo``: create a ledger and import the packaged demo export into it.

The demo is data, not code: ``cec_ledger/data/demo.jsonl`` is the export of the story that
``scripts/demo_story.py`` records event by event with a fixed clock (a test checks that the
script still reproduces it byte for byte). Loading it goes through the ordinary import, so it
is fast, needs no plugin, and the loaded ledger exports exactly the packaged bytes.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from cec_ledger.domain.errors import RuleViolation
from cec_ledger.facade.ledger import Ledger
from cec_ledger.storage.files import remove_sqlite, stored_originators
from cec_ledger.storage.location import parse_ledger_url

DEMO_SLUG = "maple-ridge"


def demo_jsonl() -> Traversable:
    """The packaged demo export (237 events, two engagements)."""
    return files("cec_ledger") / "data" / "demo.jsonl"


def load_demo(url: str | None, *, actor: str | None, fresh: bool) -> dict[str, Any]:
    """Create the ledger at ``url`` if needed and import the demo into it.

    ``fresh`` first deletes an SQLite ledger file with its -wal/-shm companions, but only
    an empty one or one holding nothing but the demo's engagements (anything else is
    refused, nothing deleted); it cannot empty a PostgreSQL ledger. A ledger that already
    holds the demo engagement is refused.
    Returns where the ledger is, how many events were written and the demo engagement's slug.
    """
    location = parse_ledger_url(url)
    if fresh and location.backend == "sqlite":
        assert location.path is not None
        if location.path.is_file():  # a directory is not ours to delete: open reports it
            check_only_the_demo(location.path)
            remove_sqlite(location.path)
    with Ledger.open(url, actor=actor, create=True) as ledger:
        if ledger.app.has_engagement(DEMO_SLUG):
            raise RuleViolation(_already_loaded(location.display, location.backend, fresh))
        with demo_jsonl().open("rb") as handle:
            report = ledger.import_lines(handle)
    return {"ledger": location.display, "events": report["written"], "engagement": DEMO_SLUG}


@functools.cache
def demo_openings() -> dict[str, dict[str, Any]]:
    """The demo's engagements by id (32 hex digits): each one's EngagementOpened line."""
    openings = {}
    with demo_jsonl().open("rb") as handle:
        for raw in handle:
            line = orjson.loads(raw)
            if line["version"] == 1:
                openings[line["engagement_id"].replace("-", "")] = _comparable(line)
    return openings


def _comparable(line: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "engagement", "type", "occurred_on", "recorded_at", "recorded_by", "data")
    return {k: line.get(k) for k in keys}


def check_only_the_demo(path: Path) -> None:
    """Refuse (one line, nothing deleted) to let ``--fresh`` delete a file that is not empty
    and holds anything but the demo's engagements: another ledger, or not a ledger. An
    engagement is the demo's when its EngagementOpened is the demo's, recorded time and
    all (an engagement of one's own named maple-ridge is not)."""
    held = stored_originators(path)
    keep = "demo --fresh deletes only an empty ledger or one holding just the demo"
    if held is None:
        raise RuleViolation(
            f"{path} is not a cec-ledger ledger; {keep}: nothing was deleted "
            "(give another --ledger)"
        )
    openings = demo_openings()
    others = held - set(openings)
    if not others and held:
        with Ledger.open(str(path), read_only=True) as ledger:
            for eid in sorted(held):
                first = ledger.events(str(UUID(eid)))[0]
                if _comparable(first) != openings[eid]:
                    others.add(eid)
    if others:
        what = "an engagement" if len(others) == 1 else f"{len(others)} engagements"
        raise RuleViolation(
            f"{path} holds {what} besides the demo's; {keep}: nothing was deleted "
            "(give another --ledger, or delete the file yourself)"
        )


def _already_loaded(where: str, backend: str, fresh: bool) -> str:
    held = f"{where} already holds the demo engagement {DEMO_SLUG!r}"
    if backend == "postgres" and fresh:
        return (
            f"{held}; --fresh deletes SQLite files only and cannot empty a PostgreSQL ledger: "
            "use another database or ?schema=, nothing was written"
        )
    return f"{held}; use --fresh (SQLite) or another --ledger"
