"""``cec-ledger services list|show``: the catalogue as the CEC services catalogue publishes it.

Commands: services. Read-only: nothing is recorded and no ledger is opened.
"""

from __future__ import annotations

import click

from cec_ledger.cli.output import json_option, print_json, print_table
from cec_ledger.rendering.text import one_line


@click.group()
def services() -> None:
    """List the service catalogue; show one service as the catalogue publishes it."""


@services.command("list")
@json_option
def services_list(as_json: bool) -> None:
    """List every catalogue service: its sessions, limit and price.

    Targeted support (the CEC services catalogue) comes first, then the Step 1 programmes
    (Theory of Action, Step 1). A dash means the catalogue publishes nothing.

    \b
    Example:
      cec-ledger services list --json
    """
    from cec_ledger.facade.services import price_words
    from cec_ledger.facade.services import services as catalogue

    rows = catalogue()
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No services: is the cec-ledger-services plugin disabled? (cec-ledger plugins)")
        return
    print_table(
        ["ID", "KIND", "SESSIONS", "LIMIT", "PRICE", "NAME"],
        [
            [
                r["id"],
                "targeted support" if r["kind"] == "targeted_support" else "Step 1",
                _sessions(r),
                r["participant_limit"],
                price_words(r),
                r["name"],
            ]
            for r in rows
        ],
    )


@services.command("show")
@click.argument("service_id", metavar="SERVICE")
@json_option
def services_show(service_id: str, as_json: bool) -> None:
    """Show one service as the catalogue publishes it, with its sources.

    \b
    Example:
      cec-ledger services show conflict-resolution
    """
    from cec_ledger.facade.services import service

    entry = service(service_id)
    if as_json:
        print_json(entry)
        return
    echo = click.echo
    echo(click.style(f"{entry['name']} ({entry['id']})", bold=True))
    echo(f"{entry['kind_label']}; {entry['section']}")
    rows = [
        ("formats", ", ".join(entry["formats"]) or None),
        ("commitment", entry["commitment"]),
        ("sessions", _sessions(entry) if entry["sessions"] else None),
        ("participant limit", entry["participant_limit"]),
        ("prerequisites", _prerequisites(entry)),
        ("price", entry["price"]),
        ("personnel", entry["personnel"]),
        ("serves", entry["serves"]),
    ]
    for label, value in rows:
        echo(f"  {label + ':':<19}{one_line(str(value)) if value is not None else 'not published'}")
    for objectives in entry["objectives"]:
        echo("")
        echo(click.style(objectives["heading"] or "Objectives", bold=True))
        for item in objectives["items"]:
            echo(f"  • {one_line(item)}")
    if entry["sources"]:
        echo("")
        echo(click.style("Where each figure comes from", bold=True))
        for source in entry["sources"]:
            echo(f"  {source['figure']}: {one_line(source['sentence'])}")


def _sessions(entry: dict) -> str | None:
    """A series' parts, each with its longest session and how many a cohort takes ("or"
    between formats a cohort chooses among)."""
    structure = entry["sessions"]
    if not structure:
        return None
    parts = [
        f"{p['count']} × {p['part']} ≤{_hours(p['max_hours'])} h"
        if p["count"] > 1
        else f"{p['part']} ≤{_hours(p['max_hours'])} h"
        for p in structure["parts"]
    ]
    return (" or " if structure["alternatives"] else ", ").join(parts)


def _prerequisites(entry: dict) -> str | None:
    found = [
        f"{p['part']} requires {p['requires']} ({'same cohort' if p['scope'] == 'cohort' else 'any'})"
        for p in entry["prerequisites"]
    ]
    return "; ".join(found) or None


def _hours(value: object) -> str:
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
