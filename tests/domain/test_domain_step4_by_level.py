"""Theory of Action Step 4 ("a scaffolding of aligned leadership teams") by the engagement's
level, beyond the district's DLT rule (docs/cec-model.md, "When Step 4 holds"):

- a school: an SLT seats a principal or administration member AND a teacher or teachers'
  organization member on the date;
- a state or a labor-management group: a joint team seats the teachers' organization AND
  the administration or the board on the date;
- a state that names no level (an older snapshot, a plain object) is judged as a district.

The evidence line is read by people: it is compared word for word.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.structure import structure_holds
from tests.domain.builders import base, opened, record

FORMED = date(2025, 9, 1)
ON = date(2025, 11, 1)
NO_SLT = "no SLT with a principal and teachers on it"
NO_JOINT = "no joint team seating the teachers' organization and management"
# base(): a DLT seating the teachers' organization only, and no SLT under it.
BASE_EVIDENCE = "DLT 'dlt': missing board, administration; 0 SLTs under it"


def team_with(
    level: str, kind: str, roles: list[tuple[str, date]], school: str | None = None
) -> Engagement:
    """An engagement of ``level`` with one team ``t`` of ``kind`` formed on FORMED and a
    member per (role, joined on)."""
    engagement = opened(level=level)
    record(
        engagement,
        "TeamFormed",
        team_id="t",
        kind=kind,
        name="Team t",
        school=school,
        parent_team_id=None,
        occurred_on=FORMED,
    )
    for n, (role, joined_on) in enumerate(roles):
        record(
            engagement,
            "TeamMemberJoined",
            team_id="t",
            member=f"M{n}",
            role=role,
            title="",
            occurred_on=joined_on,
        )
    return engagement


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["teacher"], (False, NO_SLT)),
        (["principal"], (False, NO_SLT)),
        (["administration", "teacher"], (True, "SLT 't' seats the principal and teachers")),
        (
            ["principal", "teachers_organization"],
            (True, "SLT 't' seats the principal and teachers"),
        ),
    ],
)
def test_a_school_slt_needs_both_management_and_teachers_seated(
    roles: list[str], expected: tuple[bool, str]
) -> None:
    """Administration counts as the management side, the teachers' organization as the
    teachers' side; one side alone is not Step 4."""
    state = team_with("school", "slt", [(r, FORMED) for r in roles], school="Oak").state
    assert structure_holds(state, ON) == expected


@pytest.mark.parametrize("level", ["state", "labor_management_group"])
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["teachers_organization"], (False, NO_JOINT)),
        (["board"], (False, NO_JOINT)),
        (["teachers_organization", "board"], (True, "joint team 't' seats labor and management")),
        (
            ["administration", "teachers_organization"],
            (True, "joint team 't' seats labor and management"),
        ),
    ],
)
def test_a_joint_team_needs_labor_and_management_seated(
    level: str, roles: list[str], expected: tuple[bool, str]
) -> None:
    state = team_with(level, "joint-team", [(r, FORMED) for r in roles]).state
    assert structure_holds(state, ON) == expected


def test_a_joint_team_counts_only_the_members_seated_on_the_date() -> None:
    """The board member joined on 2025-10-05: before that the joint team seats labor only."""
    state = team_with(
        "state",
        "joint-team",
        [("teachers_organization", FORMED), ("board", date(2025, 10, 5))],
    ).state
    assert structure_holds(state, date(2025, 10, 4)) == (False, NO_JOINT)
    assert structure_holds(state, date(2025, 10, 5)) == (
        True,
        "joint team 't' seats labor and management",
    )


def _without_level(state: Any, **level: Any) -> SimpleNamespace:
    return SimpleNamespace(teams=state.teams, **level)


@pytest.mark.parametrize("level", [{}, {"level": ""}, {"level": None}])
def test_a_state_naming_no_level_is_judged_as_a_district(level: dict[str, Any]) -> None:
    state = base().state
    assert structure_holds(state, ON) == (False, BASE_EVIDENCE)
    assert structure_holds(_without_level(state, **level), ON) == (False, BASE_EVIDENCE)
