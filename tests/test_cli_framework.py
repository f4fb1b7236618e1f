"""Frameworks are discoverable without starting a diagnosis: ``framework list|show`` (and
their JSON), ``diagnose --template`` writes a ratings file that ``diagnose --ratings`` reads
once filled in, ``diagnose --help`` shows the layouts it reads, and the interactive prompt
refuses an answer off the scale at once and asks again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cec_ledger.cli import diagnose as diagnose_module
from cec_ledger.formats.ratings import load_ratings
from cec_ledger.plugins import get_framework
from tests.clihelp import ASSESSED, invoke, ok

E = "maple-ridge"
PLC_IDS = list("ABCDEFGHIJKLMNOP")


@pytest.fixture
def engagement(sqlite_url: str) -> str:
    ok(sqlite_url, "init")
    ok(sqlite_url, *ASSESSED)
    return sqlite_url


def test_framework_list_names_each_framework_with_its_scale() -> None:
    out = ok(None, "framework", "list").out
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "VERSION", "INDICATORS", "SCALE", "NAME"]
    by_id = {row.split()[0]: row for row in rows}
    assert "16" in by_id["plc"].split() and "not_yet < initiating" in by_id["plc"]
    assert "0 to 100 in steps of 5" in by_id["baldrige"]
    listed = ok(None, "framework", "list", "--json").json()
    bundled = {f["id"]: f["indicators"] for f in listed if f["id"] in ("baldrige", "plc")}
    assert bundled == {"baldrige": 17, "plc": 16}  # example plugins in plugins/ may add more
    plc = next(f for f in listed if f["id"] == "plc")
    assert plc["scale"]["kind"] == "ordinal"
    assert [v["value"] for v in plc["scale"]["values"]] == [
        "not_yet",
        "initiating",
        "developing",
        "sustaining",
    ]


def test_framework_show_groups_the_indicators_and_says_the_readiness_ranges() -> None:
    out = ok(None, "framework", "show", "plc").out
    lines = out.splitlines()
    assert lines[0].startswith("plc — PLC")
    assert "Scale: not_yet < initiating < developing < sustaining" in lines
    assert (
        "Readiness: Foundational 0%–25%, Emerging 25%–50%, Developing 50%–75%, "
        "Accomplished from 75%"
    ) in lines
    group = lines.index("A Guaranteed and Viable Curriculum")
    assert lines[group + 1] == "  A  Establishing the Curriculum"
    assert [line.split()[0] for line in lines if re.match(r"  [A-P]  ", line)] == PLC_IDS
    assert "cec-ledger diagnose --template plc -o FILE" in out
    # Baldrige items carry their points as weights, and --guidance prints the guidance.
    baldrige = ok(None, "framework", "show", "baldrige", "--guidance").out
    assert "  1.1  Senior Leadership  (weight 70)" in baldrige
    assert "ADLI" in baldrige


def test_framework_show_json_is_the_whole_framework() -> None:
    shown = ok(None, "framework", "show", "plc", "--json").json()
    assert [i["id"] for i in shown["indicators"]] == PLC_IDS
    assert shown["indicators"][0]["group"] == "A Guaranteed and Viable Curriculum"
    assert shown["indicators"][0]["guidance"]
    assert shown["readiness_labels"][0] == {"label": "Foundational", "from": 0.0, "below": 0.25}
    assert shown["readiness_labels"][-1]["below"] is None
    assert shown["groups"][0] == "A Guaranteed and Viable Curriculum"


def test_an_unknown_framework_is_one_line_naming_the_known_ones() -> None:
    outcome = invoke(None, "framework", "show", "danielson")
    assert outcome.code == 1
    # The bundled frameworks, then any example plugin's (make venv installs plugins/*/).
    assert outcome.err.startswith("error: unknown framework 'danielson'; known: baldrige, plc")
    assert outcome.err.count("\n") == 1


def fill(text: str, fmt: str, rating: str) -> str:
    """A template with every rating filled in, the way a consultant would edit it."""
    if fmt == "csv":
        return re.sub(r"^([A-P]),,$", rf"\1,{rating},seen in class", text, flags=re.M)
    if fmt == "json":
        data = json.loads(text)
        for entry in data.values():
            entry["rating"] = rating
        return json.dumps(data)
    return text.replace("  rating:\n", f"  rating: {rating}\n")


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_a_filled_in_template_records_a_diagnosis(
    engagement: str, fmt: str, tmp_path: Path
) -> None:
    template = tmp_path / f"plc.{fmt}"
    written = ok(None, "diagnose", "--template", "plc", "-o", str(template))
    assert f"Wrote a {fmt.upper()} ratings file for plc to {template}" in written.err
    text = template.read_text()
    assert ok(None, "diagnose", "--template", "plc", "--format", fmt).out == text  # stdout
    for indicator in get_framework("plc").indicators:
        assert indicator.title in text  # every indicator, named
    # Unfilled, it is refused with the reader's own one-line message.
    unfilled = invoke(engagement, "diagnose", E, "--framework", "plc", "--ratings",
                      str(template), "--assessor", "J. Okafor")  # fmt: skip
    assert unfilled.code == 1 and "'A'" in unfilled.err and len(unfilled.err.splitlines()) == 1
    template.write_text(fill(text, fmt, "developing"))
    ratings, _ = load_ratings(template)
    assert ratings == dict.fromkeys(PLC_IDS, "developing")
    recorded = ok(engagement, "diagnose", E, "--framework", "plc", "--ratings", str(template),
                  "--assessor", "J. Okafor", "--on", "2025-10-01", "--json").json()  # fmt: skip
    assert recorded["data"]["ratings"] == dict.fromkeys(PLC_IDS, "developing")


def test_template_options(tmp_path: Path) -> None:
    target = tmp_path / "baldrige.yml"
    ok(None, "diagnose", "--template", "baldrige", "-o", str(target))
    data = yaml.safe_load(target.read_text())
    assert list(data)[:2] == ["1.1", "1.2"]  # ids stay text, not the number 1.1
    again = invoke(None, "diagnose", "--template", "baldrige", "-o", str(target))
    assert again.code == 2 and "exists; not overwriting it" in again.err
    odd = invoke(None, "diagnose", "--template", "plc", "-o", str(tmp_path / "plc.txt"))
    assert odd.code == 1 and "end in .csv, .json, .yaml or .yml" in odd.err
    stray = invoke(None, "diagnose", E, "--framework", "plc", "--format", "csv")
    assert stray.code == 2 and "go with --template" in stray.err
    missing = invoke(None, "diagnose", E, "--framework", "plc")
    assert missing.code == 2 and "Missing option '--assessor'" in missing.err


def help_examples() -> dict[str, list[str]]:
    """The example lines of each layout in ``diagnose --help``."""
    text = ok(None, "diagnose", "--help").out
    examples: dict[str, list[str]] = {"CSV": [], "JSON": [], "YAML": []}
    layout = None
    for line in text.splitlines():
        if line.strip().startswith(("CSV:", "JSON:", "YAML:")):
            layout = line.strip().split(":")[0]
        elif line.strip().startswith("Examples:"):
            layout = None
        elif layout and line.startswith("    "):
            examples[layout].append(line.strip())
    return examples


def test_diagnose_help_shows_layouts_that_really_load(tmp_path: Path) -> None:
    examples = help_examples()
    assert examples["CSV"][0] == "indicator,rating,evidence"
    assert len(examples["JSON"]) == 3 and len(examples["YAML"]) == 2
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("\n".join(examples["CSV"]) + "\n")
    assert load_ratings(csv_file)[0] == {"A": "developing", "B": "initiating"}
    for n, line in enumerate(examples["JSON"]):
        json_file = tmp_path / f"r{n}.json"
        json_file.write_text(line)
        ratings, evidence = load_ratings(json_file)
        assert ratings["A"] == "developing"
        assert evidence.get("A") in (None, "unit plans")
    yaml_file = tmp_path / "r.yaml"
    yaml_file.write_text("\n".join(examples["YAML"]) + "\n")
    assert load_ratings(yaml_file)[0] == {"A": "developing", "B": "initiating"}


def test_help_fits_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for args in (["diagnose", "--help"], ["framework", "--help"], ["framework", "show", "-h"]):
        assert max(len(line) for line in ok(None, *args).out.splitlines()) <= 80, args


def test_the_prompt_checks_each_answer_as_it_is_typed(
    engagement: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diagnose_module, "has_terminal", lambda: True)
    # A typo first, then a label instead of the value, then the rest.
    answers = ["foo", "Not yet", *(["developing"] * 15)]
    outcome = ok(engagement, "diagnose", E, "--framework", "plc", "--assessor", "J. Okafor",
                 "--on", "2025-10-01", "--json", input="\n".join(answers) + "\n")  # fmt: skip
    assert outcome.out.count("A. Establishing the Curriculum:") == 2  # asked again
    assert "Error: 'foo' is not on the scale; use not_yet, initiating" in outcome.out
    assert outcome.out.count("B. Executing the Curriculum:") == 1
    recorded = json.loads(outcome.out[outcome.out.index("{") :])
    assert recorded["data"]["ratings"]["A"] == "not_yet"
    assert recorded["data"]["ratings"]["P"] == "developing"


def test_without_a_terminal_the_prompt_asks_for_a_file(engagement: str) -> None:
    outcome = invoke(engagement, "diagnose", E, "--framework", "plc", "--assessor", "J. Okafor")
    assert outcome.code == 2 and "give --ratings FILE" in outcome.err
