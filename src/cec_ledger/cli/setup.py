"""``cec-ledger init``."""

from __future__ import annotations

import click

from cec_ledger.cli.output import ledger_of


@click.command()
@click.option(
    "--encrypt",
    is_flag=True,
    help="Create an encrypted ledger: generate a key (or use $CEC_LEDGER_KEY) and print it once.",
)
@click.pass_context
def init(ctx: click.Context, encrypt: bool) -> None:
    """Create a ledger: an SQLite file or the tables in a PostgreSQL database.

    Safe to run again: an existing ledger is left as it is.

    With --encrypt, event payloads are encrypted at rest (AES-256-GCM). A new key is
    generated and printed once (or the key in CEC_LEDGER_KEY is used); every later command
    needs it in CEC_LEDGER_KEY. Only an empty ledger can be made encrypted.

    \b
    Examples:
      cec-ledger init
      cec-ledger --ledger ~/engagements/maple.db init
      cec-ledger --ledger postgresql://cec:secret@db.local/cec init
      cec-ledger --ledger ~/engagements/maple.db init --encrypt
    """
    if encrypt:
        _init_encrypted(ctx)
        return
    ledger = ledger_of(ctx, create=True)
    count = ledger.event_count()
    state = f"{count} events" if count else "empty"
    click.echo(f"Ledger ready at {ledger.location.display} ({state})")


def _init_encrypted(ctx: click.Context) -> None:
    from cec_ledger.facade import Ledger  # lazy: the facade loads eventsourcing

    obj = ctx.obj
    done = Ledger.init_encrypted(obj.url, actor=obj.actor, read_only=obj.read_only)
    if done.already:
        click.echo(f"Ledger ready at {done.where} ({done.events} events, encrypted)")
        return
    click.echo(f"Ledger ready at {done.where} (empty, encrypted with AES-256-GCM)")
    key = done.generated_key
    if key is None:
        click.echo("Using the key in CEC_LEDGER_KEY (not shown).")
        return
    click.echo(
        "\nThis is the ledger's key. It is shown once and stored nowhere:\n\n"
        f"    CEC_LEDGER_KEY={key}\n\n"
        "Keep it in a password manager or your team's secret store, and give it to every\n"
        "command in CEC_LEDGER_KEY, e.g.  export CEC_LEDGER_KEY='" + key + "'\n"
        "Without it no one can read the events (not even us); 'cec-ledger verify' works\n"
        "without it. See docs/security.md."
    )
