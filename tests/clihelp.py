"""Driving the real CLI in-process: the same error handling as the console script.

``invoke`` runs ``cec_ledger.cli.errors.run`` (what ``cec-ledger`` runs), so exit codes and the
one-line error contract are what a user gets, not what click's test runner would report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson
from click.testing import CliRunner

from cec_ledger.cli import cli
from cec_ledger.cli.errors import run


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def json(self):
        return orjson.loads(self.out)


def invoke(
    url: str | None,
    *args: str,
    actor: str = "tester",
    input: str | None = None,
    read_only: bool = False,
) -> Outcome:
    argv = []
    if url is not None:
        argv += ["--ledger", url]
    if actor:
        argv += ["--actor", actor]
    if read_only:
        argv.append("--read-only")
    argv += list(args)
    runner = CliRunner()
    with runner.isolation(input=input) as streams:
        code = run(cli, argv)
        out = streams[0].getvalue().decode()
        err = streams[1].getvalue().decode()
    if code == 0 and "export" in args and "--help" not in args:
        _check_exported(list(args), out)
    return Outcome(code, out, err)


def _check_exported(args: list[str], out: str) -> None:
    """Every export a test makes validates against the published schemas (tests.schemacheck)."""
    from tests.schemacheck import check_export

    if args[0] != "export":
        return
    for flag in ("-o", "--output"):
        if flag in args:
            check_export(Path(args[args.index(flag) + 1]).read_bytes())
            return
    check_export(out)


def ok(url: str | None, *args: str, **kwargs) -> Outcome:
    """Invoke and assert success (showing stderr when it fails)."""
    outcome = invoke(url, *args, **kwargs)
    assert outcome.code == 0, f"{args}: exit {outcome.code}: {outcome.err}"
    return outcome


def export_bytes(url: str) -> str:
    return ok(url, "export").out


ENGAGEMENT = [
    "engagement",
    "open",
    "maple-ridge",
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
]


# Opened through a system assessment (the entry point 'system-assessment', event #2): what a
# test that diagnoses needs (rules epoch 3: a diagnosis names its entry point).
ASSESSED = [*ENGAGEMENT, "--entry-point", "system_assessment"]


def base_engagement(url: str) -> None:
    """A small engagement with a team, used by the failure-path tests."""
    ok(url, "init")
    ok(url, *ENGAGEMENT)
    ok(
        url,
        "commit",
        "maple-ridge",
        "--anchor",
        "board",
        "--signatory",
        "R. Alvarez",
        "--instrument",
        "compact",
        "--on",
        "2025-09-02",
    )
    ok(
        url,
        "team",
        "form",
        "maple-ridge",
        "dlt",
        "--kind",
        "dlt",
        "--name",
        "District Leadership Team",
        "--charge",
        "priorities",
        "--cadence",
        "monthly",
        "--on",
        "2025-09-10",
    )
    ok(
        url,
        "team",
        "join",
        "maple-ridge",
        "dlt",
        "Dana Whitfield",
        "--role",
        "teachers_organization",
        "--title",
        "union president",
        "--on",
        "2025-09-10",
    )
    ok(
        url,
        "session",
        "log",
        "maple-ridge",
        "--delivery",
        "training",
        "--topic",
        "Effective team practices",
        "--hours",
        "4",
        "--participants",
        "18",
        "--consultant",
        "Ana Reyes",
        "--team",
        "dlt",
        # Rules epoch 3: a catalogue service, delivered before any services plan (#5).
        "--service",
        "dlt-slt-plc-integration",
        "--unplanned",
        "the DLT's first training, before the services plan",
        "--on",
        "2025-09-20",
    )
