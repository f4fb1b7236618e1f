"""``cec-ledger backup`` and ``cec-ledger restore``."""

from __future__ import annotations

import click

from cec_ledger.cli.output import print_json
from cec_ledger.domain.errors import ReadOnlyLedger


@click.command()
@click.argument("destination", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def backup(ctx: click.Context, destination: str, as_json: bool) -> None:
    """Make a consistent online copy of the ledger.

    The copy goes into DESTINATION (a new file). Other processes may keep writing: the copy is
    one consistent snapshot, and it is verified (hash chain) before it is put in place. SQLite
    ledgers only; for PostgreSQL use pg_dump (docs/security.md).

    \b
    Examples:
      cec-ledger backup /backups/ledger-2026-03-01.db
    """
    from cec_ledger.facade.backup import backup as make_backup  # lazy: loads eventsourcing

    report = make_backup(ctx.find_root().obj.url, destination)
    if as_json:
        print_json(report)
        return
    click.echo(
        f"Backed up {report['events']} events to {report['backup']} "
        f"(verified: chain intact up to position {report['head']})"
    )


@click.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--seal", help="Also require the backup's history to match this seal.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def restore(ctx: click.Context, source: str, seal: str | None, as_json: bool) -> None:
    """Restore a backup after verifying its hash chain.

    Restores the backup SOURCE into the --ledger location. A backup that fails verification (or
    does not match --seal) is refused with the verify message. The --ledger location must be new
    or hold no events. SQLite ledgers only; for PostgreSQL use pg_restore (docs/security.md).

    \b
    Examples:
      cec-ledger --ledger restored.db restore /backups/ledger-2026-03-01.db
      cec-ledger --ledger restored.db restore backup.db --seal cec-seal-v1:217:3f9a...
    """
    from cec_ledger.facade.backup import restore as do_restore  # lazy: loads eventsourcing

    obj = ctx.find_root().obj
    if obj.read_only:
        raise ReadOnlyLedger(
            "the ledger is open read-only (auditor mode); restore writes a ledger, nothing was "
            "written"
        )
    report = do_restore(obj.url, source, seal)
    if as_json:
        print_json(report)
        return
    sealed = " and its seal matches" if report.get("seal") else ""
    click.echo(
        f"Restored {report['events']} events into {report['ledger']} "
        f"(verified before restoring: chain intact up to position {report['head']}{sealed})"
    )
