"""Export lines checked against the published schemas (``events/``) with ``jsonschema``.

``tests.clihelp.invoke`` runs every successful ``export`` a test makes through
:func:`check_export`, so every line of every ledger the CLI tests build (on both backends)
must validate against the schema of its type: the schemas are the contract auditors read.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import orjson
from jsonschema import Draft202012Validator

from cec_ledger.formats.lines import UNVERIFIED_KEY
from cec_ledger.formats.schema import all_schemas

EVENTS = Path(__file__).resolve().parents[1] / "events"


@functools.cache
def validators() -> dict[str, Draft202012Validator]:
    """Event type -> a validator of its published schema (as written in events/)."""
    found = {}
    for name in all_schemas():
        schema = orjson.loads((EVENTS / name).read_bytes())
        Draft202012Validator.check_schema(schema)
        found[schema["title"]] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return found


def errors_of(row: dict[str, Any]) -> list[str]:
    """Why a line fails its schema (empty when it validates)."""
    validator = validators().get(row.get("type"))  # type: ignore[arg-type]
    if validator is None:
        return [f"no schema for type {row.get('type')!r}"]
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '$'}: {error.message}"
        for error in validator.iter_errors(row)
    ]


def check_export(text: str | bytes) -> int:
    """Assert every line of an export validates; returns how many lines were checked."""
    raw = text.encode() if isinstance(text, str) else text
    checked = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        row = orjson.loads(line)
        if number == 1 and row.get(UNVERIFIED_KEY):
            continue  # the marker of an --unverified export is not an event
        problems = errors_of(row)
        assert not problems, (
            f"export line {number} ({row.get('type')}) fails its schema: {problems}"
        )
        checked += 1
    return checked
