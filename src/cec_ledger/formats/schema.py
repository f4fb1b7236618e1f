"""JSON Schemas of the event catalogue, generated from the event classes themselves.

One schema per event type and class version, describing the event as it appears in an
export line (and ``timeline --json``). ``cec-ledger schema --write events/`` writes them; a
test regenerates them and fails if ``events/`` differs, so the published schemas cannot
drift from the code.
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain.events import EVENT_TYPES, stored_fields, vocabulary_for
from cec_ledger.domain.typed import field_types, json_schema

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def class_version(event_type: str) -> int:
    return getattr(EVENT_TYPES[event_type], "class_version", 1)


def event_schema(event_type: str) -> dict[str, Any]:
    """The schema of one event type's export line."""
    cls = EVENT_TYPES[event_type]
    hints = field_types(cls)
    data_fields = [n for n in stored_fields(event_type) if n not in ("occurred_on", "recorded_by")]
    properties: dict[str, Any] = {}
    for name in data_fields:
        schema = json_schema(hints[name])
        vocabulary = vocabulary_for(event_type, name)
        if vocabulary is not None:
            schema = {"enum": list(vocabulary.tokens)}
            if "None" in str(hints[name]):
                schema = {"anyOf": [schema, {"type": "null"}]}
        properties[name] = schema
    version = class_version(event_type)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://cec-ledger.example/events/{event_type}.v{version}.schema.json",
        "title": event_type,
        "description": " ".join((cls.__doc__ or "").split()),
        "type": "object",
        "properties": {
            "id": {
                "type": "string",
                "format": "uuid",
                "description": "uuid5(engagement_id, 'v<version>'): stable across export/import",
            },
            "engagement_id": {"type": "string", "format": "uuid"},
            "engagement": {"type": "string", "description": "The engagement's slug"},
            "version": {
                "type": "integer",
                "minimum": 1,
                "description": "Position of the event in its engagement's stream",
            },
            "position": {
                "type": "integer",
                "minimum": 1,
                "description": "Position in the whole ledger's log (export only)",
            },
            "type": {"const": event_type},
            "occurred_on": {
                "type": "string",
                "format": "date",
                "description": "When it happened (given by the user)",
            },
            "recorded_at": {
                "type": "string",
                "format": "date-time",
                "description": "When it was recorded (set by the system)",
            },
            "recorded_by": {"type": "string", "description": "Who recorded it"},
            "data": {
                "type": "object",
                "properties": properties,
                "required": data_fields,
                "additionalProperties": False,
            },
        },
        "required": [
            "id",
            "engagement_id",
            "version",
            "type",
            "occurred_on",
            "recorded_at",
            "recorded_by",
            "data",
        ],
        "additionalProperties": False,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every event type."""
    return {
        f"{event_type}.v{class_version(event_type)}.schema.json": event_schema(event_type)
        for event_type in EVENT_TYPES
    }


def catalogue_markdown() -> str:
    """``docs/events.md``: the event catalogue as a readable page, from the schemas."""
    lines = [
        "# Event catalogue",
        "",
        "Generated from the JSON Schemas in `events/` by `cec-ledger schema --docs docs/events.md`;",
        "a test fails when this page and the code disagree. Every event also carries `id`,",
        "`engagement_id`, `engagement` (slug), `version` (its place in the engagement's stream),",
        "`occurred_on` (when it happened, given by the user), `recorded_at` (set by the system)",
        "and `recorded_by`.",
        "",
    ]
    for name, schema in all_schemas().items():
        data = schema["properties"]["data"]
        lines += [
            f"## {schema['title']} (v{class_version(schema['title'])})",
            "",
            schema["description"],
            "",
            f"Schema: [`events/{name}`](../events/{name})",
            "",
            "| field | type |",
            "|---|---|",
        ]
        for field, spec in data["properties"].items():
            lines.append(f"| `{field}` | {_describe_type(spec)} |")
        lines.append("")
    return "\n".join(lines)


def _describe_type(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    if "anyOf" in spec:
        return " or ".join(_describe_type(s) for s in spec["anyOf"])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_describe_type(spec.get('items', {}))}"
    if kind == "object":
        if "properties" in spec:
            return "object {" + ", ".join(spec["properties"]) + "}"
        extra = spec.get("additionalProperties")
        return f"map of {_describe_type(extra)}" if isinstance(extra, dict) else "object"
    if kind == "string" and spec.get("format"):
        return spec["format"]
    if kind == "string" and spec.get("pattern"):
        return "decimal (string)"
    return str(kind)
