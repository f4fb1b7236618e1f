"""``cec-ledger plugins``: what is installed, what each plugin provides, and what failed."""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.output import print_json, print_table


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def plugins(as_json: bool) -> None:
    """List installed plugins, their hooks and load failures.

    Every plugin's registration hooks are run, so a plugin that fails only when it
    registers its frameworks or services is shown as failed too. A failing plugin never
    stops the others; the command still exits 0 and prints one line per failure and per
    warning after the table. Plugins are listed, and called, in the order of their names.
    --json prints the rows cec_ledger.plugins.plugin_info() returns (warnings about no
    plugin in particular go to stderr).

    \b
    Status: ok, failed (see the error) or disabled (CEC_LEDGER_DISABLE_PLUGINS).

    \b
    Examples:
      cec-ledger plugins
      cec-ledger plugins --json
      CEC_LEDGER_DISABLE_PLUGINS=cec-ledger-baldrige cec-ledger plugins
      CEC_LEDGER_TRACE_PLUGINS=1 cec-ledger plugins     trace hook calls to stderr
    """
    # lazy: imports pluggy and eventsourcing
    from cec_ledger.plugins import plugin_info, plugin_warnings

    rows = plugin_info()
    general = plugin_warnings()
    if as_json:
        print_json(rows)
        for message in general:
            click.echo(f"warning: {message}", err=True)
        return
    if rows:
        _table(rows)
    else:
        click.echo("No plugins installed (see docs/plugins.md to write one).")
    for row in rows:
        if row["status"] == "failed":
            click.echo(f"failed: {row['error']}")
    for message in [m for row in rows for m in row["warnings"]] + general:
        click.echo(f"warning: {message}")


def _table(rows: list[dict[str, Any]]) -> None:
    print_table(
        ("NAME", "VERSION", "STATUS", "HOOKS", "PROVIDES"),
        [
            (
                row["name"],
                row["version"],
                row["status"],
                [h.removeprefix("cec_ledger_") for h in row["hooks"]] or None,
                [*row["frameworks"], *row["services"], *row.get("checks", [])] or None,
            )
            for row in rows
        ],
    )
