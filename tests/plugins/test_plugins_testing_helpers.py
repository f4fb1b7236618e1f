"""The pytest fixtures for plugin authors work from a test module or a conftest.py, under
--strict-markers, by the new path and the deprecated one (issue 15: the documented marker
used to fail under --strict-markers when the fixtures were named in a test module)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = """
from cec_ledger.plugins import hookimpl


@hookimpl
def cec_ledger_register_frameworks(register):
    register({
        "id": "helpers-check",
        "name": "Helpers check",
        "version": "1",
        "indicators": [{"id": "A", "title": "A"}, {"id": "B", "title": "B"}],
        "rating_scale": {"values": ["low", "high"]},
    })
"""

TESTS = """
import pytest

import helpers_plugin
from cec_ledger.plugins import get_framework, list_frameworks

{declaration}


@pytest.fixture
def cec_ledger_plugins():
    return [helpers_plugin]


def test_fixture(plugin_manager):
    assert [f.id for f in list_frameworks()] == ["helpers-check"]


@pytest.mark.cec_ledger_plugins(helpers_plugin, load_entrypoints=False)
def test_marker(plugin_manager, temporary_ledger):
    assert get_framework("helpers-check").plugin == "helpers_plugin"
    assert temporary_ledger.actor == "test"
"""


def run_pytest(root: Path, *, autoload: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = str(root)
    if not autoload:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    (root / "pytest.ini").write_text("[pytest]\n")  # no configuration from above tmp_path
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--strict-markers"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("where", "module", "autoload"),
    [
        ("test module", "cec_ledger.plugins.testing", True),
        ("test module", "cec_ledger.testing", True),  # deprecated path, as documented before
        ("conftest.py", "cec_ledger.plugins.testing", True),
        ("conftest.py", "cec_ledger.plugins.testing", False),  # plugin autoload off
        ("nowhere", None, True),  # loaded by pytest through the pytest11 entry point
    ],
)
def test_fixtures_and_marker_under_strict_markers(
    tmp_path: Path, where: str, module: str | None, autoload: bool
) -> None:
    (tmp_path / "helpers_plugin.py").write_text(PLUGIN)
    declaration = f"pytest_plugins = [{module!r}]" if module else ""
    tests = TESTS.format(declaration=declaration if where == "test module" else "")
    (tmp_path / "test_helpers.py").write_text(tests)
    if where == "conftest.py":
        (tmp_path / "conftest.py").write_text(declaration + "\n")
    result = run_pytest(tmp_path, autoload=autoload)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    if module == "cec_ledger.testing":
        assert "cec_ledger.testing is deprecated" in result.stdout
    else:
        assert "deprecated" not in result.stdout
