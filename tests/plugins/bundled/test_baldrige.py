"""The bundled Baldrige plugin on its own (hermetic: installed plugins are not loaded)."""

from __future__ import annotations

import pytest

from cec_ledger.bundled import baldrige as baldrige_plugin
from cec_ledger.plugins import get_framework

pytest_plugins = ["cec_ledger.plugins.testing"]


@pytest.fixture
def cec_ledger_plugins() -> list[object]:
    return [baldrige_plugin]


def test_seventeen_items_and_a_thousand_points(plugin_manager) -> None:
    baldrige = get_framework("baldrige")
    assert baldrige.version == baldrige_plugin.EDITION == "2023-2024"
    assert [i.id for i in baldrige.indicators][:4] == ["1.1", "1.2", "2.1", "2.2"]
    assert sum(i.weight for i in baldrige.indicators) == 1000
    assert baldrige.rating_scale.allowed() == "whole numbers 0 to 100 in steps of 5"


def test_readiness_is_points_weighted(plugin_manager) -> None:
    baldrige = get_framework("baldrige")
    ratings = {i.id: 0 for i in baldrige.indicators}
    ratings["7.1"] = 100
    assert baldrige.readiness_baseline(ratings) == {
        "score": 0.12,
        "label": "120 of 1000 points",
        "points": 120,
    }
    assert baldrige.readiness_baseline({i.id: 100 for i in baldrige.indicators})["score"] == 1.0


def test_gans_are_the_largest_weighted_gaps(plugin_manager) -> None:
    baldrige = get_framework("baldrige")
    ratings = {i.id: 70 for i in baldrige.indicators}
    ratings.update({"5.2": 10, "7.3": 40})
    # 5.2: 45 x 0.9 = 40.5; 7.1: 120 x 0.3 = 36; 7.3: 80 x 0.6 = 48.
    assert baldrige.greatest_areas_of_need(ratings, limit=3) == ["7.3", "5.2", "7.1"]
    assert baldrige.recommended_services(["5.2"]) == [
        "labor-management-series",
        "conflict-resolution",
        "ibb-ibps",
    ]
