"""What every recording command shares: ``--on DATE`` and ``--json``, and one way to record.

Every command takes the engagement (slug or id) first and ``--on DATE`` for when it happened
(default today; ``2025-09-02``, ``yesterday``, ``last tuesday``...). Values outside a
vocabulary are domain errors (exit 1) whose message lists the allowed values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cec_ledger.cli.output import confirm_recorded, json_option, ledger_of

ON_HELP = "When it happened: YYYY-MM-DD, today, yesterday, '3 days ago', 'last tuesday'."


def recording(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options every recording command shares: --on and --json."""
    function = click.option(
        "--on", "occurred_on", metavar="DATE", default="today", show_default=True, help=ON_HELP
    )(function)
    return json_option(function)


def record_event(
    ctx: click.Context, engagement: str, event_type: str, as_json: bool, **fields: Any
) -> None:
    """Record one event through the facade and print what was recorded."""
    confirm_recorded(ledger_of(ctx).record(engagement, event_type, **fields), as_json)
