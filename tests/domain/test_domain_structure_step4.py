"""When Theory of Action Step 4 ("a scaffolding of aligned leadership teams") holds on a date,
with the one-line evidence the Pathway shows, and the team tree as of a date.

The ledger's rule (docs/cec-model.md, "When Step 4 holds", its choice C3): for a district, the
first DLT formed seats the three anchors on the date and has at least one SLT under it; for a
school, an SLT seats a principal or administration member and a teacher or teachers'
organization member on the date. The evidence line is read by people: it is compared word for
word.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.structure import structure_holds, team_tree
from tests.domain.builders import ACTOR, FORMED_ON, TODAY, build, fields, opened, record

ALL_MISSING = "missing board, administration, teachers' organization"


def team(team_id: str, kind: str, on: date, **changes: Any) -> tuple[str, dict[str, Any]]:
    """A TeamFormed step: a team of ``kind`` formed on ``on`` without a parent."""
    return (
        "TeamFormed",
        {
            "team_id": team_id,
            "kind": kind,
            "name": f"Team {team_id}",
            "school": None,
            "parent_team_id": None,
            "occurred_on": on,
            **changes,
        },
    )


def epoch_2(steps: list[tuple[str, dict[str, Any]]]) -> Engagement:
    """A district engagement recorded under rules epoch 2 (teams recorded no parent; more
    than one DLT was allowed)."""
    engagement = Engagement.open(
        {**fields("EngagementOpened"), "rules_version": 2}, recorded_by=ACTOR, today=TODAY
    )
    for event_type, changes in steps:
        engagement.record(
            event_type,
            {**fields(event_type, **changes), "rules_version": 2},
            recorded_by=ACTOR,
            today=TODAY,
        )
    return engagement


ON = date(2025, 10, 15)


@pytest.mark.parametrize(
    ("steps", "evidence"),
    [
        pytest.param(
            [team("a-dlt", "dlt", date(2025, 9, 5)), team("b-dlt", "dlt", date(2025, 9, 1))],
            f"DLT 'b-dlt': {ALL_MISSING}; 0 SLTs under it",
            id="the-dlt-formed-first",
        ),
        pytest.param(
            [team("dlt-z", "dlt", date(2025, 9, 1)), team("dlt-a", "dlt", date(2025, 9, 1))],
            f"DLT 'dlt-a': {ALL_MISSING}; 0 SLTs under it",
            id="same-day-the-first-by-id",
        ),
        pytest.param(
            [
                team("dlt", "dlt", date(2025, 9, 1)),
                team("slt-oak", "slt", date(2025, 9, 2), school="Oak Elementary"),
            ],
            f"DLT 'dlt': {ALL_MISSING}; 1 SLT under it",
            id="an-slt-under-it-by-inference",
        ),
    ],
)
def test_step_4_of_an_older_district_judges_its_first_dlt(
    steps: list[tuple[str, dict[str, Any]]], evidence: str
) -> None:
    """Older histories may hold several DLTs: the first formed (then the first by id) is the
    one Step 4 reads; an SLT with no recorded parent counts under the only DLT (C19)."""
    assert structure_holds(epoch_2(steps).state, ON) == (False, evidence)


@pytest.mark.parametrize(
    ("kinds", "evidence"),
    [
        (("joint-team",), "1 team; no District Leadership Team"),
        (("joint-team", "common-planning"), "2 teams; no District Leadership Team"),
    ],
)
def test_step_4_of_a_district_without_a_dlt_does_not_hold_and_says_so(
    kinds: tuple[str, ...], evidence: str
) -> None:
    engagement = opened()
    for n, kind in enumerate(kinds):
        record(engagement, "TeamFormed", **team(f"t{n}", kind, date(2025, 9, 1))[1])
    assert structure_holds(engagement.state, ON) == (False, evidence)


def test_only_slts_under_the_dlt_count_for_step_4() -> None:
    """A joint team under the DLT is not an SLT: the district still has none under its DLT."""
    state = build([team("joint", "joint-team", date(2025, 10, 1), parent_team_id="dlt")]).state
    assert structure_holds(state, ON) == (
        False,
        "DLT 'dlt': missing board, administration; 0 SLTs under it",
    )


def test_step_4_of_a_school_counts_the_members_seated_on_the_date() -> None:
    """The teacher joined on 2025-10-05: before that the SLT seats the principal only."""
    engagement = opened(level="school")
    record(engagement, "TeamFormed", **team("t", "slt", date(2025, 9, 1), school="Oak")[1])
    record(engagement, "TeamMemberJoined", team_id="t", member="P", role="principal")
    record(
        engagement,
        "TeamMemberJoined",
        team_id="t",
        member="T",
        role="teacher",
        occurred_on=date(2025, 10, 5),
    )
    state = engagement.state
    assert structure_holds(state, date(2025, 10, 4)) == (
        False,
        "no SLT with a principal and teachers on it",
    )
    assert structure_holds(state, date(2025, 10, 5)) == (
        True,
        "SLT 't' seats the principal and teachers",
    )


def test_the_team_tree_on_a_date_shows_the_teams_and_seats_of_that_date() -> None:
    """As of 2025-09-30 (the DLT was formed on 2025-09-10): the SLT (formed 2025-10-01) is
    not there yet, and the board member (joined 2025-10-05) not yet seated; the DLT's row
    says so."""
    state = build(
        [
            ("TeamFormed", {}),  # slt-oak under dlt, 2025-10-01
            (
                "TeamMemberJoined",
                {"member": "R. Alvarez", "role": "board", "occurred_on": date(2025, 10, 5)},
            ),
        ]
    ).state
    assert team_tree(state, date(2025, 9, 30)) == [
        {
            "team_id": "dlt",
            "kind": "dlt",
            "name": "District Leadership Team",
            "school": None,
            "stage": "form",
            "depth": 0,
            "parent": None,
            "parent_inferred": False,
            "members": [
                {
                    "member": "Dana Whitfield",
                    "role": "teachers_organization",
                    "title": "union president",
                }
            ],
            "priorities": [],
            "anchor_seats": {
                "board": [],
                "administration": [],
                "teachers_organization": ["Dana Whitfield"],
            },
            "missing_anchors": ["board", "administration"],
        }
    ]


def test_teams_formed_the_same_day_are_listed_by_id() -> None:
    """The tree lists siblings in the order they were formed, the same day by id (not in the
    order they were recorded)."""
    state = build(
        [
            ("TeamFormed", {"team_id": "slt-pine", "school": "Pine", "occurred_on": FORMED_ON}),
            ("TeamFormed", {"team_id": "slt-oak", "school": "Oak", "occurred_on": FORMED_ON}),
        ]
    ).state
    assert [(r["team_id"], r["depth"]) for r in team_tree(state)] == [
        ("dlt", 0),
        ("slt-oak", 1),
        ("slt-pine", 1),
    ]
