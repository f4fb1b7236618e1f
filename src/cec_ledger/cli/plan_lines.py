"""The services plan's lines on the command line: ``--service ID:HOURS[:BUDGET]``,
``--cohorts ID:N`` and ``--price-note ID:TEXT`` (``plan set`` and ``plan change``).

A line's name, kind and price rule come from the CEC services catalogue (the facade fills
them); the consultant types the service, hours, budget (left out where the catalogue
publishes no price), the cohorts of a per-cohort price and, when a budget departs from the
published price, the note saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.output import json_option, ledger_of, print_json
from cec_ledger.domain.errors import InvalidValue

SERVICE_HELP = (
    "A line of the plan: a service of the CEC services catalogue, its planned hours and "
    "budget (leave the budget out where the catalogue publishes no price); repeat."
)
COHORTS_HELP = (
    "Cohorts of a per-cohort price: conflict-resolution ($2,500 for the pair) and "
    "labor-management-series ($7,500 for the series); repeat."
)
NOTE_HELP = (
    "Why a line's budget departs from the catalogue's published price, or where a price the "
    "catalogue does not publish comes from; repeat."
)


def line_options(service_flag: str, service_dest: str) -> Callable[[Any], Any]:
    """``--service`` (or ``--add-service``), ``--cohorts`` and ``--price-note``."""

    def decorate(function: Any) -> Any:
        function = click.option(
            "--price-note", "price_notes", multiple=True, metavar="ID:TEXT", help=NOTE_HELP
        )(function)
        function = click.option(
            "--cohorts", "cohorts", multiple=True, metavar="ID:N", help=COHORTS_HELP
        )(function)
        return click.option(
            service_flag,
            service_dest,
            multiple=True,
            metavar="ID:HOURS[:BUDGET]",
            help=SERVICE_HELP,
        )(function)

    return decorate


def parse_service(text: str) -> tuple[str, str, str | None]:
    """``ID:HOURS[:BUDGET]`` -> (id, hours, budget or None)."""
    parts = text.split(":")
    if len(parts) == 4:
        # The ledger's rule, not a typo: a line's name is snapshot from the catalogue.
        raise InvalidValue(
            f"{text!r}: a line's name comes from the CEC services catalogue; give "
            "SERVICE_ID:HOURS[:BUDGET]"
        )
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise click.BadParameter(f"{text!r}: use SERVICE_ID:HOURS[:BUDGET]", param_hint="--service")
    budget = parts[2] if len(parts) == 3 and parts[2].strip() else None
    return parts[0].strip(), parts[1].strip(), budget


def _pairs(values: tuple[str, ...], flag: str, what: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in values:
        service_id, sep, value = text.partition(":")
        if not sep or not service_id.strip() or not value.strip():
            raise click.BadParameter(f"{text!r}: use SERVICE_ID:{what}", param_hint=flag)
        found[service_id.strip()] = value.strip()
    return found


def _cohorts(values: tuple[str, ...]) -> dict[str, int]:
    out = {}
    for service_id, text in _pairs(values, "--cohorts", "N").items():
        try:
            out[service_id] = int(text)
        except ValueError:
            raise click.BadParameter(
                f"{service_id}:{text}: cohorts is a whole number", param_hint="--cohorts"
            ) from None
    return out


def lines(
    services: tuple[str, ...], cohorts: tuple[str, ...], notes: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The plan lines ``plan set`` records, filled from the catalogue."""
    from cec_ledger.facade.services import plan_line

    per_cohort, why = _cohorts(cohorts), _pairs(notes, "--price-note", "TEXT")
    parsed = [parse_service(text) for text in services]
    _only_named(per_cohort, why, {sid for sid, _h, _b in parsed}, set())
    return [
        plan_line(sid, hours, budget, cohorts=per_cohort.get(sid), price_note=why.get(sid))
        for sid, hours, budget in parsed
    ]


def changed(
    current: list[dict[str, Any]],
    services: tuple[str, ...],
    cohorts: tuple[str, ...],
    notes: tuple[str, ...],
) -> list[dict[str, Any]]:
    """The lines ``plan change`` adds or replaces: each ``--add-service`` (filled from the
    catalogue), and each line of the plan in force whose cohorts or price note change."""
    from cec_ledger.facade.services import plan_line

    per_cohort, why = _cohorts(cohorts), _pairs(notes, "--price-note", "TEXT")
    parsed = [parse_service(text) for text in services]
    added = {sid for sid, _h, _b in parsed}
    in_plan = {line["service_id"]: line for line in current}
    _only_named(per_cohort, why, added, set(in_plan))
    out = [
        plan_line(sid, hours, budget, cohorts=per_cohort.get(sid), price_note=why.get(sid))
        for sid, hours, budget in parsed
    ]
    for sid in sorted((set(per_cohort) | set(why)) - added):
        line = dict(in_plan[sid])
        if sid in per_cohort:
            line["cohorts"] = per_cohort[sid]
        if sid in why:
            line["price_note"] = why[sid]
        out.append(line)
    return out


def _only_named(
    per_cohort: dict[str, int], why: dict[str, str], added: set[str], in_plan: set[str]
) -> None:
    stray = sorted((set(per_cohort) | set(why)) - added - in_plan)
    if stray:
        raise click.BadParameter(
            f"{', '.join(stray)}: --cohorts and --price-note name a line given with --service "
            "(or, for 'plan change', a line of the plan)"
        )


@click.command("delivery")
@click.argument("engagement")
@click.option("--as-of", metavar="DATE", help="The plan in force and what had occurred by then.")
@known_at_option
@json_option
@click.pass_context
def delivery(
    ctx: click.Context, engagement: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Show planned versus delivered, per line of the services plan.

    For the plan in force (on --as-of, as known at --known-at): each line's planned hours
    and budget, what was delivered under it, what is left, and the money delivered
    estimated from the CEC services catalogue's price rules (docs/services.md).

    \b
    Examples:
      cec-ledger plan delivery maple-ridge
      cec-ledger plan delivery maple-ridge --as-of 2025-06-30 --json
    """
    from cec_ledger.rendering.delivery import show_lines

    state = ledger_of(ctx).engagement(engagement, as_of=as_of, known_at=known_at)
    pvd = state["planned_vs_delivered"]
    if as_json:
        print_json({"engagement": state["slug"], "as_of": state.get("as_of"), **pvd})
        return
    when = f" as of {state['as_of']}" if state.get("as_of") else ""
    plan = f"the plan of {pvd['plan_of']}" if pvd["plan_of"] else "no services plan"
    click.echo(f"{state['name']}: {plan}{when}")
    lines = show_lines(pvd)
    click.echo("\n".join(lines) if lines else "  no plan lines and no sessions yet")
