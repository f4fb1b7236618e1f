"""Upgrades: ``OutcomeObserved`` moved to class version 2 (it gained ``impact``), then every
class moved up one version to carry ``rules_version`` (OutcomeObserved to 3), then
OutcomeObserved moved to 4 (rules epoch 3: a measure and links to sessions, teams, services and
goals). The checked-in ``fixtures/v1-ledger.db`` was written by the code *before* all three
moves; today's code must read it: state, timeline, export and verify, with v1 events upcast (impact derived from the
dimension, rules epoch 1) and the stored history untouched (the seal taken at v1 still
matches)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import orjson
import pytest

from cec_ledger.application import EngagementApplication
from cec_ledger.domain.events import OutcomeObserved
from cec_ledger.facade.ledger import Ledger
from cec_ledger.projections.projector import (
    CHAIN,
    SUMMARIES,
    VIEWS,
    VIEWS_REVISION,
    Projector,
    views_format,
)
from cec_ledger.storage.location import eventsourcing_env, parse_ledger_url
from tests.clihelp import export_bytes, invoke, ok

FIXTURES = Path(__file__).parent / "fixtures"
V1_SEAL = "cec-seal-v1:6:5d6a8311f5dc0dcf64bf27cf"
SLUG = "cedar-grove"
EXPECTED_IMPACT = {3: "system", 4: "people", 5: None}  # policy_changes, common_language, mid-term


@pytest.fixture
def v1_ledger(tmp_path: Path) -> str:
    """A copy of the v1 fixture (the checked-in file is never opened for writing)."""
    target = tmp_path / "v1-ledger.db"
    shutil.copyfile(FIXTURES / "v1-ledger.db", target)
    return str(target)


def stored_states(url: str) -> dict[int, dict]:
    with sqlite3.connect(f"file:{url}?mode=ro", uri=True) as conn:
        return {
            version: orjson.loads(state)
            for version, topic, state in conn.execute(
                "SELECT originator_version, topic, state FROM stored_events ORDER BY rowid"
            )
            if topic.endswith(":OutcomeObserved")
        }


def test_the_fixture_really_is_version_1(v1_ledger: str) -> None:
    assert OutcomeObserved.class_version == 4
    states = stored_states(v1_ledger)
    assert sorted(states) == [3, 4, 5]
    for state in states.values():
        assert "impact" not in state and "class_version" not in state


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "writable"])
def test_v1_ledger_reads_upcast(v1_ledger: str, read_only: bool) -> None:
    # verify: the stored bytes are exactly those sealed at version 1
    report = ok(v1_ledger, "verify", "--seal", V1_SEAL, read_only=read_only).out
    assert report.startswith("OK: 6 events verified")
    # export: v1 events in the v2 shape, impact derived from the dimension
    rows = [orjson.loads(line) for line in export_bytes_ro(v1_ledger, read_only).splitlines()]
    outcomes = {r["version"]: r["data"] for r in rows if r["type"] == "OutcomeObserved"}
    assert {v: d["impact"] for v, d in outcomes.items()} == EXPECTED_IMPACT
    assert list(outcomes[3]) == [
        "rules_version",
        "tier",
        "dimension",
        "evidence",
        "impact",
        # version 4: qualitative (no measure), linked to nothing
        "measure",
        "unit",
        "baseline",
        "target",
        "observed",
        "sessions",
        "teams",
        "services",
        "goals",
        "elements",
    ]
    assert all(outcomes[3][k] is None for k in ("measure", "unit", "baseline", "target"))
    assert outcomes[3]["observed"] is None and outcomes[3]["goals"] == []
    assert {d["rules_version"] for d in outcomes.values()} == {1}  # judged by epoch 1
    # state: folded from upcast events, the correction of #4 applied
    state = ok(v1_ledger, "engagement", "show", SLUG, "--json", read_only=read_only).json()
    assert [o["dimension"] for o in state["outcomes"]] == [
        "policy_changes",
        "common_language",
        "sustaining_practice",
    ]
    assert state["outcomes"][1]["evidence"].endswith("in every meeting")
    assert state["version"] == 6
    # replay and time travel fold the same events
    ok(v1_ledger, "replay", SLUG, read_only=read_only)
    ok(v1_ledger, "engagement", "show", SLUG, "--as-of", "2026-02-01", read_only=read_only)
    # the stored bytes were not rewritten by reading them
    assert all("impact" not in s for s in stored_states(v1_ledger).values())


def export_bytes_ro(url: str, read_only: bool) -> str:
    return ok(url, "export", read_only=read_only).out


def test_timeline_after_rebuild_shows_the_upcast_shape(v1_ledger: str) -> None:
    ok(v1_ledger, "rebuild")
    timeline = ok(v1_ledger, "timeline", SLUG, "--type", "OutcomeObserved", "--json").json()
    assert {r["version"]: r["data"]["impact"] for r in timeline} == EXPECTED_IMPACT
    exported = [orjson.loads(line) for line in export_bytes(v1_ledger).splitlines()]
    assert [r["data"] for r in timeline] == [
        r["data"] for r in exported if r["type"] == "OutcomeObserved"
    ]
    ok(v1_ledger, "verify", "--seal", V1_SEAL)


def test_timeline_without_rebuild_shows_the_upcast_shape(v1_ledger: str) -> None:
    timeline = ok(v1_ledger, "timeline", SLUG, "--type", "OutcomeObserved", "--json").json()
    assert {r["version"]: r["data"].get("impact") for r in timeline} == EXPECTED_IMPACT


def test_v2_events_beside_v1_events(v1_ledger: str) -> None:
    ok(
        v1_ledger,
        "outcome",
        SLUG,
        "--tier",
        "short_term",
        "--dimension",
        "resource_flow",
        "--evidence",
        "Title I funds moved to PLC release time",
        "--on",
        "2026-06-01",
    )
    new = stored_states(v1_ledger)[7]
    assert new["class_version"] == 4 and new["impact"] == "system"
    assert new["rules_version"] == 3
    rows = [orjson.loads(line) for line in export_bytes(v1_ledger).splitlines()]
    assert [r["data"]["impact"] for r in rows if r["type"] == "OutcomeObserved"] == [
        "system",
        "people",
        None,
        "system",
    ]
    assert ok(v1_ledger, "verify", "--seal", V1_SEAL).out.startswith("OK: 7 events verified")
    # An export of the upgraded ledger imports into a new ledger, identically.
    copy = str(Path(v1_ledger).with_name("copy.db"))
    exported = export_bytes(v1_ledger)
    path = Path(v1_ledger).with_name("upgraded.jsonl")
    path.write_text(exported)
    ok(copy, "init")
    ok(copy, "import", str(path))
    assert export_bytes(copy).replace('"position"', "") == exported.replace('"position"', "")


def test_impact_must_fit_the_dimension(v1_ledger: str, tmp_path: Path) -> None:
    """A new v2 event whose impact contradicts its dimension is refused in one line."""
    from uuid import UUID

    from cec_ledger.formats.lines import event_id

    rows = [orjson.loads(line) for line in export_bytes(v1_ledger).splitlines()]
    line = next(r for r in rows if r["version"] == 3)
    line.update(version=7, id=str(event_id(UUID(line["engagement_id"]), 7)))
    line.pop("position")
    line["data"]["impact"] = "people"  # policy_changes is system impact
    path = tmp_path / "bad.jsonl"
    path.write_bytes(orjson.dumps(line) + b"\n")
    before = export_bytes(v1_ledger)
    outcome = invoke(v1_ledger, "import", str(path))
    assert outcome.code == 1
    assert outcome.err == (
        "error: line 1 (OutcomeObserved v7): impact 'people' does not fit dimension "
        "'policy_changes' (it is system)\n"
    )
    assert export_bytes(v1_ledger) == before
    line["data"]["impact"] = "system"
    path.write_bytes(orjson.dumps(line) + b"\n")
    ok(v1_ledger, "import", str(path))


def test_v1_export_imports(tmp_path: Path) -> None:
    fresh = str(tmp_path / "fresh.db")
    ok(fresh, "init")
    ok(fresh, "import", str(FIXTURES / "v1-export.jsonl"))
    ok(fresh, "verify")


# ------------------------------------------------------------------ the views' format and lag
def test_the_view_format_of_this_release_is_pinned() -> None:
    """A ledger records the name of the view format its rows were projected in; a release
    whose name differs rebuilds every ledger's views on first open (``_upgrade_views``). The
    name follows from VIEWS_REVISION and each event class's version: it is pinned here so
    that it changes only on purpose (bump VIEWS_REVISION or a class version, then this)."""
    assert VIEWS_REVISION == 4
    assert views_format() == "views-format-bd004a931c1e6539"


def test_an_event_class_moving_up_a_version_changes_the_view_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = views_format()
    monkeypatch.setattr(OutcomeObserved, "class_version", OutcomeObserved.class_version + 1)
    assert views_format() != before


def test_the_lag_is_how_far_the_furthest_behind_view_is(tmp_path: Path) -> None:
    """``lag``: how many events the views are behind the log, counting the view furthest
    behind (event rows, chain, engagement summaries); a read-only open trusts the views only
    at lag 0."""
    url = str(tmp_path / "lag.db")
    with Ledger.open(url, actor="t", create=True) as ledger:
        assert ledger.projector.lag() == 0  # an empty log: nothing behind
        ledger.open_engagement(
            slug="lagging",
            name="Lagging",
            organisation="L",
            level="district",
            occurred_on="2025-01-06",
        )
        for n in range(4):
            ledger.record(
                "lagging",
                "OutcomeObserved",
                tier="short_term",
                dimension="common_language",
                evidence=f"observation {n}",
                occurred_on=f"2025-01-{10 + n}",
            )
        head = ledger.app.recorder.max_notification_id()
        assert head == 5 and ledger.projector.lag() == 0
        table = ledger.projector.views.tracking_table
    # Each tracker in turn falls further behind than the ones before it.
    for behind, view in ((1, VIEWS), (2, CHAIN), (3, SUMMARIES)):
        with sqlite3.connect(url) as db:  # rewind one tracker, as a crash between writes would
            db.execute(f"DELETE FROM {table} WHERE application_name = ?", (view,))
            db.execute(
                f"INSERT INTO {table} (application_name, notification_id) VALUES (?, ?)",
                (view, head - behind),
            )
        with Ledger.open(url, actor="t", read_only=True) as ledger:
            assert ledger.projector.lag() == behind
            assert ledger.views_current is False


def table_names(url: str) -> set[str]:
    with sqlite3.connect(f"file:{url}?mode=ro", uri=True) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}


def project_once(url: str, read_only_switch: bool) -> None:
    """Build the projector of a writable ledger, with or without the read-only switch."""
    env = eventsourcing_env(parse_ledger_url(url), create=False, read_only=False)
    if read_only_switch:
        env["LEDGER_READ_ONLY"] = "y"
    app = EngagementApplication(env=env)
    try:
        Projector(app)
    finally:
        app.close()


def test_a_projector_told_read_only_leaves_an_old_ledgers_schema_alone(v1_ledger: str) -> None:
    """LEDGER_READ_ONLY=y (what every read-only open sets) keeps the projector from creating
    the view and snapshot tables a ledger made before them lacks, even on a connection that
    could write: a read-only open never changes the schema. Without it they are created."""
    before = table_names(v1_ledger)
    assert "cec_event_rows" not in before and "stored_snapshots" not in before
    project_once(v1_ledger, read_only_switch=True)
    assert table_names(v1_ledger) == before
    project_once(v1_ledger, read_only_switch=False)
    created = table_names(v1_ledger) - before
    assert {"cec_event_rows", "cec_engagement_rows", "stored_snapshots"} <= created


def test_an_internal_read_only_setting_in_the_shell_does_not_stop_the_upgrade(
    v1_ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """eventsourcing also reads the process environment: a LEDGER_READ_ONLY left in a shell
    must not make a writable open skip creating the tables an old ledger lacks (the open
    then failed with "no such table: cec_event_rows")."""
    monkeypatch.setenv("LEDGER_READ_ONLY", "y")
    timeline = ok(v1_ledger, "timeline", SLUG, "--type", "OutcomeObserved", "--json").json()
    assert {r["version"]: r["data"].get("impact") for r in timeline} == EXPECTED_IMPACT
