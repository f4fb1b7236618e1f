"""Team priorities and measurable goals (domain/rules_v3_teams.py, Theory of Action Step 4),
case by case on the bare aggregate: each missing part of a measurable goal alone, its date on
the day it is set, priorities "within" a parent the team does not have, a DLT horizon that
starts before the school year it is set in, and evidence naming a priority set after it. Each
refusal is compared word for word and nothing is recorded (the case runner of
test_domain_cec_model.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from tests.domain.builders import ACTOR, TODAY, build, fields, opened
from tests.domain.test_domain_cec_model import (
    DLT_PRIORITY,
    PLC,
    PLC_GOAL,
    SLT,
    SLT_PRIORITY,
    STRUCTURE,
)

MEASURABLE = (
    "an ILT/PLC sets 'measurable team goals' (Theory of Action, Step 4): give --measure, "
    "--unit, --target and --by"
)
BEFORE_GOAL = (SLT, PLC, DLT_PRIORITY, SLT_PRIORITY)
LONE_SLT = ("TeamFormed", {**SLT[1], "team_id": "slt-elm", "parent_team_id": None})
LONE_PLC = (
    "TeamFormed",
    {**PLC[1], "team_id": "plc-elm", "parent_team_id": None, "occurred_on": date(2025, 10, 2)},
)


def case(case_id: str, changes: dict, error: type, message: str, setup: tuple = ()) -> Any:
    return pytest.param(setup, changes, error, message, id=case_id)


CASES = [
    *(
        case(
            f"goal-without-{name}",
            {**PLC_GOAL[1], name: None},
            RuleViolation,
            MEASURABLE,
            BEFORE_GOAL,
        )
        for name in ("measure", "unit", "target", "target_by")
    ),
    case(
        "goal-due-before-it-is-set",
        {**PLC_GOAL[1], "target_by": date(2025, 10, 2)},
        RuleViolation,
        "the goal's date (--by 2025-10-02) is before it was set (2025-10-03)",
        BEFORE_GOAL,
    ),
    case(
        "goal-within-for-a-plc-without-a-parent",
        {**PLC_GOAL[1], "team_id": "plc-elm"},
        InvalidValue,
        "'plc-elm' has no parent SLT to set goals within",
        (LONE_PLC,),
    ),
    case(
        "district-horizon-starting-in-an-earlier-school-year",
        {"horizon": {"first": "2024-25", "last": "2026-27"}},
        RuleViolation,
        "the horizon starts in 2024-25, before the school year it is set in (2025-26)",
    ),
    case(
        "district-priority-within-another",
        {"within": ["x"]},
        InvalidValue,
        "a DLT's priorities are the district's own: they sit within none",
    ),
]


@pytest.mark.parametrize(("setup", "changes", "error", "message"), CASES)
def test_a_priority_refused_word_for_word(
    setup: tuple, changes: dict[str, Any], error: type, message: str
) -> None:
    engagement = build(setup)
    version = engagement.version
    with pytest.raises(error) as refused:
        engagement.record(
            "TeamPrioritySet",
            {**fields("TeamPrioritySet"), **changes},
            recorded_by=ACTOR,
            today=TODAY,
        )
    assert type(refused.value) is error
    assert str(refused.value) == message
    assert engagement.version == version


def record(engagement: Any, event_type: str, changes: dict | None = None, **more: Any) -> Any:
    changes = {**(changes or {}), **more}
    return engagement.record(
        event_type, {**fields(event_type), **changes}, recorded_by=ACTOR, today=TODAY
    )


def test_a_goal_may_be_due_the_day_it_is_set_and_a_lone_team_sets_its_own() -> None:
    engagement = build(BEFORE_GOAL)
    record(engagement, "TeamPrioritySet", **{**PLC_GOAL[1], "target_by": date(2025, 10, 3)})
    assert engagement.state.priorities["g3-reading"]["set_on"] == date(2025, 10, 3)
    lone = build((LONE_PLC,))
    record(
        lone,
        "TeamPrioritySet",
        **{**PLC_GOAL[1], "team_id": "plc-elm", "priority_id": "elm-goal", "within": []},
    )
    assert lone.state.priorities["elm-goal"]["team_id"] == "plc-elm"


def test_an_slt_of_a_school_engagement_has_no_dlt_to_set_priorities_within() -> None:
    school = opened(level="school")
    record(school, *LONE_SLT)
    with pytest.raises(InvalidValue) as refused:
        record(school, "TeamPrioritySet", **{**SLT_PRIORITY[1], "team_id": "slt-elm"})
    assert str(refused.value) == "'slt-elm' has no parent DLT to set priorities within"
    record(school, "TeamPrioritySet", **{**SLT_PRIORITY[1], "team_id": "slt-elm", "within": []})
    assert school.state.priorities["oak-literacy"]["team_id"] == "slt-elm"


def test_evidence_names_a_priority_set_on_or_before_its_date() -> None:
    engagement = build(STRUCTURE)  # g3-reading set 2025-10-03 by plc-oak-g3 (formed 10-02)
    with pytest.raises(RuleViolation) as refused:
        record(engagement, "ProgressEvidenced", occurred_on=date(2025, 10, 2))
    assert str(refused.value) == (
        "priority 'g3-reading' was set on 2025-10-03; an event on 2025-10-02 cannot name it"
    )
    record(engagement, "ProgressEvidenced", occurred_on=date(2025, 10, 3))


def test_evidence_for_an_unknown_priority_lists_the_teams_own() -> None:
    engagement = build(STRUCTURE)
    record(
        engagement,
        "TeamPrioritySet",
        **{**PLC_GOAL[1], "priority_id": "g3-math", "occurred_on": date(2025, 10, 4)},
    )
    with pytest.raises(NotFound) as refused:
        record(engagement, "ProgressEvidenced", priority_id="nope")
    assert str(refused.value) == (
        "priority 'nope' is not one of 'plc-oak-g3''s priorities (g3-reading, g3-math)"
    )


def test_a_priority_names_a_team_formed_by_its_date() -> None:
    engagement = build((SLT, DLT_PRIORITY))  # slt-oak formed 2025-10-01
    with pytest.raises(RuleViolation) as refused:
        record(engagement, "TeamPrioritySet", {**SLT_PRIORITY[1], "occurred_on": date(2025, 9, 30)})
    assert str(refused.value) == (
        "team 'slt-oak' was formed on 2025-10-01; a priority on 2025-09-30 cannot name it"
    )


def test_an_slt_priority_may_sit_within_one_set_the_same_day() -> None:
    engagement = build((SLT, DLT_PRIORITY))  # both on 2025-10-01
    record(engagement, "TeamPrioritySet", {**SLT_PRIORITY[1], "occurred_on": date(2025, 10, 1)})
    assert engagement.state.priorities["oak-literacy"]["set_on"] == date(2025, 10, 1)


def test_within_lists_every_priority_of_the_parent_or_none() -> None:
    second = ("TeamPrioritySet", {**DLT_PRIORITY[1], "priority_id": "family-voice"})
    engagement = build((SLT, DLT_PRIORITY, second))
    with pytest.raises(RuleViolation) as refused:
        record(engagement, "TeamPrioritySet", {**SLT_PRIORITY[1], "within": []})
    assert str(refused.value).endswith(
        "name at least one of dlt's priorities (collaboration-time, family-voice)"
    )
    # A PLC goal within a priority of an SLT that has none yet.
    plain = build((SLT, PLC))
    with pytest.raises(NotFound) as unknown:
        record(plain, "TeamPrioritySet", PLC_GOAL[1])
    assert str(unknown.value) == "'oak-literacy' is not a priority of slt-oak on 2025-10-03 (none)"


def test_an_unknown_priority_named_within_lists_the_parents_priorities() -> None:
    math = ("TeamPrioritySet", {**SLT_PRIORITY[1], "priority_id": "oak-math"})
    engagement = build((*BEFORE_GOAL, math))
    with pytest.raises(NotFound) as unknown:
        record(engagement, "TeamPrioritySet", {**PLC_GOAL[1], "within": ["x"]})
    assert str(unknown.value) == (
        "'x' is not a priority of slt-oak on 2025-10-03 (oak-literacy, oak-math)"
    )
