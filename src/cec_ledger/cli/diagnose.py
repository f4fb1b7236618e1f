"""Step 2: a needs diagnosis against a framework, from a ratings file or prompts.

Commands: diagnose. It takes the engagement (slug or id) first and ``--on DATE``;
``diagnose --template FRAMEWORK`` writes a ratings file to fill in instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, ledger_of
from cec_ledger.cli.recording import recording
from cec_ledger.formats.ratings import load_ratings


def has_terminal() -> bool:
    """Whether ratings can be asked for one by one (tests replace this to prompt)."""
    return sys.stdin.isatty()


@click.command()
# Required when recording; --template needs none (checked in the command).
@click.argument("engagement", required=False, metavar="ENGAGEMENT")
@click.option("--framework", "framework_id", help="Framework id (see 'framework list').")
@click.option(
    "--ratings",
    "ratings_file",
    type=click.Path(dir_okay=False),
    help="JSON, YAML or CSV file of indicator ratings (layouts above; else you are prompted).",
)
@click.option(
    "--assessor",
    "assessors",
    multiple=True,
    help="An assessor (repeat for several): the team of outside educators trained to rate. "
    "Required when recording.",
)
@click.option(
    "--entry-point",
    "entry_point_id",
    default=None,
    metavar="ID",
    help="The entry point this diagnosis was made through (default: the engagement's only "
    "one; 'entry-point list' shows them).",
)
@click.option(
    "--version",
    "assessment_version",
    default=None,
    metavar="full|short",
    help="The assessment's version (default: the system assessment's): a short version "
    "rates only the indicators its framework declares for it.",
)
@click.option(
    "--template",
    "template_id",
    metavar="FRAMEWORK",
    help="Write a ratings file to fill in for FRAMEWORK instead of recording (to -o FILE or "
    "standard output).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="With --template: the file to write (its suffix picks the format).",
)
@click.option(
    "--format",
    "template_format",
    type=click.Choice(["csv", "json", "yaml"]),
    help="With --template: the layout (default: from -o's suffix, else csv).",
)
@recording
@click.pass_context
def diagnose(
    ctx: click.Context,
    engagement: str | None,
    framework_id: str | None,
    ratings_file: str | None,
    assessors: tuple[str, ...],
    template_id: str | None,
    output: str | None,
    template_format: str | None,
    entry_point_id: str | None,
    assessment_version: str | None,
    occurred_on: str,
    as_json: bool,
) -> None:
    """Record a needs diagnosis against a framework (Pathway step 2).

    The framework plugin validates every rating, computes the readiness baseline, the
    greatest areas of need (GANs) and the strengths, and recommends services for the GANs
    (printed after recording; 'plan set --from-diagnosis' starts a plan from them). A
    framework may offer the answer 'not observed' (the PLC framework does). Without
    --ratings on a terminal, each indicator is asked for in turn and each answer is checked
    as it is typed. 'framework show FRAMEWORK' lists the indicators and the scale.

    \b
    Ratings files (--ratings) are CSV, JSON or YAML; --template writes one.
    A rating is a value of the framework's scale (or its label), or a whole
    number on a numeric scale (Baldrige scores); evidence is optional.
    CSV: the header 'indicator,rating' or 'indicator,rating,evidence', then
    one indicator a line; blank lines and lines starting with # are skipped:
      indicator,rating,evidence
      A,developing,unit plans sampled in 4 schools
      B,initiating,
    JSON: indicator -> rating; or ratings and evidence side by side; or each
    indicator with its rating and evidence:
      {"A": "developing", "B": "initiating"}
      {"ratings": {"A": "developing"}, "evidence": {"A": "unit plans"}}
      {"A": {"rating": "developing", "evidence": "unit plans"}}
    YAML: the same three shapes as JSON, for example:
      A: developing
      B: initiating

    \b
    Examples:
      cec-ledger diagnose --template plc -o plc-fall.csv
      cec-ledger diagnose maple-ridge --framework plc --ratings plc-fall.csv \\
          --assessor "J. Okafor" --assessor "L. Chen" --on 2025-10-01
      cec-ledger diagnose maple-ridge --framework baldrige --assessor "J. Okafor"
    """
    # lazy: plugins import pluggy and eventsourcing (domain.events)
    from cec_ledger.plugins import get_framework  # lazy: plugins load pluggy and entry points

    if template_id is not None:
        _write_template(template_id, output, template_format)
        return
    if output or template_format:
        raise click.UsageError("-o/--output and --format go with --template FRAMEWORK")
    params = {p.name: p for p in ctx.command.params}
    if engagement is None:
        raise click.MissingParameter(ctx=ctx, param=params["engagement"])
    if framework_id is None:
        raise click.MissingParameter(ctx=ctx, param=params["framework_id"])
    if not assessors:
        raise click.MissingParameter(ctx=ctx, param=params["assessors"])
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
        entry_point_id=entry_point_id,
        assessment_version=assessment_version,
    )
    confirm_recorded(event, as_json)
    if not as_json:
        click.echo(diagnosis_summary(event["data"], framework))


def diagnosis_summary(data: dict[str, Any], framework: Any) -> str:
    """What a diagnosis found, in a few lines: strengths, GANs, not observed, and the
    services the framework recommends for the GANs."""
    lines = [
        f"  Readiness {data['readiness_label'] or '-'} ({data['readiness_score'] or '-'}), "
        f"through entry point {data['entry_point_id']} ({data['assessment_version']} version)",
        f"  Strengths: {', '.join(data['strengths'] or []) or '-'}",
        f"  Greatest areas of need (opportunities): "
        f"{', '.join(data['greatest_areas_of_need']) or '-'}",
    ]
    if data["not_observed"]:
        lines.append(f"  Not observed: {', '.join(data['not_observed'])}")
    recommended = data["recommended_services"] or []
    lines.append(
        f"  Services recommended for the GANs (the {framework.id} framework's own "
        f"recommendation): {', '.join(recommended) or 'none'}"
    )
    if recommended:
        lines.append(
            "  Start a plan from them: cec-ledger plan set ENGAGEMENT --from-diagnosis "
            "--service ID:HOURS[:BUDGET] ..."
        )
    return "\n".join(lines)


def _write_template(framework_id: str, output: str | None, requested: str | None) -> None:
    # lazy: the facade loads eventsourcing
    from cec_ledger.facade.catalogue import ratings_template, template_format

    fmt = template_format(requested, output)
    text = ratings_template(framework_id, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    if target.exists():
        raise click.UsageError(f"{output} exists; not overwriting it (choose another -o FILE)")
    target.write_text(text, encoding="utf-8")
    click.echo(
        f"Wrote a {fmt.upper()} ratings file for {framework_id} to {output}: fill in each "
        f"rating, then 'cec-ledger diagnose ENGAGEMENT --framework {framework_id} "
        f"--ratings {output} --assessor NAME'",
        err=True,
    )


def _prompt_ratings(framework: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Ask for each indicator's rating in turn; an answer off the scale is refused at once
    and asked again, so nothing typed before it is lost."""
    if not has_terminal():
        raise click.UsageError("give --ratings FILE (no terminal to prompt for ratings)")
    scale = framework.rating_scale

    def checked(answer: str) -> Any:
        value = scale.normalise(answer.strip())
        if value is None:
            raise click.BadParameter(
                f"{answer.strip()!r} is not on the scale; use {scale.allowed()}"
            )
        return value

    ratings: dict[str, Any] = {}
    click.echo(f"{framework.name} {framework.version}: rate each indicator ({scale.describe()})")
    group = None
    for indicator in framework.indicators:
        if indicator.group and indicator.group != group:
            group = indicator.group
            click.echo(click.style(group, bold=True))
        ratings[indicator.id] = click.prompt(
            f"{indicator.id}. {indicator.title}", value_proc=checked
        )
    return ratings, {}
