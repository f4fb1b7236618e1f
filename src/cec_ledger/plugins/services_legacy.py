"""Service registrations in the shape documented before rules epoch 3, still accepted.

A plugin written against the older API registered ``delivery``, ``commitment``, ``budget``,
``budget_note``, ``prerequisites`` (service ids), ``max_participants``,
``hours_per_session``, ``pathway_step`` and ``description``. Such a registration keeps
working (issue 15: a plugin written against the documented API keeps working), with a
DeprecationWarning, mapped as the ledger's own reading of what the old keys meant:

* ``budget`` None -> price rule ``not_published``; ``budget`` with ``hours_per_session`` ->
  ``block`` (that budget per block of up to those hours); otherwise ``fixed_per_cohort``;
* ``pathway_step`` 1 -> a Step 1 programme, anything else -> targeted support;
* ``delivery`` -> ``formats`` (as given), ``commitment`` as given, ``max_participants`` ->
  ``participant_limit``, ``description`` -> one untitled list of objectives,
  ``prerequisites`` -> whole-service prerequisites (recorded, not enforced), ``budget_note``
  -> the source of the price rule.
"""

from __future__ import annotations

import warnings
from decimal import Decimal, InvalidOperation
from typing import Any

from cec_ledger.plugins.manager import Malformed

# Keys only the older shape has.
LEGACY_KEYS = frozenset(
    {
        "delivery",
        "budget",
        "budget_note",
        "max_participants",
        "hours_per_session",
        "pathway_step",
        "description",
    }
)
# The older ``Service`` dataclass's fields after ``id`` and ``name``, in order.
LEGACY_ORDER = (
    "delivery",
    "commitment",
    "budget",
    "budget_note",
    "prerequisites",
    "max_participants",
    "hours_per_session",
    "pathway_step",
    "description",
    "plugin",
)
# The Capacity-Building Coaching Delivery Model's delivery options, as the older shape
# named a service's one delivery.
DELIVERIES = ("training", "facilitating", "networking", "mentoring", "coaching")


def is_legacy(data: dict[str, Any]) -> bool:
    return bool(LEGACY_KEYS & set(data)) or any(
        isinstance(p, str) for p in data.get("prerequisites") or ()
    )


def from_legacy(plugin: str, data: dict[str, Any]) -> dict[str, Any]:
    """The v2 keys of an older-shape registration (and a DeprecationWarning)."""
    service_id = str(data["id"])
    warnings.warn(
        f"plugin {plugin!r} registers service {service_id!r} in the shape before rules epoch 3 "
        "(delivery, budget, hours_per_session, pathway_step...); register kind, formats, "
        "price_rule... instead (see docs/plugins.md)",
        DeprecationWarning,
        stacklevel=2,
    )
    unknown = sorted(set(data) - LEGACY_KEYS - {"id", "name", "commitment", "prerequisites"})
    if unknown:
        raise Malformed(f"service {service_id!r} has unknown keys: {', '.join(unknown)}")
    delivery = data.get("delivery")
    if delivery not in DELIVERIES:
        raise Malformed(
            f"service {service_id!r}: delivery {delivery!r} is not one of {', '.join(DELIVERIES)}"
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
    budget = amount(data.get("budget"), "budget", service_id)
    hours = amount(data.get("hours_per_session"), "hours_per_session", service_id)
    if budget is None:
        rule: dict[str, Any] = {"kind": "not_published"}
    elif hours:
        rule = {"kind": "block", "amount": budget, "block_hours": hours, "per": f"{hours} hours"}
    else:
        rule = {"kind": "fixed_per_cohort", "amount": budget}
    note = str(data.get("budget_note") or "")
    description = str(data.get("description") or "")
    return {
        "id": service_id,
        "name": data["name"],
        "kind": "step1_programme" if step == 1 else "targeted_support",
        "formats": (delivery,),
        "commitment": data.get("commitment") or None,
        "participant_limit": limit,
        "prerequisites": tuple(
            {"part": None, "requires": str(p), "scope": "service"} for p in prerequisites
        ),
        "price_rule": rule,
        "objectives": (("", (description,)),) if description else (),
        "sources": (("price_rule", note),) if note else (),
    }


def amount(value: Any, what: str, service_id: str) -> Decimal | None:
    """A registered amount (dollars or hours) as a Decimal; None for none."""
    if value is None or value == "":
        return None
    if isinstance(value, float | bool):
        raise Malformed(
            f"service {service_id!r}: {what} must be a Decimal, int or text, "
            f"not {type(value).__name__}"
        )
    try:
        number = Decimal(str(value).replace(",", "").lstrip("$"))
    except InvalidOperation:
        raise Malformed(f"service {service_id!r}: {what} {value!r} is not an amount") from None
    if not number.is_finite() or number < 0:
        raise Malformed(f"service {service_id!r}: {what} must be a number >= 0")
    return number
