"""The state fold: what each event does to ``EngagementState`` and its ``to_dict``, the five-step
Pathway and ``step_reached``, and the capacity index of domain/capacity.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain import capacity
from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.pathway import describe, dots
from cec_ledger.domain.state import EngagementState
from tests.domain.builders import (
    COMMITTED_ON,
    ENTRY_STEP,
    FORMED_ON,
    OPENED_ON,
    SESSION_ON,
    base,
    build,
    goal,
    opened,
    record,
    service,
)


def test_opened_only() -> None:
    state = opened().state.to_dict()
    assert {k: state[k] for k in ("slug", "name", "level", "entry_point", "status")} == {
        "slug": "maple-ridge",
        "name": "Maple Ridge CUSD 7",
        "level": "district",
        "entry_point": "",
        "status": "open",
    }
    assert state["opened_on"] == state["last_occurred_on"] == OPENED_ON
    assert state["closed_on"] is None
    assert state["version"] == 1
    assert state["consultants"] == ["Ana Reyes"]
    assert state["step_reached"] == 0
    assert [step["holds"] for step in state["pathway"]["steps"]] == [False] * 5
    assert state["we_have_a_we"] is False
    assert state["teams"] == [] and state["plan"] is None and state["corrections"] == []
    assert state["sessions"] == {
        "count": 0,
        "hours": Decimal(0),
        "by_delivery": {},
        "by_service": {},
        "coaching": {"follow_ups": 0, "inferred": 0, "unlinked": 0},
    }
    assert state["id"] == str(opened().id)


def test_no_lead_consultant_means_no_consultant_yet() -> None:
    assert opened(lead_consultant=None).state.to_dict()["consultants"] == []


def test_commitment_and_withdrawal() -> None:
    engagement = base()
    board = engagement.state.to_dict()["anchors"]["board"]
    assert board == {
        "committed": True,
        "signatory": "R. Alvarez",
        "instrument": "compact",
        "since": COMMITTED_ON,
    }
    record(engagement, "CommitmentWithdrawn", anchor="board", occurred_on=date(2025, 11, 1))
    state = engagement.state.to_dict()
    assert state["anchors"]["board"]["committed"] is False
    assert state["anchors"]["board"]["since"] == date(2025, 11, 1)
    assert [(h["anchor"], h["action"], h["on"]) for h in state["commitment_history"]] == [
        ("board", "committed", COMMITTED_ON),
        ("board", "withdrawn", date(2025, 11, 1)),
    ]
    assert state["commitment_history"][1]["reason"] == "new board majority"


def test_we_have_a_we_needs_all_three_anchors() -> None:
    engagement = opened()
    seen = []
    for anchor in ("board", "administration", "teachers_organization"):
        seen.append(engagement.state.we_have_a_we)
        record(engagement, "AnchorCommitted", anchor=anchor)
    assert seen == [False, False, False]
    assert engagement.state.we_have_a_we is True
    record(engagement, "CommitmentWithdrawn", anchor="administration")
    assert engagement.state.we_have_a_we is False


def test_diagnosis() -> None:
    engagement = build([ENTRY_STEP, ("NeedsDiagnosed", {})])
    (diagnosis,) = engagement.state.to_dict()["diagnoses"]
    assert diagnosis["version"] == 7
    assert diagnosis["entry_point_id"] == "sa-2025"
    assert diagnosis["strengths"] == ["collective-inquiry"]
    assert engagement.state.entry_points["sa-2025"]["diagnoses"] == [7]
    assert diagnosis["framework_id"] == "plc"
    assert diagnosis["ratings"] == {"shared-mission": 2, "collective-inquiry": "developing"}
    assert diagnosis["readiness_score"] == Decimal("0.5000")
    assert diagnosis["greatest_areas_of_need"] == ["shared-mission"]


def test_plan_set_and_changed() -> None:
    engagement = build(
        [("DirectionSet", {"services": [service("a", "8", "2500"), service("b", "4.5", "900")]})]
    )
    plan = engagement.state.to_dict()["plan"]
    assert plan["total_hours"] == Decimal("12.5")
    assert plan["total_budget"] == Decimal("3400")
    assert plan["changes"] == 0 and plan["since"] == date(2025, 10, 1)
    record(engagement, "PlanChanged", services=[service("a", "8", "2500")])
    record(
        engagement,
        "PlanChanged",
        services=[service("a", "8", "2500")],
        goals=[goal("data-cycle", "a PLC data cycle for grade 3", "IEP")],
        occurred_on=date(2025, 10, 3),
    )
    state = engagement.state.to_dict()
    assert state["plan"]["changes"] == 2
    assert state["plan"]["total_budget"] == Decimal("2500")
    assert state["plan"]["since"] == date(2025, 10, 3)
    assert [(h["action"], h["reason"]) for h in state["plan_history"]] == [
        ("set", ""),
        ("changed", "board asked for a data cycle"),
        ("changed", "board asked for a data cycle"),
    ]
    history = state["plan_history"]
    assert (history[1]["goals_added"], history[2]["goals_removed"]) == (["data-cycle"], ["trust"])
    assert history[2]["goals_replaced"] == ["data-cycle"]
    goals = engagement.state.goals
    assert goals["trust"]["removed_on"] == date(2025, 10, 3)
    assert goals["trust"]["removal_reason"] == "board asked for a data cycle"
    assert goals["data-cycle"]["replaced"] == [
        {"on": date(2025, 10, 3), "old_text": "a PLC data cycle"}
    ]


def test_team_members_and_stages() -> None:
    engagement = base()
    (team,) = engagement.state.to_dict()["teams"]
    assert team["team_id"] == "dlt" and team["kind"] == "dlt"
    assert team["stage"] == "form" and team["formed_on"] == FORMED_ON and team["active"]
    assert team["members"] == [
        {
            "member": "Dana Whitfield",
            "role": "teachers_organization",
            "title": "union president",
            "since": FORMED_ON,
        }
    ]
    record(engagement, "TeamStageAdvanced", stage="norm")
    record(engagement, "TeamMemberLeft", occurred_on=date(2025, 10, 2))
    (team,) = engagement.state.to_dict()["teams"]
    assert team["stage"] == "norm"
    assert team["members"] == []
    assert team["member_history"] == [
        {
            "member": "Dana Whitfield",
            "role": "teachers_organization",
            "title": "union president",
            "joined_on": FORMED_ON,
            "left_on": date(2025, 10, 2),
        }
    ]
    assert [(h["stage"], h["on"]) for h in team["stage_history"]] == [
        ("form", FORMED_ON),
        ("norm", date(2025, 10, 1)),
    ]


def test_sessions_and_consultants() -> None:
    engagement = base()
    record(engagement, "SessionDelivered", hours=Decimal("1.5"), service_id="ibb-ibps")
    record(
        engagement,
        "SessionDelivered",
        delivery="coaching",
        service_id=None,
        follows=5,
        consultant="Priya Raman",
    )
    sessions = engagement.state.to_dict()["sessions"]
    assert sessions == {
        "count": 3,
        "hours": Decimal("7.5"),
        "by_delivery": {"training": 2, "coaching": 1},
        "by_service": {"dlt-slt-plc-integration": 2, "ibb-ibps": 1},
        "coaching": {"follow_ups": 1, "inferred": 0, "unlinked": 0},
    }
    assert engagement.state.to_dict()["consultants"] == ["Ana Reyes", "Priya Raman"]


def test_handoff_adds_the_new_consultant_once() -> None:
    engagement = base()
    record(engagement, "ConsultantHandoff")
    record(engagement, "SessionDelivered", consultant="Priya Raman")
    state = engagement.state.to_dict()
    assert state["consultants"] == ["Ana Reyes", "Priya Raman"]
    assert state["handoffs"][0]["overlap_until"] == date(2025, 10, 15)


def test_responsibilities_keep_their_history() -> None:
    engagement = build([("ResponsibilityTransferred", {})])
    record(
        engagement,
        "ResponsibilityTransferred",
        release_level="district-independent",
        occurred_on=date(2025, 11, 1),
    )
    (responsibility,) = engagement.state.to_dict()["responsibilities"]
    assert responsibility["release_level"] == "district-independent"
    assert responsibility["since"] == date(2025, 11, 1)
    assert [h["release_level"] for h in responsibility["history"]] == [
        "co-led",
        "district-independent",
    ]


def test_reflections_outcomes_corrections_and_closing() -> None:
    engagement = build(
        [("ReflectionRecorded", {}), ("OutcomeObserved", {}), ("EventCorrected", {})]
    )
    record(engagement, "EngagementClosed", without_reflection=None)
    state = engagement.state.to_dict()
    assert state["reflections"] == 1
    assert state["outcomes"][0]["impact"] == "system"  # derived from policy_changes
    assert state["corrections"][0]["corrects_version"] == 2
    assert state["status"] == "closed" and state["closed_on"] == date(2025, 12, 1)
    assert all(not team["active"] for team in state["teams"])
    assert engagement.state.close_reason == "contract ended"


def test_last_occurred_on_is_the_latest_date_not_the_latest_event() -> None:
    engagement = base()
    record(engagement, "OutcomeObserved", occurred_on=date(2025, 8, 20))
    state = engagement.state
    assert state.version == 6
    assert state.last_occurred_on == SESSION_ON
    assert state.event_types[6] == "OutcomeObserved"


def test_to_dict_is_a_copy() -> None:
    engagement = base()
    copy = engagement.state.to_dict()
    copy["anchors"]["board"]["committed"] = False
    copy["teams"][0]["members"].clear()
    assert engagement.state.to_dict()["anchors"]["board"]["committed"] is True
    assert engagement.state.to_dict()["teams"][0]["members"]


def test_a_fresh_fold_of_the_history_equals_the_aggregate_state() -> None:
    engagement = build(
        [
            ENTRY_STEP,
            ("NeedsDiagnosed", {}),
            ("DirectionSet", {}),
            ("TeamStageAdvanced", {}),
            ("ConsultantHandoff", {}),
            ("ResponsibilityTransferred", {}),
            ("OutcomeObserved", {}),
        ]
    )
    state = EngagementState()
    for event in engagement.history:
        state.apply(event)
    assert state.to_dict() == engagement.state.to_dict()
    assert fold_history(engagement.history).to_dict() == engagement.state.to_dict()


def test_fold_as_of_a_date_keeps_only_what_had_occurred() -> None:
    engagement = base()
    before_team = fold_history(engagement.history, occurred_by=date(2025, 9, 5)).to_dict()
    assert before_team["version"] == 2
    assert before_team["teams"] == [] and before_team["sessions"]["count"] == 0
    assert before_team["anchors"]["board"]["committed"] is True


# ---------------------------------------------------------------- the Pathway
ANCHORS = [
    ("AnchorCommitted", {"anchor": "administration"}),
    ("AnchorCommitted", {"anchor": "teachers_organization"}),
]
DIAGNOSIS = ("NeedsDiagnosed", {})
DIAGNOSED = [ENTRY_STEP, DIAGNOSIS]
PLAN = ("DirectionSet", {})
# Targeted support delivered under the plan (its line ibb-ibps): Pathway step 5 (C4).
SERVED = ("SessionDelivered", {"service_id": "ibb-ibps", "delivery": "facilitating"})
# An aligned district structure (Theory of Action, Step 4): the three anchors seated on the
# DLT (the base has the teachers' organization), an SLT under it.
ALIGNED = [
    ("TeamMemberJoined", {"member": "R. Alvarez", "role": "board"}),
    ("TeamMemberJoined", {"member": "J. Okafor", "role": "administration"}),
    ("TeamFormed", {}),
]
WITHDRAWN = ("CommitmentWithdrawn", {"anchor": "board", "occurred_on": date(2025, 11, 1)})


def pathway_case(case_id: str, steps: list, reached: int, current: int, holds: list[bool]) -> Any:
    return pytest.param(steps, reached, current, holds, id=case_id)


PATHWAY = [
    # base(): board committed, a team, a session before any plan; no diagnosis, no plan.
    # The steps are sequential: step 4 holds, but nothing is reached before step 1; step 5
    # needs targeted support delivered under the plan (base()'s session came before it).
    pathway_case("base", ALIGNED, 0, 0, [False, False, False, True, False]),
    pathway_case("two-anchors", [*ALIGNED, *ANCHORS[:1]], 0, 0, [False, False, False, True, False]),
    pathway_case("three-anchors", [*ALIGNED, *ANCHORS], 1, 1, [True, False, False, True, False]),
    pathway_case(
        "diagnosed", [*ALIGNED, *ANCHORS, *DIAGNOSED], 2, 2, [True, True, False, True, False]
    ),
    pathway_case(
        "planned-not-served",
        [*ALIGNED, *ANCHORS, *DIAGNOSED, PLAN],
        4,
        4,
        [True, True, True, True, False],
    ),
    pathway_case("all-five", [*ALIGNED, *ANCHORS, *DIAGNOSED, PLAN, SERVED], 5, 5, [True] * 5),
    pathway_case(
        "not-aligned", [*ANCHORS, *DIAGNOSED, PLAN, SERVED], 3, 3, [True, True, True, False, True]
    ),
    pathway_case(
        "plan-without-diagnosis",
        [*ALIGNED, *ANCHORS, PLAN, SERVED],
        1,
        1,
        [True, False, True, True, True],
    ),
    pathway_case(
        "no-we-no-progress",
        [*ALIGNED, *DIAGNOSED, PLAN, SERVED],
        0,
        0,
        [False, True, True, True, True],
    ),
    # A withdrawal does not erase history: step 5 stays reached, steps 1-5 are at risk.
    pathway_case(
        "withdrawn-keeps-reached",
        [*ALIGNED, *ANCHORS, *DIAGNOSED, PLAN, SERVED, WITHDRAWN],
        5,
        0,
        [False, True, True, True, True],
    ),
    pathway_case(
        "recommitted-restores",
        [
            *ALIGNED,
            *ANCHORS,
            *DIAGNOSED,
            PLAN,
            SERVED,
            WITHDRAWN,
            ("AnchorCommitted", {"anchor": "board", "occurred_on": date(2025, 11, 2)}),
        ],
        5,
        5,
        [True] * 5,
    ),
]


@pytest.mark.parametrize(("steps", "reached", "current", "holds"), PATHWAY)
def test_pathway_reached_current_and_at_risk(
    steps: list, reached: int, current: int, holds: list[bool]
) -> None:
    state = build(steps).state
    pathway = state.pathway()
    assert (pathway["reached"], pathway["current"]) == (reached, current)
    assert state.step_reached() == reached
    assert [step["holds"] for step in pathway["steps"]] == holds
    assert [step["step"] for step in pathway["steps"]] == [1, 2, 3, 4, 5]
    assert pathway["at_risk"] == list(range(current + 1, reached + 1))
    assert state.to_dict()["step_reached"] == reached
    assert sorted(pathway["reached_on"]) == [str(k) for k in range(1, reached + 1)]


def test_a_withdrawal_says_since_when_and_by_whom_the_we_is_broken() -> None:
    pathway = build([*ALIGNED, *ANCHORS, *DIAGNOSED, PLAN, SERVED, WITHDRAWN]).state.pathway()
    assert pathway["reached_on"] == {str(k): date(2025, 10, 1) for k in range(1, 6)}
    assert pathway["we_broken"] == {
        "since": date(2025, 11, 1),
        "by": [{"anchor": "board", "signatory": "R. Alvarez", "on": date(2025, 11, 1)}],
    }
    assert describe(pathway) == (
        "step 5 of 5 reached (2025-10-01) · We broken since 2025-11-01 by the Board of "
        "education (R. Alvarez) · at risk: steps 1–5"
    )
    assert dots(pathway) == "●●●●● 5/5 ⚠"


def test_steps_are_reached_in_sequence_on_their_dates() -> None:
    """The plan came before the diagnosis: step 3 is reached on the diagnosis's date."""
    steps = [*ALIGNED, *ANCHORS, ENTRY_STEP, (PLAN[0], {"occurred_on": date(2025, 10, 5)})]
    steps.append((SERVED[0], {**SERVED[1], "occurred_on": date(2025, 10, 5)}))
    steps.append((DIAGNOSIS[0], {"occurred_on": date(2025, 10, 20)}))
    pathway = build(steps).state.pathway()
    assert pathway["reached_on"] == {
        "1": date(2025, 10, 1),
        "2": date(2025, 10, 20),
        "3": date(2025, 10, 20),
        "4": date(2025, 10, 20),
        "5": date(2025, 10, 20),
    }


def test_step_four_and_five_need_a_team_and_a_session() -> None:
    engagement = opened()
    for event_type, changes in [
        *ANCHORS,
        ("AnchorCommitted", {"anchor": "board"}),
        *DIAGNOSED,
        PLAN,
    ]:
        record(engagement, event_type, **changes)
    assert engagement.state.step_reached() == 3
    record(engagement, "TeamFormed", team_id="dlt", kind="dlt", school=None, parent_team_id=None)
    for member, role in [("A", "board"), ("B", "administration"), ("C", "teachers_organization")]:
        record(engagement, "TeamMemberJoined", member=member, role=role)
    assert engagement.state.step_reached() == 3  # a DLT with the anchors, but no SLT under it
    record(engagement, "TeamFormed")
    assert engagement.state.step_reached() == 4
    record(engagement, SERVED[0], **SERVED[1])
    assert engagement.state.step_reached() == 5


def test_pathway_evidence_reads_as_the_seeds_say() -> None:
    pathway = build(ANCHORS[:1]).state.pathway()["steps"]
    assert [step["name"] for step in pathway] == [
        "Establish collaborative commitments",
        "Diagnose needs",
        "Set direction",
        "Collaborative structures and processes",
        "Target support",
    ]
    assert [step["evidence"] for step in pathway] == [
        "2 of 3 anchors committed (Board of education, Superintendent and administration)",
        "no diagnosis yet",
        "no services plan yet",
        "DLT 'dlt': missing board, administration; 0 SLTs under it",
        "0 sessions of targeted support under the plan; 1 session in all, 4.00 hours delivered",
    ]
    pathway = build([*DIAGNOSED, PLAN]).state.pathway()["steps"]
    assert pathway[1]["evidence"] == "1 diagnosis; latest plc on 2025-10-01"
    assert pathway[2]["evidence"] == "support plan, achievement emphasis, 1 service"
    aligned = build(ALIGNED).state.pathway()["steps"][3]
    assert aligned == {
        "step": 4,
        "name": "Collaborative structures and processes",
        "holds": True,
        "evidence": "DLT 'dlt': anchors seated; 1 SLT under it",
    }


# ---------------------------------------------------------------- capacity
@pytest.mark.parametrize(
    ("levels", "index", "share"),
    [
        ([], "0", "0"),
        (["consultant-led"], "0", "0"),
        (["co-led"], "0.3333", "0"),
        (["district-led-with-coaching"], "0.6667", "1"),
        (["district-independent"], "1", "1"),
        (["consultant-led", "district-independent"], "0.5", "0.5"),
        (["co-led", "co-led", "district-led-with-coaching"], "0.4444", "0.3333"),
        (
            ["consultant-led", "co-led", "district-led-with-coaching", "district-independent"],
            "0.5",
            "0.5",
        ),
    ],
)
def test_capacity_index_and_district_led_share(levels: list[str], index: str, share: str) -> None:
    assert capacity.index_of(levels) == Decimal(index)
    assert capacity.district_led_share(levels) == Decimal(share)


def test_release_weights_are_equal_steps() -> None:
    weights = {level: w.quantize(Decimal("0.0001")) for level, w in capacity.RELEASE_WEIGHT.items()}
    assert weights == {
        "consultant-led": Decimal(0),
        "co-led": Decimal("0.3333"),
        "district-led-with-coaching": Decimal("0.6667"),
        "district-independent": Decimal(1),
    }


def test_capacity_curve_from_the_folded_state() -> None:
    engagement = build(
        [
            ("ResponsibilityTransferred", {"release_level": "co-led"}),
            (
                "ResponsibilityTransferred",
                {
                    "responsibility": "run the data cycle",
                    "team_id": None,
                    "release_level": "consultant-led",
                    "occurred_on": date(2025, 10, 1),
                },
            ),
            (
                "ResponsibilityTransferred",
                {"release_level": "district-independent", "occurred_on": date(2025, 11, 1)},
            ),
        ]
    )
    history = capacity.capacity_history(engagement.state.to_dict()["responsibilities"])
    # Two changes on 2025-10-01 make one point; the index is the mean of the current levels.
    assert [(p["on"], p["index"], p["responsibilities"]) for p in history["curve"]] == [
        (date(2025, 10, 1), Decimal("0.1667"), 2),
        (date(2025, 11, 1), Decimal("0.5"), 2),
    ]
    assert history["index"] == Decimal("0.5")
    assert history["district_led_share"] == Decimal("0.5")
    assert sorted(history["teams"]) == ["(engagement-wide)", "dlt"]
    assert history["teams"]["dlt"][-1]["index"] == Decimal(1)
    as_of = capacity.capacity_history(
        engagement.state.to_dict()["responsibilities"], as_of=date(2025, 10, 15)
    )
    assert as_of["index"] == Decimal("0.1667")
    assert [r["release_level"] for r in as_of["responsibilities"]] == ["co-led", "consultant-led"]


def test_capacity_of_an_engagement_without_responsibilities() -> None:
    history = capacity.capacity_history(base().state.to_dict()["responsibilities"])
    assert history["index"] == Decimal(0) and history["curve"] == [] and history["teams"] == {}


def test_a_copied_state_shares_nothing_with_the_original() -> None:
    state = base().state
    copied = state.copy()
    assert copied.to_dict() == state.to_dict()
    copied.sessions[0]["hours"] = Decimal(99)
    copied.anchors["board"]["signatory"] = "someone else"
    assert state.sessions[0]["hours"] == Decimal(4)
    assert state.anchors["board"]["signatory"] == "R. Alvarez"
