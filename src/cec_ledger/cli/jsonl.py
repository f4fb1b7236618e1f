"""``cec-ledger export`` and ``cec-ledger import``: JSONL, one event a line, in log order."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from cec_ledger.cli.output import json_option, ledger_of, print_json


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE (atomically) instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, output: str | None) -> None:
    """Write every event as JSONL, in the order they were recorded.

    The export holds everything needed to rebuild the ledger (see 'import').

    \b
    Examples:
      cec-ledger export -o backup.jsonl
      cec-ledger export | gzip > backup.jsonl.gz
    """
    import orjson  # lazy: only writing needs it, not 'export --help'

    ledger = ledger_of(ctx)
    if output is None:
        out = sys.stdout.buffer
        for row in ledger.all_events():
            out.write(orjson.dumps(row) + b"\n")
        out.flush()
        return
    target = Path(output)
    # Write beside the target and rename: a crash never leaves a half-written export.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    count = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for row in ledger.all_events():
                handle.write(orjson.dumps(row) + b"\n")
                count += 1
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"Exported {count} events to {target}", err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@json_option
@click.pass_context
def import_(ctx: click.Context, file: str, as_json: bool) -> None:
    """Import a JSONL export: all lines or none.

    Every line is checked first, then all are written or none. Events already in the ledger are
    skipped when identical, so importing twice is safe; an event that differs from the ledger's
    is refused.

    \b
    Example:
      cec-ledger --ledger restored.db init && cec-ledger --ledger restored.db import backup.jsonl
    """
    ledger = ledger_of(ctx, create=True)
    if file == "-":
        report = ledger.import_lines(sys.stdin.buffer)
    else:
        path = Path(file)
        size = path.stat().st_size
        with path.open("rb") as handle:
            if size > 2_000_000:
                # A large file: show progress while lines are checked (bytes read so far).
                with click.progressbar(length=size, label="Checking", file=sys.stderr) as bar:

                    def advance(_line: int) -> None:
                        bar.update(handle.tell() - bar.pos)

                    report = ledger.import_lines(handle, progress=advance)
            else:
                report = ledger.import_lines(handle)
    if as_json:
        print_json(report)
        return
    names = report["engagements"]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    click.echo(
        f"Imported {report['written']} events ({report['skipped']} already present) "
        f"from {report['lines']} lines; engagements: {shown or 'none'}"
    )
