"""Issue 11 through the command line, on both backends: the services plan as the CEC services
catalogue defines it — plan lines, sessions of catalogue services (or ``--service none``),
cohorts and series, coaching that follows a session, local trainers — each rule refused in
one line with exit code 1 and the ledger unchanged (its export byte for byte); and what the
commands show: ``services list|show``, planned versus delivered in ``show``, ``--json`` and
``report``.

One small engagement per backend is built once for the module (every refusal leaves it as it
was): opened 2025-08-18, a Step 1 programme on 2025-08-25 (#2), a support plan on 2025-09-01
(#3: dlt-slt-plc-integration 16 h $5,000; conflict-resolution 8 h $2,500, 1 cohort;
leadership-development 12 h, no published price), a DLT training of 6 hours on 2025-09-02
(#4), Session One of cohort "staff-2025" with 20 participants on 2025-09-03 (#5), three
full days of the Labor-Management series outside the plan (cohort "leaders-2025", #6-#8).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clihelp import export_bytes, invoke, ok
from tests.conftest import _BACKENDS, _backend_url

E = "maple-ridge"
ON = ["--on", "2025-09-10"]


def _session(*args: str) -> list[str]:
    return [
        "session",
        "log",
        E,
        "--topic",
        "t",
        "--hours",
        "4",
        "--participants",
        "12",
        "--consultant",
        "Ana Reyes",
        *args,
    ]


def _coach(*args: str) -> list[str]:
    return [
        "session",
        "coach",
        E,
        "--topic",
        "t",
        "--hours",
        "1",
        "--participants",
        "2",
        "--consultant",
        "Ana Reyes",
        *args,
    ]


TRAINING = ["--delivery", "training"]
DLT = ["--service", "dlt-slt-plc-integration"]
CR = ["--service", "conflict-resolution"]
LMS = ["--service", "labor-management-series"]


def build(url: str) -> None:
    ok(url, "init")
    ok(
        url,
        "engagement",
        "open",
        E,
        "--name",
        "Maple Ridge CUSD 7",
        "--organisation",
        "Maple Ridge Community Unit School District 7",
        "--level",
        "district",
        "--lead-consultant",
        "Ana Reyes",
        "--on",
        "2025-08-18",
    )
    ok(url, *_session(*TRAINING, "--service", "union-leadership-development", "--on", "2025-08-25"))
    ok(
        url,
        "plan",
        "set",
        E,
        "--emphasis",
        "achievement",
        "--kind",
        "support",
        "--goal",
        "teams:Effective leadership teams",
        "--element",
        "teams:TtP",
        "--service",
        "dlt-slt-plc-integration:16:5000",
        "--service",
        "conflict-resolution:8:2500",
        "--cohorts",
        "conflict-resolution:1",
        "--service",
        "leadership-development:12",
        "--on",
        "2025-09-01",
    )
    ok(url, *_session(*TRAINING, *DLT, "--hours", "6", "--on", "2025-09-02"))
    ok(
        url,
        *_session(
            *TRAINING,
            *CR,
            "--part",
            "session_one",
            "--cohort",
            "staff-2025",
            "--participants",
            "20",
            "--on",
            "2025-09-03",
        ),
    )
    for day in ("04", "05", "08"):  # three full days of the series, outside the plan
        ok(
            url,
            *_session(
                *TRAINING,
                *LMS,
                "--part",
                "full_day",
                "--cohort",
                "leaders-2025",
                "--unplanned",
                "the board's own request",
                "--on",
                f"2025-09-{day}",
            ),
        )


@pytest.fixture(scope="module", params=_BACKENDS)
def prepared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    for url in _backend_url(request.param, Path(tmp_path_factory.mktemp("services"))):
        build(url)
        yield url


CORE = "Theory of Action, Capacity-Building Coaching Delivery Model"

# (id, command, message): every refusal is "error: <message>" on stderr, exit code 1.
REFUSALS = [
    # --- sessions name a catalogue service, or say --service none (the core)
    (
        "service-left-out",
        _session(*TRAINING, *ON),
        "name the service of the CEC services catalogue (--service ID, see 'cec-ledger "
        "services list') or say --service none for work outside the catalogue",
    ),
    (
        "outside-the-catalogue-without-a-reason",
        _session(*TRAINING, "--service", "none", *ON),
        'work outside the CEC services catalogue is outside the plan: give --unplanned "reason"',
    ),
    (
        "not-in-the-plan",
        _session("--delivery", "facilitating", "--service", "ibb-ibps", *ON),
        "ibb-ibps is not in the services plan in force on 2025-09-10 (plan of 2025-09-01): give "
        "--unplanned \"reason\" or add it with 'plan change'",
    ),
    (
        "unplanned-for-a-line",
        _session(*TRAINING, *DLT, "--unplanned", "habit", *ON),
        "--unplanned given, but dlt-slt-plc-integration is in the plan on 2025-09-10 (plan of "
        "2025-09-01): leave it out",
    ),
    (
        "over-the-planned-hours",
        _session(*TRAINING, *DLT, "--hours", "11", *ON),
        "this session takes dlt-slt-plc-integration to 17.00 of 16.00 planned hours (plan of "
        '2025-09-01): give --beyond-plan "reason" or change the plan',
    ),
    (
        "beyond-plan-within-the-hours",
        _session(*TRAINING, *DLT, "--beyond-plan", "just in case", *ON),
        "--beyond-plan given, but dlt-slt-plc-integration stays within its hours (10 of 16 "
        "planned): leave it out",
    ),
    # --- the Coaching Delivery Model (the core)
    (
        "coaching-logged-as-a-session",
        _session("--delivery", "coaching", *DLT, *ON),
        "coaching follows a training, facilitating, networking or mentoring session (Theory of "
        "Action, Capacity-Building Coaching Delivery Model): record it with 'session coach "
        "--follows N'",
    ),
    (
        "coaching-follows-no-session",
        _coach("--follows", "3", *ON),
        "coaching follows #3 is not a session (it is a DirectionSet)",
    ),
    (
        "coaching-before-its-session",
        _coach("--follows", "5", "--on", "2025-09-02"),
        "#5 occurred on 2025-09-03, after this coaching (2025-09-02)",
    ),
    (
        "coaching-with-another-purpose",
        _coach("--follows", "4", "--purpose", "mentor_role", *ON),
        'coaching after training (#4): "Following training, coaching provides informed '
        "reflection and support to those leading out new implementations in a district or "
        f"school.\" ({CORE}); purpose 'mentor_role' belongs after mentoring",
    ),
    # --- the catalogue's rules (the services plugin)
    (
        "unknown-service",
        _session(*TRAINING, "--service", "conflict-resolutoin", *ON),
        "'conflict-resolutoin' is not in the CEC services catalogue; closest: "
        "conflict-resolution; for work outside the catalogue use --service none",
    ),
    (
        "series-without-a-part",
        _session(*TRAINING, *CR, "--cohort", "staff-2025", *ON),
        "Conflict Resolution/Working Relationships sessions name their part: session_one or "
        "session_two (the CEC services catalogue: 'a pair of training sessions')",
    ),
    (
        "series-without-a-cohort",
        _session(*TRAINING, *CR, "--part", "session_two", *ON),
        "name the cohort (--cohort) for Conflict Resolution/Working Relationships: Session Two "
        "'is only available to those who complete Session One' (the CEC services catalogue)",
    ),
    (
        "series-session-of-five-hours",
        _session(
            *TRAINING, *CR, "--part", "session_two", "--cohort", "staff-2025", "--hours", "5", *ON
        ),
        "Conflict Resolution/Working Relationships sessions are four hours (the CEC services "
        "catalogue: 'two, four-hour sessions'); got 5",
    ),
    (
        "more-than-fifty",
        _session(
            *TRAINING, *CR, "--part", "session_one", "--cohort", "big", "--participants", "60", *ON
        ),
        "Conflict Resolution/Working Relationships sessions accommodate up to 50 participants "
        "(the CEC services catalogue); got 60",
    ),
    (
        "session-two-without-session-one",
        _session(*TRAINING, *CR, "--part", "session_two", "--cohort", "mrms-2025", *ON),
        "cohort 'mrms-2025' has no Session One on or before 2025-09-10: Session Two 'is only "
        "available to those who complete Session One' (the CEC services catalogue)",
    ),
    (
        "session-two-larger-than-session-one",
        _session(
            *TRAINING,
            *CR,
            "--part",
            "session_two",
            "--cohort",
            "staff-2025",
            "--participants",
            "22",
            *ON,
        ),
        "cohort 'staff-2025' had 20 participants in Session One (2025-09-03); Session Two is "
        "only for those who completed it: got 22",
    ),
    (
        "session-one-twice",
        _session(*TRAINING, *CR, "--part", "session_one", "--cohort", "staff-2025", *ON),
        "cohort 'staff-2025' already had Session One on 2025-09-03; a new group is a new cohort",
    ),
    (
        "series-facilitated",
        _session("--delivery", "facilitating", *CR, "--part", "session_two", "--cohort", "x", *ON),
        "Conflict Resolution/Working Relationships is a training (the CEC services catalogue: "
        "'a pair of training sessions'): record it as training",
    ),
    (
        "targeted-support-before-any-plan",
        _session("--delivery", "facilitating", "--service", "ibb-ibps", "--on", "2025-08-26"),
        "ibb-ibps is targeted support (the CEC services catalogue) and no services plan is in "
        "force on 2025-08-26 (Theory of Action, Step 3 sets the plan Step 5 delivers): give "
        '--unplanned "reason"',
    ),
    # --- out of the core's bounds: the core's words, not the catalogue's
    (
        "series-session-over-a-day",
        _session(
            *TRAINING, *CR, "--part", "session_two", "--cohort", "staff-2025", "--hours", "30", *ON
        ),
        "hours must be more than 0 and at most 24 for one session, got 30",
    ),
    (
        "plan-line-with-a-negative-budget",
        ["plan", "change", E, "--reason", "r", "--add-service", "ibb-ibps:8:-5", *ON],
        "budget for ibb-ibps must be between $0 and $10,000,000, got $-5",
    ),
    (
        "series-mixes-formats",
        _session(
            *TRAINING,
            *LMS,
            "--part",
            "half_day",
            "--cohort",
            "leaders-2025",
            "--unplanned",
            "r",
            *ON,
        ),
        "cohort 'leaders-2025' takes the series in full days (first session 2025-09-04); the "
        "CEC services catalogue offers '3 full days or 6 half day sessions', not a mix",
    ),
    (
        "series-a-fourth-full-day",
        _session(
            *TRAINING,
            *LMS,
            "--part",
            "full_day",
            "--cohort",
            "leaders-2025",
            "--unplanned",
            "r",
            *ON,
        ),
        "cohort 'leaders-2025' has had its 3 full days",
    ),
    (
        "series-day-over-eight-hours",
        _session(
            *TRAINING,
            *LMS,
            "--part",
            "full_day",
            "--cohort",
            "leaders-2026",
            "--hours",
            "9",
            "--unplanned",
            "r",
            *ON,
        ),
        "a full-day session of the Listen to Learn to Lead series is at most 8 hours; got 9",
    ),
    # --- plan lines (the services plugin)
    (
        "plan-line-not-in-the-catalogue",
        ["plan", "change", E, "--reason", "r", "--add-service", "foo-bar:8:2500", *ON],
        "'foo-bar' is not in the CEC services catalogue; see 'cec-ledger services list'",
    ),
    (
        "plan-line-name-typed",
        ["plan", "change", E, "--reason", "r", "--add-service", "ibb-ibps:8:2500:IBB", *ON],
        "'ibb-ibps:8:2500:IBB': a line's name comes from the CEC services catalogue; give "
        "SERVICE_ID:HOURS[:BUDGET]",
    ),
    (
        "plan-line-below-the-starting-price",
        ["plan", "change", E, "--reason", "r", "--add-service", "ibb-ibps:16:2000", *ON],
        "budget $2,000 for 16 hours of ibb-ibps is below the catalogue's starting price of "
        "$5,000 (2 blocks of up to 8 hours at $2,500); give --price-note to record why",
    ),
    (
        "plan-line-without-a-published-price",
        [
            "plan",
            "change",
            E,
            "--reason",
            "r",
            "--add-service",
            "leadership-development:12:4000",
            *ON,
        ],
        "the CEC services catalogue publishes no price for leadership-development: leave the "
        "budget out, or give --price-note saying where $4,000 comes from",
    ),
    (
        "plan-line-price-published-no-budget",
        ["plan", "change", E, "--reason", "r", "--add-service", "ibb-ibps:8", *ON],
        "the CEC services catalogue publishes a price for ibb-ibps ('Budget Range: Starting at "
        "$2,500 for up to 8 hours of facilitation'): give a budget",
    ),
    (
        "plan-line-per-cohort-without-cohorts",
        [
            "plan",
            "change",
            E,
            "--reason",
            "r",
            "--add-service",
            "labor-management-series:24:7500",
            *ON,
        ],
        "labor-management-series is priced per cohort ('Budget Range: $7,500' for the series): "
        "give --cohorts labor-management-series:N",
    ),
    (
        "plan-line-cohorts-on-a-block-price",
        ["plan", "change", E, "--reason", "r", "--cohorts", "dlt-slt-plc-integration:2", *ON],
        "cohorts apply only to conflict-resolution and labor-management-series",
    ),
    (
        "plan-line-a-cohort-is-two-sessions",
        [
            "plan",
            "change",
            E,
            "--reason",
            "r",
            "--add-service",
            "conflict-resolution:12:5000",
            "--cohorts",
            "conflict-resolution:2",
            *ON,
        ],
        "one cohort of Conflict Resolution/Working Relationships is two four-hour sessions (8 "
        "hours); 12 hours are planned for 2 cohorts",
    ),
    # --- training local trainers
    (
        "local-trainers-without-their-sessions",
        [
            "transfer",
            E,
            "run DLT team training",
            "--level",
            "co-led",
            "--holder",
            "Lisa Chen",
            *DLT,
            *ON,
        ],
        f"a responsibility to deliver a catalogue service names the sessions that prepared its "
        f"holders (the {CORE} 'trains local trainers'): give --prepared-by N",
    ),
    (
        "local-trainers-prepared-by-another-service",
        [
            "transfer",
            E,
            "run DLT team training",
            "--level",
            "co-led",
            "--holder",
            "Lisa Chen",
            *DLT,
            "--prepared-by",
            "5",
            *ON,
        ],
        "prepared_by #5 is not a training or mentoring session of dlt-slt-plc-integration (it "
        "is training of conflict-resolution)",
    ),
    (
        "local-trainers-of-an-unknown-service",
        [
            "transfer",
            E,
            "run it",
            "--level",
            "co-led",
            "--holder",
            "Lisa Chen",
            "--service",
            "dlt",
            "--prepared-by",
            "4",
            *ON,
        ],
        "'dlt' is not in the CEC services catalogue; see 'cec-ledger services list'",
    ),
]


@pytest.mark.parametrize(
    ("command", "message"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS]
)
def test_refused_in_one_line_and_nothing_written(
    prepared: str, command: list[str], message: str
) -> None:
    before = export_bytes(prepared)
    outcome = invoke(prepared, *command)
    assert (outcome.code, outcome.err) == (1, f"error: {message}\n")
    assert export_bytes(prepared) == before


def test_services_list_and_show(prepared: str) -> None:
    rows = ok(None, "services", "list", "--json").json()
    by_id = {r["id"]: r for r in rows}
    assert by_id["conflict-resolution"]["sessions"] == {
        "alternatives": False,
        "parts": [
            {"part": "session_one", "max_hours": "4", "count": 1},
            {"part": "session_two", "max_hours": "4", "count": 1},
        ],
    }
    assert by_id["labor-management-series"]["price"] == "$7,500 for the series"
    assert by_id["ibb-ibps"]["price"] == "from $2,500 per block of up to 8 hours"
    assert by_id["leadership-development"]["price"] == "no published price"
    assert [r["kind"] for r in rows][:5] == ["targeted_support"] * 5
    text = ok(None, "services", "list").out
    assert "conflict-resolution" in text and "$2,500 / the pair" in text
    shown = ok(None, "services", "show", "conflict-resolution", "--json").json()
    assert {
        "figure": "participant_limit",
        "sentence": (
            "These sessions can accommodate up to 50 participants but can also be designed for "
            "smaller groups."
        ),
    } in shown["sources"]
    page = ok(None, "services", "show", "conflict-resolution").out
    assert "participant limit: 50" in page and "Budget Range: $2,500" in page
    missing = invoke(None, "services", "show", "conflict-resolution-2")
    assert (missing.code, missing.err) == (
        1,
        "error: 'conflict-resolution-2' is not in the CEC services catalogue; closest: "
        "conflict-resolution\n",
    )


@pytest.fixture(params=_BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    for url in _backend_url(request.param, tmp_path):
        build(url)
        yield url


def test_what_is_accepted_and_how_it_shows(fresh: str) -> None:
    coaching = ok(fresh, *_coach("--follows", "4", "--json", *ON)).json()
    assert (coaching["data"]["service_id"], coaching["data"]["purpose"]) == (
        "dlt-slt-plc-integration",
        "reflection_and_support",
    )
    ok(fresh, *_session(*TRAINING, *CR, "--part", "session_two", "--cohort", "staff-2025", *ON))
    ok(fresh, *_session(*TRAINING, "--service", "none", "--unplanned", "a board briefing", *ON))
    ok(fresh, *_session(*TRAINING, *DLT, "--hours", "10", "--beyond-plan", "the DLT asked", *ON))
    ok(
        fresh,
        "transfer",
        E,
        "run DLT team training",
        "--level",
        "co-led",
        "--holder",
        "Lisa Chen",
        *DLT,
        "--prepared-by",
        "4",
        *ON,
    )
    state = ok(fresh, "engagement", "show", E, "--json").json()
    pvd = state["planned_vs_delivered"]
    rows = {r["service_id"]: r for r in pvd["lines"]}
    # 6 + 1 (coaching) + 10 hours: 3 blocks of up to 8 hours started, 1 hour beyond the plan.
    assert rows["dlt-slt-plc-integration"]["delivered"] == {
        "sessions": 2,
        "followups": 1,
        "hours": "17.00",
        "sessions_hours": "16.00",
        "followups_hours": "1.00",
        "cohorts_started": [],
        "blocks_started": 3,
        "money": "7500.00",
    }
    assert rows["dlt-slt-plc-integration"]["over"] == {"hours": "1.00", "budget": "2500.00"}
    assert rows["conflict-resolution"]["delivered"]["cohorts_started"] == ["staff-2025"]
    assert rows["leadership-development"]["delivered"]["money"] is None
    assert [g["reason"] for g in pvd["outside"]] == ["step1_work", "unplanned", "outside_catalogue"]
    text = ok(fresh, "engagement", "show", E).out
    section = text.split("Planned vs delivered\n", 1)[1]
    assert max(len(line) for line in section.splitlines()) <= 80
    assert "  dlt-slt-plc-integration       16.00  17.00  +1.00  $5,000  $7,500 (3 blocks)" in (
        section
    )
    report = ok(fresh, "report", E).out
    assert "## Planned vs delivered" in report
    assert "█ delivered  ░ planned  ▓ beyond the plan" in report
    html = ok(fresh, "report", E, "--format", "html").out
    assert 'aria-label="Planned versus delivered hours per plan line"' in html
    # As of a date: the plan and the sessions that had occurred by then.
    earlier = ok(fresh, "engagement", "show", E, "--as-of", "2025-09-02", "--json").json()
    (dlt,) = [
        r for r in earlier["planned_vs_delivered"]["lines"] if r["service_id"].startswith("dlt")
    ]
    assert dlt["delivered"]["hours"] == "6.00"
    # plan delivery: the same figures, alone.
    alone = ok(fresh, "plan", "delivery", E, "--json").json()
    assert alone["lines"] == pvd["lines"] and alone["engagement"] == E
    table = ok(fresh, "plan", "delivery", E, "--as-of", "2025-09-02").out
    assert table.splitlines()[0] == "Maple Ridge CUSD 7: the plan of 2025-09-01 as of 2025-09-02"
    assert "  dlt-slt-plc-integration       16.00   6.00  10.00  $5,000  $2,500 (1 block)" in (
        table.splitlines()
    )
    responsibility = state["responsibilities"][0]
    assert (responsibility["service_id"], responsibility["prepared_by"]) == (
        "dlt-slt-plc-integration",
        [4],
    )


def test_cohorts_and_price_notes_change_a_line_of_the_plan(fresh: str) -> None:
    ok(
        fresh,
        "plan",
        "change",
        E,
        "--reason",
        "a second cohort; the board's quote for leadership development",
        "--add-service",
        "conflict-resolution:16:5000",
        "--cohorts",
        "conflict-resolution:2",
        "--price-note",
        "leadership-development:CEC's written quote of 2025-09-05",
        *ON,
    )
    plan = ok(fresh, "engagement", "show", E, "--json").json()["plan"]
    lines = {line["service_id"]: line for line in plan["services"]}
    assert (lines["conflict-resolution"]["cohorts"], lines["conflict-resolution"]["hours"]) == (
        2,
        "16.00",
    )
    assert lines["leadership-development"]["price_note"] == "CEC's written quote of 2025-09-05"
    assert lines["leadership-development"]["price_rule"]["kind"] == "not_published"
