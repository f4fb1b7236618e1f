"""Step 1 of the Collaborative Pathway: anchors commit to the work, or withdraw.

Commands: commit, withdraw. Each takes the engagement (slug or id) first and ``--on DATE``.
"""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.recording import record_event, recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v


@click.command()
@click.argument("engagement")
@vocabulary_option("--anchor", vocabulary=v.ANCHOR, required=True)
@click.option("--signatory", required=True, help="Who signed for the anchor.")
@vocabulary_option("--instrument", vocabulary=v.INSTRUMENT, required=True)
@click.option("--note", default="", help="Free text.")
@recording
@click.pass_context
def commit(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record an anchor's collaborative commitment (Pathway step 1).

    Step 1 asks "Do we have a We?": the answer is yes once every anchor has committed.

    \b
    Example:
      cec-ledger commit maple-ridge --anchor board --signatory "R. Alvarez" \\
          --instrument compact --on "last tuesday"
    """
    record_event(ctx, engagement, "AnchorCommitted", as_json, **fields)


@click.command()
@click.argument("engagement")
@vocabulary_option("--anchor", vocabulary=v.ANCHOR, required=True)
@click.option("--reason", required=True, help="Why the commitment was withdrawn.")
@click.option("--signatory", default="", help="Who withdrew it.")
@recording
@click.pass_context
def withdraw(ctx: click.Context, engagement: str, as_json: bool, **fields: Any) -> None:
    """Record an anchor withdrawing its commitment.

    \b
    Example:
      cec-ledger withdraw maple-ridge --anchor teachers_organization \\
          --reason "new union leadership reviewing the MOU" --on 2025-11-14
    """
    record_event(ctx, engagement, "CommitmentWithdrawn", as_json, **fields)
