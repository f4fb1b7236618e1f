"""The export line: one event as plain JSON, the format auditors read.

This module is the one definition of that format. ``export`` writes it, ``import`` reads it,
``timeline --json`` prints it, the projector stores it as the timeline row, and
``formats.schema`` describes it. A line is::

    {"id": ..., "engagement_id": ..., "engagement": slug, "version": n, "type": "...",
     "occurred_on": "YYYY-MM-DD", "recorded_at": ISO timestamp, "recorded_by": "...",
     "data": {the event's own fields}, "position": n}

``position`` (the event's place in the whole ledger's log) is written by ``export`` and
ignored on import. ``id`` is ``uuid5(engagement_id, "v<version>")``: the same event keeps its
id through any number of exports and imports. Imports only the domain.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from uuid import UUID, uuid5

import orjson

from cec_ledger.domain.engagement import engagement_id
from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.events import EVENT_TYPES, stored_fields
from cec_ledger.domain.typed import coerce, exact_json_types, field_types, json_passthrough

# The keys of a line, in the order they are written, and what each means (the schema's
# descriptions come from here).
LINE_KEYS: dict[str, str] = {
    "id": "uuid5(engagement_id, 'v<version>'): stable across export/import",
    "engagement_id": "The engagement's id (uuid5 of its slug)",
    "engagement": "The engagement's slug",
    "version": "Position of the event in its engagement's stream",
    "type": "The event type",
    "occurred_on": "When it happened (given by the user)",
    "recorded_at": "When it was recorded (set by the system)",
    "recorded_by": "Who recorded it",
    "data": "The event's own fields",
}
# Written by export only; ignored on import.
POSITION_KEY = "position"
POSITION_DESCRIPTION = "Position in the whole ledger's log (export only)"
# Keys a line may leave out (the slug is derived from the engagement's opening event).
OPTIONAL_KEYS = frozenset({"engagement", POSITION_KEY})
# The key of the first line of an export written with ``export --unverified`` (from a ledger
# whose hash chain failed verification): not an event, so ``import`` refuses the file unless
# told to accept it, and versions that predate the marker refuse it too.
UNVERIFIED_KEY = "cec_ledger_unverified_export"
# Envelope fields of every event that are not in ``data``.
ENVELOPE_FIELDS = ("occurred_on", "recorded_by")


def event_id(engagement: UUID, version: int) -> UUID:
    """A stable id for an event: the same event exported and imported keeps its id."""
    return uuid5(engagement, f"v{version}")


def plain(value: Any) -> Any:
    """JSON-ready plain values: ISO dates, decimals as strings, ids as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Plain notation, never an exponent: an epoch-1 "1E+2" is written "100".
        return f"{value:f}"
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@functools.cache
def data_fields(event_type: str) -> tuple[str, ...]:
    """The fields of ``data`` for an event type, in the order they are written."""
    return tuple(n for n in stored_fields(event_type) if n not in ENVELOPE_FIELDS)


@functools.cache
def _writers(cls: type) -> tuple[tuple[str, bool], ...]:
    """(field, needs plain()) per data field: pass-through fields are taken as they are."""
    hints = field_types(cls)
    return tuple((name, not json_passthrough(hints[name])) for name in data_fields(cls.__name__))


def to_line(event: Any, slug: str, position: int | None = None) -> dict[str, Any]:
    """One event as a line (plain values)."""
    cls = type(event)
    state = event.__dict__
    line = {
        "id": str(event_id(event.originator_id, event.originator_version)),
        "engagement_id": str(event.originator_id),
        "engagement": slug,
        "version": event.originator_version,
        "type": cls.__name__,
        "occurred_on": event.occurred_on.isoformat(),
        "recorded_at": event.timestamp.isoformat(),
        "recorded_by": event.recorded_by,
        "data": {
            name: plain(state[name]) if convert else state[name] for name, convert in _writers(cls)
        },
    }
    if position is not None:
        line[POSITION_KEY] = position
    return line


def dumps_line(line: dict[str, Any]) -> bytes:
    """A line as bytes, newline-terminated (key order as built: the export's byte format)."""
    return orjson.dumps(line) + b"\n"


def write_lines(lines: Iterable[dict[str, Any]], target: Path | None, out: IO[bytes]) -> int:
    """Write lines to ``target`` atomically (beside it, then renamed: a crash never leaves a
    half-written file), or to ``out`` when no target is given. Returns how many."""
    if target is None:
        count = 0
        for line in lines:
            out.write(dumps_line(line))
            count += 1
        out.flush()
        return count
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    count = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for line in lines:
                handle.write(dumps_line(line))
                count += 1
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


@dataclass
class ParsedLine:
    """A line typed against its event class, ready to be replayed through the rules."""

    line: int
    engagement: UUID
    slug: str
    version: int
    event_type: str
    fields: dict[str, Any]
    recorded_by: str
    timestamp: datetime
    event_id: UUID


def from_line(raw: bytes | str, number: int) -> ParsedLine | None:
    """Type one JSONL line or raise InvalidValue('line N: ...'). Blank lines give None."""
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
        # orjson's own words ("unexpected character...") are not for users: say where.
        raise InvalidValue(
            f"line {number}: not valid JSON (at character {error.pos + 1} of the line)"
        ) from None
    if not isinstance(row, dict):
        raise InvalidValue(f"line {number}: expected a JSON object")
    missing = [key for key in LINE_KEYS if key not in row and key not in OPTIONAL_KEYS]
    if missing:
        raise InvalidValue(f"line {number}: missing {', '.join(sorted(missing))}")
    extra = sorted(set(row) - set(LINE_KEYS) - {POSITION_KEY})
    if extra:
        raise InvalidValue(f"line {number}: unknown key {', '.join(extra)}")
    event_type = row["type"]
    if not isinstance(event_type, str) or event_type not in EVENT_TYPES:
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
        names, name_set, readers = _readers(event_type)
        if not name_set.issubset(data):
            data = _upcast_older_line(event_type, data, name_set)
        if len(data) != len(names) or not name_set.issuperset(data):
            absent = [n for n in names if n not in data]
            if absent:
                raise InvalidValue(f"{event_type} data is missing {', '.join(absent)}")
            unknown = sorted(set(data) - name_set)
            raise InvalidValue(f"{event_type} has no field {', '.join(unknown)}")
        fields = {n: read(data[n], n) for n, read in readers}
        fields["occurred_on"] = coerce(
            field_types(EVENT_TYPES[event_type])["occurred_on"], row["occurred_on"], "occurred_on"
        )
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
    return ParsedLine(
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


def _upcast_older_line(
    event_type: str, data: dict[str, Any], names: frozenset[str]
) -> dict[str, Any]:
    """A line exported before its event class moved to a newer version lacks the newer
    fields: run the class's own upcasters (the ones that upgrade stored events on read) from
    version 1, and keep the result only if it now has every field."""
    cls = EVENT_TYPES[event_type]
    current = getattr(cls, "class_version", 1)
    if current == 1:
        return data
    upgraded = dict(data)
    for version in range(1, current):
        getattr(cls, f"upcast_v{version}_v{version + 1}")(upgraded)
    return upgraded if names.issubset(upgraded) else data


Reader = Callable[[Any, str], Any]


@functools.cache
def _readers(
    event_type: str,
) -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, Reader], ...]]:
    """Per event type, once: its data fields and a reader per field (see :func:`_reader`)."""
    hints = field_types(EVENT_TYPES[event_type])
    names = data_fields(event_type)
    return names, frozenset(names), tuple((n, _reader(hints[n])) for n in names)


def _reader(hint: Any) -> Reader:
    """``coerce(hint, value, path)`` with a fast path for values already of the plain JSON
    type a pass-through hint wants: those come back as they are, equal to what ``coerce``
    returns; anything else goes through ``coerce`` itself, so every conversion and every
    error message is the same."""
    exact = exact_json_types(hint)
    if exact is not None:

        def scalar(value: Any, path: str) -> Any:
            return value if type(value) in exact else coerce(hint, value, path)

        return scalar
    if json_passthrough(hint):
        item_types = exact_json_types(_item_hint(hint))
        if item_types is not None:
            container = list if _is_list(hint) else dict

            def collection(value: Any, path: str) -> Any:
                if type(value) is container:
                    items = value if container is list else value.values()
                    if all(type(item) in item_types for item in items):
                        return value
                return coerce(hint, value, path)

            return collection
    return functools.partial(_coerce, hint)


def _is_list(hint: Any) -> bool:
    return getattr(hint, "__origin__", None) is list


def _item_hint(hint: Any) -> Any:
    args = getattr(hint, "__args__", ())
    if getattr(hint, "__origin__", None) in (list, dict) and args:
        return args[-1]
    return None


def _coerce(hint: Any, value: Any, path: str) -> Any:
    return coerce(hint, value, path)
