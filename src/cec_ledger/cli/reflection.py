"""The Reflect phase and logic-model outcomes.

Commands: reflect, outcome. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import choices_help, dimensions_by_tier_help, vocabulary_option
from cec_ledger.domain import vocabulary as v


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
    record_event(
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
    record_event(ctx, engagement, "OutcomeObserved", as_json, **fields)
