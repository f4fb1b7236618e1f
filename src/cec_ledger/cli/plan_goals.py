"""The services plan's goals, horizon and sources on the command line (``plan set`` and
``plan change``): goals by id with their Framework for Change elements and GANs, the school
years a plan spans, the diagnosis a plan starts from, the lessons a change acts on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

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
