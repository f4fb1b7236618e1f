"""EngagementApplication on eventsourcing's in-memory (POPO) persistence, with the ledger's own
transcoder and mapper: commands, refusals that store nothing, time travel on both axes, the
engagement list, validators and the retry on a concurrent write."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from cec_ledger.application import EngagementApplication
from cec_ledger.domain.engagement import engagement_id
from cec_ledger.domain.errors import ConcurrentWrite, NotFound, RuleViolation
from cec_ledger.domain.state import EngagementState
from tests.domain.builders import ACTOR, BASE_STEPS, TODAY, fields, in_memory_app

T0 = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    """A recorded time: ``minutes`` after T0 (the application gets no clock of its own here)."""
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def app() -> EngagementApplication:
    return in_memory_app()


def open_base(app: EngagementApplication, slug: str = "maple-ridge") -> UUID:
    """The base engagement (versions 1-5), recorded at T0 + 0..4 minutes."""
    opened = app.open_engagement(
        fields("EngagementOpened", slug=slug), recorded_by=ACTOR, today=TODAY, timestamp=at(0)
    )
    for minute, (event_type, changes) in enumerate(BASE_STEPS, start=1):
        app.record(
            opened.originator_id,
            event_type,
            fields(event_type, **changes),
            recorded_by=ACTOR,
            today=TODAY,
            timestamp=at(minute),
        )
    return opened.originator_id


def test_runs_in_memory_with_the_ledgers_codec(app: EngagementApplication) -> None:
    assert type(app.recorder).__module__.startswith("eventsourcing.popo")
    assert type(app.mapper).__name__ == "TypedMapper"
    assert app.settings == {} and app.encrypted is False


def test_open_then_record(app: EngagementApplication) -> None:
    engagement = open_base(app)
    assert engagement == engagement_id("maple-ridge")
    event = app.record(
        engagement,
        "EngagementClosed",
        fields("EngagementClosed"),
        recorded_by="auditor",
        today=TODAY,
        timestamp=at(10),
    )
    assert (event.originator_version, event.recorded_by, event.timestamp) == (6, "auditor", at(10))
    stored = app.engagement_events(engagement)
    assert [type(e).__name__ for e in stored] == [
        "EngagementOpened",
        "AnchorCommitted",
        "TeamFormed",
        "TeamMemberJoined",
        "SessionDelivered",
        "EngagementClosed",
    ]
    # Read back through the transcoder and mapper: typed again, not JSON strings.
    assert stored[4].hours == Decimal(4) and stored[4].occurred_on == date(2025, 9, 20)
    assert app.get_engagement(engagement).state.to_dict()["status"] == "closed"
    assert app.state_at(engagement).to_dict() == app.get_engagement(engagement).state.to_dict()


def test_engagement_ids_in_the_order_opened(app: EngagementApplication) -> None:
    assert app.engagement_ids() == []
    ids = [open_base(app, slug) for slug in ("oak", "maple-ridge", "birch")]
    assert app.engagement_ids() == ids
    assert app.has_engagement("oak") and not app.has_engagement("elm")


def test_the_same_slug_cannot_be_opened_twice(app: EngagementApplication) -> None:
    open_base(app)
    with pytest.raises(RuleViolation, match="an engagement with slug 'maple-ridge' already exists"):
        app.open_engagement(
            fields("EngagementOpened", name="Another"), recorded_by=ACTOR, today=TODAY
        )
    assert len(app.engagement_ids()) == 1
    assert app.get_engagement(engagement_id("maple-ridge")).state.name == "Maple Ridge CUSD 7"


@pytest.mark.parametrize(
    ("event_type", "changes", "error", "fragment"),
    [
        ("AnchorCommitted", {"anchor": "board"}, RuleViolation, "board already committed"),
        ("TeamStageAdvanced", {"stage": "sustain"}, RuleViolation, "cannot skip from 'form'"),
        ("TeamMemberLeft", {"member": "Nobody"}, NotFound, "unknown member 'Nobody'"),
        ("SessionDelivered", {"occurred_on": TODAY + timedelta(days=1)}, RuleViolation, "future"),
    ],
)
def test_a_refused_command_stores_nothing(
    app: EngagementApplication,
    event_type: str,
    changes: dict[str, Any],
    error: type[Exception],
    fragment: str,
) -> None:
    engagement = open_base(app)
    before = app.engagement_events(engagement)
    with pytest.raises(error, match=fragment):
        app.record(
            engagement, event_type, fields(event_type, **changes), recorded_by=ACTOR, today=TODAY
        )
    assert app.engagement_events(engagement) == before


def test_unknown_engagement(app: EngagementApplication) -> None:
    missing = engagement_id("nope")
    with pytest.raises(NotFound, match=f"unknown engagement {missing}"):
        app.record(
            missing, "EngagementClosed", fields("EngagementClosed"), recorded_by=ACTOR, today=TODAY
        )
    with pytest.raises(NotFound, match="unknown engagement"):
        app.state_at(missing)
    with pytest.raises(NotFound, match="unknown engagement"):
        app.engagement_events(missing)


def test_state_as_of_a_date(app: EngagementApplication) -> None:
    engagement = open_base(app)
    state = app.state_at(engagement, as_of=date(2025, 9, 10))
    assert state.version == 4  # opened, committed, team formed, member joined; no session yet
    assert state.to_dict()["sessions"]["count"] == 0
    assert app.state_at(engagement, as_of=date(2025, 8, 18)).version == 1  # the opening day
    with pytest.raises(NotFound, match=r"had not opened by 2025-08-17 \(opened 2025-08-18\)"):
        app.state_at(engagement, as_of=date(2025, 8, 17))


def test_as_of_sees_corrections_known_at_does_not(app: EngagementApplication) -> None:
    engagement = open_base(app)
    app.record(
        engagement,
        "EventCorrected",
        fields(
            "EventCorrected",
            corrects_version=5,
            corrects_type="SessionDelivered",
            corrected_fields={"hours": "3"},
        ),
        recorded_by=ACTOR,
        today=TODAY,
        timestamp=at(60),
    )

    def hours(state: EngagementState) -> Decimal:
        return state.to_dict()["sessions"]["hours"]

    assert hours(app.state_at(engagement)) == Decimal(3)
    assert hours(app.state_at(engagement, as_of=date(2025, 9, 30))) == Decimal(3)
    assert hours(app.state_at(engagement, known_at=at(59))) == Decimal(4)
    assert hours(app.state_at(engagement, known_at=at(60))) == Decimal(3)
    assert app.state_at(engagement, known_at=at(1)).version == 2  # exactly at #2's timestamp
    with pytest.raises(NotFound, match="the engagement did not exist yet at 2025-12-01T08:59"):
        app.state_at(engagement, known_at=at(-1))


def test_both_axes_together(app: EngagementApplication) -> None:
    engagement = open_base(app)
    state = app.state_at(engagement, as_of=date(2025, 9, 30), known_at=at(2))
    assert state.version == 3 and list(state.teams) == ["dlt"]


def test_a_validator_sees_each_command_and_may_refuse_it() -> None:
    seen: list[tuple[str, int]] = []

    def validator(event_type: str, fields_: dict[str, Any], state: EngagementState) -> None:
        seen.append((event_type, state.version))
        if event_type == "SessionDelivered" and fields_["hours"] > 3:
            raise RuleViolation("the catalogue says at most 3 hours")

    app = in_memory_app(validator=validator)
    with pytest.raises(RuleViolation, match="at most 3 hours"):
        open_base(app)  # the fifth event, a 4-hour session, is refused
    assert seen == [
        ("EngagementOpened", 1),
        ("AnchorCommitted", 1),
        ("TeamFormed", 2),
        ("TeamMemberJoined", 3),
        ("SessionDelivered", 4),
    ]
    assert len(app.engagement_events(engagement_id("maple-ridge"))) == 4


def test_after_save_hooks_run_once_per_save(app: EngagementApplication) -> None:
    calls: list[int] = []
    app.after_save.append(lambda: calls.append(1))
    open_base(app)
    assert len(calls) == 5


# ---------------------------------------------------------------- concurrent writes
def concurrent_writer(app: EngagementApplication, engagement: UUID, times: int, write) -> Any:
    """A validator that, the first ``times`` times it runs, lets 'another writer' record an
    event on the same engagement between this command's read and its save."""
    remaining = [times]

    def validator(event_type: str, fields_: dict[str, Any], state: EngagementState) -> None:
        if remaining[0] > 0:
            remaining[0] -= 1
            app.validator = None  # the other writer's own command is not intercepted
            try:
                write()
            finally:
                app.validator = validator

    return validator


def test_a_concurrent_write_is_retried_on_fresh_state(app: EngagementApplication) -> None:
    engagement = open_base(app)

    def other() -> None:
        app.record(
            engagement,
            "OutcomeObserved",
            fields("OutcomeObserved"),
            recorded_by="other",
            today=TODAY,
        )

    app.validator = concurrent_writer(app, engagement, 1, other)
    event = app.record(
        engagement, "AnchorCommitted", fields("AnchorCommitted"), recorded_by=ACTOR, today=TODAY
    )
    assert app.conflicts == 1
    assert event.originator_version == 7
    stored = app.engagement_events(engagement)
    assert [(type(e).__name__, e.recorded_by) for e in stored[5:]] == [
        ("OutcomeObserved", "other"),
        ("AnchorCommitted", ACTOR),
    ]


def test_a_retried_command_that_no_longer_holds_is_refused(app: EngagementApplication) -> None:
    engagement = open_base(app)

    def other() -> None:
        app.record(
            engagement,
            "AnchorCommitted",
            fields("AnchorCommitted", signatory="First Writer"),
            recorded_by="other",
            today=TODAY,
        )

    app.validator = concurrent_writer(app, engagement, 1, other)
    with pytest.raises(RuleViolation, match="administration already committed on 2025-10-01"):
        app.record(
            engagement,
            "AnchorCommitted",
            fields("AnchorCommitted"),
            recorded_by=ACTOR,
            today=TODAY,
        )
    assert app.conflicts == 1
    stored = app.engagement_events(engagement)
    assert len(stored) == 6 and stored[-1].signatory == "First Writer"


def test_a_write_that_keeps_losing_gives_up_with_one_line(app: EngagementApplication) -> None:
    engagement = open_base(app)
    app.retry_seconds = 0  # give up after the first lost race

    def other() -> None:
        app.record(
            engagement,
            "OutcomeObserved",
            fields("OutcomeObserved"),
            recorded_by="other",
            today=TODAY,
        )

    app.validator = concurrent_writer(app, engagement, 100, other)
    with pytest.raises(ConcurrentWrite) as raised:
        app.record(
            engagement,
            "AnchorCommitted",
            fields("AnchorCommitted"),
            recorded_by=ACTOR,
            today=TODAY,
        )
    assert str(raised.value).startswith(
        "engagement 'maple-ridge' kept changing under this write (1 attempts); nothing was "
        "written, try again"
    )
    assert app.conflicts == 1
    assert [e.recorded_by for e in app.engagement_events(engagement)[5:]] == ["other"]
