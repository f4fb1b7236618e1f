"""Targeted support (Theory of Action, Step 5): sessions, consultant handoffs and
responsibilities released to the district (capacity transfer).

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.folding import folds, on_engagement


@folds(ev.SessionDelivered)
def fold_session_delivered(state: Any, e: ev.SessionDelivered) -> None:
    state.sessions.append(
        {
            "version": e.originator_version,
            "delivery": e.delivery,
            "topic": e.topic,
            "hours": e.hours,
            "participants": e.participants,
            "consultant": e.consultant,
            "service_id": e.service_id,
            "team_id": e.team_id,
            "occurred_on": e.occurred_on,
        }
    )
    on_engagement(state, e.consultant, e.occurred_on)


@folds(ev.ConsultantHandoff)
def fold_consultant_handoff(state: Any, e: ev.ConsultantHandoff) -> None:
    state.handoffs.append(
        {
            "from_consultant": e.from_consultant,
            "to_consultant": e.to_consultant,
            "content_area": e.content_area,
            "on": e.occurred_on,
            "overlap_until": e.overlap_until,
            "notes": e.notes,
        }
    )
    on_engagement(state, e.to_consultant, e.occurred_on)


@folds(ev.ResponsibilityTransferred)
def fold_responsibility_transferred(state: Any, e: ev.ResponsibilityTransferred) -> None:
    entry = state.responsibilities.setdefault(
        e.responsibility, {"responsibility": e.responsibility, "history": []}
    )
    entry.update(
        team_id=e.team_id,
        release_level=e.release_level,
        holder=e.holder,
        since=e.occurred_on,
    )
    entry["history"].append(
        {
            "on": e.occurred_on,
            "release_level": e.release_level,
            "holder": e.holder,
            "team_id": e.team_id,
        }
    )
