"""Step 4: collaborative structures: form teams under their parent teams, seat members with
their roles, move through growth stages, set priorities, record evidence of progress and an
SLT's request for support from the DLT.

Commands: team. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.output import json_option, ledger_of, print_json
from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import SPELLINGS, choices, choices_help, vocabulary_option
from cec_ledger.domain import vocabulary as v

STEP4 = "Theory of Action, Step 4"


def _stages_in_order() -> str:
    return " → ".join(v.TEAM_STAGE.tokens)


def _stage_help() -> str:
    return "; ".join(f"{stage}: {text}" for stage, text in v.TEAM_STAGE_HELP.items())


@click.group(
    epilog=f"Team kinds: {choices(v.TEAM_KIND)}. Growth stages, in order: "
    f"{_stages_in_order()} ({v.TEAM_STAGE_NOTE})."
)
def team() -> None:
    """Form teams under their parents, seat members, set priorities (Pathway step 4).

    The leadership structure of the Theory of Action, Step 4: a District Leadership Team
    (the three anchors seated), School Leadership Teams under it, Instructional Leadership
    Teams / PLCs under their school's SLT; and the other collaboration structures.
    """


@team.command("form")
@click.argument("engagement")
@click.argument("team_id")
@vocabulary_option("--kind", vocabulary=v.TEAM_KIND, required=True)
@click.option("--name", required=True, help="The team's name.")
@click.option("--charge", default="", help="What the team is charged with.")
@click.option("--cadence", default="", help="How often it meets, e.g. 'monthly'.")
@click.option("--school", default=None, help="The school (required for an SLT or an ILT/PLC).")
@click.option(
    "--parent",
    "parent_team_id",
    default=None,
    help="The team it sits under: an SLT under the district's DLT, an ILT/PLC under its "
    "school's SLT (any team for the other kinds).",
)
@recording
@click.pass_context
def team_form(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Form a team (it starts at the 'form' stage).

    \b
    Examples:
      cec-ledger team form maple-ridge dlt --kind dlt --name "District Leadership Team" \\
          --charge "Define and protect multi-year priorities" --cadence monthly
      cec-ledger team form maple-ridge slt-lincoln --kind slt --parent dlt \\
          --school "Lincoln Elementary" --name "Lincoln School Leadership Team"
    """
    record_event(ctx, engagement, "TeamFormed", as_json, **fields)


@team.command("join")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("member")
@vocabulary_option(
    "--role",
    vocabulary=v.MEMBER_ROLE,
    required=True,
    help=choices_help(v.MEMBER_ROLE, "Whom the member sits for")
    + " The DLT's anchor seats are the roles of the three anchors.",
)
@click.option(
    "--title",
    default="",
    help="What they are, in words: 'union president', 'grade 3 team lead' (needed with "
    "--role other).",
)
@recording
@click.pass_context
def team_join(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Add a member to a team, in a role.

    \b
    Example:
      cec-ledger team join maple-ridge dlt "Carla Jimenez" --role teachers_organization \\
          --title "MREA president"
    """
    record_event(ctx, engagement, "TeamMemberJoined", as_json, **fields)


@team.command("leave")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("member")
@click.option("--reason", default="", help="Why the member left.")
@recording
@click.pass_context
def team_leave(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record a member leaving a team."""
    record_event(ctx, engagement, "TeamMemberLeft", as_json, **fields)


@team.command(
    "stage",
    epilog=f"Stages, in order: {_stages_in_order()} ({SPELLINGS}). {_stage_help()} "
    f"({v.TEAM_STAGE_NOTE}.)",
)
@click.argument("engagement")
@click.argument("team_id")
@click.argument("stage")
@click.option("--reason", default="", help="Required when a team moves back a stage.")
@recording
@click.pass_context
def team_stage(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Move a team to its next growth stage (or back).

    Stages cannot be skipped; moving back needs --reason.

    \b
    Example:
      cec-ledger team stage maple-ridge dlt norm --on 2025-11-01
    """
    record_event(ctx, engagement, "TeamStageAdvanced", as_json, **fields)


def _value(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise click.BadParameter(f"{text!r} is not a number", param_hint=option) from None


def _horizon(text: str | None) -> dict[str, str] | None:
    if text is None:
        return None
    first, colon, last = text.partition(":")
    if not colon:
        raise click.BadParameter(
            f"{text!r}: give the first and last school years, e.g. 2024-25:2026-27",
            param_hint="--horizon",
        )
    return {"first": first.strip(), "last": last.strip()}


@team.command("priority")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("priority_id")
@vocabulary_option(
    "--kind",
    vocabulary=v.PRIORITY_KIND,
    required=True,
    help=choices_help(v.PRIORITY_KIND)
    + " A DLT sets district priorities, an SLT achievement or culture priorities, an "
    "ILT/PLC measurable goals.",
)
@click.option("--text", required=True, help="The priority or goal, in one line.")
@click.option(
    "--within",
    multiple=True,
    metavar="PRIORITY",
    help="The parent team's priorities it sits within (an SLT names at least one of its "
    "DLT's); repeat.",
)
@click.option(
    "--horizon",
    default=None,
    metavar="YYYY-YY:YYYY-YY",
    help="A DLT priority's school years (at least two), e.g. 2024-25:2026-27.",
)
@click.option("--measure", default=None, help="A measurable goal's measure.")
@click.option("--unit", default=None, help="Its unit, e.g. '%' or 'students'.")
@click.option("--baseline", default=None, help="Where the measure starts.")
@click.option("--target", default=None, help="Where the goal aims.")
@click.option("--by", "target_by", default=None, metavar="DATE", help="By when.")
@click.option(
    "--element",
    "elements",
    multiple=True,
    help="A Framework for Change element it addresses ("
    + choices(v.FRAMEWORK_ELEMENT, ", ")
    + "; ESTL, IEP, TtP, FLMC work too); repeat.",
)
@recording
@click.pass_context
def team_priority(
    ctx: click.Context,
    engagement: str,
    within: tuple[str, ...],
    horizon: str | None,
    baseline: str | None,
    target: str | None,
    elements: tuple[str, ...],
    as_json: bool,
    **fields: Any,
) -> None:
    """Set a DLT, SLT or ILT/PLC priority (Pathway step 4).

    A DLT sets multi-year district priorities, an SLT its own priorities within them, an
    ILT/PLC measurable team goals (Theory of Action, Step 4).

    \b
    Examples:
      cec-ledger team priority maple-ridge dlt collaboration-time --kind district_priority \\
          --text "Protected collaboration time" --horizon 2024-25:2026-27 --element TtP
      cec-ledger team priority maple-ridge plc-lincoln-g3 g3-reading --kind measurable_goal \\
          --text "Fewer grade 3 students below benchmark" --within lincoln-literacy \\
          --measure "Grade 3 students below benchmark" --unit % --baseline 38 --target 25 \\
          --by 2026-05-29
    """
    record_event(
        ctx,
        engagement,
        "TeamPrioritySet",
        as_json,
        within=list(within),
        horizon=_horizon(horizon),
        baseline=_value(baseline, "--baseline"),
        target=_value(target, "--target"),
        elements=list(elements),
        **fields,
    )


@team.command("evidence")
@click.argument("engagement")
@click.argument("team_id")
@click.argument("priority_id")
@click.option("--evidence", required=True, help="What shows the progress.")
@click.option("--observed", default=None, help="A measurable goal's value observed now.")
@click.option(
    "--session", "sessions", multiple=True, type=int, metavar="N", help="A session (#N); repeat."
)
@recording
@click.pass_context
def team_evidence(
    ctx: click.Context,
    engagement: str,
    observed: str | None,
    sessions: tuple[int, ...],
    as_json: bool,
    **fields: Any,
) -> None:
    """Record evidence of progress toward a team's priority.

    \b
    Example:
      cec-ledger team evidence maple-ridge plc-lincoln-g3 g3-reading \\
          --evidence "Winter screener" --observed 29 --on 2025-12-16
    """
    record_event(
        ctx,
        engagement,
        "ProgressEvidenced",
        as_json,
        observed=_value(observed, "--observed"),
        sessions=list(sessions),
        **fields,
    )


@team.command("request-support")
@click.argument("engagement")
@click.argument("team_id", metavar="SLT")
@click.argument("priority_id")
@click.option("--request", required=True, help="The support needed from the DLT.")
@recording
@click.pass_context
def team_request_support(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record an SLT's request for support from its DLT.

    The request names one of the SLT's priorities; responses are not recorded.

    \b
    Example:
      cec-ledger team request-support maple-ridge slt-lincoln lincoln-literacy \\
          --request "Fund and schedule a daily intervention block"
    """
    record_event(ctx, engagement, "SupportRequested", as_json, **fields)


@team.command("structure")
@click.argument("engagement")
@click.option("--as-of", metavar="DATE", help="What had occurred by this date.")
@known_at_option
@json_option
@click.pass_context
def team_structure(
    ctx: click.Context, engagement: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Show the team structure, anchor seats and priorities.

    Each team under its parent, the DLT's anchor seats, the teams' priorities: the aligned
    leadership structure of the Theory of Action, Step 4, with whether Step 4
    holds (docs/cec-model.md gives the ledger's rule by level).

    \b
    Examples:
      cec-ledger team structure maple-ridge
      cec-ledger team structure maple-ridge --as-of 2025-04-01 --json
    """
    # lazy: rendering loads the domain (eventsourcing through domain.events)
    from cec_ledger.rendering.structure import structure_lines

    state = ledger_of(ctx).engagement(engagement, as_of=as_of, known_at=known_at)
    step = state["pathway"]["steps"][3]
    if as_json:
        print_json(
            {
                "engagement": state["slug"],
                "step_4": {"holds": step["holds"], "evidence": step["evidence"]},
                "teams": state["team_structure"],
                "priorities": state["priorities"],
            }
        )
        return
    when = f" as of {state['as_of']}" if state.get("as_of") else ""
    holds = "holds" if step["holds"] else "does not hold"
    click.echo(f"{state['name']}: Step 4 {holds}{when}")
    click.echo(f"  {step['evidence']}")
    lines = structure_lines(state)
    click.echo("\n".join(lines) if lines else "  no team yet")
