"""Frameworks may allow partial ratings, define a short version and offer a "not observed"
answer (issue 15); ``validate_ratings(ratings)`` keeps its old meaning for the others."""

from __future__ import annotations

from typing import Any

import pytest

from cec_ledger.plugins import (
    NOT_OBSERVED,
    Framework,
    Indicator,
    InvalidValue,
    RatingScale,
    compare_diagnoses,
    get_framework,
    hookimpl,
    plugin_info,
)

pytest_plugins = ["cec_ledger.plugins.testing"]

SCALE = RatingScale.ordinal([("low", "Low"), ("mid", "Middling"), ("high", "High")])
INDICATORS = tuple(Indicator(id=i, title=f"Indicator {i}", group="G") for i in "ABCD")


def framework(**options: Any) -> Framework:
    return Framework(
        id="opts",
        name="Options",
        version="1",
        description="",
        indicators=INDICATORS,
        rating_scale=SCALE,
        **options,
    )


# --- backward compatible --------------------------------------------------------------------


def test_by_default_every_indicator_must_be_rated() -> None:
    plain = framework()
    with pytest.raises(InvalidValue, match="missing ratings for indicators: C, D"):
        plain.validate_ratings({"A": "low", "B": "high"})
    assert plain.validate_ratings({"A": "low", "B": "high"}, require_all=False) == {
        "A": "low",
        "B": "high",
    }
    with pytest.raises(InvalidValue, match=r"allowed: low, mid, high \(framework 'opts' offers"):
        plain.validate_ratings({"A": "not observed"}, require_all=False)


# --- partial ratings ------------------------------------------------------------------------


def test_allow_partial_accepts_unrated_indicators_and_leaves_them_out() -> None:
    partial = framework(allow_partial=True)
    ratings = partial.validate_ratings({"b": "Middling", "D": "low"})
    assert ratings == {"B": "mid", "D": "low"}
    assert partial.readiness_baseline(ratings)["score"] == pytest.approx(0.25)
    assert partial.greatest_areas_of_need(ratings) == ["D", "B"]
    with pytest.raises(InvalidValue, match="missing ratings for indicators: A, C"):
        partial.validate_ratings({"B": "mid", "D": "low"}, require_all=True)


# --- short version --------------------------------------------------------------------------


def test_short_version_rates_its_own_indicators_only() -> None:
    short = framework(short_version=("D", "A"))
    assert [i.id for i in short.version_indicators("short")] == ["A", "D"]
    assert short.validate_ratings({"D": "high", "A": "low"}, version="short") == {
        "A": "low",
        "D": "high",
    }
    with pytest.raises(
        InvalidValue, match="missing ratings for indicators of its short version: D"
    ):
        short.validate_ratings({"A": "low"}, version="short")
    with pytest.raises(InvalidValue, match=r"indicator 'B' is not in its short version \(A, D\)"):
        short.validate_ratings({"A": "low", "B": "low", "D": "low"}, version="short")
    with pytest.raises(InvalidValue, match="missing ratings for indicators: B, C"):
        short.validate_ratings({"A": "low", "D": "low"})  # the full version still needs all


def test_a_framework_without_a_short_version_says_so() -> None:
    with pytest.raises(InvalidValue, match="framework 'opts' has no short version"):
        framework().validate_ratings({"A": "low"}, version="short")
    with pytest.raises(InvalidValue, match="version must be one of full, short, got 'brief'"):
        framework().validate_ratings({"A": "low"}, version="brief")


# --- not observed ---------------------------------------------------------------------------


def test_not_observed_counts_as_answered_but_never_as_a_rating() -> None:
    offered = framework(not_observed=True)
    ratings = offered.validate_ratings(
        {"A": "Not observed", "B": "n/o", "C": "not-observed", "D": "mid"}
    )
    assert ratings == {"A": NOT_OBSERVED, "B": NOT_OBSERVED, "C": NOT_OBSERVED, "D": "mid"}
    assert offered.readiness_baseline(ratings)["score"] == 0.5  # D alone
    assert offered.greatest_areas_of_need(ratings) == ["D"]
    everything_unseen = dict.fromkeys("ABCD", NOT_OBSERVED)
    assert offered.readiness_baseline(everything_unseen)["score"] == 0.0
    assert offered.greatest_areas_of_need(everything_unseen) == []
    with pytest.raises(InvalidValue, match="allowed: low, mid, high, or not_observed"):
        offered.validate_ratings({"A": "unknowable"}, require_all=False)


def test_rule_callables_never_see_not_observed_or_unrated_indicators() -> None:
    seen: list[dict[str, Any]] = []

    def readiness(fw: Framework, ratings: dict[str, Any]) -> dict[str, Any]:
        seen.append(dict(ratings))
        return {"score": 1.0, "label": "seen"}

    def gans(fw: Framework, ratings: dict[str, Any], limit: int) -> Any:
        seen.append(dict(ratings))
        return "A"  # one string is one id, not the characters of a string

    custom = framework(not_observed=True, allow_partial=True, readiness=readiness, gans=gans)
    ratings = custom.validate_ratings({"A": "low", "B": "n/o"})
    custom.readiness_baseline(ratings)
    assert custom.greatest_areas_of_need(ratings) == ["A"]
    assert seen == [{"A": "low"}, {"A": "low"}]


def test_readiness_thresholds_are_inclusive() -> None:
    labelled = framework(readiness_labels=((0.0, "start"), (0.5, "half"), (1.0, "top")))
    assert labelled.readiness_baseline(dict.fromkeys("ABCD", "mid"))["label"] == "half"
    assert labelled.readiness_baseline(dict.fromkeys("ABCD", "high"))["label"] == "top"


def test_compare_treats_not_observed_as_no_rating() -> None:
    offered = framework(not_observed=True)
    before = {"A": "low", "B": "n/o", "C": "mid", "D": "n/o"}
    after = {"A": "mid", "B": "high", "C": "n/o", "D": "n/o"}
    compared = compare_diagnoses(offered, before, after)
    changes = {row["indicator"]: row["change"] for row in compared["indicators"]}
    assert changes == {"A": "improved", "B": "added", "C": "dropped"}
    assert compared["indicators"][1]["before"] == NOT_OBSERVED


# --- registered as a mapping ----------------------------------------------------------------


class MappingPlugin:
    plugin_name = "mapping-options"

    @hookimpl
    def cec_ledger_register_frameworks(self, register: Any) -> None:
        register(
            {
                "id": "mapped",
                "name": "Mapped",
                "version": "1",
                "indicators": [{"id": i, "title": i} for i in "ABC"],
                "rating_scale": {"minimum": 0, "maximum": 4},
                "allow_partial": True,
                "short_version": ["C", "A"],
                "not_observed": True,
            }
        )


@pytest.mark.cec_ledger_plugins(MappingPlugin())
def test_the_mapping_form_takes_the_options(plugin_manager) -> None:
    mapped = get_framework("mapped")
    assert (mapped.allow_partial, mapped.short_version, mapped.not_observed) == (
        True,
        ("C", "A"),
        True,
    )
    assert mapped.validate_ratings({"C": "4", "A": "N/O"}, version="short") == {
        "A": NOT_OBSERVED,
        "C": 4,
    }


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"short_version": ["A", "Z"]}, "short_version names unknown indicators: Z"),
        ({"short_version": "AB"}, "short_version must be a list of indicator ids"),
        ({"short_version": []}, "short_version is empty"),
        ({"short_version": ["A", "A"]}, "short_version repeats an indicator id"),
        ({"allow_partial": "yes"}, "allow_partial must be true or false"),
        ({"not_observed": 1}, "not_observed must be true or false"),
        (
            {"not_observed": True, "rating_scale": {"values": ["not_observed", "seen"]}},
            "'not_observed' is a value of its scale",
        ),
    ],
)
def test_malformed_options_fail_the_plugin(make_plugin_manager, options, error) -> None:
    class Bad:
        plugin_name = "bad-options"

        @hookimpl
        def cec_ledger_register_frameworks(self, register: Any) -> None:
            register(
                {
                    "id": "bad",
                    "name": "Bad",
                    "version": "1",
                    "indicators": [{"id": "A", "title": "A"}, {"id": "B", "title": "B"}],
                    "rating_scale": {"values": ["low", "high"]},
                    **options,
                }
            )

    make_plugin_manager(Bad())
    row = next(row for row in plugin_info() if row["name"] == "bad-options")
    assert row["status"] == "failed"
    assert error in row["error"]
