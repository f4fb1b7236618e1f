"""JSON Schemas of the event catalogue, generated from the event classes themselves.

One schema per event type and class version, describing the event as it appears in an
export line (and ``timeline --json``). ``cec-ledger schema --write events/`` writes them; a
test regenerates them and fails if ``events/`` differs, so the published schemas cannot
drift from the code.

Over 400 lines because the schema of an event and the Markdown catalogue written from it
(``catalogue_markdown``) read the same hints and must change together.
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import bounds as b
from cec_ledger.domain import bounds_model as bm
from cec_ledger.domain.events import (
    EVENT_TYPES,
    RULES_EPOCH,
    given_fields,
    stored_fields,
    vocabulary_for,
)
from cec_ledger.domain.typed import field_types, json_schema
from cec_ledger.domain.vocabulary import FRAMEWORK_ELEMENT, GOAL_RESULT, MEMBER_ROLE

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def class_version(event_type: str) -> int:
    return getattr(EVENT_TYPES[event_type], "class_version", 1)


def _name(minimum: int) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": minimum,
        "maxLength": b.MAX_NAME,
        "pattern": b.NAME_PATTERN,
    }


_TEXT = {"type": "string", "maxLength": b.MAX_TEXT, "pattern": b.TEXT_PATTERN}


def _amount(kind: b.Amount) -> dict[str, Any]:
    return {"type": "string", "pattern": kind.pattern}


def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a bounded field kind (``domain.bounds.FIELD_KINDS``): the same
    bounds the rules of epoch 2 enforce (a test compares them value by value)."""
    if kind == "id":
        return {"type": "string", "pattern": b.ID_PATTERN}
    if kind == "name":
        return _name(1)
    if kind == "label":
        return _name(0)
    if kind == "text":
        return dict(_TEXT)
    if kind == "hours":
        return _amount(b.SESSION_HOURS)
    if kind == "money":
        return _amount(b.MONEY)
    if kind == "score":
        return _amount(b.SCORE)
    if kind == "participants":
        low, high = b.PARTICIPANTS
        return {"type": "integer", "minimum": low, "maximum": high}
    if kind in ("names", "texts"):
        item = _name(1) if kind == "names" else dict(_TEXT)
        return {"type": "array", "maxItems": b.MAX_ITEMS, "items": item}
    if kind in ("named_texts", "ratings"):
        value = dict(_TEXT) if kind == "named_texts" else {"anyOf": [_name(0), {"type": "integer"}]}
        return {
            "type": "object",
            "maxProperties": b.MAX_ITEMS,
            "propertyNames": _name(1),
            "additionalProperties": value,
        }
    if kind == "services":
        low, high = b.COHORTS
        return {
            "type": "array",
            "maxItems": b.MAX_ITEMS,
            "items": {
                "type": "object",
                "properties": {
                    "service_id": kind_schema("id"),
                    "name": _name(0),
                    "hours": _amount(b.PLAN_HOURS),
                    "budget": {"anyOf": [_amount(b.MONEY), {"type": "null"}]},
                    "price_note": {"anyOf": [dict(_TEXT), {"type": "null"}]},
                    "cohorts": {
                        "anyOf": [
                            {"type": "integer", "minimum": low, "maximum": high},
                            {"type": "null"},
                        ]
                    },
                },
            },
        }
    if kind in _MODEL_KINDS:
        return _MODEL_KINDS[kind]()
    raise ValueError(f"no schema for kind {kind!r}")  # pragma: no cover - a table typo


def _array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "maxItems": b.MAX_ITEMS, "items": item}


def _record(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _school_year() -> dict[str, Any]:
    return {"type": "string", "pattern": bm.SCHOOL_YEAR_PATTERN}


# The CEC model's field kinds (rules epoch 3; ``domain.bounds.MODEL_KINDS``).
_MODEL_KINDS: dict[str, Any] = {
    "value": lambda: {"type": "string", "pattern": bm.VALUE_PATTERN},
    "elements": lambda: _array({"enum": list(FRAMEWORK_ELEMENT.tokens)}),
    "ids": lambda: _array(kind_schema("id")),
    "event_refs": lambda: _array({"type": "integer", "minimum": 1}),
    "lesson_refs": lambda: _array({"type": "string", "pattern": bm.LESSON_REF_PATTERN}),
    "plan_goals": lambda: _array(
        _record(
            {
                "goal_id": kind_schema("id"),
                "text": _name(1),
                "elements": kind_schema("elements"),
                "gans": _array(_name(1)),
            }
        )
    ),
    "horizon": lambda: _record({"first": _school_year(), "last": _school_year()}),
    "planning_group": lambda: _array(
        _record({"member": _name(1), "role": {"enum": list(MEMBER_ROLE.tokens)}})
    ),
    "goal_results": lambda: _array(
        _record(
            {
                "goal_id": kind_schema("id"),
                "result": {"enum": list(GOAL_RESULT.tokens)},
                "evidence": dict(_TEXT) | {"minLength": 1},
            }
        )
    ),
}


def _nullable(hint: Any) -> bool:
    return "None" in str(hint)


def _field_schema(event_type: str, name: str, hint: Any) -> dict[str, Any]:
    """A field as rules epoch 1 accepted it (its type and vocabulary only)."""
    if name == "rules_version":
        return {
            "type": "integer",
            "minimum": 1,
            "maximum": RULES_EPOCH,
            "description": "The rules epoch that judged the event (set by the ledger)",
        }
    vocabulary = vocabulary_for(event_type, name)
    if vocabulary is not None:
        schema: dict[str, Any] = {"enum": list(vocabulary.tokens)}
        return {"anyOf": [schema, {"type": "null"}]} if _nullable(hint) else schema
    return json_schema(hint)


def _strict(event_type: str, hints: dict[str, Any]) -> dict[str, Any]:
    """The fields rules epoch 2 bounds, as their tighter schemas."""
    properties: dict[str, Any] = {}
    for name, kind in b.FIELD_KINDS[event_type].items():
        if kind is None:
            continue
        schema = kind_schema(kind)
        properties[name] = (
            {"anyOf": [schema, {"type": "null"}]} if _nullable(hints[name]) else schema
        )
    return properties


def _correctable(event_type: str) -> list[str]:
    cls = EVENT_TYPES[event_type]
    return [
        n for n in given_fields(event_type) if n not in cls.identity_fields and n != "recorded_by"
    ]


def _corrections() -> list[dict[str, Any]]:
    """``corrected_fields`` constrained by ``corrects_type``: only that type's correctable
    fields, each of its own type."""
    rules = []
    for target in EVENT_TYPES:
        if target == "EventCorrected":
            continue
        hints = field_types(EVENT_TYPES[target])
        allowed = _correctable(target)
        rules.append(
            {
                "if": {"properties": {"corrects_type": {"const": target}}},
                "then": {
                    "properties": {
                        "corrected_fields": {
                            "type": "object",
                            "minProperties": 1,
                            "propertyNames": {"enum": allowed},
                            "properties": {
                                n: _field_schema(target, n, hints[n])
                                if n != "occurred_on"
                                else {"type": "string", "format": "date"}
                                for n in allowed
                            },
                        }
                    }
                },
            }
        )
    return rules


def event_schema(event_type: str) -> dict[str, Any]:
    """The schema of one event type's export line."""
    cls = EVENT_TYPES[event_type]
    hints = field_types(cls)
    data_fields = [n for n in stored_fields(event_type) if n not in ("occurred_on", "recorded_by")]
    properties = {name: _field_schema(event_type, name, hints[name]) for name in data_fields}
    data: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": data_fields,
        "additionalProperties": False,
    }
    strict = _strict(event_type, hints)
    if strict:
        # Rules change, history stays: events of epoch 1 keep the looser form they were
        # recorded in; from epoch 2 on the bounds hold.
        data["if"] = {"properties": {"rules_version": {"minimum": 2}}}
        data["then"] = {"properties": strict}
    if event_type == "EventCorrected":
        properties["corrects_type"] = {
            "enum": [t for t in EVENT_TYPES if t != "EventCorrected"],
        }
        properties["corrects_version"] = {"type": "integer", "minimum": 1}
        data["allOf"] = _corrections()
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
            "data": data,
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


KIND_WORDS = {
    "id": "lower-case letters, digits and hyphens (1–60)",
    "name": "one line, 1–200 characters",
    "label": "one line, at most 200 characters",
    "text": "at most 10,000 characters; newlines and tabs kept",
    "hours": 'more than 0 and at most 24, 2 decimals ("4.00")',
    "money": '$0 to $10,000,000, 2 decimals ("2500.00")',
    "score": '0 to 1, 4 decimals ("0.4667")',
    "participants": "a whole number from 1 to 100,000",
    "names": "at most 200 items, each one line of 1–200 characters",
    "texts": "at most 200 items, each at most 10,000 characters",
    "named_texts": "at most 200 entries; names one line, texts at most 10,000 characters",
    "ratings": "at most 200 entries; names one line",
    "services": "at most 200 lines: hours more than 0 and at most 2,000, budget $0 to "
    "$10,000,000 or none, 2 decimals; cohorts 1 to 100 or none",
}

RULES_CHANGE = [
    "## Rules change, history stays",
    "",
    "Every event carries `rules_version`: the *rules epoch* that judged it when it was",
    "recorded. An event is always judged by the rules of its own epoch: when it is recorded,",
    "when an export is imported, and when a correction re-checks the history after it. A",
    "newer rule never re-judges recorded history, and never rewrites it: stored bytes do not",
    "change, so `verify` and seals keep holding.",
    "",
    "- **Epoch 1**: the rules as they were before epochs existed. Every event stored before",
    "  then is read as `rules_version: 1` (each event class moved up one version to carry the",
    "  field; its upcaster gives older events epoch 1, and older export lines too).",
    "- **Epoch 2**: epoch 1 plus the bounds in the tables below (hours,",
    "  money, head counts, names and text) with decimals kept in plain notation at a fixed",
    "  scale, and *what existed on a date*: an event naming a team, a member, the plan, a",
    "  responsibility, a consultant or an anchor is refused unless that existed on its",
    "  `occurred_on`. The schemas apply the bounds to events whose `rules_version` is 2 or",
    "  more.",
    "- **Epoch 3** (new events now): the services plan as the CEC services catalogue defines",
    "  it and the CEC model in depth. Sessions name a catalogue service (or none, with a",
    "  reason), a session outside the plan in force on its date says why (`unplanned`), over",
    "  a line's planned hours too (`beyond_plan`), coaching follows the session it supports;",
    "  plan lines snapshot the catalogue's name, kind and price rule (docs/services.md);",
    "  entry points, teams, goals, priorities, outcomes and reflections have the structure of",
    "  the Theory of Action.",
    "- **Plugins' rules** are judged the same way: a plugin sees the event's `rules_version`",
    "  and applies a rule only from the epoch it was introduced in (the services plugin's",
    "  catalogue rules judge events of epoch 3 on). On import, what today's plugins would",
    "  refuse is reported, not enforced (`import --strict` enforces it).",
    "- **Corrections** are judged as if the corrected event had been recorded with the",
    "  corrected values, by the rules of the corrected event's own epoch; plugins see the",
    '  corrected event with `context="correction"`.',
    "",
    "How older events are treated (their stored bytes never change; upcasters only add",
    "fields, on read):",
    "",
    "| older event | read as | in views and reports |",
    "|---|---|---|",
    "| decimals stored as `1E+2` | the same number | written in plain notation (`100`) |",
    "| text over 10,000 characters, control characters | as stored | escaped in tables |",
    "| hours, money or head counts beyond today's bounds | as stored | shown as recorded |",
    "| naming something that did not exist yet on its date | as stored | applied on its date |",
    "| a session of `conflict-resolution-1` / `-2` (the 2026-11 catalogue) | "
    "`conflict-resolution`, part `session_one` / `session_two` (coaching: no part), no "
    'cohort | one "(not recorded)" cohort in the money estimate |',
    "| plan lines `conflict-resolution-1` and `-2` | one `conflict-resolution` line, hours and "
    "budgets summed, the merge in its price note | one line |",
    "| a plan line without a catalogue snapshot | price rule and kind from the catalogue the "
    "ledger shipped in 2026-11, `unknown` for an id it did not hold | money not estimated "
    "for `unknown` |",
    "| a plan line below today's starting price, a budget where none is published | as "
    "stored | shown as recorded |",
    "| coaching that names no session | `follows` null | linked to the latest earlier session "
    "of its service (its team's first), marked inferred |",
    "| a session of a service outside the plan, or over a line's hours, without a reason | "
    "`unplanned` / `beyond_plan` null | listed outside the plan lines / over the plan |",
    "| a Conflict Resolution session over 4 hours or 50 participants, Session Two without "
    "the cohort's Session One | as stored | shown as recorded |",
    "",
]


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
        *RULES_CHANGE,
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
            "| field | type | bounds (rules epoch 2 on) |",
            "|---|---|---|",
        ]
        kinds = b.FIELD_KINDS[schema["title"]]
        for field, spec in data["properties"].items():
            bound = KIND_WORDS.get(kinds.get(field) or "", "")
            lines.append(f"| `{field}` | {_describe_type(spec)} | {bound} |")
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
