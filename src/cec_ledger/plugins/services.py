"""The service catalogue (the CEC services catalogue and the Theory of Action's Step 1
programmes), contributed by plugins through ``cec_ledger_register_services``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cec_ledger.domain.errors import NotFound
from cec_ledger.plugins.manager import Malformed, cached, collect, failure_hint

# The Capacity-Building Coaching Delivery Model's delivery options (seed 003).
DELIVERIES = ("training", "facilitating", "networking", "mentoring", "coaching")


@dataclass(frozen=True)
class Service:
    """One catalogue entry. ``budget`` is in dollars; None when CEC publishes no price."""

    id: str
    name: str
    delivery: str
    commitment: str
    budget: Decimal | None
    budget_note: str = ""
    prerequisites: tuple[str, ...] = ()
    max_participants: int | None = None
    hours_per_session: Decimal | None = None
    pathway_step: int = 5
    description: str = ""
    plugin: str = ""


def _decimal(value: Any, what: str, service_id: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float | bool):
        raise Malformed(
            f"service {service_id!r}: {what} must be a Decimal, int or text, "
            f"not {type(value).__name__}"
        )
    try:
        amount = Decimal(str(value).replace(",", "").lstrip("$"))
    except InvalidOperation:
        raise Malformed(f"service {service_id!r}: {what} {value!r} is not an amount") from None
    if amount < 0:
        raise Malformed(f"service {service_id!r}: {what} cannot be negative")
    return amount


def coerce_service(plugin: str, value: Any) -> Service:
    """A registered service (dataclass or mapping) checked and stamped with its plugin."""
    if isinstance(value, Service):
        data: dict[str, Any] = {f: getattr(value, f) for f in Service.__dataclass_fields__}
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise Malformed(f"register() expects a Service or a mapping, got {type(value).__name__}")
    service_id = str(data.get("id") or "")
    if not service_id or not data.get("name"):
        raise Malformed(f"service {data!r} needs an id and a name")
    if unknown := sorted(set(data) - set(Service.__dataclass_fields__)):
        raise Malformed(f"service {service_id!r} has unknown keys: {', '.join(unknown)}")
    if data.get("delivery") not in DELIVERIES:
        raise Malformed(
            f"service {service_id!r}: delivery {data.get('delivery')!r} is not one "
            f"of {', '.join(DELIVERIES)}"
        )
    limit = data.get("max_participants")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise Malformed(f"service {service_id!r}: max_participants must be a positive int")
    step = data.get("pathway_step", 5)
    if step not in (1, 2, 3, 4, 5):
        raise Malformed(f"service {service_id!r}: pathway_step must be 1..5, got {step!r}")
    prerequisites = data.get("prerequisites") or ()
    if isinstance(prerequisites, str):
        raise Malformed(f"service {service_id!r}: prerequisites must be a list of service ids")
    return Service(
        id=service_id,
        name=str(data["name"]),
        delivery=str(data["delivery"]),
        commitment=str(data.get("commitment") or ""),
        budget=_decimal(data.get("budget"), "budget", service_id),
        budget_note=str(data.get("budget_note") or ""),
        prerequisites=tuple(str(p) for p in prerequisites),
        max_participants=limit,
        hours_per_session=_decimal(data.get("hours_per_session"), "hours_per_session", service_id),
        pathway_step=step,
        description=str(data.get("description") or ""),
        plugin=plugin,
    )


def list_services() -> list[Service]:
    """Every registered service, by Pathway step then id. Failing plugins are left out."""

    def build() -> list[Service]:
        found = collect(
            "cec_ledger_register_services", coerce_service, key=lambda s: s.id, what="service"
        )
        return sorted(found, key=lambda s: (s.pathway_step, s.id))

    return cached("services", build)


def get_service(service_id: str) -> Service:
    """The service with this id; ``NotFound`` lists the known ids."""
    services = list_services()
    for service in services:
        if service.id == service_id:
            return service
    known = ", ".join(sorted(s.id for s in services)) or "none (no service plugin installed)"
    raise NotFound(f"unknown service {service_id!r}; known: {known}{failure_hint()}")
