"""Step 2: a needs diagnosis against a framework, from a ratings file or prompts.

Commands: diagnose. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, ledger_of
from cec_ledger.cli.recording import recording
from cec_ledger.formats.ratings import load_ratings


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
    from cec_ledger.plugins import get_framework  # lazy: plugins load pluggy and entry points

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
