"""Step 5: sessions delivered, consultant handoffs, and responsibilities released to the district.

Commands: session, handoff, transfer. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue


@click.group()
def session() -> None:
    """Log delivered services, session by session (Pathway step 5)."""


UNPLANNED_HELP = (
    "Why this session is outside the services plan in force on its date (a service that is "
    "not a line of it, or --service none)."
)
BEYOND_HELP = "Why this session takes its plan line over the planned hours."


@session.command("log")
@click.argument("engagement")
@vocabulary_option(
    "--delivery",
    vocabulary=v.DELIVERY,
    required=True,
    lead="How it was delivered (coaching is logged with 'session coach')",
)
@click.option("--topic", required=True, help="What the session covered.")
@click.option("--hours", required=True, help="Hours delivered, e.g. 4 or 1.5.")
@click.option("--participants", required=True, type=int, help="How many took part.")
@click.option("--consultant", required=True, help="Who delivered it.")
@click.option(
    "--service",
    "service_id",
    default=None,
    metavar="ID|none",
    help="The service of the CEC services catalogue ('cec-ledger services list'), or none "
    "for work outside the catalogue (then give --unplanned).",
)
@click.option("--team", "team_id", default=None, help="The team it served.")
@click.option(
    "--cohort",
    default=None,
    metavar="ID",
    help="The group of participants taking a series (e.g. district-2024): required for "
    "conflict-resolution and labor-management-series.",
)
@vocabulary_option("--part", vocabulary=v.SERIES_PART, default=None, lead="The part of the series")
@click.option("--unplanned", default=None, metavar="REASON", help=UNPLANNED_HELP)
@click.option("--beyond-plan", "beyond_plan", default=None, metavar="REASON", help=BEYOND_HELP)
@recording
@click.pass_context
def session_log(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Log a delivered session of a catalogue service.

    Coaching is recorded with 'session coach --follows N': it follows the session it
    supports (Theory of Action, Capacity-Building Coaching Delivery Model).

    \b
    Example:
      cec-ledger session log maple-ridge --delivery training --service conflict-resolution \\
          --part session_one --cohort district-2024 --topic "Difficult conversations" \\
          --hours 4 --participants 38 --consultant "M. Reyes"
    """
    fields["service_id"] = _service(fields["service_id"])
    record_event(ctx, engagement, "SessionDelivered", as_json, **fields)


def _service(given: str | None) -> str | None:
    """``--service ID`` or ``--service none``; leaving it out is a usage error."""
    if given is None:
        raise InvalidValue(
            "name the service of the CEC services catalogue (--service ID, see 'cec-ledger "
            "services list') or say --service none for work outside the catalogue"
        )
    return None if given.strip().casefold() == "none" else given.strip()


@session.command("coach")
@click.argument("engagement")
@click.option(
    "--follows",
    required=True,
    type=int,
    metavar="N",
    help="The session (event #N) this coaching follows: "
    + " or ".join(d for d in v.DELIVERY.tokens if d != "coaching")
    + ".",
)
@click.option("--topic", required=True, help="What the coaching covered.")
@click.option("--hours", required=True, help="Hours delivered, e.g. 1.5.")
@click.option("--participants", required=True, type=int, help="How many were coached.")
@click.option("--consultant", required=True, help="Who coached.")
@click.option("--team", "team_id", default=None, help="The team it served.")
@vocabulary_option(
    "--purpose",
    vocabulary=v.COACHING_PURPOSE,
    default=None,
    lead="Its purpose (default: the one that goes with the followed delivery)",
)
@click.option("--unplanned", default=None, metavar="REASON", help=UNPLANNED_HELP)
@click.option("--beyond-plan", "beyond_plan", default=None, metavar="REASON", help=BEYOND_HELP)
@recording
@click.pass_context
def session_coach(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Log coaching that follows a session.

    Coaching has the purpose the Coaching Delivery Model (Theory of Action) gives it after
    the delivery it follows: informed reflection and support after a training, say (see
    --purpose). Its service is the followed session's.

    \b
    Example:
      cec-ledger session coach maple-ridge --follows 12 --topic "Agenda design" \\
          --hours 1.5 --participants 2 --consultant "M. Reyes"
    """
    record_event(ctx, engagement, "SessionDelivered", as_json, delivery="coaching", **fields)


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
@click.option(
    "--service",
    "service_id",
    default=None,
    metavar="ID",
    help="Training local trainers: the catalogue service whose delivery the holders take on.",
)
@click.option(
    "--prepared-by",
    "prepared_by",
    multiple=True,
    type=int,
    metavar="N",
    help="A training or mentoring session (event #N) of that service that prepared them; repeat.",
)
@recording
@click.pass_context
def transfer(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Move a responsibility to a new release level (capacity transfer).

    When the responsibility is delivering a catalogue service, name it and the sessions that
    prepared its new holders: the Coaching Delivery Model "trains local trainers".

    \b
    Examples:
      cec-ledger transfer maple-ridge "facilitate SLT meetings" --level co-led \\
          --holder "Principal Ortiz" --team slt-lincoln
      cec-ledger transfer maple-ridge "onboard new mentors" \\
          --level district-led-with-coaching --holder "Lisa Chen" \\
          --service dlt-slt-plc-integration --prepared-by 160 --prepared-by 201
    """
    fields["prepared_by"] = list(fields["prepared_by"])
    record_event(ctx, engagement, "ResponsibilityTransferred", as_json, **fields)
