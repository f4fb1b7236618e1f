"""The fold registry: how each event class folds into an engagement's state.

Folds live in modules by Pathway concern (``folds_engagement``, ``folds_plan``, ``folds_teams``,
``folds_delivery``, ``folds_reflection``); ``domain.state`` imports them all, so every class has
its fold registered before any state folds an event (``tests/test_event_registry.py`` checks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from cec_ledger.domain.dispatch import registrar

Fold = Callable[[Any, Any], None]
# Event class -> how it folds into the state; one entry per event class.
FOLDS: dict[type, Fold] = {}
folds = registrar(FOLDS)


def on_engagement(state: Any, consultant: str | None, on: date) -> None:
    """A consultant is on the engagement from ``on`` (lead, a session, a handoff)."""
    if not consultant:
        return
    if consultant not in state.consultants:
        state.consultants.append(consultant)
    known = state.consultant_since.get(consultant)
    if known is None or on < known:
        state.consultant_since[consultant] = on
