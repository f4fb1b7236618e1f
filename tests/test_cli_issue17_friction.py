"""Issue 17's friction items, each with its test: `engagement open` names the entry point it
records alongside, `show` names the anchors in users' words, `timeline` says and offers its
order, `demo --fresh` deletes only a demo ledger, and the README's claims match the CLI."""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import re
import sqlite3
from pathlib import Path

import click
import pytest

from tests.clihelp import ENGAGEMENT, invoke, ok

E = "maple-ridge"


# --- engagement open: the entry point recorded alongside ------------------------------------


def test_open_with_an_entry_point_names_both_events(sqlite_url: str) -> None:
    ok(sqlite_url, "init")
    out = ok(
        sqlite_url, *ENGAGEMENT, "--entry-point", "system_assessment", "--framework", "plc"
    ).out
    assert out.splitlines() == [
        f"Recorded EngagementOpened {E}#1 (occurred 2025-08-18, recorded by tester)",
        f"Recorded EntryPointAdded {E}#2 alongside it: entry point 'system-assessment' "
        "(system assessment, full version, framework plc)",
    ]
    events = ok(sqlite_url, "timeline", E, "--json").json()
    assert [e["type"] for e in events] == ["EngagementOpened", "EntryPointAdded"]


def test_open_without_an_entry_point_names_one_event_and_json_is_unchanged(
    sqlite_url: str,
) -> None:
    ok(sqlite_url, "init")
    out = ok(sqlite_url, *ENGAGEMENT).out
    assert out.splitlines() == [
        f"Recorded EngagementOpened {E}#1 (occurred 2025-08-18, recorded by tester)"
    ]
    other = [a if a != E else "oak" for a in ENGAGEMENT]
    opened = ok(sqlite_url, *other, "--entry-point", "system_assessment", "--json").json()
    assert opened["type"] == "EngagementOpened" and opened["engagement"] == "oak"


def test_open_through_an_unknown_entry_point_is_one_line_and_writes_nothing(
    sqlite_url: str,
) -> None:
    ok(sqlite_url, "init")
    refused = invoke(sqlite_url, *ENGAGEMENT, "--entry-point", "astrology")
    assert refused.code != 0 and refused.out == ""
    assert len(refused.err.strip().splitlines()) == 1 and "Traceback" not in refused.err
    assert ok(sqlite_url, "engagement", "list", "--json").json() == []


# --- demo --fresh deletes only a demo ledger ------------------------------------------------


def _refused_and_untouched(path: Path, expected: str) -> None:
    before = path.read_bytes()
    outcome = invoke(str(path), "demo", "--fresh")
    assert outcome.code == 1 and outcome.out == "", outcome.out
    assert outcome.err.splitlines() == [f"error: {path} {expected}"]
    assert path.read_bytes() == before


def test_fresh_refuses_a_ledger_with_other_engagements(tmp_path: Path) -> None:
    path = tmp_path / "work.db"
    ok(str(path), "init")
    ok(str(path), *ENGAGEMENT)
    _refused_and_untouched(
        path,
        "holds an engagement besides the demo's; demo --fresh deletes only an empty ledger or "
        "one holding just the demo: nothing was deleted (give another --ledger, or delete the "
        "file yourself)",
    )
    assert [e["slug"] for e in ok(str(path), "engagement", "list", "--json").json()] == [E]


def test_fresh_refuses_a_demo_ledger_someone_added_an_engagement_to(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    ok(str(path), "demo")
    other = [a if a != E else "oak" for a in ENGAGEMENT]
    ok(str(path), *other)
    _refused_and_untouched(
        path,
        "holds an engagement besides the demo's; demo --fresh deletes only an empty ledger or "
        "one holding just the demo: nothing was deleted (give another --ledger, or delete the "
        "file yourself)",
    )


@pytest.mark.parametrize(
    "content",
    [b"meeting notes, not a ledger\n", b"SQLite format 3\x00" + b"\x00" * 84],
    ids=["text", "broken-sqlite"],
)
def test_fresh_refuses_a_file_that_is_not_a_ledger(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    _refused_and_untouched(
        path,
        "is not a cec-ledger ledger; demo --fresh deletes only an empty ledger or one holding "
        "just the demo: nothing was deleted (give another --ledger)",
    )


def test_fresh_refuses_another_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE grades (student TEXT, grade INTEGER)")
        conn.commit()
    _refused_and_untouched(
        path,
        "is not a cec-ledger ledger; demo --fresh deletes only an empty ledger or one holding "
        "just the demo: nothing was deleted (give another --ledger)",
    )


@pytest.mark.parametrize("start", ["empty-file", "empty-ledger", "demo-with-more-events"])
def test_fresh_replaces_an_empty_or_demo_only_ledger(tmp_path: Path, start: str) -> None:
    path = tmp_path / "demo.db"
    if start == "empty-file":
        path.write_bytes(b"")
    elif start == "empty-ledger":
        ok(str(path), "init")
    else:
        ok(str(path), "demo")
        ok(str(path), "outcome", E, "--tier", "short_term", "--dimension", "common_language",
           "--evidence", "Later", "--on", "2026-06-10")  # fmt: skip
    out = ok(str(path), "demo", "--fresh").out
    assert "237 events" in out
    listing = ok(str(path), "engagement", "list", "--json").json()
    assert sorted(e["slug"] for e in listing) == ["cedar-grove", E]


# --- timeline: recorded order said, occurred order offered ------------------------------------


def _back_dated(url: str) -> None:
    """#1 occurred 2025-08-18, #2 on 2025-09-02, #3 recorded last but back-dated to 08-20."""
    ok(url, "init")
    ok(url, *ENGAGEMENT)
    for anchor, day in (("board", "2025-09-02"), ("administration", "2025-08-20")):
        ok(url, "commit", E, "--anchor", anchor, "--signatory", "R. Alvarez",
           "--instrument", "compact", "--on", day)  # fmt: skip


def test_timeline_lists_in_recorded_order_and_says_so(sqlite_url: str) -> None:
    _back_dated(sqlite_url)
    rows = ok(sqlite_url, "timeline", E, "--json").json()
    assert [r["version"] for r in rows] == [1, 2, 3]
    same = ok(sqlite_url, "timeline", E, "--order", "recorded", "--json").json()
    assert same == rows
    help_text = " ".join(ok(None, "timeline", "--help").out.split())
    assert "Events are listed in recorded order" in help_text
    assert "--order [recorded|occurred]" in help_text and "[default: recorded]" in help_text


def test_timeline_order_occurred_sorts_by_occurred_date(sqlite_url: str) -> None:
    _back_dated(sqlite_url)
    rows = ok(sqlite_url, "timeline", E, "--order", "occurred", "--json").json()
    assert [(r["version"], r["occurred_on"]) for r in rows] == [
        (1, "2025-08-18"),
        (3, "2025-08-20"),
        (2, "2025-09-02"),
    ]
    # --limit keeps the earliest occurred, not the first recorded.
    limited = ok(sqlite_url, "timeline", E, "--order", "occurred", "--limit", "2", "--json")
    assert [r["version"] for r in limited.json()] == [1, 3]
    table = ok(sqlite_url, "timeline", E, "--order", "occurred").out.splitlines()
    assert [line.split()[1] for line in table[1:]] == [f"{E}#1", f"{E}#3", f"{E}#2"]


def test_timeline_order_refuses_an_unknown_order(sqlite_url: str) -> None:
    _back_dated(sqlite_url)
    refused = invoke(sqlite_url, "timeline", E, "--order", "newest")
    assert refused.code == 2 and refused.out == "" and "Traceback" not in refused.err
    assert refused.err.splitlines() == [
        "error: Invalid value for '--order': 'newest' is not one of 'recorded', 'occurred'. "
        "(see 'cec-ledger timeline --help')"
    ]


def test_timeline_ranked_search_and_its_refusals(sqlite_url: str) -> None:
    _back_dated(sqlite_url)
    listed = invoke(sqlite_url, "timeline", E)
    assert listed.code == 0
    cases = [
        (["--ranked"], "error: --ranked orders the matches of --search: give --search TEXT"),
        (
            ["--search", "x", "--ranked", "--order", "occurred"],
            "error: --ranked lists the best matches first: leave out --order",
        ),
        (
            ["--search", "x", "--ranked", "--known-at", "2026-01-01"],
            "error: --ranked works with --type, --actor, --since and --until, not with "
            "--recorded-since, --recorded-until or --known-at",
        ),
    ]
    for args, message in cases:
        refused = invoke(sqlite_url, "timeline", E, *args)
        assert refused.code == 2 and refused.out == "" and "Traceback" not in refused.err
        assert refused.err.splitlines() == [f"{message} (see 'cec-ledger timeline --help')"]


# --- README and CLI agree -------------------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"
# Commands without --json: the ones that write or build (init, demo, rebuild, plugin new),
# and the two read commands the README names as exceptions.
WITHOUT_JSON = {"init", "demo", "rebuild", "plugin new", "schema", "tui"}


def _commands() -> dict[str, click.Command]:
    """Every leaf command by its words ("plan set"), loaded as the CLI loads them."""
    from cec_ledger.cli import COMMANDS

    found: dict[str, click.Command] = {}

    def walk(command: click.Command, words: list[str]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, [*words, name])
        else:
            found[" ".join(words)] = command

    for name, (target, _) in COMMANDS.items():
        module, attribute = target.split(":")
        walk(getattr(importlib.import_module(f"cec_ledger.cli.{module}"), attribute), [name])
    return found


def _more_paragraph() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\nMore: ", 1)[1].split("\n\n", 1)[0]


def _options(command: click.Command) -> dict[str, click.Parameter]:
    return {o: p for p in command.params for o in getattr(p, "opts", [])}


def test_every_command_the_readme_lists_exists_with_its_options() -> None:
    commands = _commands()
    items = re.findall(r"`([^`]+)`", _more_paragraph())
    assert len(items) >= 20
    checked = set()
    for item in items:
        words = re.sub(r"[\[\]]", " ", item).split()
        # Words before the first placeholder or option name the command (a|b: each of them).
        head = []
        for word in words:
            if word.startswith("-") or word.isupper():
                break
            head.append(word.split("|"))
        if not head:  # an option named on its own (`--json`)
            continue
        names = [" ".join(choice) for choice in itertools.product(*head)]
        for name in names:
            assert name in commands, f"README names `{item}`, but there is no {name!r}"
            checked.add(name)
            options = _options(commands[name])
            for index, word in enumerate(words):
                if not word.startswith("-"):
                    continue
                assert word in options, f"README: `{item}`: {name} has no {word}"
                choices = getattr(options[word].type, "choices", None)
                following = words[index + 1] if index + 1 < len(words) else ""
                if choices and "|" in following:
                    assert set(following.split("|")) <= set(choices), item
    # The ones issue 17 asked for are listed.
    wanted = {"framework list", "framework show", "diagnose", "services list", "services show"}
    assert wanted | {"plugin new", "timeline", "report"} <= checked


def test_every_read_command_takes_json_except_the_ones_the_readme_names() -> None:
    commands = _commands()
    without = {name for name, command in commands.items() if "--json" not in _options(command)}
    assert without == WITHOUT_JSON
    claim = " ".join(_more_paragraph().split())
    assert (
        "Every command that reads takes `--json` (`report ENG --json` gives the report's data), "
        "except `schema`, which always prints JSON, and the interactive `tui`"
    ) in claim


def test_report_json_gives_the_reports_data(tmp_path: Path) -> None:
    url = str(tmp_path / "demo.db")
    ok(url, "demo")
    data = ok(url, "report", E, "--json").json()
    assert set(data) == {"state", "reflections", "capacity", "plugin_sections", "checks"}
    assert data["state"]["slug"] == E
    # The checks section's findings, as the Markdown report lists them (issue 13).
    assert {f["check"] for f in data["checks"]["findings"]} >= {"transformation-without-we"}
    target = tmp_path / "report.json"
    ok(url, "report", E, "--json", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == data
    markdown = ok(url, "report", E).out
    assert markdown.startswith("# Maple Ridge")


def test_report_json_with_a_format_is_a_usage_error(tmp_path: Path) -> None:
    url = str(tmp_path / "demo.db")
    ok(url, "demo")
    refused = invoke(url, "report", E, "--json", "--format", "html")
    assert refused.code == 2 and refused.out == "" and "Traceback" not in refused.err
    assert refused.err.splitlines() == [
        "error: --json prints the report's data: leave out --format "
        "(see 'cec-ledger report --help')"
    ]
    missing = invoke(url, "report", "nowhere", "--json")
    assert missing.code == 1 and missing.out == "" and len(missing.err.splitlines()) == 1
