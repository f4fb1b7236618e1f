"""``cec-ledger report``: an engagement report as Markdown or HTML, or its data as JSON."""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.files import checked_output, os_error
from cec_ledger.cli.output import json_option, ledger_of
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
    default=None,
    help="Markdown (text chart; the default) or HTML (inline SVG chart).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--as-of", metavar="DATE", help="The engagement as of what had occurred by then.")
@known_at_option
@json_option
@click.pass_context
def report(
    ctx: click.Context,
    engagement: str,
    fmt: str | None,
    output: str | None,
    as_of: str | None,
    known_at: str | None,
    as_json: bool,
) -> None:
    """Write an engagement report as Markdown or HTML.

    The report has a summary, Pathway progress, logic-model outcomes by tier and
    dimension, reflections, the capacity curve and the engagement's checks (judged as of
    --as-of, else as of its latest event). The same ledger always gives the same bytes.
    --json gives what the report is made of instead: the engagement's state, its
    reflections, the capacity history, the checks' findings and the plugins' sections.

    \b
    Examples:
      cec-ledger report maple-ridge > maple-ridge.md
      cec-ledger report maple-ridge --format html -o maple-ridge.html
      cec-ledger report maple-ridge --as-of 2025-06-30 --known-at 2025-07-15
      cec-ledger report maple-ridge --json
    """
    if as_json and fmt:
        raise click.UsageError("--json prints the report's data: leave out --format")
    target = checked_output(output) if output else None
    ledger = ledger_of(ctx)
    data = ledger.report_data(engagement, as_of=as_of, known_at=known_at)
    data["checks"] = report_checks(ledger, engagement, data["state"], known_at)
    text = json_text(data) if as_json else render_report(data, fmt or "md")
    if target is not None:
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            raise os_error(error, f"cannot write {target}") from None
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def json_text(data: dict) -> str:
    """The report's data as indented JSON (plain values: ISO dates, decimals as strings)."""
    import orjson  # lazy, as in cli.output

    from cec_ledger.formats.lines import plain

    return orjson.dumps(plain(data), option=orjson.OPT_INDENT_2).decode() + "\n"
