"""``cec-ledger check`` as a user meets it: the log checks (chain, seal, schema) on tampered
ledgers, the demo ledger's findings, ``--list`` and ``--json``, settings (file and table),
plugins' checks (one that fails, one whose name is taken) and every bad input: one line on
stderr, a non-zero exit (2 for usage), no traceback. Real SQLite files and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cec_ledger.plugins import (
    Check,
    build_plugin_manager,
    hookimpl,
    plugin_info,
    set_plugin_manager,
)
from tests.clihelp import base_engagement, invoke, ok
from tests.test_tamper import flip_one_byte, tamper


def findings(outcome: Any) -> list[tuple[str, str, list[str]]]:
    return [(f["severity"], f["check"], f["events"]) for f in outcome.json()["findings"]]


# ---------------------------------------------------------------- the log: chain, seal, schema
def test_chain_holds_on_an_untouched_ledger(ledger_url: str) -> None:
    base_engagement(ledger_url)
    outcome = invoke(ledger_url, "check", "chain", "--json")
    assert outcome.code == 0 and findings(outcome) == []


def test_chain_names_the_changed_event(ledger_url: str) -> None:
    base_engagement(ledger_url)
    flip_one_byte(ledger_url, 2)
    outcome = invoke(ledger_url, "check", "chain")
    assert outcome.code == 1
    assert outcome.out == (
        "error: chain: maple-ridge#2: event maple-ridge#2 at position 2 was changed after it "
        "was recorded (its stored bytes no longer match the chain)\n"
    )


def test_seal_holds_for_its_own_ledger(ledger_url: str) -> None:
    base_engagement(ledger_url)
    seal = ok(ledger_url, "seal").out.strip()
    outcome = invoke(ledger_url, "check", "seal", "--seal", seal, "--json")
    assert outcome.code == 0 and findings(outcome) == []
    assert [c["name"] for c in outcome.json()["checks"]] == ["seal"]


def test_seal_names_history_that_differs(ledger_url: str) -> None:
    base_engagement(ledger_url)
    seal = ok(ledger_url, "seal").out.strip()
    forged = seal[:-1] + ("0" if seal[-1] != "0" else "1")
    outcome = invoke(ledger_url, "check", "seal", "--seal", forged)
    assert outcome.code == 1
    assert outcome.out == (
        "error: seal: the log: history up to position 5 differs from the seal (it was "
        "rewritten, chain table included)\n"
    )


def test_a_seal_given_joins_the_default_set(sqlite_url: str) -> None:
    base_engagement(sqlite_url)
    seal = ok(sqlite_url, "seal").out.strip()
    report = ok(sqlite_url, "check", "--seal", seal, "--json").json()
    assert "seal" in [c["name"] for c in report["checks"]]


def test_schema_holds_on_what_the_ledger_wrote(ledger_url: str) -> None:
    base_engagement(ledger_url)
    outcome = invoke(ledger_url, "check", "schema", "--json")
    assert outcome.code == 0 and findings(outcome) == []


def test_schema_names_a_stored_event_that_breaks_its_schema(ledger_url: str) -> None:
    base_engagement(ledger_url)
    if ledger_url.startswith("postgresql://"):
        tamper(
            ledger_url,
            [
                "UPDATE stored_events SET state = convert_to(replace(convert_from(state, "
                "'UTF8'), '\"participants\":18', '\"participants\":-18'), 'UTF8') "
                "WHERE rowid = 5"
            ],
        )
    else:
        tamper(
            ledger_url,
            [
                "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
                "'\"participants\":18', '\"participants\":-18') AS BLOB) WHERE rowid = 5"
            ],
        )
    outcome = invoke(ledger_url, "check", "schema", "--json")
    assert outcome.code == 1
    [finding] = outcome.json()["findings"]
    assert finding["events"] == ["maple-ridge#5"] and finding["severity"] == "error"
    assert "SessionDelivered" in finding["message"] and "participants" in finding["message"]


# ---------------------------------------------------------------- the demo ledger
DEMO_FINDINGS = {
    # During the MREA's withdrawal (2025-03-14 to its June re-commitment): its two DLT
    # members left with it, and the plan changed on 2025-04-08 while the We was broken
    # (docs/cec-model.md: "the change may be what repairs it, as in the demo's April 2025").
    "2025-04-30": [
        ("warning", "dlt-anchor-seats", ["maple-ridge#87", "maple-ridge#88"]),
        ("warning", "transformation-without-we", ["maple-ridge#91"]),
    ],
    # The seats were filled again; the April plan change stays in the record.
    "2025-12-31": [("warning", "transformation-without-we", ["maple-ridge#91"])],
    # The story's end (June 2026): and the Lincoln mentoring pair has recorded nothing since
    # its norm stage on 2025-10-14 (its weekly cycles are not logged as events).
    "2026-06-30": [
        ("warning", "transformation-without-we", ["maple-ridge#91"]),
        ("warning", "team-stalled", ["maple-ridge#144"]),
    ],
}


@pytest.fixture
def demo(ledger_url: str) -> str:
    ok(ledger_url, "demo")
    return ledger_url


def test_the_demo_holds_exactly_the_findings_its_story_means(demo: str) -> None:
    for day, expected in DEMO_FINDINGS.items():
        outcome = invoke(demo, "check", "--as-of", day, "--json")
        assert outcome.code == 0, outcome.err
        report = outcome.json()
        assert findings(outcome) == expected, day
        assert (report["engagements"], report["events"]) == (2, 237)
    # Nothing the demo recorded would today's rules refuse, and nothing in Cedar Grove.
    outcome = invoke(demo, "check", "history-under-todays-rules", "--as-of", "2026-06-30")
    assert (outcome.code, outcome.out) == (0, "")
    assert ok(demo, "check", "-e", "cedar-grove", "--as-of", "2026-06-30").out == ""


def test_strict_fails_the_demo_on_its_warnings(sqlite_url: str) -> None:
    ok(sqlite_url, "demo")
    outcome = invoke(sqlite_url, "check", "--strict", "--as-of", "2026-06-30")
    assert outcome.code == 1
    assert [line.split(": ")[:3] for line in outcome.out.splitlines()] == [
        ["error", "transformation-without-we", "maple-ridge#91"],
        ["error", "team-stalled", "maple-ridge#144"],
    ]
    assert outcome.err == "2 errors, 0 warnings (18 checks, 2 engagements)\n"


# ---------------------------------------------------------------- --list
def test_list_names_every_check_with_severity_and_purpose(tmp_path: Path) -> None:
    rows = ok(None, "check", "--list", "--json").json()
    by_name = {r["name"]: r for r in rows}
    for name in (
        "chain", "seal", "schema", "transformation-without-we", "plan-without-diagnosis",
        "dlt-anchor-seats", "unplanned-sessions", "over-delivery", "price-rules",
        "cohort-prerequisites", "team-stalled", "engagement-stale", "handoff-without-overlap",
        "responsibility-stalled", "coaching-without-antecedent", "closed-without-reflection",
        "framework-coverage", "history-under-todays-rules",
        "plc-gan-without-service", "baldrige-category-never-assessed",
    ):  # fmt: skip
        row = by_name.pop(name)
        assert row["severity"] in ("error", "warning")
        assert row["purpose"] and "\n" not in row["purpose"]
    assert by_name == {}
    assert by_name == {} and rows[0]["name"] == "chain"
    text = ok(None, "check", "--list").out.splitlines()
    assert text[0].split() == ["CHECK", "SEVERITY", "DEFAULT", "FROM", "PURPOSE"]
    assert text[1].split()[:4] == ["chain", "error", "yes", "built-in"]


# ---------------------------------------------------------------- settings
def test_the_settings_file_wins_over_the_table(sqlite_url: str) -> None:
    ok(sqlite_url, "demo")
    stored = ok(sqlite_url, "check", "--set", "team-stalled.months=12")
    assert stored.out == "Stored check.team-stalled.months = 12 in the ledger's settings table\n"
    # 8 months < 12: the table's threshold is used.
    assert ok(sqlite_url, "check", "team-stalled", "--as-of", "2026-06-30").out == ""
    Path(sqlite_url).with_name("cec-ledger.toml").write_text(
        '[check]\ndefault = ["team-stalled"]\n\n[check.team-stalled]\nmonths = 3\n'
    )
    outcome = ok(sqlite_url, "check", "--as-of", "2026-06-30", "--json")
    # With 3 months, the Maple Ridge Middle attendance team (quiet since 2026-01-20) too.
    assert findings(outcome) == [
        ("warning", "team-stalled", ["maple-ridge#144"]),
        ("warning", "team-stalled", ["maple-ridge#176"]),
    ]
    assert "(8 months; team-stalled.months is 3)" in outcome.json()["findings"][0]["message"]
    settings = {
        r["setting"]: (r["value"], r["source"])
        for r in ok(sqlite_url, "check", "--settings", "--json").json()["settings"]
    }
    assert settings["team-stalled.months"] == (3, "file")
    assert settings["default"] == ("team-stalled", "file")
    assert settings["engagement-stale.days"] == (90, "default")


def test_postgres_takes_its_settings_from_the_table(postgres_url: str) -> None:
    ok(postgres_url, "demo")
    ok(postgres_url, "check", "--set", "team-stalled.months=12", "--set", "default=team-stalled")
    assert ok(postgres_url, "check", "--as-of", "2026-06-30").out == ""
    ok(postgres_url, "check", "--set", "team-stalled.months=2")
    out = ok(postgres_url, "check", "--as-of", "2026-06-30").out
    assert out.startswith("warning: team-stalled: maple-ridge#144: ")


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nosuch"], 2, "unknown check 'nosuch' (see 'cec-ledger check --list')"),
        (["team-staled"], 2, "unknown check 'team-staled' (did you mean team-stalled, engagement"),
        (["--as-of", "2026-13-45"], 2, "--as-of date '2026-13-45' does not parse"),
        (["seal"], 2, "check seal needs the seal to prove: --seal SEAL"),
        (["--engagement", "nowhere"], 1, "unknown engagement 'nowhere'"),
        (["--seal", "not-a-seal"], 1, "seal 'not-a-seal' is not of the form cec-seal-v1:"),
        (["--set", "nothing"], 1, "--set takes SETTING=VALUE, got 'nothing'"),
        (["--set", "team-stalled.weeks=3"], 1, "team-stalled has no setting 'weeks'"),
        (["--set", "team-stalled.months=0"], 1, "must be a whole number above 0, got '0'"),
    ],
)
def test_bad_input_is_one_line(sqlite_url: str, args: list[str], code: int, message: str) -> None:
    base_engagement(sqlite_url)
    outcome = invoke(sqlite_url, "check", *args)
    assert outcome.code == code, outcome.err
    assert outcome.err.count("\n") == 1 and outcome.err.startswith("error: ")
    assert message in outcome.err
    assert "Traceback" not in outcome.err and outcome.out == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[check\n", "is not valid TOML"),
        ("[check.team-stalled]\nmonths = 'x'\n", "team-stalled.months must be a whole number"),
        ("[check]\ndefault = ['chain', 'nosuch']\n", "unknown check 'nosuch'"),
        ("[check.nosuch]\nmonths = 3\n", "unknown check 'nosuch'"),
        ("[check.price-rules]\nseverity = 'fatal'\n", "must be error or warning"),
    ],
)
def test_a_bad_settings_file_is_one_line(sqlite_url: str, text: str, message: str) -> None:
    base_engagement(sqlite_url)
    Path(sqlite_url).with_name("cec-ledger.toml").write_text(text)
    outcome = invoke(sqlite_url, "check")
    assert outcome.code == 1
    assert outcome.err.count("\n") == 1 and message in outcome.err
    assert "cec-ledger.toml" in outcome.err and outcome.out == ""


def test_set_is_refused_read_only(sqlite_url: str) -> None:
    base_engagement(sqlite_url)
    outcome = invoke(sqlite_url, "check", "--set", "team-stalled.months=4", read_only=True)
    assert outcome.code == 1 and "open it without --read-only" in outcome.err


# ---------------------------------------------------------------- plugins' checks
class Failing:
    """A plugin whose check raises, beside one that works."""

    plugin_name = "failing-checks"

    @hookimpl
    def cec_ledger_register_checks(self, register: Any) -> None:
        def broken(engagement: Any, settings: Any) -> Any:
            raise KeyError("indicator table")

        def works(engagement: Any, settings: Any) -> Any:
            yield (f"{engagement['slug']} was checked on {engagement['on']}", [1])

        register(Check(name="always-breaks", purpose="Raises.", run=broken))
        register({"name": "names-the-opening", "purpose": "Names event 1.", "run": works})


class Taken:
    plugin_name = "taken-name"

    @hookimpl
    def cec_ledger_register_checks(self, register: Any) -> None:
        register(Check(name="chain", purpose="Shadows a built-in check.", run=lambda e, s: []))


@pytest.fixture
def plugins() -> Iterator[Any]:
    previous = set_plugin_manager(None)

    def use(*installed: Any) -> None:
        set_plugin_manager(build_plugin_manager(*installed, load_entrypoints=False, disabled=()))

    yield use
    set_plugin_manager(previous)


def test_a_failing_plugin_check_is_a_warning_and_the_others_run(
    ledger_url: str, plugins: Any
) -> None:
    plugins(Failing())
    base_engagement(ledger_url)
    outcome = invoke(ledger_url, "check", "always-breaks", "names-the-opening", "chain")
    assert outcome.code == 0, outcome.err
    assert outcome.out.splitlines() == [
        "warning: always-breaks: maple-ridge: the check failed (plugin 'failing-checks'): "
        "KeyError: 'indicator table'",
        f"warning: names-the-opening: maple-ridge#1: maple-ridge was checked on "
        f"{outcome.out.split(' on ')[-1].strip()}",
    ]
    [row] = [r for r in plugin_info() if r["name"] == "failing-checks"]
    assert row["status"] == "ok"
    assert row["checks"] == ["always-breaks", "names-the-opening"]
    assert row["warnings"] == [
        "plugin 'failing-checks': check always-breaks failed: KeyError: 'indicator table'"
    ]
    statuses = {
        c["name"]: c["status"]
        for c in invoke(ledger_url, "check", "always-breaks", "--json").json()["checks"]
    }
    assert statuses == {"always-breaks": "failed"}


def test_a_plugin_taking_a_built_in_name_is_failed(sqlite_url: str, plugins: Any) -> None:
    plugins(Taken())
    base_engagement(sqlite_url)
    rows = ok(sqlite_url, "check", "--list", "--json").json()
    assert [r["source"] for r in rows if r["name"] == "chain"] == ["built-in"]
    [row] = [r for r in plugin_info() if r["name"] == "taken-name"]
    assert row["status"] == "failed" and "'chain' is already a check" in row["error"]


class CompactsOnly:
    """A plugin rule added after the history was recorded (tests/plugins/test_import_policy)."""

    plugin_name = "compacts-only"

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str, fields: dict[str, Any]) -> None:
        from cec_ledger.domain.errors import RuleViolation

        if event_type == "AnchorCommitted" and fields["instrument"] != "compact":
            raise RuleViolation(f"commitments are compacts here, not {fields['instrument']}")


def test_what_import_reported_is_available_to_check(
    ledger_url: str, tmp_path: Path, plugins: Any
) -> None:
    """Issue 15's import policy: a plugin's finding at import is recorded anyway, and
    history-under-todays-rules shows it again."""
    plugins()
    source = str(tmp_path / "source.db")
    base_engagement(source)  # the board signs a compact (#2)
    ok(
        source,
        *("commit", "maple-ridge", "--anchor", "administration", "--signatory", "J. Okafor"),
        *("--instrument", "mou", "--on", "2025-09-03"),
    )
    exported = tmp_path / "history.jsonl"
    ok(source, "export", "-o", str(exported))
    plugins(CompactsOnly())
    imported = ok(ledger_url, "import", str(exported), "--json").json()
    assert [f["event"] for f in imported["findings"]] == ["maple-ridge#6"]
    outcome = invoke(ledger_url, "check", "history-under-todays-rules", "--json")
    assert outcome.code == 0
    [finding] = outcome.json()["findings"]
    assert finding["events"] == ["maple-ridge#6"]
    assert finding["message"] == (
        "recorded under rules epoch 3; today's plugin rules would refuse it: commitments are "
        "compacts here, not mou (plugin compacts-only)"
    )


def test_docs_auditors_documents_every_check() -> None:
    from cec_ledger.checks import all_checks
    from cec_ledger.checks.reference import updated

    path = Path(__file__).parents[2] / "docs" / "auditors.md"
    text = path.read_text(encoding="utf-8")
    assert text == updated(text, all_checks()), (
        "docs/auditors.md is out of date: python -m cec_ledger.checks.reference docs/auditors.md"
    )
    for name, check in all_checks().items():
        assert f"### `{name}`" in text
        assert check.example.startswith(f"{check.severity}: {name}: "), name
        assert check.example in text


def test_an_encrypted_ledger_is_checked_with_its_key_and_refused_without(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reliability.test_encryption import encrypted_ledger

    encrypted_ledger(sqlite_url, monkeypatch)
    with_key = invoke(sqlite_url, "check", "--json")
    assert with_key.code == 0 and with_key.json()["engagements"] == 1
    monkeypatch.delenv("CEC_LEDGER_KEY")
    assert ok(sqlite_url, "check", "chain").out == ""  # the chain needs no key, as verify
    without = invoke(sqlite_url, "check")
    assert without.code == 1 and without.out == ""
    assert without.err == (
        "error: this ledger is encrypted: set CEC_LEDGER_KEY to its key to check its "
        "engagements ('cec-ledger verify' works without the key)\n"
    )
