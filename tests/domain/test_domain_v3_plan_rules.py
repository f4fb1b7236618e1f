"""Rules epoch 3 for plans and system assessments (domain/rules_v3_model.py): a transformation
plan needs the We and a multi-year horizon (Theory of Action, Step 3), judged when the plan
becomes one or its horizon changes, never again for an unchanged horizon; goals and plan lines
carried over from a plan of an older epoch are not re-judged; a system assessment without a
version is the full one (Theory of Action, Step 2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import RuleViolation
from tests.domain.builders import ACTOR, TODAY, build, fields, goal, opened, record, service

# The two anchors base() has not committed yet: with them the We holds (base(): the board).
ANCHORS = [
    ("AnchorCommitted", {"anchor": "administration"}),
    ("AnchorCommitted", {"anchor": "teachers_organization"}),
]
TWO_YEARS = {"first": "2025-26", "last": "2026-27"}
# A year on, in school year 2026-27: the horizon's first year has passed.
A_YEAR_ON = date(2026, 9, 1)
LATER_TODAY = date(2026, 12, 31)
HORIZON_ADVICE = (
    "a transformation plan is 'a multi-year commitment' (Theory of Action, Step 3): give "
    "--horizon 2026-27:2028-29 (at least two school years"
)


def transformation_plan() -> Engagement:
    """The We on 2025-10-01 and a transformation plan for 2025-26 to 2026-27 set that day."""
    engagement = build(ANCHORS)
    record(engagement, "DirectionSet", kind="transformation", emphasis="culture", horizon=TWO_YEARS)
    return engagement


def change_a_year_on(engagement: Engagement, **changes: Any) -> None:
    """A plan change a year after the plan was set (recorded on a later 'today')."""
    plan = engagement.state.plan
    assert plan is not None
    values = {
        "kind": plan["kind"],
        "emphasis": plan["emphasis"],
        "goals": [*plan["goals"], goal("data-cycle", "a PLC data cycle", "IEP")],
        "services": plan["services"],
        "horizon": plan["horizon"],
        "occurred_on": A_YEAR_ON,
        **changes,
    }
    engagement.record(
        "PlanChanged", fields("PlanChanged", **values), recorded_by=ACTOR, today=LATER_TODAY
    )


def test_an_unchanged_horizon_is_not_judged_again_when_the_plan_changes_later() -> None:
    """The horizon was judged when the plan became a transformation plan: a change a year on
    that keeps it is accepted although its first school year has passed."""
    engagement = transformation_plan()
    change_a_year_on(engagement)
    assert engagement.state.plan["horizon"] == TWO_YEARS
    assert [g["goal_id"] for g in engagement.state.plan["goals"]] == ["trust", "data-cycle"]


HORIZONS = {
    "one-year": (
        {"first": "2026-27", "last": "2026-27"},
        HORIZON_ADVICE + ")",
    ),
    "started-in-the-past": (
        {"first": "2025-26", "last": "2027-28"},
        HORIZON_ADVICE + ", from the plan's school year 2026-27 on; 2025-26 has passed)",
    ),
}


@pytest.mark.parametrize(("horizon", "message"), HORIZONS.values(), ids=HORIZONS.keys())
def test_a_changed_horizon_of_a_transformation_plan_is_judged_on_the_change_date(
    horizon: dict[str, str], message: str
) -> None:
    """Theory of Action, Step 3: 'a multi-year commitment' — a new horizon needs two school
    years from the change's own school year on."""
    engagement = transformation_plan()
    with pytest.raises(RuleViolation) as refused:
        change_a_year_on(engagement, horizon=horizon)
    assert str(refused.value) == message


def test_a_transformation_plan_may_become_a_support_plan_without_a_horizon() -> None:
    """Only a transformation plan needs a horizon: going back to an achievement-based support
    plan drops it."""
    engagement = transformation_plan()
    change_a_year_on(engagement, kind="support", emphasis="achievement", horizon=None)
    assert (engagement.state.plan["kind"], engagement.state.plan["horizon"]) == ("support", None)


def epoch_1_plan(**changes: Any) -> Engagement:
    """base() with a plan recorded under rules epoch 1 (before goals had elements and plan
    lines a kind and a price rule)."""
    engagement = build(ANCHORS)
    old = {**fields("DirectionSet", **changes), "rules_version": 1}
    engagement.record("DirectionSet", old, recorded_by=ACTOR, today=TODAY)
    return engagement


def test_a_goal_carried_over_from_an_older_epoch_needs_no_element() -> None:
    """Only new or changed goals are judged: a goal of an epoch-1 plan without Framework for
    Change elements is kept by an epoch-3 change that adds a tagged goal."""
    untagged = {"goal_id": "trust", "text": "trust among anchors", "elements": [], "gans": []}
    engagement = epoch_1_plan(goals=[untagged])
    goals = [untagged, goal("data-cycle", "a PLC data cycle", "IEP")]
    record(engagement, "PlanChanged", goals=goals, services=engagement.state.plan["services"])
    assert [g["elements"] for g in engagement.state.plan["goals"]] == [
        [],
        ["implementing_emerging_pedagogy"],
    ]


def test_a_plan_line_carried_over_from_an_older_epoch_needs_no_kind_or_price_rule() -> None:
    """Lines carried over unchanged are not re-judged: an epoch-1 line without the kind and
    price rule epoch 3 fills from the catalogue stays when an epoch-3 change keeps it."""
    old_line = {k: val for k, val in service().items() if k not in ("kind", "price_rule")}
    engagement = epoch_1_plan(services=[old_line])
    record(engagement, "PlanChanged", services=[old_line])
    assert engagement.state.plan["services"] == [old_line]


def test_a_system_assessment_without_a_version_is_the_full_one() -> None:
    """Theory of Action, Step 2 (system assessment): the version defaults to the full one,
    stored so on the event and the entry point."""
    engagement = opened()
    event = record(engagement, "EntryPointAdded", assessment_version=None)
    assert event.assessment_version == "full"
    assert engagement.state.entry_points["sa-2025"]["assessment_version"] == "full"


def transformation_refusal(withdrawal: dict[str, Any]) -> str:
    """The refusal of a transformation plan the day after the board's withdrawal."""
    engagement = opened()
    record(engagement, "AnchorCommitted", anchor="board", signatory="R. Alvarez")
    record(engagement, "CommitmentWithdrawn", anchor="board", **withdrawal)
    with pytest.raises(RuleViolation) as refused:
        record(
            engagement,
            "DirectionSet",
            kind="transformation",
            emphasis="culture",
            horizon=TWO_YEARS,
            occurred_on=date(2025, 10, 2),
        )
    return str(refused.value)


# The refusal names who withdrew only when the withdrawal recorded a signatory.
WHY = {
    "signed": (
        {"signatory": "R. Alvarez"},
        "the Board of education has not committed (withdrawn 2025-10-01 by R. Alvarez)",
    ),
    "unsigned": (
        {"signatory": ""},
        "the Board of education has not committed (withdrawn 2025-10-01)",
    ),
}


@pytest.mark.parametrize(("withdrawal", "board"), WHY.values(), ids=WHY.keys())
def test_a_transformation_plan_without_the_we_is_refused_naming_each_missing_anchor(
    withdrawal: dict[str, Any], board: str
) -> None:
    """Theory of Action, Step 3: transformational change needs the three anchors committed on
    the plan's date; the refusal (one line) says which anchor is missing and why."""
    assert transformation_refusal(withdrawal) == (
        "a transformation plan needs the commitment of all three anchors on its date (Theory "
        "of Action, Step 3: 'When such commitment is not present, successful transformational "
        f"change is not possible'); on 2025-10-02 {board}; the Superintendent and "
        "administration has not committed; the Teachers' organization has not committed"
    )
