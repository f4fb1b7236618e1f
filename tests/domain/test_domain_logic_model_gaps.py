"""The logic model (domain/model_views.py, the CEC Logic Model) where a fact is missing: a
diagnosis recorded without a readiness baseline, and a short-term outcome of a plain state
that names no impact (states written before outcomes had one)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cec_ledger.domain.model_views import logic_model
from tests.domain.builders import ENTRY_STEP, build


def data_input(model: dict[str, Any]) -> str:
    return next(i["evidence"] for i in model["inputs"] if i["input"] == "data")


def test_the_data_input_shows_a_dash_for_a_diagnosis_without_a_readiness_label() -> None:
    """The Data input names the latest diagnosis's readiness; a diagnosis recorded without a
    baseline has none, shown as '-'."""
    without = {"readiness_score": None, "readiness_label": None, "greatest_areas_of_need": []}
    engagement = build([ENTRY_STEP, ("NeedsDiagnosed", {}), ("NeedsDiagnosed", without)])
    model = logic_model(engagement.state.to_dict())
    assert data_input(model) == "2 diagnoses; latest readiness -"


def test_a_short_term_outcome_naming_no_impact_counts_as_system_impact() -> None:
    """The CEC Logic Model splits short-term outcomes into system and people impact; one that
    names neither is shown under system impact, beside those that say so."""
    outcome = {
        "on": date(2025, 10, 1),
        "tier": "short_term",
        "dimension": "policy_changes",
        "evidence": "board adopted protected PLC time",
    }
    state = {
        "outcomes": [
            {**outcome, "version": 6},
            {**outcome, "version": 7, "impact": None},
            {**outcome, "version": 8, "impact": "system"},
            {**outcome, "version": 9, "impact": "people", "dimension": "attitude_shifts"},
        ]
    }
    tiers = {
        t["tier"]: [o["version"] for o in t["observed"]] for t in logic_model(state)["outcomes"]
    }
    assert tiers == {
        "short_term_system": [6, 7, 8],
        "short_term_people": [9],
        "mid_term": [],
        "long_term": [],
    }
