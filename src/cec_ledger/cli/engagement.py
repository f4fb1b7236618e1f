"""``cec-ledger engagement open|list|show|close``."""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.output import confirm_recorded, json_option, ledger_of, print_json, print_table
from cec_ledger.cli.recording import recording
from cec_ledger.cli.vocabulary_help import vocabulary_option
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.pathway import describe, dots
from cec_ledger.rendering import structure
from cec_ledger.rendering.delivery import (
    local_trainers_text,
    plan_lines_text,
    show_lines,
    support_text,
)
from cec_ledger.rendering.text import plural


@click.group()
def engagement() -> None:
    """Open, list, show and close engagements.

    An engagement is one partnership with a district or school, addressed by its slug.
    """


@engagement.command("open")
@click.argument("slug")
@click.option("--name", required=True, help="Display name, e.g. 'Maple Ridge CUSD 7'.")
@click.option("--organisation", required=True, help="The district or school.")
@vocabulary_option("--level", vocabulary=v.LEVEL, required=True)
@click.option(
    "--entry-point",
    metavar="system_assessment",
    default=None,
    help="Open through a system assessment (recorded as the entry point 'system-assessment', "
    "full version). Other entry points have a structure of their own: add them with "
    "'entry-point add' (an engagement may have several).",
)
@click.option(
    "--framework",
    "framework_id",
    default=None,
    help="With --entry-point system_assessment: the framework it rates against (else its "
    "first diagnosis fixes it).",
)
@click.option("--lead-consultant", default=None, help="The consultant leading it.")
@recording
@click.pass_context
def open_(ctx: click.Context, slug: str, as_json: bool, **fields: Any) -> None:
    """Open an engagement at one of the levels CEC serves (see --level).

    Its diagnostic entry points (Theory of Action, Step 2) are recorded with
    'entry-point add'; --entry-point system_assessment adds one with the opening.

    \b
    Example:
      cec-ledger engagement open maple-ridge --name "Maple Ridge CUSD 7" \\
          --organisation "Maple Ridge Community Unit School District 7" \\
          --level district --entry-point system_assessment --framework plc --on 2025-08-18

    With --entry-point it prints both events it records: EngagementOpened #1 and the
    EntryPointAdded #2 recorded alongside (--json prints the EngagementOpened event).
    """
    ledger = ledger_of(ctx)
    opened = ledger.open_engagement(slug=slug, **fields)
    confirm_recorded(opened, as_json)
    if as_json:
        return
    # The entry point --entry-point adds is an event of its own, recorded in the same batch.
    for event in ledger.events(opened["engagement"])[1:]:
        if event["recorded_at"] == opened["recorded_at"]:
            click.echo(
                f"Recorded {event['type']} {event['engagement']}#{event['version']} alongside "
                f"it: {entry_point_words(event)}"
            )


@engagement.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """List engagements with their Pathway progress.

    \b
    Example:
      cec-ledger engagement list --json
    """
    rows = ledger_of(ctx).engagements()
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No engagements yet. Open one with 'cec-ledger engagement open'.")
        return
    print_table(
        ["SLUG", "STATUS", "PATHWAY", "EVENTS", "LAST", "NAME"],
        [
            [
                r["slug"],
                r["status"],
                dots(r["pathway"]),
                r["events"],
                r["last_occurred_on"],
                r["name"],
            ]
            for r in rows
        ],
    )


@engagement.command("show")
@click.argument("engagement_ref", metavar="ENGAGEMENT")
@click.option("--as-of", metavar="DATE", help="State as of what had occurred by this date.")
@known_at_option
@json_option
@click.pass_context
def show(
    ctx: click.Context, engagement_ref: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Show an engagement's current state, or travel in time.

    \b
    Examples:
      cec-ledger engagement show maple-ridge
      cec-ledger engagement show maple-ridge --as-of 2025-12-31
      cec-ledger engagement show maple-ridge --known-at 2026-01-15T09:00:00Z --json
    """
    state = ledger_of(ctx).engagement(engagement_ref, as_of=as_of, known_at=known_at)
    if as_json:
        print_json(state)
        return
    render_state(state)


def entry_point_words(event: dict[str, Any]) -> str:
    """An EntryPointAdded in a few words: its id, then kind, version and framework."""
    data = event["data"]
    label = v.ENTRY_POINT.label(data["kind"])
    words = [label[:1].lower() + label[1:]]
    if data.get("assessment_version"):
        words.append(f"{data['assessment_version']} version")
    if data.get("framework_id"):
        words.append(f"framework {data['framework_id']}")
    return f"entry point {data.get('entry_point_id')!r} ({', '.join(words)})"


def render_state(s: dict[str, Any]) -> None:
    """The engagement as a readable page."""
    echo = click.echo
    title = f"{s['name']} ({s['slug']}) — {s['organisation']}"
    echo(click.style(title, bold=True))
    when = []
    if s.get("as_of"):
        when.append(f"as of {s['as_of']}")
    if s.get("known_at"):
        when.append(f"as known at {s['known_at']}")
    counted = "events occurred by then" if s.get("as_of") or s.get("known_at") else "events"
    echo(structure.level_line(s))
    echo(
        f"opened {s['opened_on']}, "
        f"{s['status']}{' ' + s['closed_on'] if s['closed_on'] else ''}, {s['events']} {counted}"
        + (f" [{'; '.join(when)}]" if when else "")
    )
    echo("")
    pathway = s["pathway"]
    echo(click.style(f"Pathway: {describe(pathway)}", bold=True))
    for step in pathway["steps"]:
        mark = "●" if step["step"] <= pathway["reached"] else "○"
        risk = "  [at risk]" if step["step"] in pathway["at_risk"] else ""
        holds = "" if step["holds"] else " (does not hold)"
        echo(f"  {mark} {step['step']}. {step['name']}: {step['evidence']}{holds}{risk}")
    echo("")
    echo(click.style("Anchors" + (" — we have a We" if s["we_have_a_we"] else ""), bold=True))
    withdrawals = {
        (c["anchor"], c["on"]): c for c in s["commitment_history"] if c["action"] == "withdrawn"
    }
    # The anchors in users' words ("Teachers' organization", "MOU"); --json keeps the tokens.
    width = max(len(v.ANCHOR.label(anchor)) for anchor in s["anchors"]) if s["anchors"] else 0
    for anchor, entry in s["anchors"].items():
        if entry["committed"]:
            instrument = v.INSTRUMENT.label(entry["instrument"])
            status = f"committed {entry['since']} ({instrument}, {entry['signatory']})"
        elif entry["since"]:
            withdrawal = withdrawals.get((anchor, entry["since"]), {})
            status = f"withdrawn {entry['since']}" + (
                f": {withdrawal['reason']}" if withdrawal.get("reason") else ""
            )
        else:
            status = "not committed"
        echo(f"  {v.ANCHOR.label(anchor):<{width}}  {status}")
    _section("Entry points (Theory of Action, Step 2)", structure.entry_point_lines(s))
    if s["diagnoses"]:
        d = s["diagnoses"][-1]
        echo("")
        echo(click.style(f"Latest diagnosis ({len(s['diagnoses'])} in all)", bold=True))
        echo(
            f"  {d['framework_id']} {d['framework_version']} on {d['occurred_on']}: readiness "
            f"{d['readiness_label'] or '-'} ({d['readiness_score'] or '-'}); "
            f"GANs {', '.join(d['greatest_areas_of_need']) or '-'}"
        )
        echo("\n".join(structure.diagnosis_lines(d)))
    if s["plan"]:
        p = s["plan"]
        echo("")
        echo(
            click.style(
                f"Services plan ({p['kind']}, {p['emphasis']} emphasis; "
                f"{plural(p['changes'], 'change')} since it was set)",
                bold=True,
            )
        )
        for line in structure.goal_lines(p, s):
            echo(line)
        echo(plan_lines_text(p))
        if p["gans_addressed"]:
            echo(f"  GANs addressed: {', '.join(p['gans_addressed'])}")
        for line in structure.plan_change_lines(s):
            echo(line)
    _section("Team structure (Theory of Action, Step 4)", structure.structure_lines(s))
    if s["plan"] or s["outcomes"]:
        _section("Framework for Change coverage", structure.coverage_lines(s))
    sessions = s["sessions"]
    if sessions["count"]:
        echo("")
        echo(click.style("Support delivered", bold=True))
        echo(support_text(sessions))
    delivered = show_lines(s.get("planned_vs_delivered") or {"lines": [], "outside": []})
    if delivered:
        echo("")
        echo(click.style("Planned vs delivered", bold=True))
        echo("\n".join(delivered))
    if s["handoffs"]:
        echo("")
        echo(click.style("Handoffs", bold=True))
        open_now = s.get("open_handoffs", [])
        for h in s["handoffs"]:
            echo(
                f"  {h['on']} {h['from_consultant']} → {h['to_consultant']} ({h['content_area']}"
                f"{', overlap until ' + h['overlap_until'] if h['overlap_until'] else ''})"
                + ("  [in overlap]" if h in open_now else "")
            )
    if s["responsibilities"]:
        echo("")
        echo(click.style("Responsibilities (capacity transfer)", bold=True))
        for r in s["responsibilities"]:
            echo(f"  {r['responsibility']:<36} {r['release_level']:<27} {r['holder']}")
            if r.get("service_id"):
                echo(local_trainers_text(r))
    if s["outcomes"]:
        _section(
            f"Outcomes observed (the CEC Logic Model): {len(s['outcomes'])}",
            structure.outcome_lines(s),
        )
    _section("Reflection", structure.reflection_lines(s))
    if s["corrections"]:
        echo("")
        echo(click.style(f"Corrections: {len(s['corrections'])}", bold=True))
        for c in s["corrections"]:
            echo(
                f"  #{c['version']} corrects #{c['corrects_version']} ({c['corrects_type']}): "
                f"{c['reason']}"
            )
    if s.get("corrected_later"):
        echo("")
        echo(click.style("Corrected later (applied above)", bold=True))
        for c in s["corrected_later"]:
            fields = ", ".join(f"{k}={v}" for k, v in c["corrected_fields"].items())
            echo(
                f"  corrected later: #{c['corrects_version']} ({c['corrects_type']}) by "
                f"#{c['version']} on {c['on']}: {c['reason']} — {fields}"
            )


def _section(title: str, lines: list[str]) -> None:
    """A titled block of ``show``, left out when it has no lines."""
    if lines:
        click.echo("")
        click.echo(click.style(title, bold=True))
        click.echo("\n".join(lines))


@engagement.command("close")
@click.argument("engagement_ref", metavar="ENGAGEMENT")
@click.option("--reason", required=True, help="Why the engagement ends.")
@click.option(
    "--without-reflection",
    default=None,
    metavar="REASON",
    help="Why it closes with no reflection recorded (the CEC Reflect phase guidance asks "
    "whether the team accomplished what it set out to do: record one with 'reflect' first, "
    "or say why not).",
)
@recording
@click.pass_context
def close(ctx: click.Context, engagement_ref: str, as_json: bool, **fields: Any) -> None:
    """Close an engagement: nothing more can be recorded on it.

    An engagement with no reflection closes only with --without-reflection "reason".

    \b
    Example:
      cec-ledger engagement close maple-ridge --reason "Capacity transferred; contract ended"
    """
    confirm_recorded(ledger_of(ctx).record(engagement_ref, "EngagementClosed", **fields), as_json)
