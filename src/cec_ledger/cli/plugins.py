"""``cec-ledger plugins``: what is installed, what each plugin provides, and what failed."""

from __future__ import annotations

import click

from cec_ledger.cli.output import print_json, print_table


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def plugins(as_json: bool) -> None:
    """List installed plugins, their hooks and load failures.

    Every plugin's registration hooks are run, so a plugin that fails only when it
    registers its frameworks or services is shown as failed too. A failing plugin never
    stops the others; the command still exits 0 and prints one line per failure
    after the table.

    \b
    Status: ok, failed (see the error) or disabled (CEC_LEDGER_DISABLE_PLUGINS).

    \b
    Examples:
      cec-ledger plugins
      cec-ledger plugins --json
      CEC_LEDGER_DISABLE_PLUGINS=cec-ledger-baldrige cec-ledger plugins
      CEC_LEDGER_TRACE_PLUGINS=1 cec-ledger plugins     trace hook calls to stderr
    """
    from cec_ledger.plugins import plugin_info  # lazy: imports pluggy and eventsourcing

    rows = plugin_info(exercise=True)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No plugins installed (see docs/plugins.md to write one).")
        return
    print_table(
        ("NAME", "VERSION", "STATUS", "HOOKS", "PROVIDES"),
        [
            (
                row["name"],
                row["version"],
                row["status"],
                [h.removeprefix("cec_ledger_") for h in row["hooks"]] or None,
                [*row["frameworks"], *row["services"]] or None,
            )
            for row in rows
        ],
    )
    for row in rows:
        if row["status"] == "failed":
            click.echo(f"failed: {row['error']}")
