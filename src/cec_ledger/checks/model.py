"""What a check is and what it finds: the registry of built-in checks and the finding's shape.

A check has a name (``transformation-without-we``), a severity (an *error* makes ``check``
exit 1; a *warning* is shown and exits 0 unless ``--strict``), a one-line purpose and a
longer doc: the docstring of the function that runs it, kept beside the code as hledger keeps
``Check.md`` beside ``Check.hs``. ``docs/auditors.md`` is generated from those docstrings
(``python -m cec_ledger.checks.reference docs/auditors.md``).

Two scopes: *log* checks judge the stored log as a whole (``chain``, ``seal``), *engagement*
checks judge one engagement at a time, from its events and its folded state.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class EventRef:
    """One event a finding names: its engagement's slug, its number and its type."""

    slug: str
    version: int
    type: str = ""

    def __str__(self) -> str:
        return f"{self.slug}#{self.version}"


@dataclass(frozen=True)
class Finding:
    """Something a check found wrong, in users' words, naming where it is."""

    check: str
    severity: str
    message: str
    engagement: str | None = None
    events: tuple[EventRef, ...] = ()

    @property
    def where(self) -> str:
        """``maple-ridge#91``, ``maple-ridge#86, #91``, ``maple-ridge`` or ``the log``."""
        events = self.events
        if len(events) == 1:
            return str(events[0])
        if events:
            return ", ".join([str(events[0]), *(f"#{e.version}" for e in events[1:])])
        return self.engagement or "the log"

    def line(self, strict: bool = False) -> str:
        """The one line ``check`` prints (``--strict`` shows warnings as errors)."""
        severity = ERROR if strict else self.severity
        return f"{severity}: {self.check}: {self.where}: {self.message}"

    def to_dict(self, strict: bool = False) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": ERROR if strict else self.severity,
            "engagement": self.engagement,
            "events": [str(e) for e in self.events],
            "versions": [e.version for e in self.events],
            "types": [e.type for e in self.events],
            "message": self.message,
        }


@dataclass
class Check:
    """A named check. ``run`` yields ``(message, events)`` pairs: log checks get
    ``(LogContext)``, engagement checks ``(EngagementRecord)`` (see ``checks.record``)."""

    name: str
    severity: str
    purpose: str
    run: Callable[..., Iterable[tuple[str, Iterable[Any]]]]
    scope: str = "engagement"  # "engagement" | "log"
    doc: str = ""
    # Settings of this check and their defaults (months, days...), by name.
    thresholds: dict[str, int] = field(default_factory=dict)
    # In the default set (run when no check is named)? ``seal`` needs a seal; an expensive
    # or purely historical check may be left to be named.
    default: bool = True
    # Where it comes from: "built-in", or the plugin that registered it.
    source: str = "built-in"

    @property
    def example(self) -> str:
        """The example finding its doc gives (the line after ``Example:``)."""
        lines = self.doc.splitlines()
        for n, text in enumerate(lines):
            if text.strip() == "Example:" and n + 1 < len(lines):
                return lines[n + 1].strip()
        return ""


BUILT_IN: dict[str, Check] = {}


def check(
    name: str,
    severity: str,
    *,
    scope: str = "engagement",
    thresholds: dict[str, int] | None = None,
    default: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the built-in check ``name``. The first line of its
    docstring is the check's purpose (``check --list``), the whole docstring its doc."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        doc = inspect.cleandoc(function.__doc__ or "")
        if not doc:
            raise TypeError(f"check {name} has no docstring")
        if name in BUILT_IN:
            raise TypeError(f"check {name} is registered twice")
        BUILT_IN[name] = Check(
            name=name,
            severity=severity,
            purpose=doc.splitlines()[0],
            run=function,
            scope=scope,
            doc=doc,
            thresholds=dict(thresholds or {}),
            default=default,
        )
        return function

    return register


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when less than a month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def names(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    found = list(items)
    if len(found) <= 1:
        return "".join(found)
    return f"{', '.join(found[:-1])} and {found[-1]}"
