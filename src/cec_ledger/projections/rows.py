"""The view rows of one event and of one engagement (``projections.recorders`` has the tables).

Both hold only what a query filters, sorts or lists on. An encrypted ledger's engagement rows
hold their names, level and Pathway encrypted, as the events hold them; ids, slugs, types,
dates and actors stay readable, as in the log.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson

from cec_ledger.domain.capacity import capacity_history
from cec_ledger.domain.events import EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.formats.lines import plain
from cec_ledger.storage.encryption import encrypt_view_text


def event_row(position: int, eng: int, event: Any) -> tuple[Any, ...]:
    """The ``cec_event_rows`` row of an event (see ``recorders.EVENT_COLUMNS``)."""
    return (
        position,
        eng,
        event.originator_version,
        type(event).__name__,
        event.occurred_on.isoformat(),
        event.timestamp.isoformat(),
        event.recorded_by,
        event.corrects_version if type(event) is EventCorrected else None,
    )


def engagement_row(eng: int, state: EngagementState, cipher: Any = None) -> tuple[Any, ...]:
    """The ``cec_engagement_rows`` row of an engagement (see ``recorders.ENGAGEMENT_COLUMNS``)."""
    pathway = state.pathway()
    index = capacity_history(list(state.responsibilities.values()))["index"]

    def text(value: str) -> str:
        return value if cipher is None else encrypt_view_text(cipher, value)

    return (
        eng,
        state.id,
        state.slug,
        text(state.name),
        text(state.organisation),
        text(state.level),
        "closed" if state.is_closed else "open",
        pathway["reached"],
        text(orjson.dumps(plain(pathway)).decode()),
        state.we_have_a_we,
        state.events,
        state.opened_on.isoformat() if state.opened_on else None,
        state.last_occurred_on.isoformat() if state.last_occurred_on else None,
        len(state.responsibilities),
        str(Decimal(index)),
    )
