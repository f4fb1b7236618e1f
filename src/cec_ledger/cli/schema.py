"""``cec-ledger schema``: the event catalogue as JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from cec_ledger.cli.output import print_json
from cec_ledger.domain.errors import InvalidValue


@click.command()
@click.argument("event_type", required=False)
@click.option(
    "--write",
    "write_dir",
    type=click.Path(file_okay=False),
    help="Write one <Type>.v<N>.schema.json per event type into DIR.",
)
@click.option(
    "--check",
    "check_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Exit 1 if the schemas in DIR differ from the code.",
)
@click.option(
    "--docs",
    "docs_file",
    type=click.Path(dir_okay=False),
    help="Write the event catalogue as Markdown to FILE.",
)
def schema(
    event_type: str | None, write_dir: str | None, check_dir: str | None, docs_file: str | None
) -> None:
    """Print or write the JSON Schema of every event type (or of one).

    \b
    Examples:
      cec-ledger schema SessionDelivered
      cec-ledger schema --write events/
      cec-ledger schema --check events/
      cec-ledger schema --docs docs/events.md
    """
    # lazy: domain.events loads eventsourcing; 'schema --help' needs none of it
    import orjson

    # lazy: the event classes load eventsourcing, which 'schema --help' does not need
    from cec_ledger.domain.events import EVENT_TYPES
    from cec_ledger.formats.schema import all_schemas, catalogue_markdown, event_schema

    if docs_file:
        Path(docs_file).write_text(catalogue_markdown(), encoding="utf-8")
        click.echo(f"Wrote the event catalogue to {docs_file}")
        return
    schemas = all_schemas()
    rendered = {
        name: orjson.dumps(s, option=orjson.OPT_INDENT_2) + b"\n" for name, s in schemas.items()
    }
    if write_dir:
        target = Path(write_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name, body in rendered.items():
            (target / name).write_bytes(body)
        click.echo(f"Wrote {len(rendered)} schemas to {target}")
        return
    if check_dir:
        folder = Path(check_dir)
        stale = [
            n
            for n, body in rendered.items()
            if not (folder / n).exists() or (folder / n).read_bytes() != body
        ]
        extra = sorted(p.name for p in folder.glob("*.schema.json") if p.name not in rendered)
        if stale or extra:
            raise InvalidValue(
                f"schemas in {folder} are out of date ({', '.join(stale + extra)}); "
                f"run 'cec-ledger schema --write {folder}'"
            )
        click.echo(f"{len(rendered)} schemas in {folder} match the code")
        return
    if event_type:
        if event_type not in EVENT_TYPES:
            raise InvalidValue(
                f"unknown event type {event_type!r} (types: {', '.join(EVENT_TYPES)})"
            )
        print_json(event_schema(event_type))
        return
    print_json(schemas)
