"""The published event schemas match the code, export lines validate against them, and the
domain layer stays free of I/O frameworks."""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import orjson
import pytest

from cec_ledger.domain.events import EVENT_TYPES
from cec_ledger.formats.schema import all_schemas
from tests.clihelp import invoke, ok

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "events"
DEMO_JSONL = files("cec_ledger") / "data" / "demo.jsonl"


def test_events_folder_matches_the_code() -> None:
    written = {p.name: p.read_bytes() for p in EVENTS.glob("*.schema.json")}
    expected = all_schemas()
    assert sorted(written) == sorted(expected), "run: cec-ledger schema --write events/"
    for name, schema in expected.items():
        assert orjson.loads(written[name]) == schema, f"{name} is stale"
    assert ok(None, "schema", "--check", str(EVENTS)).out.startswith("17 schemas in")


def test_schema_check_fails_on_drift(tmp_path: Path) -> None:
    ok(None, "schema", "--write", str(tmp_path))
    (tmp_path / "TeamFormed.v1.schema.json").write_text("{}")
    outcome = invoke(None, "schema", "--check", str(tmp_path))
    assert outcome.code == 1
    assert "TeamFormed.v1.schema.json" in outcome.err and "out of date" in outcome.err


def test_every_event_type_has_a_schema_with_its_fields() -> None:
    for event_type in EVENT_TYPES:
        (schema,) = [s for s in all_schemas().values() if s["title"] == event_type]
        assert schema["properties"]["type"] == {"const": event_type}
    anchor = all_schemas()["AnchorCommitted.v1.schema.json"]["properties"]["data"]
    assert anchor["properties"]["anchor"] == {
        "enum": ["board", "administration", "teachers_organization"]
    }


def _validate(instance, schema, path="$"):
    """A small JSON Schema checker for the keywords our schemas use (no extra dependency)."""
    if "const" in schema:
        assert instance == schema["const"], path
    if "enum" in schema:
        assert instance in schema["enum"], f"{path}: {instance!r}"
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                _validate(instance, option, path)
                break
            except AssertionError as error:
                errors.append(error)
        else:
            raise AssertionError(f"{path}: no option matched {instance!r}")
    kind = schema.get("type")
    types = {
        "string": str,
        "integer": int,
        "object": dict,
        "array": list,
        "null": type(None),
        "boolean": bool,
    }
    if kind:
        assert isinstance(instance, types[kind]), f"{path}: {instance!r} is not {kind}"
    if kind == "object":
        for name in schema.get("required", []):
            assert name in instance, f"{path}: missing {name}"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(instance) <= set(props), f"{path}: extra {set(instance) - set(props)}"
        for name, value in instance.items():
            sub = props.get(name, schema.get("additionalProperties", {}))
            if isinstance(sub, dict):
                _validate(value, sub, f"{path}.{name}")
    if kind == "array":
        for i, item in enumerate(instance):
            _validate(item, schema.get("items", {}), f"{path}[{i}]")


def test_demo_sample_lines_validate_against_their_schemas() -> None:
    schemas = {s["title"]: s for s in all_schemas().values()}
    lines = DEMO_JSONL.read_bytes().splitlines()
    assert len(lines) >= 150
    for line in lines:
        row = orjson.loads(line)
        _validate(row, schemas[row["type"]])


def test_a_wrong_line_fails_its_schema() -> None:
    schema = all_schemas()["AnchorCommitted.v1.schema.json"]
    row = orjson.loads(DEMO_JSONL.read_bytes().splitlines()[1])
    row["data"]["anchor"] = "union"
    with pytest.raises(AssertionError):
        _validate(row, schema)


def test_domain_imports_no_io_frameworks() -> None:
    """Like Harlequin's import-linter contract: load the domain alone, look at sys.modules."""
    code = (
        "import sys\n"
        "import cec_ledger.domain.engagement, cec_ledger.domain.capacity\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'click', 'textual', 'sqlite3', 'psycopg', 'psycopg_pool', 'rich'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"domain pulled in: {result.stdout}"
    for path in (ROOT / "src" / "cec_ledger" / "domain").glob("*.py"):
        text = path.read_text()
        for banned in (
            "import click",
            "import textual",
            "import sqlite3",
            "import psycopg",
            "from textual",
            "from click",
            "import os",
        ):
            assert banned not in text, f"{path.name} contains {banned!r}"
