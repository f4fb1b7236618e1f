"""The ``cec-ledger`` command line.

Commands are grouped by noun and imported lazily: ``cec-ledger --help`` imports only click
and the small ``cli.context`` and ``cli.errors`` (no command module), so it stays instant;
eventsourcing, psycopg and textual load only in the command that uses them.
Each entry of ``COMMANDS`` names ``module:attribute`` of a click command inside this package.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from cec_ledger.cli.context import CommandContext
from cec_ledger.cli.errors import run

# name -> (module:attribute, one-line help shown by --help without importing the module).
# Each one-liner is also the first line of the command's docstring (tests/test_cli_help.py).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "setup:init",
        "Create a ledger: an SQLite file or the tables in a PostgreSQL database.",
    ),
    "engagement": ("engagement:engagement", "Open, list, show and close engagements."),
    "commit": (
        "commitments:commit",
        "Record an anchor's collaborative commitment (Pathway step 1).",
    ),
    "withdraw": ("commitments:withdraw", "Record an anchor withdrawing its commitment."),
    "entry-point": (
        "entry_point:entry_point",
        "Add diagnostic entry points, each with its structure (Pathway step 2).",
    ),
    "diagnose": (
        "diagnose:diagnose",
        "Record a needs diagnosis against a framework (Pathway step 2).",
    ),
    "plan": ("plan:plan", "Set direction with a services plan, or change it (Pathway step 3)."),
    "team": (
        "team:team",
        "Form teams under their parents, seat members, set priorities (Pathway step 4).",
    ),
    "session": ("delivery:session", "Log delivered services, session by session (Pathway step 5)."),
    "handoff": ("delivery:handoff", "Record a handoff between consultants, with its overlap."),
    "transfer": (
        "delivery:transfer",
        "Move a responsibility to a new release level (capacity transfer).",
    ),
    "reflect": (
        "reflection:reflect",
        "Record a reflection: plan goals met or not, outcomes, lessons, next steps.",
    ),
    "outcome": (
        "reflection:outcome",
        "Record an observed outcome of the CEC Logic Model, measured or not.",
    ),
    "correct": ("correct:correct", "Correct an earlier event (the original stays visible)."),
    "timeline": ("timeline:timeline", "List events in the order they were recorded, with filters."),
    "export": ("jsonl:export", "Write every event as JSONL, in the order they were recorded."),
    "import": ("jsonl:import_", "Import a JSONL export: all lines or none."),
    "schema": ("schema:schema", "Print or write the JSON Schema of every event type (or of one)."),
    "demo": (
        "demo:demo",
        "Build the demo ledger: Maple Ridge CUSD 7 through all five Pathway steps.",
    ),
    "plugins": ("plugins:plugins", "List installed plugins, their hooks and load failures."),
    "plugin": (
        "plugin:plugin",
        "Start a new plugin package (cec-ledger plugins lists installed ones).",
    ),
    "framework": (
        "framework:framework",
        "List diagnostic frameworks; show one's indicators and scale.",
    ),
    "services": (
        "services:services",
        "List the service catalogue; show one service as the catalogue publishes it.",
    ),
    "tui": ("tui:tui", "Browse and log events in the terminal UI."),
    "verify": ("audit:verify", "Check that no stored event was changed, removed or reordered."),
    "seal": ("audit:seal", "Print a short digest of the log to keep outside the ledger."),
    "check": ("check:check", "Run named integrity checks of the log and the engagements."),
    "rebuild": ("audit:rebuild", "Rebuild the views from the whole log (resumable)."),
    "replay": (
        "audit:replay",
        "Narrate an engagement event by event, with the change each one caused.",
    ),
    "diff": ("audit:diff", "Show what changed in an engagement between two dates."),
    "capacity": ("audit:capacity", "Show the capacity-transfer history and the capacity index."),
    "report": ("report:report", "Write an engagement report as Markdown or HTML."),
    "backup": ("backup:backup", "Make a consistent online copy of the ledger."),
    "restore": ("backup:restore", "Restore a backup after verifying its hash chain."),
    "diagnosis": (
        "diagnosis:diagnosis",
        "Compare diagnoses: rating changes and readiness trend (Pathway step 2).",
    ),
}


# How --help groups the commands: by what a consultant, an auditor or an admin is doing.
SECTIONS: dict[str, list[str]] = {
    "Record (consultants)": [
        "engagement",
        "commit",
        "withdraw",
        "entry-point",
        "diagnose",
        "plan",
        "team",
        "session",
        "handoff",
        "transfer",
        "reflect",
        "outcome",
        "correct",
    ],
    "Read and travel in time": [
        "timeline",
        "replay",
        "diff",
        "capacity",
        "diagnosis",
        "report",
        "tui",
    ],
    "Audit": ["verify", "seal", "check", "rebuild"],
    "Data and set-up": [
        "init",
        "demo",
        "export",
        "import",
        "backup",
        "restore",
        "schema",
        "framework",
        "services",
        "plugins",
        "plugin",
    ],
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when they run (or their help is shown)."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            target, _ = self.lazy[cmd_name]
            module_name, attribute = target.split(":")
            module = importlib.import_module(f"{__name__}.{module_name}")
            return getattr(module, attribute)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Help for the group lists one-liners from COMMANDS, so listing imports nothing.
        for title, names in SECTIONS.items():
            rows = [(name, self.lazy[name][1]) for name in names if name in self.lazy]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--ledger",
    envvar="CEC_LEDGER_URL",
    metavar="PATH|URL",
    help="SQLite file path or postgresql://user:pass@host:port/db[?schema=s]. "
    "Default: $CEC_LEDGER_URL, else ledger.db in the user data directory.",
)
@click.option(
    "--actor",
    envvar="CEC_LEDGER_ACTOR",
    metavar="NAME",
    help="Who records events. Default: $CEC_LEDGER_ACTOR, else the OS user.",
)
@click.option(
    "--read-only",
    is_flag=True,
    help="Auditor mode: open the store read-only and refuse every write.",
)
@click.version_option(package_name="cec-ledger", prog_name="cec-ledger")
@click.pass_context
def cli(ctx: click.Context, ledger: str | None, actor: str | None, read_only: bool) -> None:
    """An event-sourced engagement ledger for education-improvement consultants.

    Every commitment, diagnosis, plan change, team formation and coaching handoff in a
    partnership with a school district is an immutable event.

    \b
    Examples:
      cec-ledger demo                      build the demo ledger
      cec-ledger engagement list
      cec-ledger timeline maple-ridge --type SessionDelivered --json
      cec-ledger commit maple-ridge --anchor board --signatory "R. Alvarez" \\
          --instrument compact --on 2025-09-02
    """
    ctx.obj = CommandContext(url=ledger, actor=actor, read_only=read_only)
    ctx.call_on_close(ctx.obj.close)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    sys.exit(run(cli, argv))
