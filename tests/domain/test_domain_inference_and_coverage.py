"""Two of the ledger's own readings as plain functions: which earlier session a coaching
recorded before the Coaching Delivery Model follows (C19, ``inferred_followed``), and the
Framework for Change coverage of a plain state (``model_views.coverage``) when parts of it are
missing or name a goal the state does not hold."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from cec_ledger.domain.folds_delivery import inferred_followed
from cec_ledger.domain.model_views import ELEMENTS, coverage

ESTL, IEP, TTP, FLMC = ELEMENTS


def session(
    version: int, on: date, *, delivery: str = "training", service: str = "s", team: Any = "dlt"
) -> dict[str, Any]:
    return {
        "version": version,
        "occurred_on": on,
        "delivery": delivery,
        "service_id": service,
        "team_id": team,
    }


def coaching(on: date, team: str | None = "dlt", service: str = "s") -> dict[str, Any]:
    return session(99, on, delivery="coaching", service=service, team=team)


OCT = date(2025, 10, 1)


def test_a_coaching_follows_the_latest_earlier_session_of_its_service() -> None:
    sessions = [
        session(2, date(2025, 9, 1)),
        session(3, date(2025, 9, 20)),
        session(4, date(2025, 10, 2)),  # after the coaching
        session(5, date(2025, 9, 25), service="other"),
        session(6, date(2025, 9, 26), delivery="coaching"),  # a coaching follows nothing
    ]
    state = SimpleNamespace(sessions=sessions)
    assert inferred_followed(state, coaching(OCT))["version"] == 3
    # The same day counts as on or before it.
    assert inferred_followed(state, coaching(date(2025, 9, 20)))["version"] == 3
    assert inferred_followed(state, coaching(date(2025, 8, 31))) is None
    assert inferred_followed(state, coaching(OCT, service="none")) is None


def test_a_coaching_prefers_a_session_of_its_own_team() -> None:
    sessions = [
        session(2, date(2025, 9, 1), team="slt-oak"),
        session(3, date(2025, 9, 20), team="dlt"),
    ]
    state = SimpleNamespace(sessions=sessions)
    assert inferred_followed(state, coaching(OCT, team="slt-oak"))["version"] == 2
    # No session of its team, or no team at all: the latest of any team.
    assert inferred_followed(state, coaching(OCT, team="plc"))["version"] == 3
    assert inferred_followed(state, coaching(OCT, team=None))["version"] == 3


def test_on_the_same_day_the_later_recorded_session_is_followed() -> None:
    sessions = [session(4, date(2025, 9, 20)), session(3, date(2025, 9, 20))]
    assert inferred_followed(SimpleNamespace(sessions=sessions), coaching(OCT))["version"] == 4


def rows(result: dict[str, Any], key: str) -> dict[str, list[Any]]:
    return {e["element"]: e[key] for e in result["elements"]}


def test_coverage_of_a_state_with_nothing_in_it() -> None:
    result = coverage({}, None)
    assert [e["element"] for e in result["elements"]] == list(ELEMENTS)
    assert all(not e["in_plan"] for e in result["elements"])
    assert (result["not_in_plan"], result["untagged_goals"], result["catalogue"]) == (
        [],
        [],
        False,
    )


def test_coverage_reads_outcomes_through_the_goals_they_name() -> None:
    state = {
        "plan": {
            "goals": [{"goal_id": "g-1", "elements": [IEP]}, {"goal_id": "g-2", "elements": []}],
            "services": [{"service_id": "ibb-ibps"}],
        },
        # A goal of an earlier plan the state still knows, and one it never knew.
        "goals": [{"goal_id": "g-0", "elements": [TTP]}, {"goal_id": "g-3"}],
        "sessions": {"by_service": {"ibb-ibps": 2}},
        "outcomes": [
            {"version": 7, "elements": [ESTL], "goals": ["g-0", "g-9"]},
            {"version": 8, "goals": ["g-1", "g-3"]},
        ],
        "priorities": [{"priority_id": "p-1", "elements": [FLMC]}, {"priority_id": "p-2"}],
    }
    result = coverage(state, {"ibb-ibps": (FLMC,)})
    assert rows(result, "goals") == {ESTL: [], IEP: ["g-1"], TTP: [], FLMC: []}
    assert rows(result, "services")[FLMC] == ["ibb-ibps"]
    assert rows(result, "delivered")[FLMC] == ["ibb-ibps"]
    assert rows(result, "outcomes") == {ESTL: [7], IEP: [8], TTP: [7], FLMC: []}
    assert rows(result, "priorities") == {ESTL: [], IEP: [], TTP: [], FLMC: ["p-1"]}
    assert result["not_in_plan"] == [ESTL, TTP]
    assert result["untagged_goals"] == ["g-2"]
    assert result["catalogue"] is True
