"""The service catalogue (seed 004 and the Step 1 programmes), contributed by plugins, and
the event-validation hook that lets plugins add domain rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cec_ledger.domain.errors import NotFound, RuleViolation
from cec_ledger.plugins import Malformed, cached, call_each, collect, failure_hint

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


def validate_event(event_type: str, fields: dict[str, Any], engagement: dict[str, Any]) -> None:
    """Let every plugin check an event before it is recorded.

    A ``RuleViolation`` from a plugin is a refusal and propagates unchanged; any other
    exception (or a non-None return) becomes a ``PluginError`` naming the plugin and hook.
    Plugins get a copy of the event's fields and a read-only view of the engagement, so no
    plugin can change what the ledger records. The view is lazy: copying every session so
    far for every event made validating a long engagement quadratic.
    """
    import copy

    call_each(
        "cec_ledger_validate_event",
        passthrough=(RuleViolation,),
        expect_none=True,
        event_type=event_type,
        fields=copy.deepcopy(fields),
        engagement=read_only(engagement),
    )


def read_only(value: Any) -> Any:
    """A read-only view of plain data: mappings and sequences that refuse changes."""
    if isinstance(value, dict):
        return ReadOnlyMapping(value)
    if isinstance(value, list | tuple):
        return ReadOnlyList(value, len(value))
    return value


class ReadOnlyMapping(Mapping[str, Any]):
    """A dict seen without the means to change it (values are read-only views too)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return read_only(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"ReadOnlyMapping({self._data!r})"


class ReadOnlyList(Sequence[Any]):
    """The first ``length`` items of a list, read-only. The length is fixed when the view is
    made, so a list the ledger keeps appending to still looks the same to the plugin."""

    def __init__(self, items: list[Any] | tuple[Any, ...], length: int) -> None:
        self._items = items
        self._length = length

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(read_only(item) for item in self._items[: self._length][index])
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return read_only(self._items[index])

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"ReadOnlyList({list(self._items[: self._length])!r})"
