"""The CEC model in depth on the command line (issue 12), on both backends: every rule of
rules epoch 3 that a consultant meets refused with one line on stderr, exit 1 (2 for usage)
and the ledger unchanged; the commands that record the model; what ``show``, ``report`` and
``--json`` give for it.

The cases start from ``model_base``: an engagement opened through a system assessment (PLC),
the three anchors committed, a diagnosis, a DLT with the anchors seated. No session is
recorded, so the cases do not depend on the services catalogue's rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clihelp import export_bytes, invoke, ok

E = "oak"
RATINGS = ",".join(["indicator,rating"])


def ratings_file(tmp_path: Path, values: dict[str, str] | None = None) -> str:
    """A PLC ratings CSV: every indicator rated (or ``values``)."""
    levels = ["not_yet", "initiating", "developing", "sustaining"]
    rows = values or {chr(ord("A") + i): levels[i % 4] for i in range(16)}
    path = tmp_path / f"ratings-{len(list(tmp_path.glob('ratings-*')))}.csv"
    path.write_text("indicator,rating\n" + "".join(f"{k},{v}\n" for k, v in rows.items()))
    return str(path)


def model_base(url: str, tmp_path: Path) -> None:
    ok(url, "init")
    ok(
        url,
        "engagement",
        "open",
        E,
        "--name",
        "Oak Park SD",
        "--organisation",
        "Oak Park School District 97",
        "--level",
        "district",
        "--entry-point",
        "system_assessment",
        "--framework",
        "plc",
        "--on",
        "2025-08-18",
    )
    for anchor in ("board", "administration", "teachers_organization"):
        ok(
            url,
            "commit",
            E,
            "--anchor",
            anchor,
            "--signatory",
            f"S {anchor}",
            "--instrument",
            "compact",
            "--on",
            "2025-08-20",
        )
    ok(
        url,
        "diagnose",
        E,
        "--framework",
        "plc",
        "--ratings",
        ratings_file(tmp_path),
        "--assessor",
        "J. Okafor",
        "--on",
        "2025-09-01",
    )
    ok(
        url,
        "team",
        "form",
        E,
        "dlt",
        "--kind",
        "dlt",
        "--name",
        "District Leadership Team",
        "--on",
        "2025-09-02",
    )
    for member, role in [
        ("R. Alvarez", "board"),
        ("K. Hale", "administration"),
        ("C. Jimenez", "teachers_organization"),
    ]:
        ok(url, "team", "join", E, "dlt", member, "--role", role, "--on", "2025-09-02")


PLAN = ["plan", "set", E, "--on", "2025-09-10"]
TRANSFORMATION = [*PLAN, "--emphasis", "culture", "--kind", "transformation"]
SUPPORT = [*PLAN, "--emphasis", "achievement", "--kind", "support"]
GOAL = ["--goal", "trust:Build trust among the anchors", "--element", "trust:FLMC"]
SLT = [
    "team",
    "form",
    E,
    "slt-oak",
    "--kind",
    "slt",
    "--parent",
    "dlt",
    "--school",
    "Oak Elementary",
    "--name",
    "Oak SLT",
    "--on",
    "2025-09-03",
]
DLT_PRIORITY = [
    "team",
    "priority",
    E,
    "dlt",
    "collab",
    "--kind",
    "district_priority",
    "--text",
    "Protected collaboration time",
    "--horizon",
    "2025-26:2026-27",
    "--on",
    "2025-09-04",
]
PLC = [
    "team",
    "form",
    E,
    "plc-g3",
    "--kind",
    "ilt-plc",
    "--parent",
    "slt-oak",
    "--school",
    "Oak Elementary",
    "--name",
    "Grade 3 PLC",
    "--on",
    "2025-09-05",
]
SLT_PRIORITY = [
    "team",
    "priority",
    E,
    "slt-oak",
    "oak-lit",
    "--kind",
    "achievement",
    "--text",
    "Reading at benchmark",
    "--within",
    "collab",
    "--on",
    "2025-09-06",
]
PLC_GOAL = [
    "team",
    "priority",
    E,
    "plc-g3",
    "g3",
    "--kind",
    "measurable_goal",
    "--text",
    "Fewer below benchmark",
    "--measure",
    "Below benchmark",
    "--unit",
    "%",
    "--target",
    "25",
    "--by",
    "2026-05-29",
    "--on",
    "2025-09-07",
]
PLAN_SET = [*SUPPORT, *GOAL]
REFLECTION = ["reflect", E, "--lesson", "Protect the agenda", "--on", "2025-10-01"]

# (id, extra setup commands, failing command, exit code, message fragment)
# fmt: off
CASES = [
    (
        "open-through-strategic-planning",
        [],
        ["engagement", "open", "elm", "--name", "Elm", "--organisation", "Elm SD", "--level",
         "district", "--entry-point", "strategic_planning"],
        1,
        "strategic planning process is recorded with its structure: open the engagement, then "
        "'cec-ledger entry-point add SLUG ID --kind strategic_planning ...'",
    ),
    (
        "level-outside-the-vocabulary",
        [],
        ["engagement", "open", "elm", "--name", "Elm", "--organisation", "Elm SD", "--level",
         "county"],
        1,
        "level 'county' is not one of: district, school, state, labor_management_group",
    ),
    (
        "planning-group-without-the-anchors",
        [],
        ["entry-point", "add", E, "plan", "--kind", "strategic_planning", "--member",
         "K. Hale:administration", "--member", "D. Wright:parent", "--owner", "Oak team"],
        1,
        "the strategic planning group needs the three anchors — board, administration and "
        "teachers' organization (Theory of Action, Step 2",
    ),
    (
        "short-version-of-a-framework-without-one",
        [],
        ["entry-point", "add", E, "sa-short", "--kind", "system_assessment", "--framework",
         "plc", "--version", "short"],
        1,
        "framework 'plc' has no short version: the Theory of Action allows 'shorter or longer "
        "versions of system assessments'",
    ),
    (
        "deadline-without-follow-up",
        [],
        ["entry-point", "add", E, "pera", "--kind", "individual_district_request", "--request",
         "SLO training", "--mandate", "PERA", "--deadline", "2026-03-01"],
        1,
        "a deadline needs the follow-up agreed (Theory of Action, Step 2",
    ),
    (
        "grant-criteria-incomplete",
        [],
        ["entry-point", "add", E, "sig", "--kind", "grant_criteria", "--grant", "SIG"],
        1,
        "grant criteria need the grant, the state, at least one criterion and the plan's deadline",
    ),
    (
        "entry-point-twice",
        [],
        ["entry-point", "add", E, "system-assessment", "--kind", "system_assessment"],
        1,
        "entry point 'system-assessment' already exists (added 2025-08-18)",
    ),
    (
        "diagnosis-with-two-entry-points",
        [["entry-point", "add", E, "ask", "--kind", "individual_district_request",
          "--request", "Help", "--on", "2025-08-19"]],
        ["diagnose", E, "--framework", "plc", "--ratings", "RATINGS", "--assessor", "X"],
        1,
        "oak has 2 entry points (system-assessment, ask): name the one this diagnosis was made "
        "through with --entry-point",
    ),
    (
        "support-plan-with-a-culture-emphasis",
        [],
        [*PLAN, "--emphasis", "culture", "--kind", "support", *GOAL],
        1,
        "a support plan is achievement-based (Theory of Action, Step 3",
    ),
    (
        "transformation-without-the-we",
        [["withdraw", E, "--anchor", "board", "--reason", "new majority", "--signatory",
          "B. Chair", "--on", "2025-09-05"]],
        [*TRANSFORMATION, "--horizon", "2025-26:2026-27", *GOAL],
        1,
        "a transformation plan needs the commitment of all three anchors on its date (Theory "
        "of Action, Step 3: 'When such commitment is not present, successful transformational "
        "change is not possible'); on 2025-09-10 the Board of education has not committed "
        "(withdrawn 2025-09-05 by B. Chair)",
    ),
    (
        "transformation-without-a-horizon",
        [],
        [*TRANSFORMATION, *GOAL],
        1,
        "a transformation plan is 'a multi-year commitment' (Theory of Action, Step 3): give "
        "--horizon 2025-26:2027-28",
    ),
    (
        "goal-without-an-element",
        [],
        [*SUPPORT, "--goal", "trust:Build trust"],
        1,
        "goal 'trust' needs at least one Framework for Change element",
    ),
    (
        "goal-without-an-id",
        [],
        [*SUPPORT, "--goal", "Build trust"],
        1,
        "goal 'Build trust': give it as ID:TEXT",
    ),
    (
        "from-diagnosis-without-the-recommended-lines",
        [],
        [*PLAN_SET, "--from-diagnosis"],
        1,
        "--from-diagnosis needs hours for: dlt-slt-plc-integration",
    ),
    (
        "remove-a-goal-the-plan-does-not-have",
        [PLAN_SET],
        ["plan", "change", E, "--reason", "r", "--remove-goal", "nope", "--on", "2025-09-11"],
        1,
        "cannot remove goal 'nope': the plan's goals are trust",
    ),
    (
        "cite-a-lesson-that-does-not-exist",
        [PLAN_SET, REFLECTION],
        ["plan", "change", E, "--reason", "r", "--cite", "r12.2", "--add-goal", "x:X",
         "--element", "x:ESTL", "--on", "2025-10-02"],
        1,
        "lesson r12.2 does not exist: reflection #12 has 1 lesson",
    ),
    (
        "slt-without-its-dlt",
        [],
        ["team", "form", E, "slt-oak", "--kind", "slt", "--school", "Oak Elementary",
         "--name", "Oak SLT"],
        1,
        "an SLT works 'within the parameters of the DLT's priorities' (Theory of Action, Step "
        "4): give --parent with the district's DLT",
    ),
    (
        "plc-under-the-dlt",
        [],
        ["team", "form", E, "plc", "--kind", "ilt-plc", "--parent", "dlt", "--school",
         "Oak Elementary", "--name", "PLC"],
        1,
        "the parent of an ILT/PLC is an SLT; 'dlt' is a District Leadership Team",
    ),
    (
        "a-second-dlt",
        [],
        ["team", "form", E, "dlt-2", "--kind", "dlt", "--name", "Another DLT"],
        1,
        "oak already has a District Leadership Team ('dlt')",
    ),
    (
        "role-outside-the-vocabulary",
        [],
        ["team", "join", E, "dlt", "D. Wright", "--role", "chair"],
        1,
        "role 'chair' is not one of: board, administration, teachers_organization, principal, "
        "teacher, support_staff, parent, community, student, other (put 'chair' in --title)",
    ),
    (
        "role-other-without-a-title",
        [],
        ["team", "join", E, "dlt", "D. Wright", "--role", "other"],
        1,
        "role other needs a --title",
    ),
    (
        "district-priority-of-one-year",
        [],
        [*DLT_PRIORITY[:-4], "--horizon", "2025-26:2025-26"],
        1,
        "a DLT's priorities are 'multiple year priorities' (Theory of Action, Step 4)",
    ),
    (
        "slt-priority-within-nothing",
        [SLT, DLT_PRIORITY],
        [arg for arg in SLT_PRIORITY if arg not in ("--within", "collab")],
        1,
        "SLT priorities sit 'within the parameters of the DLT's priorities' (Theory of Action, "
        "Step 4): name at least one of dlt's priorities (collab)",
    ),
    (
        "plc-goal-without-a-measure",
        [SLT, DLT_PRIORITY, PLC],
        ["team", "priority", E, "plc-g3", "g3", "--kind", "measurable_goal", "--text",
         "Fewer below benchmark", "--on", "2025-09-07"],
        1,
        "an ILT/PLC sets 'measurable team goals' (Theory of Action, Step 4): give --measure, "
        "--unit, --target and --by",
    ),
    (
        "evidence-without-the-observed-value",
        [SLT, DLT_PRIORITY, PLC, SLT_PRIORITY, PLC_GOAL],
        ["team", "evidence", E, "plc-g3", "g3", "--evidence", "Winter screener", "--on",
         "2025-12-16"],
        1,
        "evidence of progress on a measurable goal needs the observed value (--observed, in %)",
    ),
    (
        "support-requested-by-the-dlt",
        [DLT_PRIORITY],
        ["team", "request-support", E, "dlt", "collab", "--request", "Money"],
        1,
        "only an SLT documents 'the support needed from the DLT' (Theory of Action, Step 4)",
    ),
    (
        "reflection-on-a-goal-never-planned",
        [PLAN_SET],
        ["reflect", E, "--goal", "nope:met:done", "--on", "2025-10-01"],
        1,
        "goal 'nope' is not in the plan of oak on 2025-10-01",
    ),
    (
        "reflection-goal-result-outside-the-vocabulary",
        [PLAN_SET],
        ["reflect", E, "--goal", "trust:mostly:compact", "--on", "2025-10-01"],
        1,
        "goal result 'mostly' is not one of: met, partly_met, not_met",
    ),
    (
        "reflection-goal-without-its-evidence",
        [PLAN_SET],
        ["reflect", E, "--goal", "trust:met", "--on", "2025-10-01"],
        2,
        "give GOAL_ID:RESULT:EVIDENCE",
    ),
    (
        "outcome-value-without-a-measure",
        [],
        ["outcome", E, "--tier", "short_term", "--dimension", "attitude_shifts", "--evidence",
         "survey", "--observed", "58"],
        1,
        "a baseline, target or observed value needs --measure and --unit",
    ),
    (
        "measured-outcome-without-its-value",
        [],
        ["outcome", E, "--tier", "short_term", "--dimension", "attitude_shifts", "--evidence",
         "survey", "--measure", "Staff agreeing", "--unit", "%"],
        1,
        "a measured outcome needs its observed value (--observed)",
    ),
    (
        "outcome-for-an-unknown-session",
        [],
        ["outcome", E, "--tier", "short_term", "--dimension", "attitude_shifts", "--evidence",
         "survey", "--session", "300"],
        1,
        "session #300 does not exist in oak",
    ),
    (
        "close-without-a-reflection",
        [],
        ["engagement", "close", E, "--reason", "contract ended"],
        1,
        "no reflection has been recorded for oak; the CEC Reflect phase guidance asks whether "
        "'you and your team were able to accomplish what you set out to do': record one, or "
        'close with --without-reflection "reason"',
    ),
    (
        "close-without-reflection-though-there-is-one",
        [REFLECTION],
        ["engagement", "close", E, "--reason", "done", "--without-reflection", "no time"],
        1,
        "oak has reflections: leave out --without-reflection",
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("setup", "command", "code", "message"), [pytest.param(*case[1:], id=case[0]) for case in CASES]
)
def test_refused_with_one_line_and_nothing_written(
    ledger_url: str,
    tmp_path: Path,
    setup: list[list[str]],
    command: list[str],
    code: int,
    message: str,
) -> None:
    model_base(ledger_url, tmp_path)
    for step in setup:
        ok(ledger_url, *step)
    before = export_bytes(ledger_url)
    command = [ratings_file(tmp_path) if arg == "RATINGS" else arg for arg in command]
    outcome = invoke(ledger_url, *command)
    assert outcome.code == code, outcome.err
    assert message in outcome.err, outcome.err
    assert (outcome.err.count("\n") == 1 and outcome.err.startswith("error:")) or code == 2
    assert "seed" not in outcome.err.lower()
    assert export_bytes(ledger_url) == before


def test_the_table_covers_every_new_command() -> None:
    commands = {tuple(case[2][:2]) for case in CASES}
    assert {
        ("entry-point", "add"),
        ("team", "priority"),
        ("team", "evidence"),
        ("team", "request-support"),
        ("engagement", "close"),
    } <= commands


# ---------------------------------------------------------------- recording and reading
def test_the_model_recorded_and_read_back(ledger_url: str, tmp_path: Path) -> None:
    model_base(ledger_url, tmp_path)
    diagnosis = ok(
        ledger_url,
        "diagnose",
        E,
        "--framework",
        "plc",
        "--ratings",
        ratings_file(
            tmp_path, {**{chr(ord("A") + i): "developing" for i in range(15)}, "P": "not_observed"}
        ),
        "--assessor",
        "J. Okafor",
        "--on",
        "2025-09-03",
    )
    assert "Not observed: P" in diagnosis.out
    assert "Services recommended for the GANs" in diagnosis.out
    for command in (SLT, DLT_PRIORITY, PLC, SLT_PRIORITY, PLC_GOAL):
        ok(ledger_url, *command)
    ok(
        ledger_url,
        *TRANSFORMATION,
        "--horizon",
        "2025-26:2026-27",
        *GOAL,
        "--goal",
        "data:A PLC data cycle",
        "--element",
        "data:IEP",
        "--element",
        "data:ESTL",
        "--from-diagnosis",
        "11",
        "--service",
        "dlt-slt-plc-integration:16:5000",
        "--service",
        "leadership-development:8",
        "--service",
        "shared-leadership:4",
        "--service",
        "shared-accountability:4",
    )
    ok(
        ledger_url,
        "team",
        "evidence",
        E,
        "plc-g3",
        "g3",
        "--evidence",
        "Winter screener",
        "--observed",
        "29",
        "--on",
        "2025-12-16",
    )
    ok(
        ledger_url,
        "team",
        "request-support",
        E,
        "slt-oak",
        "oak-lit",
        "--request",
        "Fund an intervention block",
        "--on",
        "2025-11-06",
    )
    reflection = ok(
        ledger_url,
        "reflect",
        E,
        "--goal",
        "trust:met:Compact renewed",
        "--lesson",
        "Brief new union leaders early",
        "--next-step",
        "Extend to grade 4",
        "--on",
        "2026-01-10",
        "--json",
    ).json()
    ok(
        ledger_url,
        "plan",
        "change",
        E,
        "--reason",
        "Year two",
        "--remove-goal",
        "trust",
        "--replace-goal",
        "data:A PLC data cycle in grades 3 and 4",
        "--cite",
        f"r{reflection['version']}.1",
        "--on",
        "2026-01-12",
    )
    ok(
        ledger_url,
        "outcome",
        E,
        "--tier",
        "short_term",
        "--dimension",
        "attitude_shifts",
        "--evidence",
        "Staff survey",
        "--measure",
        "Staff agreeing",
        "--unit",
        "%",
        "--baseline",
        "34",
        "--target",
        "50",
        "--observed",
        "58",
        "--goal",
        "data",
        "--element",
        "FLMC",
        "--on",
        "2026-02-01",
    )
    state = ok(ledger_url, "engagement", "show", E, "--json").json()
    assert [d["strengths"] for d in state["diagnoses"]] == [
        ["D", "H", "L", "P", "C"],
        ["F", "G", "H", "I", "J"],
    ]
    assert state["diagnoses"][0]["greatest_areas_of_need"] == ["A", "E", "I", "M", "B"]
    assert state["diagnoses"][1]["not_observed"] == ["P"]
    assert state["plan"]["horizon"] == {"first": "2025-26", "last": "2026-27"}
    assert [g["goal_id"] for g in state["plan"]["goals"]] == ["data"]
    goals = {g["goal_id"]: g for g in state["goals"]}
    assert goals["trust"]["removed_on"] == "2026-01-12"
    assert goals["data"]["replaced"][0]["old_text"] == "A PLC data cycle"
    assert state["lessons"][0]["cited_by"] == [state["version"] - 1]
    assert [t["team_id"] for t in state["team_structure"]] == ["dlt", "slt-oak", "plc-g3"]
    assert state["team_structure"][0]["missing_anchors"] == []
    assert state["pathway"]["steps"][3]["holds"] is True
    (outcome,) = state["outcomes"]
    assert (outcome["baseline"], outcome["observed"], outcome["unit"]) == ("34", "58", "%")
    coverage = {e["short"]: e for e in state["framework_coverage"]["elements"]}
    assert coverage["FLMC"]["outcomes"] == [outcome["version"]]
    assert state["logic_model"]["long_term_outcome"].startswith("Increased system capacity")
    text = ok(ledger_url, "engagement", "show", E).out
    for heading in (
        "Entry points (Theory of Action, Step 2)",
        "Team structure (Theory of Action, Step 4)",
        "anchor seats (anchors seated)",
        "Framework for Change coverage",
        "Outcomes observed (the CEC Logic Model): 1",
        "Reflection",
        "lesson r",
    ):
        assert heading in text
    report = ok(ledger_url, "report", E).out
    assert "## Logic model: inputs → outputs → outcomes" in report
    assert "## Framework for Change coverage" in report
    assert "| Structures |" in report


def test_a_state_and_a_labor_management_group_are_levels(ledger_url: str) -> None:
    ok(ledger_url, "init")
    for slug, level in (("isbe", "state"), ("ilmc", "Labor-management group")):
        ok(
            ledger_url,
            "engagement",
            "open",
            slug,
            "--name",
            slug,
            "--organisation",
            slug,
            "--level",
            level,
            "--on",
            "2025-08-18",
        )
    levels = {e["slug"]: e["level"] for e in ok(ledger_url, "engagement", "list", "--json").json()}
    assert levels == {"isbe": "state", "ilmc": "labor_management_group"}
