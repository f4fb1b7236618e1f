"""The TUI's state panel reads a lean copy of the state (``state_dict.panel_dict``), and a
correction is made against the event as currently corrected (``Engagement.corrected_event``).

The panel folds an engagement at whatever event the cursor is on, so it copies only what it
shows; these tests hold it to its promise that each value is exactly what ``engagement show``
(``state_dict``) gives for the same state: the lean copy may leave things out, never differ.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement, fold_history
from cec_ledger.domain.state_dict import panel_dict, state_dict
from tests.domain.builders import base, build, record
from tests.domain.test_domain_demo_views import demo, reading_dates


def panel_expected(shown: dict[str, Any]) -> dict[str, Any]:
    """What the panel must hold, read off ``engagement show``'s plain state."""
    return {
        **{
            key: shown[key]
            for key in (
                "name",
                "status",
                "version",
                "step_reached",
                "pathway",
                "we_have_a_we",
                "anchors",
                "plan",
                "team_structure",
                "planned_vs_delivered",
                "responsibilities",
                "priorities",
                "goals",
            )
        },
        # Teams: their id, stage, whether active and their member names only.
        "teams": [
            {
                "team_id": team["team_id"],
                "stage": team["stage"],
                "active": team["active"],
                "members": [m["member"] for m in team["members"]],
            }
            for team in shown["teams"]
        ],
        "sessions": {"by_service": shown["sessions"]["by_service"]},
        # What the Framework for Change coverage reads of each outcome.
        "outcomes": [
            {key: o.get(key) for key in ("version", "elements", "goals")} for o in shown["outcomes"]
        ],
    }


def demo_readings() -> list[Any]:
    return [
        pytest.param(slug, on, id=f"{slug}@{on or 'now'}")
        for slug in demo()
        for on in reading_dates(slug)
    ]


@pytest.mark.parametrize(("slug", "on"), demo_readings())
def test_the_panel_shows_what_show_shows_through_the_demo(slug: str, on: date | None) -> None:
    engagement = demo()[slug]
    state = engagement.state if on is None else fold_history(engagement.history, occurred_by=on)
    assert panel_dict(state) == panel_expected(state_dict(state))


def test_the_panel_of_a_closed_engagement_says_closed() -> None:
    engagement = build([("EngagementClosed", {})])
    panel = panel_dict(engagement.state)
    assert panel["status"] == "closed"
    assert panel == panel_expected(state_dict(engagement.state))


def test_the_panel_of_an_open_engagement_says_open() -> None:
    assert panel_dict(base().state)["status"] == "open"


def test_the_panel_is_a_copy_the_state_is_not_changed_through_it() -> None:
    """A reader may change what the panel got (the TUI formats it in place) without changing
    the engagement: anchors and the plan are copied all the way down."""
    engagement = demo()["maple-ridge"]
    state = fold_history(engagement.history)  # a state of this test's own
    before = state_dict(state)
    panel = panel_dict(state)
    for anchor in panel["anchors"].values():
        anchor.clear()
    for value in panel["plan"].values():
        if isinstance(value, list | dict):
            value.clear()
    panel["teams"][0]["members"].append("Someone Else")
    assert state_dict(state) == before


def corrected_twice() -> Engagement:
    """base() whose session (event #5, 4 hours) is corrected to 3, then to 5 hours."""
    engagement = base()
    for hours in ("3", "5"):
        record(
            engagement,
            "EventCorrected",
            corrects_version=5,
            corrects_type="SessionDelivered",
            corrected_fields={"hours": hours},
        )
    return engagement


def test_the_corrected_event_carries_the_latest_correction() -> None:
    engagement = corrected_twice()
    event = engagement.corrected_event(5)
    assert event.hours == Decimal("5")
    assert event.topic == engagement.history[4].topic  # fields not corrected stay as recorded
    assert engagement.history[4].hours == Decimal("4")  # the recorded event itself is never changed


def test_an_event_never_corrected_is_itself() -> None:
    engagement = corrected_twice()
    assert engagement.corrected_event(4) is engagement.history[3]
