"""``cec-ledger demo``: create a ledger and import the packaged demo export into it.

The demo is data, not code: ``cec_ledger/data/demo.jsonl`` is the export of the story that
``scripts/demo_story.py`` records event by event with a fixed clock (a test checks that the
script still reproduces it byte for byte). Loading it goes through the ordinary import, so it
is fast, needs no plugin, and the loaded ledger exports exactly the packaged bytes.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from cec_ledger.domain.errors import RuleViolation
from cec_ledger.facade.ledger import Ledger
from cec_ledger.storage.files import remove_sqlite
from cec_ledger.storage.location import parse_ledger_url

DEMO_SLUG = "maple-ridge"


def demo_jsonl() -> Traversable:
    """The packaged demo export (237 events, two engagements)."""
    return files("cec_ledger") / "data" / "demo.jsonl"


def load_demo(url: str | None, *, actor: str | None, fresh: bool) -> dict[str, Any]:
    """Create the ledger at ``url`` if needed and import the demo into it.

    ``fresh`` first deletes an SQLite ledger file with its -wal/-shm companions; it cannot
    empty a PostgreSQL ledger. A ledger that already holds the demo engagement is refused.
    Returns where the ledger is, how many events were written and the demo engagement's slug.
    """
    location = parse_ledger_url(url)
    if fresh and location.backend == "sqlite":
        assert location.path is not None
        if not location.path.is_dir():  # a directory is not ours to delete: open reports it
            remove_sqlite(location.path)
    with Ledger.open(url, actor=actor, create=True) as ledger:
        if ledger.app.has_engagement(DEMO_SLUG):
            raise RuleViolation(_already_loaded(location.display, location.backend, fresh))
        with demo_jsonl().open("rb") as handle:
            report = ledger.import_lines(handle)
    return {"ledger": location.display, "events": report["written"], "engagement": DEMO_SLUG}


def _already_loaded(where: str, backend: str, fresh: bool) -> str:
    held = f"{where} already holds the demo engagement {DEMO_SLUG!r}"
    if backend == "postgres" and fresh:
        return (
            f"{held}; --fresh deletes SQLite files only and cannot empty a PostgreSQL ledger: "
            "use another database or ?schema=, nothing was written"
        )
    return f"{held}; use --fresh (SQLite) or another --ledger"
