"""The rules registry: one rule per (event class, rules epoch), filled by decorators.

An event recorded under rules epoch *r* (its ``rules_version``) is judged by the latest rule
registered for its class at an epoch <= *r*: epoch 1 holds the rules as they were before
epochs existed (frozen, ``rules_v1``), later epochs register only the classes whose rules
they tighten (``rules_v2``). So a rule change never re-judges recorded history, and a new
epoch is one more module, not an edit of the old rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from cec_ledger.domain.errors import InvalidValue

# A rule checks the fields of one event against the engagement's state before it (and may
# normalise them in place); it raises a DomainError with a message a consultant can act on.
Rule = Callable[[Any, dict[str, Any]], None]
R = TypeVar("R", bound=Rule)

RULES: dict[tuple[type, int], Rule] = {}


def rule(event_class: type, epoch: int = 1) -> Callable[[R], R]:
    """``@rule(SessionDelivered, epoch=2)``: the rule for that class from that epoch on."""

    def register(function: R) -> R:
        key = (event_class, epoch)
        if key in RULES:
            raise TypeError(f"{event_class.__name__} already has a rule for epoch {epoch}")
        RULES[key] = function
        return function

    return register


def rule_for(event_class: type, rules_version: int) -> Rule:
    """The rule judging an event of ``event_class`` recorded under ``rules_version``."""
    for epoch in range(rules_version, 0, -1):
        found = RULES.get((event_class, epoch))
        if found is not None:
            return found
    raise TypeError(f"no rule registered for {event_class.__name__}")  # pragma: no cover


def require_text(fields: dict[str, Any], *names: str) -> None:
    for name in names:
        if not str(fields.get(name) or "").strip():
            raise InvalidValue(f"{name} must not be empty")
