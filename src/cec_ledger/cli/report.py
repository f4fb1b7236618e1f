"""``cec-ledger report``: an engagement report as Markdown or HTML."""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.files import checked_output, os_error
from cec_ledger.cli.output import ledger_of
from cec_ledger.rendering.report import render_report


def report_checks(
    ledger: Any, engagement: str, state: dict[str, Any], known_at: str | None
) -> dict[str, Any]:
    """The default set of checks on this engagement, judged as of the report's --as-of, else
    as of the engagement's latest event: never as of today, so the same ledger still gives
    the same report (``cec-ledger check`` gives today's view)."""
    from cec_ledger.checks import run_checks  # lazy: the checks load the event store

    day = state.get("as_of") or state.get("last_occurred_on") or state["opened_on"]
    run = run_checks(ledger, engagement=engagement, as_of=day, known_at=known_at)
    return {
        "as_of": day,
        "checks": len(run.statuses),
        "findings": [
            {**f.to_dict(), "where": f.where}
            for f in run.findings
            if f.engagement == state["slug"] or f.engagement is None
        ],
    }


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
@click.option("--as-of", metavar="DATE", help="The engagement as of what had occurred by then.")
@known_at_option
@click.pass_context
def report(
    ctx: click.Context,
    engagement: str,
    fmt: str,
    output: str | None,
    as_of: str | None,
    known_at: str | None,
) -> None:
    """Write an engagement report as Markdown or HTML.

    The report has a summary, Pathway progress, logic-model outcomes by tier and
    dimension, reflections, the capacity curve and the engagement's checks (judged as of
    --as-of, else as of its latest event). The same ledger always gives the same bytes.

    \b
    Examples:
      cec-ledger report maple-ridge > maple-ridge.md
      cec-ledger report maple-ridge --format html -o maple-ridge.html
      cec-ledger report maple-ridge --as-of 2025-06-30 --known-at 2025-07-15
    """
    target = checked_output(output) if output else None
    ledger = ledger_of(ctx)
    data = ledger.report_data(engagement, as_of=as_of, known_at=known_at)
    data["checks"] = report_checks(ledger, engagement, data["state"], known_at)
    text = render_report(data, fmt)
    if target is not None:
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            raise os_error(error, f"cannot write {target}") from None
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
