"""The Reflect phase and the CEC Logic Model's outcomes.

Commands: reflect, outcome. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import click

from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import (
    choices,
    choices_help,
    dimensions_by_tier_help,
    vocabulary_option,
)
from cec_ledger.domain import vocabulary as v


def _goal_result(text: str) -> dict[str, str]:
    goal_id, colon, rest = text.partition(":")
    result, colon2, evidence = rest.partition(":")
    if not (colon and colon2 and goal_id.strip() and result.strip()):
        raise click.BadParameter(
            f"{text!r}: give GOAL_ID:RESULT:EVIDENCE, e.g. 'protected-time:met:MOU signed "
            "2025-06-05'",
            param_hint="--goal",
        )
    return {"goal_id": goal_id.strip(), "result": result.strip(), "evidence": evidence.strip()}


@click.command()
@click.argument("engagement")
@click.option("--team", "team_id", default=None, help="The team reflecting, if any.")
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="GOAL_ID:RESULT:EVIDENCE",
    help=f"A plan goal looked back on: {choices(v.GOAL_RESULT)}, with the evidence; repeat.",
)
@click.option("--process", "process_outcomes", default="", help="Process outcomes.")
@click.option("--content", "content_outcomes", default="", help="Content outcomes.")
@click.option("--communication", default="", help="How communication worked.")
@click.option("--equitable-voice", default="", help="Whether every member had a voice.")
@click.option("--psychological-safety", default="", help="Psychological safety observed.")
@click.option(
    "--lesson",
    "lessons_learned",
    multiple=True,
    help="A lesson learned (repeat). Lesson k of this reflection #N is rN.k: a later "
    "'plan change --cite rN.k' acts on it.",
)
@click.option("--next-step", "next_steps", multiple=True, help="A next step (repeat).")
@recording
@click.pass_context
def reflect(
    ctx: click.Context,
    engagement: str,
    as_json: bool,
    goals: tuple[str, ...],
    lessons_learned: tuple[str, ...],
    next_steps: tuple[str, ...],
    **fields: Any,
) -> None:
    """Record a reflection: plan goals met or not, outcomes, lessons, next steps.

    The CEC Reflect phase guidance: "look back and see if you and your team were able to
    accomplish what you set out to do". Give at least one goal result, outcome, observation
    or lesson.

    \b
    Example:
      cec-ledger reflect maple-ridge --team dlt \\
          --goal "protected-time:met:MOU on protected PLC time signed 2025-06-05" \\
          --goal "data-cycle:partly_met:grade 3 ran its first cycles" \\
          --lesson "Brief new union leadership on the Compact as soon as they are elected" \\
          --next-step "Extend common assessments to grades 4-6"
    """
    record_event(
        ctx,
        engagement,
        "ReflectionRecorded",
        as_json,
        goals=[_goal_result(g) for g in goals],
        lessons_learned=list(lessons_learned),
        next_steps=list(next_steps),
        **fields,
    )


def _value(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise click.BadParameter(f"{text!r} is not a number", param_hint=option) from None


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
@click.option("--measure", default=None, help="What was measured (leave out: qualitative).")
@click.option("--unit", default=None, help="The measure's unit, e.g. '%' or 'participants'.")
@click.option("--baseline", default=None, help="The measure before.")
@click.option("--target", default=None, help="The measure aimed at.")
@click.option("--observed", default=None, help="The measure observed (needed with --measure).")
@click.option(
    "--session",
    "sessions",
    multiple=True,
    type=int,
    metavar="N",
    help="A session (#N) it is evidence for; repeat.",
)
@click.option("--team", "teams", multiple=True, help="A team it is evidence for; repeat.")
@click.option(
    "--service", "services", multiple=True, help="A catalogue service it is evidence for; repeat."
)
@click.option("--goal", "goals", multiple=True, help="A plan goal it is evidence for; repeat.")
@click.option(
    "--element",
    "elements",
    multiple=True,
    help="A Framework for Change element it shows ("
    + choices(v.FRAMEWORK_ELEMENT, ", ")
    + "; ESTL, IEP, TtP, FLMC work too); repeat.",
)
@recording
@click.pass_context
def outcome(
    ctx: click.Context,
    engagement: str,
    as_json: bool,
    baseline: str | None,
    target: str | None,
    observed: str | None,
    sessions: tuple[int, ...],
    teams: tuple[str, ...],
    services: tuple[str, ...],
    goals: tuple[str, ...],
    elements: tuple[str, ...],
    **fields: Any,
) -> None:
    """Record an observed outcome of the CEC Logic Model, measured or not.

    Each dimension belongs to one tier, and a short-term outcome is system impact or
    people impact. A measured outcome gives --measure, --unit and --observed (a baseline
    and a target if there are); the long-term outcome is the Logic Model's "Increased system
    capacity to orchestrate equitable, inclusive transformation...".

    \b
    Example:
      cec-ledger outcome maple-ridge --tier short_term --dimension attitude_shifts \\
          --evidence "Staff survey, spring" --measure "Staff agreeing 'we work together'" \\
          --unit % --baseline 34 --target 50 --observed 58 --service ibb-ibps --element FLMC
    """
    record_event(
        ctx,
        engagement,
        "OutcomeObserved",
        as_json,
        baseline=_value(baseline, "--baseline"),
        target=_value(target, "--target"),
        observed=_value(observed, "--observed"),
        sessions=list(sessions),
        teams=list(teams),
        services=list(services),
        goals=list(goals),
        elements=list(elements),
        **fields,
    )
