"""Framework validation messages, readiness, GANs, services and diagnosis comparison,
against the installed PLC and Baldrige plugins."""

from __future__ import annotations

from typing import Any

import pytest

from cec_ledger.bundled import baldrige, plc
from cec_ledger.domain.errors import InvalidValue, NotFound, PluginError
from cec_ledger.plugins import (
    Framework,
    build_plugin_manager,
    compare_diagnoses,
    get_framework,
    hookimpl,
    set_plugin_manager,
)

pytest_plugins = ["cec_ledger.plugins.testing"]

PLC_IDS = list("ABCDEFGHIJKLMNOP")


@pytest.fixture(autouse=True)
def installed_plugins() -> Any:
    previous = set_plugin_manager(build_plugin_manager(disabled=(), trace=False))
    yield
    set_plugin_manager(previous)


def plc_ratings(default: str = "developing", **overrides: str) -> dict[str, str]:
    return {i: overrides.get(i, default) for i in PLC_IDS}


def test_plc_definition_matches_appendix_c() -> None:
    plc = get_framework("plc")
    assert (plc.name, plc.version) == ("PLC — Focus on Learning", "2015.1")
    assert [i.id for i in plc.indicators] == PLC_IDS
    assert plc.groups == [
        "A Guaranteed and Viable Curriculum",
        "Formative and Summative System of Assessments",
        "Differentiation: Instruction, Interventions and Enrichments",
        "Ensuring a Focus on Learning",
    ]
    titles = {i.id: i.title for i in plc.indicators}
    assert titles["A"] == "Establishing the Curriculum"
    assert (
        titles["H"] == "Using Assessment Data and Information to Recognize Growth and Achievement"
    )
    assert titles["P"] == "Organizing and Allocating Resources"
    assert [i.id for i in plc.indicators if i.group == plc.groups[2]] == ["I", "J", "K"]
    assert plc.rating_scale.values == ("not_yet", "initiating", "developing", "sustaining")
    assert plc.indicator("A").guidance.endswith("What do we want students to learn?")
    assert "What will we do if they don't?" in plc.indicator("J").guidance


def test_baldrige_items_and_points() -> None:
    baldrige = get_framework("baldrige")
    assert baldrige.name == "Baldrige Excellence Framework (Education)"
    assert baldrige.version == "2023-2024"
    assert len(baldrige.indicators) == 17
    assert sum(i.weight for i in baldrige.indicators) == 1000
    per_category: dict[str, float] = {}
    for item in baldrige.indicators:
        per_category[item.group] = per_category.get(item.group, 0) + item.weight
    assert list(per_category.values()) == [120, 85, 85, 90, 85, 85, 450]
    assert [i.id for i in baldrige.indicators if i.id.startswith("7.")] == [
        "7.1",
        "7.2",
        "7.3",
        "7.4",
        "7.5",
    ]
    assert "ADLI" in baldrige.indicator("1.1").guidance
    assert "LeTCI" in baldrige.indicator("7.3").guidance


def test_unknown_framework_lists_known_ids(make_plugin_manager) -> None:
    make_plugin_manager(plc, baldrige)  # the bundled two only, whatever else is installed
    with pytest.raises(NotFound) as caught:
        get_framework("malcolm")
    assert str(caught.value) == "unknown framework 'malcolm'; known: baldrige, plc"


def test_unknown_indicator_message() -> None:
    with pytest.raises(NotFound) as caught:
        get_framework("plc").validate_ratings({**plc_ratings(), "Q": "developing"})
    assert str(caught.value) == (
        "framework 'plc' has no indicator 'Q'; known: A, B, C, D, E, F, G, H, I, J, K, L, M, N, "
        "O, P"
    )


def test_rating_off_the_scale_names_indicator_and_allowed_values() -> None:
    with pytest.raises(InvalidValue) as caught:
        get_framework("plc").validate_ratings(plc_ratings(B="excellent"))
    assert str(caught.value) == (
        "framework 'plc' indicator 'B': rating 'excellent' is not on the scale; allowed: "
        "not_yet, initiating, developing, sustaining, or not_observed"
    )


def test_numeric_rating_off_step_or_range() -> None:
    baldrige = get_framework("baldrige")
    ratings = {i.id: 50 for i in baldrige.indicators}
    for bad in (52, 105, -5, "fifty", True):
        with pytest.raises(InvalidValue) as caught:
            baldrige.validate_ratings({**ratings, "4.2": bad})
        assert str(caught.value) == (
            f"framework 'baldrige' indicator '4.2': rating {bad!r} is not on the scale; "
            "allowed: whole numbers 0 to 100 in steps of 5"
        )


def test_missing_indicators_are_named() -> None:
    ratings = plc_ratings()
    del ratings["C"], ratings["N"]
    with pytest.raises(InvalidValue) as caught:
        get_framework("plc").validate_ratings(ratings)
    assert str(caught.value) == "framework 'plc' is missing ratings for indicators: C, N"
    assert "C" not in get_framework("plc").validate_ratings(ratings, require_all=False)


def test_ratings_are_normalised() -> None:
    plc = get_framework("plc")
    given = {**plc_ratings(), "a": "Not yet", "B": "  SUSTAINING ", "C": "not-yet"}
    normalised = plc.validate_ratings(given)
    assert list(normalised) == PLC_IDS
    assert (normalised["A"], normalised["B"], normalised["C"]) == (
        "not_yet",
        "sustaining",
        "not_yet",
    )
    baldrige = get_framework("baldrige")
    scores = baldrige.validate_ratings(
        {i.id: "35" if i.id == "1.1" else 50.0 for i in baldrige.indicators}
    )
    assert scores["1.1"] == 35 and type(scores["2.1"]) is int
    assert baldrige.validate_ratings({"1.1": "45.0"}, require_all=False) == {"1.1": 45}


def test_plc_readiness_gans_and_services() -> None:
    plc = get_framework("plc")
    ratings = plc_ratings(C="not_yet", K="initiating", A="initiating", M="sustaining")
    baseline = plc.readiness_baseline(ratings)
    assert baseline["label"] == "Developing"  # mean 1.81 of 3: nearest level
    assert baseline["score"] == pytest.approx((1 + 0 + 1 + 3 + 12 * 2) / 48)
    gans = plc.greatest_areas_of_need(ratings)
    assert gans == ["C", "A", "K", "B", "D"]  # lowest first, ties in group order
    assert plc.greatest_areas_of_need(ratings, limit=2) == ["C", "A"]
    assert plc.recommended_services(["C", "K", "P"]) == [
        "dlt-slt-plc-integration",
        "leadership-development",
        "shared-leadership",
        "shared-accountability",
    ]
    assert plc.greatest_areas_of_need(plc_ratings("sustaining")) == []
    assert plc.readiness_baseline(plc_ratings("sustaining")) == {
        "score": 1.0,
        "label": "Sustaining",
    }


def test_baldrige_readiness_and_points_weighted_gans() -> None:
    baldrige = get_framework("baldrige")
    ratings = {i.id: 50 for i in baldrige.indicators}
    ratings.update({"7.1": 30, "1.2": 10})
    baseline = baldrige.readiness_baseline(ratings)
    # 500 points at 50 % everywhere, less 120 x 20 % on 7.1 and 50 x 40 % on 1.2.
    assert baseline["score"] == pytest.approx((500 - 24 - 20) / 1000)
    assert baseline["label"] == "456 of 1000 points"
    # 7.1 is 120 x 70 % = 84 points short; 1.2 (50 x 90 %) and 7.5 (90 x 50 %) are both 45
    # short, and ties keep framework order.
    assert baldrige.greatest_areas_of_need(ratings, limit=3) == ["7.1", "1.2", "7.5"]


def test_compare_diagnoses() -> None:
    before = plc_ratings("initiating", A="not_yet")
    after = plc_ratings("initiating", A="developing", B="sustaining", P="not_yet")
    result = compare_diagnoses("plc", before, after)
    rows = {row["indicator"]: row for row in result["indicators"]}
    assert rows["A"]["change"] == "improved" and rows["A"]["delta"] == 2
    assert rows["B"]["delta"] == 2
    assert rows["P"] == {
        "indicator": "P",
        "title": "Organizing and Allocating Resources",
        "group": "Ensuring a Focus on Learning",
        "before": "initiating",
        "after": "not_yet",
        "delta": -1,
        "change": "declined",
    }
    assert rows["C"]["change"] == "unchanged" and rows["C"]["delta"] == 0
    assert result["summary"] == {
        "improved": 2,
        "declined": 1,
        "unchanged": 13,
        "added": 0,
        "dropped": 0,
    }
    readiness = result["readiness"]
    assert readiness["delta"] == pytest.approx(
        readiness["after"]["score"] - readiness["before"]["score"], abs=1e-4
    )
    assert readiness["delta"] > 0


def test_compare_numeric_partial() -> None:
    baldrige = get_framework("baldrige")
    result = compare_diagnoses(baldrige, {"1.1": 30, "1.2": 40}, {"1.1": 45, "2.1": 20})
    rows = {row["indicator"]: row for row in result["indicators"]}
    assert rows["1.1"]["delta"] == 15 and rows["1.1"]["change"] == "improved"
    assert rows["1.2"]["change"] == "dropped" and rows["1.2"]["delta"] is None
    assert rows["2.1"]["change"] == "added"


class BrokenRules:
    plugin_name = "broken-rules"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        register(
            {
                "id": "broken",
                "name": "Broken",
                "version": "0",
                "description": "",
                "indicators": [{"id": "X", "title": "X"}],
                "rating_scale": {"minimum": 0, "maximum": 4},
                "readiness": lambda framework, ratings: {"score": 7, "label": "off the chart"},
                "gans": lambda framework, ratings, limit: 1 / 0,
            }
        )


def test_plugin_rule_faults_name_the_plugin(make_plugin_manager) -> None:
    make_plugin_manager(BrokenRules())
    broken: Framework = get_framework("broken")
    with pytest.raises(PluginError) as caught:
        broken.readiness_baseline({"X": 2})
    assert str(caught.value).startswith(
        "plugin 'broken-rules' failed in readiness_baseline of framework 'broken': expected"
    )
    with pytest.raises(PluginError) as caught:
        broken.greatest_areas_of_need({"X": 2})
    assert str(caught.value) == (
        "plugin 'broken-rules' failed in greatest_areas_of_need of "
        "framework 'broken': ZeroDivisionError: division by zero"
    )
