"""A plugin written against the API as documented before the public surface existed
(tests/fixtures/legacy/cec-ledger-danielson, never edited) still installs and works: pip
installs it, its own tests pass, and the CLI uses its framework, rule and report section,
with deprecation warnings at most.

It is installed with ``pip install --target`` into a folder that only this test's
subprocesses put on their path (``PYTHONPATH``), so other test runs sharing the environment
never see a plugin appear and disappear under them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "legacy" / "cec-ledger-danielson"
# Every warning an error, except deprecations (shown): "deprecation warnings at most".
WARNINGS = ["-W", "error", "-W", "always::DeprecationWarning"]


def pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def only_deprecations(stderr: str) -> list[str]:
    """The lines of ``stderr`` that are warnings other than DeprecationWarning."""
    return [
        line
        for line in stderr.splitlines()
        if "Warning" in line and "DeprecationWarning" not in line
    ]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture's source (a copy) after pip installed it into ``site`` beside it."""
    # Built from a copy: pip builds in the source tree, which must stay as it was written.
    work = tmp_path_factory.mktemp("legacy")
    copy = work / FIXTURE.name
    shutil.copytree(FIXTURE, copy, ignore=shutil.ignore_patterns("*.egg-info", "build"))
    result = pip(
        "install", "--no-deps", "--no-cache-dir", "--target", str(work / "site"), str(copy)
    )
    assert result.returncode == 0, result.stderr
    assert list((work / "site").glob("cec_ledger_danielson-0.1.0.dist-info/entry_points.txt"))
    yield copy


def with_plugin(installed: Path) -> dict[str, str]:
    """This environment plus the folder the plugin was installed into."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEC_LEDGER_")}
    return {**env, "PYTHONPATH": str(installed.parent / "site"), "CEC_LEDGER_ACTOR": "legacy"}


def cli(installed: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *WARNINGS, "-c", "from cec_ledger.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=with_plugin(installed),
    )


@pytest.mark.slow
def test_its_own_tests_pass(installed: Path) -> None:
    (installed / "pytest.ini").write_text("[pytest]\n")  # nothing from outside its folder
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--strict-markers",
            *WARNINGS,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=installed,
        env=with_plugin(installed),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    assert "is deprecated; import from cec_ledger.plugins instead" in result.stdout
    assert only_deprecations(result.stdout) == []


@pytest.mark.slow
def test_the_cli_uses_it(installed: Path, tmp_path: Path) -> None:
    listed = cli(installed, tmp_path, "plugins", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    row = rows["cec-ledger-danielson"]
    assert (row["status"], row["frameworks"]) == ("ok", ["danielson"]), row
    assert row["hooks"] == [
        "cec_ledger_register_frameworks",
        "cec_ledger_report_sections",
        "cec_ledger_validate_event",
    ]
    assert only_deprecations(listed.stderr) == []

    ledger = str(tmp_path / "ledger.db")
    ratings = tmp_path / "danielson.json"
    components = [
        f"{d}{c}" for d, n in (("1", 6), ("2", 5), ("3", 5), ("4", 6)) for c in "abcdef"[:n]
    ]
    ratings.write_text(json.dumps(dict.fromkeys(components, "proficient")))
    steps = [
        ["init"],
        [
            "engagement",
            "open",
            "maple-ridge",
            "--name",
            "Maple Ridge",
            "--organisation",
            "Maple Ridge CUSD 7",
            "--level",
            "district",
            "--entry-point",
            "system_assessment",
            "--lead-consultant",
            "J. Okafor",
            "--on",
            "2025-08-15",
        ],
    ]
    for step in steps:
        done = cli(installed, tmp_path, "--ledger", ledger, *step)
        assert done.returncode == 0, done.stderr
    diagnose = ["--ledger", ledger, "diagnose", "maple-ridge", "--framework", "danielson"]
    diagnose += ["--ratings", str(ratings), "--assessor", "J. Okafor", "--on", "2025-10-01"]
    refused = cli(installed, tmp_path, *diagnose)
    assert refused.returncode == 1
    assert "error: a danielson diagnosis needs at least two assessors" in refused.stderr
    recorded = cli(installed, tmp_path, *diagnose, "--assessor", "L. Chen")
    assert recorded.returncode == 0, recorded.stderr
    assert only_deprecations(recorded.stderr) == []
    report = cli(installed, tmp_path, "--ledger", ledger, "report", "maple-ridge")
    assert report.returncode == 0, report.stderr
    assert "Engagement maple-ridge has a Danielson section." in report.stdout
    assert only_deprecations(report.stderr) == []
