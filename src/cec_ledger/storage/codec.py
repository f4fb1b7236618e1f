"""Stored JSON through eventsourcing's own seams (``TRANSCODER_TOPIC`` and ``MAPPER_TOPIC``).

orjson encodes and decodes, and :class:`TypedMapper` turns the plain JSON back into the dates
and decimals each event class declares, so stored events are plain JSON that an auditor can
read without this code.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from eventsourcing.persistence import Mapper, MapperDeserialisationError, Transcoder
from eventsourcing.utils import resolve_topic

from cec_ledger.domain.errors import DomainError, InvalidValue
from cec_ledger.domain.typed import coerce, field_types, json_passthrough
from cec_ledger.storage.encryption import KEY_ENV
from cec_ledger.storage.errors import LedgerUnavailable


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot store {type(value).__name__} in an event")


def dumps(value: Any) -> bytes:
    """orjson with decimals as exact strings; keys sorted so bytes are stable."""
    return orjson.dumps(value, default=_default, option=orjson.OPT_SORT_KEYS)


class OrjsonTranscoder(Transcoder):
    """Plain JSON via orjson: dates and datetimes as ISO 8601, decimals as strings."""

    def encode(self, obj: Any) -> bytes:
        try:
            return dumps(obj)
        except orjson.JSONEncodeError as error:
            # Before anything is written: e.g. a number beyond 64 bits typed or imported.
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "bad value"
            if "64-bit" in reason:
                reason = "a whole number in it is too large (more than 64 bits)"
            raise InvalidValue(f"cannot store this event: {reason}; nothing was written") from None

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


@functools.cache
def _converters(cls: type) -> tuple[tuple[str, Any], ...]:
    """Per event class, the fields whose JSON form differs from their Python type."""
    converters = []
    for name, hint in field_types(cls).items():
        if name in ("originator_id", "originator_version"):
            continue
        if json_passthrough(hint):
            continue
        if hint is date:
            converters.append((name, date.fromisoformat))
        elif hint is datetime:
            converters.append((name, datetime.fromisoformat))
        else:
            converters.append((name, functools.partial(_coerce_field, hint, name)))
    return tuple(converters)


def _coerce_field(hint: Any, name: str, value: Any) -> Any:
    return coerce(hint, value, name)


class TypedMapper(Mapper):
    """eventsourcing's mapper, plus typed fields restored from their JSON form."""

    def to_domain_event(self, stored_event: Any) -> Any:
        try:
            event = super().to_domain_event(stored_event)
        except MapperDeserialisationError:
            raise LedgerUnavailable(self.explain_unreadable(stored_event)) from None
        cls = type(event)
        state = event.__dict__
        try:
            for name, convert in _converters(cls):
                value = state.get(name)
                if (
                    value is not None and not isinstance(value, date | Decimal | list | dict)
                ) or isinstance(value, list | dict):
                    state[name] = convert(value)
        except (ValueError, DomainError) as error:
            raise MapperDeserialisationError(
                f"stored event {stored_event.originator_id} v{stored_event.originator_version} "
                f"has a bad field: {error}"
            ) from error
        return event

    def explain_unreadable(self, stored_event: Any) -> str:
        """One line on why a stored event cannot be read: the key is missing, wrong or not
        needed (the events are plaintext), or the stored bytes were damaged."""
        where = f"stored event {stored_event.originator_id} v{stored_event.originator_version}"
        state = bytes(stored_event.state)
        plaintext = is_plaintext(state)
        if self.cipher is None:
            if plaintext:
                return f"{where} is not valid JSON (damaged? run 'cec-ledger verify')"
            return (
                f"this ledger is encrypted: set {KEY_ENV} to its key to read it "
                "('cec-ledger verify' works without the key)"
            )
        if plaintext:
            return (
                f"this ledger's events are not encrypted, but {KEY_ENV} is set: unset it to "
                "read them (an encrypted ledger starts empty: 'cec-ledger init --encrypt')"
            )
        return (
            f"{KEY_ENV} does not decrypt {where}: wrong key (or the stored bytes were "
            "changed; run 'cec-ledger verify')"
        )


def is_plaintext(state: bytes) -> bool:
    """True when stored event state is plain JSON (an unencrypted ledger)."""
    try:
        return isinstance(orjson.loads(state), dict)
    except orjson.JSONDecodeError:
        return False


def event_class(topic: str) -> type:
    """The event class for a stored topic (used by projections and verify)."""
    return resolve_topic(topic)
