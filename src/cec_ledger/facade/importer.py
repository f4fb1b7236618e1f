"""``import``: read a JSONL export, check every line, then write all of it or nothing.

Every line is parsed and typed against its event class; every event is replayed through the
domain rules of its own rules epoch (the rules that guarded it when it was first recorded),
with its original timestamp and recorder. Events already in the ledger are skipped when
identical (so importing the same file twice is a no-op) and refused when they differ. Only
when the whole file holds are all new events saved, in one transaction.

Plugin rules are today's rules, not history's: on import what they would refuse is reported
(``ImportReport.findings``), never enforced, so a new or stricter plugin never makes an older
export impossible to import. ``strict=True`` (``import --strict``) enforces them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import orjson

from cec_ledger.application import call_validator, corrected_target
from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import DomainError, InvalidValue, RuleViolation, printable
from cec_ledger.domain.events import EngagementEvent, EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.formats.lines import UNVERIFIED_KEY, ParsedLine, from_line, plain
from cec_ledger.plugins import validation as plugin_rules
from cec_ledger.plugins.validation import engagement_view, rule_findings, validate_event
from cec_ledger.projections.projector import paused_gc


@dataclass
class ImportReport:
    """What an import did."""

    lines: int = 0
    written: int = 0
    skipped: int = 0
    engagements: set[str] = field(default_factory=set)
    # What today's plugin rules would refuse in the imported history (not enforced).
    findings: list[dict[str, Any]] = field(default_factory=list)
    strict: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "written": self.written,
            "skipped": self.skipped,
            "engagements": sorted(self.engagements),
            "findings": list(self.findings),
        }

    def judge(
        self,
        parsed: ParsedLine,
        slug: str,
        event_type: str,
        fields: dict[str, Any],
        view: dict[str, Any],
    ) -> None:
        """Today's plugin rules on one event of the file: enforced under ``strict``, else
        every refusal is kept as a finding."""
        if self.strict:
            validate_event(event_type, fields, view, "import")
            return
        for plugin, message in rule_findings(event_type, fields, view, "import"):
            self.findings.append(
                {
                    "line": parsed.line,
                    "event": f"{slug}#{parsed.version}",
                    "type": parsed.event_type,
                    "plugin": plugin,
                    "message": message,
                }
            )


def import_lines(
    app: Any,
    lines: Iterable[bytes | str],
    *,
    today: Any,
    progress: Callable[[int], None] | None = None,
    accept_unverified: bool = False,
    strict: bool = False,
) -> ImportReport:
    """Check every line, then save all new events in one transaction (or raise, writing nothing).
    ``strict`` enforces today's plugin rules on the imported history instead of reporting."""
    with paused_gc():
        return _import_lines(
            app,
            lines,
            today=today,
            progress=progress,
            accept_unverified=accept_unverified,
            strict=strict,
        )


def _unverified_marker(raw: bytes | str) -> dict[str, Any] | None:
    """The first line of an export written with --unverified, or None."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if UNVERIFIED_KEY not in text:
        return None
    try:
        row = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return row if isinstance(row, dict) and row.get(UNVERIFIED_KEY) is True else None


def _import_lines(
    app: Any,
    lines: Iterable[bytes | str],
    *,
    today: Any,
    progress: Callable[[int], None] | None = None,
    accept_unverified: bool = False,
    strict: bool = False,
) -> ImportReport:
    report = ImportReport(strict=strict)
    aggregates: dict[UUID, Engagement | None] = {}
    existing: dict[UUID, list[EngagementEvent]] = {}
    new_events: list[EngagementEvent] = []
    views = PluginViews()
    for number, raw in enumerate(lines, start=1):
        report.lines = number
        if progress:
            progress(number)
        try:
            event = _line(
                app, raw, number, accept_unverified, aggregates, existing, today, report, views
            )
        except DomainError as error:
            # Values come from the file: escape control characters so the message stays
            # one line whatever the file holds.
            raise type(error)(printable(str(error))) from None
        if event is not None:
            new_events.append(event)
    # Save the new events themselves, in file order, so a multi-engagement export keeps its
    # interleaving (saving aggregate by aggregate would regroup the log per engagement).
    if new_events:
        report.written = len(new_events)
        app.save(*new_events)
    return report


def _line(
    app: Any,
    raw: bytes | str,
    number: int,
    accept_unverified: bool,
    aggregates: dict[UUID, Engagement | None],
    existing: dict[UUID, list[EngagementEvent]],
    today: Any,
    report: ImportReport,
    views: PluginViews,
) -> EngagementEvent | None:
    """One line: the unverified-export marker, a blank line, or an event to check."""
    if number == 1:
        marker = _unverified_marker(raw)
        if marker is not None:
            if not accept_unverified:
                raise RuleViolation(
                    "this file was exported with --unverified from a ledger that failed "
                    f"verification ({marker.get('problem') or 'no reason given'}); nothing "
                    "was imported (import it only with --accept-unverified)"
                )
            return None
    parsed = from_line(raw, number)
    if parsed is None:
        return None
    try:
        return _apply(app, parsed, aggregates, existing, today, report, views)
    except DomainError as error:
        message = str(error)
        if not message.startswith("line "):
            message = f"line {number} ({parsed.event_type} v{parsed.version}): {message}"
        raise type(error)(message) from None


def _apply(
    app: Any,
    parsed: ParsedLine,
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
        _same_as_stored(stored[parsed.version - 1], parsed, _slug(aggregates[eid], parsed))
        report.skipped += 1
        return None
    aggregate = aggregates[eid]
    expected = aggregate.version + 1 if aggregate is not None else 1
    if parsed.version != expected:
        raise InvalidValue(
            f"line {parsed.line}: expected version {expected} of this engagement, "
            f"got {parsed.version} (lines must be in log order)"
        )
    if aggregate is None and parsed.event_type != "EngagementOpened":
        raise InvalidValue(
            f"line {parsed.line}: engagement {parsed.slug or parsed.engagement} is not in the "
            f"ledger and this file does not open it (its first line is a "
            f"{parsed.event_type}, not an EngagementOpened)"
        )
    slug = _slug(aggregate, parsed)
    if app.validator and parsed.event_type != "EventCorrected":
        state = aggregate.state if aggregate else EngagementState()
        views.validate(app.validator, eid, parsed, slug, state, report)
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
        if app.validator and isinstance(event, EventCorrected):
            target_type, fields, before = corrected_target(aggregate, event)
            if app.validator is plugin_rules.plugin_validator:
                plain_fields = plugin_rules._plain_fields(fields)
                report.judge(parsed, slug, target_type, plain_fields, engagement_view(before))
            else:
                call_validator(app.validator, target_type, fields, before, "import")
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
        self,
        validator: Any,
        eid: UUID,
        parsed: ParsedLine,
        slug: str,
        state: Any,
        report: ImportReport,
    ) -> None:
        if validator is not plugin_rules.plugin_validator:
            call_validator(validator, parsed.event_type, parsed.fields, state, "import")
            return
        fields = plugin_rules._plain_fields(parsed.fields)
        report.judge(parsed, slug, parsed.event_type, fields, self.view(eid, state))

    def view(self, eid: UUID, state: Any) -> dict[str, Any]:
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


def _slug(aggregate: Engagement | None, parsed: ParsedLine) -> str:
    return aggregate.state.slug if aggregate is not None else parsed.slug or str(parsed.engagement)


def _same_as_stored(event: EngagementEvent, parsed: ParsedLine, slug: str) -> None:
    """Refuse a line whose event is already stored differently: one line naming the line,
    the stored event and what differs."""
    stored_type = type(event).__name__
    where = f"line {parsed.line}: {slug}#{parsed.version} is already in the ledger"
    refuse = "; refusing to overwrite history"
    if stored_type != parsed.event_type:
        raise InvalidValue(f"{where} as {_a(stored_type)}, not {_a(parsed.event_type)}{refuse}")
    differences = []
    if event.timestamp != parsed.timestamp:
        differences.append(
            f"recorded_at (stored {event.timestamp.isoformat()}, line "
            f"{parsed.timestamp.isoformat()})"
        )
    if event.recorded_by != parsed.recorded_by:
        differences.append(
            f"recorded_by (stored {event.recorded_by!r}, line {parsed.recorded_by!r})"
        )
    for name, value in parsed.fields.items():
        mine = getattr(event, name, None)
        if mine != value:
            differences.append(f"{name} (stored {_short(mine)}, line {_short(value)})")
    if differences:
        raise InvalidValue(
            f"{where} ({stored_type}) with a different {'; '.join(differences[:3])}"
            + (f" and {len(differences) - 3} more" if len(differences) > 3 else "")
            + refuse
        )


def _a(name: str) -> str:
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def _short(value: Any) -> str:
    text = repr(plain(value))
    return text if len(text) <= 60 else text[:57] + "..."
