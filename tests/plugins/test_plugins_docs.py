"""docs/plugins.md documents every hook in hookspecs.py, with each of its arguments."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from cec_ledger.plugins import hookspecs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"

HOOKS = [
    (name, function)
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("cec_ledger_")
]


def test_there_are_hooks_to_document() -> None:
    assert {name for name, _ in HOOKS} >= {
        "cec_ledger_register_frameworks",
        "cec_ledger_register_services",
        "cec_ledger_validate_event",
        "cec_ledger_report_sections",
    }


@pytest.mark.parametrize(("name", "function"), HOOKS, ids=[name for name, _ in HOOKS])
def test_hook_is_documented(name: str, function: object) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    arguments = list(inspect.signature(function).parameters)  # type: ignore[arg-type]
    heading = f"### `{name}({', '.join(arguments)})`"
    assert heading in docs, f"docs/plugins.md needs a section headed {heading}"
    section = docs.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    for argument in arguments:
        assert re.search(rf"`{argument}[`(]", section), (
            f"the docs section for {name} does not explain its argument {argument!r}"
        )


@pytest.mark.parametrize(("name", "function"), HOOKS, ids=[name for name, _ in HOOKS])
def test_hookspec_states_its_contract(name: str, function: object) -> None:
    doc = inspect.getdoc(function) or ""
    assert ":returns:" in doc and ("Called" in doc), f"{name} docstring lacks its contract"
    for argument in inspect.signature(function).parameters:  # type: ignore[arg-type]
        assert f":param {argument}:" in doc, f"{name} docstring does not describe {argument}"
