"""``cec-ledger demo``: build the demo ledger (a fictional district over two school years)."""

from __future__ import annotations

import click

from cec_ledger.domain.errors import ReadOnlyLedger


@click.command()
@click.option(
    "--fresh",
    is_flag=True,
    help="Delete the SQLite ledger file first, if it is empty or holds only the demo "
    "(any other file is refused, nothing deleted).",
)
@click.pass_context
def demo(ctx: click.Context, fresh: bool) -> None:
    """Build the demo ledger: Maple Ridge CUSD 7 through all five Pathway steps.

    The demo was recorded as it would have been logged, event by event, with back-dated
    occurred dates and recorded times spread over two school years; this command creates
    the ledger and imports that recording (the packaged cec_ledger/data/demo.jsonl), so
    its export equals that file byte for byte. --fresh deletes an SQLite ledger file first,
    but only one that is empty or holds nothing but the demo's engagements: a file holding
    another engagement, or not a ledger at all, is refused and left as it is. A PostgreSQL
    ledger that already holds the demo needs another database or schema.

    \b
    Examples:
      cec-ledger --ledger demo.db demo --fresh
      cec-ledger --ledger demo.db engagement show maple-ridge
    """
    from cec_ledger.facade.demo import load_demo  # lazy: the facade loads eventsourcing

    root = ctx.find_root().obj
    if root.read_only:
        # Checked before --fresh can delete anything: auditor mode never removes a ledger.
        raise ReadOnlyLedger(
            "the ledger is open read-only (auditor mode); demo writes a ledger, nothing was written"
        )
    loaded = load_demo(root.url, actor=root.actor, fresh=fresh)
    shown = root.url or loaded["ledger"]  # as the user wrote it, so the hint can be pasted
    click.echo(f"Built the demo ledger at {shown}: {loaded['events']} events. Try:")
    click.echo(f"  cec-ledger --ledger {shown} engagement show {loaded['engagement']}")
