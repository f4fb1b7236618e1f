import cec_ledger_strategic_plan
import pytest

from cec_ledger.plugins import (
    RuleViolation,
    get_framework,
    plugin_info,
    plugin_sections,
    validate_event,
)

pytest_plugins = ["cec_ledger.plugins.testing"]


@pytest.fixture
def cec_ledger_plugins():
    return [cec_ledger_strategic_plan]  # registered by the plugin_manager fixture


def test_registered(plugin_manager):
    framework = get_framework("strategic-plan")
    assert [i.id for i in framework.indicators] == ["SGA", "LE", "PE", "CP", "FR"]
    assert plugin_info()[0]["status"] == "ok"


def test_needs(plugin_manager):
    framework = get_framework("strategic-plan")
    ratings = {
        "SGA": "goals_set",
        "LE": "living_the_plan",
        "PE": "not_addressed",
        "CP": "goals_set",
        "FR": "n/o",
    }
    ratings = framework.validate_ratings(ratings)
    assert ratings["FR"] == "not_observed"
    gans = framework.greatest_areas_of_need(ratings, limit=2)
    assert gans == ["PE", "SGA"]
    assert framework.recommended_services(gans) == [
        "labor-management-series",
        "dlt-slt-plc-integration",
    ]


def test_rule(plugin_manager):
    fields = {"framework_id": "strategic-plan", "assessors": ["L. Chen"]}
    with pytest.raises(RuleViolation, match="two or more assessors"):
        validate_event("NeedsDiagnosed", fields, {"slug": "maple-ridge"})
    fields["assessors"].append("R. Alvarez")
    validate_event("NeedsDiagnosed", fields, {"slug": "maple-ridge"})


def test_report_section(plugin_manager):
    diagnosis = {"framework_id": "strategic-plan", "ratings": {"SGA": "goals_set"}}
    [(title, [body])] = plugin_sections({"slug": "maple-ridge", "diagnoses": [diagnosis]})
    assert title == "Strategic plan areas"
    assert "| Student Growth and Achievement | Goals set |" in body
    assert plugin_sections({"slug": "maple-ridge", "diagnoses": []}) == []


def test_in_a_ledger(plugin_manager, temporary_ledger):
    # temporary_ledger: a fresh SQLite ledger in tmp_path, recording as actor "test"
    assert temporary_ledger.actor == "test"
