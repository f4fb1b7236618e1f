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

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import PersistenceError, StoredEvent

from cec_ledger.application import call_validator, corrected_target
from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import (
    ConcurrentWrite,
    DomainError,
    InvalidValue,
    RuleViolation,
    printable,
)
from cec_ledger.domain.events import EngagementEvent, EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.facade.import_views import PluginViews
from cec_ledger.formats.lines import UNVERIFIED_KEY, ParsedLine, from_line, plain, to_line
from cec_ledger.plugins import validation as plugin_rules
from cec_ledger.plugins.validation import engagement_view, rule_findings, validate_event
from cec_ledger.projections.bulk import Checked, ViewsBehind, checked, timed, write_checked
from cec_ledger.projections.projector import paused_gc
from cec_ledger.projections.search import event_text
from cec_ledger.storage import snapshots as snapshot_rules
from cec_ledger.storage.snapshots import snapshot_of

# Events kept decoded for corrections (see ``_Import._history``): bounded memory.
DECODED = 100_000


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
    # Seconds per part of the import (checking, inserting, views...): the benchmarks read it.
    timings: dict[str, float] = field(default_factory=dict)

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
        run = _Import(app, today, accept_unverified, ImportReport(strict=strict))
        with timed(run.report.timings, "check"):
            for number, raw in enumerate(lines, start=1):
                run.report.lines = number
                if progress:
                    progress(number)
                try:
                    run.line(raw, number)
                except DomainError as error:
                    # Values come from the file: escape control characters so the message
                    # stays one line whatever the file holds.
                    raise type(error)(printable(str(error))) from None
        run.write()
        return run.report


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


class _Import:
    """One import: the engagements it touches (their states, no histories), the checked
    events in file order, then one write of all of them.

    Each engagement is an aggregate that keeps its state only: its history (for a correction)
    is its stored events and then the ones this import checked, decoded on demand."""

    def __init__(self, app: Any, today: Any, accept_unverified: bool, report: ImportReport):
        self.app = app
        self.today = today
        self.accept_unverified = accept_unverified
        self.report = report
        self.aggregates: dict[UUID, Engagement | None] = {}
        self.stored_head: dict[UUID, int] = {}
        self.existing: dict[UUID, list[EngagementEvent]] = {}
        self.checked: list[Checked] = []
        self.checked_of: dict[UUID, list[StoredEvent]] = {}
        self.decoded: dict[UUID, list[EngagementEvent]] = {}
        self.views = PluginViews()
        self.span_snapshots: list[Any] = []
        self.searchable = getattr(app.mapper, "cipher", None) is None

    # ------------------------------------------------------------------ checking
    def line(self, raw: bytes | str, number: int) -> None:
        """One line: the unverified-export marker, a blank line, or an event to check."""
        if number == 1:
            marker = _unverified_marker(raw)
            if marker is not None:
                if not self.accept_unverified:
                    raise RuleViolation(
                        "this file was exported with --unverified from a ledger that failed "
                        f"verification ({marker.get('problem') or 'no reason given'}); nothing "
                        "was imported (import it only with --accept-unverified)"
                    )
                return
        started = perf_counter()
        parsed = from_line(raw, number)
        self._spent("parse", started)
        if parsed is None:
            return
        try:
            self.apply(parsed)
        except DomainError as error:
            message = str(error)
            if not message.startswith("line "):
                message = f"line {number} ({parsed.event_type} v{parsed.version}): {message}"
            raise type(error)(message) from None

    def apply(self, parsed: ParsedLine) -> None:
        """Check one parsed line and keep the new event it records (none if already stored)."""
        eid = parsed.engagement
        if eid not in self.aggregates:
            self._load(eid)
        aggregate = self.aggregates[eid]
        if parsed.version <= self.stored_head[eid]:
            if eid not in self.existing:
                self.existing[eid] = list(self.app.events.get(eid, lte=self.stored_head[eid]))
            stored = self.existing[eid][parsed.version - 1]
            _same_as_stored(stored, parsed, _slug(aggregate, parsed))
            self.report.skipped += 1
            return
        expected = aggregate.version + 1 if aggregate is not None else 1
        if parsed.version != expected:
            raise InvalidValue(
                f"line {parsed.line}: expected version {expected} of this engagement, "
                f"got {parsed.version} (lines must be in log order)"
            )
        if aggregate is None and parsed.event_type != "EngagementOpened":
            raise InvalidValue(
                f"line {parsed.line}: engagement {parsed.slug or parsed.engagement} is not in "
                f"the ledger and this file does not open it (its first line is a "
                f"{parsed.event_type}, not an EngagementOpened)"
            )
        app = self.app
        slug = _slug(aggregate, parsed)
        if app.validator and parsed.event_type != "EventCorrected":
            started = perf_counter()
            state = aggregate.state if aggregate else EngagementState()
            self.views.validate(app.validator, eid, parsed, slug, state, self.report)
            self._spent("plugin_rules", started)
        started = perf_counter()
        if aggregate is None:
            aggregate = self.aggregates[eid] = Engagement.open(
                parsed.fields,
                recorded_by=parsed.recorded_by,
                today=self.today,
                timestamp=parsed.timestamp,
            )
            aggregate.history_loader = functools.partial(self._history, eid)
            event = aggregate.pending_events[-1]
        else:
            event = aggregate.record(
                parsed.event_type,
                parsed.fields,
                recorded_by=parsed.recorded_by,
                today=self.today,
                timestamp=parsed.timestamp,
            )
        self._spent("rules_and_fold", started)
        started = perf_counter()
        self._keep(aggregate, event)
        self._spent("map_and_words", started)
        if app.validator and isinstance(event, EventCorrected):
            target_type, fields, before = corrected_target(aggregate, event)
            if app.validator is plugin_rules.plugin_validator:
                plain_fields = plugin_rules._plain_fields(fields)
                self.report.judge(parsed, slug, target_type, plain_fields, engagement_view(before))
            else:
                call_validator(app.validator, target_type, fields, before, "import")
        if isinstance(event, EventCorrected):
            aggregate.refold_stored()  # the state a replay of the stored events folds
        else:
            aggregate.rebase()
        if aggregate.version % snapshot_rules.SNAPSHOT_SPAN == 0:
            # One snapshot per span of a long engagement, as writes leave them (pruning
            # keeps one per span): the state after any event is then a snapshot and at most
            # a span of events away (the TUI's state panel), not a replay from the start.
            self.span_snapshots.append(snapshot_of(aggregate, self.checked_of[eid][-1].state))
        self.report.engagements.add(aggregate.state.slug)

    def _spent(self, part: str, started: float) -> None:
        timings = self.report.timings
        timings[part] = timings.get(part, 0.0) + perf_counter() - started

    def _load(self, eid: UUID) -> None:
        """An engagement the file names: in the ledger already (its latest snapshot and the
        events after it), or not."""
        head = list(self.app.events.get(eid, desc=True, limit=1))
        self.stored_head[eid] = head[0].originator_version if head else 0
        aggregate = self.app.get_engagement(eid) if head else None
        if aggregate is not None:
            aggregate.history_loader = functools.partial(self._history, eid)
            aggregate.rebase()
        self.aggregates[eid] = aggregate

    def _keep(self, aggregate: Engagement, event: EngagementEvent) -> None:
        """Keep a checked event as stored bytes (and its view facts), not as an object."""
        aggregate.collect_events()
        stored = self.app.mapper.to_stored_event(event)
        text = event_text(to_line(event, aggregate.state.slug)) if self.searchable else None
        self.checked.append(checked(stored, event, text))
        self.checked_of.setdefault(event.originator_id, []).append(stored)
        decoded = self.decoded.get(event.originator_id)
        if decoded is not None and len(decoded) == event.originator_version - 1:
            # A correction's values are typed in memory and plain JSON once stored: the
            # history holds what the store reads back.
            corrected = isinstance(event, EventCorrected)
            decoded.append(self.app.mapper.to_domain_event(stored) if corrected else event)

    def _history(self, eid: UUID, upto: int) -> list[EngagementEvent]:
        """An engagement's events 1..upto: stored ones, then those this import checked.
        The histories read last are kept decoded (a correction reads its engagement's
        history three times, and the next correction of it again), up to DECODED events."""
        decoded = self.decoded.pop(eid, None)
        if decoded is None or len(decoded) < upto:
            head = self.stored_head[eid]
            decoded = list(self.app.events.get(eid, lte=head)) if head else []
            to_domain_event = self.app.mapper.to_domain_event
            decoded.extend(to_domain_event(stored) for stored in self.checked_of.get(eid, ()))
        self.decoded[eid] = decoded
        while sum(map(len, self.decoded.values())) > DECODED and len(self.decoded) > 1:
            del self.decoded[next(iter(self.decoded))]
        return decoded[:upto]

    # ------------------------------------------------------------------ writing
    def write(self) -> None:
        """Save every checked event in file order, so a multi-engagement export keeps its
        interleaving; with the views, chain and engagement rows in the same transaction."""
        if not self.checked:
            return
        self.report.written = len(self.checked)
        app = self.app
        states = {
            eid: aggregate.state
            for eid, aggregate in self.aggregates.items()
            if aggregate is not None and eid in self.checked_of
        }
        projector = getattr(app, "projector", None)
        if projector is None:  # an application without views: save the events alone
            events = [app.mapper.to_domain_event(c.stored) for c in self.checked]
            app.save(*events)
            return
        for _attempt in range(5):
            projector.catch_up()
            try:
                write_checked(app, projector, self.checked, states, self.report.timings)
                break
            except ViewsBehind:
                continue  # another writer saved meanwhile: catch up, then try again
        else:
            raise ConcurrentWrite(
                "the ledger kept changing during the import; nothing was imported, try again"
            )
        with timed(self.report.timings, "snapshots"):
            self._snapshots()

    def _snapshots(self) -> None:
        """Snapshot the long engagements just imported (after the commit: a cache)."""
        snapshots = getattr(self.app, "snapshots", None)
        taken = [
            snapshot_of(aggregate, stored[-1].state)
            for eid, stored in self.checked_of.items()
            if (aggregate := self.aggregates[eid]) is not None
            and aggregate.version - self.stored_head[eid] >= snapshot_rules.SNAPSHOT_EVERY
            and aggregate.version % snapshot_rules.SNAPSHOT_SPAN  # else taken as a span's
        ]
        taken += self.span_snapshots
        try:
            if snapshots is not None and any(taken):
                snapshots.put([s for s in taken if s is not None])
        except PersistenceError:
            return


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
            f"{where} ({stored_type}) but differs in {'; '.join(differences[:3])}"
            + (f" and {len(differences) - 3} more" if len(differences) > 3 else "")
            + refuse
        )


def _a(name: str) -> str:
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def _short(value: Any) -> str:
    text = repr(plain(value))
    return text if len(text) <= 60 else text[:57] + "..."
