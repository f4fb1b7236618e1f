"""cli/ talks to the ledger only through the facade.

Imports are checked by the import-linter contract "The CLI and the TUI talk to the facade"
(pyproject.toml, run by ``make lint``). What import-linter cannot see is reaching through the
facade at run time: ``ledger.app`` is the EngagementApplication underneath it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CLI_DIR = Path(__file__).resolve().parents[1] / "src" / "cec_ledger" / "cli"


def uses_of_app(source: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "app"
    ]


@pytest.mark.parametrize("path", sorted(CLI_DIR.glob("*.py")), ids=lambda p: p.name)
def test_cli_module_does_not_reach_into_the_application(path: Path) -> None:
    lines = uses_of_app(path.read_text(encoding="utf-8"))
    assert not lines, f"cli/{path.name} uses Ledger.app (the application) at lines {lines}"


def test_the_check_sees_a_reach_through() -> None:
    assert uses_of_app("def f(ledger):\n    return ledger.app.has_engagement('x')\n") == [2]
