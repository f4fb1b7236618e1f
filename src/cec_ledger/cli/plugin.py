"""``cec-ledger plugin new``: start a plugin package (``cec-ledger plugins`` lists them)."""

from __future__ import annotations

import click


@click.group("plugin")
def plugin() -> None:
    """Start a new plugin package (cec-ledger plugins lists installed ones).

    \b
    Examples:
      cec-ledger plugin new danielson
      cec-ledger plugin new cec-ledger-danielson --dir ~/src
    """


@plugin.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to create the package's own folder in.",
)
def new(name: str, directory: str) -> None:
    """Write a plugin package: a framework, a rule, a report section, tests.

    NAME is the plugin's name, with or without the cec-ledger- prefix: 'danielson' writes
    cec-ledger-danielson/ (module cec_ledger_danielson, framework id danielson). Its tests
    pass as written; install it, run them, then make it your own (docs/plugins.md).

    \b
    Examples:
      cec-ledger plugin new danielson
      cd cec-ledger-danielson && pip install -e ".[test]" && pytest
    """
    # lazy: the plugin package loads pluggy and eventsourcing
    from cec_ledger.plugins.scaffold import write_plugin

    names, written = write_plugin(name, directory)
    root = written[0].parent
    click.echo(f"Wrote {root}/ (plugin {names.distribution}, framework {names.framework_id}):")
    for path in written:
        click.echo(f"  {path.relative_to(root)}")
    click.echo(f'Next: pip install -e "{root}[test]" && pytest {root}')
