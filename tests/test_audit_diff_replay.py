"""The auditor's ``diff`` and ``replay`` (facade/audit.py) on a real SQLite ledger, every field
of their answers pinned: which events fall between two dates, the reasons a reader of a diff
needs (withdrawals and plan changes, with the signatory when there is one), the Pathway line,
the dates refused, ``--known-at`` on both, and a correction's step in a replay.

tests/test_audit_demo.py runs the same commands on the demo through the CLI, but as slow
tests (left out of ``make mutate``); these are quick and call the facade directly.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.facade import audit
from cec_ledger.facade.ledger import Ledger
from tests.clihelp import base_engagement, ok

E = "maple-ridge"  # base_engagement: opened 2025-08-18, board 09-02, DLT 09-10, session 09-20


@pytest.fixture
def url(sqlite_url: str) -> str:
    base_engagement(sqlite_url)
    return sqlite_url


def opened(url: str) -> Ledger:
    return Ledger.open(url, actor="auditor")


def plan_then_withdraw(url: str, *withdraw: str) -> None:
    ok(
        url,
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
        url, "plan", "change", E, "--reason", "board asked for achievement",
        "--horizon", "2025-26:2026-27", "--on", "2025-10-05",
    )  # fmt: skip
    ok(url, "withdraw", E, "--anchor", "board", *withdraw, "--reason", "new majority",
       "--on", "2025-10-10")  # fmt: skip


def test_diff_lists_changes_and_the_reasons_for_withdrawals_and_plan_changes(url: str) -> None:
    plan_then_withdraw(url)
    with opened(url) as ledger:
        result = audit.diff(ledger, E, "2025-10-01", "2025-10-31")
    pathway = result.pop("pathway")
    assert result == {
        "engagement": E,
        "from": "2025-10-01",
        "to": "2025-10-31",
        "known_at": None,
        # The plan set ON --from is not between: only what occurred after it, up to --to.
        "events": 2,
        "changes": [
            "anchors.board.committed: yes → no",
            "anchors.board.since: 2025-09-02 → 2025-10-10",
            "plan.since: 2025-10-01 → 2025-10-05",
            "plan.changes: 0 → 1",
            "plan.horizon: - → first=2025-26, last=2026-27",
        ],
        "reasons": [
            {
                "version": 7,
                "on": "2025-10-05",
                "type": "PlanChanged",
                "what": "the plan changed",
                "reason": "board asked for achievement",
            },
            {
                "version": 8,
                "on": "2025-10-10",
                "type": "CommitmentWithdrawn",
                "what": "Board of education withdrew its commitment",
                "reason": "new majority",
            },
        ],
    }
    # Both ends are the Pathway as folded on that date: one anchor committed, then none.
    assert (
        pathway["from"]["steps"][0]["evidence"] == "1 of 3 anchors committed (Board of education)"
    )
    assert pathway["to"]["steps"][0]["evidence"] == "0 of 3 anchors committed"
    assert pathway["to"]["steps"][2]["holds"] is True


def test_a_withdrawal_with_a_signatory_names_them_and_the_to_date_is_included(url: str) -> None:
    plan_then_withdraw(url, "--signatory", "R. Alvarez")
    with opened(url) as ledger:
        result = audit.diff(ledger, E, "2025-10-09", "2025-10-10")
    assert result["events"] == 1
    assert result["reasons"] == [
        {
            "version": 8,
            "on": "2025-10-10",
            "type": "CommitmentWithdrawn",
            "what": "Board of education withdrew its commitment (R. Alvarez)",
            "reason": "new majority",
        }
    ]


def test_no_pathway_line_when_the_pathway_reads_the_same(url: str) -> None:
    with opened(url) as ledger:
        result = audit.diff(ledger, E, "2025-09-10", "2025-09-20")
    assert result["events"] == 1  # the session on 09-20; the team formed on 09-10 is not between
    assert result["changes"][:2] == ["sessions.count: 0 → 1", "sessions.hours: 0 → 4.00"]
    # The line compares the Pathway's summary (step reached, current): the evidence differs.
    assert not any(c.startswith("pathway:") for c in result["changes"])
    before, after = result["pathway"]["from"], result["pathway"]["to"]
    assert (before["reached"], before["current"]) == (after["reached"], after["current"]) == (0, 0)
    assert before["steps"][4]["evidence"].endswith("0 sessions in all, 0 hours delivered")
    assert after["steps"][4]["evidence"].endswith("1 session in all, 4.00 hours delivered")


def test_from_before_the_opening_starts_from_nothing(url: str) -> None:
    with opened(url) as ledger:
        result = audit.diff(ledger, E, "2025-08-01", "2025-09-05")
        on_the_day = audit.diff(ledger, E, "2025-08-18", "2025-09-05")
    assert result["events"] == 2  # opened 08-18, board committed 09-02
    assert result["changes"][0] == "pathway: not opened → step 0 of 5 reached"
    assert result["changes"][1] == "engagement maple-ridge opened (Maple Ridge CUSD 7)"
    assert result["pathway"]["from"] is None
    assert result["pathway"]["to"]["reached"] == 0
    # From the opening day itself the engagement exists: the opening is not a change.
    assert on_the_day["events"] == 1
    assert on_the_day["pathway"]["from"] is not None
    assert not any(c.startswith("pathway:") for c in on_the_day["changes"])


def test_dates_a_diff_refuses(url: str) -> None:
    with opened(url) as ledger:
        with pytest.raises(InvalidValue) as reversed_dates:
            audit.diff(ledger, E, "2025-10-02", "2025-10-01")
        with pytest.raises(NotFound) as before_opening:
            audit.diff(ledger, E, "2025-08-01", "2025-08-17")
        same_day = audit.diff(ledger, E, "2025-10-01", "2025-10-01")
    assert str(reversed_dates.value) == "--to 2025-10-01 is before --from 2025-10-02"
    assert str(before_opening.value) == (
        "the engagement had not opened by 2025-08-17 (opened 2025-08-18)"
    )
    assert same_day["events"] == 0 and same_day["changes"] == []


def test_diff_and_replay_known_at_leave_out_what_was_recorded_later(url: str) -> None:
    moment = datetime.now(UTC)
    time.sleep(0.01)
    ok(url, "withdraw", E, "--anchor", "board", "--reason", "new majority", "--on", "2025-10-10")
    with opened(url) as ledger:
        then = audit.diff(ledger, E, "2025-10-09", "2025-10-10", known_at=moment.isoformat())
        now = audit.diff(ledger, E, "2025-10-09", "2025-10-10")
        replay_then = audit.replay(ledger, E, known_at=moment.isoformat())
        replay_now = audit.replay(ledger, E)
    assert then["known_at"] == moment.isoformat()
    assert (then["events"], then["changes"], then["reasons"]) == (0, [], [])
    assert now["known_at"] is None and now["events"] == 1
    assert [s["event"]["version"] for s in replay_then] == [1, 2, 3, 4, 5]
    assert [s["event"]["version"] for s in replay_now] == [1, 2, 3, 4, 5, 6]


def test_replay_shows_each_events_change_and_a_correction_refolds(url: str) -> None:
    ok(url, "correct", E, "5", "--set", "hours=3", "--reason", "typo", "--on", "2025-10-11")
    ok(url, "team", "stage", E, "dlt", "norm", "--on", "2025-10-12")
    with opened(url) as ledger:
        steps = audit.replay(ledger, E)
    assert [(s["event"]["version"], s["event"]["type"]) for s in steps] == [
        (1, "EngagementOpened"),
        (2, "AnchorCommitted"),
        (3, "TeamFormed"),
        (4, "TeamMemberJoined"),
        (5, "SessionDelivered"),
        (6, "EventCorrected"),
        (7, "TeamStageAdvanced"),
    ]
    assert all(s["event"]["engagement"] == E for s in steps)
    assert steps[0]["changes"] == ["engagement maple-ridge opened (Maple Ridge CUSD 7)"]
    assert steps[1]["changes"] == [
        "anchors.board.committed: no → yes",
        "anchors.board.signatory: - → R. Alvarez",
        "anchors.board.instrument: - → compact",
        "anchors.board.since: - → 2025-09-02",
    ]
    assert steps[4]["changes"][:2] == ["sessions.count: 0 → 1", "sessions.hours: 0 → 4.00"]
    # The correction's step is the whole history re-folded with it: the hours it changed.
    assert steps[5]["changes"] == ["sessions.hours: 4.00 → 3.00", "corrections: + typo"]
    # And the state goes on from the corrected one (the stage change alone, hours stay 3).
    assert all("sessions" not in c for c in steps[6]["changes"])
    assert any(c.startswith("teams.dlt.stage") for c in steps[6]["changes"])


def test_diff_dates_are_read_as_from_and_to_relative_ones_included(url: str) -> None:
    with opened(url) as ledger:
        for start, end, word in (("soon-ish", "2025-10-01", "--from"), ("2025-10-01", "x", "--to")):
            with pytest.raises(InvalidValue) as refused:
                audit.diff(ledger, E, start, end)
            assert str(refused.value).startswith(
                f"{word} {(start, end)[word == '--to']!r} does not"
            )
        result = audit.diff(ledger, E, "2025-10-01", "today")
        assert result["to"] == ledger.today().isoformat()
        since = audit.diff(ledger, E, "yesterday", "today")
        assert since["from"] == date.fromordinal(ledger.today().toordinal() - 1).isoformat()


def test_diff_to_the_opening_day_and_only_what_occurred_by_to(url: str) -> None:
    with opened(url) as ledger:
        opening = audit.diff(ledger, E, "2025-08-01", "2025-08-18")
        early = audit.diff(ledger, E, "2025-09-01", "2025-09-10")
    assert opening["events"] == 1
    assert opening["changes"][1] == "engagement maple-ridge opened (Maple Ridge CUSD 7)"
    # The session of 2025-09-20 is after --to: neither counted nor folded in.
    assert early["events"] == 3
    assert not any(c.startswith("sessions.") for c in early["changes"])
    assert early["pathway"]["to"]["steps"][4]["evidence"].endswith(
        "0 sessions in all, 0 hours delivered"
    )


def test_diff_reads_relative_dates_by_the_ledgers_clock(url: str) -> None:
    class Clock:
        def __call__(self) -> datetime:
            return datetime(2025, 10, 15, 10, tzinfo=UTC)

    with opened(url) as ledger:
        ledger.clock = Clock()
        result = audit.diff(ledger, E, "yesterday", "today")
        with pytest.raises(InvalidValue) as refused:
            audit.diff(ledger, E, "2025-09-01", "2025-10-01", known_at="last week-ish")
    assert (result["from"], result["to"]) == ("2025-10-14", "2025-10-15")
    assert str(refused.value).startswith("--known-at 'last week-ish' ")
