"""The bridge from the application's validator seam to the plugins' event-validation hook.

Plugins see plain values (ISO dates, the engagement's sessions so far), never aggregates,
so a plugin cannot reach into or mutate the domain model.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from cec_ledger.domain.errors import PluginError, RuleViolation
from cec_ledger.domain.events import RULES_EPOCH
from cec_ledger.domain.plan_lines import plan_events
from cec_ledger.domain.state import EngagementState
from cec_ledger.plugins.manager import call_each, call_impl, get_plugin_manager, hook_impls
from cec_ledger.plugins.views import DiagnosisView, EngagementView, PlanLineView, PlanView


def plugin_validator(
    event_type: str, fields: dict[str, Any], state: EngagementState, context: str = "command"
) -> None:
    """Run every plugin's ``cec_ledger_validate_event`` before an event is recorded (or, for
    a correction, on the corrected target event: ``context="correction"``)."""
    validate_event(event_type, _plain_fields(fields), engagement_view(state), context=context)


def engagement_view(state: EngagementState) -> EngagementView:
    """What a plugin may read about the engagement (``EngagementView``): its anchors, teams,
    sessions, diagnoses and the plan in force, as plain values."""
    lines = [_plan_line(s) for s in state.plan["services"]] if state.plan else []
    return {
        "id": state.id,
        "slug": state.slug,
        "level": state.level,
        "entry_point": state.entry_point,
        "opened_on": _iso(state.opened_on),
        "anchors": {a: dict(e, since=_iso(e["since"])) for a, e in state.anchors.items()},
        "teams": sorted(state.teams),
        "plan_services": [s["service_id"] for s in state.plan["services"]] if state.plan else [],
        "plan_lines": lines,
        "plans": [
            {"on": _iso(on), "services": [line["service_id"] for line in lines]}
            for on, lines in plan_events(state)
        ],
        "sessions": [
            {
                "version": s["version"],
                "service_id": s["service_id"],
                "occurred_on": _iso(s["occurred_on"]),
                "participants": s["participants"],
                "hours": s["hours"],
                "delivery": s["delivery"],
                "team_id": s["team_id"],
                "cohort": s.get("cohort"),
                "part": s.get("part"),
                "follows": s.get("follows"),
                "unplanned": s.get("unplanned"),
            }
            for s in state.sessions
        ],
        "diagnoses": [_diagnosis(d) for d in state.diagnoses],
        "plan": _plan(state.plan, lines),
    }


def _plan_line(line: dict[str, Any]) -> PlanLineView:
    """A line of the plan in force, as plugins see it (amounts as Decimal)."""
    return {
        "service_id": line["service_id"],
        "name": line.get("name"),
        "hours": line.get("hours"),
        "budget": line.get("budget"),
        "price_note": line.get("price_note"),
        "cohorts": line.get("cohorts"),
        "kind": line.get("kind"),
        "price_rule": dict(line.get("price_rule") or {}),
    }


def _diagnosis(entry: Any) -> DiagnosisView:
    """A diagnosis as plugins see it. Its ratings, evidence and lists are the state's own
    objects, not copies: plugins get them through ``read_only``, which refuses changes."""
    return {
        "version": entry["version"],
        "framework_id": entry["framework_id"],
        "framework_version": entry["framework_version"],
        "occurred_on": _iso(entry["occurred_on"]),
        "ratings": entry["ratings"],
        "evidence": entry["evidence"],
        "assessors": entry["assessors"],
        "readiness_score": entry["readiness_score"],
        "readiness_label": entry["readiness_label"],
        "greatest_areas_of_need": entry["greatest_areas_of_need"],
        "strengths": entry.get("strengths"),
        "not_observed": entry.get("not_observed") or [],
        "recommended_services": entry.get("recommended_services"),
        "entry_point_id": entry.get("entry_point_id"),
        "assessment_version": entry.get("assessment_version") or "full",
    }


def _plan(plan: Any, lines: list[PlanLineView]) -> PlanView | None:
    """The plan in force as plugins see it (its ``lines`` are ``plan_lines``, shared: the
    view is read-only); None before PlanSet."""
    if not plan:
        return None
    return {
        "emphasis": plan["emphasis"],
        "kind": plan["kind"],
        "goals": [
            {
                "goal_id": g.get("goal_id"),
                "text": g.get("text"),
                "elements": g.get("elements") or [],
                "gans": g.get("gans") or [],
            }
            for g in plan["goals"]
        ],
        "services": lines,
        "gans_addressed": plan["gans_addressed"],
        "total_hours": plan["total_hours"],
        "total_budget": plan["total_budget"],
        "since": _iso(plan["since"]),
        "changes": plan["changes"],
        "horizon": plan.get("horizon"),
    }


def _plain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as plugins see them: dates as ISO text, and the rules epoch the event is
    judged by (a new event's is the current one: the aggregate stamps it after the check)."""
    plain = {k: _iso(v) if isinstance(v, date) else v for k, v in fields.items()}
    plain.setdefault("rules_version", RULES_EPOCH)
    return plain


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def validate_event(
    event_type: str,
    fields: dict[str, Any],
    engagement: Mapping[str, Any],
    context: str = "command",
) -> None:
    """Let every plugin check an event before it is recorded.

    ``context`` says why: ``"command"`` (recorded now), ``"correction"`` (the event as a
    correction would make it) or ``"import"`` (a line of an export).

    A ``RuleViolation`` from a plugin is a refusal and propagates unchanged; any other
    exception (or a non-None return) becomes a ``PluginError`` naming the plugin and hook.
    Plugins get a copy of the event's fields and a read-only view of the engagement, so no
    plugin can change what the ledger records. The view is lazy: copying every session so
    far for every event made validating a long engagement quadratic.
    """
    call_each(
        "cec_ledger_validate_event",
        passthrough=(RuleViolation,),
        expect_none=True,
        event_type=event_type,
        fields=plain_copy(fields),
        engagement=read_only(engagement),
        context=context,
    )


def rule_findings(
    event_type: str,
    fields: dict[str, Any],
    engagement: Mapping[str, Any],
    context: str = "import",
) -> list[tuple[str, str]]:
    """Every plugin's verdict on an event, without stopping at the first: ``(plugin,
    message)`` for each refusal (a ``RuleViolation``) or fault (a ``PluginError``).

    The import policy uses it: recorded history is not re-judged by today's plugin rules, so
    on import what they would refuse is reported, not enforced (``import --strict`` enforces).
    """
    pm = get_plugin_manager()
    found: list[tuple[str, str]] = []
    kwargs = {
        "event_type": event_type,
        "fields": plain_copy(fields),
        "engagement": read_only(engagement),
        "context": context,
    }
    for impl in hook_impls(pm, "cec_ledger_validate_event", include_failed=True):
        name = impl.plugin_name
        if pm.is_failed(name):
            found.append((name, f"plugin {name!r} failed earlier and could not check this"))
            continue
        try:
            result = call_impl(pm, impl, "cec_ledger_validate_event", kwargs, (RuleViolation,))
        except RuleViolation as refusal:
            found.append((name, str(refusal)))
            continue
        except PluginError as fault:
            found.append((name, str(fault)))
            continue
        if result is not None:
            found.append((name, f"plugin {name!r} returned {result!r} instead of None"))
    return found


_IMMUTABLE = (str, int, float, bool, bytes, date, Decimal, UUID, type(None))
# The exact types of _IMMUTABLE (and datetime, a date): a value of one of these is returned
# as it is without walking the isinstance chain below (subclasses still walk it).
_EXACTLY_IMMUTABLE = frozenset((*_IMMUTABLE, datetime))


def plain_copy(value: Any) -> Any:
    """A copy of plain data (dicts, lists, tuples of immutable values) a plugin may change
    without changing the caller's: what ``copy.deepcopy`` gives, at a fraction of its cost
    (it is called for every event an import or ``check`` hands to plugins)."""
    kind = type(value)
    if kind in _EXACTLY_IMMUTABLE:
        return value
    if kind is dict:
        return {k: v if type(v) in _EXACTLY_IMMUTABLE else plain_copy(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _EXACTLY_IMMUTABLE else plain_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain_copy(v) for v in value)
    if isinstance(value, _IMMUTABLE):
        return value
    return copy.deepcopy(value)


def read_only(value: Any) -> Any:
    """A read-only view of plain data: mappings and sequences that refuse changes."""
    if isinstance(value, dict):
        return ReadOnlyMapping(value)
    if isinstance(value, list | tuple):
        return ReadOnlyList(value, len(value))
    return value


class ReadOnlyMapping(Mapping[str, Any]):
    """A dict seen without the means to change it (values are read-only views too)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return read_only(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"ReadOnlyMapping({self._data!r})"


class ReadOnlyList(Sequence[Any]):
    """The first ``length`` items of a list, read-only. The length is fixed when the view is
    made, so a list the ledger keeps appending to still looks the same to the plugin."""

    def __init__(self, items: list[Any] | tuple[Any, ...], length: int) -> None:
        self._items = items
        self._length = length

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(read_only(item) for item in self._items[: self._length][index])
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return read_only(self._items[index])

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"ReadOnlyList({list(self._items[: self._length])!r})"
