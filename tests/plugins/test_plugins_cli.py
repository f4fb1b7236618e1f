"""``cec-ledger plugins`` through click's CliRunner, with real plugin managers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from cec_ledger.cli import cli
from cec_ledger.plugins import build_plugin_manager, hookimpl, set_plugin_manager

pytest_plugins = ["cec_ledger.plugins.testing"]


class Exploding:
    plugin_name = "exploding-plugin"

    @hookimpl
    def cec_ledger_register_services(self, register: Any) -> None:
        raise RuntimeError("catalogue file missing")


@pytest.fixture
def installed() -> Any:
    previous = set_plugin_manager(build_plugin_manager(disabled=(), trace=False))
    yield
    set_plugin_manager(previous)


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def test_plugins_json_lists_bundled_plugins(installed: Any) -> None:
    result = run("plugins", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert {"cec-ledger-plc", "cec-ledger-baldrige", "cec-ledger-services"} <= set(rows)
    plc = rows["cec-ledger-plc"]
    assert plc["version"] == "0.1.0" and plc["status"] == "ok" and plc["error"] is None
    assert plc["hooks"] == ["cec_ledger_register_checks", "cec_ledger_register_frameworks"]
    assert plc["frameworks"] == ["plc"]
    assert rows["cec-ledger-services"]["hooks"] == [
        "cec_ledger_register_services",
        "cec_ledger_validate_event",
    ]


def test_plugins_text_table(installed: Any) -> None:
    result = run("plugins")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "VERSION", "STATUS", "HOOKS", "PROVIDES"]
    plc = next(line for line in lines if line.startswith("cec-ledger-plc "))
    # PROVIDES: its framework, then its check (cut to the terminal's width).
    assert plc.split()[:6] == [
        "cec-ledger-plc", "0.1.0", "ok", "register_checks,", "register_frameworks", "plc,"
    ]  # fmt: skip


def test_failure_is_reported_and_exit_code_stays_zero(make_plugin_manager) -> None:
    make_plugin_manager(Exploding(), load_entrypoints=True)
    result = run("plugins")
    assert result.exit_code == 0
    assert (
        "failed: plugin 'exploding-plugin' failed in cec_ledger_register_services: "
        "RuntimeError: catalogue file missing"
    ) in result.stdout.splitlines()
    rows = {row["name"]: row for row in json.loads(run("plugins", "--json").stdout)}
    assert rows["exploding-plugin"]["status"] == "failed"
    assert rows["cec-ledger-services"]["status"] == "ok"


def test_disabled_plugin_shows_as_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEC_LEDGER_DISABLE_PLUGINS", "cec-ledger-plc")
    previous = set_plugin_manager(build_plugin_manager())
    try:
        rows = {row["name"]: row for row in json.loads(run("plugins", "--json").stdout)}
    finally:
        set_plugin_manager(previous)
    assert rows["cec-ledger-plc"]["status"] == "disabled"
    assert rows["cec-ledger-plc"]["frameworks"] == []


def test_no_plugins(make_plugin_manager) -> None:
    make_plugin_manager()
    assert run("plugins").stdout.startswith("No plugins installed")
    assert json.loads(run("plugins", "--json").stdout) == []


def test_help_has_examples() -> None:
    result = run("plugins", "--help")
    assert result.exit_code == 0
    assert "cec-ledger plugins --json" in result.stdout
    assert "CEC_LEDGER_DISABLE_PLUGINS" in result.stdout
