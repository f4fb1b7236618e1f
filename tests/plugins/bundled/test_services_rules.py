"""The catalogue's own rules (the bundled services plugin), judged on plain values as the core
hands them over: sessions of the two series, cohorts and Session Two, lengths and limits,
targeted support before any plan, and the price rules of plan lines. Only events of rules
epoch 3 or later are judged. The same rules through the CLI, on both backends:
tests/test_cli_services.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.bundled import services as services_plugin
from cec_ledger.plugins import RuleViolation, validate_event

pytest_plugins = ["cec_ledger.plugins.testing"]


@pytest.fixture
def cec_ledger_plugins() -> list[object]:
    return [services_plugin]


def session(**changes: Any) -> dict[str, Any]:
    return {
        "delivery": "training",
        "topic": "t",
        "hours": Decimal("4"),
        "participants": 20,
        "consultant": "c",
        "service_id": "conflict-resolution",
        "team_id": None,
        "cohort": "mrms-2025",
        "part": "session_one",
        "follows": None,
        "purpose": None,
        "unplanned": "the district's request",
        "beyond_plan": None,
        "occurred_on": "2025-10-16",
        "rules_version": 3,
        **changes,
    }


def earlier(part: str, on: str, participants: int = 29, **changes: Any) -> dict[str, Any]:
    return {
        "version": 10,
        "service_id": "conflict-resolution",
        "occurred_on": on,
        "participants": participants,
        "hours": Decimal(4),
        "delivery": "training",
        "team_id": None,
        "cohort": "mrms-2025",
        "part": part,
        "follows": None,
        "unplanned": None,
        **changes,
    }


def view(*sessions: dict[str, Any], plans: tuple[str, ...] = (), lines: tuple = ()) -> dict:
    return {
        "slug": "maple-ridge",
        "sessions": list(sessions),
        "plans": [{"on": on, "services": []} for on in plans],
        "plan_lines": list(lines),
    }


def refusal(event_type: str, fields: dict[str, Any], engagement: dict[str, Any]) -> str:
    with pytest.raises(RuleViolation) as caught:
        validate_event(event_type, fields, engagement)
    return str(caught.value)


ONE = earlier("session_one", "2025-10-16")

SESSION_REFUSALS = [
    (
        "unknown-service",
        {"service_id": "conflict-resolutoin"},
        view(),
        "'conflict-resolutoin' is not in the CEC services catalogue; closest: "
        "conflict-resolution; for work outside the catalogue use --service none",
    ),
    (
        "no-part",
        {"part": None},
        view(),
        "Conflict Resolution/Working Relationships sessions name their part: session_one or "
        "session_two (the CEC services catalogue: 'a pair of training sessions')",
    ),
    (
        "part-of-another-series",
        {"part": "full_day"},
        view(),
        "Conflict Resolution/Working Relationships sessions name their part: session_one or "
        "session_two (the CEC services catalogue: 'a pair of training sessions'); full_day is "
        "not one of them",
    ),
    (
        "part-outside-a-series",
        {"service_id": "ibb-ibps", "part": "session_one", "delivery": "facilitating"},
        view(),
        "part applies only to conflict-resolution and labor-management-series",
    ),
    (
        "no-cohort",
        {"cohort": None},
        view(),
        "name the cohort (--cohort) for Conflict Resolution/Working Relationships: Session Two "
        "'is only available to those who complete Session One' (the CEC services catalogue)",
    ),
    (
        "no-cohort-series",
        {"service_id": "labor-management-series", "part": "full_day", "cohort": None},
        view(),
        "name the cohort (--cohort) for the Listen to Learn to Lead series: a cohort takes "
        "'3 full days or 6 half day sessions' (the CEC services catalogue)",
    ),
    (
        "four-hours",
        {"hours": Decimal("5")},
        view(),
        "Conflict Resolution/Working Relationships sessions are four hours (the CEC services "
        "catalogue: 'two, four-hour sessions'); got 5",
    ),
    (
        "half-day",
        {
            "service_id": "labor-management-series",
            "part": "half_day",
            "cohort": "leaders-2025",
            "hours": Decimal("6"),
        },
        view(),
        "a half-day session of the Listen to Learn to Lead series is at most 4 hours; got 6",
    ),
    (
        "participant-limit",
        {"participants": 60},
        view(),
        "Conflict Resolution/Working Relationships sessions accommodate up to 50 participants "
        "(the CEC services catalogue); got 60",
    ),
    (
        "a-training",
        {"delivery": "facilitating"},
        view(),
        "Conflict Resolution/Working Relationships is a training (the CEC services catalogue: "
        "'a pair of training sessions'): record it as training",
    ),
    (
        "session-two-without-one",
        {"part": "session_two", "occurred_on": "2025-11-13"},
        view(earlier("session_one", "2025-10-16", cohort="district-2024")),
        "cohort 'mrms-2025' has no Session One on or before 2025-11-13: Session Two 'is only "
        "available to those who complete Session One' (the CEC services catalogue)",
    ),
    (
        "session-one-after-two",
        {"part": "session_two", "occurred_on": "2025-11-13"},
        view(earlier("session_one", "2025-11-20")),
        "cohort 'mrms-2025' has no Session One on or before 2025-11-13: Session Two 'is only "
        "available to those who complete Session One' (the CEC services catalogue)",
    ),
    (
        "session-two-larger",
        {"part": "session_two", "occurred_on": "2025-11-13", "participants": 31},
        view(ONE),
        "cohort 'mrms-2025' had 29 participants in Session One (2025-10-16); Session Two is "
        "only for those who completed it: got 31",
    ),
    (
        "part-twice",
        {"occurred_on": "2025-11-13"},
        view(ONE),
        "cohort 'mrms-2025' already had Session One on 2025-10-16; a new group is a new cohort",
    ),
    (
        "mixed-formats",
        {
            "service_id": "labor-management-series",
            "part": "half_day",
            "cohort": "leaders-2025",
            "occurred_on": "2025-02-06",
        },
        view(
            earlier(
                "full_day",
                "2025-01-16",
                service_id="labor-management-series",
                cohort="leaders-2025",
            )
        ),
        "cohort 'leaders-2025' takes the series in full days (first session 2025-01-16); the "
        "CEC services catalogue offers '3 full days or 6 half day sessions', not a mix",
    ),
    (
        "three-full-days",
        {
            "service_id": "labor-management-series",
            "part": "full_day",
            "cohort": "leaders-2025",
            "occurred_on": "2025-03-06",
        },
        view(
            *(
                earlier(
                    "full_day",
                    on,
                    service_id="labor-management-series",
                    cohort="leaders-2025",
                )
                for on in ("2025-01-16", "2025-02-06", "2025-02-27")
            )
        ),
        "cohort 'leaders-2025' has had its 3 full days",
    ),
    (
        "targeted-support-before-any-plan",
        {"unplanned": None},
        view(),
        "conflict-resolution is targeted support (the CEC services catalogue) and no services "
        "plan is in force on 2025-10-16 (Theory of Action, Step 3 sets the plan Step 5 "
        'delivers): give --unplanned "reason"',
    ),
]


@pytest.mark.parametrize(
    ("changes", "engagement", "message"),
    [case[1:] for case in SESSION_REFUSALS],
    ids=[case[0] for case in SESSION_REFUSALS],
)
def test_session_refusals(
    plugin_manager: Any, changes: dict[str, Any], engagement: dict, message: str
) -> None:
    assert refusal("SessionDelivered", session(**changes), engagement) == message


def test_what_the_catalogue_allows(plugin_manager: Any) -> None:
    # Same-day Session Two (morning and afternoon), fewer participants, shorter than 4 hours.
    validate_event(
        "SessionDelivered",
        session(part="session_two", hours=Decimal("3.5"), participants=29),
        view(ONE),
    )
    # Step 1 work before any plan needs no reason; targeted support under a plan is the core's.
    validate_event(
        "SessionDelivered",
        session(service_id="union-leadership-development", part=None, cohort=None, unplanned=None),
        view(),
    )
    validate_event("SessionDelivered", session(unplanned=None), view(plans=("2025-10-01",)))
    # Coaching follows a session: its service is checked, its part is the session's.
    validate_event(
        "SessionDelivered",
        session(delivery="coaching", part=None, cohort=None, hours=Decimal(9), participants=80),
        view(),
    )
    validate_event("SessionDelivered", session(service_id=None), view())  # the core's


def test_history_is_not_re_judged(plugin_manager: Any) -> None:
    """Epoch 1 and 2 events (the 2026-11 catalogue's sessions, 14-hour typos...) pass."""
    for epoch in (1, 2):
        validate_event(
            "SessionDelivered",
            session(rules_version=epoch, hours=Decimal(14), part=None, cohort=None),
            view(),
        )
        validate_event(
            "DirectionSet", {"services": [line("foo-bar")], "rules_version": epoch}, view()
        )


# ------------------------------------------------------------------ plan lines
def line(service_id: str, hours: str = "16", budget: str | None = "5000", **changes: Any) -> dict:
    """A plan line as the facade fills it (the catalogue's name, kind and price rule)."""
    found = {s.id: s for s in services_plugin.CATALOGUE}.get(service_id)
    return {
        "service_id": service_id,
        "name": found.name if found else service_id,
        "hours": Decimal(hours),
        "budget": None if budget is None else Decimal(budget),
        "price_note": None,
        "cohorts": None,
        "kind": found.kind if found else "unknown",
        "price_rule": found.price_rule.snapshot() if found else {"kind": "unknown"},
        **changes,
    }


PLAN_REFUSALS = [
    (
        "unknown",
        line("foo-bar"),
        "'foo-bar' is not in the CEC services catalogue; see 'cec-ledger services list'",
    ),
    (
        "typed-price-rule",
        line(
            "ibb-ibps",
            price_rule={"kind": "block", "amount": "100", "block_hours": "8", "per": None},
        ),
        "the name, kind and price rule of plan line ibb-ibps are filled from the CEC services "
        "catalogue ('Interest Based Bargaining (IBB) and Interest Based Problem Solving "
        "(IBPS)', targeted_support, from $2,500 per block of up to 8 hours), never typed",
    ),
    (
        "published-price-needs-a-budget",
        line("dlt-slt-plc-integration", "16", None),
        "the CEC services catalogue publishes a price for dlt-slt-plc-integration ('Budget "
        "Range: Starting at $2,500 for up to 8 hours of training or coaching'): give a budget",
    ),
    (
        "below-the-block-price",
        line("ibb-ibps", "16", "2000"),
        "budget $2,000 for 16 hours of ibb-ibps is below the catalogue's starting price of "
        "$5,000 (2 blocks of up to 8 hours at $2,500); give --price-note to record why",
    ),
    (
        "below-the-fixed-price",
        line("conflict-resolution", "16", "2500", cohorts=2),
        "budget $2,500 for 2 cohorts of conflict-resolution is below the catalogue's starting "
        "price of $5,000 (2 × $2,500 for the pair); give --price-note to record why",
    ),
    (
        "not-published",
        line("leadership-development", "24", "7500"),
        "the CEC services catalogue publishes no price for leadership-development: leave the "
        "budget out, or give --price-note saying where $7,500 comes from",
    ),
    (
        "per-cohort-needs-cohorts",
        line("conflict-resolution", "8", "2500"),
        "conflict-resolution is priced per cohort ('Budget Range: $2,500' for the pair): give "
        "--cohorts conflict-resolution:N",
    ),
    (
        "cohorts-only-per-cohort",
        line("ibb-ibps", cohorts=1),
        "cohorts apply only to conflict-resolution and labor-management-series",
    ),
    (
        "a-cohort-is-two-sessions",
        line("conflict-resolution", "6", "2500", cohorts=1),
        "one cohort of Conflict Resolution/Working Relationships is two four-hour sessions (8 "
        "hours); 6 hours are planned for 1 cohort",
    ),
]


@pytest.mark.parametrize(
    ("plan_line", "message"),
    [case[1:] for case in PLAN_REFUSALS],
    ids=[case[0] for case in PLAN_REFUSALS],
)
def test_plan_line_refusals(plugin_manager: Any, plan_line: dict, message: str) -> None:
    fields = {"services": [plan_line], "rules_version": 3}
    assert refusal("DirectionSet", fields, view()) == message
    assert refusal("PlanChanged", fields, view()) == message


def test_price_rules_the_catalogue_allows(plugin_manager: Any) -> None:
    accepted = [
        line("ibb-ibps", "17", "7500"),  # three blocks started
        line("ibb-ibps", "16", "2000", price_note="a member district's rate, CEC letter"),
        line("leadership-development", "24", None),
        line("leadership-development", "24", "7500", price_note="CEC's written quote"),
        line("conflict-resolution", "24", "5000", cohorts=2),
        line("labor-management-series", "24", "7500", cohorts=1),
        line("shared-leadership", "6", None),
    ]
    validate_event("DirectionSet", {"services": accepted, "rules_version": 3}, view())


def test_lines_carried_over_are_not_re_judged(plugin_manager: Any) -> None:
    """A line of the plan in force (possibly from a plan recorded under older rules) stands."""
    old = line("ibb-ibps", "16", "2000")
    validate_event("PlanChanged", {"services": [old], "rules_version": 3}, view(lines=(dict(old),)))
    changed = {**old, "hours": Decimal("24")}
    with pytest.raises(RuleViolation, match="below the catalogue's starting price of \\$7,500"):
        validate_event(
            "PlanChanged", {"services": [changed], "rules_version": 3}, view(lines=(dict(old),))
        )


def test_other_events_name_catalogue_services(plugin_manager: Any) -> None:
    with pytest.raises(RuleViolation, match=r"^'ibb' is not in the CEC services catalogue"):
        validate_event(
            "ResponsibilityTransferred", {"service_id": "ibb", "rules_version": 3}, view()
        )
    with pytest.raises(RuleViolation, match=r"^'cr' is not in the CEC services catalogue"):
        validate_event("OutcomeObserved", {"services": ["cr"], "rules_version": 3}, view())
