"""The bundled services plugin on its own (hermetic: installed plugins are not loaded)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cec_ledger.bundled import services as services_plugin
from cec_ledger.plugins import RuleViolation, get_service, list_services, validate_event

pytest_plugins = ["cec_ledger.plugins.testing"]


@pytest.fixture
def cec_ledger_plugins() -> list[object]:
    return [services_plugin]


def test_thirteen_services(plugin_manager) -> None:
    assert len(list_services()) == 13
    assert get_service("labor-management-series").budget == Decimal("7500")
    assert get_service("conflict-resolution-2").prerequisites == ("conflict-resolution-1",)


def test_prerequisite_and_limit(plugin_manager) -> None:
    fields = {
        "service_id": "conflict-resolution-2",
        "participants": 20,
        "hours": Decimal(4),
        "delivery": "training",
        "occurred_on": "2025-10-09",
    }
    with pytest.raises(RuleViolation, match=r"^conflict-resolution-2 requires"):
        validate_event("SessionDelivered", fields, {"sessions": []})
    one = {
        "service_id": "conflict-resolution-1",
        "occurred_on": "2025-10-09",
        "participants": 20,
        "hours": Decimal(4),
        "delivery": "training",
    }
    validate_event("SessionDelivered", fields, {"sessions": [one]})  # same day is fine
    with pytest.raises(RuleViolation, match="allows at most 50 participants, got 51"):
        validate_event("SessionDelivered", {**fields, "participants": 51}, {"sessions": [one]})


def test_in_a_ledger(plugin_manager, temporary_ledger) -> None:
    """Through the real ledger: the core calls the plugin before recording a session."""
    ledger = temporary_ledger
    ledger.open_engagement(
        slug="maple-ridge",
        name="Maple Ridge",
        organisation="Maple Ridge CUSD 7",
        level="district",
        entry_point="system_assessment",
        lead_consultant="J. Okafor",
        occurred_on="2025-08-15",
    )
    with pytest.raises(RuleViolation, match="requires conflict-resolution-1"):
        ledger.record(
            "maple-ridge",
            "SessionDelivered",
            delivery="training",
            topic="difficult conversations",
            hours="4",
            participants=30,
            consultant="J. Okafor",
            service_id="conflict-resolution-2",
            team_id=None,
            occurred_on="2025-10-09",
        )
