"""Upcasters of events stored before rules epoch 3 (domain/events.py), called on the stored
dicts themselves: what each version-2 event of a class gains on read (with its default), what
a correction stored then is brought up to, and how a v1/v2 member's ``represents`` becomes a
role. tests/reliability/test_upgrades.py reads whole old ledgers; these pin each field."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from cec_ledger.domain import events as ev

TEXT_GOAL = "Raise reading"
TEXT_GOAL_ID = "v1-" + hashlib.sha256(TEXT_GOAL.encode()).hexdigest()[:8]


def test_a_text_goal_gets_the_same_id_in_every_plan_event() -> None:
    assert ev.v1_goal_id(TEXT_GOAL) == TEXT_GOAL_ID == "v1-7ab15803"
    assert ev.v1_goal_id("Raise reading ") != TEXT_GOAL_ID


def test_a_v2_plan_change_gains_goal_objects_a_horizon_and_no_cites() -> None:
    stored: dict[str, Any] = {"reason": "r", "goals": [TEXT_GOAL], "services": []}
    ev.PlanChanged.upcast_v2_v3(stored)
    assert stored == {
        "reason": "r",
        "goals": [{"goal_id": TEXT_GOAL_ID, "text": TEXT_GOAL, "elements": [], "gans": []}],
        "services": [],
        "rules_version": 1,
        "horizon": None,
        "cites": [],
    }


def test_a_v2_plan_change_keeps_what_it_has() -> None:
    stored: dict[str, Any] = {"rules_version": 2, "goals": [], "services": [], "cites": ["r9.1"]}
    ev.PlanChanged.upcast_v2_v3(stored)
    assert (stored["rules_version"], stored["cites"]) == (2, ["r9.1"])


def test_a_correction_of_a_v2_plan_brings_its_goals_and_lines_up() -> None:
    goal = {"goal_id": "g-1", "text": "t", "elements": [], "gans": []}
    fields: dict[str, Any] = {
        "goals": [TEXT_GOAL, goal],
        "services": [{"service_id": "ibb-ibps", "hours": "8", "budget": "2500"}],
    }
    ev.PlanChanged.upcast_corrected_fields(fields)
    assert fields["goals"] == [
        {"goal_id": TEXT_GOAL_ID, "text": TEXT_GOAL, "elements": [], "gans": []},
        goal,
    ]
    (line,) = fields["services"]
    assert line["kind"] == "targeted_support" and line["price_rule"]["kind"] == "block"
    assert (line["price_note"], line["cohorts"]) == (None, None)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"goals": None}, {"goals": []}),
        ({"reason": "x"}, {"reason": "x"}),  # neither goals nor lines: untouched
        ({"services": []}, {"services": []}),
    ],
)
def test_a_plan_correction_without_goals_or_lines(fields: dict, expected: dict) -> None:
    fields = copy.deepcopy(fields)  # the upcaster works in place: keep the case
    ev.PlanChanged.upcast_corrected_fields(fields)
    assert fields == expected


def test_a_v2_reflection_has_no_goal_results_and_no_next_steps() -> None:
    stored: dict[str, Any] = {"lessons_learned": ["l"]}
    ev.ReflectionRecorded.upcast_v2_v3(stored)
    assert stored == {"lessons_learned": ["l"], "rules_version": 1, "goals": [], "next_steps": []}
    kept: dict[str, Any] = {"rules_version": 2, "goals": ["g"], "next_steps": ["n"]}
    ev.ReflectionRecorded.upcast_v2_v3(kept)
    assert kept == {"rules_version": 2, "goals": ["g"], "next_steps": ["n"]}


def test_a_v2_close_has_no_reason_for_closing_without_a_reflection() -> None:
    stored: dict[str, Any] = {"reason": "contract ended"}
    ev.EngagementClosed.upcast_v2_v3(stored)
    assert stored == {"reason": "contract ended", "rules_version": 1, "without_reflection": None}
    kept: dict[str, Any] = {"rules_version": 2, "without_reflection": "w"}
    ev.EngagementClosed.upcast_v2_v3(kept)
    assert kept == {"rules_version": 2, "without_reflection": "w"}


NEW_SESSION_FIELDS = ("cohort", "part", "follows", "purpose", "unplanned", "beyond_plan")


def test_a_v2_session_gains_the_epoch_3_fields_empty() -> None:
    stored: dict[str, Any] = {"delivery": "training", "service_id": "ibb-ibps"}
    ev.SessionDelivered.upcast_v2_v3(stored)
    assert stored == {
        "delivery": "training",
        "service_id": "ibb-ibps",
        "rules_version": 1,
        **dict.fromkeys(NEW_SESSION_FIELDS),
    }


@pytest.mark.parametrize(
    ("delivery", "service_id", "part", "expected_part"),
    [
        ("training", "conflict-resolution-1", None, "session_one"),
        ("training", "conflict-resolution-2", None, "session_two"),
        ("training", "conflict-resolution-2", "session_one", "session_one"),  # kept
        ("coaching", "conflict-resolution-1", None, None),  # coaching has no part
    ],
)
def test_a_v2_conflict_resolution_session_names_the_one_service_and_its_part(
    delivery: str, service_id: str, part: Any, expected_part: Any
) -> None:
    stored: dict[str, Any] = {"delivery": delivery, "service_id": service_id, "part": part}
    ev.SessionDelivered.upcast_v2_v3(stored)
    assert (stored["service_id"], stored["part"]) == ("conflict-resolution", expected_part)


def test_a_v2_session_without_a_service_is_left_alone() -> None:
    stored: dict[str, Any] = {"delivery": "training", "service_id": None}
    ev.SessionDelivered.upcast_v2_v3(stored)
    assert (stored["service_id"], stored["part"]) == (None, None)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"service_id": "conflict-resolution-1"}, {"service_id": "conflict-resolution"}),
        ({"service_id": "conflict-resolution-2"}, {"service_id": "conflict-resolution"}),
        ({"service_id": "ibb-ibps"}, {"service_id": "ibb-ibps"}),
        ({"hours": "3"}, {"hours": "3"}),
    ],
)
def test_a_v2_session_correction_names_the_one_service(fields: dict, expected: dict) -> None:
    fields = copy.deepcopy(fields)  # the upcaster works in place: keep the case
    ev.SessionDelivered.upcast_corrected_fields(fields)
    assert fields == expected


@pytest.mark.parametrize(
    ("represents", "role"),
    [
        ("Board", "board"),
        ("administration", "administration"),
        ("Teachers' Organization", "teachers_organization"),
        ("teachers organization", "teachers_organization"),
        ("Parents", "parent"),
        ("parent", "parent"),
        ("Teachers", "teacher"),
        ("Support Staff", "support_staff"),
        ("community", "community"),
        ("students", "student"),
        ("the mayor", "unspecified"),
        ("", "unspecified"),
        (None, "unspecified"),
        (3, "unspecified"),
    ],
)
def test_whom_a_v2_member_represented_becomes_their_role(represents: Any, role: str) -> None:
    assert ev.role_from_represents(represents) == role


def test_a_v2_member_keeps_their_old_role_text_as_title() -> None:
    stored: dict[str, Any] = {"member": "Dana", "role": "union president", "represents": "Teachers"}
    ev.TeamMemberJoined.upcast_v2_v3(stored)
    assert stored == {
        "member": "Dana",
        "rules_version": 1,
        "title": "union president",
        "role": "teacher",
    }


def test_a_v2_member_without_role_or_represents() -> None:
    stored: dict[str, Any] = {"member": "Dana", "role": None}
    ev.TeamMemberJoined.upcast_v2_v3(stored)
    assert stored == {"member": "Dana", "rules_version": 1, "title": "", "role": "unspecified"}


def test_a_member_already_in_the_current_shape_is_not_upcast_again() -> None:
    stored: dict[str, Any] = {"rules_version": 3, "title": "chair", "role": "board"}
    ev.TeamMemberJoined.upcast_v2_v3(stored)
    assert stored == {"rules_version": 3, "title": "chair", "role": "board"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"role": "chair"}, {"title": "chair"}),
        ({"role": None}, {"title": ""}),
        ({"represents": "Board"}, {"role": "board"}),
        ({"role": "chair", "represents": "Parents"}, {"title": "chair", "role": "parent"}),
        ({"member": "X"}, {"member": "X"}),
    ],
)
def test_a_v2_member_correction_is_brought_to_title_and_role(fields: dict, expected: dict) -> None:
    fields = copy.deepcopy(fields)  # the upcaster works in place: keep the case
    ev.TeamMemberJoined.upcast_corrected_fields(fields)
    assert fields == expected


def test_a_v2_correction_upcasts_the_fields_it_names_for_its_target_class() -> None:
    stored: dict[str, Any] = {
        "corrects_type": "TeamMemberJoined",
        "corrected_fields": {"represents": "Board"},
    }
    ev.EventCorrected.upcast_v2_v3(stored)
    assert stored == {
        "corrects_type": "TeamMemberJoined",
        "corrected_fields": {"role": "board"},
        "rules_version": 1,
    }
    unknown: dict[str, Any] = {"corrects_type": "Nope", "corrected_fields": {"represents": "x"}}
    ev.EventCorrected.upcast_v2_v3(unknown)
    assert unknown["corrected_fields"] == {"represents": "x"}


def test_a_member_with_both_title_and_represents_is_read_as_the_old_shape() -> None:
    # Only "title" without "represents" is the current shape; both at once is an old line.
    stored: dict[str, Any] = {"title": "x", "role": "chair", "represents": "Parents"}
    ev.TeamMemberJoined.upcast_v2_v3(stored)
    assert (stored["title"], stored["role"]) == ("chair", "parent")
    assert "represents" not in stored


def test_a_v2_team_has_no_parent_recorded() -> None:
    stored: dict[str, Any] = {"team_id": "slt-oak", "kind": "slt"}
    ev.TeamFormed.upcast_v2_v3(stored)
    assert stored == {
        "team_id": "slt-oak",
        "kind": "slt",
        "rules_version": 1,
        "parent_team_id": None,
    }
    kept: dict[str, Any] = {"rules_version": 2, "parent_team_id": "dlt"}
    ev.TeamFormed.upcast_v2_v3(kept)
    assert kept == {"rules_version": 2, "parent_team_id": "dlt"}


def test_a_v2_transfer_names_no_service_and_no_preparing_sessions() -> None:
    stored: dict[str, Any] = {"responsibility": "facilitation"}
    ev.ResponsibilityTransferred.upcast_v2_v3(stored)
    assert stored == {
        "responsibility": "facilitation",
        "rules_version": 1,
        "service_id": None,
        "prepared_by": [],
    }
    kept: dict[str, Any] = {"rules_version": 2, "service_id": "ibb-ibps", "prepared_by": [5]}
    ev.ResponsibilityTransferred.upcast_v2_v3(kept)
    assert kept == {"rules_version": 2, "service_id": "ibb-ibps", "prepared_by": [5]}


def test_a_v2_diagnosis_gains_the_full_version_and_the_indicators_not_observed() -> None:
    stored: dict[str, Any] = {
        "ratings": {"1.1": "in_place", "1.2": "not_observed", "2.1": 3, "2.2": "not_observed"}
    }
    ev.NeedsDiagnosed.upcast_v2_v3(stored)
    assert stored == {
        "ratings": stored["ratings"],
        "rules_version": 1,
        "entry_point_id": None,
        "assessment_version": "full",
        "strengths": None,
        "not_observed": ["1.2", "2.2"],
        "recommended_services": None,
    }
    without_ratings: dict[str, Any] = {"ratings": None}
    ev.NeedsDiagnosed.upcast_v2_v3(without_ratings)
    assert without_ratings["not_observed"] == []
    current: dict[str, Any] = {
        "rules_version": 3,
        "entry_point_id": "sa",
        "assessment_version": "short",
        "strengths": ["1.1"],
        "ratings": {"1.2": "not_observed"},
        "not_observed": [],
        "recommended_services": ["ibb-ibps"],
    }
    before = copy.deepcopy(current)
    ev.NeedsDiagnosed.upcast_v2_v3(current)
    assert current == before


def test_a_v2_opening_is_of_rules_epoch_1() -> None:
    stored: dict[str, Any] = {"slug": "oak"}
    ev.EngagementOpened.upcast_v2_v3(stored)
    assert stored == {"slug": "oak", "rules_version": 1}


def test_a_v1_outcome_gets_the_impact_of_its_dimension_and_keeps_a_given_one() -> None:
    stored: dict[str, Any] = {"tier": "short_term", "dimension": "decision_making"}
    ev.OutcomeObserved.upcast_v1_v2(stored)
    assert stored == {
        "tier": "short_term",
        "dimension": "decision_making",
        "impact": "system",
        "rules_version": 1,
    }
    given: dict[str, Any] = {"dimension": "decision_making", "impact": "people"}
    ev.OutcomeObserved.upcast_v1_v2(given)
    assert given["impact"] == "people"
    long_term: dict[str, Any] = {"dimension": "student_achievement"}
    ev.OutcomeObserved.upcast_v1_v2(long_term)
    assert long_term["impact"] is None


def test_a_v3_outcome_is_qualitative_and_linked_to_nothing() -> None:
    stored: dict[str, Any] = {"dimension": "decision_making"}
    ev.OutcomeObserved.upcast_v3_v4(stored)
    assert stored == {
        "dimension": "decision_making",
        "rules_version": 1,
        **dict.fromkeys(("measure", "unit", "baseline", "target", "observed")),
        **{name: [] for name in ("sessions", "teams", "services", "goals", "elements")},
    }


def test_a_v2_plan_change_brings_its_lines_up_to_the_catalogue_shape() -> None:
    stored: dict[str, Any] = {
        "goals": [],
        "services": [{"service_id": "ibb-ibps", "hours": "8", "budget": "2500"}],
    }
    ev.PlanChanged.upcast_v2_v3(stored)
    (line,) = stored["services"]
    assert (line["kind"], line["price_rule"]["kind"]) == ("targeted_support", "block")
    assert (line["price_note"], line["cohorts"]) == (None, None)
