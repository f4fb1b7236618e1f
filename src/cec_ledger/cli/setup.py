"""``cec-ledger init``."""

from __future__ import annotations

import click

from cec_ledger.cli.output import ledger_of


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the ledger (an SQLite file, or the tables in a PostgreSQL database).

    Safe to run again: an existing ledger is left as it is.

    \b
    Examples:
      cec-ledger init
      cec-ledger --ledger ~/engagements/maple.db init
      cec-ledger --ledger postgresql://cec:secret@db.local/cec init
    """
    ledger = ledger_of(ctx, create=True)
    count = ledger.event_count()
    state = f"{count} events" if count else "empty"
    click.echo(f"Ledger ready at {ledger.location.display} ({state})")
