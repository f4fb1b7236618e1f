"""The clock the tests control: ``Ledger.clock`` decides what "today" is (the rules refuse what
has not happened yet) and the recorded time of new events. Today, tomorrow, the opening day,
midnight and leap days, through the facade on a real ledger file; tests/domain/ checks the
same rules on the bare aggregate, where ``today`` is an argument."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from cec_ledger.facade.ledger import Ledger

SLUG = "maple-ridge"


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now


def at(day: str, time: str = "10:00:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{time}+00:00")


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-03-10"))


@pytest.fixture
def ledger(sqlite_url: str, clock: Clock) -> Iterator[Ledger]:
    with Ledger.open(sqlite_url, actor="tester", create=True) as opened:
        opened.clock = clock
        yield opened


def open_engagement(ledger: Ledger, on: str | None = None) -> dict:
    fields = {
        "slug": SLUG,
        "name": "Maple Ridge CUSD 7",
        "organisation": "Maple Ridge Community Unit School District 7",
        "level": "district",
        "lead_consultant": "Ana Reyes",
    }
    if on is not None:
        fields["occurred_on"] = on
    return ledger.open_engagement(**fields)


def commit(ledger: Ledger, on: str | None, anchor: str = "board") -> dict:
    fields = {"anchor": anchor, "signatory": "R. Alvarez", "instrument": "compact"}
    if on is not None:
        fields["occurred_on"] = on
    return ledger.record(SLUG, "AnchorCommitted", **fields)


def test_an_event_without_a_date_occurred_on_the_clocks_today(ledger: Ledger) -> None:
    line = open_engagement(ledger)
    assert line["occurred_on"] == "2026-03-10"
    assert line["recorded_at"] == "2026-03-10T10:00:00+00:00"  # recorded when the clock says


def test_today_is_accepted_and_tomorrow_is_refused(ledger: Ledger, clock: Clock) -> None:
    open_engagement(ledger, on="2026-03-01")
    with pytest.raises(RuleViolation) as refused:
        commit(ledger, "2026-03-11")
    assert str(refused.value) == (
        "occurred_on 2026-03-11 is in the future (today is 2026-03-10); "
        "events record what has happened"
    )
    assert ledger.engagement(SLUG)["version"] == 1  # nothing recorded
    assert commit(ledger, "2026-03-10")["occurred_on"] == "2026-03-10"
    # The next day, yesterday's "tomorrow" has happened.
    clock.set(at("2026-03-11"))
    assert commit(ledger, "2026-03-11", anchor="administration")["version"] == 3


def test_the_day_changes_at_midnight_utc(ledger: Ledger, clock: Clock) -> None:
    clock.set(at("2026-03-10", "23:59:59"))
    open_engagement(ledger)
    with pytest.raises(RuleViolation, match="is in the future"):
        commit(ledger, "2026-03-11")
    clock.set(at("2026-03-11", "00:00:00"))
    assert commit(ledger, "today")["occurred_on"] == "2026-03-11"


def test_nothing_occurs_before_the_opening_day(ledger: Ledger) -> None:
    open_engagement(ledger, on="2026-03-05")
    with pytest.raises(RuleViolation) as refused:
        commit(ledger, "2026-03-04")
    assert str(refused.value) == (
        "occurred_on 2026-03-04 is before engagement 'maple-ridge' opened on 2026-03-05"
    )
    assert commit(ledger, "2026-03-05")["occurred_on"] == "2026-03-05"  # the opening day itself


def test_an_engagement_opened_today_takes_events_today(ledger: Ledger) -> None:
    open_engagement(ledger, on="today")
    assert commit(ledger, "today")["occurred_on"] == "2026-03-10"
    with pytest.raises(RuleViolation, match="before engagement 'maple-ridge' opened on 2026-03-10"):
        commit(ledger, "yesterday", anchor="administration")


def test_an_engagement_cannot_open_tomorrow(ledger: Ledger) -> None:
    with pytest.raises(RuleViolation, match=r"occurred_on 2026-03-11 is in the future"):
        open_engagement(ledger, on="2026-03-11")
    assert ledger.engagements() == []


def test_relative_dates_count_from_the_clock(ledger: Ledger, clock: Clock) -> None:
    open_engagement(ledger, on="2026-01-05")
    assert commit(ledger, "yesterday")["occurred_on"] == "2026-03-09"
    # 2026-03-10 is a Tuesday: "last tuesday" is a week back, "last monday" the day before.
    assert commit(ledger, "last tuesday", anchor="administration")["occurred_on"] == "2026-03-03"
    assert ledger.engagement(SLUG, as_of="3 days ago")["as_of"] == "2026-03-07"
    clock.set(at("2026-03-17"))
    assert ledger.engagement(SLUG, as_of="yesterday")["as_of"] == "2026-03-16"


def test_a_leap_day_is_today_and_has_a_yesterday(ledger: Ledger, clock: Clock) -> None:
    clock.set(at("2028-02-29"))
    assert open_engagement(ledger)["occurred_on"] == "2028-02-29"
    assert commit(ledger, "2028-02-29")["occurred_on"] == "2028-02-29"
    with pytest.raises(RuleViolation, match="2028-03-01 is in the future"):
        commit(ledger, "2028-03-01", anchor="administration")
    with pytest.raises(RuleViolation, match="before engagement 'maple-ridge' opened on 2028-02-29"):
        commit(ledger, "yesterday", anchor="administration")
    clock.set(at("2028-03-01"))
    assert ledger.engagement(SLUG, as_of="yesterday")["as_of"] == "2028-02-29"
    with pytest.raises(NotFound, match=r"had not opened by 2028-02-28 \(opened 2028-02-29\)"):
        ledger.engagement(SLUG, as_of="2028-02-28")


def test_the_day_after_february_28_in_a_common_year(ledger: Ledger, clock: Clock) -> None:
    clock.set(at("2027-03-01"))
    open_engagement(ledger, on="2027-02-01")
    assert commit(ledger, "yesterday")["occurred_on"] == "2027-02-28"
    with pytest.raises(InvalidValue, match="'2027-02-29' does not parse"):
        commit(ledger, "2027-02-29", anchor="administration")


def test_a_correction_cannot_move_an_event_past_the_clocks_today(
    ledger: Ledger, clock: Clock
) -> None:
    open_engagement(ledger, on="2026-03-01")
    commit(ledger, "2026-03-02")
    with pytest.raises(RuleViolation, match="2026-03-11 is in the future"):
        ledger.correct(SLUG, event=2, reason="wrong day", fields={"occurred_on": "2026-03-11"})
    line = ledger.correct(SLUG, event=2, reason="wrong day", fields={"occurred_on": "2026-03-10"})
    assert line["data"]["corrected_fields"] == {"occurred_on": "2026-03-10"}
    assert ledger.engagement(SLUG)["anchors"]["board"]["since"] == "2026-03-10"
    clock.set(clock.now + timedelta(days=1))
    ledger.correct(SLUG, event=2, reason="the day after", fields={"occurred_on": "2026-03-11"})
    assert ledger.engagement(SLUG)["anchors"]["board"]["since"] == "2026-03-11"


def test_recorded_time_is_the_clocks_and_known_at_reads_it(ledger: Ledger, clock: Clock) -> None:
    open_engagement(ledger, on="2026-03-01")
    clock.set(at("2026-03-12", "09:30:00"))
    line = commit(ledger, "2026-03-02")
    assert line["recorded_at"] == "2026-03-12T09:30:00+00:00"
    before = ledger.engagement(SLUG, known_at="2026-03-12T09:29:59+00:00")
    assert before["anchors"]["board"]["committed"] is False
    after = ledger.engagement(SLUG, known_at="2026-03-12T09:30:00+00:00")
    assert after["anchors"]["board"]["committed"] is True
    assert date.fromisoformat(after["anchors"]["board"]["since"]) == date(2026, 3, 2)
    assert ledger.today() == date(2026, 3, 12) and clock().tzinfo is UTC
