"""Integrity checks contributed by plugins (``cec_ledger_register_checks``).

A plugin registers a :class:`Check`: a name, a one-line purpose, a severity and a ``run``
callable that reads one engagement (a read-only view, see :func:`check_view`) and returns
its findings. ``cec-ledger check`` runs them beside its own checks (``cec_ledger.checks``);
a check whose ``run`` fails is reported as a failed check and the others still run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cec_ledger.plugins.manager import Malformed, cached, collect
from cec_ledger.plugins.validation import engagement_view, read_only

CHECK_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
CHECK_SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class CheckFinding:
    """What a plugin's check found: a one-line message and the numbers of the engagement's
    events it is about (``events``, possibly empty)."""

    message: str
    events: tuple[int, ...] = ()


@dataclass(frozen=True)
class Check:
    """A check a plugin adds to ``cec-ledger check`` (see the hook's contract)."""

    name: str
    purpose: str
    run: Callable[..., Any]
    severity: str = "warning"
    doc: str = ""
    thresholds: Mapping[str, int] = field(default_factory=dict)
    default: bool = True
    plugin: str = ""


def coerce_check(plugin: str, value: Any) -> Check:
    """A registered check (dataclass or mapping) checked and stamped with its plugin."""
    if isinstance(value, Check):
        data: dict[str, Any] = {f: getattr(value, f) for f in Check.__dataclass_fields__}
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise Malformed(f"register() expects a Check or a mapping, got {type(value).__name__}")
    unknown = sorted(set(data) - set(Check.__dataclass_fields__))
    if unknown:
        raise Malformed(f"check {data.get('name')!r} has unknown keys: {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not CHECK_NAME.match(name):
        raise Malformed(f"check name {name!r} must be lower-case words joined by hyphens")
    purpose = data.get("purpose")
    if not isinstance(purpose, str) or not purpose.strip() or "\n" in purpose.strip():
        raise Malformed(f"check {name!r} needs a one-line purpose")
    if not callable(data.get("run")):
        raise Malformed(f"check {name!r}: run must be callable")
    if data.get("severity", "warning") not in CHECK_SEVERITIES:
        raise Malformed(f"check {name!r}: severity must be 'error' or 'warning'")
    thresholds = dict(data.get("thresholds") or {})
    for key, default in thresholds.items():
        if not isinstance(key, str) or isinstance(default, bool) or not isinstance(default, int):
            raise Malformed(f"check {name!r}: threshold {key!r} needs a whole-number default")
        if default <= 0:
            raise Malformed(f"check {name!r}: threshold {key!r} must be above 0")
    return Check(
        name=name,
        purpose=purpose.strip(),
        run=data["run"],
        severity=data.get("severity", "warning"),
        doc=str(data.get("doc") or ""),
        thresholds=thresholds,
        default=bool(data.get("default", True)),
        plugin=plugin,
    )


def plugin_checks() -> list[Check]:
    """Every check plugins register, in plugin order. Failing plugins are left out."""

    def build() -> list[Check]:
        return collect(
            "cec_ledger_register_checks", coerce_check, key=lambda c: c.name, what="check"
        )

    return cached("checks", build)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def check_view(state: Any, on: date) -> Any:
    """What a plugin's check reads of an engagement (as of ``on``): a read-only Mapping."""
    view = engagement_view(state)
    view["on"] = on.isoformat()
    view["closed_on"] = _iso(state.closed_on)
    view["diagnoses"] = [
        {
            "version": d["version"],
            "framework_id": d["framework_id"],
            "framework_version": d["framework_version"],
            "occurred_on": _iso(d["occurred_on"]),
            "ratings": dict(d["ratings"]),
            "greatest_areas_of_need": list(d["greatest_areas_of_need"]),
            "not_observed": list(d.get("not_observed") or ()),
        }
        for d in state.diagnoses
    ]
    plan = state.plan
    view["plan"] = (
        None
        if plan is None
        else {
            "kind": plan["kind"],
            "emphasis": plan["emphasis"],
            "since": _iso(plan["since"]),
            "services": [dict(line) for line in plan["services"]],
            "goals": [dict(goal) for goal in plan["goals"]],
            "gans_addressed": list(plan["gans_addressed"]),
        }
    )
    return read_only(view)


def coerce_findings(check: Check, result: Any) -> list[CheckFinding]:
    """What a check's ``run`` returned, as findings; ``Malformed`` when it is not findings."""
    if result is None:
        return []
    if isinstance(result, str | bytes) or not isinstance(result, Iterable):
        raise Malformed(f"check {check.name!r} returned {type(result).__name__}, not findings")
    found = []
    for item in result:
        if isinstance(item, CheckFinding):
            message, events = item.message, item.events
        elif isinstance(item, str):
            message, events = item, ()
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            message, events = item[0], item[1]
            events = (events,) if isinstance(events, int) else tuple(events or ())
        else:
            raise Malformed(f"check {check.name!r} gave {item!r}, not a finding")
        if not message.strip() or "\n" in message.strip():
            raise Malformed(f"check {check.name!r} gave a finding that is not one line")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in events):
            raise Malformed(f"check {check.name!r} named events that are not numbers: {events!r}")
        found.append(CheckFinding(message.strip(), tuple(events)))
    return found
