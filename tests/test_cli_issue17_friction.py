"""Issue 17's friction items, each with its test: `engagement open` names the entry point it
records alongside, `show` names the anchors in users' words, `timeline` says and offers its
order, `demo --fresh` deletes only a demo ledger, and the README's claims match the CLI."""

from __future__ import annotations

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
