"""The CEC services catalogue's own rules (plugin ``cec-ledger-services``).

Everything that needs the catalogue's *content* is checked here, and only for events judged
by rules epoch 3 or later (``fields["rules_version"]``): recorded history is never re-judged.

* a session, plan line, transfer or outcome names a service the catalogue holds (unknown:
  the closest ids);
* a session of a series (Conflict Resolution/Working Relationships, the Labor-Management
  series) is a training, names its cohort and part, keeps to the part's length and the
  participant limit; Session Two follows its cohort's Session One (same cohort, no more
  participants), each part as often as the series has it, a cohort keeps to one format;
* targeted support delivered before any services plan is in force needs ``--unplanned``
  (Step 1 programmes before a plan are Step 1 work);
* a plan line's name, kind and price rule are the catalogue's; a published price needs a
  budget, a budget below the published starting price needs ``--price-note``, a budget for
  a service with no published price needs one too; per-cohort prices need cohorts; a
  Conflict Resolution cohort is two four-hour sessions.

Where the catalogue is silent and the ledger chooses (per cohort, per block, day lengths,
Session Two's size, one format per cohort), docs/services.md says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cec_ledger.plugins import RuleViolation, Service, list_services, unknown_service
from cec_ledger.plugins import dollars as money

EPOCH = 3
CATALOGUE_NAME = "the CEC services catalogue"
PART_WORDS = {
    "session_one": "Session One",
    "session_two": "Session Two",
    "full_day": "full day",
    "half_day": "half day",
}


def validate(event_type: str, fields: Mapping[str, Any], engagement: Mapping[str, Any]) -> None:
    """Refuse an event of rules epoch 3 or later that breaks a catalogue rule."""
    if int(fields.get("rules_version") or 1) < EPOCH:
        return
    if event_type == "SessionDelivered":
        session(fields, engagement)
    elif event_type in ("DirectionSet", "PlanChanged"):
        plan(fields, engagement)
    elif event_type == "ResponsibilityTransferred" and fields.get("service_id"):
        known(str(fields["service_id"]))
    elif event_type == "OutcomeObserved":
        for service_id in fields.get("services") or ():
            known(str(service_id))


def catalogue() -> dict[str, Service]:
    return {s.id: s for s in list_services()}


def known(service_id: str, outside: str = "") -> Service:
    services = catalogue()
    if service_id not in services:
        raise RuleViolation(unknown_service(service_id, list(services)) + outside)
    return services[service_id]


# ------------------------------------------------------------------ sessions
def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def _in_bounds(f: Mapping[str, Any]) -> bool:
    """Whether a session's hours and head count are within the core's bounds: outside them
    the core refuses it in its own words (plugins are asked first)."""
    hours = _number(f.get("hours"))
    participants = f.get("participants")
    return (
        hours is not None
        and 0 < hours <= 24
        and isinstance(participants, int)
        and 1 <= participants <= 100_000
    )


def session(f: Mapping[str, Any], engagement: Mapping[str, Any]) -> None:
    service_id = f.get("service_id")
    coaching = f.get("delivery") == "coaching"
    if service_id is None:
        return  # outside the catalogue (the core asks for --unplanned), or coaching to fill
    service = known(str(service_id), "; for work outside the catalogue use --service none")
    if coaching or not _in_bounds(f):
        return  # coaching follows a session, the core links it; bad numbers: the core's
    if service.structure is None:
        if f.get("part") is not None:
            raise RuleViolation(f"part applies only to {_series_ids()}")
    else:
        _series_session(service, f, engagement)
    _before_any_plan(service, f, engagement)


def _series_ids() -> str:
    ids = [s.id for s in catalogue().values() if s.structure is not None]
    return " and ".join(ids) if len(ids) < 3 else ", ".join(ids)


def _series_session(service: Service, f: Mapping[str, Any], engagement: Mapping[str, Any]) -> None:
    assert service.structure is not None
    name = service.name if service.id != "labor-management-series" else _LMS
    short = _short_quote(service)
    if f.get("delivery") != "training":
        raise RuleViolation(
            f"{name} is a training ({CATALOGUE_NAME}: '{short}'): record it as training"
        )
    parts = [p.part for p in service.structure.parts]
    part = f.get("part")
    if part is None or part not in parts:
        got = "" if part is None else f"; {part} is not one of them"
        raise RuleViolation(
            f"{name} sessions name their part: {' or '.join(parts)} ({CATALOGUE_NAME}: "
            f"'{short}'){got}"
        )
    cohort = f.get("cohort")
    if cohort is None:
        why = (
            "Session Two 'is only available to those who complete Session One'"
            if service.prerequisites
            else f"a cohort takes '{service.commitment}'"
        )
        raise RuleViolation(f"name the cohort (--cohort) for {name}: {why} ({CATALOGUE_NAME})")
    spec = service.structure.part(part)
    assert spec is not None
    hours = Decimal(str(f.get("hours")))
    if hours > spec.max_hours:
        raise RuleViolation(_too_long(service, part, spec.max_hours, hours))
    participants = f.get("participants")
    limit = service.participant_limit
    if limit is not None and isinstance(participants, int) and participants > limit:
        raise RuleViolation(
            f"{name} sessions accommodate up to {limit} participants ({CATALOGUE_NAME}); "
            f"got {participants}"
        )
    _cohort_rules(service, name, str(cohort), str(part), f, engagement)


_LMS = "the Listen to Learn to Lead series"


def _short_quote(service: Service) -> str:
    if service.id == "conflict-resolution":
        return "a pair of training sessions"
    return service.commitment or ""


def _too_long(service: Service, part: str, limit: Decimal, hours: Decimal) -> str:
    got = f"{hours.normalize():f}"
    if service.id == "conflict-resolution":
        return (
            f"{service.name} sessions are four hours ({CATALOGUE_NAME}: 'two, four-hour "
            f"sessions'); got {got}"
        )
    adjective = PART_WORDS[part].replace(" ", "-")
    return f"a {adjective} session of {_LMS} is at most {limit.normalize():f} hours; got {got}"


def _cohort_sessions(
    service: Service, cohort: str, f: Mapping[str, Any], engagement: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    """The cohort's earlier sessions of the series (on or before this one's date)."""
    on = str(f.get("occurred_on"))
    return [
        s
        for s in engagement.get("sessions") or ()
        if s.get("service_id") == service.id
        and s.get("cohort") == cohort
        and s.get("delivery") != "coaching"
        and s.get("part") is not None
        and str(s.get("occurred_on")) <= on
    ]


def _cohort_rules(
    service: Service,
    name: str,
    cohort: str,
    part: str,
    f: Mapping[str, Any],
    engagement: Mapping[str, Any],
) -> None:
    assert service.structure is not None
    earlier = _cohort_sessions(service, cohort, f, engagement)
    first = min(earlier, key=lambda s: str(s.get("occurred_on")), default=None)
    if service.structure.alternatives and first is not None and first.get("part") != part:
        raise RuleViolation(
            f"cohort {cohort!r} takes the series in {PART_WORDS[first['part']]}s (first "
            f"session {first['occurred_on']}); {CATALOGUE_NAME} offers "
            f"'{service.commitment}', not a mix"
        )
    spec = service.structure.part(part)
    assert spec is not None
    same_part = [s for s in earlier if s.get("part") == part]
    if len(same_part) >= spec.count:
        if spec.count == 1:
            raise RuleViolation(
                f"cohort {cohort!r} already had {PART_WORDS[part]} on "
                f"{same_part[0]['occurred_on']}; a new group is a new cohort"
            )
        raise RuleViolation(f"cohort {cohort!r} has had its {spec.count} {PART_WORDS[part]}s")
    for prerequisite in service.prerequisites:
        if prerequisite.scope != "cohort" or prerequisite.part != part:
            continue
        done = [s for s in earlier if s.get("part") == prerequisite.requires]
        required = PART_WORDS.get(prerequisite.requires, prerequisite.requires)
        if not done:
            raise RuleViolation(
                f"cohort {cohort!r} has no {required} on or before {f.get('occurred_on')}: "
                f"{PART_WORDS.get(part, part)} 'is only available to those who complete "
                f"{required}' ({CATALOGUE_NAME})"
            )
        completed = done[0].get("participants")
        participants = f.get("participants")
        if (
            isinstance(completed, int)
            and isinstance(participants, int)
            and participants > completed
        ):
            raise RuleViolation(
                f"cohort {cohort!r} had {completed} participants in {required} "
                f"({done[0]['occurred_on']}); {PART_WORDS.get(part, part)} is only for those "
                f"who completed it: got {participants}"
            )


def _before_any_plan(service: Service, f: Mapping[str, Any], engagement: Mapping[str, Any]) -> None:
    """Targeted support is delivered under a services plan (Theory of Action, Steps 3 and
    5); before any plan is in force it needs a reason. Step 1 programmes before a plan are
    Step 1 work."""
    if service.kind != "targeted_support" or f.get("unplanned"):
        return
    on = str(f.get("occurred_on"))
    if any(str(p.get("on")) <= on for p in engagement.get("plans") or ()):
        return  # a plan is in force: the core's rule decides
    raise RuleViolation(
        f"{service.id} is targeted support ({CATALOGUE_NAME}) and no services plan is in force "
        f"on {on} (Theory of Action, Step 3 sets the plan Step 5 delivers): give --unplanned "
        '"reason"'
    )


# ------------------------------------------------------------------ plan lines
def comparable(line: Mapping[str, Any]) -> dict[str, Any]:
    """A plan line with its amounts as numbers (stored, typed and plain lines compare)."""
    out = {
        k: (Decimal(str(val)) if k in ("hours", "budget") and val is not None else val)
        for k, val in line.items()
    }
    rule = line.get("price_rule")
    if isinstance(rule, Mapping):
        out["price_rule"] = {
            k: (Decimal(str(val)) if k in ("amount", "block_hours") and val is not None else val)
            for k, val in rule.items()
        }
    return out


def plan(f: Mapping[str, Any], engagement: Mapping[str, Any]) -> None:
    current = {line["service_id"]: comparable(line) for line in engagement.get("plan_lines") or ()}
    for line in f.get("services") or ():
        if current.get(line.get("service_id")) == comparable(line):
            continue  # carried over from the plan in force: judged when it was recorded
        _plan_line(line)


def _plan_line(line: Mapping[str, Any]) -> None:
    service_id = str(line.get("service_id"))
    service = known(service_id)
    hours, budget = _number(line.get("hours")), line.get("budget")
    given = None if budget is None else _number(budget)
    if (
        hours is None
        or not 0 < hours <= 2000
        or (budget is not None and (given is None or not 0 <= given <= 10_000_000))
    ):
        return  # out of the core's bounds: it refuses it in its own words (plugins go first)
    rule = service.price_rule.snapshot()
    if (
        line.get("name") != service.name
        or line.get("kind") != service.kind
        or comparable({"price_rule": line.get("price_rule")}) != comparable({"price_rule": rule})
    ):
        raise RuleViolation(
            f"the name, kind and price rule of plan line {service_id} are filled from "
            f"{CATALOGUE_NAME} ({service.name!r}, {service.kind}, "
            f"{service.price_rule.describe()}), "
            "never typed"
        )
    price = service.source("price_rule") or ""
    cohorts = line.get("cohorts")
    budget = line.get("budget")
    note = line.get("price_note")
    per_cohort = service.price_rule.kind == "fixed_per_cohort"
    if per_cohort and cohorts is None:
        raise RuleViolation(
            f"{service_id} is priced per cohort ('{price}' for {service.price_rule.per}): "
            f"give --cohorts {service_id}:N"
        )
    if not per_cohort and cohorts is not None:
        per = [s.id for s in catalogue().values() if s.price_rule.kind == "fixed_per_cohort"]
        raise RuleViolation(f"cohorts apply only to {' and '.join(per)}")
    if service.price_rule.kind == "not_published":
        if budget is not None and not note:
            raise RuleViolation(
                f"{CATALOGUE_NAME} publishes no price for {service_id}: leave the budget out, "
                f"or give --price-note saying where {money(budget)} comes from"
            )
        return
    if budget is None:
        raise RuleViolation(
            f"{CATALOGUE_NAME} publishes a price for {service_id} ('{price}'): give a budget"
        )
    _minimum_hours(service, line)
    minimum = service.price_rule.minimum(Decimal(str(line["hours"])), line.get("cohorts"))
    if minimum is not None and Decimal(str(budget)) < minimum and not note:
        raise RuleViolation(
            f"budget {money(budget)} for {_what(service, line)} is below the catalogue's "
            f"starting price of {money(minimum)} ({_how(service, line)}); give --price-note "
            "to record why"
        )


def _what(service: Service, line: Mapping[str, Any]) -> str:
    if service.price_rule.kind == "fixed_per_cohort":
        n = line.get("cohorts") or 1
        return f"{n} cohort{'s' if n != 1 else ''} of {service.id}"
    return f"{_hours(line['hours'])} hours of {service.id}"


def _how(service: Service, line: Mapping[str, Any]) -> str:
    rule = service.price_rule
    if rule.kind == "fixed_per_cohort":
        n = line.get("cohorts") or 1
        return f"{n} × {money(rule.amount)} for {rule.per}"
    count = rule.blocks(Decimal(str(line["hours"]))) or 0
    return f"{count} block{'s' if count != 1 else ''} of up to {_hours(rule.block_hours)} hours at {money(rule.amount)}"


def _minimum_hours(service: Service, line: Mapping[str, Any]) -> None:
    """A cohort of a series taken part by part (Conflict Resolution: Session One, then Two)
    is planned with the hours of all its parts."""
    structure = service.structure
    if structure is None or structure.alternatives:
        return
    per_cohort = sum((p.max_hours * p.count for p in structure.parts), Decimal(0))
    cohorts = line.get("cohorts") or 1
    planned = Decimal(str(line["hours"]))
    if planned < per_cohort * cohorts:
        lengths = {p.max_hours for p in structure.parts}
        each = f" {_word(lengths.pop())}-hour" if len(lengths) == 1 else ""
        count = sum(p.count for p in structure.parts)
        raise RuleViolation(
            f"one cohort of {service.name} is {_word(count)}{each} sessions "
            f"({_hours(per_cohort)} hours); {_hours(planned)} hours are planned for "
            f"{cohorts} cohort{'s' if cohorts != 1 else ''}"
        )


def _word(n: Decimal | int) -> str:
    words = {1: "one", 2: "two", 3: "three", 4: "four", 6: "six", 8: "eight"}
    return words.get(int(n), _hours(n)) if n == int(n) else _hours(n)


def _hours(value: Any) -> str:
    text = f"{Decimal(str(value)).normalize():f}"
    return text
