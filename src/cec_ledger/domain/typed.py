"""Typed values from plain JSON, directed by the event classes' type hints.

Stored events are plain JSON (orjson writes dates as ``"2025-09-02"``, decimals as strings);
reading them back, imported JSONL lines and correction values all go through :func:`coerce`,
which turns JSON into the types an event field declares, or raises :class:`InvalidValue`
naming the field. The same hints drive :func:`json_schema`, so the schema in ``events/``
cannot drift from the code.
"""

from __future__ import annotations

import functools
import types
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, get_args, get_origin, get_type_hints
from uuid import UUID

from cec_ledger.domain.errors import InvalidValue


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """Type hints of a dataclass or TypedDict, resolved once per class."""
    return get_type_hints(cls)


def json_passthrough(hint: Any) -> bool:
    """Whether a field's JSON form *is* its Python value: text, whole numbers, booleans, null,
    and lists, string-keyed objects and unions of those. Such fields need no conversion when
    stored events are read, lines exported or view rows written; dates, decimals, ids,
    TypedDicts and ``Any`` do. The one answer to that question for storage, lines and views."""
    if hint in (str, int, bool, type(None)):
        return True
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is list:
        return json_passthrough(args[0])
    if origin is dict:
        return args[0] is str and json_passthrough(args[1])
    if origin in (typing.Union, types.UnionType):
        return all(json_passthrough(arg) for arg in args)
    return False


def exact_json_types(hint: Any) -> tuple[type, ...] | None:
    """For a scalar pass-through hint, the exact JSON types it accepts unchanged (``str`` ->
    (str,), ``str | None`` -> (str, NoneType)): what a fast path may check with ``type(v) in``
    before falling back to :func:`coerce`. None for anything else. A bool is never an int."""
    if hint in (str, int, bool):
        return (hint,)
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = get_args(hint)
        if all(arg in (str, int, bool, type(None)) for arg in args):
            return tuple(args)
    return None


def coerce(tp: Any, value: Any, path: str) -> Any:
    """Turn a JSON value into ``tp`` or raise InvalidValue mentioning ``path``."""
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        options = get_args(tp)
        if value is None:
            if type(None) in options:
                return None
            raise InvalidValue(f"{path} must not be null")
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return coerce(option, value, path)
            except InvalidValue as error:
                errors.append(str(error))
        raise InvalidValue(
            errors[0] if len(errors) == 1 else f"{path} has the wrong type: {value!r}"
        )
    if origin is list:
        if not isinstance(value, list | tuple):
            raise InvalidValue(f"{path} must be a list, got {_kind(value)}")
        (item_type,) = get_args(tp)
        return [coerce(item_type, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise InvalidValue(f"{path} must be an object, got {_kind(value)}")
        _key_type, value_type = get_args(tp)
        return {str(k): coerce(value_type, item, f"{path}.{k}") for k, item in value.items()}
    if typing.is_typeddict(tp):
        if not isinstance(value, dict):
            raise InvalidValue(f"{path} must be an object, got {_kind(value)}")
        hints = field_types(tp)
        missing = [name for name in hints if name not in value]
        if missing:
            raise InvalidValue(f"{path} is missing {', '.join(missing)}")
        extra = [name for name in value if name not in hints]
        if extra:
            raise InvalidValue(f"{path} has no field {', '.join(extra)}")
        return {name: coerce(hint, value[name], f"{path}.{name}") for name, hint in hints.items()}
    return _scalar(tp, value, path)


def _scalar(tp: Any, value: Any, path: str) -> Any:
    if tp is str:
        if isinstance(value, str):
            return value
    elif tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is Decimal:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise InvalidValue(f"{path} must be a number, got {value!r}") from None
            if number.is_finite():
                return number
    elif tp is date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise InvalidValue(f"{path} must be a date YYYY-MM-DD, got {value!r}") from None
    elif tp is datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                raise InvalidValue(f"{path} must be an ISO timestamp, got {value!r}") from None
            if parsed.tzinfo is None:
                raise InvalidValue(f"{path} must carry a time zone, got {value!r}")
            return parsed
    elif tp is UUID:
        if isinstance(value, UUID):
            return value
        if isinstance(value, str):
            try:
                return UUID(value)
            except ValueError:
                raise InvalidValue(f"{path} must be a UUID, got {value!r}") from None
    else:  # pragma: no cover - a programming error in an event class
        raise TypeError(f"no coercion for {tp!r}")
    raise InvalidValue(f"{path} must be {_TYPE_NAMES.get(tp, tp)}, got {_kind(value)} {value!r}")


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", Decimal: "a number"}


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def json_schema(tp: Any) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the JSON form of ``tp``."""
    origin = get_origin(tp)
    if tp is Any:
        return {}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [json_schema(option) for option in get_args(tp)]}
    if origin is list:
        return {"type": "array", "items": json_schema(get_args(tp)[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": json_schema(get_args(tp)[1])}
    if typing.is_typeddict(tp):
        hints = field_types(tp)
        return {
            "type": "object",
            "properties": {name: json_schema(hint) for name, hint in hints.items()},
            "required": list(hints),
            "additionalProperties": False,
        }
    return dict(_SCALAR_SCHEMAS[tp])


_SCALAR_SCHEMAS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    Decimal: {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
    UUID: {"type": "string", "format": "uuid"},
}
