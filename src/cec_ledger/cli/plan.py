"""Step 3: set direction with a services plan, and change it with a reason.

Commands: plan. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli import plan_lines
from cec_ledger.cli.output import confirm_recorded, ledger_of
from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v


@click.group()
def plan() -> None:
    """Set direction with a services plan, or change it (Pathway step 3)."""


@plan.command("set")
@click.argument("engagement")
@vocabulary_option("--emphasis", vocabulary=v.EMPHASIS, required=True)
@vocabulary_option("--kind", vocabulary=v.PLAN_KIND, required=True)
@click.option("--goal", "goals", multiple=True, help="A goal (repeat).")
@plan_lines.line_options("--service", "services")
@click.option("--gan", "gans_addressed", multiple=True, help="A GAN addressed (indicator id).")
@recording
@click.pass_context
def plan_set(
    ctx: click.Context,
    engagement: str,
    services: tuple[str, ...],
    cohorts: tuple[str, ...],
    price_notes: tuple[str, ...],
    as_json: bool,
    **fields: Any,
) -> None:
    """Set the services plan.

    \b
    Example:
      cec-ledger plan set maple-ridge --emphasis culture --kind transformation \\
          --goal "Every school has a functioning SLT" \\
          --service dlt-slt-plc-integration:32:10000 --service conflict-resolution:8:2500 \\
          --cohorts conflict-resolution:1 --service leadership-development:12 --gan D --gan G
    """
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    record_event(
        ctx,
        engagement,
        "DirectionSet",
        as_json,
        services=plan_lines.lines(services, cohorts, price_notes),
        **fields,
    )


@plan.command("change")
@click.argument("engagement")
@click.option("--reason", required=True, help="Why the plan changes (required).")
@vocabulary_option("--emphasis", vocabulary=v.EMPHASIS, lead="New emphasis")
@vocabulary_option("--kind", vocabulary=v.PLAN_KIND, lead="New kind")
@click.option("--add-goal", "add_goals", multiple=True, help="Add a goal (repeat).")
@plan_lines.line_options("--add-service", "add_services")
@click.option(
    "--remove-service",
    "remove_services",
    multiple=True,
    metavar="ID",
    help="Remove a service (repeat).",
)
@click.option("--gan", "gans", multiple=True, help="Replace the GANs addressed (repeat).")
@recording
@click.pass_context
def plan_change(
    ctx: click.Context,
    engagement: str,
    add_services: tuple[str, ...],
    cohorts: tuple[str, ...],
    price_notes: tuple[str, ...],
    gans: tuple[str, ...],
    as_json: bool,
    **fields: Any,
) -> None:
    """Change the services plan, giving the reason.

    The event keeps the whole new plan and the reason.

    \b
    Example:
      cec-ledger plan change maple-ridge --reason "SIG grant adds achievement work" \\
          --emphasis achievement --add-service ibb-ibps:16:5000
    """
    ledger = ledger_of(ctx)
    plan = ledger.engagement(engagement)["plan"] if cohorts or price_notes else None
    current = plan["services"] if plan else []
    event = ledger.change_plan(
        engagement,
        add_services=plan_lines.changed(current, add_services, cohorts, price_notes),
        gans_addressed=list(gans) if gans else None,
        **fields,
    )
    confirm_recorded(event, as_json)
