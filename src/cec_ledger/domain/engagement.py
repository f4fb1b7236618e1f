"""The Engagement aggregate: one partnership with a district or school.

Why one aggregate and not one per team or anchor: every rule of the domain is scoped to an
engagement (a team belongs to it, a correction names an event of it, closing it stops all
writes, nothing may occur before it opened), and one event stream per engagement gives a
total order and optimistic concurrency at exactly that scope. Streams stay modest (a busy
two-year engagement is a few hundred events; benchmarks use 10,000).

The aggregate is the only writer of events. Its state is an :class:`EngagementState` fold;
a correction re-folds the whole history with the corrected values, each event judged by the
rules of its own epoch (``rules_version``), and is refused if the corrected history would
break a rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import DomainError, RuleViolation
from cec_ledger.domain.events import (
    EVENT_TYPES,
    RULES_EPOCH,
    EngagementEvent,
    EngagementOpened,
    EventCorrected,
    given_fields,
    vocabulary_for,
)
from cec_ledger.domain.rules import check
from cec_ledger.domain.state import EngagementState
from cec_ledger.domain.typed import coerce, field_types

# Engagement ids are derived from slugs, so a slug can only ever be opened once: the event
# store's (originator_id, version) key makes a second EngagementOpened a conflict.
SLUG_NAMESPACE = UUID("6f0b7c1e-2d7a-5d43-9a53-cec1ed9e0000")


def engagement_id(slug: str) -> UUID:
    """The id of the engagement with this slug."""
    return uuid5(SLUG_NAMESPACE, slug)


class Engagement(Aggregate):
    """An engagement's event stream and the invariants that guard it.

    The aggregate keeps its folded state, not its history: a command on a long engagement
    loads a snapshot and the events after it (``application``), never the whole stream. The
    history is read when something needs it (a correction re-folds every event): the events
    folded into this object since it started from nothing are kept (that is the whole history
    of a new or fully replayed engagement), and the ones before a snapshot come from
    ``history_loader``, which the application sets on every aggregate it loads.
    """

    def __init__(self) -> None:
        self._state = EngagementState()
        # The version this object started from: 0 from the first event, else a snapshot's.
        self.snapshot_base = 0
        # Events folded into this object since it started (all of them when snapshot_base is 0).
        self._recent: list[EngagementEvent] = []
        # A correction leaves the state to be re-folded from the history on next use, so a
        # replay crossing several corrections folds the history once, not once per correction.
        self._refold = False
        self.history_loader: Callable[[int], Sequence[EngagementEvent]] | None = None

    @classmethod
    def restored(
        cls,
        engagement: UUID,
        version: int,
        state: EngagementState,
        *,
        created_on: datetime,
        modified_on: datetime,
    ) -> Engagement:
        """The aggregate as a snapshot at ``version`` holds it (its events before are read
        through ``history_loader`` when needed)."""
        aggregate = cls.__new__(cls)
        aggregate.__base_init__(engagement, version, created_on)
        aggregate.modified_on = modified_on
        aggregate.__init__()  # type: ignore[misc]
        aggregate._state = state
        aggregate.snapshot_base = version
        return aggregate

    @property
    def state(self) -> EngagementState:
        """The state after every event folded so far (corrections applied)."""
        if self._refold:
            self._state = fold_history(self.history)
            self._refold = False
        return self._state

    @property
    def history(self) -> list[EngagementEvent]:
        """Every event of the stream so far, in order (read from the store when this object
        started from a snapshot)."""
        if not self.snapshot_base:
            return list(self._recent)
        if self.history_loader is None:
            raise RuntimeError("this engagement was restored from a snapshot without its store")
        earlier = list(self.history_loader(self.snapshot_base))
        if len(earlier) != self.snapshot_base:
            raise RuntimeError(
                f"engagement {self.id} has {len(earlier)} events up to version "
                f"{self.snapshot_base}, expected {self.snapshot_base}"
            )
        return [*earlier, *self._recent]

    def rebase(self) -> None:
        """Forget the events kept in memory once a snapshot at this version is stored: the
        history is then read from the store when needed (only with a ``history_loader``)."""
        if self.history_loader is not None and not self.pending_events:
            self._state = self.state  # settle a pending re-fold before forgetting the events
            self.snapshot_base = self.version
            self._recent = []

    def refold_stored(self) -> None:
        """Re-fold the state from the history as the store reads it back, forgetting the
        events kept in memory (only with a ``history_loader`` and nothing pending). A
        correction keeps its values typed in memory, while its stored event reads them back
        as plain JSON: after one, the state must be the one any later replay folds."""
        if self.history_loader is not None and not self.pending_events:
            self.snapshot_base = self.version
            self._recent = []
            self._state = fold_history(self.history)
            self._refold = False

    @classmethod
    def open(
        cls,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
    ) -> Engagement:
        """Start an engagement: EngagementOpened is its first event. ``fields`` may carry the
        ``rules_version`` of an imported event; new events get the current epoch."""
        epoch = fields.get("rules_version", RULES_EPOCH)
        checked = check(
            None, "EngagementOpened", {**fields, "recorded_by": recorded_by}, today, epoch
        )
        return cls._create(
            EngagementOpened, id=engagement_id(checked["slug"]), timestamp=timestamp, **checked
        )

    def record(
        self,
        event_type: str,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
    ) -> EngagementEvent:
        """Check the rules of the event's epoch, then record it and fold it into the state."""
        epoch = fields.get("rules_version", RULES_EPOCH)
        checked = check(
            self.state, event_type, {**fields, "recorded_by": recorded_by}, today, epoch
        )
        if event_type == "EventCorrected":
            checked["corrected_fields"] = self._checked_correction(checked, today)
        self.trigger_event(EVENT_TYPES[event_type], timestamp=timestamp, **checked)
        return self._recent[-1]

    # ------------------------------------------------------------------ folding
    def fold(self, event: EngagementEvent) -> None:
        self._recent.append(event)
        if isinstance(event, EventCorrected):
            self._refold = True
        elif not self._refold:
            self._state.apply(event)

    def corrected_event(self, version: int) -> EngagementEvent:
        """Event #version as currently corrected."""
        history = self.history
        return corrected(history[version - 1], corrections_in(history))

    def _checked_correction(self, fields: dict[str, Any], today: date) -> dict[str, Any]:
        """Type the corrected values, check the event as if it had been recorded with them
        (by the rules of its own epoch) and prove the corrected history still holds."""
        target_type = fields["corrects_type"]
        version = fields["corrects_version"]
        corrected_values = typed_correction(target_type, fields["corrected_fields"])
        if target_type == "OutcomeObserved" and "dimension" in corrected_values:
            # The impact is derived from the dimension: it never goes stale.
            corrected_values.setdefault(
                "impact", v.SHORT_TERM_IMPACT.get(corrected_values["dimension"])
            )
        history = self.history
        overrides = corrections_in(history)
        current = corrected(history[version - 1], overrides)
        if all(getattr(current, n) == value for n, value in corrected_values.items()):
            raise RuleViolation(
                f"the correction changes nothing: event #{version} already has those values"
                + (" (as corrected)" if current is not history[version - 1] else "")
            )
        overrides.setdefault(version, {}).update(corrected_values)
        checked: dict[int, dict[str, Any]] = {}
        try:
            fold_history(history, overrides=overrides, validate_today=today, capture=checked)
        except DomainError as error:
            at = error.args[1] if len(error.args) > 1 else version
            raise RuleViolation(
                f"correction refused: with it, event #{at} would break a rule: {error.args[0]}"
            ) from None
        # The values as the target's own rules normalised them (e.g. hours at their scale).
        return {name: checked[version].get(name, value) for name, value in corrected_values.items()}


def typed_correction(target_type: str, values: dict[str, Any]) -> dict[str, Any]:
    """Corrected values typed by the target class's hints, vocabularies normalised."""
    hints = field_types(EVENT_TYPES[target_type])
    typed_values: dict[str, Any] = {}
    for name, value in values.items():
        typed = coerce(hints[name], value, f"{target_type}.{name}")
        vocabulary = vocabulary_for(target_type, name)
        if vocabulary is not None and typed is not None:
            typed = vocabulary.normalise(typed)
        typed_values[name] = typed
    return typed_values


def corrections_in(events: Iterable[EngagementEvent]) -> dict[int, dict[str, Any]]:
    """version -> corrected fields, later corrections of the same field winning."""
    overrides: dict[int, dict[str, Any]] = {}
    for event in events:
        if isinstance(event, EventCorrected):
            target = overrides.setdefault(event.corrects_version, {})
            hints = field_types(EVENT_TYPES[event.corrects_type])
            for name, value in event.corrected_fields.items():
                target[name] = coerce(hints[name], value, name)
    return overrides


def corrected(event: EngagementEvent, overrides: dict[int, dict[str, Any]]) -> EngagementEvent:
    """The event as corrected, or itself when nothing corrects it."""
    fields = overrides.get(event.originator_version)
    return dataclasses.replace(event, **fields) if fields else event


def fold_history(
    events: Sequence[EngagementEvent],
    *,
    overrides: dict[int, dict[str, Any]] | None = None,
    occurred_by: date | None = None,
    validate_today: date | None = None,
    capture: dict[int, dict[str, Any]] | None = None,
) -> EngagementState:
    """Fold events (in recorded order) into a fresh state, applying corrections.

    ``occurred_by`` keeps what had occurred by that date (``show --as-of``), every such event
    and nothing else: the rules refuse an event naming what did not exist yet on its date,
    so nothing needs skipping. Corrections that occurred later but change what the view
    shows are applied too, and listed in ``state.corrected_later``.
    ``validate_today`` re-runs every event's rules (of its own epoch) and raises
    ``DomainError(message, version)``; ``capture`` then receives each event's checked fields.
    """
    if overrides is None:
        overrides = corrections_in(events)
    state = EngagementState()
    kept: dict[int, date] = {}
    for original in events:
        try:
            event = corrected(original, overrides)
        except DomainError as error:  # a corrected value the event class itself refuses
            raise DomainError(str(error), original.originator_version) from None
        if occurred_by is not None and event.occurred_on > occurred_by:
            if isinstance(event, EventCorrected):
                _note_later(state, event, kept, occurred_by)
            continue
        kept[event.originator_version] = event.occurred_on
        if validate_today is not None:
            fields = {name: getattr(event, name) for name in given_fields(type(event).__name__)}
            try:
                checked = check(
                    state if state.version else None,
                    type(event).__name__,
                    fields,
                    validate_today,
                    event.rules_version,
                )
            except DomainError as error:
                raise DomainError(str(error), event.originator_version) from None
            if capture is not None:
                capture[event.originator_version] = checked
        state.apply(event)
    if occurred_by is not None and state.corrected_later:
        # Only corrections of events the view holds (or that moved one into or out of it).
        state.corrected_later = [
            c for c in state.corrected_later if c["corrects_version"] in kept or c.get("moved")
        ]
        for entry in state.corrected_later:
            entry.pop("moved", None)
    return state


def _note_later(
    state: EngagementState, event: EventCorrected, kept: dict[int, date], day: date
) -> None:
    moved = "occurred_on" in event.corrected_fields
    state.corrected_later.append(
        {
            "version": event.originator_version,
            "corrects_version": event.corrects_version,
            "corrects_type": event.corrects_type,
            "reason": event.reason,
            "corrected_fields": dict(event.corrected_fields),
            "on": event.occurred_on,
            "moved": moved,  # type: ignore[typeddict-unknown-key]
        }
    )
