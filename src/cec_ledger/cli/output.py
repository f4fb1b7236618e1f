"""Printing: JSON for machines (``--json``), aligned tables and key/value blocks for people."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

import click

from cec_ledger.rendering.text import one_line


def ledger_of(ctx: click.Context, *, create: bool = False) -> Any:
    """The Ledger behind the current command (opened now, closed when the CLI exits)."""
    return ctx.find_root().obj.ledger(create=create)


def json_option(function: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(
        function
    )


def print_json(value: Any) -> None:
    # lazy: formats.lines loads eventsourcing (through domain.events); --help never prints JSON
    import orjson

    from cec_ledger.formats.lines import plain  # lazy: loads eventsourcing (domain.events)

    click.echo(orjson.dumps(plain(value), option=orjson.OPT_INDENT_2).decode())


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    wrap_last: bool = True,
    fold_last: bool = False,
) -> None:
    """Columns sized to their content; the last column is cut to the terminal width, or with
    ``fold_last`` folded onto lines of its own (for text that is read, not scanned: a check's
    purpose). Every cell is one line: newlines and tabs in free text are shown escaped
    (``\\n``, ``\\t``)."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(value))
    width = shutil.get_terminal_size((120, 24)).columns
    fixed = sum(widths[:-1]) + 2 * (len(headers) - 1)
    last = max(20, width - fixed)

    def line(values: Sequence[str]) -> str:
        head = "  ".join(v.ljust(w) for v, w in zip(values[:-1], widths[:-1], strict=True))
        tail = values[-1]
        if fold_last and len(tail) > last:
            folded = textwrap.wrap(tail, last) or [""]
            indent = " " * fixed if head else ""
            tail = "\n".join([folded[0], *(indent + part for part in folded[1:])])
        elif wrap_last and len(tail) > last:
            tail = tail[: last - 1] + "…"
        return f"{head}  {tail}".rstrip() if head else tail

    click.echo(click.style(line(list(headers)), bold=True))
    for row in cells:
        click.echo(line(row))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return one_line(str(value))


def confirm_recorded(event: dict[str, Any], as_json: bool) -> None:
    """What every recording command prints."""
    if as_json:
        print_json(event)
        return
    click.echo(
        f"Recorded {event['type']} {event['engagement']}#{event['version']} "
        f"(occurred {event['occurred_on']}, recorded by {event['recorded_by']})"
    )
