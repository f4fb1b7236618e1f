"""``cec-ledger init``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

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
    """Create the ledger (an SQLite file, or the tables in a PostgreSQL database).

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


@contextmanager
def _without_key() -> Iterator[str | None]:
    """Open the ledger as it is (no key) to look at it; restore the environment after."""
    from cec_ledger.storage import KEY_ENV

    key = os.environ.pop(KEY_ENV, None)
    try:
        yield key
    finally:
        if key is not None:
            os.environ[KEY_ENV] = key


def _init_encrypted(ctx: click.Context) -> None:
    from cec_ledger.application import key_fingerprint
    from cec_ledger.domain.errors import ReadOnlyLedger, RuleViolation
    from cec_ledger.facade.ledger import Ledger
    from cec_ledger.storage import KEY_ENV, check_cipher_key

    obj = ctx.obj
    if obj.read_only:
        raise ReadOnlyLedger("init --encrypt writes to the ledger; open it without --read-only")
    with _without_key() as given:
        key = check_cipher_key(given) if given else None
        ledger = Ledger.open(obj.url, actor=obj.actor, create=True)
        try:
            app = ledger.app
            count = ledger.event_count()
            where = ledger.location.display
            if app.encrypted:
                if key is not None and app.settings.get("key_fingerprint") == key_fingerprint(key):
                    click.echo(f"Ledger ready at {where} ({count} events, encrypted)")
                    return
                raise RuleViolation(
                    f"the ledger at {where} is already encrypted with another key; keep using "
                    f"its key (in {KEY_ENV}), no new key was made"
                )
            if count:
                raise RuleViolation(
                    f"the ledger at {where} already holds {count} unencrypted events; nothing "
                    "was changed (to encrypt it: export it, 'init --encrypt' a new ledger and "
                    "import the export there)"
                )
            generated = key is None
            if key is None:
                from eventsourcing.cipher import AESCipher

                key = AESCipher.create_key(32)
            app.mark_encrypted(key)
        finally:
            ledger.close()
    click.echo(f"Ledger ready at {where} (empty, encrypted with AES-256-GCM)")
    if not generated:
        click.echo(f"Using the key in {KEY_ENV} (not shown).")
        return
    click.echo(
        "\nThis is the ledger's key. It is shown once and stored nowhere:\n\n"
        f"    {KEY_ENV}={key}\n\n"
        "Keep it in a password manager or your team's secret store, and give it to every\n"
        f"command in {KEY_ENV}, e.g.  export {KEY_ENV}='{key}'\n"
        "Without it no one can read the events (not even us); 'cec-ledger verify' works\n"
        "without it. See docs/security.md."
    )
