"""Option help that names a vocabulary's values is generated from ``domain.vocabulary``: no
string in cli/ spells out a vocabulary list by hand.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import click
import pytest

from cec_ledger.cli import COMMANDS
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.vocabulary import Vocabulary
from tests.clihelp import invoke

CLI_DIR = Path(__file__).resolve().parents[1] / "src" / "cec_ledger" / "cli"


def command_of(name: str) -> click.Command:
    module_name, attribute = COMMANDS[name][0].split(":")
    return getattr(importlib.import_module(f"cec_ledger.cli.{module_name}"), attribute)


VOCABULARIES = [value for value in vars(v).values() if isinstance(value, Vocabulary)]


def cli_strings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(CLI_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((path.name, node.lineno, node.value))
    return found


def tokens_in(text: str, vocabulary: Vocabulary) -> list[str]:
    return [
        token
        for token in vocabulary.tokens
        if re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", text)
    ]


# Two tokens can meet by chance ("the district or school"); three are a list.
LIST_LENGTH = 3


@pytest.mark.parametrize(
    "vocabulary",
    [voc for voc in VOCABULARIES if len(voc.tokens) >= LIST_LENGTH],
    ids=lambda voc: voc.name,
)
def test_no_cli_string_lists_a_vocabulary_by_hand(vocabulary: Vocabulary) -> None:
    hand_made = [
        f"{file}:{line}: {tokens_in(text, vocabulary)}"
        for file, line, text in cli_strings()
        if len(tokens_in(text, vocabulary)) >= LIST_LENGTH
    ]
    assert not hand_made, f"generate these from domain.vocabulary ({vocabulary.name}): {hand_made}"


@pytest.mark.parametrize(
    ("command", "option", "vocabulary"),
    [
        (["engagement", "open"], "--level", v.LEVEL),
        (["engagement", "open"], "--entry-point", v.ENTRY_POINT),
        (["commit"], "--anchor", v.ANCHOR),
        (["commit"], "--instrument", v.INSTRUMENT),
        (["withdraw"], "--anchor", v.ANCHOR),
        (["plan", "set"], "--emphasis", v.EMPHASIS),
        (["plan", "set"], "--kind", v.PLAN_KIND),
        (["plan", "change"], "--emphasis", v.EMPHASIS),
        (["plan", "change"], "--kind", v.PLAN_KIND),
        (["team", "form"], "--kind", v.TEAM_KIND),
        (["session", "log"], "--delivery", v.DELIVERY),
        (["transfer"], "--level", v.RELEASE_LEVEL),
        (["outcome"], "--tier", v.OUTCOME_TIER),
        (["outcome"], "--dimension", v.OUTCOME_DIMENSION),
        (["outcome"], "--impact", v.OUTCOME_IMPACT),
    ],
)
def test_vocabulary_options_show_every_value(
    command: list[str], option: str, vocabulary: Vocabulary
) -> None:
    target = command_of(command[0])
    for name in command[1:]:
        assert isinstance(target, click.Group)
        target = target.commands[name]
    param = next(p for p in target.params if option in p.opts)
    assert isinstance(param, click.Option)
    help_text = param.help or ""
    missing = [t for t in vocabulary.tokens if t not in tokens_in(help_text, vocabulary)]
    assert not missing, f"{' '.join(command)} {option}: help lacks {missing}"
    # Free text, not click.Choice: the domain also accepts labels and other spellings.
    assert not isinstance(param.type, click.Choice)
    assert "spellings" in help_text


def test_team_help_lists_kinds_and_stages_in_order() -> None:
    flat = " ".join(invoke(None, "team", "--help").out.split())
    assert " → ".join(v.TEAM_STAGE.tokens) in flat
    assert all(token in tokens_in(flat, v.TEAM_KIND) for token in v.TEAM_KIND.tokens)
