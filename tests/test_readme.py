"""The README's CLI tour is real: every ``$ cec-ledger ...`` line in its ``console`` blocks
is run in order on a fresh demo ledger and must print exactly what the README shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.clihelp import invoke

README = Path(__file__).resolve().parents[1] / "README.md"


def tour() -> list[tuple[str, str]]:
    """(command line, expected output) pairs from the README's console blocks."""
    steps: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(), flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
    return steps


def test_readme_has_a_tour() -> None:
    assert len(tour()) >= 8


def test_readme_tour_output_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    seal = "cec-seal-v1:237:SEAL"
    actual_seal = None
    for command, expected in tour():
        if actual_seal:
            command = command.replace(seal, actual_seal)
        argv = shlex.split(command)
        assert argv[0] == "cec-ledger"
        outcome = invoke(None, *argv[1:], actor="")
        if argv[-1] == "seal":
            actual_seal = outcome.out.strip()
            assert re.fullmatch(r"cec-seal-v1:237:[0-9a-f]{24}", actual_seal)
            continue
        assert outcome.out + outcome.err == expected, command
