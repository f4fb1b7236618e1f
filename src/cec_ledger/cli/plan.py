"""Step 3: set direction with a services plan, and change it with a reason.

Commands: plan. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, ledger_of
from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v


def _parse_service(text: str) -> dict[str, Any]:
    parts = text.split(":")
    if len(parts) not in (3, 4):
        raise click.BadParameter(
            f"{text!r}: use SERVICE_ID:HOURS:BUDGET or SERVICE_ID:HOURS:BUDGET:NAME",
            param_hint="--service",
        )
    service_id, hours, budget = parts[:3]
    name = parts[3] if len(parts) == 4 else _service_name(service_id)
    return {"service_id": service_id, "name": name, "hours": hours, "budget": budget}


def _service_name(service_id: str) -> str:
    try:
        # lazy: plugins import pluggy and eventsourcing (domain.events)
        from cec_ledger.plugins import get_service

        return get_service(service_id).name
    except Exception:
        return service_id


@click.group()
def plan() -> None:
    """Set direction with a services plan, or change it (Pathway step 3)."""


@plan.command("set")
@click.argument("engagement")
@vocabulary_option("--emphasis", vocabulary=v.EMPHASIS, required=True)
@vocabulary_option("--kind", vocabulary=v.PLAN_KIND, required=True)
@click.option("--goal", "goals", multiple=True, help="A goal (repeat).")
@click.option(
    "--service",
    "services",
    multiple=True,
    metavar="ID:HOURS:BUDGET[:NAME]",
    help="A chosen service (repeat).",
)
@click.option("--gan", "gans_addressed", multiple=True, help="A GAN addressed (indicator id).")
@recording
@click.pass_context
def plan_set(
    ctx: click.Context, engagement: str, services: tuple[str, ...], as_json: bool, **fields: Any
) -> None:
    """Set the services plan.

    \b
    Example:
      cec-ledger plan set maple-ridge --emphasis culture --kind transformation \\
          --goal "Every school has a functioning SLT" \\
          --service dlt-slt-plc-integration:32:10000 --gan D --gan G
    """
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    record_event(
        ctx,
        engagement,
        "DirectionSet",
        as_json,
        services=[_parse_service(s) for s in services],
        **fields,
    )


@plan.command("change")
@click.argument("engagement")
@click.option("--reason", required=True, help="Why the plan changes (required).")
@vocabulary_option("--emphasis", vocabulary=v.EMPHASIS, lead="New emphasis")
@vocabulary_option("--kind", vocabulary=v.PLAN_KIND, lead="New kind")
@click.option("--add-goal", "add_goals", multiple=True, help="Add a goal (repeat).")
@click.option(
    "--add-service",
    "add_services",
    multiple=True,
    metavar="ID:HOURS:BUDGET[:NAME]",
    help="Add or replace a service (repeat).",
)
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
    event = ledger_of(ctx).change_plan(
        engagement,
        add_services=[_parse_service(s) for s in add_services],
        gans_addressed=list(gans) if gans else None,
        **fields,
    )
    confirm_recorded(event, as_json)
