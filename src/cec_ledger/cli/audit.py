"""Auditor commands: ``verify``, ``seal``, ``rebuild``, ``replay``, ``diff``, ``capacity``."""

from __future__ import annotations

import shutil
import sys
import time
from typing import Any

import click

from cec_ledger.cli.output import json_option, ledger_of, print_json
from cec_ledger.rendering.charts import text_chart
from cec_ledger.rendering.text import percent


@click.command()
@click.option(
    "--seal", "seal_digest", metavar="SEAL", help="Also prove history up to this seal is unchanged."
)
@json_option
@click.pass_context
def verify(ctx: click.Context, seal_digest: str | None, as_json: bool) -> None:
    """Check that no stored event was changed, removed or reordered.

    Exits 1 if one was. Recomputes the SHA-256 chain over every stored event and names the first
    one that fails. With --seal, recomputes history up to the sealed position from the events
    alone.

    \b
    Examples:
      cec-ledger verify
      cec-ledger --read-only verify --seal cec-seal-v1:188:3fa9c2e1b4d07a88c01d9e2f
    """
    from cec_ledger.facade.audit import verify as run_verify  # lazy: facade loads eventsourcing

    report = run_verify(ledger_of(ctx), seal=seal_digest)
    if as_json:
        print_json(report)
    elif report["ok"]:
        line = (
            f"OK: {report['checked']} events verified, chain intact up to position {report['head']}"
        )
        if report["unchained"]:
            line += f" ({report['unchained']} newer events not yet chained)"
        click.echo(line)
        if report["seal"]:
            click.echo(
                f"OK: seal matches: history up to position {report['seal']['position']} "
                f"({report['seal']['events']} events) is unchanged"
            )
    if not report["ok"]:
        if not as_json:
            click.echo(f"error: verification failed: {report['message']}", err=True)
        ctx.exit(1)


@click.command()
@click.option("--position", type=click.IntRange(min=1), help="Seal up to this log position.")
@json_option
@click.pass_context
def seal(ctx: click.Context, position: int | None, as_json: bool) -> None:
    """Print a short digest of the log to keep outside the ledger.

    The digest covers the log up to --position (default: all of it). Later, 'verify --seal
    DIGEST' proves history up to that point is unchanged.

    \b
    Example:
      cec-ledger seal > seal-2026-06-30.txt
    """
    from cec_ledger.facade.audit import seal as make_seal  # lazy: facade loads eventsourcing

    result = make_seal(ledger_of(ctx), position)
    if as_json:
        print_json(result)
    else:
        click.echo(result["seal"])


@click.command()
@click.pass_context
def rebuild(ctx: click.Context) -> None:
    """Rebuild the views from the whole log (resumable).

    Rebuilds the timeline and engagement views. Resumable: each batch commits with its position,
    so an interrupted rebuild continues where it stopped when run again. The hash chain is never
    rebuilt (that would hide tampering); it is only extended.
    """
    # lazy: facade loads eventsourcing
    # lazy: the facade loads eventsourcing
    from cec_ledger.facade.audit import check_can_rebuild
    from cec_ledger.facade.audit import rebuild as run_rebuild

    ledger = ledger_of(ctx)
    check_can_rebuild(ledger)  # before the progress bar: an auditor sees only the error line
    total = ledger.event_count()
    started = time.perf_counter()
    with click.progressbar(length=total, label="Rebuilding views", file=sys.stderr) as bar:
        result = run_rebuild(ledger, progress=bar.update)
    elapsed = time.perf_counter() - started
    rate = result["events"] / elapsed if elapsed else 0
    click.echo(
        f"Rebuilt views from {result['events']} events in {elapsed:.2f} s ({rate:,.0f} events/s)"
    )


KNOWN_AT_HELP = (
    "As the ledger knew it at this moment: events recorded later are left out "
    "(a bare date means the end of that day, UTC)."
)


def known_at_option(function: Any) -> Any:
    """``--known-at TIMESTAMP``: the same name and meaning on every read command."""
    return click.option("--known-at", metavar="TIMESTAMP", help=KNOWN_AT_HELP)(function)


@click.command()
@click.argument("engagement")
@known_at_option
@json_option
@click.pass_context
def replay(ctx: click.Context, engagement: str, known_at: str | None, as_json: bool) -> None:
    """Narrate an engagement event by event, with the change each one caused.

    Each event is followed by what it changed in the engagement's state.

    \b
    Example:
      cec-ledger replay maple-ridge | less
    """
    # lazy: the facade and formats.summaries (domain.events) load eventsourcing
    # lazy: the facade loads eventsourcing
    from cec_ledger.facade.audit import replay as run_replay
    from cec_ledger.formats.summaries import summary

    steps = run_replay(ledger_of(ctx), engagement, known_at=known_at)
    if as_json:
        print_json(steps)
        return
    for step in steps:
        e = step["event"]
        click.echo(
            click.style(f"#{e['version']} {e['occurred_on']} {e['type']}", bold=True)
            + f" — {summary(e)} [recorded {e['recorded_at'][:16]} by {e['recorded_by']}]"
        )
        for change in step["changes"] or ["(no change to the state)"]:
            click.echo(f"    {change}")


@click.command()
@click.argument("engagement")
@click.option("--from", "start", required=True, metavar="DATE", help="The earlier date.")
@click.option(
    "--to", "end", default="today", show_default=True, metavar="DATE", help="The later date."
)
@known_at_option
@json_option
@click.pass_context
def diff(
    ctx: click.Context,
    engagement: str,
    start: str,
    end: str,
    known_at: str | None,
    as_json: bool,
) -> None:
    """Show what changed in an engagement between two dates.

    The dates are when things occurred, not when they were recorded. The reasons given for
    withdrawals and plan changes in between are listed after the changes.

    \b
    Example:
      cec-ledger diff maple-ridge --from 2024-12-31 --to 2025-06-30
    """
    from cec_ledger.facade.audit import diff as run_diff  # lazy: facade loads eventsourcing

    result = run_diff(ledger_of(ctx), engagement, start, end, known_at=known_at)
    if as_json:
        print_json(result)
        return
    known = f" (as known at {result['known_at']})" if result["known_at"] else ""
    click.echo(
        f"{result['engagement']}: {result['from']} → {result['to']}, "
        f"{result['events']} events occurred{known}"
    )
    for change in result["changes"] or ["no change"]:
        click.echo(f"  {change}")
    for why in result["reasons"]:
        click.echo(f"  why: #{why['version']} {why['on']} {why['what']}: {why['reason']}")


@click.command()
@click.argument("engagement")
@click.option("--as-of", metavar="DATE", help="Only transfers that had occurred by then.")
@known_at_option
@json_option
@click.pass_context
def capacity(
    ctx: click.Context, engagement: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Show the capacity-transfer history and the capacity index.

    Each responsibility's release levels over time, and the capacity index (the mean release
    level: 0% consultant-led everything, 100% district-independent) as a chart as wide as the
    terminal. The district-led share is the part of the responsibilities at either
    district-led level. --json gives the exact values (as decimal strings, 0 to 1).

    \b
    Example:
      cec-ledger capacity maple-ridge --as-of 2025-12-31
    """
    ledger = ledger_of(ctx)
    result = ledger.capacity(engagement, as_of=as_of, known_at=known_at)
    if as_json:
        print_json(result)
        return
    count = len(result["responsibilities"])
    click.echo(
        click.style(
            f"{engagement} · capacity index {percent(result['index'])} · "
            f"district-led {percent(result['district_led_share'])} · "
            f"{count} {'responsibility' if count == 1 else 'responsibilities'}"
            + (f" · as of {result['as_of']}" if result["as_of"] else ""),
            bold=True,
        )
    )
    if result["curve"]:
        # The last level holds until today (or --as-of), so it shows for as long as it has.
        until = str(result["as_of"] or ledger.today().isoformat())
        width = shutil.get_terminal_size((80, 24)).columns
        click.echo(
            text_chart(
                [(p["on"], float(p["index"])) for p in result["curve"]], width=width, until=until
            )
        )
    for r in result["responsibilities"]:
        click.echo("")
        click.echo(
            click.style(r["responsibility"], bold=True)
            + f" ({r['team_id'] or 'engagement-wide'}) — now {r['release_level']}, "
            f"held by {r['holder']}"
        )
        for h in r["history"]:
            click.echo(f"  {h['on']}  {h['release_level']:<27} {h['holder']}")
    if not result["responsibilities"]:
        click.echo("No responsibilities recorded yet.")
