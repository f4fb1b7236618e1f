"""The service catalogue's plugin API: ``Service`` v2, registrations in the older shape still
accepted (with a DeprecationWarning, mapped as documented), malformed data refused, unknown
ids answered with the closest ones."""

from __future__ import annotations

from contextlib import nullcontext
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.errors import NotFound
from cec_ledger.plugins import (
    Malformed,
    PriceRule,
    SeriesPart,
    SeriesStructure,
    Service,
    build_plugin_manager,
    get_service,
    hookimpl,
    list_services,
    set_plugin_manager,
)
from cec_ledger.plugins.services import coerce_service

SERVICE_IDS = {
    "leadership-development",
    "conflict-resolution",
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


@pytest.fixture
def installed_plugins() -> Any:
    previous = set_plugin_manager(build_plugin_manager(disabled=(), trace=False))
    yield
    set_plugin_manager(previous)


def test_the_installed_catalogue(installed_plugins: Any) -> None:
    assert {s.id for s in list_services()} >= SERVICE_IDS
    assert get_service("conflict-resolution").price_rule.describe() == "$2,500 for the pair"
    assert get_service("ibb-ibps").price_rule.minimum(Decimal("17")) == Decimal("7500")


def test_an_unknown_id_names_the_closest(installed_plugins: Any) -> None:
    with pytest.raises(NotFound) as caught:
        get_service("conflict-resolution-1")
    assert str(caught.value) == (
        "'conflict-resolution-1' is not in the CEC services catalogue; closest: conflict-resolution"
    )


def test_a_v2_registration() -> None:
    series = Service(
        "tiny-series",
        "Tiny series",
        kind="targeted_support",
        formats=("training",),
        structure=SeriesStructure((SeriesPart("half_day", Decimal(4), 2),)),
        price_rule=PriceRule("fixed_per_cohort", Decimal("900"), None, "the series"),
        sources=(("price_rule", "Budget: $900"),),
    )
    service = coerce_service("tiny-plugin", series)
    assert (service.plugin, service.source("price_rule")) == ("tiny-plugin", "Budget: $900")
    mapped = coerce_service(
        "tiny-plugin",
        {
            "id": "tiny",
            "name": "Tiny",
            "kind": "step1_programme",
            "price_rule": {"kind": "block", "amount": "1,000", "block_hours": "4"},
        },
    )
    assert mapped.price_rule == PriceRule("block", Decimal("1000"), Decimal("4"), None)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"budget": None}, ("targeted_support", PriceRule())),
        (
            {"budget": "2,500", "hours_per_session": "8"},
            ("targeted_support", PriceRule("block", Decimal(2500), Decimal(8), "8 hours")),
        ),
        (
            {"budget": 7500, "pathway_step": 1},
            ("step1_programme", PriceRule("fixed_per_cohort", Decimal(7500))),
        ),
    ],
)
def test_an_older_registration_is_mapped_with_a_deprecation_warning(
    given: dict[str, Any], expected: tuple[str, PriceRule]
) -> None:
    old = {
        "id": "tiny-coaching",
        "name": "Tiny coaching",
        "delivery": "coaching",
        "commitment": "Customizable",
        "max_participants": 3,
        "prerequisites": ["tiny-intro"],
        "description": "Coaching for tiny teams.",
        **given,
    }
    with pytest.warns(DeprecationWarning, match="registers service 'tiny-coaching' in the shape"):
        service = coerce_service("tiny-plugin", old)
    assert (service.kind, service.price_rule) == expected
    assert (service.formats, service.commitment, service.participant_limit) == (
        ("coaching",),
        "Customizable",
        3,
    )
    assert [(p.requires, p.scope) for p in service.prerequisites] == [("tiny-intro", "service")]
    assert service.objectives[0].items == ("Coaching for tiny teams.",)


def test_the_older_service_signature_still_builds_a_service() -> None:
    with pytest.warns(DeprecationWarning):
        service = Service(
            "tiny", "Tiny", "training", "2 half-days", Decimal("2500"), max_participants=9
        )
    assert (service.kind, service.commitment, service.participant_limit) == (
        "targeted_support",
        "2 half-days",
        9,
    )
    assert service.price_rule == PriceRule("fixed_per_cohort", Decimal("2500"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "workshop"}, "kind 'workshop' is not one of targeted_support, step1_programme"),
        ({"price_rule": {"kind": "block", "amount": "1"}}, "block_hours belongs to a block price"),
        ({"price_rule": {"kind": "not_published", "amount": "1"}}, "needs an amount exactly"),
        ({"participant_limit": 0}, "participant_limit must be a positive int"),
        (
            {"structure": {"parts": [{"part": "evening", "max_hours": 2, "count": 1}]}},
            "part 'evening' is not one of session_one, session_two, full_day, half_day",
        ),
        ({"elements": ["FLMC"]}, "element 'FLMC' is not a Framework for Change element"),
        ({"colour": "blue"}, "has unknown keys: colour"),
        ({"delivery": "lecturing"}, "delivery 'lecturing' is not one of training"),
    ],
)
def test_malformed_registrations_are_refused(data: dict[str, Any], message: str) -> None:
    warned = pytest.warns(DeprecationWarning) if "delivery" in data else nullcontext()
    with warned, pytest.raises(Malformed, match=message):
        coerce_service("bad-plugin", {"id": "x", "name": "X", **data})


class OldStylePlugin:
    """A plugin written against the API before rules epoch 3."""

    plugin_name = "old-style-plugin"

    @hookimpl
    def cec_ledger_register_services(self, register: Any) -> None:
        register({"id": "old-coaching", "name": "Old coaching", "delivery": "coaching"})


def test_an_old_style_plugin_keeps_working(make_plugin_manager: Any) -> None:
    make_plugin_manager(OldStylePlugin())
    with pytest.warns(DeprecationWarning):
        (service,) = [s for s in list_services() if s.id == "old-coaching"]
    assert (service.plugin, service.price_rule.kind) == ("old-style-plugin", "not_published")
