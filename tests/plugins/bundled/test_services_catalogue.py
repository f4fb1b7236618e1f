"""The bundled services catalogue says what the CEC services catalogue says, figure by figure,
and nothing more (hermetic: only this plugin is loaded).

``PUBLISHED`` lists every published figure (price, hours, limit, structure, commitment,
personnel) with the catalogue sentence it comes from, word for word; the test checks the
entry holds exactly that figure and keeps exactly that sentence as its source.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.bundled import services as services_plugin
from cec_ledger.plugins import get_service, list_services

pytest_plugins = ["cec_ledger.plugins.testing"]


@pytest.fixture
def cec_ledger_plugins() -> list[object]:
    return [services_plugin]


def _price(s: Any) -> tuple[Any, ...]:
    rule = s.price_rule
    return (rule.kind, rule.amount, rule.block_hours, rule.per)


def _lengths(s: Any) -> tuple[tuple[str, Decimal, int], ...]:
    return tuple((p.part, p.max_hours, p.count) for p in s.structure.parts)


# (service, figure, how to read it from the entry, the value, the catalogue's sentence)
PUBLISHED: list[tuple[str, str, Any, Any, str]] = [
    (
        "conflict-resolution",
        "price_rule",
        _price,
        ("fixed_per_cohort", Decimal("2500"), None, "the pair"),
        "Budget Range: $2,500",
    ),
    (
        "conflict-resolution",
        "session_length",
        _lengths,
        (("session_one", Decimal("4"), 1), ("session_two", Decimal("4"), 1)),
        "Our training consists of two, four-hour sessions where joint teams build skills and "
        "learn strategies to proactively and positively address difficult workplace issues.",
    ),
    (
        "conflict-resolution",
        "participant_limit",
        lambda s: s.participant_limit,
        50,
        "These sessions can accommodate up to 50 participants but can also be designed for "
        "smaller groups.",
    ),
    (
        "conflict-resolution",
        "prerequisite",
        lambda s: tuple((p.part, p.requires, p.scope) for p in s.prerequisites),
        (("session_two", "session_one", "cohort"),),
        "Session One can stand alone but Session Two is only available to those who complete "
        "Session One.",
    ),
    (
        "conflict-resolution",
        "structure",
        lambda s: s.structure.alternatives,
        False,
        "CEC has developed a pair of training sessions that can help all educators; "
        "administrators, union leaders, teachers, support staff, and board members, learn how "
        "to navigate difficult conversations and move those challenging discussions to a "
        "productive level.",
    ),
    (
        "conflict-resolution",
        "commitment",
        lambda s: s.commitment,
        "2 half-days",
        "Commitment Level: 2 half-days",
    ),
    (
        "conflict-resolution",
        "personnel",
        lambda s: s.personnel,
        "All levels of stakeholders",
        "Personnel Involved: All levels of stakeholders",
    ),
    (
        "dlt-slt-plc-integration",
        "price_rule",
        _price,
        ("block", Decimal("2500"), Decimal("8"), "block of up to 8 hours"),
        "Budget Range: Starting at $2,500 for up to 8 hours of training or coaching",
    ),
    (
        "dlt-slt-plc-integration",
        "commitment",
        lambda s: s.commitment,
        "Customizable",
        "Commitment Level: Customizable",
    ),
    (
        "dlt-slt-plc-integration",
        "personnel",
        lambda s: s.personnel,
        "Central Office Administration, Union Leadership, Principals, Leadership Team Members",
        "Personnel Involved: Central Office Administration, Union Leadership, Principals, "
        "Leadership Team Members",
    ),
    (
        "ibb-ibps",
        "price_rule",
        _price,
        ("block", Decimal("2500"), Decimal("8"), "block of up to 8 hours"),
        "Budget Range: Starting at $2,500 for up to 8 hours of facilitation",
    ),
    (
        "ibb-ibps",
        "formats",
        lambda s: s.formats,
        ("facilitation", "virtual and/or in-person"),
        "CEC uses proven, interest-based, and effective facilitation skills, in virtual and/or "
        "in-person format, to help move your system forward in these unprecedented times.",
    ),
    (
        "ibb-ibps",
        "personnel",
        lambda s: s.personnel,
        "Joint teams including school, district and union leaders",
        "Personnel Involved: Joint teams including school, district and union leaders",
    ),
    (
        "labor-management-series",
        "price_rule",
        _price,
        ("fixed_per_cohort", Decimal("7500"), None, "the series"),
        "Budget Range: $7,500",
    ),
    (
        "labor-management-series",
        "commitment",
        lambda s: (s.commitment, _lengths(s), s.structure.alternatives),
        (
            "3 full days or 6 half day sessions",
            (("full_day", Decimal("8"), 3), ("half_day", Decimal("4"), 6)),
            True,
        ),
        "Commitment Level: 3 full days or 6 half day sessions",
    ),
    (
        "labor-management-series",
        "personnel",
        lambda s: s.personnel,
        "District and School Administration and Union Leaders/Representatives",
        "Personnel Involved: District and School Administration and Union Leaders/Representatives",
    ),
]


@pytest.mark.parametrize(
    ("service_id", "figure", "read", "value", "sentence"),
    PUBLISHED,
    ids=[f"{p[0]}-{p[1]}" for p in PUBLISHED],
)
def test_each_published_figure_and_the_sentence_it_comes_from(
    plugin_manager: Any, service_id: str, figure: str, read: Any, value: Any, sentence: str
) -> None:
    service = get_service(service_id)
    assert read(service) == value
    assert (figure, sentence) in service.sources


def test_the_day_lengths_of_the_series_are_the_ledgers_reading(plugin_manager: Any) -> None:
    """The catalogue publishes no day length; the entry says whose reading it is."""
    source = get_service("labor-management-series").source("session_length")
    assert source is not None and source.startswith("the ledger's reading")


def test_two_kinds_of_entry_each_from_its_source(plugin_manager: Any) -> None:
    services = list_services()
    targeted = [s.id for s in services if s.kind == "targeted_support"]
    step1 = [s.id for s in services if s.kind == "step1_programme"]
    assert targeted == [
        "leadership-development",
        "conflict-resolution",
        "dlt-slt-plc-integration",
        "ibb-ibps",
        "labor-management-series",
    ]
    assert {s.section for s in services if s.kind == "targeted_support"} == {
        "Strengthening Collaborative Processes"
    }
    assert step1 == [
        "union-leadership-development",
        "ibb-team-training",
        "union-system-assessment",
        "pera-joint-committee",
        "shared-accountability",
        "shared-leadership",
        "turn-coordination",
    ]
    assert get_service("union-system-assessment").name == (
        "Local Union’s System Assessment for Capacities and Needs"
    )


def test_nothing_is_invented_where_nothing_is_published(plugin_manager: Any) -> None:
    """Leadership Development publishes no price, commitment, format, personnel, length or
    limit; the Step 1 programmes publish only their names."""
    unpublished = [s for s in list_services() if s.kind == "step1_programme"]
    unpublished.append(get_service("leadership-development"))
    for s in unpublished:
        assert s.price_rule.kind == "not_published", s.id
        assert (s.formats, s.commitment, s.personnel, s.structure, s.participant_limit) == (
            (),
            None,
            None,
            None,
            None,
        ), s.id
        assert s.prerequisites == () and s.objectives == (), s.id
    assert get_service("leadership-development").serves == (
        "school and district administrators, board members, association leaders, teachers and "
        "support personnel"
    )


def test_objectives_are_quoted_under_their_headings(plugin_manager: Any) -> None:
    pair = get_service("conflict-resolution").objectives
    assert [o.heading for o in pair] == [
        "The objectives of Session One include:",
        "The objectives of Session Two include:",
    ]
    assert pair[1].items[1] == "Understanding and practicing the skills of dialogue"
    dlt = get_service("dlt-slt-plc-integration").objectives
    assert [len(o.items) for o in dlt] == [5, 8, 7, 1]
    assert dlt[1].heading.startswith("District Learning Team (DLT)")  # as the catalogue heads it


def test_framework_elements_are_the_ledgers_classification(plugin_manager: Any) -> None:
    for s in list_services():
        assert s.elements, s.id
        assert s.source("elements").startswith("classification by the ledger"), s.id
