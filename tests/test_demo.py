"""The demo ledger: Maple Ridge CUSD 7 through the whole Pathway, and a closed Cedar Grove.

``cec-ledger demo`` creates a ledger and imports the packaged export
``cec_ledger/data/demo.jsonl``; the story that export was recorded from
(``scripts/demo_story.py``: every event through the facade, with a fixed clock) must still
reproduce it byte for byte. The demo is built once per module through the real CLI and read
back through the CLI (``export``, ``engagement show --json``, ``engagement list --json``), so
these tests check both the story the demo tells and the commands a newcomer first runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cec_ledger.cli import cli
from cec_ledger.domain import vocabulary as v
from cec_ledger.facade.demo import DEMO_SLUG, demo_jsonl
from cec_ledger.plugins.manager import DISABLE_ENV, build_plugin_manager, set_plugin_manager
from tests.clihelp import export_bytes, invoke, ok

PACKAGED = demo_jsonl()
STORY = Path(__file__).resolve().parents[1] / "scripts" / "demo_story.py"
STALE = "src/cec_ledger/data/demo.jsonl is stale: regenerate it with `make demo-data`"
BUNDLED_PLUGINS = ("cec-ledger-plc", "cec-ledger-baldrige", "cec-ledger-services")
CONSULTANTS = {
    "Dana Whitfield",
    "Marcus Oyelaran",
    "Priya Raman",
    "Teresa Kowalczyk",
    "Luis Ortega",
}


def cli_ok(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--ledger", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, f"{args}: exit {result.exit_code}: {result.output}"
    return result.output


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("demo") / "demo.db")
    output = cli_ok(url, "demo", "--fresh")
    assert "237 events" in output
    return url


@pytest.fixture(scope="module")
def lines(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    target = tmp_path_factory.mktemp("export") / "demo.jsonl"
    cli_ok(demo_url, "export", "-o", str(target))
    return [json.loads(line) for line in target.read_bytes().splitlines()]


@pytest.fixture(scope="module")
def maple(demo_url: str) -> dict[str, Any]:
    return show(demo_url, DEMO_SLUG)


def show(url: str, slug: str, *options: str) -> dict[str, Any]:
    return json.loads(cli_ok(url, "engagement", "show", slug, "--json", *options))


def of(lines: list[dict[str, Any]], event_type: str, slug: str = DEMO_SLUG) -> list[dict]:
    return [r for r in lines if r["engagement"] == slug and r["type"] == event_type]


def exported(url: str, folder: Path) -> bytes:
    target = folder / "exported.jsonl"
    ok(url, "export", "-o", str(target))
    return target.read_bytes()


def one_error_line(err: str) -> str:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


# ----------------------------------------------------------------------------- the packaged file
@pytest.mark.slow  # records 237 events one by one through the facade: seconds
def test_the_story_script_reproduces_the_packaged_file(tmp_path: Path) -> None:
    target = tmp_path / "story.jsonl"
    result = subprocess.run(
        [sys.executable, str(STORY), str(target)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Wrote 237 events to {target}\n"
    assert target.read_bytes() == PACKAGED.read_bytes(), STALE


def test_demo_then_export_gives_the_packaged_bytes(ledger_url: str, tmp_path: Path) -> None:
    assert ok(ledger_url, "demo").out == (
        f"Built the demo ledger at {ledger_url}: 237 events. Try:\n"
        f"  cec-ledger --ledger {ledger_url} engagement show maple-ridge\n"
    )
    assert exported(ledger_url, tmp_path) == PACKAGED.read_bytes()


def test_demo_needs_no_plugin(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DISABLE_ENV, ",".join(BUNDLED_PLUGINS))
    previous = set_plugin_manager(build_plugin_manager())
    try:
        statuses = {row["name"]: row["status"] for row in ok(None, "plugins", "--json").json()}
        assert {name: statuses.get(name) for name in BUNDLED_PLUGINS} == dict.fromkeys(
            BUNDLED_PLUGINS, "disabled"
        )
        ok(sqlite_url, "demo")
        assert exported(sqlite_url, tmp_path) == PACKAGED.read_bytes()
    finally:
        set_plugin_manager(previous)


# ----------------------------------------------------------------------------- failure paths
def test_a_second_demo_in_the_same_ledger_is_refused(ledger_url: str) -> None:
    ok(ledger_url, "demo")
    before = export_bytes(ledger_url)
    outcome = invoke(ledger_url, "demo")
    assert outcome.code == 1
    refusal = "already holds the demo engagement 'maple-ridge'; use --fresh (SQLite) or another"
    assert refusal in one_error_line(outcome.err)
    assert export_bytes(ledger_url) == before


def test_fresh_cannot_empty_a_postgresql_ledger(postgres_url: str) -> None:
    ok(postgres_url, "demo", "--fresh")  # nothing to delete yet: --fresh is harmless
    before = export_bytes(postgres_url)
    outcome = invoke(postgres_url, "demo", "--fresh")
    assert outcome.code == 1
    assert "--fresh deletes SQLite files only and cannot empty a PostgreSQL ledger" in (
        one_error_line(outcome.err)
    )
    assert export_bytes(postgres_url) == before


def test_fresh_replaces_an_sqlite_ledger(sqlite_url: str, tmp_path: Path) -> None:
    ok(sqlite_url, "demo")
    extra = ("--tier", "short_term", "--dimension", "common_language", "--evidence", "Later")
    ok(sqlite_url, "outcome", DEMO_SLUG, *extra, "--on", "2026-06-10")
    assert exported(sqlite_url, tmp_path).count(b"\n") == 238
    ok(sqlite_url, "demo", "--fresh")
    assert exported(sqlite_url, tmp_path) == PACKAGED.read_bytes()


def test_auditor_mode_refuses_the_demo_and_deletes_nothing(sqlite_url: str) -> None:
    ok(sqlite_url, "demo")
    outcome = invoke(sqlite_url, "demo", "--fresh", read_only=True)
    assert outcome.code == 1
    assert "read-only (auditor mode)" in one_error_line(outcome.err)
    assert export_bytes(sqlite_url).encode() == PACKAGED.read_bytes()


# ----------------------------------------------------------------------------- engagements
def test_two_engagements_in_different_states(demo_url: str, lines: list[dict]) -> None:
    rows = {r["slug"]: r for r in json.loads(cli_ok(demo_url, "engagement", "list", "--json"))}
    assert set(rows) == {"maple-ridge", "cedar-grove"}
    assert rows["maple-ridge"]["status"] == "open"
    assert rows["maple-ridge"]["level"] == "district"
    assert rows["maple-ridge"]["step_reached"] == 5
    assert rows["cedar-grove"]["status"] == "closed"
    assert rows["cedar-grove"]["level"] == "school"
    assert rows["cedar-grove"]["step_reached"] == 3
    counts = Counter(r["engagement"] for r in lines)
    assert counts["maple-ridge"] == 211 >= 150
    assert counts["cedar-grove"] == 26
    assert [r["type"] for r in lines if r["engagement"] == "cedar-grove"][-1] == (
        "EngagementClosed"
    )
    assert not of(lines, "EngagementClosed")  # maple-ridge stays open


def test_opened_through_a_system_assessment(maple: dict) -> None:
    assert maple["name"] == "Maple Ridge Community Unit School District 7"
    assert maple["entry_point"] == "system_assessment"  # its first entry point
    assert maple["opened_on"] == "2024-08-06"
    assert maple["lead_consultant"] == "Dana Whitfield"


def test_cedar_grove_opened_by_request_and_closed(demo_url: str) -> None:
    cedar = show(demo_url, "cedar-grove")
    assert cedar["entry_point"] == "individual_district_request"
    assert cedar["opened_on"] == "2025-03-10"
    assert cedar["closed_on"] == "2025-08-29"
    assert cedar["plan"]["kind"] == "support"
    assert len(cedar["diagnoses"]) == 1


def test_recorded_times_are_fixed_plausible_and_increasing(lines: list[dict]) -> None:
    recorded = [datetime.fromisoformat(r["recorded_at"]) for r in lines]
    assert all(a < b for a, b in pairwise(recorded))
    for row, at in zip(lines, recorded, strict=True):
        occurred = date.fromisoformat(row["occurred_on"])
        assert date(2024, 8, 1) <= occurred <= date(2026, 6, 30)
        assert at.utcoffset() == timedelta(0)
        assert timedelta(0) <= at.date() - occurred <= timedelta(days=7), row["id"]
        assert 8 <= at.hour < 20
    recorders = Counter(r["recorded_by"] for r in lines)
    assert set(recorders) == CONSULTANTS
    assert min(recorders.values()) >= 10


# ----------------------------------------------------------------------------- step 1
def test_teachers_organization_withdraws_and_recommits(maple: dict) -> None:
    history = [h for h in maple["commitment_history"] if h["anchor"] == "teachers_organization"]
    assert [(h["action"], h["on"]) for h in history] == [
        ("committed", "2024-08-27"),
        ("withdrawn", "2025-03-14"),
        ("committed", "2025-06-05"),
    ]
    assert "New MREA leadership" in history[1]["reason"]
    assert history[2]["instrument"] == "mou"
    assert history[2]["signatory"] == "Carla Jimenez"
    assert maple["we_have_a_we"] is True
    instruments = {a: e["instrument"] for a, e in maple["anchors"].items()}
    assert instruments == {
        "board": "resolution",
        "administration": "compact",
        "teachers_organization": "mou",
    }


@pytest.mark.parametrize(
    ("as_of", "committed", "current"),
    [
        ("2025-03-13", True, 5),  # the day before the withdrawal
        ("2025-04-15", False, 0),  # withdrawn: "Do we have a We?" no longer holds
        ("2025-06-04", False, 0),
        # Re-committed with the MOU, but the MREA's DLT seats stay empty until 2025-06-10:
        # Step 4 (an aligned structure, the anchors seated on the DLT) holds again then.
        ("2025-06-05", True, 3),
        ("2025-06-10", True, 5),
    ],
)
def test_as_of_shows_the_withdrawal_window(
    demo_url: str, as_of: str, committed: bool, current: int
) -> None:
    state = show(demo_url, DEMO_SLUG, "--as-of", as_of)
    assert state["as_of"] == as_of
    assert state["anchors"]["teachers_organization"]["committed"] is committed
    assert state["we_have_a_we"] is committed
    # A withdrawal does not erase history: step 5 stays reached, and is at risk.
    assert state["step_reached"] == 5
    assert state["pathway"]["current"] == current
    assert state["pathway"]["at_risk"] == list(range(current + 1, 6))


# ----------------------------------------------------------------------------- steps 2-3
def test_two_plc_diagnoses_show_growth(maple: dict) -> None:
    first, second = maple["diagnoses"]
    assert (first["occurred_on"], second["occurred_on"]) == ("2024-10-15", "2026-04-28")
    for diagnosis in (first, second):
        assert diagnosis["framework_id"] == "plc"
        assert sorted(diagnosis["ratings"]) == list("ABCDEFGHIJKLMNOP")
        assert set(diagnosis["ratings"].values()) <= {
            "not_yet",
            "initiating",
            "developing",
            "sustaining",
        }
        assert diagnosis["assessors"] and diagnosis["evidence"]
    assert float(second["readiness_score"]) > float(first["readiness_score"])
    assert first["greatest_areas_of_need"] == ["B", "D", "G", "J", "P"]
    scale = ["not_yet", "initiating", "developing", "sustaining"]
    rose = [
        i
        for i, rating in first["ratings"].items()
        if scale.index(second["ratings"][i]) > scale.index(rating)
    ]
    assert len(rose) == 15


def test_services_plan_and_its_changes(demo_url: str, maple: dict, lines: list[dict]) -> None:
    (direction,) = of(lines, "DirectionSet")
    assert direction["data"]["emphasis"] == "culture"
    assert direction["data"]["kind"] == "transformation"
    assert direction["data"]["gans_addressed"] == maple["diagnoses"][0]["greatest_areas_of_need"]
    history = maple["plan_history"]
    assert [h["action"] for h in history] == ["set", "changed", "changed", "changed"]
    assert all(h["reason"] for h in history[1:])
    plan = maple["plan"]
    assert plan["emphasis"] == "achievement"
    assert plan["kind"] == "transformation"
    assert plan["changes"] == 3
    services = {s["service_id"]: s for s in plan["services"]}
    assert {
        "leadership-development",
        "conflict-resolution",
        "dlt-slt-plc-integration",
        "ibb-ibps",
        "labor-management-series",
    } <= set(services)
    # Every line carries the catalogue's name and price rule; prices only where published
    # or noted (tests/test_demo_delivery.py checks the figures).
    assert services["conflict-resolution"]["cohorts"] == 2
    assert services["leadership-development"]["price_note"]
    assert services["shared-leadership"]["budget"] is None
    year_one = show(demo_url, DEMO_SLUG, "--as-of", "2025-03-01")["plan"]
    assert year_one["emphasis"] == "culture"
    assert "ibb-ibps" not in {s["service_id"] for s in year_one["services"]}


# ----------------------------------------------------------------------------- step 4
def test_teams_of_every_kind_grow_through_their_stages(maple: dict) -> None:
    teams = {t["team_id"]: t for t in maple["teams"]}
    kinds = Counter(t["kind"] for t in teams.values())
    assert kinds["dlt"] == 1
    assert kinds["slt"] == 2
    assert kinds["ilt-plc"] == 2
    assert kinds["mentoring-pair"] == 1
    assert kinds["cross-role-problem-solving"] == 1
    assert {t["school"] for t in teams.values() if t["kind"] == "slt"} == {
        "Lincoln Elementary",
        "Maple Ridge Middle School",
    }
    stages = {tid: [h["stage"] for h in t["stage_history"]] for tid, t in teams.items()}
    assert stages["dlt"] == ["form", "norm", "perform", "norm", "perform", "sustain"]
    assert stages["slt-lincoln"] == ["form", "norm", "perform", "sustain"]
    assert stages["plc-lincoln-g3"] == ["form", "norm", "perform", "sustain"]
    assert stages["slt-mrms"] == ["form", "norm", "perform"]
    setback = teams["dlt"]["stage_history"][3]
    assert setback["on"] == "2025-03-18" and "withdrawal" in setback["reason"]
    order = v.TEAM_STAGE.tokens
    for team in teams.values():
        history = team["stage_history"]
        dates = [h["on"] for h in history]
        assert dates == sorted(dates)
        for before, after in pairwise(history):
            step = order.index(after["stage"]) - order.index(before["stage"])
            assert step == 1 or (step < 0 and after["reason"])


def test_members_join_and_leave(maple: dict, lines: list[dict]) -> None:
    teams = {t["team_id"]: t for t in maple["teams"]}
    dlt = {m["member"]: m for m in teams["dlt"]["members"]}
    assert "Tom Becker" not in dlt
    assert dlt["Carla Jimenez"]["role"] == "teachers_organization"
    assert dlt["Carla Jimenez"]["title"] == "MREA president, co-chair"
    assert {m["role"] for m in dlt.values()} >= {
        "board",
        "administration",
        "teachers_organization",
    }
    left = {(r["data"]["team_id"], r["data"]["member"]) for r in of(lines, "TeamMemberLeft")}
    assert left == {
        ("dlt", "Tom Becker"),
        ("dlt", "Lisa Chen"),  # the MREA withdrew its representatives with its signature
        ("slt-lincoln", "Robert Fields"),
        ("plc-lincoln-g3", "Paul Ibsen"),
    }


def test_the_team_structure_and_the_dlts_anchor_seats(maple: dict) -> None:
    tree = [(t["team_id"], t["depth"], t["parent"]) for t in maple["team_structure"]]
    assert tree == [
        ("dlt", 0, None),
        ("slt-lincoln", 1, "dlt"),
        ("plc-lincoln-g3", 2, "slt-lincoln"),
        ("mentor-lincoln-1", 2, "slt-lincoln"),
        ("slt-mrms", 1, "dlt"),
        ("plc-mrms-math7", 2, "slt-mrms"),
        ("mrms-attendance", 2, "slt-mrms"),
    ]
    dlt = maple["team_structure"][0]
    assert dlt["anchor_seats"] == {
        "board": ["Rosa Alvarez"],
        "administration": ["Dr. Kenneth Hale", "Dr. Angela Brooks"],
        "teachers_organization": ["Carla Jimenez", "Lisa Chen"],
    }
    assert dlt["missing_anchors"] == []
    assert dlt["priorities"] == [
        "collaboration-time",
        "guaranteed-curriculum",
        "student-engagement",
    ]


def test_two_entry_points_with_their_structure(maple: dict, demo_url: str) -> None:
    points = {e["entry_point_id"]: e for e in maple["entry_points"]}
    assert list(points) == ["sa-2024", "ibb-request-2025"]
    assert (points["sa-2024"]["framework_id"], points["sa-2024"]["assessment_version"]) == (
        "plc",
        "full",
    )
    request = points["ibb-request-2025"]
    assert request["kind"] == "individual_district_request"
    assert (request["deadline"], request["mandate"]) == ("2026-06-30", None)
    assert request["follow_up"].startswith("The DLT adopts IBPS")
    cedar = show(demo_url, "cedar-grove")
    assert [e["entry_point_id"] for e in cedar["entry_points"]] == ["cg-request"]


def test_diagnoses_record_strengths_and_recommended_services(maple: dict) -> None:
    first, second = maple["diagnoses"]
    assert first["strengths"] == ["H", "L"]
    assert second["strengths"] == ["A", "F", "H", "L", "O"]
    # The PLC plugin's own recommendation for the GANs B, D, G, J (curriculum, assessment,
    # differentiation) and P (focus on learning).
    assert first["recommended_services"] == [
        "dlt-slt-plc-integration",
        "leadership-development",
        "shared-leadership",
        "shared-accountability",
    ]
    assert {d["entry_point_id"] for d in (first, second)} == {"sa-2024"}


def test_priorities_evidence_and_a_support_request(maple: dict) -> None:
    priorities = {p["priority_id"]: p for p in maple["priorities"]}
    assert priorities["lincoln-literacy"]["within"] == ["guaranteed-curriculum"]
    reading = priorities["g3-reading"]
    assert (reading["baseline"], reading["target"], reading["unit"]) == ("38", "25", "%")
    assert [e["observed"] for e in reading["evidence"]] == ["29", "24"]
    (request,) = priorities["lincoln-literacy"]["requests"]
    assert request["to"] == "dlt" and request["on"] == "2025-11-06"


# ----------------------------------------------------------------------------- step 5
def test_sessions_follow_the_coaching_delivery_model(maple: dict, lines: list[dict]) -> None:
    sessions = of(lines, "SessionDelivered")
    assert len(sessions) == maple["sessions"]["count"] == 66
    by_service = maple["sessions"]["by_service"]
    for service in (
        "leadership-development",
        "conflict-resolution",
        "dlt-slt-plc-integration",
        "ibb-ibps",
        "labor-management-series",
        "union-leadership-development",
        "ibb-team-training",
        "shared-leadership",
    ):
        assert by_service[service] >= 2, service
    assert set(maple["sessions"]["by_delivery"]) == set(v.DELIVERY.tokens)
    assert max(s["data"]["participants"] for s in sessions) <= 50
    # Each cohort of Conflict Resolution has its Session One before its Session Two.
    parts = [
        (s["data"]["cohort"], s["data"]["part"])
        for s in sessions
        if s["data"]["service_id"] == "conflict-resolution" and s["data"]["part"]
    ]
    assert parts == [
        ("district-2024", "session_one"),
        ("district-2024", "session_two"),
        ("mrms-2025", "session_one"),
        ("mrms-2025", "session_two"),
    ]
    # Each training, facilitation, networking or mentoring session is followed by coaching
    # that names it, within three weeks.
    by_version = {s["version"]: s for s in sessions}
    for s in sessions:
        if s["data"]["delivery"] == "coaching":
            continue
        on = date.fromisoformat(s["occurred_on"])
        assert any(
            c["data"]["delivery"] == "coaching"
            and by_version[c["data"]["follows"]] is s
            and on <= date.fromisoformat(c["occurred_on"]) <= on + timedelta(days=21)
            for c in sessions
        ), s["data"]["topic"]
    assert {s["data"]["consultant"] for s in sessions} == CONSULTANTS


def test_two_consultant_handoffs_with_overlap(maple: dict) -> None:
    handoffs = maple["handoffs"]
    assert [(h["from_consultant"], h["to_consultant"]) for h in handoffs] == [
        ("Marcus Oyelaran", "Teresa Kowalczyk"),
        ("Dana Whitfield", "Luis Ortega"),
    ]
    for handoff in handoffs:
        assert handoff["overlap_until"] > handoff["on"]
        assert handoff["content_area"] and handoff["notes"]


def test_responsibilities_reach_every_release_level(demo_url: str, maple: dict) -> None:
    responsibilities = {r["responsibility"]: r for r in maple["responsibilities"]}
    assert 5 <= len(responsibilities) <= 7
    reached = {h["release_level"] for r in responsibilities.values() for h in r["history"]}
    assert reached == set(v.RELEASE_LEVEL.tokens)
    full = responsibilities["facilitate DLT meetings"]["history"]
    assert [h["release_level"] for h in full] == list(v.RELEASE_LEVEL.tokens)
    assert full[0]["holder"] == "Dana Whitfield"
    assert full[-1]["holder"] == "Dr. Angela Brooks"
    finals = Counter(r["release_level"] for r in responsibilities.values())
    assert finals == {"district-independent": 3, "district-led-with-coaching": 4}
    for r in responsibilities.values():
        levels = [v.RELEASE_LEVEL.index(h["release_level"]) for h in r["history"]]
        assert levels == sorted(levels)
        assert r["history"][0]["holder"] in CONSULTANTS
        assert r["holder"] not in CONSULTANTS
    capacity = json.loads(cli_ok(demo_url, "capacity", DEMO_SLUG, "--json"))
    assert float(capacity["index"]) > 0.5


# ----------------------------------------------------------------------------- reflect
def test_reflections_and_outcomes_in_every_tier(maple: dict, lines: list[dict]) -> None:
    reflections = of(lines, "ReflectionRecorded")
    assert maple["reflections"] == len(reflections) == 7
    assert {r["data"]["team_id"] for r in reflections} == {
        None,
        "dlt",
        "slt-lincoln",
        "slt-mrms",
        "plc-lincoln-g3",
    }
    assert all(r["data"]["lessons_learned"] for r in reflections)
    outcomes = maple["outcomes"]
    assert {o["tier"] for o in outcomes} == set(v.OUTCOME_TIER.tokens)
    assert {o["dimension"] for o in outcomes} == set(v.OUTCOME_DIMENSION.tokens)
    assert all(v.DIMENSION_TIER[o["dimension"]] == o["tier"] and o["evidence"] for o in outcomes)
    measured = [o for o in outcomes if o["measure"]]
    assert [(o["on"], o["observed"], o["unit"]) for o in measured] == [
        ("2025-03-04", "31", "participants"),
        ("2025-06-19", "58", "%"),
    ]
    assert measured[1]["baseline"] == "34" and measured[1]["target"] == "50"


def test_a_goal_by_goal_reflection_and_a_cited_lesson(maple: dict) -> None:
    goals = {g["goal_id"]: g for g in maple["goals"]}
    assert {g: goals[g]["result"]["result"] for g in goals} == {
        "trust-anchors": "met",
        "structures": "met",
        "protected-time": "met",
        "data-cycle": "partly_met",
        "resolve-plc-time": "met",
        "cfa-every-unit": "met",
        "intervention-block": "met",
        "successor-contract": "met",
    }
    assert goals["data-cycle"]["removed_on"] == "2025-08-12"
    cited = [lesson for lesson in maple["lessons"] if lesson["cited_by"]]
    assert [lesson["text"] for lesson in cited] == [
        "Brief new union leadership on the Compact as soon as they are elected"
    ]


def test_the_framework_for_change_is_covered(maple: dict) -> None:
    rows = {e["short"]: e for e in maple["framework_coverage"]["elements"]}
    assert all(rows[e]["in_plan"] for e in ("ESTL", "IEP", "TtP", "FLMC"))
    assert maple["framework_coverage"]["not_in_plan"] == []
    assert rows["ESTL"]["goals"] == ["cfa-every-unit", "intervention-block"]


def test_corrections_keep_the_original(maple: dict, lines: list[dict]) -> None:
    corrections = maple["corrections"]
    assert [(c["corrects_type"], c["corrected_fields"]) for c in corrections] == [
        ("AnchorCommitted", {"signatory": "Rosa Alvarez"}),
        ("SessionDelivered", {"participants": 42}),
    ]
    assert all(c["reason"] for c in corrections)
    by_version = {r["version"]: r for r in lines if r["engagement"] == DEMO_SLUG}
    assert by_version[corrections[0]["corrects_version"]]["data"]["signatory"] == "Rosa Alvarex"
    # The head count was mistyped (24 for 42), corrected before Session Two, which takes
    # no more participants than its cohort's Session One.
    assert by_version[corrections[1]["corrects_version"]]["data"]["participants"] == 24
    assert maple["anchors"]["board"]["signatory"] == "Rosa Alvarez"
    assert maple["step_reached"] == 5


def test_known_at_shows_the_misspelling_until_the_correction_was_recorded(
    demo_url: str, lines: list[dict]
) -> None:
    (board,) = [r for r in of(lines, "AnchorCommitted") if r["data"]["anchor"] == "board"]
    # #2 is the system assessment entry point, recorded the day the engagement opened.
    correction = next(r for r in of(lines, "EventCorrected") if r["data"]["corrects_version"] == 3)
    assert board["version"] == 3
    before = show(demo_url, DEMO_SLUG, "--known-at", board["recorded_at"])
    after = show(demo_url, DEMO_SLUG, "--known-at", correction["recorded_at"])
    assert before["anchors"]["board"]["signatory"] == "Rosa Alvarex"
    assert after["anchors"]["board"]["signatory"] == "Rosa Alvarez"
