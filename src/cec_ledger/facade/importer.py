"""``import``: read a JSONL export, check every line, then write all of it or nothing.

Every line is parsed and typed against its event class; every event is replayed through the
same domain rules (and plugin rules) that guarded it when it was first recorded, with its
original timestamp and recorder. Events already in the ledger are skipped when identical
(so importing the same file twice is a no-op) and refused when they differ. Only when the
whole file holds are all new events saved, in one transaction.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, get_args, get_origin
from uuid import UUID

import orjson

from cec_ledger.domain.engagement import Engagement, engagement_id
from cec_ledger.domain.errors import DomainError, InvalidValue
from cec_ledger.domain.events import EVENT_TYPES, EngagementEvent, payload_fields
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
    from cec_ledger.facade.ledger import event_id

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
        names, name_set, coercers = _line_plan(event_type)
        if not name_set.issubset(data):
            data = _upcast_older_line(event_type, data, name_set)
        if len(data) != len(names) or not name_set.issuperset(data):
            absent = [n for n in names if n not in data]
            if absent:
                raise InvalidValue(f"{event_type} data is missing {', '.join(absent)}")
            unknown = sorted(set(data) - name_set)
            raise InvalidValue(f"{event_type} has no field {', '.join(unknown)}")
        fields = {n: convert(data[n], n) for n, convert in coercers}
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


@functools.cache
def _line_plan(
    event_type: str,
) -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, Callable[[Any, str], Any]], ...]]:
    """Per event type, once: its data fields and a coercer per field (see :func:`_coercer`)."""
    hints = field_types(EVENT_TYPES[event_type])
    names = tuple(n for n in payload_fields(event_type) if n not in ("occurred_on", "recorded_by"))
    return names, frozenset(names), tuple((n, _coercer(hints[n])) for n in names)


def _coercer(hint: Any) -> Callable[[Any, str], Any]:
    """``coerce(hint, value, path)`` with a fast path for values already of the plain JSON
    type the hint wants (text, whole numbers, lists or objects of text...): those come back
    as they are, equal to what ``coerce`` returns; anything else goes through ``coerce``
    itself, so every conversion and every error message is the same."""
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is list:
        items = _scalar_types(args[0])
        if items is not None:

            def list_of(value: Any, path: str) -> Any:
                if type(value) is list and all(type(item) in items for item in value):
                    return value
                return coerce(hint, value, path)

            return list_of
    elif origin is dict:
        values = _scalar_types(args[1]) if args[0] is str else None
        if values is not None:

            def dict_of(value: Any, path: str) -> Any:
                if type(value) is dict and all(type(item) in values for item in value.values()):
                    return value
                return coerce(hint, value, path)

            return dict_of
    else:
        exact = _scalar_types(hint)
        if exact is not None:

            def scalar(value: Any, path: str) -> Any:
                if type(value) in exact:
                    return value
                return coerce(hint, value, path)

            return scalar
    return functools.partial(_coerce, hint)


def _coerce(hint: Any, value: Any, path: str) -> Any:
    return coerce(hint, value, path)


def _scalar_types(hint: Any) -> tuple[type, ...] | None:
    """The exact JSON types a scalar hint keeps unchanged: ``str`` -> (str,), ``str | None``
    -> (str, NoneType), ``str | int`` -> (str, int); None for anything that converts (dates,
    decimals, ids, typed dicts). A ``bool`` is never an ``int``, as in :func:`coerce`."""
    if hint in (str, int, bool):
        return (hint,)
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = get_args(hint)
        if all(arg in (str, int, bool, type(None)) for arg in args):
            return tuple(args)
    return None


def import_lines(
    app: Any,
    lines: Iterable[bytes | str],
    *,
    today: Any,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every line, then save all new events in one transaction (or raise, writing nothing)."""
    from cec_ledger.projections.projector import paused_gc

    with paused_gc():
        return _import_lines(app, lines, today=today, progress=progress)


def _import_lines(
    app: Any,
    lines: Iterable[bytes | str],
    *,
    today: Any,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    aggregates: dict[UUID, Engagement | None] = {}
    existing: dict[UUID, list[EngagementEvent]] = {}
    new_events: list[EngagementEvent] = []
    views = PluginViews()
    for number, raw in enumerate(lines, start=1):
        report.lines = number
        if progress:
            progress(number)
        parsed = parse_line(raw, number)
        if parsed is None:
            continue
        try:
            event = _apply(app, parsed, aggregates, existing, today, report, views)
        except DomainError as error:
            message = str(error)
            if not message.startswith("line "):
                message = f"line {number} ({parsed.event_type} v{parsed.version}): {message}"
            raise type(error)(message) from None
        if event is not None:
            new_events.append(event)
    # Save the new events themselves, in file order, so a multi-engagement export keeps its
    # interleaving (saving aggregate by aggregate would regroup the log per engagement).
    if new_events:
        report.written = len(new_events)
        app.save(*new_events)
    return report


def _apply(
    app: Any,
    parsed: ParsedEvent,
    aggregates: dict[UUID, Engagement | None],
    existing: dict[UUID, list[EngagementEvent]],
    today: Any,
    report: ImportReport,
    views: PluginViews,
) -> EngagementEvent | None:
    """Check one parsed line; return the new event it records (None if already stored)."""
    eid = parsed.engagement
    if eid not in existing:
        existing[eid] = list(app.events.get(eid))
        aggregates[eid] = app.repository.get(eid) if existing[eid] else None
    stored = existing[eid]
    if parsed.version <= len(stored):
        _same_as_stored(stored[parsed.version - 1], parsed)
        report.skipped += 1
        return None
    aggregate = aggregates[eid]
    expected = aggregate.version + 1 if aggregate is not None else 1
    if parsed.version != expected:
        raise InvalidValue(
            f"line {parsed.line}: expected version {expected} of this engagement, "
            f"got {parsed.version} (lines must be in log order)"
        )
    if app.validator:
        from cec_ledger.domain.state import EngagementState

        state = aggregate.state if aggregate else EngagementState()
        views.validate(app.validator, eid, parsed.event_type, parsed.fields, state)
    if aggregate is None:
        aggregate = aggregates[eid] = Engagement.open(
            parsed.fields, recorded_by=parsed.recorded_by, today=today, timestamp=parsed.timestamp
        )
        event = aggregate.history[-1]
    else:
        event = aggregate.record(
            parsed.event_type,
            parsed.fields,
            recorded_by=parsed.recorded_by,
            today=today,
            timestamp=parsed.timestamp,
        )
    report.engagements.add(aggregate.state.slug)
    return event


class PluginViews:
    """What plugins see of each engagement (``plugin_rules.engagement_view``), kept up to
    date as the import folds events instead of rebuilt from the whole state for every event.

    Rebuilding it lists every session so far, so replaying an engagement of *n* events did
    O(n²) work. Here the sessions already listed are kept and only new ones are added; a
    correction (which re-folds the state into a new object) rebuilds the list once. Plugins
    still get exactly ``engagement_view(state)`` (``validate_event`` hands them a copy).
    Any other validator is called as it always was."""

    def __init__(self) -> None:
        # engagement -> (the state object listed, sessions listed, the listed sessions)
        self.listed: dict[UUID, tuple[Any, int, list[dict[str, Any]]]] = {}

    def validate(
        self, validator: Any, eid: UUID, event_type: str, fields: dict[str, Any], state: Any
    ) -> None:
        from cec_ledger.plugins import validation as plugin_rules

        if validator is not plugin_rules.plugin_validator:
            validator(event_type, fields, state)
            return
        from cec_ledger.plugins.services import validate_event

        validate_event(event_type, plugin_rules._plain_fields(fields), self.view(eid, state))

    def view(self, eid: UUID, state: Any) -> dict[str, Any]:
        from cec_ledger.plugins.validation import engagement_view

        listed_state, count, sessions = self.listed.get(eid, (None, 0, []))
        if listed_state is not state or count > len(state.sessions):
            count, sessions = 0, []
        view = engagement_view(_SessionsFrom(state, count))
        sessions.extend(view["sessions"])
        view["sessions"] = sessions
        self.listed[eid] = (state, len(state.sessions), sessions)
        return view


class _SessionsFrom:
    """A state seen with only its sessions from ``start`` on (everything else delegated)."""

    def __init__(self, state: Any, start: int) -> None:
        self._state = state
        self.sessions = state.sessions[start:]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)


def _same_as_stored(event: EngagementEvent, parsed: ParsedEvent) -> None:
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
