"""The auditor's commands on the demo ledger (both backends), checked by their values:
show, show --as-of, show --known-at, replay, diff, capacity, verify, seal and report."""

from __future__ import annotations

import pytest

from tests.clihelp import invoke, ok

E = "maple-ridge"


@pytest.fixture
def demo(ledger_url: str) -> str:
    ok(ledger_url, "demo")
    return ledger_url


def test_show_now(demo: str) -> None:
    state = ok(demo, "engagement", "show", E, "--json").json()
    assert state["step_reached"] == 5
    assert state["we_have_a_we"] is True
    assert state["anchors"]["board"]["signatory"] == "Rosa Alvarez"  # corrected from Alvarex
    assert len(state["diagnoses"]) == 2
    assert state["plan"]["changes"] == 3
    # The Step 1 lines have no published price and no budget (docs/services.md).
    assert state["plan"]["total_budget"] == "60000.00"
    assert {t["team_id"]: t["stage"] for t in state["teams"]}["dlt"] == "sustain"
    text = ok(demo, "engagement", "show", E).out
    assert "Pathway: step 5 of 5" in text
    assert (
        "Board of education                 committed 2024-08-20 (Resolution, Rosa Alvarez)" in text
    )


def test_show_as_of_sees_the_withdrawal_window(demo: str) -> None:
    during = ok(demo, "engagement", "show", E, "--as-of", "2025-04-01", "--json").json()
    assert during["anchors"]["teachers_organization"]["committed"] is False
    assert during["we_have_a_we"] is False
    # A withdrawal does not erase history: step 5 stays reached, every step is at risk.
    assert during["step_reached"] == 5
    assert during["pathway"]["current"] == 0
    assert during["pathway"]["at_risk"] == [1, 2, 3, 4, 5]
    assert during["pathway"]["we_broken"]["since"] == "2025-03-14"
    assert during["as_of"] == "2025-04-01"
    after = ok(demo, "engagement", "show", E, "--as-of", "2025-06-30", "--json").json()
    assert after["anchors"]["teachers_organization"]["committed"] is True
    assert after["anchors"]["teachers_organization"]["instrument"] == "mou"
    assert len(after["diagnoses"]) == 1


def test_show_known_at_ignores_later_corrections(demo: str) -> None:
    # Session #27 (Conflict Resolution, Session One) was recorded on 2024-11-21 with 24
    # participants; #28, recorded on 2024-11-26, corrects it to the 42 of the sign-in sheet.
    before = ok(
        demo, "engagement", "show", E, "--known-at", "2024-11-22T00:00:00Z", "--json"
    ).json()
    after = ok(demo, "engagement", "show", E, "--known-at", "2024-11-26T12:00:00Z", "--json").json()
    assert (before["version"], after["version"]) == (27, 28)
    assert [c["corrects_version"] for c in before["corrections"]] == [3]
    assert [c["corrects_version"] for c in after["corrections"]] == [3, 27]
    assert after["corrections"][1]["corrected_fields"] == {"participants": 42}
    # Back-dated: as of that day by occurrence, but as known then, the board's typo stood.
    early = ok(demo, "engagement", "show", E, "--known-at", "2024-08-23T00:00:00Z", "--json").json()
    assert early["anchors"]["board"]["signatory"] == "Rosa Alvarex"


@pytest.mark.slow
def test_replay_narrates_each_change(demo: str) -> None:
    steps = ok(demo, "replay", E, "--json").json()
    assert len(steps) == 211
    withdrawal = next(s for s in steps if s["event"]["type"] == "CommitmentWithdrawn")
    assert withdrawal["event"]["version"] == 86
    assert "we_have_a_we: yes → no" in withdrawal["changes"]
    assert "anchors.teachers_organization.committed: yes → no" in withdrawal["changes"]
    correction = next(s for s in steps if s["event"]["version"] == 28)
    assert correction["changes"][0] == (
        "corrections: + Participants mistyped: the sign-in sheet has 42 names"
    )
    text = ok(demo, "replay", E).out
    assert "#86 2025-03-14 CommitmentWithdrawn" in text


@pytest.mark.slow
def test_diff_between_dates(demo: str) -> None:
    result = ok(demo, "diff", E, "--from", "2025-06-30", "--to", "2025-12-31", "--json").json()
    assert result["events"] == 59
    changes = result["changes"]
    assert "plan.emphasis: culture → achievement" in changes
    assert "teams.dlt.stage: norm → perform" in changes
    assert "plan.total_budget: 42500.00 → 60000.00" in changes
    assert [r["version"] for r in result["reasons"]] == [114, 168]


@pytest.mark.slow
def test_capacity_history(demo: str) -> None:
    result = ok(demo, "capacity", E, "--json").json()
    assert result["index"] == "0.8095"
    assert result["district_led_share"] == "1.0000"
    levels = {
        level
        for r in result["responsibilities"]
        for level in (h["release_level"] for h in r["history"])
    }
    assert levels == {
        "consultant-led",
        "co-led",
        "district-led-with-coaching",
        "district-independent",
    }
    assert result["curve"][0]["index"] == "0.0000"
    values = [float(p["index"]) for p in result["curve"]]
    assert values[-1] == pytest.approx(0.8095)
    earlier = ok(demo, "capacity", E, "--as-of", "2025-06-30", "--json").json()
    assert float(earlier["index"]) < float(result["index"])
    text = ok(demo, "capacity", E).out
    assert text.startswith("maple-ridge · capacity index 81% · district-led 100%")
    assert "█" in text


@pytest.mark.slow
def test_verify_and_seal(demo: str) -> None:
    assert ok(demo, "verify").out.strip() == (
        "OK: 237 events verified, chain intact up to position 237"
    )
    digest = ok(demo, "seal").out.strip()
    assert digest.startswith("cec-seal-v1:237:") and len(digest.split(":")[2]) == 24
    assert ok(demo, "seal").out.strip() == digest  # same log, same seal
    assert "seal matches" in ok(demo, "verify", "--seal", digest).out
    early = ok(demo, "seal", "--position", "100", "--json").json()
    assert early["events"] == 100
    other = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    outcome = invoke(demo, "verify", "--seal", other)
    assert outcome.code == 1 and "differs from the seal" in outcome.err


@pytest.mark.slow
def test_report_markdown_and_html_are_deterministic(demo: str) -> None:
    md = ok(demo, "report", E).out
    assert md == ok(demo, "report", E).out
    assert md.startswith("# Maple Ridge Community Unit School District 7 — engagement report")
    assert "| 1. Establish collaborative commitments | 2024-08-27 | yes |" in md
    assert "## Logic model: inputs → outputs → outcomes" in md
    assert "| Short-term: system impact | Policy Changes |" in md
    assert (
        "| Staff agreeing 'administration and the union work together': 34 → 58% (target 50) |"
        in md
    )
    assert "## Reflection" in md
    assert "```text" in md and "█" in md  # the capacity curve as a text chart
    html = ok(demo, "report", E, "--format", "html").out
    assert html == ok(demo, "report", E, "--format", "html").out
    assert "<svg" in html and 'aria-label="Capacity index over time"' in html
    assert "<script" not in html


@pytest.mark.slow
def test_closed_engagement_in_the_list(demo: str) -> None:
    listing = {e["slug"]: e for e in ok(demo, "engagement", "list", "--json").json()}
    assert listing["cedar-grove"]["status"] == "closed"
    assert listing["maple-ridge"]["pathway"]["reached"] == 5
    assert listing["cedar-grove"]["pathway"]["reached"] == 3
    assert listing["maple-ridge"]["capacity_index"] == "0.8095"


@pytest.mark.slow
def test_timeline_filters_on_both_time_axes_and_text(demo: str) -> None:
    rows = ok(
        demo,
        "timeline",
        "--recorded-since",
        "2025-06-01",
        "--recorded-until",
        "2025-06-08",
        "--json",
    ).json()
    assert [f"{r['engagement']}#{r['version']}" for r in rows] == [
        "cedar-grove#21",
        "cedar-grove#22",
        "maple-ridge#103",
        "maple-ridge#104",
        "cedar-grove#23",
    ]
    assert all("2025-06-01" <= r["recorded_at"][:10] <= "2025-06-08" for r in rows)
    by_occurrence = ok(
        demo, "timeline", E, "--since", "2025-03-14", "--until", "2025-03-14", "--json"
    ).json()
    assert {r["type"] for r in by_occurrence} >= {"CommitmentWithdrawn"}
    assert all(r["occurred_on"] == "2025-03-14" for r in by_occurrence)
    found = ok(demo, "timeline", "--search", "MOU on protected", "--json").json()
    assert found and all("mou on protected" in str(r["data"]).lower() for r in found)
    assert (
        ok(demo, "timeline", "--actor", "Priya Raman", "--limit", "3", "--json").json()[0][
            "recorded_by"
        ]
        == "Priya Raman"
    )
    outcome = invoke(demo, "timeline", "--recorded-since", "tomorrowish")
    assert outcome.code == 1 and "--recorded-since 'tomorrowish' does not parse" in outcome.err


def test_open_handoffs_follow_the_date(demo: str) -> None:
    during = ok(demo, "engagement", "show", E, "--as-of", "2026-01-20", "--json").json()
    assert [(h["from_consultant"], h["to_consultant"]) for h in during["open_handoffs"]] == [
        ("Dana Whitfield", "Luis Ortega")
    ]
    after = ok(demo, "engagement", "show", E, "--as-of", "2026-03-15", "--json").json()
    assert after["open_handoffs"] == []
    assert len(after["handoffs"]) == 2
