"""The Engagement aggregate: one partnership with a district or school.

Why one aggregate and not one per team or anchor: every rule of the domain is scoped to an
engagement (a team belongs to it, a correction names an event of it, closing it stops all
writes, nothing may occur before it opened), and one event stream per engagement gives a
total order and optimistic concurrency at exactly that scope. Streams stay modest (a busy
two-year engagement is a few hundred events; benchmarks use 10,000).

The aggregate is the only writer of events. Its state is an :class:`EngagementState` fold;
a correction re-folds the whole history with the corrected values, and is refused if the
corrected history would break a rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from cec_ledger.domain.errors import DomainError, RuleViolation
from cec_ledger.domain.events import (
    EVENT_TYPES,
    EngagementEvent,
    EngagementOpened,
    EventCorrected,
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
    """An engagement's event stream and the invariants that guard it."""

    def __init__(self) -> None:
        self.state = EngagementState()
        self.history: list[EngagementEvent] = []

    @classmethod
    def open(
        cls,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
    ) -> Engagement:
        """Start an engagement: EngagementOpened is its first event."""
        checked = check(None, "EngagementOpened", {**fields, "recorded_by": recorded_by}, today)
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
        """Check the rules, then record one event and fold it into the state."""
        checked = check(self.state, event_type, {**fields, "recorded_by": recorded_by}, today)
        if event_type == "EventCorrected":
            checked["corrected_fields"] = self._checked_correction(checked, today)
        self.trigger_event(EVENT_TYPES[event_type], timestamp=timestamp, **checked)
        return self.history[-1]

    # ------------------------------------------------------------------ folding
    def fold(self, event: EngagementEvent) -> None:
        self.history.append(event)
        if isinstance(event, EventCorrected):
            self.state = fold_history(self.history)
        else:
            self.state.apply(event)

    def _checked_correction(self, fields: dict[str, Any], today: date) -> dict[str, Any]:
        """Type the corrected values and prove the corrected history still holds."""
        target_type = fields["corrects_type"]
        hints = field_types(EVENT_TYPES[target_type])
        corrected: dict[str, Any] = {}
        for name, value in fields["corrected_fields"].items():
            typed = coerce(hints[name], value, f"{target_type}.{name}")
            vocabulary = vocabulary_for(target_type, name)
            if vocabulary is not None:
                typed = vocabulary.normalise(typed)
            corrected[name] = typed
        target = self.history[fields["corrects_version"] - 1]
        unchanged = [n for n, value in corrected.items() if getattr(target, n) == value]
        if len(unchanged) == len(corrected):
            raise RuleViolation(
                f"the correction changes nothing: event #{target.originator_version} already "
                f"has those values"
            )
        overrides = corrections_in(self.history)
        overrides.setdefault(fields["corrects_version"], {}).update(corrected)
        try:
            fold_history(self.history, overrides=overrides, validate_today=today)
        except DomainError as error:
            raise RuleViolation(
                f"correction refused: with it, event #{error.args[1]} would break a rule: "
                f"{error.args[0]}"
            ) from None
        return corrected


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
) -> EngagementState:
    """Fold events (in recorded order) into a fresh state, applying corrections.

    ``occurred_by`` keeps only what had occurred by that date (``show --as-of``); events that
    depend on something filtered out (a member of a team formed later) are skipped there.
    ``validate_today`` re-runs every rule and raises ``DomainError(message, version)``.
    """
    if overrides is None:
        overrides = corrections_in(events)
    state = EngagementState()
    for original in events:
        event = corrected(original, overrides)
        if occurred_by is not None and event.occurred_on > occurred_by:
            continue
        if validate_today is not None:
            fields = {name: getattr(event, name) for name in _payload(event)}
            try:
                check(
                    state if state.version else None, type(event).__name__, fields, validate_today
                )
            except DomainError as error:
                raise DomainError(str(error), event.originator_version) from None
        elif occurred_by is not None and not _applies(state, event):
            continue
        state.apply(event)
    return state


def _payload(event: EngagementEvent) -> list[str]:
    skip = {"originator_id", "originator_version", "timestamp", "originator_topic"}
    return [f.name for f in dataclasses.fields(event) if f.name not in skip]


def _applies(state: EngagementState, event: EngagementEvent) -> bool:
    """Whether a filtered (as-of) fold can apply the event: what it refers to exists."""
    if not state.version:
        return isinstance(event, EngagementOpened)
    team_id = getattr(event, "team_id", None)
    name = type(event).__name__
    if team_id is not None and name != "TeamFormed" and team_id not in state.teams:
        return False
    return not (name == "PlanChanged" and state.plan is None)
