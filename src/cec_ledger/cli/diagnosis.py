"""``cec-ledger diagnosis compare``: rating changes between two diagnoses, readiness trend."""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.output import json_option, ledger_of, print_json, print_table
from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.rendering.text import plural


@click.group()
def diagnosis() -> None:
    """Compare diagnoses: rating changes and readiness trend (Pathway step 2)."""


@diagnosis.command("compare")
@click.argument("engagement")
@click.argument("first", required=False, type=int)
@click.argument("second", required=False, type=int)
@json_option
@click.pass_context
def compare(
    ctx: click.Context, engagement: str, first: int | None, second: int | None, as_json: bool
) -> None:
    """Compare two diagnoses of an engagement (default: the last two).

    By default the latest diagnosis is compared with the one before it that used the same
    framework. FIRST and SECOND are event numbers of NeedsDiagnosed events (see 'timeline
    --type NeedsDiagnosed'). Shows each indicator's change and the readiness trend over every
    diagnosis with that framework.

    \b
    Examples:
      cec-ledger diagnosis compare maple-ridge
      cec-ledger diagnosis compare maple-ridge 9 168 --json
    """
    # lazy: plugins import pluggy and eventsourcing (domain.events)
    from cec_ledger.plugins import compare_diagnoses  # lazy: plugins load pluggy

    state = ledger_of(ctx).engagement(engagement)
    diagnoses: list[dict[str, Any]] = state["diagnoses"]
    by_version = {d["version"]: d for d in diagnoses}
    if first is not None or second is not None:
        if first is None or second is None:
            raise click.UsageError("give two diagnosis event numbers, or none")
        missing = [n for n in (first, second) if n not in by_version]
        if missing:
            known = ", ".join(f"#{v}" for v in by_version) or "none"
            raise NotFound(
                f"event #{missing[0]} is not a diagnosis of {engagement} (diagnoses: {known})"
            )
        before, after = by_version[first], by_version[second]
    else:
        if len(diagnoses) < 2:
            raise NotFound(
                f"{engagement} has {plural(len(diagnoses), 'diagnosis', 'diagnoses')}; comparing needs two"
            )
        after = diagnoses[-1]
        same = [d for d in diagnoses[:-1] if d["framework_id"] == after["framework_id"]]
        if not same:
            raise NotFound(f"no earlier {after['framework_id']} diagnosis to compare with")
        before = same[-1]
    if before["framework_id"] != after["framework_id"]:
        raise InvalidValue(
            f"#{before['version']} uses {before['framework_id']} and #{after['version']} "
            f"uses {after['framework_id']}: only diagnoses with one framework compare"
        )
    result = compare_diagnoses(after["framework_id"], before["ratings"], after["ratings"])
    trend = [
        {
            "version": d["version"],
            "occurred_on": d["occurred_on"],
            "readiness_score": d["readiness_score"],
            "readiness_label": d["readiness_label"],
        }
        for d in diagnoses
        if d["framework_id"] == after["framework_id"]
    ]
    result.update(
        engagement=engagement,
        framework_id=after["framework_id"],
        before_version=before["version"],
        after_version=after["version"],
        before_on=before["occurred_on"],
        after_on=after["occurred_on"],
        trend=trend,
    )
    if as_json:
        print_json(result)
        return
    click.echo(
        click.style(
            f"{engagement}: {after['framework_id']} #{before['version']} ({before['occurred_on']}) "
            f"→ #{after['version']} ({after['occurred_on']})",
            bold=True,
        )
    )
    print_table(
        ["IND", "BEFORE", "AFTER", "CHANGE", "TITLE"],
        [
            [
                r["indicator"],
                r["before"],
                r["after"],
                r["change"] + (f" {r['delta']:+d}" if r["delta"] else ""),
                r["title"],
            ]
            for r in result["indicators"]
        ],
    )
    click.echo("")
    click.echo(
        "Readiness trend: "
        + " → ".join(
            f"{t['readiness_label'] or '-'} {t['readiness_score'] or ''} ({t['occurred_on']})".strip()
            for t in trend
        )
    )
