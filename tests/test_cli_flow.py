"""Every CLI command through one engagement, then export → import into a new ledger, on
both backends: the imported ledger must tell exactly the same story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clihelp import ASSESSED, ok


@pytest.fixture
def second_url(ledger_url: str, tmp_path: Path):
    """A second, empty ledger on the same backend as ``ledger_url``."""
    if ledger_url.startswith("postgresql://"):
        import os

        from tests.conftest import postgres_schema, require_postgres_url

        with postgres_schema(require_postgres_url(os.environ)) as url:
            yield url
    else:
        yield str(tmp_path / "copy.db")


def drive_every_command(url: str, tmp_path: Path) -> None:
    ok(url, "init")
    ok(url, *ASSESSED)
    slug = "maple-ridge"
    for anchor, signatory, instrument, on in [
        ("board", "R. Alvarez", "resolution", "2025-09-02"),
        ("administration", "Supt. K. Osei", "compact", "2025-09-02"),
        ("teachers_organization", "D. Whitfield", "MOU", "2025-09-04"),
    ]:
        ok(
            url,
            "commit",
            slug,
            "--anchor",
            anchor,
            "--signatory",
            signatory,
            "--instrument",
            instrument,
            "--on",
            on,
        )
    ok(
        url,
        "withdraw",
        slug,
        "--anchor",
        "teachers-organization",
        "--reason",
        "new union leadership reviewing the MOU",
        "--on",
        "2025-11-14",
    )
    ok(
        url,
        "commit",
        slug,
        "--anchor",
        "Teachers' organization",
        "--signatory",
        "P. Moreau",
        "--instrument",
        "mou",
        "--on",
        "2026-01-20",
    )
    ratings = tmp_path / "plc.json"
    levels = ["not_yet", "initiating", "developing", "sustaining"]
    ratings.write_text(
        json.dumps(
            {
                "ratings": {chr(ord("A") + i): levels[i % 4] for i in range(16)},
                "evidence": {"D": "No common formative assessments yet"},
            }
        )
    )
    ok(
        url,
        "diagnose",
        slug,
        "--framework",
        "plc",
        "--ratings",
        str(ratings),
        "--assessor",
        "J. Okafor",
        "--assessor",
        "L. Chen",
        "--on",
        "2025-10-01",
    )
    ok(
        url,
        "plan",
        "set",
        slug,
        "--emphasis",
        "culture",
        "--kind",
        "transformation",
        "--goal",
        "slt-everywhere:Every school has a functioning SLT",
        "--element",
        "slt-everywhere:TtP",
        "--horizon",
        "2025-26:2026-27",
        "--service",
        "dlt-slt-plc-integration:32:10000",
        "--service",
        "conflict-resolution:8:2500",
        "--cohorts",
        "conflict-resolution:1",
        "--gan",
        "A",
        "--gan",
        "E",
        "--on",
        "2025-10-15",
    )
    ok(
        url,
        "plan",
        "change",
        slug,
        "--reason",
        "add interest-based problem solving",
        "--add-service",
        "ibb-ibps:16:5000",
        "--on",
        "2026-01-25",
    )
    ok(
        url,
        "team",
        "form",
        slug,
        "dlt",
        "--kind",
        "dlt",
        "--name",
        "District Leadership Team",
        "--charge",
        "Define and protect multi-year priorities",
        "--cadence",
        "monthly",
        "--on",
        "2025-10-20",
    )
    ok(
        url,
        "team",
        "join",
        slug,
        "dlt",
        "Dana Whitfield",
        "--role",
        "teachers_organization",
        "--title",
        "union president",
        "--on",
        "2025-10-20",
    )
    ok(
        url,
        "team",
        "join",
        slug,
        "dlt",
        "K. Osei",
        "--role",
        "administration",
        "--title",
        "superintendent",
        "--on",
        "2025-10-20",
    )
    ok(
        url,
        "team",
        "leave",
        slug,
        "dlt",
        "Dana Whitfield",
        "--reason",
        "term ended",
        "--on",
        "2025-12-01",
    )
    ok(url, "team", "stage", slug, "dlt", "norm", "--on", "2025-12-10")
    session_one = ok(
        url,
        "session",
        "log",
        slug,
        "--delivery",
        "training",
        "--topic",
        "Difficult conversations",
        "--hours",
        "4",
        "--participants",
        "38",
        "--consultant",
        "Ana Reyes",
        "--service",
        "conflict-resolution",
        "--part",
        "session_one",
        "--cohort",
        "district-2025",
        "--team",
        "dlt",
        "--on",
        "2025-11-03",
        "--json",
    ).json()["version"]
    ok(
        url,
        "session",
        "coach",
        slug,
        "--follows",
        str(session_one),
        "--topic",
        "Follow-up coaching",
        "--hours",
        "1.5",
        "--participants",
        "6",
        "--consultant",
        "Ana Reyes",
        "--on",
        "2025-11-10",
    )
    ok(
        url,
        "handoff",
        slug,
        "--from",
        "Ana Reyes",
        "--to",
        "Sam Patel",
        "--content-area",
        "PLC data cycles",
        "--overlap-until",
        "2026-02-28",
        "--notes",
        "joint visits in Feb",
        "--on",
        "2026-01-15",
    )
    ok(
        url,
        "transfer",
        slug,
        "facilitate DLT meetings",
        "--level",
        "consultant-led",
        "--holder",
        "Ana Reyes",
        "--team",
        "dlt",
        "--on",
        "2025-10-20",
    )
    ok(
        url,
        "transfer",
        slug,
        "facilitate DLT meetings",
        "--level",
        "co-led",
        "--holder",
        "K. Osei",
        "--team",
        "dlt",
        "--on",
        "2026-02-01",
    )
    ok(
        url,
        "reflect",
        slug,
        "--team",
        "dlt",
        "--process",
        "Norms held under pressure",
        "--equitable-voice",
        "Classified staff spoke first",
        "--lesson",
        "Protect the agenda",
        "--goal",
        "slt-everywhere:partly_met:Oak has an SLT; two schools to go",
        "--next-step",
        "Form the SLT at Elm",
        "--on",
        "2026-02-10",
    )
    ok(
        url,
        "outcome",
        slug,
        "--tier",
        "short_term",
        "--dimension",
        "policy_changes",
        "--evidence",
        "Board adopted protected PLC time",
        "--measure",
        "Minutes of protected PLC time a week",
        "--unit",
        "minutes",
        "--baseline",
        "0",
        "--observed",
        "45",
        "--team",
        "dlt",
        "--goal",
        "slt-everywhere",
        "--on",
        "2026-02-15",
    )
    ok(
        url,
        "correct",
        slug,
        "17",
        "--reason",
        "session ran 3.5 hours",
        "--set",
        "hours=3.5",
        "--on",
        "2026-02-16",
    )
    drive_the_cec_model(url, slug)
    ok(url, "engagement", "close", slug, "--reason", "contract ended", "--on", "2026-03-01")


def drive_the_cec_model(url: str, slug: str) -> None:
    """The CEC model's commands (issue 12): a second entry point, the anchors seated on the
    DLT, an SLT under it, priorities, evidence, a support request."""
    ok(
        url,
        "entry-point",
        "add",
        slug,
        "pera-request",
        "--kind",
        "individual_district_request",
        "--request",
        "SLO training for every teacher",
        "--mandate",
        "PERA",
        "--deadline",
        "2026-09-01",
        "--follow-up",
        "Standards-aligned common assessments in 2026-27",
        "--on",
        "2026-01-22",
    )
    ok(url, "team", "join", slug, "dlt", "R. Alvarez", "--role", "board", "--on", "2025-10-20")
    ok(
        url,
        "team",
        "join",
        slug,
        "dlt",
        "P. Moreau",
        "--role",
        "teachers_organization",
        "--title",
        "union president",
        "--on",
        "2026-01-20",
    )
    ok(
        url,
        "team",
        "form",
        slug,
        "slt-oak",
        "--kind",
        "slt",
        "--parent",
        "dlt",
        "--school",
        "Oak Elementary",
        "--name",
        "Oak School Leadership Team",
        "--on",
        "2025-10-21",
    )
    ok(
        url,
        "team",
        "priority",
        slug,
        "dlt",
        "collab",
        "--kind",
        "district_priority",
        "--text",
        "Protected collaboration time",
        "--horizon",
        "2025-26:2026-27",
        "--element",
        "TtP",
        "--on",
        "2025-10-22",
    )
    ok(
        url,
        "team",
        "priority",
        slug,
        "slt-oak",
        "oak-literacy",
        "--kind",
        "achievement",
        "--text",
        "Every Oak student reading at benchmark",
        "--within",
        "collab",
        "--on",
        "2025-10-23",
    )
    ok(
        url,
        "team",
        "evidence",
        slug,
        "slt-oak",
        "oak-literacy",
        "--evidence",
        "Monthly benchmark review since November",
        "--on",
        "2026-01-30",
    )
    ok(
        url,
        "team",
        "request-support",
        slug,
        "slt-oak",
        "oak-literacy",
        "--request",
        "Fund an intervention block",
        "--on",
        "2026-01-31",
    )


def test_every_command_then_export_import_gives_identical_timeline(
    ledger_url: str, second_url: str, tmp_path: Path
) -> None:
    drive_every_command(ledger_url, tmp_path)
    original = ok(ledger_url, "timeline", "--json").json()
    assert len(original) == 32
    types = [e["type"] for e in original]
    assert types[-2:] == ["SupportRequested", "EngagementClosed"] and "EventCorrected" in types

    export = tmp_path / "export.jsonl"
    ok(ledger_url, "export", "-o", str(export))
    lines = export.read_text().splitlines()
    assert len(lines) == 32
    assert json.loads(lines[0])["type"] == "EngagementOpened"

    report = ok(second_url, "import", str(export), "--json").json()
    assert report == {
        "lines": 32,
        "written": 32,
        "skipped": 0,
        "engagements": ["maple-ridge"],
        "findings": [],
    }
    assert ok(second_url, "timeline", "--json").json() == original
    assert ok(second_url, "export").out == export.read_text()

    # Importing the same file again writes nothing (idempotent by event id).
    again = ok(second_url, "import", str(export), "--json").json()
    assert again["written"] == 0 and again["skipped"] == 32
    assert ok(second_url, "timeline", "--json").json() == original


def test_state_after_the_flow(ledger_url: str, tmp_path: Path) -> None:
    drive_every_command(ledger_url, tmp_path)
    state = ok(ledger_url, "engagement", "show", "maple-ridge", "--json").json()
    assert state["status"] == "closed"
    assert state["we_have_a_we"] is True
    assert state["anchors"]["teachers_organization"]["signatory"] == "P. Moreau"
    assert state["anchors"]["teachers_organization"]["instrument"] == "mou"
    assert state["plan"]["changes"] == 1
    assert state["plan"]["total_budget"] == "17500.00"
    assert [s["service_id"] for s in state["plan"]["services"]] == [
        "dlt-slt-plc-integration",
        "conflict-resolution",
        "ibb-ibps",
    ]
    dlt = state["teams"][0]
    assert dlt["stage"] == "norm"
    assert [m["member"] for m in dlt["members"]] == ["K. Osei", "R. Alvarez", "P. Moreau"]
    assert state["team_structure"][1]["parent"] == "dlt"
    assert [e["entry_point_id"] for e in state["entry_points"]] == [
        "system-assessment",
        "pera-request",
    ]
    assert state["goals"][0]["result"]["result"] == "partly_met"
    assert state["sessions"]["hours"] == "7.50"  # 4 + 3.5 corrected (was 1.5)
    assert state["responsibilities"][0]["release_level"] == "co-led"
    assert state["diagnoses"][0]["framework_id"] == "plc"
    assert state["step_reached"] == 5
    listing = ok(ledger_url, "engagement", "list", "--json").json()
    assert [(e["slug"], e["status"], e["events"]) for e in listing] == [
        ("maple-ridge", "closed", 32)
    ]
    text = ok(ledger_url, "engagement", "show", "maple-ridge").out
    assert "Pathway: step 5 of 5" in text
    # Anchors in users' words (issue 17); --json keeps the tokens.
    assert "Teachers' organization             committed 2026-01-20 (MOU, P. Moreau)" in text
    anchors = text.split("\nAnchors", 1)[1].split("\n\n", 1)[0]
    assert "teachers_organization" not in anchors and "(mou," not in anchors
    assert state["anchors"]["teachers_organization"]["instrument"] == "mou"


def test_time_travel_on_both_axes(ledger_url: str, tmp_path: Path) -> None:
    drive_every_command(ledger_url, tmp_path)
    before = ok(
        ledger_url, "engagement", "show", "maple-ridge", "--as-of", "2025-12-31", "--json"
    ).json()
    assert before["anchors"]["teachers_organization"]["committed"] is False
    assert before["we_have_a_we"] is False
    assert before["plan"]["changes"] == 0
    assert before["status"] == "open"
    # The correction was recorded later, but --as-of uses what the ledger knows now.
    assert before["sessions"]["hours"] == "7.50"
    events = ok(ledger_url, "timeline", "--json").json()
    correction = next(e for e in events if e["type"] == "EventCorrected")
    just_before = events[events.index(correction) - 1]["recorded_at"]
    known = ok(
        ledger_url, "engagement", "show", "maple-ridge", "--known-at", just_before, "--json"
    ).json()
    assert known["sessions"]["hours"] == "5.50"  # what the ledger said before the correction
    assert known["corrections"] == []
    assert known["status"] == "open"
