"""``cec-ledger demo``: build the demo ledger (a fictional district over two school years)."""

from __future__ import annotations

import click

from cec_ledger.cli.output import ledger_of


@click.command()
@click.option("--fresh", is_flag=True, help="Delete an existing demo ledger file first.")
@click.pass_context
def demo(ctx: click.Context, fresh: bool) -> None:
    """Build the demo ledger: Maple Ridge CUSD 7 through all five Pathway steps.

    The demo is recorded as it would have been logged, event by event, with back-dated
    occurred dates and recorded times spread over two school years; it is deterministic, so
    its export equals the packaged cec_ledger/data/demo.jsonl.

    \b
    Examples:
      cec-ledger --ledger demo.db demo --fresh
      cec-ledger --ledger demo.db engagement show maple-ridge
    """
    from cec_ledger.demo import DEMO_SLUG, build_demo
    from cec_ledger.domain.errors import RuleViolation
    from cec_ledger.storage import parse_ledger_url

    root = ctx.find_root().obj
    location = parse_ledger_url(root.url)
    if fresh and location.backend == "sqlite" and location.path and location.path.exists():
        for suffix in ("", "-wal", "-shm"):
            location.path.with_name(location.path.name + suffix).unlink(missing_ok=True)
    ledger = ledger_of(ctx, create=True)
    if ledger.app.has_engagement(DEMO_SLUG):
        raise RuleViolation(
            f"{location.display} already holds the demo engagement {DEMO_SLUG!r}; "
            "use --fresh (SQLite) or another --ledger"
        )
    count = build_demo(ledger)
    shown = root.url or location.display  # as the user wrote it, so the hint can be pasted
    click.echo(f"Built the demo ledger at {shown}: {count} events. Try:")
    click.echo(f"  cec-ledger --ledger {shown} engagement show {DEMO_SLUG}")
