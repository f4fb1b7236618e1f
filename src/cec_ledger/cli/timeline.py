"""``cec-ledger timeline``: the events, filtered, in the order they were recorded."""

from __future__ import annotations

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.output import json_option, ledger_of, print_json, print_table


@click.command()
@click.argument("engagement", required=False)
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="EVENT_TYPE",
    help="Only this event type (repeat), e.g. SessionDelivered.",
)
@click.option("--since", metavar="DATE", help="Occurred on or after this date.")
@click.option("--until", metavar="DATE", help="Occurred on or before this date.")
@click.option("--actor", help="Only events recorded by this person.")
@click.option(
    "--recorded-since",
    metavar="TIMESTAMP",
    help="Recorded at or after this time (a date means its start, UTC).",
)
@click.option(
    "--recorded-until",
    metavar="TIMESTAMP",
    help="Recorded at or before this time (a date means its end, UTC).",
)
@known_at_option
@click.option(
    "--search",
    "text",
    metavar="TEXT",
    help="Only events whose text has these words, in this order (the last may be the start "
    "of a word; case and accents do not matter).",
)
@click.option(
    "--ranked",
    is_flag=True,
    help="With --search: the best matches first (among the newest 5,000 matches).",
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many events.")
@click.option(
    "--order",
    type=click.Choice(["recorded", "occurred"]),
    default="recorded",
    show_default=True,
    help="recorded: the order events were recorded in (a back-dated event sits where it was "
    "recorded, so occurred dates can jump back); occurred: by occurred date, events of the "
    "same day in recorded order.",
)
@json_option
@click.pass_context
def timeline(
    ctx: click.Context,
    engagement: str | None,
    types: tuple[str, ...],
    since: str | None,
    until: str | None,
    actor: str | None,
    recorded_since: str | None,
    recorded_until: str | None,
    known_at: str | None,
    text: str | None,
    ranked: bool,
    limit: int | None,
    order: str,
    as_json: bool,
) -> None:
    """List events in the order they were recorded, with filters.

    Each row shows when the event occurred and who recorded it. Filter by type, by when
    events occurred or were recorded, by who recorded them, or by text.

    \b
    Examples:
      cec-ledger timeline maple-ridge
      cec-ledger timeline maple-ridge --type SessionDelivered --since 2025-09-01 --json
      cec-ledger timeline --actor ana --search "data cycle"
      cec-ledger timeline --search whitf --ranked --limit 10
      cec-ledger timeline --recorded-since 2025-06-01 --recorded-until 2025-06-30
      cec-ledger timeline maple-ridge --known-at 2025-04-01T17:00:00Z
      cec-ledger timeline maple-ridge --order occurred

    A corrected event is marked * and its summary names the correction(s).

    Events are listed in recorded order: an event recorded late with a back-dated occurred
    date sits where it was recorded, so the OCCURRED column can jump back. --order occurred
    lists them by occurred date instead (--limit then keeps the earliest).
    """
    from cec_ledger.formats.summaries import summary  # lazy: loads eventsourcing (domain.events)

    ledger = ledger_of(ctx)
    if ranked:
        if not text:
            raise click.UsageError("--ranked orders the matches of --search: give --search TEXT")
        if recorded_since or recorded_until or known_at:
            raise click.UsageError(
                "--ranked works with --type, --actor, --since and --until, not with "
                "--recorded-since, --recorded-until or --known-at"
            )
        if order != "recorded":
            raise click.UsageError("--ranked lists the best matches first: leave out --order")
    wanted, limit = limit, (limit if order == "recorded" else None)  # occurred: limit after sorting
    rows = (
        ledger.search(
            text,
            engagement,
            types=types,
            actor=actor,
            since=since,
            until=until,
            limit=limit or 20,
        )
        if ranked
        else ledger.timeline(
            engagement,
            types=types,
            since=since,
            until=until,
            actor=actor,
            text=text,
            limit=limit,
            recorded_since=recorded_since,
            recorded_until=recorded_until,
            known_at=known_at,
        )
    )
    if order == "occurred":  # a stable sort: events of the same day stay in recorded order
        rows = sorted(rows, key=lambda row: row["occurred_on"])[:wanted]
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No events match.")
        return
    corrected_by = ledger.corrected_by(engagement, known_at=known_at)

    def marked(row: dict) -> str:
        # A corrected event says so, and names the event(s) that correct it.
        by = corrected_by.get((row["engagement_id"], row["version"]))
        # First in the summary, so a narrow terminal never cuts it off.
        note = f"[corrected by {', '.join(f'#{n}' for n in by)}] " if by else ""
        return f"{row['engagement']}#{row['version']}{'*' if by else ''}", note + summary(row)

    print_table(
        ["OCCURRED", "EVENT", "TYPE", "BY", "SUMMARY"],
        [[r["occurred_on"], marked(r)[0], r["type"], r["recorded_by"], marked(r)[1]] for r in rows],
    )
