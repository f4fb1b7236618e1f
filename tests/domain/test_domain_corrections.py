"""Corrections on the bare aggregate: the original event stays, the state shows the corrected
value, later corrections of a field win, identity fields cannot be corrected, and a correction
that would make recorded history break a rule is refused (see test_domain_refusals.py for the
table of refused corrections)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement, corrections_in, fold_history
from cec_ledger.domain.errors import DomainError, InvalidValue, RuleViolation
from tests.domain.builders import SESSION_ON, base, build, correct, snapshot


def session_hours(engagement: Engagement) -> Decimal:
    return engagement.state.to_dict()["sessions"]["hours"]


def test_a_correction_changes_the_state_and_keeps_the_original() -> None:
    engagement = base()
    event = correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez-Ruiz")
    assert event.originator_version == engagement.version == 6
    assert event.corrected_fields == {"signatory": "R. Alvarez-Ruiz"}
    assert engagement.state.anchors["board"]["signatory"] == "R. Alvarez-Ruiz"
    assert engagement.history[1].signatory == "R. Alvarez"  # the original is never changed
    (entry,) = engagement.state.to_dict()["corrections"]
    assert entry == {
        "version": 6,
        "corrects_version": 2,
        "corrects_type": "AnchorCommitted",
        "reason": "typo in the signatory",
        "corrected_fields": {"signatory": "R. Alvarez-Ruiz"},
        "on": date(2025, 10, 1),
    }
    assert engagement.state.event_types[6] == "EventCorrected"


def test_correct_the_same_field_twice_the_latest_wins() -> None:
    engagement = base()
    assert session_hours(engagement) == Decimal(4)
    correct(engagement, 5, "SessionDelivered", hours="3")
    assert session_hours(engagement) == Decimal(3)
    correct(engagement, 5, "SessionDelivered", hours="5")
    assert session_hours(engagement) == Decimal(5)
    assert engagement.history[4].hours == Decimal(4)
    assert [c["corrected_fields"] for c in engagement.state.corrections] == [
        {"hours": Decimal(3)},
        {"hours": Decimal(5)},
    ]
    assert fold_history(engagement.history).to_dict() == engagement.state.to_dict()
    assert corrections_in(engagement.history) == {5: {"hours": Decimal(5)}}


def test_corrections_of_different_fields_add_up() -> None:
    engagement = base()
    correct(engagement, 5, "SessionDelivered", hours="3")
    correct(engagement, 5, "SessionDelivered", participants=20)
    (session,) = engagement.state.sessions
    assert (session["hours"], session["participants"]) == (Decimal(3), 20)


def test_correct_back_to_the_original_value() -> None:
    engagement = base()
    correct(engagement, 5, "SessionDelivered", hours="3")
    correct(engagement, 5, "SessionDelivered", hours="4")
    assert session_hours(engagement) == Decimal(4)


def test_correct_to_the_value_already_corrected_changes_nothing() -> None:
    engagement = base()
    correct(engagement, 5, "SessionDelivered", hours="3")
    before = snapshot(engagement)
    with pytest.raises(RuleViolation, match="the correction changes nothing"):
        correct(engagement, 5, "SessionDelivered", hours="3")
    assert snapshot(engagement) == before


def test_correct_back_to_a_previous_value_through_another_value() -> None:
    """4 -> 3 -> 5 -> 3: a value some earlier correction set may be set again."""
    engagement = base()
    for hours in ("3", "5", "3"):
        correct(engagement, 5, "SessionDelivered", hours=hours)
    assert session_hours(engagement) == Decimal(3)
    assert engagement.version == 8


def test_corrected_values_are_typed_and_normalised() -> None:
    engagement = base()
    event = correct(engagement, 2, "AnchorCommitted", anchor="Superintendent and administration")
    assert event.corrected_fields == {"anchor": "administration"}
    anchors = engagement.state.anchors
    assert anchors["administration"]["committed"] is True
    assert anchors["board"]["committed"] is False  # the commitment was never the board's
    event = correct(engagement, 5, "SessionDelivered", hours="3.5", occurred_on="2025-09-21")
    assert event.corrected_fields == {"hours": Decimal("3.5"), "occurred_on": date(2025, 9, 21)}
    assert engagement.state.sessions[0]["occurred_on"] == date(2025, 9, 21)


def test_correcting_a_date_moves_the_event_in_time() -> None:
    engagement = base()
    correct(engagement, 5, "SessionDelivered", occurred_on="2025-12-20")
    assert engagement.state.last_occurred_on == date(2025, 12, 20)
    earlier = fold_history(engagement.history, occurred_by=SESSION_ON).to_dict()
    assert earlier["sessions"]["count"] == 0  # as corrected, it had not happened by then


def test_correcting_a_team_date_moves_its_stage_history() -> None:
    engagement = build([("TeamStageAdvanced", {"stage": "norm", "occurred_on": date(2025, 10, 1)})])
    correct(engagement, 3, "TeamFormed", occurred_on="2025-09-01")
    correct(engagement, 4, "TeamMemberJoined", occurred_on="2025-09-01")
    team = engagement.state.teams["dlt"]
    assert team["formed_on"] == date(2025, 9, 1)
    assert [h["on"] for h in team["stage_history"]] == [date(2025, 9, 1), date(2025, 10, 1)]


def test_an_outcome_dimension_corrected_with_its_impact() -> None:
    engagement = build([("OutcomeObserved", {})])
    correct(engagement, 6, "OutcomeObserved", dimension="Common language", impact="people")
    (outcome,) = engagement.state.outcomes
    assert (outcome["dimension"], outcome["impact"]) == ("common_language", "people")


def test_an_outcome_dimension_corrected_alone_is_not_a_crash() -> None:
    engagement = build([("OutcomeObserved", {})])  # policy_changes: system impact
    try:
        correct(engagement, 6, "OutcomeObserved", dimension="common_language")
    except DomainError as error:  # refused: it must say the impact has to change too
        assert "impact" in str(error)
    else:  # or accepted, the impact derived again
        assert engagement.state.outcomes[0]["impact"] == "people"


def test_a_short_term_outcome_corrected_to_mid_term() -> None:
    engagement = build([("OutcomeObserved", {})])
    correct(
        engagement,
        6,
        "OutcomeObserved",
        tier="mid_term",
        dimension="improved_alignment",
        impact=None,
    )
    (outcome,) = engagement.state.outcomes
    assert (outcome["tier"], outcome["impact"]) == ("mid_term", None)


# Every identity field of every event type; none may be corrected.
IDENTITY = [
    (1, "EngagementOpened", "slug", "oak"),
    (3, "TeamFormed", "team_id", "slt"),
    (4, "TeamMemberJoined", "team_id", "slt"),
    (4, "TeamMemberJoined", "member", "D. Whitfield"),
    (6, "TeamMemberLeft", "team_id", "slt"),
    (6, "TeamMemberLeft", "member", "D. Whitfield"),
    (7, "TeamStageAdvanced", "team_id", "slt"),
    (8, "ResponsibilityTransferred", "responsibility", "chair the DLT"),
]


@pytest.mark.parametrize(
    ("version", "event_type", "field", "value"),
    [pytest.param(*row, id=f"{row[1]}.{row[2]}") for row in IDENTITY]
    + [
        pytest.param(2, "AnchorCommitted", "recorded_by", "mallory", id="recorded_by"),
        pytest.param(1, "EngagementOpened", "originator_id", "x", id="originator_id"),
        pytest.param(2, "AnchorCommitted", "timestamp", "2025-01-01", id="timestamp"),
    ],
)
def test_identity_fields_are_not_correctable(
    version: int, event_type: str, field: str, value: Any
) -> None:
    engagement = build(
        [
            ("TeamMemberLeft", {}),
            ("TeamStageAdvanced", {"occurred_on": date(2025, 10, 2)}),
            ("ResponsibilityTransferred", {}),
        ]
    )
    assert type(engagement.history[version - 1]).__name__ == event_type
    before = snapshot(engagement)
    with pytest.raises(InvalidValue) as raised:
        correct(engagement, version, event_type, **{field: value})
    message = str(raised.value)
    assert f"{event_type} field {field!r} cannot be corrected (correctable: " in message
    correctable = message.split("(correctable: ")[1].rstrip(")").split(", ")
    assert field not in correctable and "recorded_by" not in correctable
    assert "occurred_on" in correctable
    assert snapshot(engagement) == before


def test_a_refused_correction_leaves_the_earlier_corrections() -> None:
    engagement = base()
    correct(engagement, 5, "SessionDelivered", hours="3")
    before = snapshot(engagement)
    with pytest.raises(RuleViolation, match="event #5 would break a rule"):
        correct(engagement, 5, "SessionDelivered", occurred_on="2025-01-01")
    assert snapshot(engagement) == before
    assert session_hours(engagement) == Decimal(3)


def test_a_correction_is_judged_with_the_earlier_corrections_applied() -> None:
    """Once #3 (the team) is corrected to 2025-09-05, moving the join (#4) to 2025-09-06 is fine,
    and moving the team past the join again is refused."""
    engagement = base()
    correct(engagement, 3, "TeamFormed", occurred_on="2025-09-05")
    correct(engagement, 4, "TeamMemberJoined", occurred_on="2025-09-06")
    with pytest.raises(RuleViolation, match="event #4 would break a rule: Dana Whitfield cannot"):
        correct(engagement, 3, "TeamFormed", occurred_on="2025-09-07")


def test_corrections_stay_possible_on_a_closed_engagement() -> None:
    engagement = build([("EngagementClosed", {})])
    correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez-Ruiz")
    assert engagement.state.anchors["board"]["signatory"] == "R. Alvarez-Ruiz"
    assert engagement.state.is_closed
