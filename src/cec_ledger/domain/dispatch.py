"""Dispatch by event class: one registry per concern (rules, folds), filled by decorators.

As in eventsourcing's own aggregate examples, each handler names the event class it handles,
so a missing one is visible in one place and a completeness test is one loop over the
registry (``tests/test_event_registry.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

H = TypeVar("H", bound=Callable[..., Any])


def registrar(registry: dict[type, Any]) -> Callable[[type], Callable[[H], H]]:
    """A decorator factory: ``@handles(SomeEvent)`` stores the function in ``registry``."""

    def handles(event_class: type) -> Callable[[H], H]:
        def register(function: H) -> H:
            if event_class in registry:
                raise TypeError(f"{event_class.__name__} already has a handler here")
            registry[event_class] = function
            return function

        return register

    return handles
