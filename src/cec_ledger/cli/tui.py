"""``cec-ledger tui``: the terminal UI. Textual is imported only when the command runs."""

from __future__ import annotations

import sys

import click


def has_terminal() -> bool:
    """Both ends are a terminal (tests replace this to run the command under CliRunner)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command()
@click.argument("engagement", required=False)
@click.option(
    "--read-only",
    "read_only",
    is_flag=True,
    help="Auditor mode: open the ledger read-only; no writing action is offered.",
)
@click.pass_context
def tui(ctx: click.Context, engagement: str | None, read_only: bool) -> None:
    """Browse and log events in the terminal UI.

    Browse engagements and their timelines, see the state at any event, log events. Opens on the
    list of engagements, or straight on ENGAGEMENT's timeline. Press ? inside for every key,
    Ctrl+P for the command palette, Esc to go back.

    \b
    Examples:
      cec-ledger tui
      cec-ledger tui maple-ridge
      cec-ledger --ledger audit-copy.db tui maple-ridge --read-only
    """
    if not has_terminal():
        # A full-screen app without a terminal would wait forever for keys (CI, pipes).
        click.echo("cec-ledger tui needs a terminal (stdin and stdout are not a tty).", err=True)
        ctx.exit(1)
    root = ctx.find_root().obj
    if read_only:
        root.read_only = True
    ledger = root.ledger(create=False)
    if engagement:
        ledger.resolve(engagement)  # an unknown slug fails here, with the CLI's usual message
    from cec_ledger.tui import build_app  # lazy: textual is heavy; 'tui --help' needs none of it

    build_app(ledger, engagement).run()
