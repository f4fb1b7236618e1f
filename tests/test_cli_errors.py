"""Every domain rule and bad input: one line on stderr, the right exit code, nothing written.

Each case runs against a small engagement (see ``base_engagement``) on both backends and
checks the message, the exit code (1 for a rule or bad data, 2 for usage) and that the
export of the whole ledger is byte-for-byte what it was before.
"""

from __future__ import annotations

import pytest

from tests.clihelp import base_engagement, export_bytes, invoke, ok

E = "maple-ridge"
COMMIT = ["commit", E, "--signatory", "X", "--instrument", "compact"]
# A session of a catalogue service before any services plan (rules epoch 3: a reason).
SESSION = [
    "session",
    "log",
    E,
    "--delivery",
    "training",
    "--service",
    "dlt-slt-plc-integration",
    "--unplanned",
    "before the services plan",
    "--topic",
    "t",
    "--consultant",
    "A",
]

# (id, extra setup commands, failing command, exit code, message fragment)
CASES = [
    (
        "unknown-engagement",
        [],
        ["commit", "nope", "--anchor", "board", "--signatory", "X", "--instrument", "compact"],
        1,
        "unknown engagement 'nope'",
    ),
    (
        "anchor-not-one-of-three",
        [],
        [*COMMIT, "--anchor", "union"],
        1,
        "anchor 'union' is not one of: board, administration, teachers_organization",
    ),
    (
        "bad-instrument",
        [],
        [*COMMIT, "--anchor", "administration", "--instrument", "letter"],
        1,
        "instrument 'letter' is not one of",
    ),
    (
        "anchor-already-committed",
        [],
        [*COMMIT, "--anchor", "board"],
        1,
        "board already committed on 2025-09-02",
    ),
    (
        "withdraw-uncommitted",
        [],
        ["withdraw", E, "--anchor", "administration", "--reason", "r"],
        1,
        "administration has no commitment to withdraw",
    ),
    (
        "plan-change-before-plan",
        [],
        ["plan", "change", E, "--reason", "shift", "--emphasis", "achievement"],
        1,
        "no services plan to change",
    ),
    (
        "plan-set-twice",
        [["plan", "set", E, "--emphasis", "achievement", "--kind", "support"]],
        ["plan", "set", E, "--emphasis", "achievement", "--kind", "support"],
        1,
        "a services plan was set on",
    ),
    (
        "plan-change-changes-nothing",
        [["plan", "set", E, "--emphasis", "achievement", "--kind", "support"]],
        ["plan", "change", E, "--reason", "r", "--emphasis", "achievement"],
        1,
        "changes nothing",
    ),
    (
        "plan-change-needs-reason",
        [],
        ["plan", "change", E, "--emphasis", "culture"],
        2,
        "Missing option '--reason'",
    ),
    (
        "gan-not-diagnosed",
        [],
        ["plan", "set", E, "--emphasis", "achievement", "--kind", "support", "--gan", "Q"],
        1,
        "GAN 'Q' is not a diagnosed indicator",
    ),
    (
        "bad-service-spec",
        [],
        [
            "plan",
            "set",
            E,
            "--emphasis",
            "achievement",
            "--kind",
            "support",
            "--service",
            "ibb-ibps",
        ],
        2,
        "use SERVICE_ID:HOURS[:BUDGET]",
    ),
    (
        "negative-budget",
        [],
        [
            "plan",
            "set",
            E,
            "--emphasis",
            "culture",
            "--kind",
            "support",
            "--service",
            "ibb-ibps:8:-5",
        ],
        1,
        "budget for ibb-ibps must be between $0 and $10,000,000, got $-5",
    ),
    (
        "unknown-team-join",
        [],
        ["team", "join", E, "slt", "A", "--role", "teacher"],
        1,
        "unknown team 'slt' (teams: dlt)",
    ),
    (
        "unknown-member-leave",
        [],
        ["team", "leave", E, "dlt", "Nobody"],
        1,
        "unknown member 'Nobody' of 'dlt'",
    ),
    (
        "member-twice",
        [],
        ["team", "join", E, "dlt", "Dana Whitfield", "--role", "teacher"],
        1,
        "Dana Whitfield is already a member of 'dlt'",
    ),
    (
        "team-twice",
        [],
        ["team", "form", E, "dlt", "--kind", "dlt", "--name", "x"],
        1,
        "team 'dlt' already exists",
    ),
    (
        "bad-team-kind",
        [],
        ["team", "form", E, "x", "--kind", "squad", "--name", "x"],
        1,
        "team kind 'squad' is not one of",
    ),
    (
        "stage-skips-ahead",
        [],
        ["team", "stage", E, "dlt", "perform"],
        1,
        "cannot skip from 'form' to 'perform' (first: norm)",
    ),
    (
        "stage-back-needs-reason",
        [["team", "stage", E, "dlt", "norm", "--on", "2025-10-01"]],
        ["team", "stage", E, "dlt", "form"],
        1,
        "needs a reason",
    ),
    (
        "stage-not-defined",
        [],
        ["team", "stage", E, "dlt", "storming"],
        1,
        "team stage 'storming' is not one of: form, norm, perform, sustain",
    ),
    (
        "future-date",
        [],
        [*SESSION, "--hours", "1", "--participants", "3", "--on", "2999-01-01"],
        1,
        "is in the future",
    ),
    (
        "before-opened",
        [],
        [*SESSION, "--hours", "1", "--participants", "3", "--on", "2024-01-01"],
        1,
        "is before engagement 'maple-ridge' opened",
    ),
    (
        "date-does-not-parse",
        [],
        [*SESSION, "--hours", "1", "--participants", "3", "--on", "next blursday"],
        1,
        "date 'next blursday' does not parse",
    ),
    (
        "hours-zero",
        [],
        [*SESSION, "--hours", "0", "--participants", "3"],
        1,
        "hours must be more than 0 and at most 24 for one session, got 0",
    ),
    (
        "hours-not-a-number",
        [],
        [*SESSION, "--hours", "lots", "--participants", "3"],
        1,
        "hours must be a number",
    ),
    (
        "participants-zero",
        [],
        [*SESSION, "--hours", "1", "--participants", "0"],
        1,
        "participants must be a whole number from 1 to 100,000, got 0",
    ),
    (
        "participants-not-int",
        [],
        [*SESSION, "--hours", "1", "--participants", "many"],
        2,
        "'many' is not a valid integer",
    ),
    (
        "session-unknown-team",
        [],
        [*SESSION, "--hours", "1", "--participants", "3", "--team", "plc-9"],
        1,
        "unknown team 'plc-9'",
    ),
    (
        "handoff-same-person",
        [],
        ["handoff", E, "--from", "A", "--to", "A", "--content-area", "x"],
        1,
        "two different consultants",
    ),
    (
        "handoff-overlap-before",
        [],
        [
            "handoff",
            E,
            "--from",
            "A",
            "--to",
            "B",
            "--content-area",
            "x",
            "--overlap-until",
            "2025-01-01",
            "--on",
            "2025-10-01",
        ],
        1,
        "is before the handoff",
    ),
    (
        "bad-release-level",
        [],
        ["transfer", E, "run data cycle", "--level", "mostly", "--holder", "x"],
        1,
        "release level 'mostly' is not one of",
    ),
    (
        "outcome-wrong-tier",
        [],
        ["outcome", E, "--tier", "long_term", "--dimension", "policy_changes", "--evidence", "x"],
        1,
        "dimension 'policy_changes' belongs to the short_term tier, not long_term",
    ),
    ("reflect-empty", [], ["reflect", E], 1, "a reflection needs at least one"),
    (
        "correct-missing-event",
        [],
        ["correct", E, "99", "--reason", "x", "--set", "note=y"],
        1,
        "has no event #99 to correct",
    ),
    (
        "correct-identity-field",
        [],
        ["correct", E, "3", "--reason", "x", "--set", "team_id=slt"],
        1,
        "'team_id' cannot be corrected",
    ),
    (
        "correct-recorded-by",
        [],
        ["correct", E, "2", "--reason", "x", "--set", "recorded_by=mallory"],
        1,
        "'recorded_by' cannot be corrected",
    ),
    (
        "correct-unknown-field",
        [],
        ["correct", E, "2", "--reason", "x", "--set", "colour=red"],
        1,
        "'colour' cannot be corrected",
    ),
    (
        "correct-a-correction",
        [["correct", E, "2", "--reason", "typo", "--set", "signatory=R. Alvarez-Ruiz"]],
        ["correct", E, "6", "--reason", "x", "--set", "reason=y"],
        1,
        "itself a correction",
    ),
    (
        "correct-breaks-history",
        [["team", "stage", E, "dlt", "norm", "--on", "2025-10-01"]],
        ["correct", E, "3", "--reason", "x", "--set", "occurred_on=2025-11-01"],
        1,
        "correction refused: with it, event #4 would break a rule",
    ),
    (
        "correct-changes-nothing",
        [],
        ["correct", E, "2", "--reason", "x", "--set", "signatory=R. Alvarez"],
        1,
        "the correction changes nothing",
    ),
    (
        "correct-bad-set",
        [],
        ["correct", E, "2", "--reason", "x", "--set", "signatory"],
        2,
        "use FIELD=VALUE",
    ),
    (
        "closed-engagement",
        [
            [
                "engagement",
                "close",
                E,
                "--reason",
                "done",
                "--without-reflection",
                "ended early",
                "--on",
                "2025-12-01",
            ]
        ],
        [*COMMIT, "--anchor", "administration"],
        1,
        "was closed on 2025-12-01",
    ),
    (
        "close-twice",
        [["engagement", "close", E, "--reason", "done", "--without-reflection", "ended early"]],
        ["engagement", "close", E, "--reason", "again"],
        1,
        "was closed on",
    ),
    (
        "slug-exists",
        [],
        [
            "engagement",
            "open",
            E,
            "--name",
            "x",
            "--organisation",
            "y",
            "--level",
            "district",
            "--entry-point",
            "system_assessment",
        ],
        1,
        "an engagement with slug 'maple-ridge' already exists",
    ),
    (
        "bad-slug",
        [],
        [
            "engagement",
            "open",
            "Maple Ridge!",
            "--name",
            "x",
            "--organisation",
            "y",
            "--level",
            "district",
            "--entry-point",
            "system_assessment",
        ],
        1,
        "must be lower-case letters, digits and hyphens",
    ),
    (
        "bad-entry-point",
        [],
        [
            "engagement",
            "open",
            "oak",
            "--name",
            "x",
            "--organisation",
            "y",
            "--level",
            "district",
            "--entry-point",
            "vibes",
        ],
        1,
        "diagnostic entry point 'vibes' is not one of",
    ),
    (
        "bad-level",
        [],
        [
            "engagement",
            "open",
            "oak",
            "--name",
            "x",
            "--organisation",
            "y",
            "--level",
            "county",
        ],
        1,
        "level 'county' is not one of: district, school, state, labor_management_group",
    ),
    ("missing-option", [], ["commit", E, "--anchor", "board"], 2, "Missing option"),
    ("unknown-option", [], ["timeline", "--colour"], 2, "No such option '--colour'"),
    ("unknown-command", [], ["frobnicate"], 2, "No such command 'frobnicate'"),
    ("timeline-unknown-type", [], ["timeline", "--type", "Nope"], 1, "unknown event type Nope"),
    ("timeline-bad-since", [], ["timeline", "--since", "soon"], 1, "--since 'soon' does not parse"),
    (
        "show-as-of-before-open",
        [],
        ["engagement", "show", E, "--as-of", "2020-01-01"],
        1,
        "had not opened by 2020-01-01",
    ),
    (
        "show-known-at-bad",
        [],
        ["engagement", "show", E, "--known-at", "noonish"],
        1,
        "--known-at 'noonish' does not parse",
    ),
    (
        "diff-reversed",
        [],
        ["diff", E, "--from", "2025-12-01", "--to", "2025-10-01"],
        1,
        "is before --from",
    ),
    (
        "diagnose-unknown-framework",
        [],
        ["diagnose", E, "--framework", "nope", "--assessor", "x", "--ratings", "missing.json"],
        1,
        "nope",
    ),
    ("seal-bad-position", [], ["seal", "--position", "999"], 1, "position must be between 1"),
    # ---- issue 10, finding 2: what existed on a date (the message names both dates)
    (
        "session-names-a-team-formed-later",
        [
            [
                "team",
                "form",
                E,
                "slt-x",
                "--kind",
                "slt",
                "--name",
                "SLT X",
                "--parent",
                "dlt",
                "--school",
                "Oak Elementary",
                "--on",
                "2025-10-23",
            ]
        ],
        [*SESSION, "--hours", "1", "--participants", "3", "--team", "slt-x", "--on", "2025-10-01"],
        1,
        "team 'slt-x' was formed on 2025-10-23; a session on 2025-10-01 cannot name it",
    ),
    (
        "member-leaves-before-joining",
        [],
        ["team", "leave", E, "dlt", "Dana Whitfield", "--on", "2025-09-05"],
        1,
        "team 'dlt' was formed on 2025-09-10; a member leaving on 2025-09-05 cannot name it",
    ),
    (
        "plan-change-before-the-plan",
        [
            [
                "plan",
                "set",
                E,
                "--emphasis",
                "achievement",
                "--kind",
                "support",
                "--on",
                "2025-10-01",
            ]
        ],
        ["plan", "change", E, "--reason", "r", "--emphasis", "achievement", "--on", "2025-09-25"],
        1,
        "the plan last changed on 2025-10-01; a change on 2025-09-25 cannot occur before that",
    ),
    (
        "withdrawal-before-the-commitment",
        [],
        ["withdraw", E, "--anchor", "board", "--reason", "r", "--on", "2025-08-30"],
        1,
        "board committed on 2025-09-02; a withdrawal on 2025-08-30 cannot come before that",
    ),
    (
        "transfer-before-the-last-one",
        [
            [
                "transfer",
                E,
                "run the data cycle",
                "--level",
                "co-led",
                "--holder",
                "x",
                "--on",
                "2025-10-01",
            ]
        ],
        [
            "transfer",
            E,
            "run the data cycle",
            "--level",
            "district-led-with-coaching",
            "--holder",
            "y",
            "--on",
            "2025-09-25",
        ],
        1,
        "'run the data cycle' last moved on 2025-10-01; a transfer on 2025-09-25 cannot",
    ),
    (
        "handoff-from-someone-not-on-the-engagement",
        [],
        [
            "handoff",
            E,
            "--from",
            "Zed",
            "--to",
            "Ana Reyes",
            "--content-area",
            "PLCs",
            "--on",
            "2025-10-01",
        ],
        1,
        "Zed is not on it; a handoff on 2025-10-01 cannot come from them",
    ),
    # ---- finding 9: numbers and text, in users' words
    (
        "hours-over-a-day",
        [],
        [*SESSION, "--hours", "40", "--participants", "3"],
        1,
        "hours must be more than 0 and at most 24 for one session, got 40",
    ),
    (
        "hours-negative",
        [],
        [*SESSION, "--hours", "-3", "--participants", "3"],
        1,
        "hours must be more than 0 and at most 24 for one session, got -3",
    ),
    (
        "hours-exponent-huge",
        [],
        [*SESSION, "--hours", "1e9", "--participants", "3"],
        1,
        "at most 24 for one session, got 1,000,000,000",
    ),
    (
        "hours-twenty-digits",
        [],
        [*SESSION, "--hours", "99999999999999999999", "--participants", "3"],
        1,
        "at most 24 for one session, got 99,999,999,999,999,999,999",
    ),
    (
        "hours-three-decimals",
        [],
        [*SESSION, "--hours", "1.125", "--participants", "3"],
        1,
        "hours must have at most 2 decimals, got 1.125",
    ),
    (
        "participants-too-many",
        [],
        [*SESSION, "--hours", "1", "--participants", "100001"],
        1,
        "participants must be a whole number from 1 to 100,000, got 100,001",
    ),
    (
        "topic-of-100-kb",
        [],
        [
            *SESSION[:-4],
            "--topic",
            "x" * 102_400,
            "--consultant",
            "A",
            "--hours",
            "1",
            "--participants",
            "3",
        ],
        1,
        "topic must be one line of at most 200 characters without control characters (got 102,400 characters)",
    ),
    (
        "note-over-10000-characters",
        [],
        [*COMMIT, "--anchor", "administration", "--note", "n" * 10_001],
        1,
        "note must be at most 10,000 characters (got 10,001)",
    ),
    (
        "name-with-a-control-character",
        [],
        [*COMMIT, "--anchor", "administration", "--signatory", "R.\x1b[31m A"],
        1,
        "signatory must be one line of at most 200 characters without control characters",
    ),
    (
        "budget-over-ten-million",
        [],
        [
            "plan",
            "set",
            E,
            "--emphasis",
            "culture",
            "--kind",
            "support",
            "--service",
            "ibb-ibps:8:12000000",
        ],
        1,
        "budget for ibb-ibps must be between $0 and $10,000,000, got $12,000,000",
    ),
    (
        "plan-hours-over-2000",
        [],
        [
            "plan",
            "set",
            E,
            "--emphasis",
            "culture",
            "--kind",
            "support",
            "--service",
            "ibb-ibps:2001:100",
        ],
        1,
        "planned hours for ibb-ibps must be more than 0 and at most 2,000, got 2,001",
    ),
    # ---- finding 6: a closed engagement takes corrections, and nothing else
    (
        "closed-engagement-takes-no-session",
        [
            [
                "engagement",
                "close",
                E,
                "--reason",
                "done",
                "--without-reflection",
                "ended early",
                "--on",
                "2025-12-01",
            ]
        ],
        [*SESSION, "--hours", "1", "--participants", "3"],
        1,
        "nothing more can be recorded (corrections stay possible)",
    ),
    # ---- finding 5: a correction compares with the event as corrected
    (
        "correct-repeats-an-earlier-correction",
        [["correct", E, "5", "--reason", "ran 3 h", "--set", "hours=3"]],
        ["correct", E, "5", "--reason", "again", "--set", "hours=3"],
        1,
        "the correction changes nothing: event #5 already has those values (as corrected)",
    ),
    (
        "correct-session-to-40-hours",
        [],
        ["correct", E, "5", "--reason", "x", "--set", "hours=40"],
        1,
        "event #5 would break a rule: hours must be more than 0 and at most 24",
    ),
    (
        "correct-moves-a-session-before-its-team",
        [],
        ["correct", E, "5", "--reason", "x", "--set", "occurred_on=2025-09-05"],
        1,
        "team 'dlt' was formed on 2025-09-10; a session on 2025-09-05 cannot name it",
    ),
    ("verify-bad-seal", [], ["verify", "--seal", "abc"], 1, "is not of the form cec-seal-v1"),
]


@pytest.mark.parametrize(
    ("setup", "command", "code", "message"), [pytest.param(*case[1:], id=case[0]) for case in CASES]
)
def test_refused_with_one_line_and_nothing_written(
    ledger_url: str, setup: list[list[str]], command: list[str], code: int, message: str
) -> None:
    base_engagement(ledger_url)
    for extra in setup:
        ok(ledger_url, *extra)
    before = export_bytes(ledger_url)
    outcome = invoke(ledger_url, *command)
    assert outcome.code == code, outcome.err
    assert message in outcome.err
    assert outcome.err.startswith("error: ")
    assert outcome.err.count("\n") == 1, f"more than one line: {outcome.err!r}"
    assert "Traceback" not in outcome.err + outcome.out
    assert export_bytes(ledger_url) == before


# Every refusal above of a *stored form* (a value out of its vocabulary, its pattern or its
# bounds) is also rejected by the published schema: the case id, the event type and the
# change to a valid line's data that the refused command would have stored.
# A plan line as the ledger stores it (rules epoch 3: with its catalogue snapshot).
PLAN_LINE = {
    "service_id": "ibb-ibps",
    "name": "",
    "hours": "8.00",
    "budget": "2500.00",
    "price_note": None,
    "cohorts": None,
    "kind": "targeted_support",
    "price_rule": {"kind": "block", "amount": "2500", "block_hours": "8", "per": None},
}
STORED_FORM = {
    "anchor-not-one-of-three": ("AnchorCommitted", {"anchor": "union"}),
    "bad-instrument": ("AnchorCommitted", {"instrument": "letter"}),
    "negative-budget": (
        "DirectionSet",
        {"services": [{**PLAN_LINE, "budget": "-5.00"}]},
    ),
    "budget-over-ten-million": (
        "DirectionSet",
        {"services": [{**PLAN_LINE, "budget": "12000000.00"}]},
    ),
    "plan-hours-over-2000": (
        "DirectionSet",
        {"services": [{**PLAN_LINE, "hours": "2001.00", "budget": "1.00"}]},
    ),
    "bad-team-kind": ("TeamFormed", {"kind": "squad"}),
    "stage-not-defined": ("TeamStageAdvanced", {"stage": "storming"}),
    "hours-zero": ("SessionDelivered", {"hours": "0.00"}),
    "hours-negative": ("SessionDelivered", {"hours": "-3.00"}),
    "hours-over-a-day": ("SessionDelivered", {"hours": "40.00"}),
    "hours-exponent-huge": ("SessionDelivered", {"hours": "1E+9"}),
    "hours-twenty-digits": ("SessionDelivered", {"hours": "99999999999999999999.00"}),
    "hours-three-decimals": ("SessionDelivered", {"hours": "1.125"}),
    "participants-zero": ("SessionDelivered", {"participants": 0}),
    "participants-too-many": ("SessionDelivered", {"participants": 100_001}),
    "topic-of-100-kb": ("SessionDelivered", {"topic": "x" * 102_400}),
    "note-over-10000-characters": ("AnchorCommitted", {"note": "n" * 10_001}),
    "name-with-a-control-character": ("AnchorCommitted", {"signatory": "R.\x1b[31m A"}),
    "bad-release-level": ("ResponsibilityTransferred", {"release_level": "mostly"}),
    "outcome-wrong-tier": ("OutcomeObserved", {"tier": "long_term", "dimension": "nope"}),
    "bad-slug": ("EngagementOpened", {"slug": "Maple Ridge!"}),
    "bad-entry-point": ("EngagementOpened", {"entry_point": "vibes"}),
    "bad-level": ("EngagementOpened", {"level": "county"}),
    "correct-identity-field": (
        "EventCorrected",
        {"corrects_type": "TeamFormed", "corrected_fields": {"team_id": "slt"}},
    ),
    "correct-recorded-by": (
        "EventCorrected",
        {"corrects_type": "AnchorCommitted", "corrected_fields": {"recorded_by": "mallory"}},
    ),
    "correct-unknown-field": (
        "EventCorrected",
        {"corrects_type": "AnchorCommitted", "corrected_fields": {"colour": "red"}},
    ),
}


@pytest.mark.parametrize(("event_type", "change"), STORED_FORM.values(), ids=list(STORED_FORM))
def test_each_stored_form_refusal_is_rejected_by_the_schema_too(
    event_type: str, change: dict
) -> None:
    import orjson

    from cec_ledger.facade.demo import demo_jsonl
    from tests.schemacheck import errors_of

    row = next(
        line
        for line in map(orjson.loads, demo_jsonl().read_bytes().splitlines())
        if line["type"] == event_type and line["data"]["rules_version"] >= 2
    )
    assert not errors_of(row), "the template line itself must validate"
    row["data"].update(change)
    assert errors_of(row), f"the schema accepts what the CLI refuses: {change}"


def test_the_stored_form_table_names_real_refusals() -> None:
    assert set(STORED_FORM) <= {case[0] for case in CASES}


def test_missing_ledger_file_is_an_error_not_a_new_ledger(tmp_path) -> None:
    missing = tmp_path / "typo.db"
    outcome = invoke(str(missing), "engagement", "list")
    assert outcome.code == 1
    assert f"no ledger at {missing}; create one with 'cec-ledger init'" in outcome.err
    assert not missing.exists()


def test_bad_ledger_url(tmp_path) -> None:
    outcome = invoke("mysql://x/y", "engagement", "list")
    assert outcome.code == 1
    assert "use a file path or a postgresql:// URL" in outcome.err


@pytest.mark.slow
def test_an_unreachable_server_is_given_two_seconds() -> None:
    """The connect timeout bounds how long an unreachable PostgreSQL server keeps a command
    waiting (it was 5 s, and 5.8 s in practice); timing itself is for benchmarks."""
    from cec_ledger.storage.location import eventsourcing_env, parse_ledger_url

    location = parse_ledger_url("postgresql://cec:cec@10.255.255.1:5432/nowhere")
    env = eventsourcing_env(location, create=False, read_only=False)
    assert env["POSTGRES_CONNECT_TIMEOUT"] == "2"


def test_unreachable_postgres_is_one_line() -> None:
    outcome = invoke("postgresql://cec:cec@127.0.0.1:1/nowhere", "engagement", "list")
    assert outcome.code == 1
    assert outcome.err.startswith("error: cannot open ledger postgresql://cec@127.0.0.1:1/nowhere")
    assert outcome.err.count("\n") == 1


def test_read_only_refuses_every_write(ledger_url: str) -> None:
    base_engagement(ledger_url)
    before = export_bytes(ledger_url)
    for command in (
        [*COMMIT, "--anchor", "administration"],
        ["engagement", "close", E, "--reason", "x"],
        ["team", "stage", E, "dlt", "norm"],
    ):
        outcome = invoke(ledger_url, *command, read_only=True)
        assert outcome.code == 1
        assert "read-only (auditor mode)" in outcome.err
    assert export_bytes(ledger_url) == before
    assert ok(ledger_url, "engagement", "show", E, "--json", read_only=True).json()["version"] == 5


def test_help_is_instant_and_lists_every_command() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from cec_ledger.cli import main; "
            "sys.argv=['cec-ledger','--help']; "
            "import contextlib, io\n"
            "try:\n    main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('eventsourcing','textual','psycopg'))))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith("[]"), "--help imported heavy modules"
    for name in ("engagement", "timeline", "verify", "seal", "import", "export", "tui"):
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["engagement"],
        ["engagement", "open"],
        ["commit"],
        ["plan", "change"],
        ["team", "stage"],
        ["session", "log"],
        ["timeline"],
        ["import"],
        ["export"],
        ["verify"],
        ["seal"],
        ["replay"],
        ["diff"],
        ["capacity"],
        ["report"],
        ["schema"],
        ["demo"],
        ["correct"],
        ["rebuild"],
    ],
)
def test_every_help_works_without_a_ledger(command: list[str]) -> None:
    outcome = invoke(None, *command, "--help")
    assert outcome.code == 0, outcome.err
    assert "Usage:" in outcome.out


def test_help_sections_list_every_command_once() -> None:
    from cec_ledger.cli import COMMANDS, SECTIONS

    listed = [name for names in SECTIONS.values() for name in names]
    assert sorted(listed) == sorted(COMMANDS)
