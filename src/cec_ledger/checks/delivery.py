"""Checks of targeted support (Theory of Action, Step 5) against the services plan and the
CEC services catalogue: ``unplanned-sessions``, ``over-delivery``, ``cohort-prerequisites``,
``coaching-without-antecedent``.

Since rules epoch 3 the ledger refuses what these checks find unless a reason is given (see
docs/services.md); they find it in history recorded before, or while the services plugin was
disabled, and say so without re-judging it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from cec_ledger.checks.model import WARNING, check, plural
from cec_ledger.checks.record import EngagementRecord
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.delivery import planned_vs_delivered, service_kinds
from cec_ledger.domain.plan_lines import STEP1_PROGRAMME, line_on, lines_on, money

Found = Iterator[tuple[str, list[int]]]


def _sessions(record: EngagementRecord) -> list[Mapping[str, Any]]:
    """The sessions that had occurred by the day judged (the state is folded as of it)."""
    return record.state.sessions


@check("unplanned-sessions", WARNING)
def unplanned_sessions(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Sessions outside the services plan in force on their date, with no reason given.

    Step 5 delivers what Step 3 planned. A session of a service that is not a line of the
    plan in force on its date (or of targeted support before any plan, or of work outside the
    catalogue) needs ``--unplanned "reason"`` since rules epoch 3; Step 1 programmes outside
    the plan are Step 1 work and need none. Coaching is judged with the session it follows.

    Example:
    warning: unplanned-sessions: oak-valley#9: ibb-ibps was delivered on 2025-10-07 outside the services plan in force (plan of 2025-09-15) and no reason was given
    """
    state = record.state
    kinds = service_kinds(state)
    for s in _sessions(record):
        if s["delivery"] == "coaching" or s.get("unplanned"):
            continue
        service, on = s["service_id"], s["occurred_on"]
        if service is None:
            yield (
                f"work outside the CEC services catalogue was delivered on {on} and no "
                "reason was given",
                [s["version"]],
            )
            continue
        if line_on(state, service, on) is not None or kinds.get(service) == STEP1_PROGRAMME:
            continue
        plan_of, _lines = lines_on(state, on)
        where = (
            f"outside the services plan in force (plan of {plan_of})"
            if plan_of
            else "before any services plan"
        )
        yield f"{service} was delivered on {on} {where} and no reason was given", [s["version"]]


@check("over-delivery", WARNING)
def over_delivery(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Lines of the plan in force delivered beyond their planned hours or budget, unexplained.

    Planned versus delivered (``plan delivery``) counts each line's sessions and coaching
    from the day the service entered the plan. Hours over the line's planned hours are
    explained when the sessions that took the line over say why (``--beyond-plan``); money is
    the estimate from the line's price rule (a fixed price per cohort started, a block price
    per block started), compared with the line's budget.

    Example:
    warning: over-delivery: oak-valley#11: dlt-slt-plc-integration: 10.00 hours delivered of 8.00 planned (plan of 2025-09-15), and the session taking it over (#11, 2025-11-04) gives no reason
    """
    state = record.state
    table = planned_vs_delivered(state, record.day)
    for row in table["lines"]:
        service = row["service_id"]
        planned = row["planned"]["hours"]
        window = [
            s
            for s in _sessions(record)
            if s["service_id"] == service and s["occurred_on"] >= row["since"]
        ]
        total, over = Decimal(0), []
        for s in sorted(window, key=lambda s: (s["occurred_on"], s["version"])):
            total += Decimal(s["hours"])
            if total > planned and not s.get("beyond_plan"):
                over.append(s)
        money_over = row["over"]["budget"]
        if over:
            first = over[0]
            others = f" and {plural(len(over) - 1, 'later one')}" if len(over) > 1 else ""
            verb = "give" if len(over) > 1 else "gives"
            yield (
                f"{service}: {row['delivered']['hours']} hours delivered of {planned} planned "
                f"(plan of {table['plan_of']}), and the session taking it over (#"
                f"{first['version']}, {first['occurred_on']}){others} {verb} no reason",
                [s["version"] for s in over],
            )
        elif money_over and not any(s.get("beyond_plan") for s in window):
            yield (
                f"{service}: an estimated {money(row['delivered']['money'])} delivered of a "
                f"{money(row['planned']['budget'])} budget (plan of {table['plan_of']})",
                [window[-1]["version"]] if window else [],
            )


def _catalogue() -> dict[str, Any]:
    from cec_ledger.plugins.services import list_services

    return {s.id: s for s in list_services()}


def _part(token: str | None) -> str:
    return v.SERIES_PART.label(token) if token else "a session"


@check("cohort-prerequisites", WARNING)
def cohort_prerequisites(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Sessions of a series given to a cohort that had not completed the part before it.

    The CEC services catalogue: Conflict Resolution's Session Two "is only available to
    those who complete Session One", in the same group of participants (a cohort). Found: a
    session whose cohort had no such earlier part, a later part with more participants than
    completed the earlier one, and a later part that records no cohort (recorded before
    cohorts were: its Session One cannot be matched, and its money counts one cohort
    "(not recorded)"). The prerequisites are the installed catalogue's.

    Example:
    warning: cohort-prerequisites: maple-ridge#42: Session Two of conflict-resolution on 2025-01-09 records no cohort, so the Session One its participants completed cannot be matched
    """
    catalogue = _catalogue()
    sessions = [s for s in _sessions(record) if s["delivery"] != "coaching"]
    for s in sessions:
        service = catalogue.get(s["service_id"] or "")
        if service is None or not s.get("part"):
            continue
        for prerequisite in service.prerequisites:
            if prerequisite.scope != "cohort" or prerequisite.part != s["part"]:
                continue
            what = f"{_part(s['part'])} of {service.id} on {s['occurred_on']}"
            required = _part(prerequisite.requires)
            if not s.get("cohort"):
                yield (
                    f"{what} records no cohort, so the {required} its participants completed "
                    "cannot be matched",
                    [s["version"]],
                )
                continue
            done = [
                d
                for d in sessions
                if d["service_id"] == service.id
                and d.get("cohort") == s["cohort"]
                and d.get("part") == prerequisite.requires
                and (d["occurred_on"], d["version"]) < (s["occurred_on"], s["version"])
            ]
            if not done:
                yield (
                    f"{what} went to cohort {s['cohort']!r}, which had no {required} before it",
                    [s["version"]],
                )
            elif s["participants"] > done[0]["participants"]:
                yield (
                    f"{what} had {s['participants']} participants; cohort {s['cohort']!r} "
                    f"completed {required} with {done[0]['participants']} (#"
                    f"{done[0]['version']}, {done[0]['occurred_on']})",
                    [s["version"], done[0]["version"]],
                )


@check("coaching-without-antecedent", WARNING)
def coaching_without_antecedent(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """Coaching that names no session it follows.

    The Capacity-Building Coaching Delivery Model: training, facilitating, networking and
    mentoring are each followed by coaching with its own purpose. Since rules epoch 3 coaching
    names the session it follows (``session coach --follows N``). Coaching recorded earlier
    named none: the ledger links it to the latest earlier session of its service (its team's
    first) and marks the link inferred (the ledger's choice C19); this check lists those
    links, and coaching the ledger could link to nothing.

    Example:
    warning: coaching-without-antecedent: oak-valley#12: coaching on 2025-10-14 names no session it follows; the ledger infers #11 (training, 2025-10-07)
    """
    by_version = {s["version"]: s for s in _sessions(record)}
    for s in _sessions(record):
        if s["delivery"] != "coaching":
            continue
        if s.get("follows") is None:
            yield (
                f"coaching on {s['occurred_on']} follows no session: no earlier session of "
                f"{s['service_id'] or 'its service'} to link it to",
                [s["version"]],
            )
        elif s.get("follows_inferred"):
            followed = by_version.get(s["follows"])
            what = f" ({followed['delivery']}, {followed['occurred_on']})" if followed else ""
            yield (
                f"coaching on {s['occurred_on']} names no session it follows; the ledger "
                f"infers #{s['follows']}{what}",
                [s["version"], s["follows"]],
            )
