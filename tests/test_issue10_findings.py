"""Issue 10's numbered findings, one test each, on SQLite and PostgreSQL (``ledger_url``).

Each test failed on the code before the issue (commit 47660f2) and passes now; the issue
note (notes/issue10-report.md) shows the output before and after. Refusals of single
commands are in the CLI refusal table (test_cli_errors.py); OS failures in test_os_failures.py.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from uuid import UUID

import orjson
import pytest

from cec_ledger.formats.lines import event_id
from tests.clihelp import base_engagement, export_bytes, invoke, ok
from tests.schemacheck import errors_of

E = "maple-ridge"
# A session of a catalogue service before any services plan (rules epoch 3: with a reason).
SESSION = [
    *("session", "log", E, "--delivery", "training", "--topic", "t", "--consultant", "Ana"),
    *("--service", "dlt-slt-plc-integration", "--unplanned", "before the services plan"),
]


def show(url: str, *options: str) -> dict:
    return ok(url, "engagement", "show", E, "--json", *options).json()


# ------------------------------------------------------------------ 1. the event count
def test_1_show_as_of_counts_the_events_that_had_occurred(ledger_url: str) -> None:
    base_engagement(ledger_url)  # #1-#5, the last on 2025-09-20
    ok(ledger_url, *SESSION, "--hours", "2", "--participants", "6", "--on", "2025-10-01")  # #6
    # #7: a correction recorded later but back-dated to 2025-09-21.
    ok(
        ledger_url,
        "correct",
        E,
        "5",
        "--reason",
        "ran 3 h",
        "--set",
        "hours=3",
        "--on",
        "2025-09-21",
    )
    state = show(ledger_url, "--as-of", "2025-09-25")
    assert state["events"] == 6  # #1-#5 and #7; #6 had not occurred yet
    assert state["version"] == 7  # the highest event number among them
    text = ok(ledger_url, "engagement", "show", E, "--as-of", "2025-09-25").out
    assert "6 events occurred by then [as of 2025-09-25]" in text
    assert show(ledger_url)["events"] == 7
    listing = ok(ledger_url, "engagement", "list", "--json").json()
    assert listing[0]["events"] == 7


# ------------------------------------------------------------------ 2. what existed on a date
def test_2_an_event_naming_a_team_formed_later_is_refused_and_nothing_is_skipped(
    ledger_url: str,
) -> None:
    base_engagement(ledger_url)
    ok(
        ledger_url,
        "team",
        "form",
        E,
        "slt-x",
        "--kind",
        "slt",
        "--parent",
        "dlt",
        "--school",
        "Oak Elementary",
        "--name",
        "SLT X",
        "--on",
        "2025-10-23",
    )
    before = export_bytes(ledger_url)
    outcome = invoke(
        ledger_url, *SESSION, "--hours", "1", "--participants", "3", "--team", "slt-x",
        "--on", "2025-09-01",
    )  # fmt: skip
    assert outcome.code == 1
    assert outcome.err == (
        "error: team 'slt-x' was formed on 2025-10-23; a session on 2025-09-01 cannot name it\n"
    )
    assert export_bytes(ledger_url) == before
    # As-of views count every session that had occurred: the diff and show agree.
    diff = ok(ledger_url, "diff", E, "--from", "2025-09-15", "--to", "2025-09-25", "--json").json()
    assert diff["events"] == 1 and "sessions.count: 0 → 1" in diff["changes"]


def test_2_history_recorded_under_epoch_1_keeps_importing_and_is_applied_on_its_date(
    ledger_url: str, tmp_path: Path
) -> None:
    """A session that named a team before it was formed, recorded under rules epoch 1,
    imports (judged by epoch 1) and the as-of fold applies it: nothing is silently skipped."""
    base_engagement(ledger_url)
    lines = [orjson.loads(line) for line in export_bytes(ledger_url).splitlines()]
    eid = UUID(lines[0]["engagement_id"])
    session = {**lines[4], "version": 6, "id": str(event_id(eid, 6)), "occurred_on": "2025-09-01"}
    session.pop("position")
    session["data"] = {**session["data"], "rules_version": 1, "hours": "40", "team_id": "dlt"}
    path = tmp_path / "epoch1.jsonl"
    path.write_bytes(orjson.dumps(session) + b"\n")
    ok(ledger_url, "import", str(path))
    early = show(ledger_url, "--as-of", "2025-09-05")
    assert early["sessions"]["count"] == 1 and early["sessions"]["hours"] == "40"
    assert early["events"] == 3  # opened, committed, the session
    # The same line under epoch 2 is refused: the rules of its own epoch judge it.
    assert not errors_of(session)
    session["data"]["rules_version"] = 2
    assert errors_of(session)  # 40 hours is out of bounds for epoch 2


# ------------------------------------------------------------------ 3. one Pathway
def test_3_list_show_json_and_report_give_one_pathway(ledger_url: str) -> None:
    ok(ledger_url, "demo")
    listing = {r["slug"]: r for r in ok(ledger_url, "engagement", "list", "--json").json()}
    assert listing["cedar-grove"]["pathway"]["reached"] == 3
    assert "cedar-grove  closed  ●●●○○ 3/5" in ok(ledger_url, "engagement", "list").out
    cedar = ok(ledger_url, "engagement", "show", "cedar-grove").out
    assert "Pathway: step 3 of 5 reached (2025-04-29)" in cedar
    during = show(ledger_url, "--as-of", "2025-04-01")
    assert (during["pathway"]["reached"], during["pathway"]["current"]) == (5, 0)
    text = ok(ledger_url, "engagement", "show", E, "--as-of", "2025-04-01").out
    assert (
        "Pathway: step 5 of 5 reached (2024-12-03) · We broken since 2025-03-14 by the "
        "Teachers' organization (Carla Jimenez) · at risk: steps 1–5"
    ) in text
    report = ok(ledger_url, "report", E, "--as-of", "2025-04-01").out
    assert "Pathway: step 5 of 5 reached (2024-12-03) · We broken since 2025-03-14" in report
    diff = ok(ledger_url, "diff", E, "--from", "2025-03-01", "--to", "2025-04-01").out
    assert "pathway: step 5 of 5 reached (2024-12-03) → step 5 of 5 reached (2024-12-03) · We" in (
        diff
    )


# ------------------------------------------------------------------ 4. diagnosis corrections
def test_4_a_corrected_diagnosis_is_checked_by_its_framework_and_rederived(
    ledger_url: str,
) -> None:
    ok(ledger_url, "demo")
    diagnosis = ok(ledger_url, "timeline", E, "--type", "NeedsDiagnosed", "--json").json()[-1]
    version = str(diagnosis["version"])
    before = export_bytes(ledger_url)
    off_scale = invoke(
        ledger_url, "correct", E, version, "--reason", "x", "--set", 'ratings={"A":"excellent"}'
    )
    assert off_scale.code == 1
    assert "rating 'excellent' is not on the scale; allowed: not_yet" in off_scale.err
    partial = invoke(
        ledger_url, "correct", E, version, "--reason", "x", "--set", 'ratings={"A":"developing"}'
    )
    assert partial.code == 1 and "is missing ratings for indicators: B, C" in partial.err
    direct = invoke(
        ledger_url, "correct", E, version, "--reason", "x", "--set", "readiness_score=1"
    )
    assert direct.code == 1 and "readiness_score cannot be corrected directly" in direct.err
    assert export_bytes(ledger_url) == before
    ratings = {k: "not_yet" for k in diagnosis["data"]["ratings"]}
    ok(
        ledger_url, "correct", E, version, "--reason", "scored against the wrong rubric",
        "--set", f"ratings={json.dumps(ratings)}", "--on", "2026-06-09",
    )  # fmt: skip
    latest = show(ledger_url)["diagnoses"][-1]
    assert latest["ratings"] == ratings
    assert latest["readiness_score"] == "0.0000"
    assert latest["greatest_areas_of_need"] == ["A", "B", "C", "D", "E"]
    assert latest["readiness_score"] != diagnosis["data"]["readiness_score"]
    ok(ledger_url, "diagnosis", "compare", E)  # still works on the corrected engagement


# ------------------------------------------------------------------ 5. undoing a correction
def test_5_a_correction_can_be_undone_and_a_repeat_changes_nothing(ledger_url: str) -> None:
    base_engagement(ledger_url)
    ok(ledger_url, "correct", E, "5", "--reason", "ran 3 h", "--set", "hours=3")
    repeat = invoke(ledger_url, "correct", E, "5", "--reason", "again", "--set", "hours=3")
    assert repeat.code == 1
    assert "the correction changes nothing: event #5 already has those values" in repeat.err
    ok(ledger_url, "correct", E, "5", "--reason", "it was 4 after all", "--set", "hours=4")
    state = show(ledger_url)
    assert state["sessions"]["hours"] == "4.00"
    assert [c["version"] for c in state["corrections"]] == [6, 7]


# ------------------------------------------------------------------ 6. closed engagements
def test_6_a_closed_engagement_takes_corrections_and_nothing_else(ledger_url: str) -> None:
    base_engagement(ledger_url)
    ok(ledger_url, "engagement", "close", E, "--reason", "done", "--without-reflection",
       "ended early", "--on", "2025-12-01")  # fmt: skip
    refused = invoke(ledger_url, *SESSION, "--hours", "1", "--participants", "3")
    assert refused.code == 1 and "was closed on 2025-12-01" in refused.err
    ok(ledger_url, "correct", E, "2", "--reason", "typo", "--set", "signatory=R. Alvarez-Ruiz")
    state = show(ledger_url)
    assert state["status"] == "closed"
    assert state["anchors"]["board"]["signatory"] == "R. Alvarez-Ruiz"
    timeline = ok(ledger_url, "timeline", E).out
    assert "maple-ridge#7" in timeline and "Corrected #2 (AnchorCommitted)" in timeline


# ------------------------------------------------------------------ 7. tampering and export
def _tamper(url: str) -> None:
    """Change one stored event's bytes behind the ledger's back."""
    if url.startswith("postgresql"):
        from tests.conftest import connect

        schema = url.split("schema=")[1]
        with connect(url) as conn:
            changed = conn.execute(
                f"UPDATE {schema}.cec_ledger_events SET state = convert_to(replace("
                "convert_from(state, 'UTF8'), 'Effective', 'Ineffective'), 'UTF8') "
                "WHERE originator_version = 5"
            ).rowcount
            assert changed == 1
        return
    with sqlite3.connect(url) as conn:
        (state,) = conn.execute(
            "SELECT state FROM stored_events WHERE originator_version = 5"
        ).fetchone()
        changed = bytes(state).replace(b"Effective", b"Ineffective")
        conn.execute("UPDATE stored_events SET state = ? WHERE originator_version = 5", (changed,))


def test_7_export_verifies_first_and_an_unverified_export_is_marked(
    ledger_url: str, tmp_path: Path
) -> None:
    base_engagement(ledger_url)
    good = ok(ledger_url, "export", "-o", str(tmp_path / "good.jsonl"), "--json").json()
    assert good["verified"] is True and good["events"] == 5
    sealed = ok(ledger_url, "seal").out.strip()
    assert good["seal"] == sealed  # the file matches the ledger's seal at that position
    _tamper(ledger_url)
    target = tmp_path / "bad.jsonl"
    refused = invoke(ledger_url, "export", "-o", str(target))
    assert refused.code == 1 and refused.err.count("\n") == 1
    assert "refusing to export: verification failed: event maple-ridge#5 at position 5" in (
        refused.err
    )
    assert not target.exists()
    marked = ok(ledger_url, "export", "-o", str(target), "--unverified")
    assert "UNVERIFIED: event maple-ridge#5" in marked.err
    fresh = str(tmp_path / "fresh.db")
    ok(fresh, "init")
    outcome = invoke(fresh, "import", str(target))
    assert outcome.code == 1
    assert "exported with --unverified from a ledger that failed verification" in outcome.err
    assert ok(fresh, "engagement", "list", "--json").json() == []
    ok(fresh, "import", str(target), "--accept-unverified")
    assert ok(fresh, "engagement", "list", "--json").json()[0]["events"] == 5


# ------------------------------------------------------------------ 8. import conflicts
def test_8_an_event_stored_with_another_type_is_one_line_naming_both(
    ledger_url: str, tmp_path: Path
) -> None:
    base_engagement(ledger_url)
    ok(ledger_url, "correct", E, "5", "--reason", "ran 3 h", "--set", "hours=3")
    lines = [orjson.loads(line) for line in export_bytes(ledger_url).splitlines()]
    clash = {**lines[5], "version": 5, "id": str(event_id(UUID(lines[5]["engagement_id"]), 5))}
    path = tmp_path / "clash.jsonl"
    path.write_bytes(orjson.dumps(clash) + b"\n")
    before = export_bytes(ledger_url)
    outcome = invoke(ledger_url, "import", str(path))
    assert outcome.code == 1
    assert outcome.err == (
        "error: line 1: maple-ridge#5 is already in the ledger as a SessionDelivered, not an "
        "EventCorrected; refusing to overwrite history\n"
    )
    assert export_bytes(ledger_url) == before


# ------------------------------------------------------------------ 9. numbers and text
def test_9_decimals_are_stored_plain_at_a_fixed_scale(ledger_url: str, tmp_path: Path) -> None:
    base_engagement(ledger_url)
    ok(ledger_url, *SESSION, "--hours", "1e1", "--participants", "3", "--on", "2025-10-01")
    row = ok(ledger_url, "timeline", E, "--type", "SessionDelivered", "--json").json()[-1]
    assert row["data"]["hours"] == "10.00"
    assert show(ledger_url)["sessions"]["hours"] == "14.00"
    # An epoch-1 line stored "1E+2": it imports as it was, and is written in plain notation.
    line = {**row, "version": 7, "id": str(event_id(UUID(row["engagement_id"]), 7))}
    line.pop("position")
    line["data"] = {**row["data"], "rules_version": 1, "hours": "1E+2"}
    path = tmp_path / "old.jsonl"
    path.write_bytes(orjson.dumps(line) + b"\n")
    ok(ledger_url, "import", str(path))
    row = ok(ledger_url, "timeline", E, "--type", "SessionDelivered", "--json").json()[-1]
    assert row["data"]["hours"] == "100"
    assert not errors_of(row)


# ------------------------------------------------------------------ 10. messages in users' words
def test_10_output_into_a_missing_directory_and_a_directory_as_ledger(
    ledger_url: str, tmp_path: Path
) -> None:
    base_engagement(ledger_url)
    for command in (["export", "-o"], ["report", E, "-o"]):
        outcome = invoke(ledger_url, *command, str(tmp_path / "missing" / "out.txt"))
        assert outcome.code == 1
        assert outcome.err == (
            f"error: cannot write {tmp_path / 'missing' / 'out.txt'}: no directory "
            f"{tmp_path / 'missing'}; nothing was written\n"
        )
    outcome = invoke(str(tmp_path), "engagement", "list")
    assert outcome.code == 1
    assert outcome.err.startswith(f"error: {tmp_path} is a directory, not a ledger file")


# ------------------------------------------------------------------ 11. schemas
def test_11_the_schemas_are_as_strict_as_the_cli(ledger_url: str) -> None:
    base_engagement(ledger_url)
    ok(ledger_url, "correct", E, "5", "--reason", "ran 3 h", "--set", "hours=3")
    rows = [orjson.loads(line) for line in export_bytes(ledger_url).splitlines()]
    session, correction = rows[4], rows[5]
    for bad in ({"participants": 0}, {"hours": "-3.00"}, {"hours": "1E+2"}):
        assert errors_of({**session, "data": {**session["data"], **bad}}), bad
    wrong = {**correction["data"], "corrected_fields": {"anchor": "board"}}
    assert errors_of({**correction, "data": wrong})  # not a field of SessionDelivered
    assert not errors_of(correction)


# ------------------------------------------------------------------ read commands agree
def test_read_commands_take_known_at_and_mark_corrections(ledger_url: str) -> None:
    base_engagement(ledger_url)
    rows = ok(ledger_url, "timeline", E, "--json").json()
    moment = rows[-1]["recorded_at"]
    ok(
        ledger_url,
        "correct",
        E,
        "5",
        "--reason",
        "ran 3 h",
        "--set",
        "hours=3",
        "--on",
        "2025-12-01",
    )
    timeline = ok(ledger_url, "timeline", E).out
    assert "maple-ridge#5*" in timeline and "[corrected by #6]" in timeline
    known = ok(ledger_url, "timeline", E, "--known-at", moment).out
    assert "#6" not in known and "[corrected by" not in known
    assert (
        ok(ledger_url, "replay", E, "--known-at", moment, "--json").json()[-1]["event"]["version"]
        == 5
    )
    diff = ok(
        ledger_url, "diff", E, "--from", "2025-09-01", "--to", "2025-09-30", "--known-at", moment,
        "--json",
    ).json()  # fmt: skip
    assert "sessions.hours: 0 → 4.00" in diff["changes"]
    assert ok(ledger_url, "capacity", E, "--known-at", moment, "--json").json()["known_at"]
    report = ok(ledger_url, "report", E, "--known-at", moment).out
    assert "as known at" in report and "5 events recorded" in report
    # As of a date before the correction occurred: applied, and listed apart.
    early = show(ledger_url, "--as-of", "2025-10-01")
    assert early["sessions"]["hours"] == "3.00"
    assert [c["version"] for c in early["corrected_later"]] == [6]
    text = ok(ledger_url, "engagement", "show", E, "--as-of", "2025-10-01").out
    assert "corrected later: #5 (SessionDelivered) by #6 on 2025-12-01: ran 3 h" in text


def test_show_and_diff_give_withdrawal_and_plan_change_reasons(ledger_url: str) -> None:
    base_engagement(ledger_url)
    ok(
        ledger_url,
        "plan",
        "set",
        E,
        "--emphasis",
        "achievement",
        "--kind",
        "support",
        "--on",
        "2025-10-01",
    )
    ok(
        ledger_url,
        "plan",
        "change",
        E,
        "--reason",
        "board asked for achievement",
        "--horizon",
        "2025-26:2026-27",
        "--on",
        "2025-10-05",
    )
    ok(
        ledger_url,
        "withdraw",
        E,
        "--anchor",
        "board",
        "--reason",
        "new majority",
        "--on",
        "2025-10-10",
    )
    text = ok(ledger_url, "engagement", "show", E).out
    assert "withdrawn 2025-10-10: new majority" in text
    assert "changed 2025-10-05: board asked for achievement" in text
    diff = ok(ledger_url, "diff", E, "--from", "2025-10-01", "--to", "2025-10-31").out
    assert "why: #7 2025-10-05 the plan changed: board asked for achievement" in diff
    assert "why: #8 2025-10-10 Board of education withdrew its commitment (" not in diff
    assert "why: #8 2025-10-10 Board of education withdrew its commitment: new majority" in diff


@pytest.mark.parametrize("context_arg", [True, False], ids=["new-plugin", "old-plugin"])
def test_plugins_judge_the_corrected_event_with_its_context(
    ledger_url: str, context_arg: bool, make_plugin_manager
) -> None:
    from cec_ledger.domain.errors import RuleViolation
    from cec_ledger.plugins import hookimpl

    seen: list[tuple] = []

    class NewPlugin:
        @hookimpl
        def cec_ledger_validate_event(self, event_type, fields, engagement, context):
            seen.append((event_type, context, str(fields.get("hours"))))
            if event_type == "SessionDelivered" and str(fields.get("hours")) == "9.00":
                raise RuleViolation("no nine-hour sessions here")

    class OldPlugin:
        @hookimpl
        def cec_ledger_validate_event(self, event_type, fields, engagement):
            seen.append((event_type, None, str(fields.get("hours"))))
            if event_type == "SessionDelivered" and str(fields.get("hours")) == "9.00":
                raise RuleViolation("no nine-hour sessions here")

    base_engagement(ledger_url)
    make_plugin_manager(NewPlugin() if context_arg else OldPlugin())
    outcome = invoke(ledger_url, "correct", E, "5", "--reason", "x", "--set", "hours=9")
    assert outcome.code == 1 and outcome.err.strip() == "error: no nine-hour sessions here"
    # The plugin saw the corrected session (every field, hours as corrected), not the
    # EventCorrected itself.
    assert seen[-1] == ("SessionDelivered", "correction" if context_arg else None, "9.00")
    ok(ledger_url, "correct", E, "5", "--reason", "x", "--set", "hours=3")
    assert seen[-1] == ("SessionDelivered", "correction" if context_arg else None, "3.00")


def test_old_exports_still_import_and_read(ledger_url: str) -> None:
    """The demo export of 2026-11 (rules epoch 1, before this issue): it imports, keeps
    its 40-hour typo as recorded (epoch 1 had no upper bound), reads, and its export is
    valid under the published schemas (``invoke`` checks every export)."""
    legacy = Path(__file__).parent / "fixtures" / "legacy" / "demo-export-2026-11.jsonl"
    ok(ledger_url, "init")
    ok(ledger_url, "import", str(legacy))
    rows = [orjson.loads(line) for line in export_bytes(ledger_url).splitlines()]
    assert {r["data"]["rules_version"] for r in rows} == {1}
    assert any(r["data"].get("hours") == "40" for r in rows)
    state = show(ledger_url, "--as-of", "2025-04-01")
    assert state["pathway"]["reached"] == 5 and state["pathway"]["current"] == 0
    ok(ledger_url, "verify")
