"""Step 2: diagnostic entry points, each with the structure the Theory of Action gives it.

Commands: entry-point add | list. ``add`` takes the engagement (slug or id) and the entry
point's id, then ``--kind`` and the structure of that kind, and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, json_option, ledger_of, print_json
from cec_ledger.cli.recording import recording
from cec_ledger.cli.vocabulary_help import choices, choices_help, vocabulary_option
from cec_ledger.domain import vocabulary as v


@click.group("entry-point")
def entry_point() -> None:
    """Add diagnostic entry points, each with its structure (Pathway step 2).

    The Theory of Action, Step 2 names four, used "independently or in combination": a
    system assessment, a strategic planning process, grant criteria, an individual district
    request. An engagement may have several, added over time.
    """


def _member(text: str) -> dict[str, str]:
    member, colon, role = text.rpartition(":")
    if not colon or not member.strip() or not role.strip():
        raise click.BadParameter(
            f"{text!r}: give NAME:ROLE, e.g. 'Rosa Alvarez:board'", param_hint="--member"
        )
    return {"member": member.strip(), "role": role.strip()}


@entry_point.command("add")
@click.argument("engagement")
@click.argument("entry_point_id", metavar="ID")
@vocabulary_option("--kind", vocabulary=v.ENTRY_POINT, required=True)
@click.option("--note", default="", help="Anything else worth knowing about it.")
@click.option(
    "--framework",
    "framework_id",
    default=None,
    help="System assessment: the framework the assessors rate against (see 'framework list'; "
    "else its first diagnosis fixes it).",
)
@vocabulary_option(
    "--version",
    "assessment_version",
    vocabulary=v.ASSESSMENT_VERSION,
    default=None,
    help="System assessment: " + choices_help(v.ASSESSMENT_VERSION) + " Default full; a "
    "short version needs a framework that declares one.",
)
@click.option(
    "--member",
    "planning_group",
    multiple=True,
    metavar="NAME:ROLE",
    help="Strategic planning: a member of the representative group and the role they bring "
    f"({choices(v.MEMBER_ROLE, ', ')}); repeat. The three anchors must be among them.",
)
@click.option(
    "--area",
    "planning_areas",
    multiple=True,
    metavar="AREA",
    help="Strategic planning: an area the plan addresses ("
    + choices(v.PLANNING_AREA, ", ")
    + "); repeat. Default: all five.",
)
@click.option(
    "--owner",
    "plan_owner",
    default=None,
    help="Strategic planning: the district planning team that owns the plan (CEC "
    "facilitates, the district owns).",
)
@click.option("--grant", default=None, help="Grant criteria: the grant, e.g. 'SIG'.")
@click.option("--state", "granting_state", default=None, help="Grant criteria: the state.")
@click.option(
    "--criterion",
    "criteria",
    multiple=True,
    help="Grant criteria: one of the grant's criteria; repeat.",
)
@click.option(
    "--plan-deadline",
    default=None,
    metavar="DATE",
    help="Grant criteria: when the grant's plan is due.",
)
@click.option("--request", default=None, help="District request: what the district asked for.")
@click.option("--mandate", default=None, help="District request: the mandate behind it.")
@click.option(
    "--deadline", default=None, metavar="DATE", help="District request: the mandate's deadline."
)
@click.option(
    "--follow-up",
    default=None,
    help="District request: the follow-up agreed to make the work sustainable (needed with a "
    "deadline).",
)
@recording
@click.pass_context
def entry_point_add(
    ctx: click.Context,
    engagement: str,
    entry_point_id: str,
    planning_group: tuple[str, ...],
    planning_areas: tuple[str, ...],
    criteria: tuple[str, ...],
    as_json: bool,
    **fields: Any,
) -> None:
    """Add a diagnostic entry point with its structure.

    A strategic planning process names its representative group with --member NAME:ROLE
    (the three anchors among them), its areas (--area, default all five) and --owner.

    \b
    Examples:
      cec-ledger entry-point add maple-ridge sa-2024 --kind system_assessment \\
          --framework plc --version full --on 2024-08-06
      cec-ledger entry-point add maple-ridge ibb-request-2025 \\
          --kind individual_district_request --request "Facilitate IBB of the contract" \\
          --deadline 2026-06-30 --follow-up "IBPS training for new DLT members"
    """
    event = ledger_of(ctx).add_entry_point(
        engagement,
        entry_point_id=entry_point_id,
        planning_group=[_member(m) for m in planning_group],
        planning_areas=list(planning_areas),
        criteria=list(criteria),
        **fields,
    )
    confirm_recorded(event, as_json)


@entry_point.command("list")
@click.argument("engagement")
@json_option
@click.pass_context
def entry_point_list(ctx: click.Context, engagement: str, as_json: bool) -> None:
    """List an engagement's entry points, their structure and diagnoses.

    \b
    Example:
      cec-ledger entry-point list maple-ridge
    """
    # lazy: rendering loads the domain (eventsourcing through domain.events)
    from cec_ledger.rendering.structure import entry_point_lines

    state = ledger_of(ctx).engagement(engagement)
    if as_json:
        print_json(state["entry_points"])
        return
    lines = entry_point_lines(state)
    click.echo("\n".join(lines) if lines else f"{state['slug']} has no entry point yet.")
