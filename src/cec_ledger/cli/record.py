"""Commands that record events: one per step of the Collaborative Pathway, and corrections.

Every command takes the engagement (slug or id) first and ``--on DATE`` for when it
happened (default today; ``2025-09-02``, ``yesterday``, ``last tuesday``...). Values outside
a vocabulary are domain errors (exit 1) whose message lists the allowed values.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, json_option, ledger_of
from cec_ledger.cli.vocabulary_help import (
    SPELLINGS,
    choices,
    choices_help,
    dimensions_by_tier_help,
    vocabulary_option,
)
from cec_ledger.domain import vocabulary as v
from cec_ledger.formats.ratings import load_ratings

ON_HELP = "When it happened: YYYY-MM-DD, today, yesterday, '3 days ago', 'last tuesday'."


def recording(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options every recording command shares: --on and --json."""
    function = click.option(
        "--on", "occurred_on", metavar="DATE", default="today", show_default=True, help=ON_HELP
    )(function)
    return json_option(function)


def _record(
    ctx: click.Context, engagement: str, event_type: str, as_json: bool, **fields: Any
) -> None:
    confirm_recorded(ledger_of(ctx).record(engagement, event_type, **fields), as_json)


@click.command()
@click.argument("engagement")
@vocabulary_option("--anchor", vocabulary=v.ANCHOR, required=True)
@click.option("--signatory", required=True, help="Who signed for the anchor.")
@vocabulary_option("--instrument", vocabulary=v.INSTRUMENT, required=True)
@click.option("--note", default="", help="Free text.")
@recording
@click.pass_context
def commit(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record an anchor's collaborative commitment (Pathway step 1).

    Step 1 asks "Do we have a We?": the answer is yes once every anchor has committed.

    \b
    Example:
      cec-ledger commit maple-ridge --anchor board --signatory "R. Alvarez" \\
          --instrument compact --on "last tuesday"
    """
    _record(ctx, engagement, "AnchorCommitted", as_json, **fields)


@click.command()
@click.argument("engagement")
@vocabulary_option("--anchor", vocabulary=v.ANCHOR, required=True)
@click.option("--reason", required=True, help="Why the commitment was withdrawn.")
@click.option("--signatory", default="", help="Who withdrew it.")
@recording
@click.pass_context
def withdraw(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record an anchor withdrawing its commitment.

    \b
    Example:
      cec-ledger withdraw maple-ridge --anchor teachers_organization \\
          --reason "new union leadership reviewing the MOU" --on 2025-11-14
    """
    _record(ctx, engagement, "CommitmentWithdrawn", as_json, **fields)


@click.command()
@click.argument("engagement")
@click.option("--framework", "framework_id", required=True, help="Framework id (see 'plugins').")
@click.option(
    "--ratings",
    "ratings_file",
    type=click.Path(dir_okay=False),
    help="JSON, YAML or CSV file of indicator ratings (else you are prompted).",
)
@click.option(
    "--assessor",
    "assessors",
    multiple=True,
    required=True,
    help="An assessor (repeat for several).",
)
@recording
@click.pass_context
def diagnose(
    ctx: click.Context,
    engagement: str,
    framework_id: str,
    ratings_file: str | None,
    assessors: tuple[str, ...],
    occurred_on: str,
    as_json: bool,
) -> None:
    """Record a needs diagnosis against a framework (Pathway step 2).

    The framework plugin validates every rating, computes the readiness baseline and the
    greatest areas of need (GANs).

    \b
    Examples:
      cec-ledger diagnose maple-ridge --framework plc --ratings plc-fall.csv \\
          --assessor "J. Okafor" --assessor "L. Chen" --on 2025-10-01
      cec-ledger diagnose maple-ridge --framework baldrige --assessor "J. Okafor"
    """
    # lazy: plugins import pluggy and eventsourcing (domain.events)
    from cec_ledger.plugins.frameworks import get_framework

    ledger = ledger_of(ctx)
    framework = get_framework(framework_id)
    if ratings_file:
        ratings, evidence = load_ratings(ratings_file)
    else:
        ratings, evidence = _prompt_ratings(framework)
    event = ledger.diagnose(
        engagement,
        framework_id=framework_id,
        ratings=ratings,
        evidence=evidence,
        assessors=assessors,
        occurred_on=occurred_on,
    )
    confirm_recorded(event, as_json)


def _prompt_ratings(framework: Any) -> tuple[dict[str, Any], dict[str, str]]:
    if not sys.stdin.isatty():
        raise click.UsageError("give --ratings FILE (no terminal to prompt for ratings)")
    scale = framework.rating_scale
    ratings: dict[str, Any] = {}
    click.echo(f"{framework.name} {framework.version}: rate each indicator ({scale.describe()})")
    for indicator in framework.indicators:
        ratings[indicator.id] = click.prompt(f"{indicator.id}. {indicator.title}")
    return ratings, {}


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
        from cec_ledger.plugins.services import get_service

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
    _record(
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


def _stages_in_order() -> str:
    return " → ".join(v.TEAM_STAGE.tokens)


@click.group(
    epilog=f"Team kinds: {choices(v.TEAM_KIND)}. "
    f"Growth stages (seed 001), in order: {_stages_in_order()}."
)
def team() -> None:
    """Form teams, change members, advance growth stages (Pathway step 4).

    Teams are the collaborative structures of step 4; each grows through the stages below.
    """


@team.command("form")
@click.argument("engagement")
@click.argument("team_id")
@vocabulary_option("--kind", vocabulary=v.TEAM_KIND, required=True)
@click.option("--name", required=True, help="The team's name.")
@click.option("--charge", default="", help="What the team is charged with.")
@click.option("--cadence", default="", help="How often it meets, e.g. 'monthly'.")
@click.option("--school", default=None, help="The school, for school-level teams.")
@recording
@click.pass_context
def team_form(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Form a team (it starts at the 'form' stage).

    \b
    Example:
      cec-ledger team form maple-ridge dlt --kind dlt --name "District Leadership Team" \\
          --charge "Define and protect multi-year priorities" --cadence monthly
    """
    _record(ctx, engagement, "TeamFormed", as_json, **fields)


@team.command("join")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("member")
@click.option("--role", required=True, help="The member's role on the team.")
@click.option(
    "--represents",
    default=None,
    help=f"Whom the member represents: an anchor ({choices(v.ANCHOR)}) or any other "
    "group, e.g. parents.",
)
@recording
@click.pass_context
def team_join(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Add a member to a team.

    \b
    Example:
      cec-ledger team join maple-ridge dlt "Dana Whitfield" --role "union president" \\
          --represents teachers_organization
    """
    _record(ctx, engagement, "TeamMemberJoined", as_json, **fields)


@team.command("leave")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("member")
@click.option("--reason", default="", help="Why the member left.")
@recording
@click.pass_context
def team_leave(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record a member leaving a team."""
    _record(ctx, engagement, "TeamMemberLeft", as_json, **fields)


@team.command("stage", epilog=f"Stages, in order: {_stages_in_order()} ({SPELLINGS}).")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("stage")
@click.option("--reason", default="", help="Required when a team moves back a stage.")
@recording
@click.pass_context
def team_stage(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Move a team to its next growth stage (or back, with a reason).

    Stages cannot be skipped; moving back needs --reason.

    \b
    Example:
      cec-ledger team stage maple-ridge dlt norm --on 2025-11-01
    """
    _record(ctx, engagement, "TeamStageAdvanced", as_json, **fields)


@click.group()
def session() -> None:
    """Log delivered services, session by session (Pathway step 5)."""


@session.command("log")
@click.argument("engagement")
@vocabulary_option("--delivery", vocabulary=v.DELIVERY, required=True)
@click.option("--topic", required=True, help="What the session covered.")
@click.option("--hours", required=True, help="Hours delivered, e.g. 4 or 1.5.")
@click.option("--participants", required=True, type=int, help="How many took part.")
@click.option("--consultant", required=True, help="Who delivered it.")
@click.option("--service", "service_id", default=None, help="Catalogue service id (seed 004).")
@click.option("--team", "team_id", default=None, help="The team it served.")
@recording
@click.pass_context
def session_log(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Log a delivered session.

    \b
    Example:
      cec-ledger session log maple-ridge --delivery training --topic "Difficult conversations" \\
          --hours 4 --participants 38 --consultant "M. Reyes" --service conflict-resolution-1
    """
    _record(ctx, engagement, "SessionDelivered", as_json, **fields)


@click.command()
@click.argument("engagement")
@click.option("--from", "from_consultant", required=True, help="Consultant handing off.")
@click.option("--to", "to_consultant", required=True, help="Consultant taking over.")
@click.option("--content-area", required=True, help="The content area handed over.")
@click.option(
    "--overlap-until",
    default=None,
    metavar="DATE",
    help="Until when both work together (YYYY-MM-DD).",
)
@click.option("--notes", default="", help="Free text.")
@recording
@click.pass_context
def handoff(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record a handoff between consultants, with its overlap.

    \b
    Example:
      cec-ledger handoff maple-ridge --from "M. Reyes" --to "S. Patel" \\
          --content-area "PLC data cycles" --overlap-until 2026-02-28
    """
    _record(ctx, engagement, "ConsultantHandoff", as_json, **fields)


@click.command()
@click.argument("engagement")
@click.argument("responsibility")
@vocabulary_option("--level", "release_level", vocabulary=v.RELEASE_LEVEL, required=True)
@click.option("--holder", required=True, help="Who holds the responsibility now.")
@click.option("--team", "team_id", default=None, help="The team that owns it.")
@recording
@click.pass_context
def transfer(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Move a responsibility to a new release level (capacity transfer).

    \b
    Example:
      cec-ledger transfer maple-ridge "facilitate SLT meetings" --level co-led \\
          --holder "Principal Ortiz" --team slt-lincoln
    """
    _record(ctx, engagement, "ResponsibilityTransferred", as_json, **fields)


@click.command()
@click.argument("engagement")
@click.option("--team", "team_id", default=None, help="The team reflecting, if any.")
@click.option("--process", "process_outcomes", default="", help="Process outcomes.")
@click.option("--content", "content_outcomes", default="", help="Content outcomes.")
@click.option("--communication", default="", help="How communication worked.")
@click.option("--equitable-voice", default="", help="Whether every member had a voice.")
@click.option("--psychological-safety", default="", help="Psychological safety observed.")
@click.option("--lesson", "lessons_learned", multiple=True, help="A lesson learned (repeat).")
@recording
@click.pass_context
def reflect(
    ctx: click.Context,
    engagement: str,
    as_json: bool,
    lessons_learned: tuple[str, ...],
    **fields: Any,
) -> None:
    """Record a reflection: process and content outcomes, lessons learned.

    Seed 002's Reflect phase. Give at least one outcome, observation or lesson.

    \b
    Example:
      cec-ledger reflect maple-ridge --team dlt --process "Norms held" \\
          --equitable-voice "Classified staff spoke first" --lesson "Protect the agenda"
    """
    _record(
        ctx,
        engagement,
        "ReflectionRecorded",
        as_json,
        lessons_learned=list(lessons_learned),
        **fields,
    )


@click.command()
@click.argument("engagement")
@vocabulary_option("--tier", vocabulary=v.OUTCOME_TIER, required=True)
@vocabulary_option(
    "--dimension", vocabulary=v.OUTCOME_DIMENSION, required=True, help=dimensions_by_tier_help()
)
@click.option("--evidence", required=True, help="What was observed.")
@vocabulary_option(
    "--impact",
    vocabulary=v.OUTCOME_IMPACT,
    default=None,
    help=choices_help(v.OUTCOME_IMPACT)
    + " Short-term outcomes only; derived from the dimension when left out.",
)
@recording
@click.pass_context
def outcome(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record an observed logic-model outcome.

    Seed 000's logic model: each dimension belongs to one tier, and a short-term outcome
    is system impact or people impact.

    \b
    Example:
      cec-ledger outcome maple-ridge --tier short_term --dimension policy_changes \\
          --evidence "Board adopted protected PLC time"
    """
    _record(ctx, engagement, "OutcomeObserved", as_json, **fields)


@click.command()
@click.argument("engagement")
@click.argument("event")
@click.option("--reason", required=True, help="Why the original was wrong.")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A corrected field (repeat). JSON values are parsed: --set hours=3.5",
)
@recording
@click.pass_context
def correct(
    ctx: click.Context,
    engagement: str,
    event: str,
    reason: str,
    assignments: tuple[str, ...],
    occurred_on: str,
    as_json: bool,
) -> None:
    """Correct an earlier event (the original stays visible).

    The correction is a new event; the original stays in the log beside it.

    EVENT is the event's number in the engagement (12 or maple-ridge#12) or its id.

    \b
    Example:
      cec-ledger correct maple-ridge 42 --reason "session ran 3 hours, not 4" --set hours=3
    """
    fields = dict(_assignment(a) for a in assignments)
    confirm_recorded(
        ledger_of(ctx).correct(
            engagement, event=event, reason=reason, fields=fields, occurred_on=occurred_on
        ),
        as_json,
    )


def _assignment(text: str) -> tuple[str, Any]:
    import orjson  # lazy: only --set values need it, not '--help'

    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise click.BadParameter(f"{text!r}: use FIELD=VALUE", param_hint="--set")
    try:
        value = orjson.loads(raw)
        if isinstance(value, float):
            value = raw  # keep decimals exact: the field's type parses the text
    except orjson.JSONDecodeError:
        value = raw
    return name.strip(), value
