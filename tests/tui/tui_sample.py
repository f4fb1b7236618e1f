"""A small, fixed ledger for the TUI tests: every recorded time comes from a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cec_ledger.facade.ledger import Ledger


def fixed_clock(start: datetime | None = None) -> Any:
    """A clock that ticks one hour per call, so recorded times never depend on the wall."""
    moment = [start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)]

    def tick() -> datetime:
        moment[0] += timedelta(hours=1)
        return moment[0]

    return tick


def build_sample(url: str) -> None:
    """Two engagements; 'oak-valley' has 14 events incl. a withdrawal and a correction."""
    ledger = Ledger.open(url, actor="ana", create=True)
    ledger.clock = fixed_clock()
    try:
        ledger.open_engagement(
            slug="oak-valley",
            name="Oak Valley USD",
            organisation="Oak Valley Unified School District",
            level="district",
            lead_consultant="Ana Ruiz",
            occurred_on="2025-08-15",
        )
        rec = ledger.record
        rec(
            "oak-valley",
            "AnchorCommitted",
            anchor="board",
            signatory="Board chair",
            instrument="compact",
            note="",
            occurred_on="2025-08-20",
        )
        rec(
            "oak-valley",
            "AnchorCommitted",
            anchor="administration",
            signatory="Dr. Lee",
            instrument="compact",
            note="",
            occurred_on="2025-08-21",
        )
        rec(
            "oak-valley",
            "AnchorCommitted",
            anchor="teachers_organization",
            signatory="OVEA president",
            instrument="mou",
            note="",
            occurred_on="2025-08-22",
        )
        rec(
            "oak-valley",
            "TeamFormed",
            team_id="dlt",
            kind="dlt",
            name="District Leadership Team",
            charge="Lead the work",
            cadence="monthly",
            school=None,
            occurred_on="2025-09-02",
        )
        rec(
            "oak-valley",
            "TeamMemberJoined",
            team_id="dlt",
            member="Dr. Lee",
            role="administration",
            title="chair",
            occurred_on="2025-09-03",
        )
        rec(
            "oak-valley",
            "ResponsibilityTransferred",
            responsibility="facilitate DLT meetings",
            team_id="dlt",
            release_level="consultant-led",
            holder="Ana Ruiz",
            occurred_on="2025-09-05",
        )
        data_cycle = rec(
            "oak-valley",
            "SessionDelivered",
            delivery="training",
            topic="Data cycle",
            hours="3",
            participants=24,
            consultant="Ana Ruiz",
            service_id=None,
            team_id="dlt",
            unplanned="a data-cycle workshop outside the catalogue, before the plan",
            occurred_on="2025-09-10",
        )["version"]
        rec(
            "oak-valley",
            "TeamStageAdvanced",
            team_id="dlt",
            stage="norm",
            reason="norms agreed",
            occurred_on="2025-10-01",
        )
        rec(
            "oak-valley",
            "ResponsibilityTransferred",
            responsibility="facilitate DLT meetings",
            team_id="dlt",
            release_level="co-led",
            holder="Dr. Lee",
            occurred_on="2025-10-15",
        )
        rec(
            "oak-valley",
            "CommitmentWithdrawn",
            anchor="teachers_organization",
            signatory="OVEA president",
            reason="contract dispute",
            occurred_on="2025-11-03",
        )
        rec(
            "oak-valley",
            "SessionDelivered",
            delivery="coaching",
            topic="Agenda design",
            hours="1.5",
            participants=4,
            consultant="Ana Ruiz",
            service_id=None,
            team_id="dlt",
            follows=data_cycle,
            occurred_on="2025-11-05",
        )
        ledger.correct(
            "oak-valley",
            event=data_cycle,
            reason="typo in the participant count",
            fields={"participants": 26},
        )
        rec(
            "oak-valley",
            "ResponsibilityTransferred",
            responsibility="run the data cycle",
            team_id="dlt",
            release_level="district-led-with-coaching",
            holder="DLT",
            occurred_on="2025-12-01",
        )
        ledger.open_engagement(
            slug="pine-creek",
            name="Pine Creek Elementary",
            organisation="Pine Creek School",
            level="school",
            lead_consultant=None,
            occurred_on="2025-10-01",
        )
        rec(
            "pine-creek",
            "AnchorCommitted",
            anchor="board",
            signatory="Board chair",
            instrument="resolution",
            note="",
            occurred_on="2025-10-02",
        )
    finally:
        ledger.close()
