"""``cec-ledger tui``: help, no hang without a terminal, read-only and engagement arguments."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from cec_ledger.cli import cli


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["tui", "--help"])
    assert result.exit_code == 0
    assert "cec-ledger tui maple-ridge" in result.output
    assert "--read-only" in result.output


def test_without_a_terminal_it_exits_at_once(sample_url: str) -> None:
    result = CliRunner().invoke(cli, ["--ledger", sample_url, "tui"])
    assert result.exit_code == 1
    assert "needs a terminal" in result.output


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Pretend there is a terminal and catch the app instead of running it."""
    from cec_ledger.cli import tui as command
    from cec_ledger.tui.app import CecLedgerApp

    seen: dict[str, Any] = {}
    monkeypatch.setattr(command, "has_terminal", lambda: True)
    monkeypatch.setattr(CecLedgerApp, "run", lambda self, **kw: seen.setdefault("app", self))
    return seen


@pytest.mark.parametrize("args", [["tui", "--read-only"], ["--read-only", "tui"]])
def test_read_only_either_way(sample_url: str, captured: dict[str, Any], args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["--ledger", sample_url, *args, "oak-valley"])
    assert result.exit_code == 0, result.output
    app = captured["app"]
    assert app.read_only and app.ledger.read_only
    assert app.start_engagement == "oak-valley"


def test_unknown_engagement_is_a_clear_error(sample_url: str, captured: dict[str, Any]) -> None:
    from clihelp import invoke  # the console script's error handling (tests/clihelp.py)

    outcome = invoke(sample_url, "tui", "nowhere")
    assert outcome.code != 0
    assert "unknown engagement 'nowhere'" in outcome.err
    assert "Traceback" not in outcome.err
    assert "app" not in captured


def test_without_a_terminal_through_the_console_script(sample_url: str) -> None:
    from clihelp import invoke

    outcome = invoke(sample_url, "tui")
    assert outcome.code == 1
    assert outcome.err.strip().count("\n") == 0  # one line


def test_the_command_module_does_not_import_textual() -> None:
    """`cec-ledger tui --help` stays instant: textual loads only when the app runs."""
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from cec_ledger.cli import cli; "
        "r = CliRunner().invoke(cli, ['tui', '--help']); "
        "print(r.exit_code, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]
