"""Rules epoch 3, delivery: sessions under the services plan and the Coaching Delivery Model.

What the core checks (catalogue-independent; the catalogue's own rules — unknown services,
session lengths, participant limits, cohorts and Session Two — are the bundled services
plugin's, ``bundled/services``):

* coaching *follows* a session of one of the four deliveries (Theory of Action,
  Capacity-Building Coaching Delivery Model), with the purpose that goes with it; its
  service is the followed session's;
* work outside the CEC services catalogue (``--service none``) and a session of a service
  that is not a line of the services plan in force on its date need ``--unplanned "reason"``
  (a coaching follow-up of such a session inherits its reason);
* a session that takes a line over its planned hours needs ``--beyond-plan "reason"``
  (the ledger's own choice, C13);
* a responsibility to deliver a catalogue service moves to local trainers prepared by
  training or mentoring sessions of that service ("trains local trainers").

Each rule checks its epoch-3 additions, then runs the epoch-2 rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import rules_v2 as v2
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import NotFound, RuleViolation
from cec_ledger.domain.plan_lines import line_since, lines_on, shown_hours
from cec_ledger.domain.rulebook import rule
from cec_ledger.domain.state import EngagementState

EPOCH = 3

COACHING_MODEL = "Theory of Action, Capacity-Building Coaching Delivery Model"


def session_row(state: EngagementState, version: int, what: str) -> dict[str, Any]:
    """The session #version of the engagement, or a refusal saying what #version is."""
    for row in state.sessions:
        if row["version"] == version:
            return row  # type: ignore[return-value]
    kind = state.event_types.get(version)
    if kind is None:
        raise NotFound(f"{what} #{version}: {state.slug!r} has no event #{version}")
    raise RuleViolation(f"{what} #{version} is not a session (it is {_a(kind)})")


@rule(ev.SessionDelivered, EPOCH)
def _session(state: EngagementState, f: dict[str, Any]) -> None:
    v2._session(state, f)
    followed = _coaching(state, f)
    _planned(state, f, followed)


def _coaching(state: EngagementState, f: dict[str, Any]) -> dict[str, Any] | None:
    """Coaching follows a session of one of the four deliveries; its service and purpose
    come from that session (filled in when not given)."""
    coaching = f["delivery"] == "coaching"
    if not coaching:
        if f["follows"] is not None:
            raise RuleViolation(
                f"only coaching follows a session ({COACHING_MODEL}); a {f['delivery']} "
                "session does not take --follows"
            )
        if f["purpose"] is not None:
            raise RuleViolation(
                f"a purpose belongs to coaching ({COACHING_MODEL}); a {f['delivery']} "
                "session does not take one"
            )
        return None
    if f["follows"] is None:
        raise RuleViolation(v.DELIVERY_NOTE)
    followed = session_row(state, f["follows"], "coaching follows")
    if followed["delivery"] == "coaching":
        raise RuleViolation(
            f"#{f['follows']} is a coaching session; coaching follows the session it "
            "supports, not other coaching"
        )
    if followed["occurred_on"] > f["occurred_on"]:
        raise RuleViolation(
            f"#{f['follows']} occurred on {followed['occurred_on']}, after this coaching "
            f"({f['occurred_on']})"
        )
    if f["part"] is not None:
        raise RuleViolation(
            "coaching follows a session of a series; the part is the followed session's "
            f"(#{f['follows']}): leave --part out"
        )
    if f["service_id"] is None:
        f["service_id"] = followed["service_id"]
    elif f["service_id"] != followed["service_id"]:
        followed_service = followed["service_id"] or "outside the catalogue"
        raise RuleViolation(
            f"coaching follows #{f['follows']} ({followed_service}); service "
            f"{f['service_id']} does not match"
        )
    purpose = v.PURPOSE_AFTER[followed["delivery"]]
    if f["purpose"] is None:
        f["purpose"] = purpose
    elif f["purpose"] != purpose:
        after = next(d for d, p in v.PURPOSE_AFTER.items() if p == f["purpose"])
        raise RuleViolation(
            f"coaching after {followed['delivery']} (#{f['follows']}): "
            f'"{v.COACHING_PURPOSE_QUOTES[purpose]}" ({COACHING_MODEL}); purpose '
            f"{f['purpose']!r} belongs after {after}"
        )
    return followed


def _planned(state: EngagementState, f: dict[str, Any], followed: dict[str, Any] | None) -> None:
    """Under the services plan in force on the session's date, or with a reason."""
    on: date = f["occurred_on"]
    service = f["service_id"]
    plan_on, lines = lines_on(state, on)
    line = next((x for x in lines if x["service_id"] == service), None)
    # A coaching follow-up of a session recorded outside the plan inherits its reason while
    # the service is still not a line of the plan (the ledger's own choice).
    inherited = followed is not None and followed["unplanned"] and line is None
    if service is None:
        if not f["unplanned"] and not inherited:
            raise RuleViolation(
                "work outside the CEC services catalogue is outside the plan: "
                'give --unplanned "reason"'
            )
    elif line is None and plan_on is not None and not f["unplanned"] and not inherited:
        raise RuleViolation(
            f"{service} is not in the services plan in force on {on} (plan of {plan_on}): "
            "give --unplanned \"reason\" or add it with 'plan change'"
        )
    if line is not None and f["unplanned"]:
        raise RuleViolation(
            f"--unplanned given, but {service} is in the plan on {on} (plan of {plan_on}): "
            "leave it out"
        )
    if line is None:
        if f["beyond_plan"]:
            raise RuleViolation(
                f"--beyond-plan is for a session over a plan line's hours; "
                f"{service or 'this session'} is not a line of the plan on {on}"
            )
        return
    delivered = _delivered(state, service, on) + f["hours"]
    planned = Decimal(line["hours"])
    if delivered > planned and not f["beyond_plan"]:
        raise RuleViolation(
            f"this session takes {service} to {delivered:.2f} of {planned:.2f} planned hours "
            f'(plan of {plan_on}): give --beyond-plan "reason" or change the plan'
        )
    if delivered <= planned and f["beyond_plan"]:
        raise RuleViolation(
            f"--beyond-plan given, but {service} stays within its hours "
            f"({shown_hours(delivered)} of {shown_hours(planned)} planned): leave it out"
        )


def _delivered(state: EngagementState, service: str, on: date) -> Decimal:
    """Hours delivered for a plan line on a date: sessions of its service (coaching
    included) from the day the service entered the plan (``line_since``) to ``on``."""
    since = line_since(state, service, on)
    if since is None:
        return Decimal(0)
    return sum(
        (
            s["hours"]
            for s in state.sessions
            if s["service_id"] == service and since <= s["occurred_on"] <= on
        ),
        Decimal(0),
    )


@rule(ev.ResponsibilityTransferred, EPOCH)
def _transferred(state: EngagementState, f: dict[str, Any]) -> None:
    v2._transferred(state, f)
    prepared = list(f["prepared_by"])
    if len(set(prepared)) != len(prepared):
        raise RuleViolation("prepared_by names a session twice")
    service = f["service_id"]
    if service is not None and not prepared:
        raise RuleViolation(
            "a responsibility to deliver a catalogue service names the sessions that prepared "
            f"its holders (the {COACHING_MODEL} 'trains local trainers'): give --prepared-by N"
        )
    for version in prepared:
        row = session_row(state, version, "prepared_by")
        if row["delivery"] not in ("training", "mentoring") or (
            service is not None and row["service_id"] != service
        ):
            of = f" of {service}" if service is not None else ""
            raise RuleViolation(
                f"prepared_by #{version} is not a training or mentoring session{of} "
                f"(it is {row['delivery']} of {row['service_id'] or 'no catalogue service'})"
            )
        if row["occurred_on"] > f["occurred_on"]:
            raise RuleViolation(
                f"prepared_by #{version} occurred on {row['occurred_on']}, after this "
                f"transfer ({f['occurred_on']})"
            )


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'AEIOU' else 'a'} {noun}"
