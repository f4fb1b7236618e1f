"""Step 4: collaborative structures: form teams, change members, move through growth stages.

Commands: team. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import SPELLINGS, choices, vocabulary_option
from cec_ledger.domain import vocabulary as v


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
    record_event(ctx, engagement, "TeamFormed", as_json, **fields)


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
    record_event(ctx, engagement, "TeamStageAdvanced", as_json, **fields)
