"""Form fields generated from the event classes' type hints and vocabularies.

One widget per payload field: a Select where the field has a closed vocabulary, an Input
otherwise, with a placeholder that says what to type. :func:`read_value` turns the widget's
text back into the plain value the facade parses (dates and decimals stay strings: the
facade parses them and its errors name the field).
"""

from __future__ import annotations

import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any, get_args, get_origin

import orjson
from textual.widget import Widget
from textual.widgets import Input, Select

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.events import EVENT_TYPES, vocabulary_for
from cec_ledger.domain.typed import field_types

# Written by the system, never typed in a form.
SYSTEM_FIELDS = ("recorded_by",)
LIST_SEPARATOR = ";"


def hints_of(event_type: str) -> dict[str, Any]:
    return field_types(EVENT_TYPES[event_type])


def optional(hint: Any) -> bool:
    return get_origin(hint) in (typing.Union, types.UnionType) and type(None) in get_args(hint)


def base_type(hint: Any) -> Any:
    """``X`` for ``X | None``; the hint itself otherwise."""
    if optional(hint):
        rest = [a for a in get_args(hint) if a is not type(None)]
        return rest[0] if len(rest) == 1 else hint
    return hint


def is_text_list(hint: Any) -> bool:
    return get_origin(hint) is list and get_args(hint) == (str,)


def placeholder(name: str, hint: Any) -> str:
    tp = base_type(hint)
    if name == "occurred_on":
        return "YYYY-MM-DD, today, yesterday, last tuesday… (blank: today)"
    suffix = " (optional)" if optional(hint) else ""
    if tp is date:
        text = "YYYY-MM-DD"
    elif tp is Decimal:
        text = "a number, e.g. 1.5"
    elif tp is int:
        text = "a whole number"
    elif is_text_list(tp):
        text = f"items separated by {LIST_SEPARATOR}"
    elif tp is str:
        text = name.replace("_", " ")
    else:
        text = "JSON, e.g. " + _json_example(tp)
    return text + suffix


def _json_example(tp: Any) -> str:
    if get_origin(tp) is dict:
        return '{"key": "value"}'
    if get_origin(tp) is list:
        return '[{"service_id": "s1", "name": "…", "hours": 10, "budget": 1000}]'
    return "…"


def make_widget(event_type: str, name: str, widget_id: str, value: Any = None) -> Widget:
    """The input for one field, optionally pre-filled with a plain value."""
    hint = hints_of(event_type)[name]
    vocabulary = vocabulary_for(event_type, name)
    if vocabulary is not None:
        return Select(
            [(label, token) for token, label in vocabulary.labels.items()],
            value=value if value in vocabulary.labels else Select.NULL,
            prompt="(none)" if optional(hint) else f"choose a {vocabulary.name}",
            id=widget_id,
        )
    return Input(to_text(value, hint), placeholder=placeholder(name, hint), id=widget_id)


def to_text(value: Any, hint: Any) -> str:
    """A plain value as the text a form shows (the inverse of :func:`read_value`)."""
    if value is None:
        return ""
    tp = base_type(hint)
    if is_text_list(tp):
        return f"{LIST_SEPARATOR} ".join(value)
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def read_value(widget: Widget, name: str, hint: Any) -> Any:
    """The plain value a widget holds; None means 'left blank'. Raises InvalidValue."""
    if isinstance(widget, Select):
        return None if widget.value == Select.NULL else widget.value
    assert isinstance(widget, Input)
    text = widget.value.strip()
    tp = base_type(hint)
    if not text:
        return None
    if tp is int:
        try:
            return int(text)
        except ValueError:
            raise InvalidValue(f"{name} must be a whole number, got {text!r}") from None
    if is_text_list(tp):
        return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    if tp in (str, date, Decimal):
        return text
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        raise InvalidValue(f"{name} must be JSON, e.g. {_json_example(tp)}") from None
