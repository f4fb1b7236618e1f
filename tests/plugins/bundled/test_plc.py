"""The bundled PLC plugin on its own (hermetic: installed plugins are not loaded)."""

from __future__ import annotations

import pytest

from cec_ledger.bundled import plc as plc_plugin
from cec_ledger.plugins import InvalidValue, get_framework, plugin_info

pytest_plugins = ["cec_ledger.plugins.testing"]


@pytest.fixture
def cec_ledger_plugins() -> list[object]:
    return [plc_plugin]


def test_registers_the_plc_framework(plugin_manager) -> None:
    plc = get_framework("plc")
    assert plc.version == "2015.1"
    assert [i.id for i in plc.indicators] == list("ABCDEFGHIJKLMNOP")
    assert len(plc.groups) == 4
    assert [plc.rating_scale.labels[v] for v in plc.rating_scale.values] == [
        "Not yet",
        "Initiating",
        "Developing",
        "Sustaining",
    ]
    assert plugin_info()[0]["status"] == "ok"


def test_groups_hold_the_appendix_c_indicators(plugin_manager) -> None:
    plc = get_framework("plc")
    by_group = {g: [i.id for i in plc.indicators if i.group == g] for g in plc.groups}
    assert list(by_group.values()) == [list("ABC"), list("DEFGH"), list("IJK"), list("LMNOP")]


def test_gans_lowest_first_and_services(plugin_manager) -> None:
    plc = get_framework("plc")
    ratings = {i.id: "sustaining" for i in plc.indicators}
    ratings.update({"P": "not_yet", "D": "initiating", "E": "initiating", "A": "developing"})
    gans = plc.greatest_areas_of_need(ratings)
    assert gans == ["P", "D", "E", "A"]
    assert plc.recommended_services(gans) == [
        "leadership-development",
        "shared-leadership",
        "shared-accountability",
        "dlt-slt-plc-integration",
    ]


def test_readiness_label_is_the_nearest_level(plugin_manager) -> None:
    plc = get_framework("plc")
    everywhere = {i.id: "developing" for i in plc.indicators}
    assert plc.readiness_baseline(everywhere)["label"] == "Developing"
    everywhere["A"] = "not_yet"
    assert plc.readiness_baseline(everywhere)["label"] == "Developing"
    half = {i.id: "initiating" if n % 2 else "developing" for n, i in enumerate(plc.indicators)}
    assert plc.readiness_baseline(half)["label"] == "Initiating"  # halfway rounds down


def test_pre_initiating_is_not_on_this_scale(plugin_manager) -> None:
    with pytest.raises(InvalidValue, match="allowed: not_yet, initiating, developing, sustaining"):
        get_framework("plc").validate_ratings({"A": "pre-initiating"}, require_all=False)
