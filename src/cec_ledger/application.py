"""The application layer: commands (get, mutate, save) and queries over engagement streams.

Each command loads the engagement, lets the aggregate check its rules and record one event,
and saves it in one transaction. If another writer saved the same engagement first, the
event store's (originator id, version) key refuses the write; the command is then retried on
fresh state, where it either still holds (and is recorded) or breaks a rule (and the rule's
message is what the user sees). Nothing here knows about click, Textual or URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Notification

from cec_ledger.domain.engagement import Engagement, engagement_id, fold_history
from cec_ledger.domain.errors import ConcurrentWrite, NotFound, RuleViolation
from cec_ledger.domain.events import EngagementOpened, LedgerEvent
from cec_ledger.domain.state import EngagementState

OPENED_TOPIC = f"{EngagementOpened.__module__}:{EngagementOpened.__qualname__}"
MAX_ATTEMPTS = 8

# A validator sees (event_type, fields, engagement state) before an event is recorded;
# plugins use it to add domain rules (see cec_ledger.services.validate_event).
Validator = Callable[[str, dict[str, Any], EngagementState], None]


class EngagementLedger(Application[UUID]):
    """The eventsourcing application that stores every engagement's events."""

    name = "cec_ledger"

    def __init__(self, env: dict[str, str] | None = None, validator: Validator | None = None):
        super().__init__(env=env)
        self.validator = validator
        self.after_save: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ commands
    def open_engagement(
        self,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
    ) -> LedgerEvent:
        engagement = Engagement.open(
            fields, recorded_by=recorded_by, today=today, timestamp=timestamp
        )
        if self.validator:
            self.validator("EngagementOpened", fields, engagement.state)
        try:
            self.save(engagement)
        except IntegrityError:
            raise RuleViolation(
                f"an engagement with slug {fields['slug']!r} already exists"
            ) from None
        return engagement.history[-1]

    def record(
        self,
        engagement: UUID,
        event_type: str,
        fields: dict[str, Any],
        *,
        recorded_by: str,
        today: date,
        timestamp: datetime | None = None,
    ) -> LedgerEvent:
        """Record one event on an engagement, retrying on a concurrent write."""
        for _attempt in range(MAX_ATTEMPTS):
            aggregate = self.get_engagement(engagement)
            if self.validator:
                self.validator(event_type, fields, aggregate.state)
            event = aggregate.record(
                event_type, fields, recorded_by=recorded_by, today=today, timestamp=timestamp
            )
            try:
                self.save(aggregate)
            except IntegrityError:
                continue  # someone else wrote first: re-check the rules on fresh state
            return event
        raise ConcurrentWrite(
            f"engagement {aggregate.state.slug!r} kept changing under this write "
            f"({MAX_ATTEMPTS} attempts); try again"
        )

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        recordings = super().save(*objs, **kwargs)
        for hook in self.after_save:
            hook()
        return recordings

    # ------------------------------------------------------------------ queries
    def get_engagement(self, engagement: UUID, version: int | None = None) -> Engagement:
        try:
            return self.repository.get(engagement, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"unknown engagement {engagement}") from None

    def has_engagement(self, slug: str) -> bool:
        return bool(list(self.events.get(engagement_id(slug), lte=1)))

    def engagement_events(self, engagement: UUID) -> list[LedgerEvent]:
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
        events = self.engagement_events(engagement)
        if known_at is not None:
            events = [e for e in events if e.timestamp <= known_at]
            if not events:
                raise NotFound(f"the engagement did not exist yet at {known_at.isoformat()}")
        if as_of is not None and events[0].occurred_on > as_of:
            raise NotFound(
                f"the engagement had not opened by {as_of} (opened {events[0].occurred_on})"
            )
        return fold_history(events, occurred_by=as_of)

    def engagement_ids(self) -> list[UUID]:
        """Every engagement, in the order they were opened (scans opened events only)."""
        ids = []
        start = None
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=1000, topics=[OPENED_TOPIC], inclusive_of_start=False
            )
            if not batch:
                return ids
            ids.extend(UUID(str(n.originator_id)) for n in batch)
            start = batch[-1].id

    def notifications(
        self, start: int = 0, *, batch_size: int = 5000, stop: int | None = None
    ) -> Iterator[Sequence[Notification]]:
        """The whole log in batches, in the order it was recorded."""
        position = start
        while True:
            batch = self.recorder.select_notifications(
                start=position, limit=batch_size, stop=stop, inclusive_of_start=False
            )
            if not batch:
                return
            yield batch
            position = batch[-1].id
