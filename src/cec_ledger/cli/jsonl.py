"""``cec-ledger export`` and ``cec-ledger import``: JSONL, one event a line, in log order."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from cec_ledger.cli.files import checked_output, os_error
from cec_ledger.cli.output import json_option, ledger_of, print_json
from cec_ledger.rendering.text import plural


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically) instead of standard output.",
)
@click.option(
    "--unverified",
    is_flag=True,
    help="Export even when the hash chain fails verification; the file is marked so that "
    "'import' refuses it unless given --accept-unverified.",
)
@json_option
@click.pass_context
def export(ctx: click.Context, output: str | None, unverified: bool, as_json: bool) -> None:
    """Write every event as JSONL, in the order they were recorded.

    The export holds everything needed to rebuild the ledger (see 'import'). The hash chain
    is verified first: a ledger that fails is refused (exit 1) unless --unverified. What was
    written is sealed: the seal (see 'seal' and 'verify --seal') is printed on standard
    error, or as JSON with --json (on standard error when the events go to standard output).

    \b
    Examples:
      cec-ledger export -o backup.jsonl
      cec-ledger export | gzip > backup.jsonl.gz
    """
    # lazy: the facade loads eventsourcing
    from cec_ledger.facade.exporter import export as run_export
    from cec_ledger.formats.lines import dumps_line, write_lines

    ledger = ledger_of(ctx)
    target = checked_output(output) if output else None
    done = run_export(ledger, unverified=unverified)
    lines = done.lines if done.marker is None else _with_marker(done.marker, done.lines)
    try:
        write_lines(lines, target, sys.stdout.buffer)
    except OSError as error:
        raise os_error(error, f"cannot write {output}") from None
    summary = {**done.summary(), "output": str(target) if target else None}
    if as_json:
        text = dumps_line(summary).decode().strip()
        click.echo(text, err=target is None)
        return
    where = f" to {target}" if target else ""
    line = f"Exported {done.events} events{where}" + (f"; seal {done.seal}" if done.seal else "")
    if not done.verified:
        line += f" (UNVERIFIED: {done.problem})"
    click.echo(line, err=True)


def _with_marker(marker: dict, lines: Iterable[dict]) -> Iterator[dict]:
    yield marker
    yield from lines


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--accept-unverified",
    is_flag=True,
    help="Import a file that 'export --unverified' wrote from a ledger failing verification.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the file if today's plugin rules refuse any of its events (by default they "
    "are reported, never enforced: recorded history is not re-judged).",
)
@json_option
@click.pass_context
def import_(
    ctx: click.Context, file: str, accept_unverified: bool, strict: bool, as_json: bool
) -> None:
    """Import a JSONL export: all lines or none.

    Every line is checked first, then all are written or none. Events already in the ledger are
    skipped when identical, so importing twice is safe; an event that differs from the ledger's
    is refused. A file exported with --unverified is refused unless --accept-unverified.

    Each event is judged by the core rules of its own rules epoch. Plugin rules (a framework's
    or the services catalogue's) are today's: what they would refuse is listed as a warning,
    and refused only with --strict.

    \b
    Example:
      cec-ledger --ledger restored.db init && cec-ledger --ledger restored.db import backup.jsonl
    """
    ledger = ledger_of(ctx, create=True)
    options = {"accept_unverified": accept_unverified, "strict": strict}
    if file == "-":
        report = ledger.import_lines(sys.stdin.buffer, **options)
    else:
        path = Path(file)
        size = path.stat().st_size
        with path.open("rb") as handle:
            if size > 2_000_000 and sys.stderr.isatty():
                # A large file on a terminal: show progress while lines are checked (bytes
                # read so far). Without a terminal, progress would only be noise in a log.
                with click.progressbar(length=size, label="Checking", file=sys.stderr) as bar:

                    def advance(_line: int) -> None:
                        bar.update(handle.tell() - bar.pos)

                    report = ledger.import_lines(handle, progress=advance, **options)
            else:
                report = ledger.import_lines(handle, **options)
    if as_json:
        print_json(report)
        return
    findings = report["findings"]
    for finding in findings[:FINDINGS_SHOWN]:
        click.echo(
            f"warning: line {finding['line']} ({finding['event']}): {finding['message']}",
            err=True,
        )
    if len(findings) > FINDINGS_SHOWN:
        click.echo(
            f"warning: and {len(findings) - FINDINGS_SHOWN} more (import --json lists them all)",
            err=True,
        )
    names = report["engagements"]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    noted = ""
    if findings:
        noted = (
            f"; today's plugin rules would refuse {plural(len(findings), 'event')} of it "
            "(reported, not enforced: use --strict to refuse)"
        )
    click.echo(
        f"Imported {report['written']} events ({report['skipped']} already present) "
        f"from {report['lines']} lines; engagements: {shown or 'none'}{noted}"
    )


FINDINGS_SHOWN = 5
