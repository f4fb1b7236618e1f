"""Each engagement check, built-in and bundled-plugin, on a ledger that trips it and on one
that does not, on both backends.

Two ledgers per backend, built once for the module: one holds, for every check, an engagement
that trips it (``tests/checks/scenarios.py``), the other the same engagements put right. Each
test runs ``cec-ledger check NAME --engagement SLUG --as-of 2025-12-31 --json`` through the
real CLI and pins what the check says: the events it names and its words.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cec_ledger.facade.ledger import Ledger
from tests.checks.scenarios import BUILD
from tests.checks.stories import AS_OF, export_lines
from tests.clihelp import invoke
from tests.conftest import postgres_schema, require_postgres_url

# check -> (its engagement, the events it names, words of its message, its severity)
EXPECTED: dict[str, tuple[str, list[str], str, str]] = {
    "transformation-without-we": (
        "t-we",
        ["t-we#10"],
        "the transformation plan was set on 2025-09-15 while the We was broken: the teachers' "
        "organization withdrew on 2025-09-10 (C. Jimenez)",
        "warning",
    ),
    "plan-without-diagnosis": (
        "p-dx",
        ["p-dx#9"],
        "the services plan was set on 2025-09-15 with no diagnosis on or before that date "
        "(none since)",
        "warning",
    ),
    "framework-coverage": (
        "f-cov",
        ["f-cov#9"],
        "the services plan in force (2025-09-15) does not address Empowering Students Through "
        "Learning, Implementing Emerging Pedagogy and Transforming the Profession",
        "warning",
    ),
    "price-rules": (
        "price",
        ["price#9"],
        "plan line foo-bar (since 2025-09-15) is not in the CEC services catalogue: its money "
        "cannot be estimated",
        "error",
    ),
    "unplanned-sessions": (
        "unplanned",
        ["unplanned#10"],
        "leadership-development was delivered on 2025-09-20 outside the services plan in force "
        "(plan of 2025-09-15) and no reason was given",
        "warning",
    ),
    "over-delivery": (
        "over",
        ["over#14"],
        "ibb-ibps: 10.00 hours delivered of 8.00 planned (plan of 2025-09-15), and the session "
        "taking it over (#14, 2025-09-29) gives no reason",
        "warning",
    ),
    "cohort-prerequisites": (
        "cohort",
        ["cohort#10"],
        "Session Two of conflict-resolution on 2025-10-01 went to cohort 'staff-a', which had "
        "no Session One before it",
        "warning",
    ),
    "coaching-without-antecedent": (
        "coach",
        ["coach#10"],
        "coaching on 2025-09-25 follows no session: no earlier session of ibb-ibps to link it to",
        "warning",
    ),
    "dlt-anchor-seats": (
        "seats",
        ["seats#9"],
        "on 2025-12-31 the DLT (dlt) has no teachers' organization member seated: C. Jimenez "
        "left on 2025-10-01",
        "warning",
    ),
    "team-stalled": (
        "stalled",
        ["stalled#5"],
        "team dlt (form) has had no stage change, no session and no work of its own recorded "
        "since 2025-01-07 (11 months; team-stalled.months is 6)",
        "warning",
    ),
    "responsibility-stalled": (
        "resp",
        ["resp#9"],
        "'facilitate DLT meetings' has been co-led since 2025-02-03 (10 months; "
        "responsibility-stalled.months is 6)",
        "warning",
    ),
    "handoff-without-overlap": (
        "handoff",
        ["handoff#9"],
        "Ana Reyes handed PLC facilitation to Priya Raman on 2025-10-01 with no overlap",
        "warning",
    ),
    "engagement-stale": (
        "stale",
        ["stale#9"],
        "stale is open and its latest event occurred on 2025-09-01, 121 days before 2025-12-31 "
        "(engagement-stale.days is 90)",
        "warning",
    ),
    "closed-without-reflection": (
        "closed",
        ["closed#9"],
        "closed closed on 2025-11-15 with no reflection recorded and no reason given for "
        "closing without one",
        "warning",
    ),
    "history-under-todays-rules": (
        "history",
        ["history#11"],
        "recorded under rules epoch 1; today's rules would refuse it: coaching follows a "
        "training, facilitating, networking or mentoring session",
        "warning",
    ),
    "plc-gan-without-service": (
        "plc-gan",
        ["plc-gan#9"],
        "GAN J (Aligning Interventions) of the PLC diagnosis of 2025-09-01 has no planned "
        "service addressing it: none of dlt-slt-plc-integration, leadership-development is a "
        "line of the plan in force (since 2025-09-15)",
        "warning",
    ),
    "baldrige-category-never-assessed": (
        "baldrige",
        ["baldrige#9"],
        "Baldrige category 7 Results (items 7.1, 7.2, 7.3, 7.4, 7.5) was never assessed in the "
        "engagement's 1 Baldrige diagnosis",
        "warning",
    ),
}

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _build(url: str, trip: bool) -> None:
    with Ledger.open(url, actor="tester", create=True) as ledger:
        ledger.import_lines(export_lines(*(build(trip) for build in BUILD.values())).splitlines())


@pytest.fixture(scope="module", params=BACKENDS)
def ledgers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[bool, str]]:
    """{True: the ledger whose engagements trip their checks, False: the one put right}."""
    if request.param == "sqlite":
        where: Path = tmp_path_factory.mktemp("checks")
        urls = {trip: str(where / f"{'trips' if trip else 'clean'}.db") for trip in (True, False)}
        for trip, url in urls.items():
            _build(url, trip)
        yield urls
        return
    base = require_postgres_url(os.environ)
    with postgres_schema(base) as trips, postgres_schema(base) as clean:
        urls = {True: trips, False: clean}
        for trip, url in urls.items():
            _build(url, trip)
        yield urls


def run_check(url: str, name: str, slug: str, *more: str):
    return invoke(
        url, "check", name, "--engagement", slug, "--as-of", AS_OF.isoformat(), "--json", *more
    )


def test_every_engagement_check_has_a_story() -> None:
    from cec_ledger.checks import all_checks

    engagement_checks = {
        name for name, c in all_checks().items() if c.scope == "engagement" and name != "schema"
    }
    assert engagement_checks == set(BUILD) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_check_trips(ledgers: dict[bool, str], name: str) -> None:
    slug, events, message, severity = EXPECTED[name]
    outcome = run_check(ledgers[True], name, slug)
    report = outcome.json()
    assert [
        (f["check"], f["events"], f["message"][: len(message)]) for f in report["findings"]
    ] == [(name, events, message)]
    assert report["findings"][0]["severity"] == severity
    assert report["findings"][0]["engagement"] == slug
    assert outcome.code == (1 if severity == "error" else 0)
    assert report["ok"] is (severity != "error")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_check_holds_once_put_right(ledgers: dict[bool, str], name: str) -> None:
    slug = EXPECTED[name][0]
    outcome = run_check(ledgers[False], name, slug, "--strict")
    assert outcome.code == 0, outcome.out
    assert outcome.json()["findings"] == []


@pytest.mark.parametrize("name", ["team-stalled", "engagement-stale"])
def test_strict_makes_a_warning_an_error(ledgers: dict[bool, str], name: str) -> None:
    slug, events, _message, _severity = EXPECTED[name]
    outcome = invoke(
        ledgers[True], "check", name, "--engagement", slug, "--as-of", "2025-12-31", "--strict"
    )
    assert outcome.code == 1
    assert outcome.out.startswith(f"error: {name}: {events[0]}: ")


def test_the_text_line_names_severity_check_event_and_problem(ledgers: dict[bool, str]) -> None:
    outcome = invoke(ledgers[True], "check", "handoff-without-overlap", "--as-of", "2025-12-31")
    assert outcome.code == 0
    assert outcome.out == (
        "warning: handoff-without-overlap: handoff#9: Ana Reyes handed PLC facilitation to "
        "Priya Raman on 2025-10-01 with no overlap\n"
    )
    assert outcome.err == "0 errors, 1 warning (1 check, 17 engagements)\n"


def test_as_of_before_the_problem_finds_nothing(ledgers: dict[bool, str]) -> None:
    """Judged as of a day before the withdrawal, the seat was still filled."""
    outcome = invoke(
        ledgers[True], "check", "dlt-anchor-seats", "-e", "seats", "--as-of", "2025-09-30"
    )
    assert (outcome.code, outcome.out) == (0, "")
