"""The list fields of the CEC model's events (domain/bounds_model.py, rules epoch 3) through
``check_value``: ids, event references, Framework for Change elements, plan goals and the
strategic planning group. Each refusal names the field, the item and what is wrong, word for
word (one-line error messages are a contract)."""

from __future__ import annotations

from typing import Any

import pytest

import cec_ledger.domain.bounds_model  # noqa: F401 - registers the model's kinds
from cec_ledger.domain.bounds import check_value
from cec_ledger.domain.errors import InvalidValue

ID_WORDS = "must be lower-case letters, digits and hyphens (at most 60)"


def refusal(kind: str, value: Any, label: str) -> str:
    with pytest.raises(InvalidValue) as refused:
        check_value(kind, value, label)
    return str(refused.value)


@pytest.mark.parametrize(
    ("kind", "value", "label", "message"),
    [
        ("elements", "FLMC", "elements", "elements must be a list"),
        ("ids", "t-1", "teams", "teams must be a list"),
        ("ids", ["t-1", "Team 2"], "teams", f"teams item 'Team 2' {ID_WORDS}"),
        ("event_refs", "#3", "sessions", "sessions must be a list"),
        ("plan_goals", "g-1", "goals", "goals must be a list"),
        ("planning_group", "Ana", "planning_group", "planning_group must be a list"),
    ],
)
def test_a_list_field_refusal_names_the_field(
    kind: str, value: Any, label: str, message: str
) -> None:
    assert refusal(kind, value, label) == message


def test_an_event_number_is_a_whole_number_from_1() -> None:
    """Events are numbered from #1: 1 is the first one, 0 and a yes/no are not numbers."""
    assert check_value("event_refs", [1, 7], "sessions") == [1, 7]
    for ref, shown in ((0, "0"), (-2, "-2"), (True, "True"), ("3", "'3'")):
        assert refusal("event_refs", [1, ref], "sessions") == (
            f"sessions: an event number is a whole number from 1, got {shown}"
        )


GOAL = {"goal_id": "g-1", "text": "Raise reading"}


def test_a_plan_goal_without_elements_or_gans_has_none() -> None:
    """Elements and GANs are optional: left out, they are stored as empty lists."""
    assert check_value("plan_goals", [GOAL], "goals") == [
        {"goal_id": "g-1", "text": "Raise reading", "elements": [], "gans": []}
    ]


@pytest.mark.parametrize(
    ("goal", "message"),
    [
        ("Raise reading", "every goal must be an object with goal_id, text, elements, gans"),
        ({**GOAL, "zeta": 1, "alpha": 2}, "goal has no field alpha, zeta"),
        ({"text": "Raise reading"}, "goal id must not be empty"),
        ({**GOAL, "goal_id": "G 1"}, f"goal id 'G 1' {ID_WORDS}"),
        ({"goal_id": "g-1"}, "goal 'g-1' must not be empty"),
        ({**GOAL, "text": 5}, "goal 'g-1' must be text"),
        ({**GOAL, "elements": "FLMC"}, "elements of 'g-1' must be a list"),
        ({**GOAL, "gans": "phonics"}, "GANs of 'g-1' must be a list"),
        ({**GOAL, "gans": ["phonics", 5]}, "GAN of 'g-1' must be text"),
    ],
)
def test_a_bad_plan_goal_is_refused_in_words(goal: Any, message: str) -> None:
    assert refusal("plan_goals", [goal], "goals") == message


def test_a_planning_group_member_is_stored_trimmed() -> None:
    group = [{"member": " Ana Ruiz ", "role": " principal "}]
    assert check_value("planning_group", group, "planning_group") == [
        {"member": "Ana Ruiz", "role": "principal"}
    ]


MEMBER_OBJECT = "every planning group member must be an object with member, role"


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("Ana Ruiz", MEMBER_OBJECT),
        (
            {"member": "Ana Ruiz", "role": "principal", "email": "x"},
            "planning group member has no field email",
        ),
        ({"role": "principal"}, "planning group member must not be empty"),
        ({"member": 5, "role": "principal"}, "planning group member must be text"),
        ({"member": "Ana Ruiz"}, "planning group role must not be empty"),
        ({"member": "Ana Ruiz", "role": 5}, "planning group role must be text"),
    ],
)
def test_a_bad_planning_group_member_is_refused_in_words(member: Any, message: str) -> None:
    assert refusal("planning_group", [member], "planning_group") == message
