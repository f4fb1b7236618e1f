"""Step 5: sessions delivered, consultant handoffs, and responsibilities released to the district.

Commands: session, handoff, transfer. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v


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
    record_event(ctx, engagement, "SessionDelivered", as_json, **fields)


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
    record_event(ctx, engagement, "ConsultantHandoff", as_json, **fields)


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
    record_event(ctx, engagement, "ResponsibilityTransferred", as_json, **fields)
