"""The services plan's goals, horizon and sources on the command line (``plan set`` and
``plan change``): goals by id with their Framework for Change elements and GANs, the school
years a plan spans, the diagnosis a plan starts from, the lessons a change acts on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.output import json_option, ledger_of, print_json
from cec_ledger.cli.vocabulary_help import choices
from cec_ledger.domain import vocabulary as v

ELEMENTS = choices(v.FRAMEWORK_ELEMENT, ", ") + " (ESTL, IEP, TtP, FLMC work too)"
ELEMENT_HELP = (
    "A Framework for Change element a goal addresses, GOAL_ID:ELEMENT: " + ELEMENTS + "; "
    "repeat. A new or changed goal needs at least one."
)
GOAL_GAN_HELP = "A greatest area of need a goal answers, GOAL_ID:INDICATOR; repeat."
HORIZON_HELP = (
    "The school years the plan spans, FIRST:LAST (a school year runs July to June): a "
    "transformation plan spans at least two, e.g. 2024-25:2026-27."
)


def goal_options(function: Any) -> Any:
    """``--element``, ``--goal-gan`` and ``--horizon`` (both commands)."""
    function = click.option(
        "--horizon", default=None, metavar="YYYY-YY:YYYY-YY", help=HORIZON_HELP
    )(function)
    function = click.option(
        "--goal-gan", "goal_gans", multiple=True, metavar="GOAL_ID:INDICATOR", help=GOAL_GAN_HELP
    )(function)
    return click.option(
        "--element", "goal_elements", multiple=True, metavar="GOAL_ID:ELEMENT", help=ELEMENT_HELP
    )(function)


def from_diagnosis_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--from-diagnosis",
        "from_diagnosis",
        is_flag=False,
        flag_value="latest",
        default=None,
        metavar="[N]",
        help="Start the plan from a diagnosis (#N, or the latest): its GANs become the GANs "
        "addressed (unless --gan is given) and each service it recommends needs a --service "
        "line with hours.",
    )(function)


@click.command("coverage")
@click.argument("engagement")
@click.option("--as-of", metavar="DATE", help="What had occurred by this date.")
@known_at_option
@json_option
@click.pass_context
def coverage(
    ctx: click.Context, engagement: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Show the plan's and the work's Framework for Change coverage.

    The four elements, inside-out (Theory of Action: "All four elements of the Framework
    for Change must be addressed"): per element, the plan's goals and lines, the services
    delivered and the outcomes observed that address it. Services carry the elements the
    services catalogue data tags them with (the ledger's classification, docs/cec-model.md).

    \b
    Examples:
      cec-ledger plan coverage maple-ridge
      cec-ledger plan coverage cedar-grove --json
    """
    # lazy: rendering loads the domain (eventsourcing through domain.events)
    from cec_ledger.rendering.structure import coverage_lines, wrapped

    state = ledger_of(ctx).engagement(engagement, as_of=as_of, known_at=known_at)
    if as_json:
        print_json({"engagement": state["slug"], **state["framework_coverage"]})
        return
    when = f" as of {state['as_of']}" if state.get("as_of") else ""
    click.echo(f"{state['name']}: Framework for Change coverage{when}")
    click.echo("\n".join(coverage_lines(state)))
    for element in state["framework_coverage"]["elements"]:
        parts = [
            f"{what} {', '.join(element[key])}"
            for key, what in (("goals", "goals"), ("services", "lines"))
            if element[key]
        ]
        if parts:
            click.echo(
                "\n".join(wrapped("; ".join(parts), "        ", f"  {element['short']:<5} "))
            )
