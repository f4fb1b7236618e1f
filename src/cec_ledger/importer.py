"""``import``: read a JSONL export, check every line, then write all of it or nothing.

Every line is parsed and typed against its event class; every event is replayed through the
same domain rules (and plugin rules) that guarded it when it was first recorded, with its
original timestamp and recorder. Events already in the ledger are skipped when identical
(so importing the same file twice is a no-op) and refused when they differ. Only when the
whole file holds are all new events saved, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson

from cec_ledger.domain.engagement import Engagement, engagement_id
from cec_ledger.domain.errors import DomainError, InvalidValue
from cec_ledger.domain.events import EVENT_TYPES, LedgerEvent, payload_fields
from cec_ledger.domain.typed import coerce, field_types

LINE_KEYS = {
    "id",
    "engagement_id",
    "engagement",
    "version",
    "type",
    "occurred_on",
    "recorded_at",
    "recorded_by",
    "data",
}


@dataclass
class ImportReport:
    """What an import did."""

    lines: int = 0
    written: int = 0
    skipped: int = 0
    engagements: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "written": self.written,
            "skipped": self.skipped,
            "engagements": sorted(self.engagements),
        }


@dataclass
class ParsedEvent:
    line: int
    engagement: UUID
    slug: str
    version: int
    event_type: str
    fields: dict[str, Any]
    recorded_by: str
    timestamp: Any
    event_id: UUID


def parse_line(raw: bytes | str, number: int) -> ParsedEvent | None:
    """Type one JSONL line or raise InvalidValue('line N: ...'). Blank lines are skipped."""
    from cec_ledger.ledger import event_id

    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidValue(f"line {number}: not valid UTF-8") from None
    if not raw.strip():
        return None
    try:
        row = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise InvalidValue(f"line {number}: not JSON ({error})") from None
    if not isinstance(row, dict):
        raise InvalidValue(f"line {number}: expected a JSON object")
    missing = sorted(LINE_KEYS - set(row) - {"engagement"})
    if missing:
        raise InvalidValue(f"line {number}: missing {', '.join(missing)}")
    extra = sorted(set(row) - LINE_KEYS - {"position"})
    if extra:
        raise InvalidValue(f"line {number}: unknown key {', '.join(extra)}")
    event_type = row["type"]
    if event_type not in EVENT_TYPES:
        raise InvalidValue(f"line {number}: unknown event type {event_type!r}")
    try:
        eid = coerce(UUID, row["engagement_id"], "engagement_id")
        version = coerce(int, row["version"], "version")
        if version < 1:
            raise InvalidValue(f"version must be >= 1, got {version}")
        timestamp = coerce(datetime, row["recorded_at"], "recorded_at")
        recorded_by = coerce(str, row["recorded_by"], "recorded_by")
        data = row["data"]
        if not isinstance(data, dict):
            raise InvalidValue("data must be an object")
        hints = field_types(EVENT_TYPES[event_type])
        names = [n for n in payload_fields(event_type) if n not in ("occurred_on", "recorded_by")]
        absent = [n for n in names if n not in data]
        if absent:
            raise InvalidValue(f"{event_type} data is missing {', '.join(absent)}")
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise InvalidValue(f"{event_type} has no field {', '.join(unknown)}")
        fields = {n: coerce(hints[n], data[n], n) for n in names}
        fields["occurred_on"] = coerce(hints["occurred_on"], row["occurred_on"], "occurred_on")
        wanted_id = event_id(eid, version)
        if str(wanted_id) != str(row["id"]):
            raise InvalidValue(f"id {row['id']!r} does not match engagement and version")
        if event_type == "EngagementOpened":
            if version != 1:
                raise InvalidValue("EngagementOpened must be version 1")
            if engagement_id(fields["slug"]) != eid:
                raise InvalidValue(f"engagement_id does not match slug {fields['slug']!r}")
    except InvalidValue as error:
        raise InvalidValue(f"line {number}: {error}") from None
    return ParsedEvent(
        number,
        eid,
        str(row.get("engagement") or ""),
        version,
        event_type,
        fields,
        recorded_by,
        timestamp,
        wanted_id,
    )


def import_lines(
    app: Any,
    lines: Iterable[bytes | str],
    *,
    today: Any,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every line, then save all new events in one transaction (or raise, writing nothing)."""
    report = ImportReport()
    aggregates: dict[UUID, Engagement | None] = {}
    existing: dict[UUID, list[LedgerEvent]] = {}
    for number, raw in enumerate(lines, start=1):
        report.lines = number
        if progress:
            progress(number)
        parsed = parse_line(raw, number)
        if parsed is None:
            continue
        try:
            _apply(app, parsed, aggregates, existing, today, report)
        except DomainError as error:
            message = str(error)
            if not message.startswith("line "):
                message = f"line {number} ({parsed.event_type} v{parsed.version}): {message}"
            raise type(error)(message) from None
    pending = [a for a in aggregates.values() if a is not None and a.pending_events]
    if pending:
        report.written = sum(len(a.pending_events) for a in pending)
        app.save(*pending)
    return report


def _apply(
    app: Any,
    parsed: ParsedEvent,
    aggregates: dict[UUID, Engagement | None],
    existing: dict[UUID, list[LedgerEvent]],
    today: Any,
    report: ImportReport,
) -> None:
    eid = parsed.engagement
    if eid not in existing:
        existing[eid] = list(app.events.get(eid))
        aggregates[eid] = app.repository.get(eid) if existing[eid] else None
    stored = existing[eid]
    if parsed.version <= len(stored):
        _same_as_stored(stored[parsed.version - 1], parsed)
        report.skipped += 1
        return
    aggregate = aggregates[eid]
    expected = aggregate.version + 1 if aggregate is not None else 1
    if parsed.version != expected:
        raise InvalidValue(
            f"line {parsed.line}: expected version {expected} of this engagement, "
            f"got {parsed.version} (lines must be in log order)"
        )
    if app.validator:
        from cec_ledger.domain.state import EngagementState

        app.validator(
            parsed.event_type, parsed.fields, aggregate.state if aggregate else EngagementState()
        )
    if aggregate is None:
        aggregates[eid] = Engagement.open(
            parsed.fields, recorded_by=parsed.recorded_by, today=today, timestamp=parsed.timestamp
        )
    else:
        aggregate.record(
            parsed.event_type,
            parsed.fields,
            recorded_by=parsed.recorded_by,
            today=today,
            timestamp=parsed.timestamp,
        )
    report.engagements.add(aggregates[eid].state.slug)  # type: ignore[union-attr]


def _same_as_stored(event: LedgerEvent, parsed: ParsedEvent) -> None:
    differences = []
    if type(event).__name__ != parsed.event_type:
        differences.append("type")
    if event.timestamp != parsed.timestamp:
        differences.append("recorded_at")
    if event.recorded_by != parsed.recorded_by:
        differences.append("recorded_by")
    for name, value in parsed.fields.items():
        if getattr(event, name) != value:
            differences.append(name)
    if differences:
        raise InvalidValue(
            f"line {parsed.line}: event {parsed.event_id} is already in the ledger with a "
            f"different {', '.join(differences)}; refusing to overwrite history"
        )
