"""``cec-ledger framework list|show``: the diagnostic frameworks, their indicators and scale."""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

import click

from cec_ledger.cli.output import json_option, print_json, print_table
from cec_ledger.rendering.text import one_line, percent


@click.group()
def framework() -> None:
    """List diagnostic frameworks; show one's indicators and scale.

    Frameworks come from plugins ('cec-ledger plugins'). Use their ids with 'diagnose
    --framework ID', and 'diagnose --template ID' for a ratings file to fill in.
    """


@framework.command("list")
@json_option
def list_(as_json: bool) -> None:
    """List the installed frameworks: id, version, indicators and scale.

    \b
    Examples:
      cec-ledger framework list
      cec-ledger framework list --json
    """
    from cec_ledger.facade.catalogue import frameworks  # lazy: plugins load pluggy

    rows = frameworks()
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No framework installed (see 'cec-ledger plugins' and docs/plugins.md).")
        return
    print_table(
        ("ID", "VERSION", "INDICATORS", "SCALE", "NAME"),
        [
            (f["id"], f["version"], f["indicators"], _scale_words(f["scale"]), f["name"])
            for f in rows
        ],
    )


@framework.command("show")
@click.argument("framework_id", metavar="ID")
@click.option("--guidance", is_flag=True, help="Also print each indicator's guidance.")
@json_option
def show(framework_id: str, guidance: bool, as_json: bool) -> None:
    """Show a framework's indicators by group, scale and readiness labels.

    The readiness baseline of a diagnosis is the (weighted) mean position of its ratings on
    the scale, 0% to 100%; each label covers the range shown.

    \b
    Examples:
      cec-ledger framework show plc
      cec-ledger framework show baldrige --guidance
      cec-ledger framework show plc --json
    """
    from cec_ledger.facade.catalogue import framework as describe  # lazy: plugins load pluggy

    found = describe(framework_id)
    if as_json:
        print_json(found)
        return
    click.echo(
        click.style(f"{found['id']} — {found['name']}", bold=True)
        + f" (version {found['version']}, plugin {found['plugin'] or '-'})"
    )
    if found["description"]:
        click.echo(_wrap(found["description"]))
    click.echo("")
    click.echo(f"Scale: {_scale_words(found['scale'])}")
    values = found["scale"].get("values", [])
    # Labels that only restyle the value ("not_yet" = "Not yet") are not worth a line.
    if any(v["label"].lower().replace(" ", "_") != v["value"] for v in values):
        click.echo(_wrap("; ".join(f"{v['value']} = {v['label']}" for v in values), "  "))
    click.echo("Readiness: " + ", ".join(_readiness_words(r) for r in found["readiness_labels"]))
    weighted = any(i["weight"] != 1.0 for i in found["indicators"])
    group = None
    width = max(len(i["id"]) for i in found["indicators"])
    for i in found["indicators"]:
        if i["group"] != group:
            group = i["group"]
            click.echo("")
            click.echo(click.style(group or "(no group)", bold=True))
        line = f"  {i['id']:<{width}}  {one_line(i['title'])}"
        if weighted:
            line += f"  (weight {i['weight']:g})"
        click.echo(line)
        if guidance and i["guidance"]:
            click.echo(_wrap(i["guidance"], indent=" " * (width + 4)))
    click.echo("")
    click.echo(f"A ratings file to fill in: cec-ledger diagnose --template {found['id']} -o FILE")


def _scale_words(scale: dict[str, Any]) -> str:
    if scale["kind"] == "ordinal":
        return " < ".join(v["value"] for v in scale["values"])
    return f"{scale['minimum']} to {scale['maximum']} in steps of {scale['step']}"


def _readiness_words(entry: dict[str, Any]) -> str:
    if entry["below"] is None:
        return f"{entry['label']} from {percent(entry['from'])}"
    return f"{entry['label']} {percent(entry['from'])}–{percent(entry['below'])}"


def _wrap(text: str, indent: str = "") -> str:
    width = min(100, shutil.get_terminal_size((80, 24)).columns)
    return textwrap.fill(
        one_line(text), width=width, initial_indent=indent, subsequent_indent=indent
    )
