"""``cec-ledger report``: an engagement report as Markdown or HTML."""

from __future__ import annotations

from pathlib import Path

import click

from cec_ledger.cli.output import ledger_of
from cec_ledger.rendering.report import render_report


@click.command()
@click.argument("engagement")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown (text chart) or HTML (inline SVG chart).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.pass_context
def report(ctx: click.Context, engagement: str, fmt: str, output: str | None) -> None:
    """Write an engagement report as Markdown or HTML.

    The report has a summary, Pathway progress, logic-model outcomes by tier and
    dimension, reflections, and the capacity curve. The same ledger always gives the same
    bytes.

    \b
    Examples:
      cec-ledger report maple-ridge > maple-ridge.md
      cec-ledger report maple-ridge --format html -o maple-ridge.html
    """
    text = render_report(ledger_of(ctx).report_data(engagement), fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
