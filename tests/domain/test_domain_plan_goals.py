"""How ``plan set``/``plan change`` edit a plan's goals (domain/plan_goals.py): goals keep
their ids, are removed, replaced (same id, new text), added at the end and tagged with
elements or GANs; an unknown id is refused naming the goals there are, a reused id is refused,
and ``ID:TEXT`` / ``ID:VALUE`` options are read strictly."""

from __future__ import annotations

import pytest

from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.domain.plan_goals import (
    GoalChanges,
    GoalEdits,
    edited_goals,
    goal_changes,
    goals_by_id,
    parse_goal,
    parse_pairs,
)


def goal(goal_id: str, text: str, elements=(), gans=()) -> dict:
    return {"goal_id": goal_id, "text": text, "elements": list(elements), "gans": list(gans)}


CURRENT = [
    goal("trust", "Trust among the anchors", ["FLMC"], ["shared-mission"]),
    goal("time", "Protected collaboration time", ["TtP"]),
]


def test_no_edits_give_an_equal_independent_copy() -> None:
    goals = edited_goals(CURRENT, GoalEdits())
    assert goals == CURRENT
    goals[0]["elements"].append("IEP")
    goals[0]["gans"].append("x")
    goals[0]["text"] = "changed"
    assert CURRENT[0] == goal("trust", "Trust among the anchors", ["FLMC"], ["shared-mission"])


def test_remove_replace_add_and_tag_in_one_change() -> None:
    goals = edited_goals(
        CURRENT,
        GoalEdits(
            add=[" data : A PLC data cycle "],
            replace=["time:Protected time for every grade-level team"],
            remove=[" trust "],
            elements=["data:IEP", "data:TtP", "time:FLMC"],
            gans=["data:collective-inquiry"],
        ),
    )
    assert goals == [
        goal("time", "Protected time for every grade-level team", ["FLMC"]),
        goal("data", "A PLC data cycle", ["IEP", "TtP"], ["collective-inquiry"]),
    ]


def test_a_replaced_goal_keeps_its_place_tags_and_id() -> None:
    goals = edited_goals(CURRENT, GoalEdits(replace=["trust:Trust, written down"]))
    assert goals[0] == goal("trust", "Trust, written down", ["FLMC"], ["shared-mission"])
    assert goals[1] == CURRENT[1]


def test_tagging_sets_a_goals_elements_and_gans_instead_of_adding() -> None:
    goals = edited_goals(CURRENT, GoalEdits(elements=["trust:IEP"], gans=["trust:a", "trust:b"]))
    assert goals[0]["elements"] == ["IEP"]
    assert goals[0]["gans"] == ["a", "b"]
    assert goals[1] == CURRENT[1]


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        (
            GoalEdits(remove=["nope"]),
            "cannot remove goal 'nope': the plan's goals are trust, time",
        ),
        (
            GoalEdits(replace=["nope:x"]),
            "cannot replace goal 'nope': the plan's goals are trust, time",
        ),
        (
            GoalEdits(elements=["nope:IEP"]),
            "cannot tag goal 'nope': the plan's goals are trust, time",
        ),
        (
            GoalEdits(gans=["nope:a"]),
            "cannot tag goal 'nope': the plan's goals are trust, time",
        ),
        (
            GoalEdits(remove=["trust"], replace=["trust:again"]),
            "cannot replace goal 'trust': the plan's goals are time",
        ),
    ],
)
def test_an_unknown_goal_is_refused_naming_the_goals_there_are(
    edits: GoalEdits, message: str
) -> None:
    with pytest.raises(NotFound) as refused:
        edited_goals(CURRENT, edits)
    assert str(refused.value) == message


def test_a_plan_without_goals_says_none() -> None:
    with pytest.raises(NotFound) as refused:
        edited_goals([], GoalEdits(remove=["x"]))
    assert str(refused.value) == "cannot remove goal 'x': the plan's goals are none"


@pytest.mark.parametrize("spec", ["trust:again", "new:one", "new:two"])
def test_an_id_cannot_be_added_twice(spec: str) -> None:
    edits = GoalEdits(add=["new:one", spec]) if spec.startswith("new") else GoalEdits(add=[spec])
    with pytest.raises(InvalidValue) as refused:
        edited_goals(CURRENT, edits)
    goal_id = spec.split(":")[0]
    assert str(refused.value) == (
        f"goal id {goal_id!r} is used twice (to give it a new text, replace it)"
    )


def test_a_removed_id_can_be_added_again() -> None:
    goals = edited_goals(CURRENT, GoalEdits(remove=["trust"], add=["trust:A new trust goal"]))
    assert [g["goal_id"] for g in goals] == ["time", "trust"]
    assert goals[1] == goal("trust", "A new trust goal")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("id:text", ("id", "text")),
        ("  id :  some text  ", ("id", "some text")),
        ("id:text: with a colon", ("id", "text: with a colon")),
    ],
)
def test_a_goal_is_typed_as_id_colon_text(text: str, parsed: tuple[str, str]) -> None:
    assert parse_goal(text) == parsed


@pytest.mark.parametrize("text", ["no colon", ":text", "  :text", "id:", "id:   ", ""])
def test_a_goal_without_an_id_or_a_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_goal(text)
    assert str(refused.value) == (
        f"goal {text!r}: give it as ID:TEXT, e.g. 'protected-time:Protected collaboration "
        "time for every grade-level team'"
    )


def test_pairs_are_grouped_by_id_in_order() -> None:
    assert parse_pairs(["a:1", " b : 2 ", "a:3"], "--element") == {"a": ["1", "3"], "b": ["2"]}
    assert parse_pairs([], "--element") == {}


@pytest.mark.parametrize("value", ["a", ":1", " :1", "a:", "a: "])
def test_a_pair_without_an_id_or_a_value_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_pairs(["ok:1", value], "--goal-gan")
    assert str(refused.value) == f"--goal-gan {value!r}: give it as GOAL_ID:VALUE"


def test_goals_by_id() -> None:
    assert goals_by_id(CURRENT) == {"trust": CURRENT[0], "time": CURRENT[1]}
    assert goals_by_id([]) == {}


def test_goal_changes_between_two_plans() -> None:
    after = [
        goal("trust", "Trust among the anchors", ["FLMC"], ["shared-mission", "x"]),
        goal("data", "A PLC data cycle"),
    ]
    changes = goal_changes(CURRENT, after)
    assert changes == GoalChanges(
        added=("data",), removed=("time",), replaced=(), retagged=("trust",), carried=()
    )
    assert changes.judged == ("data", "trust")
    assert changes.any is True
    same = goal_changes(CURRENT, CURRENT)
    assert same == GoalChanges(carried=("trust", "time"))
    assert same.any is False and same.judged == ()
    replaced = goal_changes(CURRENT, [goal("time", "Other text", ["TtP"])])
    assert (replaced.replaced, replaced.removed, replaced.judged) == (
        ("time",),
        ("trust",),
        ("time",),
    )
    retagged = goal_changes(CURRENT, [CURRENT[0], goal("time", CURRENT[1]["text"], ["IEP"])])
    assert retagged.retagged == ("time",) and retagged.carried == ("trust",)
    assert goal_changes([], []).any is False
    assert GoalChanges(removed=("x",)).any is True


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        (GoalEdits(elements=["g-1"]), "--element 'g-1': give it as GOAL_ID:VALUE"),
        (GoalEdits(gans=["g-1:"]), "--goal-gan 'g-1:': give it as GOAL_ID:VALUE"),
    ],
)
def test_edited_goals_names_the_option_of_a_malformed_pair(edits: GoalEdits, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        edited_goals([], edits)
    assert str(refused.value) == message


def test_a_pair_splits_at_its_first_colon() -> None:
    assert parse_pairs(["g-1:Step 2: plan"], "--goal-gan") == {"g-1": ["Step 2: plan"]}
