"""Bounds of the CEC model's fields (rules epoch 3): measured values, Framework for Change
elements, ids and event references, lesson references, plan goals, horizons in school years,
strategic planning groups and goal results. Registered in ``bounds.MODEL_KINDS`` so
``bounds.check_value`` knows them; ``formats.schema`` publishes the same bounds.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from cec_ledger.domain.bounds import (
    MODEL_KINDS,
    _plain,
    identifier,
    items,
    name,
    text,
)
from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.vocabulary import FRAMEWORK_ELEMENT

# A measured value (outcomes, team goals): at most 4 decimals and at most 1,000,000,000 either
# way, stored as given in plain notation ("38", "41.5"; "1e2" is stored "100").
VALUE_LIMIT = Decimal(1_000_000_000)
VALUE_PATTERN = r"^-?(?:(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,4})?|1000000000(?:\.0{1,4})?)$"
SCHOOL_YEAR_PATTERN = r"^[0-9]{4}-[0-9]{2}$"
LESSON_REF_PATTERN = r"^r[1-9][0-9]{0,8}\.[1-9][0-9]{0,2}$"
_SCHOOL_YEAR_RE = re.compile(SCHOOL_YEAR_PATTERN)
_LESSON_REF_RE = re.compile(LESSON_REF_PATTERN)


def value(number: Any, label: str) -> Decimal:
    """A measured value: a plain number of at most 4 decimals, |v| <= 1,000,000,000."""
    if isinstance(number, bool) or not isinstance(number, Decimal | int):
        shown = f"text {number!r}" if isinstance(number, str) else repr(number)
        raise InvalidValue(f"{label} must be a plain number such as 38 or 41.5, got {shown}")
    amount_ = Decimal(number)
    if not amount_.is_finite():
        raise InvalidValue(f"{label} must be a plain number such as 38 or 41.5")
    exponent = int(amount_.as_tuple().exponent)
    if abs(amount_) > VALUE_LIMIT or exponent < -4:
        raise InvalidValue(
            f"{label} must be a number of at most 4 decimals and at most 1,000,000,000 "
            f"either way, got {_plain(amount_)}"
        )
    return amount_.quantize(Decimal(1)) if exponent > 0 else amount_ + 0


def elements(values: Any, label: str) -> list[str]:
    """Framework for Change elements as tokens, each once, in the framework's inside-out
    order (the spellings people type, "FLMC" or a full name, are accepted)."""
    tokens = {FRAMEWORK_ELEMENT.normalise(item) for item in items(values, label)}
    return [t for t in FRAMEWORK_ELEMENT.tokens if t in tokens]


def _ids(values: Any, label: str) -> list[str]:
    return [identifier(item, f"{label} item") for item in items(values, label)]


def _event_refs(values: Any, label: str) -> list[int]:
    refs = items(values, label)
    for ref in refs:
        if isinstance(ref, bool) or not isinstance(ref, int) or ref < 1:
            raise InvalidValue(f"{label}: an event number is a whole number from 1, got {ref!r}")
    return refs


def _lesson_refs(values: Any, label: str) -> list[str]:
    refs = [name(item, f"{label} item") for item in items(values, label)]
    for ref in refs:
        if not _LESSON_REF_RE.match(ref):
            raise InvalidValue(
                f"lesson {ref!r}: name a lesson as r<N>.<k>, lesson k of the reflection #N "
                "(e.g. r58.2)"
            )
    return refs


def _object(value_: Any, keys: tuple[str, ...], label: str) -> dict[str, Any]:
    if not isinstance(value_, dict):
        raise InvalidValue(f"every {label} must be an object with {', '.join(keys)}")
    extra = sorted(set(value_) - set(keys))
    if extra:
        raise InvalidValue(f"{label} has no field {', '.join(extra)}")
    return value_


def _plan_goals(values: Any, label: str) -> list[dict[str, Any]]:
    goals = []
    for goal in items(values, label):
        goal = _object(goal, ("goal_id", "text", "elements", "gans"), "goal")
        goal_id = identifier(goal.get("goal_id", ""), "goal id")
        goals.append(
            {
                "goal_id": goal_id,
                "text": name(goal.get("text", ""), f"goal {goal_id!r}"),
                "elements": elements(goal.get("elements", []), f"elements of {goal_id!r}"),
                "gans": [
                    name(g, f"GAN of {goal_id!r}")
                    for g in items(goal.get("gans", []), f"GANs of {goal_id!r}")
                ],
            }
        )
    return goals


def school_year(text_: Any, label: str) -> str:
    if not isinstance(text_, str) or not _SCHOOL_YEAR_RE.match(text_):
        raise InvalidValue(
            f"{label} {text_!r} is not a school year: write it as 2024-25 (July to June)"
        )
    first, second = int(text_[:4]), int(text_[5:])
    if (first + 1) % 100 != second:
        raise InvalidValue(
            f"{label} {text_!r} is not a school year: the second year follows the first "
            f"({first}-{(first + 1) % 100:02d})"
        )
    return text_


def _horizon(value_: Any, label: str) -> dict[str, str]:
    value_ = _object(value_, ("first", "last"), label)
    first = school_year(value_.get("first"), f"{label} from")
    last = school_year(value_.get("last"), f"{label} to")
    if last < first:
        raise InvalidValue(f"{label} ends ({last}) before it begins ({first})")
    return {"first": first, "last": last}


def _planning_group(values: Any, label: str) -> list[dict[str, str]]:
    group = []
    for member in items(values, label):
        member = _object(member, ("member", "role"), "planning group member")
        group.append(
            {
                "member": name(member.get("member", ""), "planning group member"),
                "role": name(member.get("role", ""), "planning group role"),
            }
        )
    return group


def _goal_results(values: Any, label: str) -> list[dict[str, str]]:
    results = []
    for goal in items(values, label):
        goal = _object(goal, ("goal_id", "result", "evidence"), "goal result")
        goal_id = identifier(goal.get("goal_id", ""), "goal id")
        results.append(
            {
                "goal_id": goal_id,
                "result": name(goal.get("result", ""), f"result of goal {goal_id!r}"),
                "evidence": text(goal.get("evidence", ""), f"evidence for goal {goal_id!r}"),
            }
        )
    return results


MODEL_KINDS.update(
    {
        "value": value,
        "elements": elements,
        "ids": _ids,
        "event_refs": _event_refs,
        "lesson_refs": _lesson_refs,
        "plan_goals": _plan_goals,
        "horizon": _horizon,
        "planning_group": _planning_group,
        "goal_results": _goal_results,
    }
)
