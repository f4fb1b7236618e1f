"""Corrections: an earlier event fixed by a new one; the original stays visible.

Commands: correct. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, ledger_of
from cec_ledger.cli.recording import recording


@click.command()
@click.argument("engagement")
@click.argument("event")
@click.option("--reason", required=True, help="Why the original was wrong.")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A corrected field (repeat). JSON values are parsed: --set hours=3.5",
)
@recording
@click.pass_context
def correct(
    ctx: click.Context,
    engagement: str,
    event: str,
    reason: str,
    assignments: tuple[str, ...],
    occurred_on: str,
    as_json: bool,
) -> None:
    """Correct an earlier event (the original stays visible).

    The correction is a new event; the original stays in the log beside it.

    EVENT is the event's number in the engagement (12 or maple-ridge#12) or its id.

    \b
    Example:
      cec-ledger correct maple-ridge 42 --reason "session ran 3 hours, not 4" --set hours=3
    """
    fields = dict(_assignment(a) for a in assignments)
    confirm_recorded(
        ledger_of(ctx).correct(
            engagement, event=event, reason=reason, fields=fields, occurred_on=occurred_on
        ),
        as_json,
    )


def _assignment(text: str) -> tuple[str, Any]:
    import orjson  # lazy: only --set values need it, not '--help'

    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise click.BadParameter(f"{text!r}: use FIELD=VALUE", param_hint="--set")
    try:
        value = orjson.loads(raw)
        if isinstance(value, float):
            value = raw  # keep decimals exact: the field's type parses the text
    except orjson.JSONDecodeError:
        value = raw
    return name.strip(), value
