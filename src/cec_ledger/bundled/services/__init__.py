"""The CEC services catalogue and the rules of delivering it (plugin ``cec-ledger-services``).

The entries themselves are data, in ``catalogue.py`` beside this module.

Rules (``cec_ledger_validate_event`` on ``SessionDelivered``): a service's prerequisites must
have been delivered on or before the session's date, and a session may not exceed the
service's participant limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cec_ledger.bundled.services.catalogue import CATALOGUE
from cec_ledger.plugins import RuleViolation, hookimpl

__all__ = ["CATALOGUE", "cec_ledger_register_services", "cec_ledger_validate_event"]

_BY_ID = {service["id"]: service for service in CATALOGUE}


@hookimpl
def cec_ledger_register_services(register: Callable[..., None]) -> None:
    for service in CATALOGUE:
        register(dict(service))


@hookimpl
def cec_ledger_validate_event(
    event_type: str, fields: dict[str, Any], engagement: dict[str, Any]
) -> None:
    if event_type != "SessionDelivered":
        return
    service = _BY_ID.get(str(fields.get("service_id") or ""))
    if service is None:
        return  # not one of ours (or no service): another plugin's business
    on = fields.get("occurred_on")
    earlier = [
        s
        for s in engagement.get("sessions") or ()
        # ISO dates compare correctly as text; a session on the same day counts (two
        # half-day sessions may run morning and afternoon).
        if on is None or s.get("occurred_on") is None or str(s["occurred_on"]) <= str(on)
    ]
    delivered = {s.get("service_id") for s in earlier}
    for prerequisite in service.get("prerequisites", ()):
        if prerequisite not in delivered:
            raise RuleViolation(
                f"{service['id']} requires {prerequisite} to have been delivered first"
            )
    limit = service.get("max_participants")
    participants = fields.get("participants")
    if limit is not None and isinstance(participants, int) and participants > limit:
        raise RuleViolation(
            f"{service['id']} allows at most {limit} participants, got {participants}"
        )
