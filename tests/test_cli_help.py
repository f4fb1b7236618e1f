"""The CLI's help has one source per fact.

- ``cec-ledger --help`` lists one-liners from ``cli.COMMANDS`` without importing any command
  module; each one-liner must be the first line of that command's own docstring.
- A group's subcommands are listed by click from their docstrings; the first line must be
  shown whole (not cut by click) at 80 columns.
- Option help that names a vocabulary's values is generated from ``domain.vocabulary``: no
  string in cli/ spells out a vocabulary list by hand.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from cec_ledger.cli import COMMANDS
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.vocabulary import Vocabulary
from tests.clihelp import invoke

CLI_DIR = Path(__file__).resolve().parents[1] / "src" / "cec_ledger" / "cli"

# What click would use on an 80-column terminal: HelpFormatter width is columns - 2.
HELP_WIDTH = 78


def command_of(name: str) -> click.Command:
    module_name, attribute = COMMANDS[name][0].split(":")
    return getattr(importlib.import_module(f"cec_ledger.cli.{module_name}"), attribute)


def first_line(command: click.Command) -> str:
    return (command.help or "").strip().splitlines()[0]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_one_liner_is_the_commands_own_first_line(name: str) -> None:
    one_liner = COMMANDS[name][1]
    command = command_of(name)
    assert first_line(command) == one_liner, f"cli.COMMANDS[{name!r}] vs its docstring"
    # The first paragraph is that one line, so click's own short help says the same.
    assert command.get_short_help_str(limit=200) == one_liner
    assert len(one_liner) <= 80, "keep the one-liner short"


def group_commands() -> list[tuple[str, str]]:
    pairs = []
    for name in sorted(COMMANDS):
        group = command_of(name)
        if isinstance(group, click.Group):
            pairs += [(name, sub) for sub in sorted(group.commands)]
    return pairs


@pytest.mark.parametrize(("group_name", "sub_name"), group_commands())
def test_a_subcommands_listed_help_is_its_whole_first_line(group_name: str, sub_name: str) -> None:
    group = command_of(group_name)
    assert isinstance(group, click.Group)
    # click's Group.format_commands limit for this group's listing.
    limit = HELP_WIDTH - 6 - max(len(n) for n in group.commands)
    sub = group.commands[sub_name]
    assert sub.get_short_help_str(limit) == first_line(sub), (
        f"'{group_name} {sub_name}': its first docstring line is cut or merged in "
        f"'{group_name} --help'"
    )


def test_the_timeline_one_liner_says_recorded_order() -> None:
    assert "recorded" in COMMANDS["timeline"][1]
    assert "oldest" not in COMMANDS["timeline"][1]


def test_top_level_help_imports_no_command_module() -> None:
    command_modules = sorted({f"cec_ledger.cli.{t.split(':')[0]}" for t, _ in COMMANDS.values()})
    code = (
        "import sys\n"
        "from cec_ledger.cli import main\n"
        "sys.argv = ['cec-ledger', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(set({command_modules!r}) & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"
    # and it did list every one-liner
    for _, one_liner in COMMANDS.values():
        assert one_liner.split()[0] in result.stdout


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
        (["entry-point", "add"], "--kind", v.ENTRY_POINT),
        (["entry-point", "add"], "--version", v.ASSESSMENT_VERSION),
        (["team", "join"], "--role", v.MEMBER_ROLE),
        (["team", "priority"], "--kind", v.PRIORITY_KIND),
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
    offered = [t for t in vocabulary.tokens if t not in v.HIDDEN_TOKENS]  # not old history's
    missing = [t for t in offered if t not in tokens_in(help_text, vocabulary)]
    assert not missing, f"{' '.join(command)} {option}: help lacks {missing}"
    # Free text, not click.Choice: the domain also accepts labels and other spellings.
    assert not isinstance(param.type, click.Choice)
    assert "spellings" in help_text


def test_team_help_lists_kinds_and_stages_in_order() -> None:
    flat = " ".join(invoke(None, "team", "--help").out.split())
    assert " → ".join(v.TEAM_STAGE.tokens) in flat
    assert all(token in tokens_in(flat, v.TEAM_KIND) for token in v.TEAM_KIND.tokens)
