"""How ``check schema`` judges one stored event against the published schemas (``events/``).

The reference is the export line: the event decoded as every reader decodes it, written as
``export`` writes it (``formats.lines.to_line``), validated against the schema of its type.

A faster road gives the same verdict for most events: an unencrypted event stored at its
class's current version holds its data fields as JSON already (with ``class_version``,
``occurred_on``, ``recorded_by`` and ``timestamp`` beside them), in the same text the export
line would carry. When those validate against the schema's ``data`` and envelope parts, the
event is valid; anything else (an older class version, an encrypted ledger, a value that
fails) is judged by the reference road, which alone words the finding. A test runs both roads
over every event the tests produce and over damaged ones (``tests/checks``).
"""

from __future__ import annotations

import functools
from typing import Any

import orjson

from cec_ledger.checks.validator import Validator, compile_schema, describe
from cec_ledger.domain.events import EVENT_TYPES
from cec_ledger.formats.lines import to_line
from cec_ledger.formats.schema import all_schemas

# Stored beside the data fields (storage.codec); ``timestamp`` is the line's ``recorded_at``.
STORED_ENVELOPE = ("class_version", "occurred_on", "recorded_by", "timestamp")


@functools.cache
def validators() -> dict[str, tuple[str, Validator, Validator, dict[str, Validator]]]:
    """Event type -> its schema's file name, the whole schema, its ``data`` part and the
    envelope fields stored with the data, each compiled."""
    found = {}
    for file_name, schema in all_schemas().items():
        properties = schema["properties"]
        envelope = {
            "occurred_on": compile_schema(properties["occurred_on"]),
            "recorded_by": compile_schema(properties["recorded_by"]),
            "timestamp": compile_schema(properties["recorded_at"]),
        }
        found[schema["title"]] = (
            file_name,
            compile_schema(schema),
            compile_schema(properties["data"]),
            envelope,
        )
    return found


def line_problem(event: Any, slug: str) -> str | None:
    """The reference road: what is wrong with the event's export line, or None."""
    line = to_line(event, slug)
    found = validators().get(line["type"])
    if found is None:
        return f"no published schema for the event type {line['type']}"
    file_name, validate, _data, _envelope = found
    problem = validate(line)
    if problem is None:
        return None
    return f"does not validate against {file_name}: {describe(problem)}"


def stored_valid(event_type: str, stored: bytes) -> bool:
    """The fast road: True when the stored JSON of an event at its class's current version
    validates (then its export line does too); False means "ask the reference road"."""
    found = validators().get(event_type)
    cls = EVENT_TYPES.get(event_type)
    if found is None or cls is None:
        return False
    try:
        state = orjson.loads(stored)
    except orjson.JSONDecodeError:
        return False
    if type(state) is not dict or state.get("class_version", 1) != getattr(cls, "class_version", 1):
        return False
    _file, _whole, data_part, envelope = found
    for name, validate in envelope.items():
        if name not in state or validate(state[name]) is not None:
            return False
    data = {k: v for k, v in state.items() if k not in STORED_ENVELOPE}
    return data_part(data) is None
