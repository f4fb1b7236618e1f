"""The application layer: commands (get, mutate, save) and queries over engagement streams.

Each command loads the engagement, lets the aggregate check its rules and record one event,
and saves it in one transaction. If another writer saved the same engagement first, the
event store's (originator id, version) key refuses the write; the command is then retried on
fresh state, where it either still holds (and is recorded) or breaks a rule (and the rule's
message is what the user sees). Nothing here knows about click, Textual, URLs or SQL: the
storage package answers for settings, keys and locks, and the application runs on
eventsourcing's in-memory (POPO) persistence as well as on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import inspect
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    IntegrityError,
    Notification,
    OperationalError,
    PersistenceError,
)

from cec_ledger.domain.engagement import (
    Engagement,
    corrected,
    corrections_in,
    engagement_id,
    fold_history,
)
from cec_ledger.domain.errors import ConcurrentWrite, NotFound, RuleViolation
from cec_ledger.domain.events import EngagementEvent, EngagementOpened, EventCorrected, given_fields
from cec_ledger.domain.state import EngagementState
from cec_ledger.storage.encryption import check_key, is_encrypted, refuse_unkeyed_write
from cec_ledger.storage.locks import busy_error, is_locked, pause, read_only_factory, write_refused
from cec_ledger.storage.settings import read_settings
from cec_ledger.storage.snapshots import SnapshotRepository, put_snapshot, wants_snapshot

OPENED_TOPIC = f"{EngagementOpened.__module__}:{EngagementOpened.__qualname__}"
# Engagements kept in memory between commands of one process (the TUI, a long import): a
# command then reads only the events saved since (by anyone) instead of loading a snapshot.
KEPT_AGGREGATES = 32
# A command re-checked on fresh state after a concurrent write gives up after this many
# attempts or this many seconds, whichever comes first. Eight busy writers on one engagement
# need more than a handful of attempts: each retry waits a random, growing pause so they
# stop colliding in lockstep.
MAX_ATTEMPTS = 200

# A validator sees (event_type, fields, engagement state) before an event is recorded, and
# may take a ``context`` keyword: "command", "correction" (it is shown the corrected target
# event, as if recorded with the corrected values) or "import". The facade passes the
# plugins' rules (cec_ledger.plugins.validation.plugin_validator).
Validator = Callable[..., None]


def call_validator(
    validator: Validator, event_type: str, fields: dict[str, Any], state: Any, context: str
) -> None:
    """Call a validator, with ``context`` when it accepts one (older ones take three)."""
    try:
        takes_context = "context" in inspect.signature(validator).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin
        takes_context = False
    if takes_context:
        validator(event_type, fields, state, context=context)
    else:
        validator(event_type, fields, state)


def corrected_target(aggregate: Engagement, correction: EventCorrected) -> tuple[str, dict, Any]:
    """What a correction makes of its target: its type, all its fields as corrected, and the
    engagement just before it (corrections applied): what plugins judge a correction by."""
    version = correction.corrects_version
    history = aggregate.history
    overrides = corrections_in(history)
    target = corrected(history[version - 1], overrides)
    fields = {n: getattr(target, n) for n in given_fields(type(target).__name__)}
    # Judged by the rules of the target's own epoch, plugins' rules included.
    fields["rules_version"] = target.rules_version
    before = fold_history(history[: version - 1], overrides=overrides)
    return type(target).__name__, fields, before


class EngagementApplication(Application[UUID]):
    """The eventsourcing application that stores every engagement's events."""

    name = "cec_ledger"
    # Snapshots (storage.snapshots) are taken by ``save`` itself, not by eventsourcing's
    # every-n-versions rule: see ``_snapshot``.
    is_snapshotting_enabled = True

    def __init__(self, env: dict[str, str] | None = None, validator: Validator | None = None):
        super().__init__(env=env)
        self.validator = validator
        self.after_save: list[Callable[[], None]] = []
        # The states of the engagements the last save wrote, by id: the projector takes the
        # state after an event from here instead of folding the engagement again.
        self.saved_states: dict[UUID, EngagementState] = {}
        # Aggregates saved by this process's commands, newest last (see KEPT_AGGREGATES).
        self._kept: dict[UUID, Engagement] = {}
        self._kept_lock = threading.Lock()
        # Optimistic-concurrency conflicts met by this process (each was retried on fresh
        # state); the reliability tests read it to prove writers really collided.
        self.conflicts = 0
        self.retry_seconds = float(
            self.env.get("SQLITE_LOCK_TIMEOUT") or self.env.get("POSTGRES_LOCK_TIMEOUT") or 30
        )
        self.settings = read_settings(self.factory)
        self.encrypted = is_encrypted(self.settings)
        if self.mapper.cipher is not None:
            check_key(self, self.settings)

    def construct_factory(self, env: Any) -> Any:
        """The persistence factory; a read-only PostgreSQL ledger gets read-only sessions."""
        factory = super().construct_factory(env)
        if env.get("LEDGER_READ_ONLY") == "y":
            read_only_factory(factory)
        return factory

    def construct_repository(self) -> SnapshotRepository:
        return SnapshotRepository(event_store=self.events, snapshot_store=self.snapshots)

    def reload_settings(self) -> None:
        """Re-read the settings table (after ``init --encrypt`` wrote to it)."""
        self.settings = read_settings(self.factory)
        self.encrypted = is_encrypted(self.settings)

    # ------------------------------------------------------------------ commands
    def open_engagement(
        self,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
        then: Sequence[tuple[str, dict[str, Any]]] = (),
    ) -> EngagementEvent:
        """Open an engagement; ``then``: events recorded with the opening, in the same
        transaction (``engagement open --entry-point`` adds the entry point with it)."""
        engagement = Engagement.open(
            fields, recorded_by=recorded_by, today=today, timestamp=timestamp
        )
        if self.validator:
            call_validator(self.validator, "EngagementOpened", fields, engagement.state, "command")
        for event_type, more in then:
            if self.validator:
                call_validator(self.validator, event_type, more, engagement.state, "command")
            engagement.record(
                event_type, more, recorded_by=recorded_by, today=today, timestamp=timestamp
            )
        try:
            self.save(engagement)
        except IntegrityError:
            raise RuleViolation(
                f"an engagement with slug {fields['slug']!r} already exists"
            ) from None
        return engagement.history[0]

    def record(
        self,
        engagement: UUID,
        event_type: str,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
    ) -> EngagementEvent:
        """Record one event on an engagement, retrying on a concurrent write."""
        deadline = time.monotonic() + self.retry_seconds
        for attempt in range(MAX_ATTEMPTS):
            aggregate = self._command_engagement(engagement)
            if self.validator and event_type != "EventCorrected":
                call_validator(self.validator, event_type, fields, aggregate.state, "command")
            event = aggregate.record(
                event_type, fields, recorded_by=recorded_by, today=today, timestamp=timestamp
            )
            if self.validator and isinstance(event, EventCorrected):
                # Plugins judge the corrected event as if it had been recorded so.
                call_validator(
                    self.validator, *corrected_target(aggregate, event), context="correction"
                )
            try:
                self.save(aggregate)
            except IntegrityError:
                # Someone else wrote first: re-check the rules on fresh state.
                self.conflicts += 1
                if time.monotonic() > deadline:
                    break
                pause(attempt)
                continue
            return event
        raise ConcurrentWrite(
            f"engagement {aggregate.state.slug!r} kept changing under this write "
            f"({attempt + 1} attempts); nothing was written, try again"
        )

    def _command_engagement(self, engagement: UUID) -> Engagement:
        """The engagement for a command: the one this process saved last, brought up to date
        with whatever was saved since (by anyone), else loaded (snapshot and later events).
        It leaves the kept ones, so a command that fails never leaves a changed aggregate
        there; ``save`` puts it back."""
        with self._kept_lock:
            kept = self._kept.pop(engagement, None)
        if kept is None:
            return self.get_engagement(engagement)
        for event in self.events.get(engagement, gt=kept.version):
            event.mutate(kept)
        return kept

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save in one transaction (see :meth:`_record`), snapshot long engagements, then let
        the views catch up (handing them the states just saved)."""
        recordings = super().save(*objs, **kwargs)
        saved = [self._as_stored(obj, recordings) for obj in objs if isinstance(obj, Engagement)]
        self.saved_states = {aggregate.id: aggregate.state for aggregate in saved}
        for aggregate in saved:
            self._snapshot(aggregate, recordings)
            with self._kept_lock:
                self._kept.pop(aggregate.id, None)
                self._kept[aggregate.id] = aggregate
                while len(self._kept) > KEPT_AGGREGATES:
                    self._kept.pop(next(iter(self._kept)))
        self._after_save()
        return recordings

    def _as_stored(self, aggregate: Engagement, recordings: Sequence[Any]) -> Engagement:
        """The saved engagement as the store holds it. A correction keeps its corrected values
        typed in memory (the command's answer shows them so), while the stored event reads
        them back as plain JSON; the state handed to the views, kept for the next command and
        snapshotted must be the one any replay folds, so after a correction the engagement is
        loaded again (a correction re-folds the whole history anyway)."""
        if not any(
            isinstance(r.domain_event, EventCorrected)
            and r.domain_event.originator_id == aggregate.id
            for r in recordings
        ):
            return aggregate
        return self.get_engagement(aggregate.id, version=aggregate.version)

    def _take_snapshots(self, processing_event: Any) -> None:
        """eventsourcing's own snapshotting is replaced by :meth:`_snapshot`."""

    def _snapshot(self, aggregate: Engagement, recordings: Sequence[Any]) -> None:
        """Snapshot a saved engagement when it is due (``storage.snapshots``). A snapshot is a
        cache: failing to write one (a busy or read-only store) never fails the command."""
        mine = [r for r in recordings if r.domain_event.originator_id == aggregate.id]
        if self.snapshots is None or not mine:
            return
        corrected = any(isinstance(r.domain_event, EventCorrected) for r in mine)
        if not wants_snapshot(aggregate, corrected):
            return
        last = mine[-1].notification
        if last.originator_version != aggregate.version:
            return
        try:
            put_snapshot(self.snapshots, aggregate, last.state)
        except PersistenceError:
            return
        if aggregate.history_loader is None:
            aggregate.history_loader = functools.partial(
                self.repository.events_upto,  # type: ignore[attr-defined]
                aggregate.id,
            )
        aggregate.rebase()

    def _record(self, processing_event: Any) -> Any:
        """Write the collected events; a locked SQLite file is waited for, never a traceback.

        "database is locked" means the transaction was rolled back and nothing was written,
        so the *same* collected events are written again after a pause (retrying ``save``
        itself would not do: it has already taken the aggregates' pending events), until
        ``CEC_LEDGER_BUSY_TIMEOUT`` seconds have passed; then one clear line says so.
        """
        if self.encrypted and self.mapper.cipher is None:
            raise refuse_unkeyed_write()
        deadline = time.monotonic() + self.retry_seconds
        attempt = 0
        while True:
            try:
                return super()._record(processing_event)
            except PersistenceError as error:
                refused = write_refused(error)
                if refused is not None:
                    raise refused from None
                if not isinstance(error, OperationalError) or not is_locked(error):
                    raise
                if time.monotonic() > deadline:
                    raise busy_error(self.retry_seconds) from None
                pause(attempt)
                attempt += 1

    def _after_save(self) -> None:
        """Run the after-save hooks (the projector). The events are already committed, so a
        hook that finds the store locked must not fail the command (the caller would retry
        and write twice): it is retried briefly, then left to the next catch-up, which
        resumes from the tracked position."""
        for hook in self.after_save:
            for attempt in range(20):
                try:
                    hook()
                    break
                except OperationalError as error:
                    if not is_locked(error):
                        raise
                    pause(attempt)

    # ------------------------------------------------------------------ queries
    def get_engagement(self, engagement: UUID, version: int | None = None) -> Engagement:
        try:
            return self.repository.get(engagement, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"unknown engagement {engagement}") from None

    def has_engagement(self, slug: str) -> bool:
        return bool(list(self.events.get(engagement_id(slug), lte=1)))

    def engagement_events(self, engagement: UUID) -> list[EngagementEvent]:
        events = list(self.events.get(engagement))
        if not events:
            raise NotFound(f"unknown engagement {engagement}")
        return events  # type: ignore[return-value]

    def state_at(
        self,
        engagement: UUID,
        *,
        as_of: date | None = None,
        known_at: datetime | None = None,
    ) -> EngagementState:
        """Time travel on both axes.

        ``as_of``: what had *occurred* by that date, as the ledger knows it now (corrections
        recorded since included). ``known_at``: what the ledger *said* at that moment: only
        events recorded by then, so later corrections are ignored.
        """
        events = self.events_known_at(engagement, known_at)
        if as_of is not None:
            opened = corrected(events[0], corrections_in(events)).occurred_on
            if opened > as_of:
                raise NotFound(f"the engagement had not opened by {as_of} (opened {opened})")
        return fold_history(events, occurred_by=as_of)

    def events_known_at(
        self, engagement: UUID, known_at: datetime | None = None
    ) -> list[EngagementEvent]:
        """An engagement's events, or only those recorded by ``known_at``."""
        events = self.engagement_events(engagement)
        if known_at is not None:
            events = [e for e in events if e.timestamp <= known_at]
            if not events:
                raise NotFound(f"the engagement did not exist yet at {known_at.isoformat()}")
        return events

    def engagement_ids(self) -> list[UUID]:
        """Every engagement, in the order they were opened (scans opened events only)."""
        return [
            UUID(str(n.originator_id))
            for batch in self.notifications(topics=[OPENED_TOPIC], batch_size=1000)
            for n in batch
        ]

    def notifications(
        self,
        start: int = 0,
        *,
        batch_size: int = 5000,
        stop: int | None = None,
        topics: Sequence[str] = (),
    ) -> Iterator[Sequence[Notification]]:
        """The log (or only the given topics) in batches, in the order it was recorded."""
        position = start
        while True:
            batch = self.recorder.select_notifications(
                start=position,
                limit=batch_size,
                stop=stop,
                topics=topics,
                inclusive_of_start=False,
            )
            if not batch:
                return
            yield batch
            position = batch[-1].id
