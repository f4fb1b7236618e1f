"""Which team a team sits under (Theory of Action, Step 4: "a scaffolding of aligned leadership
teams"), as ``structure.parent_of`` reads it.

A team records its parent from rules epoch 3 on. Teams formed before recorded none, so the
ledger infers one where it is unambiguous (its choice C19): an SLT sits under the
engagement's only DLT, an ILT/PLC under the only SLT of its school. Anything else has no
parent and nothing is guessed; a team of epoch 3 or later is read as recorded, never inferred.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.structure import parent_of, team_tree
from tests.domain.builders import ACTOR, TODAY, build, fields

FORMED = date(2025, 10, 1)


def team(team_id: str, kind: str, school: str | None = None) -> dict[str, Any]:
    """Changes to the valid TeamFormed fields: a team formed without a parent."""
    return {
        "team_id": team_id,
        "kind": kind,
        "name": f"Team {team_id}",
        "school": school,
        "parent_team_id": None,
        "occurred_on": FORMED,
    }


def epoch_2(*teams: dict[str, Any]) -> Engagement:
    """A district engagement recorded under rules epoch 2 with these teams (no parents: the
    field did not exist yet)."""
    engagement = Engagement.open(
        {**fields("EngagementOpened"), "rules_version": 2}, recorded_by=ACTOR, today=TODAY
    )
    for changes in teams:
        engagement.record(
            "TeamFormed",
            {**fields("TeamFormed", **changes), "rules_version": 2},
            recorded_by=ACTOR,
            today=TODAY,
        )
    return engagement


DLT = team("dlt", "dlt")
OAK_SLT = team("slt-oak", "slt", "Oak Elementary")
PINE_SLT = team("slt-pine", "slt", "Pine Middle")
OAK_PLC = team("plc-oak", "ilt-plc", "Oak Elementary")


@pytest.mark.parametrize(
    ("teams", "asked", "expected"),
    [
        pytest.param((DLT, OAK_SLT), "slt-oak", ("dlt", True), id="slt-under-the-only-dlt"),
        pytest.param((DLT, OAK_SLT), "dlt", (None, False), id="a-dlt-sits-under-nothing"),
        pytest.param((OAK_SLT,), "slt-oak", (None, False), id="slt-and-no-dlt"),
        pytest.param(
            (DLT, team("dlt-2", "dlt"), OAK_SLT), "slt-oak", (None, False), id="slt-and-two-dlts"
        ),
        pytest.param(
            (OAK_SLT, PINE_SLT, OAK_PLC),
            "plc-oak",
            ("slt-oak", True),
            id="plc-under-the-only-slt-of-its-school",
        ),
        pytest.param(
            (OAK_SLT, team("slt-oak-2", "slt", "Oak Elementary"), OAK_PLC),
            "plc-oak",
            (None, False),
            id="plc-and-two-slts-at-its-school",
        ),
        pytest.param(
            (PINE_SLT, OAK_PLC), "plc-oak", (None, False), id="plc-and-no-slt-at-its-school"
        ),
        pytest.param(
            (OAK_SLT, team("plc", "ilt-plc")), "plc", (None, False), id="plc-without-a-school"
        ),
        pytest.param(
            (OAK_SLT, team("joint", "joint-team", "Oak Elementary")),
            "joint",
            (None, False),
            id="other-kinds-have-no-inferred-parent",
        ),
    ],
)
def test_a_team_formed_before_epoch_3_sits_under_the_only_team_it_can(
    teams: tuple[dict[str, Any], ...], asked: str, expected: tuple[str | None, bool]
) -> None:
    """C19: an older SLT under the only DLT, an older ILT/PLC under the only SLT of its school;
    with none or several to choose from, no parent (and nothing marked inferred)."""
    state = epoch_2(*teams).state
    assert parent_of(state.teams, state.teams[asked]) == expected


def test_an_epoch_3_team_without_a_parent_has_none_and_nothing_is_inferred() -> None:
    """From epoch 3 a team records its parent: an ILT/PLC formed without one stays without,
    although its school has exactly one SLT (the inference is for older history only)."""
    state = build(
        [
            ("TeamFormed", {}),  # slt-oak under dlt, Oak Elementary
            ("TeamFormed", team("plc-oak", "ilt-plc", "Oak Elementary")),
        ]
    ).state
    assert parent_of(state.teams, state.teams["plc-oak"]) == (None, False)
    assert parent_of(state.teams, state.teams["dlt"]) == (None, False)
    assert parent_of(state.teams, state.teams["slt-oak"]) == ("dlt", False)


def test_the_team_tree_shows_an_inferred_parent_as_inferred() -> None:
    """The tree of an epoch-2 history puts the SLT under the only DLT, marked inferred."""
    rows = team_tree(epoch_2(DLT, OAK_SLT, OAK_PLC).state)
    assert [(r["team_id"], r["depth"], r["parent"], r["parent_inferred"]) for r in rows] == [
        ("dlt", 0, None, False),
        ("slt-oak", 1, "dlt", True),
        ("plc-oak", 2, "slt-oak", True),
    ]
