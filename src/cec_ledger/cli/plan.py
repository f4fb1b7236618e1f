"""Step 3: set direction with a services plan, and change it with a reason.

Commands: plan. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli import plan_goals, plan_lines
from cec_ledger.cli.output import confirm_recorded, ledger_of
from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v


@click.group()
def plan() -> None:
    """Set direction with a services plan, or change it (Pathway step 3)."""


# Planned versus delivered (issue 11), defined beside the plan lines' options.
plan.add_command(plan_lines.delivery)
plan.add_command(plan_goals.coverage)


@plan.command("set")
@click.argument("engagement")
@vocabulary_option("--emphasis", vocabulary=v.EMPHASIS, required=True)
@vocabulary_option("--kind", vocabulary=v.PLAN_KIND, required=True)
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="ID:TEXT",
    help="A goal with its id (later events cite it), e.g. 'protected-time:Protected "
    "collaboration time'; repeat.",
)
@plan_goals.goal_options
@plan_lines.line_options("--service", "services")
@click.option("--gan", "gans_addressed", multiple=True, help="A GAN addressed (indicator id).")
@plan_goals.from_diagnosis_option
@recording
@click.pass_context
def plan_set(
    ctx: click.Context,
    engagement: str,
    services: tuple[str, ...],
    cohorts: tuple[str, ...],
    price_notes: tuple[str, ...],
    goals: tuple[str, ...],
    goal_elements: tuple[str, ...],
    goal_gans: tuple[str, ...],
    horizon: str | None,
    from_diagnosis: str | None,
    as_json: bool,
    **fields: Any,
) -> None:
    """Set the services plan.

    A support plan is achievement-based; a transformation plan needs the three anchors'
    commitment on its date and spans at least two school years (--horizon). Each goal
    names the Framework for Change elements it addresses (--element).

    \b
    Example:
      cec-ledger plan set maple-ridge --emphasis culture --kind transformation \\
          --horizon 2024-25:2026-27 \\
          --goal "structures:Every school has a functioning SLT" --element structures:TtP \\
          --service dlt-slt-plc-integration:32:10000 --service conflict-resolution:8:2500 \\
          --cohorts conflict-resolution:1 --service leadership-development:12 --gan D --gan G
      cec-ledger plan set maple-ridge --emphasis achievement --kind support --from-diagnosis \\
          --goal "data-cycle:A PLC data cycle" --element data-cycle:IEP \\
          --service dlt-slt-plc-integration:16:5000 --service leadership-development:8
    """
    # lazy: the domain and the facade load eventsourcing; --help needs neither
    from cec_ledger.domain.plan_goals import GoalEdits, edited_goals
    from cec_ledger.facade.model import school_years
    from cec_ledger.facade.services import lines_for_recommendation

    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    lines = plan_lines.lines(services, cohorts, price_notes)
    started_from = None
    if from_diagnosis is not None:
        ref = None if from_diagnosis == "latest" else int(from_diagnosis.lstrip("#"))
        found = ledger_of(ctx).diagnosis_for_plan(engagement, ref)
        started_from = found["version"]
        lines_for_recommendation(found["recommended_services"], lines)
        if not fields["gans_addressed"]:
            fields["gans_addressed"] = found["greatest_areas_of_need"]
    record_event(
        ctx,
        engagement,
        "DirectionSet",
        as_json,
        services=lines,
        goals=edited_goals(
            [], GoalEdits(add=list(goals), elements=list(goal_elements), gans=list(goal_gans))
        ),
        horizon=school_years(horizon) if horizon else None,
        from_diagnosis=started_from,
        **fields,
    )


@plan.command("change")
@click.argument("engagement")
@click.option("--reason", required=True, help="Why the plan changes (required).")
@vocabulary_option("--emphasis", vocabulary=v.EMPHASIS, lead="New emphasis")
@vocabulary_option("--kind", vocabulary=v.PLAN_KIND, lead="New kind")
@click.option(
    "--add-goal",
    "add_goals",
    multiple=True,
    metavar="ID:TEXT",
    help="Add a goal with its id (give its --element too); repeat.",
)
@click.option(
    "--replace-goal",
    "replace_goals",
    multiple=True,
    metavar="ID:TEXT",
    help="Give a goal a new text, keeping its id; repeat.",
)
@click.option(
    "--remove-goal",
    "remove_goals",
    multiple=True,
    metavar="ID",
    help="Remove a goal (the change's reason says why); repeat.",
)
@plan_goals.goal_options
@click.option(
    "--cite",
    "cites",
    multiple=True,
    metavar="rN.K",
    help="A lesson the change acts on: lesson K of the reflection #N (the CEC Reflect phase "
    "guidance: lessons are 'incorporated into subsequent iterations'); repeat.",
)
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

    The event keeps the whole new plan and the reason. Goals are added, replaced and
    removed by id; a change turning a support plan into a transformation plan needs the
    three anchors' commitment on its date.

    \b
    Examples:
      cec-ledger plan change maple-ridge --reason "SIG grant adds achievement work" \\
          --emphasis achievement --add-service ibb-ibps:16:5000
      cec-ledger plan change maple-ridge --reason "Year two: achievement focus" \\
          --remove-goal resolve-plc-time --cite r58.2 \\
          --add-goal "intervention-block:A guaranteed intervention block" \\
          --element intervention-block:ESTL
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
