"""``cec-ledger check``: named integrity checks (hledger's ``check``, for engagements)."""

from __future__ import annotations

from typing import Any

import click

from cec_ledger.cli.audit import known_at_option
from cec_ledger.cli.output import json_option, ledger_of, print_json, print_table


@click.command()
@click.argument("names", nargs=-1, metavar="[CHECK]...")
@click.option("--engagement", "-e", metavar="ENG", help="Check only this engagement.")
@click.option(
    "--as-of",
    metavar="DATE",
    help="Judge the engagements as of what had occurred by then (and measure time to it).",
)
@known_at_option
@click.option("--strict", is_flag=True, help="Count warnings as errors (exit 1 on any finding).")
@click.option("--seal", "seal_digest", metavar="SEAL", help="Also prove history up to this seal.")
@click.option("--list", "show_list", is_flag=True, help="List the checks and exit.")
@click.option(
    "--settings",
    "show_settings",
    is_flag=True,
    help="Print the settings in effect, with where each comes from, and exit.",
)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="SETTING=VALUE",
    help="Store a setting in the ledger's settings table (e.g. team-stalled.months=4).",
)
@json_option
@click.pass_context
def check(
    ctx: click.Context,
    names: tuple[str, ...],
    engagement: str | None,
    as_of: str | None,
    known_at: str | None,
    strict: bool,
    seal_digest: str | None,
    show_list: bool,
    show_settings: bool,
    assignments: tuple[str, ...],
    as_json: bool,
) -> None:
    """Run named integrity checks of the log and the engagements.

    With no CHECK, runs the default set. Prints one line per finding (severity, check, the
    event as slug#N, what is wrong) and nothing when all holds. Exits 1 when an error was
    found (with --strict, any finding); warnings alone exit 0. Thresholds, severities and
    the default set come from cec-ledger.toml beside an SQLite ledger, else the ledger's
    settings table (see docs/auditors.md, "Checks").

    \b
    Examples:
      cec-ledger check
      cec-ledger check --list
      cec-ledger check transformation-without-we team-stalled --engagement maple-ridge
      cec-ledger --read-only check --strict --as-of 2026-06-30 --json
      cec-ledger check history-under-todays-rules
      cec-ledger check --seal "$(cat seal-2026-06-30.txt)"
    """
    # lazy: the checks read the event store through the facade (eventsourcing)
    from cec_ledger.checks import all_checks, load_settings, run_checks

    if show_list or show_settings or assignments:
        ledger = _ledger_if_any(ctx, required=bool(assignments))
        checks = all_checks()
        if assignments:
            _store(ledger, checks, list(assignments), as_json)
            return
        settings = load_settings(ledger, checks) if ledger is not None else None
        if show_settings:
            _print_settings(settings or load_settings(None, checks), as_json)
        else:
            _print_list(checks, settings, as_json)
        return
    _check_usage(all_checks(), names, as_of, seal_digest)
    run = run_checks(
        ledger_of(ctx),
        names,
        engagement=engagement,
        as_of=as_of,
        known_at=known_at,
        strict=strict,
        seal=seal_digest,
    )
    if as_json:
        print_json(run.to_dict())
    else:
        for finding in run.findings:
            click.echo(finding.line(strict))
        if run.findings:
            click.echo(
                f"{_count(run.errors, 'error')}, {_count(run.warnings, 'warning')} "
                f"({_count(len(run.statuses), 'check')}, {_count(run.engagements, 'engagement')})",
                err=True,
            )
    if not run.ok:
        ctx.exit(1)


def _check_usage(
    checks: dict[str, Any], names: tuple[str, ...], as_of: str | None, seal: str | None
) -> None:
    """What the command line itself gets wrong is a usage error (exit 2), said before the
    ledger is read: an unknown check, ``seal`` without its seal, a date that does not parse."""
    from datetime import date

    from cec_ledger.checks.settings import known
    from cec_ledger.domain.errors import InvalidValue
    from cec_ledger.formats.dates import parse_date

    try:
        for name in names:
            known(checks, name)
        if "seal" in names and seal is None:
            raise InvalidValue("check seal needs the seal to prove: --seal SEAL")
        if as_of:
            parse_date(as_of, today=date.today(), what="--as-of date")
    except InvalidValue as error:
        raise click.UsageError(str(error)) from None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _ledger_if_any(ctx: click.Context, *, required: bool) -> Any:
    """The ledger, or None when there is none to read settings from (``--list`` works
    without one)."""
    from cec_ledger.domain.errors import DomainError

    try:
        return ledger_of(ctx)
    except DomainError:  # no ledger there (or not reachable): the built-in settings
        if required:
            raise
        return None


def _print_list(checks: dict[str, Any], settings: Any, as_json: bool) -> None:
    rows = []
    for name, c in checks.items():
        severity = settings.severity.get(name, c.severity) if settings else c.severity
        default = name in settings.default if settings else c.default
        rows.append(
            {
                "name": name,
                "severity": severity,
                "default": default,
                "source": c.source,
                "purpose": c.purpose,
                "thresholds": settings.for_check(name) if settings else dict(c.thresholds),
            }
        )
    if as_json:
        print_json(rows)
        return
    print_table(
        ["CHECK", "SEVERITY", "DEFAULT", "FROM", "PURPOSE"],
        [[r["name"], r["severity"], r["default"], r["source"], r["purpose"]] for r in rows],
        fold_last=True,
    )


def _print_settings(settings: Any, as_json: bool) -> None:
    rows = settings.rows()
    if as_json:
        print_json({"file": str(settings.file) if settings.file else None, "settings": rows})
        return
    if settings.file is not None:
        click.echo(f"settings file: {settings.file}{'' if settings.file.exists() else ' (none)'}")
    print_table(
        ["SETTING", "SOURCE", "VALUE"], [[r["setting"], r["source"], r["value"]] for r in rows]
    )


def _store(ledger: Any, checks: dict[str, Any], assignments: list[str], as_json: bool) -> None:
    from cec_ledger.checks.settings import store  # lazy: writes through the storage layer

    rows = store(ledger, checks, assignments)
    if as_json:
        print_json(rows)
        return
    for name, value in rows.items():
        click.echo(f"Stored {name} = {value} in the ledger's settings table")
