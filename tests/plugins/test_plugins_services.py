"""The service catalogue from the installed cec-ledger-services plugin and its session rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.errors import NotFound, RuleViolation
from cec_ledger.plugins import (
    build_plugin_manager,
    get_service,
    list_services,
    set_plugin_manager,
    validate_event,
)

SERVICE_IDS = {
    "leadership-development",
    "conflict-resolution-1",
    "conflict-resolution-2",
    "dlt-slt-plc-integration",
    "ibb-ibps",
    "labor-management-series",
    "union-leadership-development",
    "ibb-team-training",
    "union-system-assessment",
    "pera-joint-committee",
    "shared-accountability",
    "shared-leadership",
    "turn-coordination",
}


@pytest.fixture(autouse=True)
def installed_plugins() -> Any:
    previous = set_plugin_manager(build_plugin_manager(disabled=(), trace=False))
    yield
    set_plugin_manager(previous)


def session(
    service_id: str, occurred_on: str = "2025-10-02", participants: int = 30, hours: str = "4"
) -> dict[str, Any]:
    return {
        "service_id": service_id,
        "occurred_on": occurred_on,
        "participants": participants,
        "hours": Decimal(hours),
        "delivery": "training",
        "topic": "t",
        "consultant": "c",
        "team_id": None,
    }


def engagement(*sessions: dict[str, Any]) -> dict[str, Any]:
    return {
        "slug": "maple-ridge",
        "sessions": [
            {k: s[k] for k in ("service_id", "occurred_on", "participants", "hours", "delivery")}
            for s in sessions
        ],
    }


def test_catalogue_has_the_agreed_ids() -> None:
    assert {s.id for s in list_services()} == SERVICE_IDS


def test_conflict_resolution_pair() -> None:
    one, two = get_service("conflict-resolution-1"), get_service("conflict-resolution-2")
    assert one.budget == Decimal("2500") and two.budget == Decimal("0")
    assert "covers the pair" in one.budget_note
    assert (one.hours_per_session, one.max_participants) == (Decimal("4"), 50)
    assert two.prerequisites == ("conflict-resolution-1",) and two.max_participants == 50
    assert one.delivery == "training"


def test_published_prices_and_commitments() -> None:
    series = get_service("labor-management-series")
    assert series.budget == Decimal("7500")
    assert series.commitment == "3 full days or 6 half day sessions"
    assert "Listen to Learn to Lead" in series.name
    for service_id in ("dlt-slt-plc-integration", "ibb-ibps"):
        service = get_service(service_id)
        assert (service.budget, service.hours_per_session) == (Decimal("2500"), Decimal("8"))
        assert "8 hours" in service.budget_note
    assert get_service("turn-coordination").delivery == "networking"
    assert get_service("pera-joint-committee").pathway_step == 1
    assert get_service("shared-leadership").budget is None


def test_unknown_service_lists_known_ids() -> None:
    with pytest.raises(NotFound) as caught:
        get_service("conflict-resolution-3")
    assert str(caught.value).startswith(
        "unknown service 'conflict-resolution-3'; known: "
        "conflict-resolution-1, conflict-resolution-2, dlt-"
    )


def test_session_two_requires_session_one() -> None:
    with pytest.raises(RuleViolation) as caught:
        validate_event("SessionDelivered", session("conflict-resolution-2"), engagement())
    assert str(caught.value) == (
        "conflict-resolution-2 requires conflict-resolution-1 to have been delivered first"
    )
    validate_event(
        "SessionDelivered",
        session("conflict-resolution-2", "2025-10-09"),
        engagement(session("conflict-resolution-1", "2025-10-02")),
    )


def test_session_one_dated_after_session_two_does_not_count() -> None:
    later_one = engagement(session("conflict-resolution-1", "2025-11-20"))
    with pytest.raises(RuleViolation, match="requires conflict-resolution-1"):
        validate_event(
            "SessionDelivered", session("conflict-resolution-2", "2025-10-09"), later_one
        )


def test_participant_limit() -> None:
    with pytest.raises(RuleViolation) as caught:
        validate_event(
            "SessionDelivered", session("conflict-resolution-1", participants=62), engagement()
        )
    assert str(caught.value) == "conflict-resolution-1 allows at most 50 participants, got 62"
    validate_event(
        "SessionDelivered", session("conflict-resolution-1", participants=50), engagement()
    )


def test_other_events_and_services_pass() -> None:
    validate_event("SessionDelivered", session("ibb-ibps", participants=400), engagement())
    validate_event("SessionDelivered", {**session("x"), "service_id": None}, engagement())
    validate_event("TeamFormed", {"team_id": "dlt"}, engagement())
