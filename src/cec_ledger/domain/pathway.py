"""The Collaborative Pathway to Continuous Improvement: the one definition of its progress.

Every reader uses it (the engagement list, ``show``, ``--json``, the TUI, reports and
``diff``). The five steps are sequential (Theory of Action): a step is *reached* only when
every step before it held too. For an engagement folded up to some date D:

* ``holds(k, on)`` — whether step k holds on a date (see ``HOLDS``, one function per step:
  what makes a step hold is refined step by step, so each is easy to replace);
* ``current`` — the largest k such that steps 1..k all hold on D (0 when step 1 fails);
* ``reached_on[k]`` — the first date (an event's date, up to D) on which ``current`` was at
  least k; ``reached`` — the largest k that has one. A withdrawal does not erase history:
* ``at_risk`` — the steps reached that no longer hold in sequence (``k > current``);
* ``we_broken`` — when "Do we have a We?" fails after step 1 was reached: since when (the
  earliest withdrawal still in force) and by whom.

The functions read the state's dated records (commitment history, diagnoses, plan history,
teams, sessions), so the progress on any earlier date is that of the as-of fold on that date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.entries import (
    AnchorEntry,
    CommitmentRecord,
    DiagnosisEntry,
    PlanEntry,
    PlanHistoryEntry,
    SessionEntry,
    TeamEntry,
)
from cec_ledger.domain.plan_lines import TARGETED_SUPPORT, PlansInForce
from cec_ledger.domain.structure import structure_holds


class EngagementState(Protocol):
    """What the Pathway reads of an engagement's folded state (``domain.state``)."""

    anchors: dict[str, AnchorEntry]
    commitment_history: list[CommitmentRecord]
    diagnoses: list[DiagnosisEntry]
    plan: PlanEntry | None
    plan_history: list[PlanHistoryEntry]
    teams: dict[str, TeamEntry]
    sessions: list[SessionEntry]
    last_occurred_on: date | None
    level: str


def anchors_on(state: EngagementState, on: date) -> dict[str, CommitmentRecord | None]:
    """Each anchor's latest commitment or withdrawal that had occurred by ``on`` (in the
    order recorded, as the as-of fold applies them), or None if it had none."""
    latest: dict[str, CommitmentRecord | None] = dict.fromkeys(v.ANCHOR.tokens)
    for record in state.commitment_history:
        if record["on"] <= on:
            latest[record["anchor"]] = record
    return latest


def _we(state: EngagementState, on: date) -> tuple[bool, str]:
    latest = anchors_on(state, on)
    committed = [a for a, r in latest.items() if r is not None and r["action"] == "committed"]
    evidence = f"{len(committed)} of 3 anchors committed" + (
        f" ({', '.join(v.ANCHOR.label(a) for a in committed)})" if committed else ""
    )
    return len(committed) == len(latest), evidence


def _diagnosed(state: EngagementState, on: date) -> tuple[bool, str]:
    done = [d for d in state.diagnoses if d["occurred_on"] <= on]
    if not done:
        return False, "no diagnosis yet"
    latest = done[-1]
    return True, (
        f"{len(done)} {'diagnosis' if len(done) == 1 else 'diagnoses'}; "
        f"latest {latest['framework_id']} on {latest['occurred_on']}"
    )


def _planned(state: EngagementState, on: date) -> tuple[bool, str]:
    if not any(h["on"] <= on for h in state.plan_history):
        return False, "no services plan yet"
    plan = state.plan
    assert plan is not None  # every plan event sets the plan it adds to the history (folds_plan)
    lines = len(plan["services"])
    return True, (
        f"{plan['kind']} plan, {plan['emphasis']} emphasis, "
        f"{lines} {'service' if lines == 1 else 'services'}"
    )


def _structures(state: EngagementState, on: date) -> tuple[bool, str]:
    """Step 4: the structure is aligned, by level (``domain.structure``, the ledger's C3)."""
    return structure_holds(state, on)


def _support(state: EngagementState, on: date) -> tuple[bool, str]:
    """Step 5 holds once targeted support was delivered under the plan: a session (not a
    coaching follow-up) of a service of the CEC services catalogue that was a line of the
    plan in force on its date (the ledger's own reading, C4). Step 1 programmes, even under
    the plan, are Step 1 work; sessions outside the plan do not count."""
    sessions = [s for s in state.sessions if s["occurred_on"] <= on]
    under_plan = bisect_right(_under_plan_dates(state), on)
    hours = sum((s["hours"] for s in sessions), Decimal(0))
    return bool(under_plan), (
        f"{_count(under_plan, 'session')} of targeted support under the plan; "
        f"{_count(len(sessions), 'session')} in all, {hours} hours delivered"
    )


# The dates of the sessions that make step 5 hold, per folded state: the Pathway asks on
# every date an engagement has, and each session's plan in force is the same every time.
_UNDER_PLAN: WeakKeyDictionary[Any, tuple[tuple[int, int], list[date]]] = WeakKeyDictionary()


def _under_plan_dates(state: EngagementState) -> list[date]:
    key = (len(state.sessions), len(state.plan_history))
    cached = _UNDER_PLAN.get(state)
    if cached is None or cached[0] != key:
        plans = PlansInForce(state)
        dates = sorted(s["occurred_on"] for s in state.sessions if _targeted_under_plan(plans, s))
        cached = (key, dates)
        _UNDER_PLAN[state] = cached
    return cached[1]


def _targeted_under_plan(plans: PlansInForce, session: SessionEntry) -> bool:
    if session["delivery"] == "coaching":
        return False
    line = plans.line_on(session["service_id"], session["occurred_on"])
    return line is not None and line.get("kind") == TARGETED_SUPPORT


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


Holds = Callable[[EngagementState, date], tuple[bool, str]]
# Step k holds on a date: (holds, evidence). Replace one to refine what makes that step hold.
HOLDS: tuple[Holds, ...] = (_we, _diagnosed, _planned, _structures, _support)


def _dates(state: EngagementState) -> list[date]:
    """The dates on which some step can start or stop holding."""
    found = {r["on"] for r in state.commitment_history}
    found |= {d["occurred_on"] for d in state.diagnoses}
    found |= {h["on"] for h in state.plan_history}
    found |= {t["formed_on"] for t in state.teams.values()}
    # Members joining and leaving seat and unseat the anchors on the DLT (Step 4).
    for team in state.teams.values():
        for span in team.get("member_history", ()):
            found.add(span["joined_on"])
            if span["left_on"] is not None:
                found.add(span["left_on"])
    found |= {s["occurred_on"] for s in state.sessions}
    return sorted(found)


def _current(state: EngagementState, on: date) -> int:
    current = 0
    for holds in HOLDS:
        # Step 5's verdict without its evidence (the hours of every session to the date):
        # the Pathway asks on every date, and the evidence made a write O(sessions x dates).
        if holds is _support:
            held = bisect_right(_under_plan_dates(state), on) > 0
        else:
            held = holds(state, on)[0]
        if not held:
            break
        current += 1
    return current


def progress(state: EngagementState) -> dict[str, Any]:
    """The Pathway on the state's last date: ``{reached, current, reached_on, at_risk,
    we_broken, steps}`` (see the module docstring)."""
    last = state.last_occurred_on
    if last is None:
        return _shape(0, 0, {}, None, [])
    reached_on: dict[int, date] = {}
    for on in _dates(state):
        if len(reached_on) == len(HOLDS):
            break  # every step has its first date: later dates change nothing
        current = _current(state, on)
        for k in range(1, current + 1):
            reached_on.setdefault(k, on)
    current = _current(state, last)
    reached = max(reached_on, default=0)
    steps = []
    for number, (label, holds) in enumerate(zip(v.PATHWAY_STEPS, HOLDS, strict=True), start=1):
        held, evidence = holds(state, last)
        steps.append({"step": number, "name": label, "holds": held, "evidence": evidence})
    broken = _we_broken(state, last) if reached >= 1 and not steps[0]["holds"] else None
    return _shape(reached, current, reached_on, broken, steps)


def _shape(
    reached: int,
    current: int,
    reached_on: dict[int, date],
    we_broken: dict[str, Any] | None,
    steps: list[dict[str, Any]],
) -> dict[str, Any]:
    if not steps:
        steps = [
            {"step": n, "name": label, "holds": False, "evidence": "-"}
            for n, label in enumerate(v.PATHWAY_STEPS, start=1)
        ]
    return {
        "reached": reached,
        "current": current,
        "reached_on": {str(k): on for k, on in sorted(reached_on.items())},
        "at_risk": [k for k in range(1, reached + 1) if k > current],
        "we_broken": we_broken,
        "steps": steps,
    }


def _we_broken(state: EngagementState, on: date) -> dict[str, Any]:
    latest = anchors_on(state, on)
    withdrawn = [r for r in latest.values() if r is not None and r["action"] == "withdrawn"]
    by: list[dict[str, Any]] = [
        {"anchor": r["anchor"], "signatory": r.get("signatory", ""), "on": r["on"]}
        for r in withdrawn
    ]
    by += [
        {"anchor": anchor, "signatory": "", "on": None, "status": "not yet committed"}
        for anchor, r in latest.items()
        if r is None
    ]
    since = min((r["on"] for r in withdrawn), default=None)
    return {"since": since, "by": by}


def describe(pathway: dict[str, Any]) -> str:
    """One line for people: 'step 5 of 5 reached (2024-12-03) · We broken since ... · at risk:
    steps 1-5'. Takes the plain (JSON) form too."""
    reached = pathway["reached"]
    if not reached:
        return "step 0 of 5 reached"
    line = f"step {reached} of 5 reached ({pathway['reached_on'][str(reached)]})"
    broken = pathway.get("we_broken")
    if broken:
        who = ", ".join(
            f"the {v.ANCHOR.label(b['anchor'])}"
            + (f" ({b['signatory']})" if b.get("signatory") else "")
            for b in broken["by"]
            if b.get("on")
        )
        line += f" · We broken since {broken['since']}" + (f" by {who}" if who else "")
    risk = pathway["at_risk"]
    if risk:
        span = f"step {risk[0]}" if len(risk) == 1 else f"steps {risk[0]}–{risk[-1]}"
        line += f" · at risk: {span}"
    return line


def dots(pathway: dict[str, Any]) -> str:
    """The list's marker: ``●●●○○ 3/5``, filled up to the step reached, ``⚠`` when at risk."""
    reached = pathway["reached"]
    marker = "●" * reached + "○" * (5 - reached) + f" {reached}/5"
    return marker + (" ⚠" if pathway["at_risk"] else "")
