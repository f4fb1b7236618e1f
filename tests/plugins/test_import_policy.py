"""The import policy for plugin rules: history is not re-judged by today's plugins.

An export recorded before a plugin existed (or before it tightened a rule) must still import.
What today's plugin rules would refuse is reported, one warning line per event, and available
in ``import --json``; ``import --strict`` refuses the file instead, writing nothing. Core rules
always apply (they are the rules of each event's own epoch).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cec_ledger.domain.errors import RuleViolation
from cec_ledger.plugins import build_plugin_manager, hookimpl, set_plugin_manager
from tests.clihelp import invoke, ok


class CompactsOnly:
    """A rule added after the history was recorded: commitments are signed as compacts."""

    plugin_name = "compacts-only"

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str, fields: dict[str, Any]) -> None:
        if event_type == "AnchorCommitted" and fields["instrument"] != "compact":
            raise RuleViolation(f"commitments are compacts here, not {fields['instrument']}")


class Broken:
    plugin_name = "broken-checker"

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str) -> None:
        if event_type == "AnchorCommitted":
            raise ValueError("rule table missing")


def use(*plugins: Any) -> None:
    set_plugin_manager(build_plugin_manager(*plugins, load_entrypoints=False, disabled=()))


@pytest.fixture
def history(tmp_path: Path) -> Any:
    """An export of a ledger recorded with no plugins: the board signs an MOU, the
    administration a compact."""
    previous = set_plugin_manager(None)
    use()
    source = str(tmp_path / "source.db")
    ok(source, "init")
    ok(
        source,
        *("engagement", "open", "oak", "--name", "Oak District", "--organisation", "Oak"),
        *("--level", "district", "--on", "2025-01-06"),
    )
    for anchor, instrument, day in (
        ("board", "mou", "2025-02-03"),
        ("administration", "compact", "2025-02-10"),
    ):
        ok(
            source,
            *("commit", "oak", "--anchor", anchor, "--signatory", "R. Alvarez"),
            *("--instrument", instrument, "--on", day),
        )
    path = tmp_path / "history.jsonl"
    ok(source, "export", "-o", str(path))
    yield path
    set_plugin_manager(previous)


def test_a_stricter_plugin_rule_is_reported_not_enforced(ledger_url: str, history: Path) -> None:
    use(CompactsOnly())
    done = ok(ledger_url, "import", str(history))
    assert "today's plugin rules would refuse 1 event of it" in done.out
    warnings = done.err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: line ") and "(oak#2)" in warnings[0]
    assert warnings[0].endswith("commitments are compacts here, not mou")
    assert len(ok(ledger_url, "timeline", "oak", "--json").json()) == 3


def test_findings_are_in_the_json_report(ledger_url: str, history: Path) -> None:
    use(CompactsOnly())
    report = ok(ledger_url, "import", str(history), "--json").json()
    assert report["written"] == 3
    assert report["findings"] == [
        {
            "line": report["findings"][0]["line"],
            "event": "oak#2",
            "type": "AnchorCommitted",
            "plugin": "compacts-only",
            "message": "commitments are compacts here, not mou",
        }
    ]


def test_strict_refuses_and_writes_nothing(ledger_url: str, history: Path) -> None:
    use(CompactsOnly())
    ok(ledger_url, "init")
    refused = invoke(ledger_url, "import", str(history), "--strict")
    assert refused.code == 1
    assert refused.err.count("\n") == 1
    assert "commitments are compacts here, not mou" in refused.err
    assert ok(ledger_url, "export").out == ""


def test_a_broken_plugin_is_a_finding_and_strict_refuses(ledger_url: str, history: Path) -> None:
    use(Broken())
    done = ok(ledger_url, "import", str(history), "--json")
    messages = [f["message"] for f in done.json()["findings"]]
    assert len(messages) == 2 and all("broken-checker" in m for m in messages)


def test_strict_refuses_a_broken_plugins_verdict(ledger_url: str, history: Path) -> None:
    use(Broken())
    refused = invoke(ledger_url, "import", str(history), "--strict")
    assert refused.code == 1 and "broken-checker" in refused.err


def test_commands_still_enforce_plugin_rules(ledger_url: str, history: Path) -> None:
    use(CompactsOnly())
    ok(ledger_url, "import", str(history))
    refused = invoke(
        ledger_url,
        *("commit", "oak", "--anchor", "teachers_organization", "--signatory", "T. Becker"),
        *("--instrument", "constitution", "--on", "2025-02-17"),
    )
    assert refused.code == 1
    assert "commitments are compacts here, not constitution" in refused.err
