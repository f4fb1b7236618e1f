"""Running checks: pick them, read the ledger once, run each check, gather the findings.

One failing check never stops the others: whatever it raises becomes an error finding
naming the check (and the plugin it came from), and the run goes on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cec_ledger.checks import delivery, history, integrity, plan, progress  # noqa: F401
from cec_ledger.checks.integrity import LogContext
from cec_ledger.checks.model import BUILT_IN, ERROR, WARNING, Check, EventRef, Finding
from cec_ledger.checks.record import EngagementRecord, read_engagements
from cec_ledger.checks.settings import (
    CheckSettings,
    known,
    read_file,
    read_table,
    resolve,
    settings_file,
)
from cec_ledger.domain.errors import DomainError, InvalidValue
from cec_ledger.formats.dates import parse_date, parse_timestamp
from cec_ledger.plugins.checks import check_view, coerce_findings, plugin_checks
from cec_ledger.plugins.manager import get_plugin_manager, warnings_muted
from cec_ledger.plugins.validation import read_only
from cec_ledger.projections.chain import parse_seal

# The built-in checks in the order they are listed and run: the log, the plan, delivery,
# structures and momentum, older history.
ORDER = (
    "chain",
    "seal",
    "schema",
    "transformation-without-we",
    "plan-without-diagnosis",
    "framework-coverage",
    "price-rules",
    "unplanned-sessions",
    "over-delivery",
    "cohort-prerequisites",
    "coaching-without-antecedent",
    "dlt-anchor-seats",
    "team-stalled",
    "responsibility-stalled",
    "handoff-without-overlap",
    "engagement-stale",
    "closed-without-reflection",
    "history-under-todays-rules",
)


def all_checks() -> dict[str, Check]:
    """The built-in checks, then the installed plugins' (in plugin order)."""
    found = {name: BUILT_IN[name] for name in ORDER}
    for registered in plugin_checks():
        if registered.name in found:
            get_plugin_manager().fail(
                registered.plugin,
                f"plugin {registered.plugin!r} failed in cec_ledger_register_checks: "
                f"{registered.name!r} is already a check of cec-ledger",
                consequence="its checks are left out",
            )
            continue
        found[registered.name] = Check(
            name=registered.name,
            severity=registered.severity,
            purpose=registered.purpose,
            run=_plugin_runner(registered),
            doc=registered.doc,
            thresholds=dict(registered.thresholds),
            default=registered.default,
            source=registered.plugin,
        )
    # A plugin failed above is inactive: leave out the other checks it registered.
    pm = get_plugin_manager()
    return {name: c for name, c in found.items() if not pm.is_failed(c.source)}


def _plugin_runner(registered: Any) -> Any:
    def run(record: EngagementRecord, settings: dict[str, int]) -> list[tuple[str, Any]]:
        view = record.plugin_view
        if view is None:
            view = record.plugin_view = check_view(record.state, record.day)
        result = registered.run(view, read_only(dict(settings)))
        return [(f.message, f.events) for f in coerce_findings(registered, result)]

    return run


def load_settings(ledger: Any, checks: dict[str, Check] | None = None) -> CheckSettings:
    """The settings of ``ledger`` (see ``checks.settings``)."""
    checks = checks if checks is not None else all_checks()
    path = settings_file(getattr(ledger, "location", None))
    stored = getattr(getattr(ledger, "app", None), "settings", None) or {}
    return resolve(checks, read_file(path), read_table(stored), file=path)


@dataclass
class CheckRun:
    """What a run found: every finding, and how each check ended."""

    strict: bool
    day: date
    as_of: date | None
    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    engagements: int = 0
    events: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if self.strict or f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        # A dict or two per finding, tens of thousands on a large ledger: built with the
        # cyclic collector paused, as the run itself is (``_bulk_read``).
        with _bulk_read():
            return self._as_dict()

    def _as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "strict": self.strict,
            "day": self.day.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "errors": self.errors,
            "warnings": self.warnings,
            "engagements": self.engagements,
            "events": self.events,
            "checks": list(self.statuses.values()),
            "findings": [{**f.to_dict(self.strict), "where": f.where} for f in self.findings],
        }


def select(
    checks: dict[str, Check], settings: CheckSettings, names: Iterable[str], seal: str | None
) -> list[Check]:
    """The checks to run: those named, else the default set; ``seal`` whenever one is given."""
    wanted = list(dict.fromkeys(names))
    for name in wanted:
        known(checks, name)
    if "seal" in wanted and seal is None:
        raise InvalidValue("check seal needs the seal to prove: --seal SEAL")
    chosen = wanted or [n for n in settings.default if n in checks]
    if seal is not None and "seal" not in chosen:
        chosen.append("seal")
    return [checks[name] for name in chosen]


@contextmanager
def _bulk_read() -> Iterator[None]:
    """The cyclic garbage collector paused while every event of the ledger is read into
    memory: events hold no cycles, and a full collection every few thousand allocations
    would walk the whole growing heap again and again (a 100,000-event ledger reads in
    about half the time without it). Restored afterwards, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_checks(
    ledger: Any,
    names: Iterable[str] = (),
    *,
    engagement: str | None = None,
    as_of: str | date | None = None,
    known_at: str | None = None,
    strict: bool = False,
    seal: str | None = None,
) -> CheckRun:
    """Run the named checks (else the default set) on ``ledger``: every engagement, or one."""
    with _bulk_read():
        return _run_checks(ledger, names, engagement, as_of, known_at, strict, seal)


def _run_checks(
    ledger: Any,
    names: Iterable[str],
    engagement: str | None,
    as_of: str | date | None,
    known_at: str | None,
    strict: bool,
    seal: str | None,
) -> CheckRun:
    checks = all_checks()
    settings = load_settings(ledger, checks)
    chosen = select(checks, settings, names, seal)
    if seal is not None:
        parse_seal(seal)  # a seal that is not one is bad input, not a failed check
    today = ledger.today()
    day_as_of = parse_date(as_of, today=today, what="--as-of date") if as_of else None
    moment = parse_timestamp(known_at, what="--known-at") if known_at else None
    run = CheckRun(strict=strict, day=day_as_of or today, as_of=day_as_of)
    for c in chosen:
        severity = settings.severity.get(c.name, c.severity)
        run.statuses[c.name] = {
            "name": c.name,
            "severity": ERROR if strict else severity,
            "source": c.source,
            "status": "ok",
            "findings": 0,
        }
    log = LogContext(ledger, seal)
    for c in (c for c in chosen if c.scope == "log"):
        _run_one(run, c, settings, (log,), None)
    engagement_checks = [c for c in chosen if c.scope == "engagement"]
    if engagement_checks:
        ids = [ledger.resolve(engagement)] if engagement else None
        schema = any(c.name == "schema" for c in engagement_checks)
        for record in read_engagements(
            ledger.app, ids, day=run.day, today=today, known_at=moment, schema=schema
        ):
            run.engagements += 1
            run.events += len(record.stored)
            _run_engagement(run, engagement_checks, settings, record)
    order = {c.name: n for n, c in enumerate(chosen)}
    run.findings.sort(
        key=lambda f: (
            f.engagement is not None and f.check not in ("chain", "seal"),
            f.engagement or "",
            f.events[0].version if f.events else 0,
            order.get(f.check, len(order)),
        )
    )
    return run


def _run_engagement(
    run: CheckRun, checks: list[Check], settings: CheckSettings, record: EngagementRecord
) -> None:
    if record.unreadable:
        # A gap in the stream: folding the rest would judge a history that is not there.
        first = record.unreadable[0]
        _add(
            run,
            "schema",
            ERROR,
            f"{len(record.unreadable)} stored event(s) cannot be read (the first is #"
            f"{first.version}): the other checks of {record.slug} were not run",
            record,
            [first.version],
        )
        checks = [c for c in checks if c.name == "schema"]
    elif not record.events:
        checks = [c for c in checks if c.name == "schema"]  # not opened by --as-of
    for c in checks:
        _run_one(run, c, settings, (record,), record)


def _run_one(
    run: CheckRun,
    c: Check,
    settings: CheckSettings,
    args: tuple[Any, ...],
    record: EngagementRecord | None,
) -> None:
    severity = settings.severity.get(c.name, c.severity)
    try:
        found = list(c.run(*args, settings.for_check(c.name)))
    except DomainError as error:
        found, failure = [], str(error)
    except Exception as error:
        found, failure = [], f"{type(error).__name__}: {error}"
    else:
        failure = None
    if failure is not None:
        _failed(run, c, failure, record)
        return
    for message, versions in found:
        _add(run, c.name, severity, message, record, list(versions))


def _failed(run: CheckRun, c: Check, failure: str, record: EngagementRecord | None) -> None:
    """A check that raised: a warning line naming it (and its plugin), the other checks
    still run. A plugin's failure is also kept on its row of ``cec-ledger plugins`` (and
    ``plugin_info()``), once, without failing the plugin: its other hooks stay active."""
    origin = f" (plugin {c.source!r})" if c.source != "built-in" else ""
    _add(run, c.name, WARNING, f"the check failed{origin}: {failure}", record, [])
    run.statuses[c.name]["status"] = "failed"
    if c.source != "built-in":
        with warnings_muted():  # the finding above is the warning line
            get_plugin_manager().warn(
                f"plugin {c.source!r}: check {c.name} failed: {failure}", plugin=c.source
            )


def _add(
    run: CheckRun,
    name: str,
    severity: str,
    message: str,
    record: EngagementRecord | None,
    versions: list[Any],
) -> None:
    if record is not None:
        events = tuple(record.ref(int(n)) for n in versions)
        finding = Finding(name, severity, message, record.slug, events)
    else:
        # Log checks name events as (slug, number) pairs.
        refs = tuple(EventRef(slug, number) for slug, number in versions)
        finding = Finding(name, severity, message, refs[0].slug if refs else None, refs)
    run.findings.append(finding)
    status = run.statuses.setdefault(
        name, {"name": name, "severity": severity, "source": "built-in", "status": "ok"}
    )
    status["findings"] = status.get("findings", 0) + 1
    if status["status"] == "ok":
        status["status"] = "findings"
    if severity == ERROR and status["severity"] == WARNING:
        status["severity"] = ERROR
