"""``import`` and ``export`` failure paths: every bad file is refused with the line that is
wrong, nothing is written (all or nothing), and re-imports are idempotent; and the snapshots
an import takes once it has written.

Over 400 lines: mutation testing judges the importer only by the test files pyproject's
``pytest_add_cli_args_test_selection`` lists, and this is the one for the importer's writes.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.errors import RuleViolation
from cec_ledger.facade.ledger import Ledger
from cec_ledger.plugins import hookimpl, set_plugin_manager
from cec_ledger.storage import snapshots
from tests.clihelp import base_engagement, export_bytes, invoke, ok
from tests.plugins.test_import_policy import history, use  # noqa: F401 (a fixture)


@pytest.fixture
def exported(ledger_url: str, tmp_path: Path) -> list[str]:
    base_engagement(ledger_url)
    return export_bytes(ledger_url).splitlines()


def write(tmp_path: Path, lines: list[str], name: str = "in.jsonl") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def edit(line: str, **changes) -> str:
    row = json.loads(line)
    for key, value in changes.items():
        if key.startswith("data_"):
            row["data"][key[5:]] = value
        else:
            row[key] = value
    return json.dumps(row)


CASES = [
    ("not-json", lambda ls: [ls[0], "{not json"], "line 2: not valid JSON"),
    ("not-an-object", lambda ls: [ls[0], "[1, 2]"], "line 2: expected a JSON object"),
    (
        "unknown-type",
        lambda ls: [ls[0], edit(ls[1], type="Nope")],
        "line 2: unknown event type 'Nope'",
    ),
    (
        "missing-key",
        lambda ls: [
            ls[0],
            json.dumps({k: v for k, v in json.loads(ls[1]).items() if k != "recorded_by"}),
        ],
        "line 2: missing recorded_by",
    ),
    (
        "wrong-type",
        lambda ls: [ls[0], edit(ls[1], data_signatory=42)],
        "line 2: signatory must be text, got int 42",
    ),
    (
        "bad-date",
        lambda ls: [ls[0], edit(ls[1], occurred_on="02/09/2025")],
        "line 2: occurred_on must be a date YYYY-MM-DD",
    ),
    (
        "unknown-field",
        lambda ls: [ls[0], edit(ls[1], data_colour="red")],
        "line 2: AnchorCommitted has no field colour",
    ),
    (
        "id-mismatch",
        lambda ls: [ls[0], edit(ls[1], id="00000000-0000-0000-0000-000000000000")],
        "line 2: id '00000000-0000-0000-0000-000000000000' does not match",
    ),
    ("gap-in-versions", lambda ls: [ls[0], ls[2]], "expected version 2 of this engagement, got 3"),
    (
        "rule-broken",
        lambda ls: [ls[0], edit(ls[1], data_anchor="union")],
        "line 2 (AnchorCommitted v2): anchor 'union' is not one of",
    ),
    (
        "no-timezone",
        lambda ls: [ls[0], edit(ls[1], recorded_at="2025-09-02T10:00:00")],
        "line 2: recorded_at must carry a time zone",
    ),
]


@pytest.mark.parametrize(("mangle", "message"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_bad_file_writes_nothing(exported: list[str], tmp_path: Path, mangle, message) -> None:
    fresh = str(tmp_path / "fresh.db")
    ok(fresh, "init")
    before = export_bytes(fresh)
    outcome = invoke(fresh, "import", write(tmp_path, mangle(exported)))
    assert outcome.code == 1
    assert message in outcome.err, outcome.err
    assert outcome.err.count("\n") == 1
    assert export_bytes(fresh) == before == ""


def test_all_or_nothing_when_the_last_line_is_bad(
    exported: list[str], tmp_path: Path, ledger_url: str
) -> None:
    fresh = str(tmp_path / "fresh.db")
    ok(fresh, "init")
    outcome = invoke(fresh, "import", write(tmp_path, [*exported, "{truncated"]))
    assert outcome.code == 1 and "line 6: not valid JSON" in outcome.err
    assert ok(fresh, "engagement", "list", "--json").json() == []


def test_conflicting_event_is_refused(exported: list[str], ledger_url: str, tmp_path: Path) -> None:
    changed = [*exported[:2], edit(exported[2], data_name="Renamed DLT"), *exported[3:]]
    before = export_bytes(ledger_url)
    outcome = invoke(ledger_url, "import", write(tmp_path, changed))
    assert outcome.code == 1
    assert (
        "line 3: maple-ridge#3 is already in the ledger (TeamFormed) but differs in name "
        "(stored 'District Leadership Team', line 'Renamed DLT'); refusing to overwrite history"
    ) in outcome.err
    assert export_bytes(ledger_url) == before


def test_reimport_is_idempotent_and_appends_new_events(
    exported: list[str], ledger_url: str, tmp_path: Path
) -> None:
    report = ok(ledger_url, "import", write(tmp_path, exported), "--json").json()
    assert report["written"] == 0 and report["skipped"] == 5
    ok(ledger_url, "team", "stage", "maple-ridge", "dlt", "norm", "--on", "2025-10-01")
    longer = export_bytes(ledger_url).splitlines()
    copy = str(tmp_path / "copy.db")
    ok(copy, "import", write(tmp_path, exported, "first.jsonl"))
    report = ok(copy, "import", write(tmp_path, longer, "second.jsonl"), "--json").json()
    assert report == {
        "lines": 6,
        "written": 1,
        "skipped": 5,
        "engagements": ["maple-ridge"],
        "findings": [],
    }
    assert export_bytes(copy) == export_bytes(ledger_url)


def test_import_missing_file_is_usage_error(sqlite_url: str) -> None:
    outcome = invoke(sqlite_url, "import", "/nonexistent/file.jsonl")
    assert outcome.code == 2 and "does not exist" in outcome.err


def test_export_to_unwritable_place_leaves_nothing(sqlite_url: str, tmp_path: Path) -> None:
    base_engagement(sqlite_url)
    outcome = invoke(sqlite_url, "export", "-o", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert outcome.code in (1, 2) and outcome.err.startswith("error: ")
    assert not (tmp_path / "no").exists()


def test_export_file_is_atomic_and_complete(sqlite_url: str, tmp_path: Path) -> None:
    base_engagement(sqlite_url)
    target = tmp_path / "out.jsonl"
    outcome = ok(sqlite_url, "export", "-o", str(target))
    assert re.fullmatch(
        rf"Exported 5 events to {re.escape(str(target))}; seal cec-seal-v1:5:[0-9a-f]{{24}}",
        outcome.err.strip(),
    )
    assert target.read_text() == export_bytes(sqlite_url)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_import_summary_stays_one_short_line(tmp_path: Path) -> None:
    lines = []
    for n in range(7):
        source = str(tmp_path / f"s{n}.db")
        ok(source, "init")
        ok(
            source,
            "engagement",
            "open",
            f"e{n}",
            "--name",
            "E",
            "--organisation",
            "O",
            "--level",
            "school",
            "--on",
            "2025-01-01",
        )
        lines += export_bytes(source).splitlines()
    fresh = str(tmp_path / "fresh.db")
    outcome = ok(fresh, "import", write(tmp_path, lines))
    assert outcome.out.strip() == (
        "Imported 7 events (0 already present) from 7 lines; "
        "engagements: e0, e1, e2, e3, e4 and 2 more"
    )


# ------------------------------------------------------------------ plugin rules on import
# (tests/plugins/test_import_policy.py has the policy; these pin what a plugin is given.)


class Watcher:
    """Sees every imported event as a plugin does, and refuses the board's MOU."""

    plugin_name = "watcher"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str, str]] = []

    @hookimpl
    def cec_ledger_validate_event(
        self, event_type: str, fields: dict, engagement: dict, context: str
    ) -> None:
        self.seen.append((event_type, str(fields.get("anchor")), engagement["slug"], context))
        if fields.get("instrument") == "mou":
            raise RuleViolation("no MOUs")


def test_a_plugin_judges_each_imported_event_with_its_fields_and_engagement(
    sqlite_url: str,
    history: Path,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    watcher = Watcher()
    use(watcher)
    report = ok(sqlite_url, "import", str(history), "--json").json()
    assert watcher.seen == [
        ("EngagementOpened", "None", "", "import"),  # judged before the engagement exists
        ("AnchorCommitted", "board", "oak", "import"),
        ("AnchorCommitted", "administration", "oak", "import"),
    ]
    assert report["findings"] == [
        {
            "line": 2,
            "event": "oak#2",
            "type": "AnchorCommitted",
            "plugin": "watcher",
            "message": "no MOUs",
        }
    ]
    strict = Watcher()
    use(strict)
    refused = invoke(str(tmp_path / "strict.db"), "import", str(history), "--strict")
    assert refused.code == 1 and "no MOUs" in refused.err
    assert strict.seen[-1] == ("AnchorCommitted", "board", "oak", "import")


SECOND_SESSION = (
    *("session", "log", "maple-ridge", "--delivery", "training", "--topic", "Second"),
    *("--hours", "2", "--participants", "10", "--consultant", "Ana Reyes", "--team", "dlt"),
    *("--service", "dlt-slt-plc-integration", "--unplanned", "before the plan"),
)


class SessionWatcher:
    plugin_name = "session-watcher"

    def __init__(self) -> None:
        self.seen: list[tuple[str, list[tuple[int, str]]]] = []

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str, engagement: dict) -> None:
        sessions = [(s["version"], f"{s['hours']}") for s in engagement["sessions"]]
        self.seen.append((event_type, sessions))


def test_plugins_see_the_sessions_so_far_on_import_a_correction_included(
    sqlite_url: str, tmp_path: Path
) -> None:
    """The import keeps each engagement's session list up to date as it folds (not rebuilt
    for every event); after a correction the list is rebuilt with the corrected values."""
    previous = set_plugin_manager(None)
    use()
    source = str(tmp_path / "source.db")
    base_engagement(source)  # session #5, 4 hours, 2025-09-20
    ok(source, *SECOND_SESSION, "--on", "2025-09-25")  # 6
    ok(source, *SECOND_SESSION, "--on", "2025-09-28")  # 7
    ok(source, "correct", "maple-ridge", "5", "--set", "hours=3", "--reason", "typo",
       "--on", "2025-10-11")  # fmt: skip
    ok(source, *SECOND_SESSION, "--on", "2025-10-12")  # 9
    ok(source, "export", "-o", str(tmp_path / "x.jsonl"))
    watcher = SessionWatcher()
    use(watcher)
    try:
        ok(sqlite_url, "import", str(tmp_path / "x.jsonl"))
    finally:
        set_plugin_manager(previous)
    assert [sessions for kind, sessions in watcher.seen if kind == "SessionDelivered"] == [
        [],  # 5
        [(5, "4.00")],  # 6
        [(5, "4.00"), (6, "2.00")],  # 7: only #6 is new to the list kept since #6
        [],  # 8: the correction of #5 is judged as #5 was, before it
        [(5, "3.00"), (6, "2.00"), (7, "2.00")],  # 9
    ]


def test_an_applications_own_validator_sees_each_imported_event(sqlite_url: str) -> None:
    """A validator other than the plugins' (an application's own, with or without the
    ``context`` argument) is called for every line with the event's type, its fields and the
    engagement as it stood, and for a correction with the corrected event as it was."""
    from datetime import date

    from cec_ledger.facade.importer import import_lines
    from tests.domain.builders import in_memory_app

    base_engagement(sqlite_url)
    ok(sqlite_url, "correct", "maple-ridge", "5", "--set", "hours=3", "--reason", "typo",
       "--on", "2025-10-11")  # fmt: skip
    lines = export_bytes(sqlite_url).splitlines()
    seen: list[tuple[str, int, str, str]] = []

    def validator(event_type: str, fields: dict, state: Any, context: str) -> None:
        seen.append((event_type, state.version, str(fields.get("hours")), context))

    report = import_lines(in_memory_app(validator=validator), lines, today=date(2026, 1, 1))
    assert report.as_dict()["written"] == 6
    assert seen == [
        ("EngagementOpened", 0, "None", "import"),
        ("AnchorCommitted", 1, "None", "import"),
        ("TeamFormed", 2, "None", "import"),
        ("TeamMemberJoined", 3, "None", "import"),
        ("SessionDelivered", 4, "4.00", "import"),
        ("SessionDelivered", 4, "3.00", "import"),  # #6 corrects #5: judged as #5 would be
    ]
    older: list[str] = []
    import_lines(
        in_memory_app(validator=lambda event_type, fields, state: older.append(event_type)),
        lines,
        today=date(2026, 1, 1),
    )
    assert len(older) == 6


def reimport_changed(url: str, tmp_path: Path, **changes: Any) -> str:
    """Re-import the ledger's own export with line 5 (the session) changed; the refusal."""
    lines = export_bytes(url).splitlines()
    row = json.loads(lines[4])
    for key in ("recorded_at", "recorded_by"):
        if key in changes:
            row[key] = changes.pop(key)
    row["data"].update(changes)
    lines[4] = json.dumps(row)
    path = tmp_path / "changed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    refused = invoke(url, "import", str(path))
    assert refused.code == 1 and refused.err.count("\n") == 1
    return refused.err.strip()


def test_a_changed_line_names_the_first_three_differences_and_counts_the_rest(
    sqlite_url: str, tmp_path: Path
) -> None:
    base_engagement(sqlite_url)
    stored_at = json.loads(export_bytes(sqlite_url).splitlines()[4])["recorded_at"]
    where = "error: line 5: maple-ridge#5 is already in the ledger (SessionDelivered) but "
    refuse = "; refusing to overwrite history"
    five = reimport_changed(
        sqlite_url, tmp_path, recorded_at="2026-01-01T00:00:00+00:00", recorded_by="mallory",
        topic="A" * 59, hours="5.00", participants=19,
    )  # fmt: skip
    assert five == (
        f"{where}differs in recorded_at (stored {stored_at}, line 2026-01-01T00:00:00+00:00); "
        "recorded_by (stored 'tester', line 'mallory'); topic (stored 'Effective team "
        f"practices', line '{'A' * 56}...) and 2 more{refuse}"
    )
    four = reimport_changed(
        sqlite_url, tmp_path, recorded_by="mallory", topic="t", hours="5.00", participants=19
    )
    assert four.endswith("hours (stored '4.00', line '5.00') and 1 more" + refuse)
    three = reimport_changed(sqlite_url, tmp_path, topic="t", hours="5.00", participants=19)
    assert three == (
        f"{where}differs in topic (stored 'Effective team practices', line 't'); hours (stored "
        f"'4.00', line '5.00'); participants (stored 18, line 19){refuse}"
    )
    # A value is shown whole up to 60 characters (its repr), cut to 57 and '...' beyond.
    whole = reimport_changed(sqlite_url, tmp_path, topic="B" * 58)
    assert whole.endswith(f"line '{'B' * 58}'){refuse}")


# ---------------------------------------------------------------------- snapshots an import takes
# Once its transaction is committed, an import snapshots what it wrote as a run of commands
# would leave it (storage.snapshots): an engagement at its head when the import wrote at least
# SNAPSHOT_EVERY of its events (counted from what was stored before), and at every multiple of
# SNAPSHOT_SPAN it passed. SNAPSHOT_EVERY = 5 and SNAPSHOT_SPAN = 10 here: short files show it.
START = date(2024, 1, 1)


@pytest.fixture
def small_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "SNAPSHOT_EVERY", 5)
    monkeypatch.setattr(snapshots, "SNAPSHOT_SPAN", 10)


def long_export(tmp_path: Path, events: int) -> list[bytes]:
    """The export of a ledger holding one engagement, "long", of ``events`` events."""
    with Ledger.open(str(tmp_path / "source.db"), actor="t", create=True) as source:
        source.open_engagement(
            slug="long", name="Long", organisation="Long District", level="district",
            occurred_on=START.isoformat(),
        )  # fmt: skip
        for n in range(1, events):
            source.record(
                "long", "OutcomeObserved", tier="short_term", dimension="common_language",
                evidence=f"observation {n}", occurred_on=(START + timedelta(days=n)).isoformat(),
            )  # fmt: skip
        return [orjson.dumps(line) for line in source.all_events()]


def checked_snapshots(ledger: Ledger) -> list[int]:
    """The versions of the stored snapshots of "long", each checked to be one a load uses (it
    is bound to the stored bytes of the event at its version) and to hold the fold of the
    events up to that version."""
    app = ledger.app
    keys = snapshots.snapshot_keys(app.snapshots)
    if not keys:
        return []
    eid = ledger.resolve("long")
    assert {key for key, _ in keys} == {eid}
    events = app.engagement_events(eid)
    versions = sorted(version for _, version in keys)
    for version in versions:
        taken = next(iter(app.snapshots.get(eid, gt=version - 1, lte=version)))
        stored = next(iter(app.recorder.select_events(eid, gt=version - 1, lte=version)))
        assert snapshots.trusted(taken, stored.state), version
        fold = snapshots.encoded_state(fold_history(events[:version]))
        assert taken.state["body"] == fold, version
    return versions


@pytest.mark.parametrize(
    ("stored", "events", "snapshotted"),
    [
        pytest.param(0, 4, [], id="fewer-than-every: none"),
        pytest.param(0, 5, [5], id="exactly-every: at the head"),
        pytest.param(0, 7, [7], id="more-than-every: at the head"),
        pytest.param(0, 10, [10], id="head-ends-a-span: once"),
        pytest.param(0, 13, [10, 13], id="a-span-passed: its end and the head"),
        pytest.param(4, 8, [], id="4-new-after-4-stored: none"),
        pytest.param(3, 9, [9], id="6-new-after-3-stored: at the head"),
    ],
)
def test_an_import_snapshots_what_it_wrote_as_writes_would(
    ledger_url: str,
    tmp_path: Path,
    small_spans: None,
    stored: int,
    events: int,
    snapshotted: list[int],
) -> None:
    lines = long_export(tmp_path, events)
    with Ledger.open(ledger_url, actor="t", create=True) as target:
        if stored:
            target.import_lines(lines[:stored])
        assert checked_snapshots(target) == []
        report = target.import_lines(lines)
        assert (report["written"], report["skipped"]) == (events - stored, stored)
        assert checked_snapshots(target) == snapshotted


def test_an_import_into_a_ledger_without_a_snapshot_store_writes_every_event(
    ledger_url: str, tmp_path: Path, small_spans: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eventsourcing's IS_SNAPSHOTTING_ENABLED=no leaves the application without a snapshot
    store: an import long enough to be snapshotted still writes and reports every event."""
    lines = long_export(tmp_path, 13)
    monkeypatch.setenv("IS_SNAPSHOTTING_ENABLED", "no")
    with Ledger.open(ledger_url, actor="t", create=True) as target:
        assert target.app.snapshots is None
        assert target.import_lines(lines)["written"] == 13
        assert len(target.app.engagement_events(target.resolve("long"))) == 13
