"""The published event schemas match the code, export lines validate against them, and the
domain layer stays free of I/O frameworks."""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import orjson

from cec_ledger.domain.events import EVENT_TYPES
from cec_ledger.formats.schema import all_schemas
from tests.clihelp import invoke, ok
from tests.schemacheck import check_export, errors_of

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "events"
DEMO_JSONL = files("cec_ledger") / "data" / "demo.jsonl"


def test_events_folder_matches_the_code() -> None:
    written = {p.name: p.read_bytes() for p in EVENTS.glob("*.schema.json")}
    expected = all_schemas()
    assert sorted(written) == sorted(expected), "run: cec-ledger schema --write events/"
    for name, schema in expected.items():
        assert orjson.loads(written[name]) == schema, f"{name} is stale"
    assert ok(None, "schema", "--check", str(EVENTS)).out.startswith("21 schemas in")


def test_schema_check_fails_on_drift(tmp_path: Path) -> None:
    ok(None, "schema", "--write", str(tmp_path))
    (tmp_path / "TeamFormed.v2.schema.json").write_text("{}")
    outcome = invoke(None, "schema", "--check", str(tmp_path))
    assert outcome.code == 1
    assert "TeamFormed.v2.schema.json" in outcome.err and "out of date" in outcome.err


def test_every_event_type_has_a_schema_with_its_fields() -> None:
    for event_type in EVENT_TYPES:
        (schema,) = [s for s in all_schemas().values() if s["title"] == event_type]
        assert schema["properties"]["type"] == {"const": event_type}
    anchor = all_schemas()["AnchorCommitted.v2.schema.json"]["properties"]["data"]
    assert anchor["properties"]["anchor"] == {
        "enum": ["board", "administration", "teachers_organization"]
    }


def test_demo_sample_lines_validate_against_their_schemas() -> None:
    lines = DEMO_JSONL.read_bytes()
    assert check_export(lines) >= 150


def test_a_wrong_line_fails_its_schema() -> None:
    row = orjson.loads(DEMO_JSONL.read_bytes().splitlines()[2])  # [1]: the entry point
    assert row["type"] == "AnchorCommitted" and not errors_of(row)
    row["data"]["anchor"] = "union"
    assert errors_of(row)


def test_the_schemas_hold_epoch_2_events_to_the_bounds_and_keep_epoch_1_as_it_was() -> None:
    row = next(
        orjson.loads(line)
        for line in DEMO_JSONL.read_bytes().splitlines()
        if b'"SessionDelivered"' in line
    )
    row["data"].update(rules_version=2, hours="40.00")
    assert any("hours" in e for e in errors_of(row))
    row["data"].update(hours="4.00", participants=0)
    assert any("participants" in e for e in errors_of(row))
    row["data"].update(participants=3, topic="x" * 201)
    assert any("topic" in e for e in errors_of(row))
    row["data"].update(topic="t", hours="-3")
    assert errors_of(row)
    row["data"].update(rules_version=1, hours="40")  # recorded under epoch 1: as it was
    assert not errors_of(row)


def test_corrected_fields_are_constrained_by_the_corrected_type() -> None:
    row = next(
        orjson.loads(line)
        for line in DEMO_JSONL.read_bytes().splitlines()
        if b'"EventCorrected"' in line
    )
    assert not errors_of(row)
    row["data"]["corrected_fields"] = {"colour": "red"}
    assert errors_of(row)
    row["data"]["corrected_fields"] = {}
    assert errors_of(row)
    row["data"]["corrected_fields"] = {"recorded_by": "mallory"}
    assert errors_of(row)


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
