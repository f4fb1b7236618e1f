"""Rules of epoch 3 (the CEC model) refused word for word through ``rules.check``: an event
class new in epoch 3 claimed by an earlier epoch, and the strategic planning group's three
anchors named one by one when missing (Theory of Action, Step 2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cec_ledger.domain.errors import InvalidValue, RuleViolation
from cec_ledger.domain.rules import check
from tests.domain.builders import ACTOR, TODAY, base, fields

NEW_IN_EPOCH_3 = ("EntryPointAdded", "TeamPrioritySet", "ProgressEvidenced", "SupportRequested")


def given(event_type: str, **changes: Any) -> dict[str, Any]:
    return {**fields(event_type), "recorded_by": ACTOR, **changes}


@pytest.mark.parametrize("event_type", NEW_IN_EPOCH_3)
@pytest.mark.parametrize("epoch", [1, 2])
def test_an_event_class_new_in_epoch_3_is_refused_in_earlier_epochs(
    event_type: str, epoch: int
) -> None:
    with pytest.raises(InvalidValue) as refused:
        check(base().state, event_type, given(event_type), TODAY, epoch)
    assert str(refused.value) == (
        f"{event_type} exists from rules epoch 3 on; an event of an earlier epoch cannot be one"
    )


ANCHORS_MESSAGE = (
    "the strategic planning group needs the three anchors — board, administration and "
    "teachers' organization (Theory of Action, Step 2: 'a representative district group "
    "comprised of the Three Anchors, support staff, parents, and community members'); missing: "
)
BOARD = {"member": "R. Alvarez", "role": "board"}
ADMINISTRATION = {"member": "J. Okafor", "role": "administration"}
PARENT = {"member": "D. Wright", "role": "parent"}


def planning(group: list[dict[str, str]]) -> dict[str, Any]:
    return given(
        "EntryPointAdded",
        entry_point_id="ep",
        kind="strategic_planning",
        framework_id=None,
        assessment_version=None,
        planning_group=group,
        plan_owner="Planning team",
    )


@pytest.mark.parametrize(
    ("group", "missing"),
    [
        ([PARENT], "board, administration, teachers' organization"),
        ([BOARD], "administration, teachers' organization"),
        ([BOARD, ADMINISTRATION, PARENT], "teachers' organization"),
    ],
)
def test_each_missing_anchor_of_the_planning_group_is_named(group: list, missing: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check(base().state, "EntryPointAdded", planning(group), TODAY)
    assert str(refused.value) == ANCHORS_MESSAGE + missing


def test_a_planning_group_member_without_a_role_is_named() -> None:
    group = [BOARD, ADMINISTRATION, {"member": "Q. Nobody", "role": "unspecified"}]
    with pytest.raises(InvalidValue) as refused:
        check(base().state, "EntryPointAdded", planning(group), TODAY)
    assert str(refused.value) == "give Q. Nobody's role in the planning group"


GRANT = {
    "entry_point_id": "sig",
    "kind": "grant_criteria",
    "framework_id": None,
    "assessment_version": None,
    "grant": "School Improvement Grant (SIG)",
    "granting_state": "Illinois",
    "criteria": ["a history of low student achievement"],
    "plan_deadline": date(2026, 3, 1),
}
GRANT_MESSAGE = (
    "grant criteria need the grant, the state, at least one criterion and the plan's deadline "
    "(Theory of Action, Step 2: 'the grant requires a detailed plan')"
)


@pytest.mark.parametrize(
    "left_out",
    [{"grant": None}, {"granting_state": None}, {"criteria": []}, {"plan_deadline": None}],
)
def test_grant_criteria_need_each_of_their_four_parts(left_out: dict[str, Any]) -> None:
    event = given("EntryPointAdded", **{**GRANT, **left_out})
    with pytest.raises(RuleViolation) as refused:
        check(base().state, "EntryPointAdded", event, TODAY)
    assert str(refused.value) == GRANT_MESSAGE


def test_an_empty_grant_criterion_is_refused() -> None:
    event = given("EntryPointAdded", **{**GRANT, "criteria": ["low achievement", "  "]})
    with pytest.raises(InvalidValue) as refused:
        check(base().state, "EntryPointAdded", event, TODAY)
    assert str(refused.value) == "a grant criterion must not be empty"
    checked = check(base().state, "EntryPointAdded", given("EntryPointAdded", **GRANT), TODAY)
    assert checked["criteria"] == ["a history of low student achievement"]
