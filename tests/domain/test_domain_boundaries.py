"""Each rule accepted exactly at its boundary: the day the engagement opened, the day a team
was formed, exactly today, a stage step (not a skip), a move back with a reason, zero-priced
services, a one-person session, the shortest slug and the longest... Each case records one
event on the bare aggregate and checks that it was recorded (version + 1) as given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from tests.domain.builders import (
    ACTOR,
    ENTRY_STEP,
    FORMED_ON,
    OPENED_ON,
    TODAY,
    build,
    fields,
    goal,
    service,
)

NORM = ("TeamStageAdvanced", {"stage": "norm", "occurred_on": date(2025, 10, 1)})
PERFORM = ("TeamStageAdvanced", {"stage": "perform", "occurred_on": date(2025, 10, 2)})
SUSTAIN = ("TeamStageAdvanced", {"stage": "sustain", "occurred_on": date(2025, 10, 3)})
PLAN = ("DirectionSet", {})
DIAGNOSIS = ("NeedsDiagnosed", {})
DIAGNOSED = (ENTRY_STEP, DIAGNOSIS)
TRANSFERRED = ("ResponsibilityTransferred", {})
ALL_ANCHORS = (
    ("AnchorCommitted", {"anchor": "administration"}),
    ("AnchorCommitted", {"anchor": "teachers_organization"}),
)


def case(case_id: str, event_type: str, changes: dict[str, Any], setup=(), expect=None) -> Any:
    """``expect``: field -> value on the recorded event (defaults to what ``changes`` gave)."""
    return pytest.param(setup, event_type, changes, expect, id=case_id)


CASES = [
    # ---------------------------------------------------------------- dates
    case("on-the-day-it-opened", "AnchorCommitted", {"occurred_on": OPENED_ON}),
    case("exactly-today", "SessionDelivered", {"occurred_on": TODAY}),
    case("closed-exactly-today", "EngagementClosed", {"occurred_on": TODAY}),
    case("closed-the-day-it-opened", "EngagementClosed", {"occurred_on": OPENED_ON}),
    case(
        "back-dated-before-earlier-events",
        "OutcomeObserved",
        {"occurred_on": date(2025, 8, 20)},
    ),
    # ---------------------------------------------------------------- step 1
    case(
        "recommit-after-withdrawal",
        "AnchorCommitted",
        {"anchor": "board", "signatory": "New Chair", "occurred_on": date(2025, 10, 2)},
        setup=(("CommitmentWithdrawn", {"anchor": "board"}),),
    ),
    case(
        "withdraw-a-commitment",
        "CommitmentWithdrawn",
        {"anchor": "Board of Education"},
        expect={"anchor": "board"},
    ),
    case(
        "third-anchor-makes-the-we",
        "AnchorCommitted",
        {"anchor": "Teachers' organization"},
        setup=(("AnchorCommitted", {"anchor": "administration"}),),
        expect={"anchor": "teachers_organization"},
    ),
    case(
        "commit-with-an-mou", "AnchorCommitted", {"instrument": "MOU"}, expect={"instrument": "mou"}
    ),
    case("commit-without-a-note", "AnchorCommitted", {"note": ""}),
    # ---------------------------------------------------------------- step 2
    case(
        "one-rating-one-assessor",
        "NeedsDiagnosed",
        {"ratings": {"a": 1}, "assessors": ["x"], "strengths": []},
        setup=(ENTRY_STEP,),
    ),
    case(
        "diagnosis-without-baseline",
        "NeedsDiagnosed",
        {"readiness_score": None, "readiness_label": None, "greatest_areas_of_need": []},
        setup=(ENTRY_STEP,),
    ),
    case("a-second-diagnosis", "NeedsDiagnosed", {"evidence": {}}, setup=DIAGNOSED),
    case(
        "short-version-through-a-short-system-assessment",
        "NeedsDiagnosed",
        {"entry_point_id": "sa-short", "assessment_version": "short"},
        setup=(
            (
                "EntryPointAdded",
                {"entry_point_id": "sa-short", "assessment_version": "short"},
            ),
        ),
    ),
    case(
        "some-indicators-not-observed",
        "NeedsDiagnosed",
        {
            "ratings": {"shared-mission": 2, "collective-inquiry": "not_observed"},
            "not_observed": ["collective-inquiry"],
            "strengths": [],
        },
        setup=(ENTRY_STEP,),
    ),
    case(
        "any-framework-through-a-district-request",
        "NeedsDiagnosed",
        {"entry_point_id": "ask", "framework_id": "baldrige"},
        setup=(
            (
                "EntryPointAdded",
                {
                    "entry_point_id": "ask",
                    "kind": "individual_district_request",
                    "framework_id": None,
                    "assessment_version": None,
                    "request": "Conflict resolution training for the whole staff",
                },
            ),
        ),
    ),
    # ---------------------------------------------------------------- step 3
    case("plan-with-no-services", "DirectionSet", {"services": [], "goals": []}),
    case(
        "services-at-the-least-hours-and-zero-budget",
        "DirectionSet",
        {"services": [service(hours="0.01", budget="0")]},
    ),
    case(
        "two-different-services",
        "DirectionSet",
        {"services": [service("a"), service("b")]},
    ),
    case(
        "gan-that-was-rated",
        "DirectionSet",
        {"gans_addressed": ["collective-inquiry"]},
        setup=DIAGNOSED,
    ),
    case(
        "plan-change-of-goals-only",
        "PlanChanged",
        {"goals": [goal("trust", "trust among anchors"), goal("language", "common language")]},
        setup=(PLAN,),
    ),
    case(
        "plan-change-replaces-a-goal-keeping-its-id",
        "PlanChanged",
        {"goals": [goal("trust", "trust among the three anchors")]},
        setup=(PLAN,),
    ),
    case(
        "plan-change-removes-every-goal",
        "PlanChanged",
        {"goals": []},
        setup=(PLAN,),
    ),
    case(
        "plan-change-of-hours-only",
        "PlanChanged",
        {"goals": [goal("trust", "trust among anchors")], "services": [service(hours="12")]},
        setup=(PLAN,),
    ),
    case(
        "plan-change-of-gans-only",
        "PlanChanged",
        {"goals": [goal("trust", "trust among anchors")], "gans_addressed": ["shared-mission"]},
        setup=(*DIAGNOSED, PLAN),
    ),
    case(
        "goal-answering-a-diagnosed-gan",
        "DirectionSet",
        {"goals": [goal("mission", "a shared mission", "ESTL", gans=("shared-mission",))]},
        setup=DIAGNOSED,
    ),
    case(
        "plan-started-from-its-diagnosis",
        "DirectionSet",
        {"from_diagnosis": 7},
        setup=DIAGNOSED,
    ),
    case(
        "culture-emphasis-transformation-with-the-we",
        "DirectionSet",
        {
            "emphasis": "culture",
            "kind": "transformation",
            "horizon": {"first": "2025-26", "last": "2026-27"},
        },
        setup=ALL_ANCHORS,
    ),
    case(
        "transformation-kept-while-the-we-is-broken",
        "PlanChanged",
        {
            "kind": "transformation",
            "horizon": {"first": "2025-26", "last": "2026-27"},
            "occurred_on": date(2025, 10, 3),
        },
        setup=(
            *ALL_ANCHORS,
            (
                "DirectionSet",
                {"kind": "transformation", "horizon": {"first": "2025-26", "last": "2026-27"}},
            ),
            ("CommitmentWithdrawn", {"anchor": "board", "occurred_on": date(2025, 10, 2)}),
        ),
    ),
    case(
        "plan-change-the-same-day-as-the-plan",
        "PlanChanged",
        {"occurred_on": date(2025, 10, 1)},
        setup=(PLAN,),
    ),
    case(
        "lesson-cited-by-a-later-change",
        "PlanChanged",
        {"cites": ["r6.1"], "occurred_on": date(2025, 10, 2)},
        setup=(("ReflectionRecorded", {"lessons_learned": ["start on time"]}), PLAN),
    ),
    # ---------------------------------------------------------------- step 4
    case(
        "team-formed-the-day-it-opened",
        "TeamFormed",
        {
            "kind": "mentoring-pair",
            "school": None,
            "parent_team_id": None,
            "occurred_on": OPENED_ON,
        },
    ),
    case(
        "team-without-a-school",
        "TeamFormed",
        {"kind": "cross-role-problem-solving", "school": None, "parent_team_id": None},
    ),
    case(
        "slt-the-day-its-dlt-formed",
        "TeamFormed",
        {"occurred_on": FORMED_ON},
    ),
    case(
        "plc-under-its-schools-slt",
        "TeamFormed",
        {"team_id": "plc-oak-g3", "kind": "ilt-plc", "parent_team_id": "slt-oak"},
        setup=(("TeamFormed", {}),),
    ),
    case("join-the-day-the-team-formed", "TeamMemberJoined", {"occurred_on": FORMED_ON}),
    case("join-without-a-title", "TeamMemberJoined", {"title": ""}),
    case(
        "join-as-other-with-a-title",
        "TeamMemberJoined",
        {"role": "other", "title": "district data coach"},
    ),
    case(
        "join-with-a-role-label",
        "TeamMemberJoined",
        {"role": "Support staff"},
        expect={"role": "support_staff"},
    ),
    case(
        "rejoin-after-leaving",
        "TeamMemberJoined",
        {"member": "Dana Whitfield", "occurred_on": date(2025, 10, 2)},
        setup=(("TeamMemberLeft", {}),),
    ),
    case(
        "same-person-on-two-teams",
        "TeamMemberJoined",
        {"team_id": "slt-oak", "member": "Dana Whitfield"},
        setup=(("TeamFormed", {}),),
    ),
    case("leave-without-a-reason", "TeamMemberLeft", {"reason": ""}),
    case("step-form-to-norm", "TeamStageAdvanced", {"stage": "norm"}),
    case(
        "step-norm-to-perform",
        "TeamStageAdvanced",
        {"stage": "perform", "occurred_on": date(2025, 10, 2)},
        setup=(NORM,),
    ),
    case(
        "step-perform-to-sustain",
        "TeamStageAdvanced",
        {"stage": "sustain", "occurred_on": date(2025, 10, 3)},
        setup=(NORM, PERFORM),
    ),
    case(
        "step-the-day-the-team-formed",
        "TeamStageAdvanced",
        {"stage": "norm", "occurred_on": FORMED_ON},
    ),
    case(
        "step-the-same-day-as-the-last-stage",
        "TeamStageAdvanced",
        {"stage": "perform", "occurred_on": date(2025, 10, 1)},
        setup=(NORM,),
    ),
    case(
        "back-one-stage-with-a-reason",
        "TeamStageAdvanced",
        {"stage": "perform", "reason": "new members", "occurred_on": date(2025, 10, 4)},
        setup=(NORM, PERFORM, SUSTAIN),
    ),
    case(
        "back-several-stages-with-a-reason",
        "TeamStageAdvanced",
        {"stage": "form", "reason": "half the team left", "occurred_on": date(2025, 10, 4)},
        setup=(NORM, PERFORM, SUSTAIN),
    ),
    case(
        "forward-with-a-reason-too",
        "TeamStageAdvanced",
        {"stage": "norm", "reason": "norms adopted"},
    ),
    # ---------------------------------------------------------------- step 5
    case("one-participant", "SessionDelivered", {"participants": 1}),
    case("a-quarter-hour", "SessionDelivered", {"hours": Decimal("0.25")}),
    case("session-for-a-team", "SessionDelivered", {"team_id": "dlt"}),
    case(
        "session-for-a-planned-service",
        "SessionDelivered",
        {"service_id": "ibb-ibps"},
        setup=(PLAN,),
    ),
    case("session-by-a-new-consultant", "SessionDelivered", {"consultant": "Priya Raman"}),
    # ---------------------------------------------------------------- handoffs, transfers
    case(
        "overlap-until-the-handoff-day", "ConsultantHandoff", {"overlap_until": date(2025, 10, 1)}
    ),
    case("handoff-without-overlap", "ConsultantHandoff", {"overlap_until": None}),
    case("first-transfer", "ResponsibilityTransferred", {}),
    case("transfer-engagement-wide", "ResponsibilityTransferred", {"team_id": None}),
    case(
        "next-release-level",
        "ResponsibilityTransferred",
        {"release_level": "district-led-with-coaching", "occurred_on": date(2025, 10, 2)},
        setup=(TRANSFERRED,),
    ),
    case(
        "same-level-new-holder",
        "ResponsibilityTransferred",
        {"holder": "Lee Park", "occurred_on": date(2025, 10, 2)},
        setup=(TRANSFERRED,),
    ),
    case(
        "back-to-consultant-led",
        "ResponsibilityTransferred",
        {
            "release_level": "consultant-led",
            "holder": "Ana Reyes",
            "occurred_on": date(2025, 10, 2),
        },
        setup=(TRANSFERRED,),
    ),
    # ---------------------------------------------------------------- reflection, outcomes
    case(
        "reflection-with-one-lesson-only",
        "ReflectionRecorded",
        {"process_outcomes": "", "lessons_learned": ["start on time"]},
    ),
    case(
        "reflection-with-psychological-safety-only",
        "ReflectionRecorded",
        {"process_outcomes": "", "psychological_safety": "people disagree openly"},
    ),
    case("reflection-of-a-team", "ReflectionRecorded", {"team_id": "dlt"}),
    case("outcome-with-its-impact", "OutcomeObserved", {"impact": "system"}),
    case(
        "long-term-outcome",
        "OutcomeObserved",
        {"tier": "long_term", "dimension": "increased_system_capacity"},
        expect={"impact": None},
    ),
    # ---------------------------------------------------------------- corrections, closing
    case(
        "correct-the-opening",
        "EventCorrected",
        {
            "corrects_version": 1,
            "corrects_type": "EngagementOpened",
            "corrected_fields": {"name": "Maple Ridge CUSD #7"},
        },
    ),
    case(
        "correct-occurred-on-to-the-opening-day",
        "EventCorrected",
        {
            "corrects_version": 5,
            "corrects_type": "SessionDelivered",
            "corrected_fields": {"occurred_on": "2025-09-10"},
        },
    ),
    case(
        "correct-to-exactly-today",
        "EventCorrected",
        {
            "corrects_version": 5,
            "corrects_type": "SessionDelivered",
            "corrected_fields": {"occurred_on": TODAY.isoformat()},
        },
    ),
    case("close-with-all-anchors", "EngagementClosed", {}, setup=ALL_ANCHORS),
    case(
        "close-after-a-reflection",
        "EngagementClosed",
        {"without_reflection": None},
        setup=(("ReflectionRecorded", {}),),
    ),
]


@pytest.mark.parametrize(("setup", "event_type", "changes", "expect"), CASES)
def test_accepted_at_the_boundary(
    setup: tuple, event_type: str, changes: dict[str, Any], expect: dict[str, Any] | None
) -> None:
    engagement = build(setup)
    version = engagement.version
    event = engagement.record(
        event_type, fields(event_type, **changes), recorded_by=ACTOR, today=TODAY
    )
    assert type(event).__name__ == event_type
    assert engagement.version == event.originator_version == version + 1
    assert engagement.state.version == version + 1
    assert event.recorded_by == ACTOR
    for name, value in (changes if expect is None else expect).items():
        if name != "corrected_fields":
            assert getattr(event, name) == value, name


@pytest.mark.parametrize("slug", ["a", "7", "a" * 60, "maple-ridge-cusd-7", "2025-pilot", "a--b"])
def test_slugs_accepted(slug: str) -> None:
    engagement = Engagement.open(
        fields("EngagementOpened", slug=slug), recorded_by=ACTOR, today=TODAY
    )
    assert engagement.state.slug == slug


@pytest.mark.parametrize(
    "changes",
    [
        {"occurred_on": TODAY},
        {"occurred_on": date(1999, 9, 1)},
        {"lead_consultant": None},
        {"level": "School"},
        {"level": "Labor-management group"},
        {"name": "  Maple Ridge  ", "organisation": " District 7 "},
    ],
    ids=["today", "long-ago", "no-lead", "labels", "labor-management-group", "padded-text"],
)
def test_opening_accepted(changes: dict[str, Any]) -> None:
    engagement = Engagement.open(
        fields("EngagementOpened", **changes), recorded_by=ACTOR, today=TODAY
    )
    assert engagement.version == 1
    state = engagement.state.to_dict()
    assert state["opened_on"] == changes.get("occurred_on", OPENED_ON)
    assert state["name"] == state["name"].strip() and state["name"]
    assert state["level"] in ("district", "school", "labor_management_group")


def test_recorded_by_is_the_argument_not_a_field() -> None:
    """Whoever is named in ``recorded_by=`` is recorded; a field of that name is overridden."""
    engagement = build()
    event = engagement.record(
        "EngagementClosed",
        {**fields("EngagementClosed"), "recorded_by": "mallory"},
        recorded_by="auditor",
        today=TODAY,
    )
    assert event.recorded_by == "auditor"


def test_text_is_stripped_before_it_is_stored() -> None:
    engagement = build()
    event = engagement.record(
        "TeamMemberJoined",
        fields("TeamMemberJoined", member="  Lee Park ", role=" principal\n"),
        recorded_by=ACTOR,
        today=TODAY,
    )
    assert (event.member, event.role) == ("Lee Park", "principal")
    assert "Lee Park" in engagement.state.teams["dlt"]["members"]
