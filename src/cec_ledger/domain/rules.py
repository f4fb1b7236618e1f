"""The domain rules an event must satisfy before it is recorded.

``check(state, event_type, fields, today, rules_version)`` raises a :class:`DomainError` with
a message a consultant can act on, or returns the fields normalised (canonical vocabulary
tokens; from rules epoch 2 on, decimals at their fixed scale and text within its bounds) with
``rules_version`` set. The same checks run when a command records an event, when a
correction re-folds history with corrected values, and when an import replays an export, so
nothing reaches the log by one path that another path would refuse.

Each event is judged by the rules of its own epoch (``rules_version``, see
``domain.rulebook``): new events by the current epoch (``events.RULES_EPOCH``), recorded
history by the epoch it was recorded under, never by newer rules.
"""

from __future__ import annotations

import functools
import types
import typing
from datetime import date
from typing import Any

from cec_ledger.domain import bounds
from cec_ledger.domain import bounds_model as _bounds_model  # noqa: F401  (registers kinds)
from cec_ledger.domain import rules_v1 as _v1  # noqa: F401  (registers epoch 1)
from cec_ledger.domain import rules_v2 as _v2  # noqa: F401  (registers epoch 2)
from cec_ledger.domain import rules_v3_delivery as _v3_delivery  # noqa: F401  (epoch 3)
from cec_ledger.domain import rules_v3_model as _v3_model  # noqa: F401  (epoch 3)
from cec_ledger.domain import rules_v3_reflection as _v3_reflection  # noqa: F401  (epoch 3)
from cec_ledger.domain import rules_v3_teams as _v3_teams  # noqa: F401  (epoch 3)
from cec_ledger.domain.errors import (
    EngagementClosed,
    InvalidValue,
    NotFound,
    RuleViolation,
)
from cec_ledger.domain.events import EVENT_TYPES, RULES_EPOCH, given_fields
from cec_ledger.domain.rulebook import RULES, rule_for
from cec_ledger.domain.state import EngagementState
from cec_ledger.domain.typed import field_types

__all__ = ["RULES", "check", "normalise"]


def check(
    state: EngagementState | None,
    event_type: str,
    fields: dict[str, Any],
    today: date,
    rules_version: int = RULES_EPOCH,
) -> dict[str, Any]:
    """Validate ``fields`` for an ``event_type`` against the engagement's state, by the rules
    of epoch ``rules_version``; returns them normalised, with ``rules_version`` set."""
    if event_type not in EVENT_TYPES:
        raise InvalidValue(f"unknown event type {event_type!r}")
    if isinstance(rules_version, bool) or not isinstance(rules_version, int):
        raise InvalidValue(f"rules_version must be a whole number, got {rules_version!r}")
    if not 1 <= rules_version <= RULES_EPOCH:
        raise InvalidValue(
            f"rules_version {rules_version} is not one this ledger knows (1 to {RULES_EPOCH}); "
            "was it written by a newer cec-ledger?"
        )
    fields = {k: val for k, val in fields.items() if k != "rules_version"}
    expected = set(given_fields(event_type))
    missing = sorted(expected - set(fields))
    if missing:
        raise InvalidValue(f"{event_type} is missing {', '.join(missing)}")
    unknown = sorted(set(fields) - expected)
    if unknown:
        raise InvalidValue(f"{event_type} has no field {', '.join(unknown)}")
    for name in _required(event_type):
        if fields[name] is None:
            raise InvalidValue(f"{name} must be given ({event_type} cannot leave it empty)")
    fields = normalise(event_type, fields)
    if rules_version >= 2:
        bounds.check_fields(event_type, fields)
    _check_dates(state, event_type, fields, today)
    if event_type == "EngagementOpened":
        if state is not None and state.version:
            raise RuleViolation(f"engagement {state.slug!r} is already open")
    else:
        if state is None or not state.version:
            raise NotFound("engagement not opened")
        # Corrections, and only corrections, stay possible after an engagement closed.
        if state.is_closed and event_type != "EventCorrected":
            raise EngagementClosed(
                f"engagement {state.slug!r} was closed on {state.closed_on}; "
                "nothing more can be recorded (corrections stay possible)"
            )
    rule_for(EVENT_TYPES[event_type], rules_version)(state, fields)
    fields["rules_version"] = rules_version
    return fields


@functools.cache
def _required(event_type: str) -> tuple[str, ...]:
    """Fields whose type does not allow null."""
    hints = field_types(EVENT_TYPES[event_type])
    return tuple(name for name in given_fields(event_type) if not _nullable(hints[name]))


def _nullable(hint: Any) -> bool:
    if hint is Any:
        return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(hint)
    return False


def normalise(event_type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Canonical vocabulary tokens; stripped text."""
    out = dict(fields)
    vocabularies = EVENT_TYPES[event_type].vocabularies  # what vocabulary_for reads, once
    for name, value in fields.items():
        vocabulary = vocabularies.get(name)
        if vocabulary is not None and value is not None:  # None: an optional field left out
            out[name] = vocabulary.normalise(value)
        elif isinstance(value, str):
            out[name] = value.strip()
    return out


def _check_dates(
    state: EngagementState | None, event_type: str, fields: dict[str, Any], today: date
) -> None:
    occurred_on = fields["occurred_on"]
    if not isinstance(occurred_on, date):
        raise InvalidValue(f"occurred_on must be a date, got {occurred_on!r}")
    if occurred_on > today:
        raise RuleViolation(
            f"occurred_on {occurred_on} is in the future (today is {today}); "
            "events record what has happened"
        )
    opened_on = state.opened_on if state is not None else None
    if opened_on and event_type != "EngagementOpened" and occurred_on < opened_on:
        raise RuleViolation(
            f"occurred_on {occurred_on} is before engagement {state.slug!r} "  # type: ignore[union-attr]
            f"opened on {opened_on}"
        )
