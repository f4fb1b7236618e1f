"""docs/plugins.md documents every hook in hookspecs.py, with each of its arguments, and every
name of the public surface; its API reference is generated (and must not be stale); the
example plugin in plugins/ is the tutorial's own code."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from cec_ledger.plugins import hookspecs, reference

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


# --- the generated API reference ------------------------------------------------------------


def test_the_generated_reference_is_not_stale() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert reference.section_of(docs) == reference.generate(), (
        "docs/plugins.md's API reference is stale: run `make plugin-docs` "
        "(python -m cec_ledger.plugins.reference docs/plugins.md)"
    )


@pytest.mark.parametrize("name", reference.public_names())
def test_every_exported_name_is_documented(name: str) -> None:
    assert reference.describe(name).strip(), (
        f"cec_ledger.plugins.{name} has no docstring (or entry in reference.DESCRIPTIONS)"
    )
    section = reference.section_of(DOCS.read_text(encoding="utf-8")) or ""
    assert re.search(rf"^##### `{re.escape(name)}[`(]", section, re.MULTILINE), (
        f"the API reference has no entry for {name}"
    )


def test_the_reference_notices_an_undocumented_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import cec_ledger.plugins as surface

    def undocumented() -> None:
        pass

    monkeypatch.setattr(surface, "undocumented", undocumented, raising=False)
    monkeypatch.setattr(surface, "__all__", [*surface.__all__, "undocumented"])
    assert reference.describe("undocumented") == ""
    assert reference.generate() != reference.section_of(DOCS.read_text(encoding="utf-8"))


# --- the example plugin is the tutorial's code ----------------------------------------------

EXAMPLE = DOCS.parents[1] / "plugins" / "cec-ledger-strategic-plan"


@pytest.mark.parametrize(
    ("marker", "path"),
    [
        ("pyproject", "pyproject.toml"),
        ("module", "src/cec_ledger_strategic_plan/__init__.py"),
        ("tests", "tests/test_strategic_plan.py"),
    ],
)
def test_the_example_plugin_holds_the_guides_code_blocks(marker: str, path: str) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n```\w*\n(.*?)\n```", docs, re.DOTALL)
    assert found, f"docs/plugins.md has no code block marked <!-- {marker} -->"
    assert (EXAMPLE / path).read_text(encoding="utf-8") == found.group(1) + "\n", (
        f"plugins/cec-ledger-strategic-plan/{path} differs from the guide's <!-- {marker} --> block"
    )
