"""``cec-ledger plugin new``: the author kit writes a plugin package that passes its own tests
as written; the slow test does what CI must: create one, pip install it into this
environment, run its tests and see it listed by ``cec-ledger plugins``."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from cec_ledger.plugins.scaffold import plugin_names
from tests.clihelp import invoke, ok


def run_its_tests(root: Path, *, installed: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    if not installed:
        env["PYTHONPATH"] = str(root / "src")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
        env=env,
    )


def test_names_with_or_without_the_prefix() -> None:
    names = plugin_names("Danielson")
    assert (names.distribution, names.module, names.framework_id, names.title) == (
        "cec-ledger-danielson",
        "cec_ledger_danielson",
        "danielson",
        "Danielson",
    )
    assert plugin_names("cec-ledger-strategic_plan").framework_id == "strategic-plan"


def test_writes_the_package(tmp_path: Path) -> None:
    result = ok(None, "plugin", "new", "danielson", "--dir", str(tmp_path))
    root = tmp_path / "cec-ledger-danielson"
    assert result.out.splitlines() == [
        f"Wrote {root}/ (plugin cec-ledger-danielson, framework danielson):",
        "  pyproject.toml",
        "  README.md",
        "  src/cec_ledger_danielson/__init__.py",
        "  tests/test_cec_ledger_danielson.py",
        f'Next: pip install -e "{root}[test]" && pytest {root}',
    ]
    pyproject = (root / "pyproject.toml").read_text()
    assert 'cec-ledger-danielson = "cec_ledger_danielson"' in pyproject
    module = (root / "src" / "cec_ledger_danielson" / "__init__.py").read_text()
    for hook in (
        "cec_ledger_register_frameworks",
        "cec_ledger_validate_event",
        "cec_ledger_report_sections",
    ):
        assert f"def {hook}(" in module
    assert "__" not in module.replace("__init__", "")  # every placeholder filled


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Bad Name", "error: plugin name 'Bad Name' must be lowercase letters, digits and hyphens"),
        ("cec-ledger-", "error: plugin name 'cec-ledger-' must be"),
        ("9lives", "error: plugin name '9lives' must be"),
    ],
)
def test_refuses_a_bad_name(tmp_path: Path, name: str, error: str) -> None:
    refused = invoke(None, "plugin", "new", name, "--dir", str(tmp_path / "out"))
    assert refused.code == 1 and refused.err.startswith(error)
    assert not (tmp_path / "out").exists()


def test_refuses_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "cec-ledger-danielson").mkdir()
    refused = invoke(None, "plugin", "new", "danielson", "--dir", str(tmp_path))
    assert refused.code == 1
    assert refused.err == (
        f"error: {tmp_path / 'cec-ledger-danielson'} already exists; choose another name or --dir\n"
    )


@pytest.mark.slow
def test_its_tests_pass_as_written(tmp_path: Path) -> None:
    ok(None, "plugin", "new", "danielson", "--dir", str(tmp_path))
    result = run_its_tests(tmp_path / "cec-ledger-danielson", installed=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


def pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_create_install_and_test_a_plugin(tmp_path: Path) -> None:
    """What CI must do: `plugin new`, pip install into this environment, run its tests."""
    # Random, so parallel runs never collide; sorted after the bundled ids ("plugin-" > "plc"),
    # so a run sharing this venv that lists "baldrige, plc" first is not disturbed meanwhile.
    name = f"plugin-new-{secrets.token_hex(4)}"
    names = plugin_names(name)
    ok(None, "plugin", "new", name, "--dir", str(tmp_path))
    root = tmp_path / names.distribution
    installed = pip("install", "--no-deps", "--no-cache-dir", "-e", str(root))
    assert installed.returncode == 0, installed.stderr
    try:
        result = run_its_tests(root, installed=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "5 passed" in result.stdout
        listed = subprocess.run(
            [sys.executable, "-c", "from cec_ledger.cli import main; main(['plugins', '--json'])"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        rows = {row["name"]: row for row in json.loads(listed.stdout)}
        row = rows[names.distribution]
        assert (row["status"], row["frameworks"]) == ("ok", [names.framework_id]), row
    finally:
        removed = pip("uninstall", "-y", names.distribution)
        assert removed.returncode == 0, removed.stderr
