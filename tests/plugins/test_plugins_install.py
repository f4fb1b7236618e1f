"""The plugin-author walkthrough of docs/plugins.md, for real: build the strategic-plan
plugin from the guide's own code blocks, pip install it into this interpreter's
environment, and check that a fresh process lists it and can use its framework.

Names get a random suffix so that runs in parallel (or a leftover install) never collide.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def doc_block(marker: str) -> str:
    """The fenced code block that follows ``<!-- marker -->`` in docs/plugins.md."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n```\w*\n(.*?)\n```", text, re.DOTALL)
    assert found, f"docs/plugins.md has no code block marked <!-- {marker} -->"
    return found.group(1) + "\n"


def pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def build_isolation() -> list[str]:
    """``--no-build-isolation`` when this environment can build wheels itself.

    setuptools before 70.1 needs the ``wheel`` package for that; without it, let pip fetch
    the build requirements into an isolated environment instead.
    """
    import importlib.util

    import setuptools

    version = tuple(int(p) for p in setuptools.__version__.split(".")[:2] if p.isdigit())
    if importlib.util.find_spec("wheel") is not None or version >= (70, 1):
        return ["--no-build-isolation"]
    return []


def python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd
    )


@pytest.fixture
def strategic_plan_package(tmp_path: Path) -> Iterator[dict[str, str]]:
    suffix = secrets.token_hex(4)
    names = {
        "dist": f"cec-ledger-strategic-plan-{suffix}",
        "module": f"cec_ledger_strategic_plan_{suffix}",
        "framework": f"strategic-plan-{suffix}",
    }

    def rename(text: str) -> str:
        return (
            text.replace('"strategic-plan"', f'"{names["framework"]}"')
            .replace("cec_ledger_strategic_plan", names["module"])
            .replace("cec-ledger-strategic-plan", names["dist"])
        )

    root = tmp_path / names["dist"]
    (root / "src" / names["module"]).mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text(rename(doc_block("pyproject")))
    (root / "src" / names["module"] / "__init__.py").write_text(rename(doc_block("module")))
    (root / "tests" / f"test_{names['module']}.py").write_text(rename(doc_block("tests")))
    (root / "README.md").write_text(f"# {names['dist']}\n")
    installed = pip("install", "--no-deps", *build_isolation(), "--no-cache-dir", str(root))
    assert installed.returncode == 0, installed.stderr
    try:
        yield {**names, "root": str(root)}
    finally:
        removed = pip("uninstall", "-y", names["dist"])
        assert removed.returncode == 0, removed.stderr


@pytest.mark.slow
def test_throwaway_plugin_is_listed_and_usable(strategic_plan_package: dict[str, str]) -> None:
    names = strategic_plan_package
    listed = python("from cec_ledger.cli import main; main(['plugins', '--json'])")
    assert listed.returncode == 0, listed.stderr
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    row = rows[names["dist"]]
    assert row["status"] == "ok", row["error"]
    assert row["version"] == "0.1.0"
    assert row["hooks"] == [
        "cec_ledger_register_frameworks",
        "cec_ledger_report_sections",
        "cec_ledger_validate_event",
    ]
    assert row["frameworks"] == [names["framework"]]
    assert rows["cec-ledger-plc"]["status"] == "ok"

    used = python(
        "from cec_ledger.plugins.frameworks import get_framework\n"
        f"f = get_framework({names['framework']!r})\n"
        "print(f.name, f.plugin, [i.title for i in f.indicators])\n"
        "print(f.greatest_areas_of_need({'SGA': 'goals_set', 'LE': 'living_the_plan', "
        "'PE': 'not_addressed', 'CP': 'goals_set', 'FR': 'strategies_in_place'}, limit=2))"
    )
    assert used.returncode == 0, used.stderr
    assert used.stdout.splitlines() == [
        f"Strategic Plan — Five Areas {names['dist']} ['Student Growth and Achievement', "
        "'Learning Environment', 'Professional Environment', 'Community Partnerships', "
        "'Finances and Resources']",
        "['PE', 'SGA']",
    ]


@pytest.mark.slow
def test_the_guides_plugin_tests_pass(strategic_plan_package: dict[str, str]) -> None:
    root = Path(strategic_plan_package["root"])
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
