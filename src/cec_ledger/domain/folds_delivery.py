"""Targeted support (Theory of Action, Step 5): sessions, consultant handoffs and
responsibilities released to the district (capacity transfer).

Coaching follows a session (the Capacity-Building Coaching Delivery Model): the followed
session's row lists it in ``followed_by``. Coaching recorded before that was modelled (rules
epochs 1 and 2, ``follows`` null) is linked here, on read, to the session it most likely
followed (``inferred_followed``), marked ``follows_inferred``; stored events are untouched.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.folding import folds, on_engagement


@folds(ev.SessionDelivered)
def fold_session_delivered(state: Any, e: ev.SessionDelivered) -> None:
    row: dict[str, Any] = {
        "version": e.originator_version,
        "delivery": e.delivery,
        "topic": e.topic,
        "hours": e.hours,
        "participants": e.participants,
        "consultant": e.consultant,
        "service_id": e.service_id,
        "team_id": e.team_id,
        "occurred_on": e.occurred_on,
        "cohort": e.cohort,
        "part": e.part,
        "follows": e.follows,
        "follows_inferred": False,
        "purpose": e.purpose,
        "followed_by": [],
        "unplanned": e.unplanned,
        "beyond_plan": e.beyond_plan,
        "rules_version": e.rules_version,
    }
    if e.delivery == "coaching":
        followed = None
        if e.follows is not None:
            followed = session_by_version(state, e.follows)
        else:
            followed = inferred_followed(state, row)
            if followed is not None:
                row.update(follows=followed["version"], follows_inferred=True)
        if followed is not None:
            followed["followed_by"].append(e.originator_version)
            if row["purpose"] is None:
                row["purpose"] = v.PURPOSE_AFTER.get(followed["delivery"])
    state.sessions.append(row)
    on_engagement(state, e.consultant, e.occurred_on)


def session_by_version(state: Any, version: int) -> dict[str, Any] | None:
    """The session row of event #version, if that event is a session."""
    for row in reversed(state.sessions):
        if row["version"] == version:
            return row  # type: ignore[no-any-return]
    return None


def inferred_followed(state: Any, coaching: dict[str, Any]) -> dict[str, Any] | None:
    """The session a coaching recorded before the Coaching Delivery Model was modelled
    follows (the ledger's own inference, C19): the latest earlier non-coaching session of
    the same service on or before its date, preferring one on the same team."""
    candidates = [
        row
        for row in state.sessions
        if row["delivery"] != "coaching"
        and row["service_id"] == coaching["service_id"]
        and row["occurred_on"] <= coaching["occurred_on"]
    ]
    same_team = [r for r in candidates if r["team_id"] == coaching["team_id"]]
    pool = same_team if coaching["team_id"] is not None and same_team else candidates
    if not pool:
        return None
    return max(pool, key=lambda r: (r["occurred_on"], r["version"]))  # type: ignore[no-any-return]


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
        service_id=e.service_id,
        prepared_by=list(e.prepared_by),
    )
    entry["history"].append(
        {
            "on": e.occurred_on,
            "release_level": e.release_level,
            "holder": e.holder,
            "team_id": e.team_id,
            "service_id": e.service_id,
            "prepared_by": list(e.prepared_by),
        }
    )
