"""A bounded window over the timeline, fed page by page through ``Ledger.timeline_page``.

The TUI never holds the log: at most ``max_pages`` pages of rows are kept; scrolling past
either edge fetches the next page by keyset (log position) and drops the farthest one, the
way Toolong keeps only what is near the screen. ``timeline_page`` is the only way rows are
fetched, so an indexed projection behind it speeds the TUI up without changes here.

Paging backwards uses the *opposite* order with ``after`` (rows nearest the cursor first)
and reverses the result, rather than ``before``: that keeps one well-defined cursor kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Filters:
    """What the timeline shows: the facade's ``timeline_page`` filters, all of them."""

    types: tuple[str, ...] = ()
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    recorded_since: str | None = None
    recorded_until: str | None = None

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    def describe(self) -> str:
        """A short line for the status bar ('' when nothing is filtered)."""
        parts = []
        if self.types:
            parts.append("type=" + ",".join(self.types))
        if self.actor:
            parts.append(f"by={self.actor}")
        if self.since or self.until:
            parts.append(f"occurred {self.since or '…'}..{self.until or '…'}")
        if self.recorded_since or self.recorded_until:
            parts.append(f"recorded {self.recorded_since or '…'}..{self.recorded_until or '…'}")
        if self.text:
            parts.append(f"/{self.text}")
        return "  ".join(parts)


@dataclass
class TimelineWindow:
    """The rows on or near the screen, in display order, with whether more lie either side."""

    ledger: Any
    engagement: str | None = None
    filters: Filters = field(default_factory=Filters)
    newest_first: bool = False
    page_size: int = 100
    max_pages: int = 3
    rows: list[Row] = field(default_factory=list)
    more_after: bool = False
    more_before: bool = False

    # ------------------------------------------------------------------ fetching
    def _fetch(
        self, *, after: int | None, reverse: bool, limit: int | None = None
    ) -> tuple[list[Row], bool]:
        """One page after ``after`` in display order (or, with ``reverse``, the page before it,
        nearest first). Returns (rows, more)."""
        f = self.filters
        page = self.ledger.timeline_page(
            self.engagement,
            types=f.types,
            actor=f.actor,
            since=f.since,
            until=f.until,
            text=f.text,
            recorded_since=f.recorded_since,
            recorded_until=f.recorded_until,
            after=after,
            limit=limit or self.page_size,
            newest_first=self.newest_first != reverse,
        )
        return list(page["rows"]), bool(page["more"])

    # ------------------------------------------------------------------ loading
    def load_start(self) -> None:
        """The first page in display order (the top of the timeline)."""
        self.rows, self.more_after = self._fetch(after=None, reverse=False)
        self.more_before = False

    def load_end(self) -> None:
        """The last page in display order, fetched directly (no walk through the log)."""
        rows, self.more_before = self._fetch(after=None, reverse=True)
        self.rows = rows[::-1]
        self.more_after = False

    def load_at(self, position: int) -> int:
        """A window starting at ``position`` (inclusive), with a page of context above it.
        Returns the index of the first row at or past ``position``."""
        start = position - 1 if not self.newest_first else position + 1
        self.rows, self.more_after = self._fetch(after=start, reverse=False)
        self.more_before = True
        added = self.extend_backward() if self.rows else 0
        if not self.rows:
            self.load_end()
            return max(0, len(self.rows) - 1)
        return added

    def extend_forward(self) -> int:
        """Append the next page; returns how many rows were dropped from the top."""
        if not self.rows or not self.more_after:
            return 0
        rows, self.more_after = self._fetch(after=self.rows[-1]["position"], reverse=False)
        self.rows.extend(rows)
        dropped = max(0, len(self.rows) - self.page_size * self.max_pages)
        if dropped:
            del self.rows[:dropped]
            self.more_before = True
        return dropped

    def extend_backward(self) -> int:
        """Prepend the previous page; returns how many rows were added at the top."""
        if not self.rows or not self.more_before:
            return 0
        rows, self.more_before = self._fetch(after=self.rows[0]["position"], reverse=True)
        rows.reverse()
        self.rows[:0] = rows
        excess = len(self.rows) - self.page_size * self.max_pages
        if excess > 0:
            del self.rows[-excess:]
            self.more_after = True
        return len(rows)

    # ------------------------------------------------------------------ finding
    def position_of_date(self, day: str, *, recorded: bool = False) -> int | None:
        """Where 'jump to date' lands: the first event in display order on or after ``day``
        (oldest first) or on or before it (newest first). Occurred dates, unless ``recorded``."""
        if recorded:
            probe = self.filters.with_(
                recorded_since=None if self.newest_first else day,
                recorded_until=day if self.newest_first else None,
            )
        else:
            probe = self.filters.with_(
                since=None if self.newest_first else day,
                until=day if self.newest_first else None,
            )
        finder = TimelineWindow(
            self.ledger, self.engagement, probe, self.newest_first, page_size=self.page_size
        )
        rows, _ = finder._fetch(after=None, reverse=False, limit=1)
        return rows[0]["position"] if rows else None

    def position_of_version(
        self, engagement: str, version: int, event_type: str, before: int
    ) -> int | None:
        """The log position of ``engagement``'s event #version, searched backwards from
        position ``before`` among events of its type only (versions grow with position)."""
        cursor: int | None = before
        while True:
            page = self.ledger.timeline_page(
                engagement,
                types=(event_type,),
                after=cursor,
                limit=self.page_size,
                newest_first=True,
            )
            for row in page["rows"]:
                if row["version"] == version:
                    return int(row["position"])
                if row["version"] < version:
                    return None
            if not page["more"] or not page["rows"]:
                return None
            cursor = page["rows"][-1]["position"]

    def corrections(self) -> dict[tuple[str, int], list[dict[str, Any]]]:
        """Every correction in this timeline's engagement(s), by the event it corrects:
        ``(slug, version) -> [{version, reason, corrected_fields, on}]``. Corrections are few,
        and fetched through ``timeline_page`` like everything else."""
        found: dict[tuple[str, int], list[dict[str, Any]]] = {}
        cursor: int | None = None
        while True:
            page = self.ledger.timeline_page(
                self.engagement, types=("EventCorrected",), after=cursor, limit=500
            )
            for row in page["rows"]:
                data = row["data"]
                found.setdefault((row["engagement"], data["corrects_version"]), []).append(
                    {
                        "version": row["version"],
                        "reason": data["reason"],
                        "corrected_fields": data["corrected_fields"],
                        "on": row["occurred_on"],
                    }
                )
            if not page["more"] or not page["rows"]:
                return found
            cursor = page["rows"][-1]["position"]

    def index_of(self, position: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row["position"] == position:
                return i
        return None
