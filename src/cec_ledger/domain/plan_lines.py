"""The services plan's lines (Theory of Action, Step 3, priced by the CEC services catalogue).

The seam between the two halves of the plan events (DirectionSet, PlanChanged): everything
about ``services`` — a line's shape, its upcaster, its rules and how it folds — lives here;
everything else in a plan (emphasis, kind, goals, horizon...) lives with the plan's own rules
and fold (``rules_v*``, ``folds_plan``), which call these functions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def upcast_plan_lines(state: dict[str, Any], from_version: int) -> None:
    """Bring the ``services`` of a stored plan event of class version ``from_version`` up to
    the current line shape (called by the plan events' upcasters). Nothing to do yet."""


def check_plan_lines(state: Any, fields: dict[str, Any]) -> None:
    """The current epoch's rules for the plan lines of a plan event (none beyond the
    epoch-2 rules yet)."""


def plan_lines_entry(services: list[Any]) -> tuple[list[dict[str, Any]], Decimal, Decimal]:
    """The plan's lines as the state keeps them, with total hours and total budget."""
    lines = [dict(s) for s in services]
    hours = sum((Decimal(s["hours"]) for s in lines), Decimal(0))
    budget = sum((Decimal(s["budget"]) for s in lines if s.get("budget") is not None), Decimal(0))
    return lines, hours, budget
