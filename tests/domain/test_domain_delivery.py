"""Sessions under the services plan and the Coaching Delivery Model (rules epoch 3, issue 11):
the core's rules, what the fold keeps, planned versus delivered and Pathway step 5.

The catalogue's own rules (unknown services, series, cohorts, prices) are the services
plugin's: tests/plugins/bundled/test_services_rules.py. Each refusal here leaves the
engagement exactly as it was.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.delivery import planned_vs_delivered
from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import DomainError, NotFound, RuleViolation
from cec_ledger.domain.events import SessionDelivered
from cec_ledger.domain.plan_lines import upcast_plan_lines, upcast_v1_lines
from tests.domain.builders import ACTOR, TODAY, base, fields, record, service, snapshot

DLT = "dlt-slt-plc-integration"
PLAN_ON = date(2025, 10, 1)
STEP1 = {
    "kind": "step1_programme",
    "price_rule": {"kind": "not_published", "amount": None, "block_hours": None, "per": None},
}
PAIR = {
    "kind": "targeted_support",
    "cohorts": 1,
    "price_rule": {
        "kind": "fixed_per_cohort",
        "amount": Decimal("2500"),
        "block_hours": None,
        "per": "the pair",
    },
}


def planned(*lines: dict[str, Any], on: date = PLAN_ON) -> Engagement:
    """``base()`` (a DLT training on 2025-09-20, #5, before any plan) and a plan."""
    engagement = base()
    record(engagement, "DirectionSet", services=list(lines), occurred_on=on)
    return engagement


def session(engagement: Engagement, **changes: Any) -> Any:
    fields = {"occurred_on": date(2025, 10, 7), "service_id": DLT, **changes}
    return record(engagement, "SessionDelivered", **fields)


def refused(engagement: Engagement, error: type[DomainError], message: str, **changes: Any) -> None:
    before = snapshot(engagement)
    with pytest.raises(error) as caught:
        session(engagement, **changes)
    assert str(caught.value) == message
    assert snapshot(engagement) == before


# ------------------------------------------------------------------ coaching follows a session
def test_coaching_follows_a_session_with_its_purpose_and_service() -> None:
    engagement = planned(service(DLT, "16", "5000"))
    training = session(engagement, hours=Decimal("4")).originator_version
    coaching = session(engagement, delivery="coaching", service_id=None, follows=training)
    assert (coaching.service_id, coaching.purpose) == (DLT, "reflection_and_support")
    facilitation = session(engagement, delivery="facilitating", hours=Decimal("2"))
    after = session(
        engagement, delivery="coaching", follows=facilitation.originator_version, hours=Decimal(1)
    )
    assert after.purpose == "direction_and_monitoring"
    rows = {s["version"]: s for s in engagement.state.sessions}
    assert rows[training]["followed_by"] == [coaching.originator_version]
    assert rows[coaching.originator_version]["follows_inferred"] is False


def test_coaching_without_a_followed_session_is_refused() -> None:
    refused(
        planned(service(DLT, "16", "5000")),
        RuleViolation,
        "coaching follows a training, facilitating, networking or mentoring session (Theory of "
        "Action, Capacity-Building Coaching Delivery Model): record it with 'session coach "
        "--follows N'",
        delivery="coaching",
    )


@pytest.mark.parametrize(
    ("follows", "error", "message"),
    [
        (1, RuleViolation, "coaching follows #1 is not a session (it is an EngagementOpened)"),
        (99, NotFound, "coaching follows #99: 'maple-ridge' has no event #99"),
    ],
)
def test_coaching_follows_an_existing_session(follows: int, error: type, message: str) -> None:
    refused(
        planned(service(DLT, "16", "5000")), error, message, delivery="coaching", follows=follows
    )


def test_coaching_does_not_follow_coaching_nor_a_later_session() -> None:
    engagement = planned(service(DLT, "16", "5000"))
    coaching = session(engagement, delivery="coaching", follows=5, hours=Decimal(1))
    refused(
        engagement,
        RuleViolation,
        f"#{coaching.originator_version} is a coaching session; coaching follows the session "
        "it supports, not other coaching",
        delivery="coaching",
        follows=coaching.originator_version,
    )
    later = session(engagement, occurred_on=date(2025, 10, 20), hours=Decimal(2))
    refused(
        engagement,
        RuleViolation,
        f"#{later.originator_version} occurred on 2025-10-20, after this coaching (2025-10-07)",
        delivery="coaching",
        follows=later.originator_version,
    )


def test_coaching_purpose_and_service_are_the_followed_sessions() -> None:
    engagement = planned(service(DLT, "16", "5000"), service("ibb-ibps", "8", "2500"))
    refused(
        engagement,
        RuleViolation,
        'coaching after training (#5): "Following training, coaching provides informed '
        "reflection and support to those leading out new implementations in a district or "
        'school." (Theory of Action, Capacity-Building Coaching Delivery Model); purpose '
        "'mentor_role' belongs after mentoring",
        delivery="coaching",
        follows=5,
        purpose="mentor_role",
    )
    refused(
        engagement,
        RuleViolation,
        "coaching follows #5 (dlt-slt-plc-integration); service ibb-ibps does not match",
        delivery="coaching",
        follows=5,
        service_id="ibb-ibps",
    )
    refused(
        engagement,
        RuleViolation,
        "coaching follows a session of a series; the part is the followed session's (#5): "
        "leave --part out",
        delivery="coaching",
        follows=5,
        part="session_one",
    )


def test_only_coaching_follows_and_has_a_purpose() -> None:
    engagement = planned(service(DLT, "16", "5000"))
    refused(
        engagement,
        RuleViolation,
        "only coaching follows a session (Theory of Action, Capacity-Building Coaching "
        "Delivery Model); a training session does not take --follows",
        follows=5,
    )
    refused(
        engagement,
        RuleViolation,
        "a purpose belongs to coaching (Theory of Action, Capacity-Building Coaching Delivery "
        "Model); a training session does not take one",
        purpose="reflection_and_support",
    )


# ------------------------------------------------------------------ under the plan, or why not
def test_work_outside_the_catalogue_needs_a_reason() -> None:
    engagement = planned(service(DLT, "16", "5000"))
    refused(
        engagement,
        RuleViolation,
        'work outside the CEC services catalogue is outside the plan: give --unplanned "reason"',
        service_id=None,
    )
    outside = session(engagement, service_id=None, unplanned="the board asked for a briefing")
    assert outside.unplanned == "the board asked for a briefing"
    # Its coaching follow-up inherits the reason.
    session(
        engagement,
        delivery="coaching",
        service_id=None,
        follows=outside.originator_version,
        hours=Decimal(1),
    )


def test_a_service_not_in_the_plan_in_force_needs_a_reason() -> None:
    engagement = planned(service(DLT, "16", "5000"))
    refused(
        engagement,
        RuleViolation,
        "ibb-ibps is not in the services plan in force on 2025-10-07 (plan of 2025-10-01): "
        "give --unplanned \"reason\" or add it with 'plan change'",
        service_id="ibb-ibps",
        delivery="facilitating",
    )
    done = session(engagement, service_id="ibb-ibps", unplanned="the MOU deadline")
    coaching = session(
        engagement, delivery="coaching", service_id=None, follows=done.originator_version
    )
    assert coaching.unplanned is None  # inherited, not repeated


def test_before_any_plan_the_core_asks_no_reason() -> None:
    """With no plan in force, only the catalogue knows a Step 1 programme from targeted
    support: the services plugin asks for the reason (the core cannot)."""
    engagement = base()
    assert (
        session(engagement, service_id="ibb-ibps", occurred_on=date(2025, 9, 25)).unplanned is None
    )


def test_unplanned_given_for_a_line_of_the_plan_is_refused() -> None:
    refused(
        planned(service(DLT, "16", "5000")),
        RuleViolation,
        "--unplanned given, but dlt-slt-plc-integration is in the plan on 2025-10-07 (plan of "
        "2025-10-01): leave it out",
        unplanned="habit",
    )


def test_over_a_lines_hours_needs_beyond_plan() -> None:
    engagement = planned(service(DLT, "8", "2500"))
    session(engagement, hours=Decimal("6"))
    refused(
        engagement,
        RuleViolation,
        "this session takes dlt-slt-plc-integration to 9.00 of 8.00 planned hours (plan of "
        '2025-10-01): give --beyond-plan "reason" or change the plan',
        hours=Decimal("3"),
    )
    refused(
        engagement,
        RuleViolation,
        "--beyond-plan given, but dlt-slt-plc-integration stays within its hours (8 of 8 "
        "planned): leave it out",
        hours=Decimal("2"),
        beyond_plan="just in case",
    )
    over = session(engagement, hours=Decimal("3"), beyond_plan="the DLT asked for a third hour")
    assert over.beyond_plan == "the DLT asked for a third hour"
    pvd = planned_vs_delivered(engagement.state)
    (row,) = pvd["lines"]
    assert (row["delivered"]["hours"], row["over"]["hours"]) == (Decimal("9.00"), Decimal("1.00"))
    assert row["flags"] == ["beyond plan: the DLT asked for a third hour"]


def test_beyond_plan_is_for_a_line() -> None:
    refused(
        planned(service(DLT, "8", "2500")),
        RuleViolation,
        "--beyond-plan is for a session over a plan line's hours; this session is not a line "
        "of the plan on 2025-10-07",
        service_id=None,
        unplanned="a board briefing",
        beyond_plan="long",
    )


def test_the_hours_before_a_service_entered_the_plan_do_not_count() -> None:
    """#5 (4 hours before the plan) is not delivered under the line (the ledger's C12)."""
    engagement = planned(service(DLT, "8", "2500"))
    session(engagement, hours=Decimal("8"))  # exactly the line; #5 does not count
    (row,) = planned_vs_delivered(engagement.state)["lines"]
    assert (row["since"], row["delivered"]["hours"]) == (PLAN_ON, Decimal("8.00"))
    (before,) = planned_vs_delivered(engagement.state)["outside"]
    assert (before["reason"], before["hours"]) == ("before_line", Decimal("4.00"))


def test_a_back_dated_session_is_judged_by_the_plan_in_force_on_its_date() -> None:
    engagement = planned(service(DLT, "8", "2500"))
    record(
        engagement,
        "PlanChanged",
        services=[service(DLT, "8", "2500"), service("ibb-ibps", "8", "2500")],
        occurred_on=date(2025, 11, 1),
    )
    refused(
        engagement,
        RuleViolation,
        "ibb-ibps is not in the services plan in force on 2025-10-15 (plan of 2025-10-01): "
        "give --unplanned \"reason\" or add it with 'plan change'",
        service_id="ibb-ibps",
        occurred_on=date(2025, 10, 15),
    )
    session(engagement, service_id="ibb-ibps", occurred_on=date(2025, 11, 2))


# ------------------------------------------------------------------ local trainers
def transfer(engagement: Engagement, **changes: Any) -> Any:
    return record(
        engagement,
        "ResponsibilityTransferred",
        **{"responsibility": "onboard new mentors", "team_id": None, **changes},
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"service_id": DLT},
            "a responsibility to deliver a catalogue service names the sessions that prepared "
            "its holders (the Theory of Action, Capacity-Building Coaching Delivery Model "
            "'trains local trainers'): give --prepared-by N",
        ),
        (
            {"service_id": "ibb-ibps", "prepared_by": [5]},
            "prepared_by #5 is not a training or mentoring session of ibb-ibps (it is training "
            "of dlt-slt-plc-integration)",
        ),
        ({"prepared_by": [5, 5]}, "prepared_by names a session twice"),
        ({"prepared_by": [2]}, "prepared_by #2 is not a session (it is an AnchorCommitted)"),
        ({"prepared_by": [3]}, "prepared_by #3 is not a session (it is a TeamFormed)"),
        (
            {"prepared_by": [5], "occurred_on": date(2025, 9, 15)},
            "prepared_by #5 occurred on 2025-09-20, after this transfer (2025-09-15)",
        ),
    ],
)
def test_training_local_trainers_names_what_prepared_them(
    changes: dict[str, Any], message: str
) -> None:
    engagement = base()
    before = snapshot(engagement)
    with pytest.raises(DomainError) as caught:
        transfer(engagement, **changes)
    assert str(caught.value) == message
    assert snapshot(engagement) == before


def test_a_transfer_to_local_trainers_is_kept() -> None:
    engagement = base()
    transfer(engagement, service_id=DLT, prepared_by=[5], occurred_on=date(2025, 10, 1))
    entry = engagement.state.responsibilities["onboard new mentors"]
    assert (entry["service_id"], entry["prepared_by"]) == (DLT, [5])
    assert entry["history"][-1]["prepared_by"] == [5]


# ------------------------------------------------------------------ history and upcasting
def test_older_coaching_is_linked_by_inference_and_marked() -> None:
    """Coaching recorded under epoch 1 or 2 named no session: the fold links it to the latest
    earlier session of its service, preferring its team (the ledger's own rule, C19)."""
    engagement = base()
    session(engagement, occurred_on=date(2025, 9, 24), team_id=None)
    for epoch, changes in (
        (2, {"team_id": "dlt", "occurred_on": date(2025, 9, 30)}),
        (1, {"service_id": None}),
    ):
        old = fields("SessionDelivered", delivery="coaching", **changes)
        engagement.record(
            "SessionDelivered", {**old, "rules_version": epoch}, recorded_by=ACTOR, today=TODAY
        )
    rows = engagement.state.sessions
    assert (rows[2]["follows"], rows[2]["follows_inferred"], rows[2]["purpose"]) == (
        5,
        True,
        "reflection_and_support",
    )
    assert (rows[3]["follows"], rows[3]["purpose"]) == (None, None)
    assert engagement.state.to_dict()["sessions"]["coaching"] == {
        "follow_ups": 2,
        "inferred": 1,
        "unlinked": 1,
    }


def test_the_two_conflict_resolution_entries_of_2026_11_are_one_service_with_two_parts() -> None:
    one = {"service_id": "conflict-resolution-1", "delivery": "training", "rules_version": 1}
    SessionDelivered.upcast_v2_v3(one)
    assert (one["service_id"], one["part"], one["cohort"]) == (
        "conflict-resolution",
        "session_one",
        None,
    )
    coaching = {"service_id": "conflict-resolution-2", "delivery": "coaching"}
    SessionDelivered.upcast_v2_v3(coaching)
    assert (coaching["service_id"], coaching["part"]) == ("conflict-resolution", None)
    again = dict(one)
    SessionDelivered.upcast_v2_v3(again)
    assert again == one


def test_v1_plan_lines_merge_the_pair_and_get_the_2026_11_price_rules() -> None:
    lines = [
        {"service_id": "conflict-resolution-1", "name": "CR One", "hours": "6", "budget": "2500"},
        {"service_id": "foo-bar", "name": "Foo", "hours": "8", "budget": "100"},
        {"service_id": "conflict-resolution-2", "name": "CR Two", "hours": "6", "budget": "0"},
    ]
    merged, unknown = upcast_v1_lines(lines)
    assert merged == {
        "service_id": "conflict-resolution",
        "name": "CR One + CR Two",
        "hours": "12",
        "budget": "2500",
        "price_note": "v1 lines conflict-resolution-1 (6 h, $2,500) and conflict-resolution-2 "
        "(6 h, $0) merged",
        "cohorts": None,
        "kind": "targeted_support",
        "price_rule": {
            "kind": "fixed_per_cohort",
            "amount": "2500",
            "block_hours": None,
            "per": "the pair",
        },
    }
    assert (unknown["kind"], unknown["price_rule"]["kind"]) == ("unknown", "unknown")
    state = {"services": [merged, unknown]}
    upcast_plan_lines(state, 2)
    assert state["services"] == [merged, unknown]  # already current: unchanged


# ------------------------------------------------------------------ planned versus delivered
def test_money_is_estimated_from_each_lines_price_rule() -> None:
    engagement = planned(
        service(DLT, "24", "7500"),
        service("conflict-resolution", "16", "5000", **{**PAIR, "cohorts": 2}),
        service("shared-leadership", "6", None, **STEP1),
    )
    session(engagement, hours=Decimal("6"))
    session(engagement, hours=Decimal("3"), delivery="facilitating")
    for cohort in ("a", "b"):
        session(
            engagement,
            service_id="conflict-resolution",
            cohort=cohort,
            part="session_one",
            hours=Decimal(4),
        )
    session(engagement, service_id="shared-leadership", hours=Decimal(3))
    rows = {r["service_id"]: r for r in planned_vs_delivered(engagement.state)["lines"]}
    block = rows[DLT]["delivered"]
    assert (block["hours"], block["blocks_started"], block["money"]) == (
        Decimal("9.00"),
        2,
        Decimal("5000.00"),
    )
    pair = rows["conflict-resolution"]["delivered"]
    assert (pair["cohorts_started"], pair["money"]) == (["a", "b"], Decimal("5000.00"))
    assert rows["shared-leadership"]["delivered"]["money"] is None
    assert rows[DLT]["remaining"] == {"hours": Decimal("15.00"), "budget": Decimal("2500.00")}
    totals = planned_vs_delivered(engagement.state)["totals"]
    assert (totals["planned_hours"], totals["money"]) == (Decimal("46.00"), Decimal("10000.00"))


def test_step1_work_and_unplanned_sessions_are_listed_apart() -> None:
    engagement = base()
    session(engagement, service_id="union-leadership-development", occurred_on=date(2025, 9, 25))
    engagement_plan = record(engagement, "DirectionSet", services=[service(DLT, "8", "2500")])
    assert engagement_plan.occurred_on == PLAN_ON
    session(engagement, service_id="ibb-ibps", unplanned="the MOU deadline")
    session(engagement, service_id=None, unplanned="a board briefing")
    outside = {g["reason"]: g for g in planned_vs_delivered(engagement.state)["outside"]}
    assert list(outside) == ["step1_work", "unplanned", "outside_catalogue", "before_line"]
    assert outside["unplanned"]["reasons"] == ["the MOU deadline"]
    assert outside["step1_work"]["services"] == {
        "union-leadership-development": {
            "sessions": 1,
            "followups": 0,
            "hours": Decimal("2.00"),
        }
    }


# ------------------------------------------------------------------ Pathway step 5
def test_step_five_needs_targeted_support_under_the_plan() -> None:
    """#5 was delivered before any plan; a Step 1 programme under the plan is Step 1 work;
    only a targeted-support line delivered makes step 5 hold (the ledger's own C4)."""
    engagement = planned(
        service("shared-leadership", "6", None, **STEP1), service(DLT, "8", "2500")
    )
    session(engagement, service_id="shared-leadership", hours=Decimal(2))
    step5 = engagement.state.pathway()["steps"][4]
    assert (step5["holds"], step5["evidence"]) == (
        False,
        "0 sessions of targeted support under the plan; 2 sessions in all, 6.00 hours delivered",
    )
    session(engagement, hours=Decimal(2), occurred_on=date(2025, 10, 8))
    step5 = engagement.state.pathway()["steps"][4]
    assert step5["holds"] is True
    assert step5["evidence"].startswith("1 session of targeted support under the plan")
