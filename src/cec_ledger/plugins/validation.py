"""The bridge from the application's validator seam to the plugins' event-validation hook.

Plugins see plain values (ISO dates, the engagement's sessions so far), never aggregates,
so a plugin cannot reach into or mutate the domain model.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cec_ledger.domain.state import EngagementState


def plugin_validator(event_type: str, fields: dict[str, Any], state: EngagementState) -> None:
    """Run every plugin's ``cec_ledger_validate_event`` before an event is recorded."""
    from cec_ledger.plugins.services import validate_event

    validate_event(event_type, _plain_fields(fields), engagement_view(state))


def engagement_view(state: EngagementState) -> dict[str, Any]:
    """What a plugin may read about the engagement."""
    return {
        "id": state.id,
        "slug": state.slug,
        "level": state.level,
        "entry_point": state.entry_point,
        "opened_on": _iso(state.opened_on),
        "anchors": {a: dict(e, since=_iso(e["since"])) for a, e in state.anchors.items()},
        "teams": sorted(state.teams),
        "plan_services": [s["service_id"] for s in state.plan["services"]] if state.plan else [],
        "sessions": [
            {
                "service_id": s["service_id"],
                "occurred_on": _iso(s["occurred_on"]),
                "participants": s["participants"],
                "hours": s["hours"],
                "delivery": s["delivery"],
            }
            for s in state.sessions
        ],
    }


def _plain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: _iso(v) if isinstance(v, date) else v for k, v in fields.items()}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
