"""Rules epoch 3, the CEC model in depth: engagements at four levels, diagnostic entry points
with their structure, diagnoses with strengths, plans with goals and a horizon. (Reflections,
outcomes and closing: ``rules_v3_reflection``; teams, priorities and their evidence:
``rules_v3_teams``; delivery: ``rules_v3_delivery``.)

What the core checks here (catalogue-independent: that a service id is in the CEC services
catalogue, and the catalogue's prices, are the bundled services plugin's rules):

* an engagement opened under epoch 3 names no entry point: entry points are their own events
  (the Theory of Action: the four are used "independently or in combination"), each with
  the structure of its kind;
* a diagnosis names the entry point it was made through, existing on its date; a system
  assessment's diagnoses use its framework and version; "not observed" is never everything;
* a support plan is achievement-based; a transformation plan needs the "We" on its date and
  a horizon of at least two school years; new or changed goals name Framework for Change
  elements and only diagnosed GANs; a plan started from a diagnosis, and lessons a change
  cites, existed on its date;

Each rule checks its epoch-3 additions, then runs the earlier epoch's rule where that rule
still holds (the plan and reflection rules are restated: their epoch-1 forms compare fields
that epoch 3 changed).

Just over 400 lines: the epoch-3 rules of openings, entry points, diagnoses and plans, which
share the helpers above them; reflections and teams are already modules of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import plan_lines
from cec_ledger.domain import rules_v2 as v2
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.pathway import anchors_on
from cec_ledger.domain.plan_goals import goal_changes
from cec_ledger.domain.rulebook import require_text, rule
from cec_ledger.domain.state import EngagementState

EPOCH = 3

STEP2 = "Theory of Action, Step 2"
STEP3 = "Theory of Action, Step 3"


def school_year_of(day: date) -> str:
    """The school year a date falls in (July to June, the ledger's own choice C20)."""
    first = day.year if day.month >= 7 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def years_spanned(horizon: dict[str, str]) -> int:
    return int(horizon["last"][:4]) - int(horizon["first"][:4]) + 1


@dataclass(frozen=True)
class NewInEpoch3:
    """The epoch-1 rule of a class new in epoch 3: it has no earlier rules, so an event of an
    earlier epoch claiming to be one is refused (an import line with a made-up
    ``rules_version``). A callable object rather than a closure so the refusal runs, and is
    tested, when an event is judged; only its construction happens at import."""

    event_class: type

    def __call__(self, state: EngagementState, f: dict[str, Any]) -> None:
        # ``check`` hands a rule the fields without ``rules_version``: the epoch is not in
        # ``f`` (the message once read "an event of epoch earlier").
        raise InvalidValue(
            f"{self.event_class.__name__} exists from rules epoch 3 on; "
            "an event of an earlier epoch cannot be one"
        )


for _new_class in (
    ev.EntryPointAdded,
    ev.TeamPrioritySet,
    ev.ProgressEvidenced,
    ev.SupportRequested,
):
    rule(_new_class, 1)(NewInEpoch3(_new_class))


def existed(thing: str, since: date, what: str, on: date) -> None:
    """The one shape of a "did not exist yet" refusal."""
    if since > on:
        raise RuleViolation(f"{thing} was added on {since}; {what} on {on} cannot name it")


# ------------------------------------------------------------------ engagement, entry points
@rule(ev.EngagementOpened, EPOCH)
def _opened(state: EngagementState, f: dict[str, Any]) -> None:
    if f["entry_point"] is not None:
        raise RuleViolation(
            "entry points are recorded with 'entry-point add' (the Theory of Action: the four "
            "are used 'independently or in combination')"
        )
    v2._opened(state, f)


# Which structure fields each kind of entry point has (Theory of Action, Step 2).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "system_assessment": ("framework_id", "assessment_version"),
    "strategic_planning": ("planning_group", "planning_areas", "plan_owner"),
    "grant_criteria": ("grant", "granting_state", "criteria", "plan_deadline"),
    "individual_district_request": ("request", "mandate", "deadline", "follow_up"),
}
FIELD_WORDS = {
    "framework_id": "a framework",
    "assessment_version": "an assessment version",
    "planning_group": "a planning group",
    "planning_areas": "planning areas",
    "plan_owner": "a plan owner",
    "grant": "a grant",
    "granting_state": "a granting state",
    "criteria": "grant criteria",
    "plan_deadline": "a plan deadline",
    "request": "a request",
    "mandate": "a mandate",
    "deadline": "a deadline",
    "follow_up": "a follow-up",
}
KIND_WORDS = {
    "system_assessment": "a system assessment",
    "strategic_planning": "a strategic planning entry point",
    "grant_criteria": "a grant criteria entry point",
    "individual_district_request": "an individual district request",
}


@rule(ev.EntryPointAdded, EPOCH)
def _entry_point(state: EngagementState, f: dict[str, Any]) -> None:
    known = state.entry_points.get(f["entry_point_id"])
    if known is not None:
        raise RuleViolation(
            f"entry point {f['entry_point_id']!r} already exists (added {known['added_on']})"
        )
    kind = f["kind"]
    for other, names in KIND_FIELDS.items():
        if other == kind:
            continue
        for name in names:
            if f[name] not in (None, []):
                raise InvalidValue(f"{name} belongs to {KIND_WORDS[other]}, not {KIND_WORDS[kind]}")
    {
        "system_assessment": _system_assessment,
        "strategic_planning": _strategic_planning,
        "grant_criteria": _grant_criteria,
        "individual_district_request": _district_request,
    }[kind](f)


def _system_assessment(f: dict[str, Any]) -> None:
    # The framework may be left for the first diagnosis to fix (the ledger's choice); the
    # version defaults to the full one.
    if f["assessment_version"] is None:
        f["assessment_version"] = "full"


def _strategic_planning(f: dict[str, Any]) -> None:
    group = f["planning_group"]
    for member in group:
        member["role"] = v.MEMBER_ROLE.normalise(member["role"])
        if member["role"] == "unspecified":
            raise InvalidValue(f"give {member['member']}'s role in the planning group")
    roles = {m["role"] for m in group}
    missing = [a for a in v.ANCHOR_ROLES if a not in roles]
    if missing:
        names = {"board": "board", "administration": "administration"}
        shown = ", ".join(names.get(a, "teachers' organization") for a in missing)
        raise RuleViolation(
            "the strategic planning group needs the three anchors — board, administration and "
            f"teachers' organization ({STEP2}: 'a representative district group comprised of "
            "the Three Anchors, support staff, parents, and community members'); missing: "
            f"{shown}"
        )
    areas = [v.PLANNING_AREA.normalise(a) for a in f["planning_areas"]]
    if not areas:
        areas = list(v.PLANNING_AREA.tokens)
    if len(set(areas)) != len(areas):
        raise InvalidValue("each planning area is named once")
    f["planning_areas"] = [a for a in v.PLANNING_AREA.tokens if a in areas]
    if not f["plan_owner"]:
        raise RuleViolation(
            f"a strategic plan is owned by the district planning team ({STEP2}: 'CEC "
            "facilitates rather than designs the strategic plan'): give --owner"
        )


def _grant_criteria(f: dict[str, Any]) -> None:
    if not (f["grant"] and f["granting_state"] and f["criteria"] and f["plan_deadline"]):
        raise RuleViolation(
            "grant criteria need the grant, the state, at least one criterion and the plan's "
            f"deadline ({STEP2}: 'the grant requires a detailed plan')"
        )
    if any(not c.strip() for c in f["criteria"]):
        raise InvalidValue("a grant criterion must not be empty")


def _district_request(f: dict[str, Any]) -> None:
    if not (f["request"] or "").strip():
        raise RuleViolation(
            f"an individual district request records what the district asked for ({STEP2}): "
            "give --request"
        )
    if f["mandate"] and f["deadline"] is None:
        raise RuleViolation(f"a mandate needs its deadline ({STEP2}: 'a mandated deadline')")
    if f["deadline"] is not None and not (f["follow_up"] or "").strip():
        raise RuleViolation(
            f"a deadline needs the follow-up agreed ({STEP2}: 'CEC will partner with "
            "districts to meet close deadlines if that initial work can be leveraged into a "
            "commitment for more sustainable, effective practice-based follow-up work')"
        )


# ------------------------------------------------------------------ diagnoses
@rule(ev.NeedsDiagnosed, EPOCH)
def _diagnosed(state: EngagementState, f: dict[str, Any]) -> None:
    v2._diagnosed(state, f)
    entry_point_id = f["entry_point_id"]
    if entry_point_id is None:
        raise RuleViolation(
            "a diagnosis names the entry point it was made through (--entry-point; "
            f"{STEP2}: 'Experiencing a CEC diagnostic entry point is a district's or school's "
            "entry into the rest of CEC's Pathway')"
        )
    entry = state.entry_points.get(entry_point_id)
    if entry is None:
        known = ", ".join(state.entry_points) or "none yet: add one with 'entry-point add'"
        raise NotFound(f"unknown entry point {entry_point_id!r} (entry points: {known})")
    existed(f"entry point {entry_point_id!r}", entry["added_on"], "a diagnosis", f["occurred_on"])
    if entry["kind"] == "system_assessment":
        framework = entry.get("framework_id") or _first_framework(state, entry)
        version = entry.get("assessment_version") or "full"
        if (framework and framework != f["framework_id"]) or version != f["assessment_version"]:
            raise RuleViolation(
                f"the system assessment {entry_point_id!r} uses framework {framework or 'any'} "
                f"({version} version); this diagnosis uses {f['framework_id']} "
                f"({f['assessment_version']} version)"
            )
    said = sorted(k for k, r in f["ratings"].items() if r == "not_observed")
    if sorted(f["not_observed"]) != said:
        raise InvalidValue("not_observed lists the indicators rated 'not observed'")
    if f["ratings"] and len(said) == len(f["ratings"]):
        raise RuleViolation("every indicator is 'not observed': nothing was diagnosed")
    strengths = set(f["strengths"] or ())
    if strengths & (set(f["greatest_areas_of_need"]) | set(said)):
        raise InvalidValue(
            "strengths are computed from the ratings: never a greatest area of need or an "
            "indicator not observed"
        )
    if not strengths <= set(f["ratings"]):
        raise InvalidValue("strengths are computed from the ratings: rated indicators only")


def _first_framework(state: EngagementState, entry: dict[str, Any]) -> str | None:
    for diagnosis in state.diagnoses:
        if diagnosis["version"] in entry["diagnoses"]:
            return diagnosis["framework_id"]
    return None


# ------------------------------------------------------------------ plans
@rule(ev.DirectionSet, EPOCH)
def _direction_set(state: EngagementState, f: dict[str, Any]) -> None:
    if state.plan is not None:
        raise RuleViolation(
            f"a services plan was set on {state.plan['since']}; use 'plan change' with a reason"
        )
    _check_plan(state, f, None)
    ref = f["from_diagnosis"]
    if ref is not None:
        diagnosis = next((d for d in state.diagnoses if d["version"] == ref), None)
        if diagnosis is None:
            raise NotFound(f"diagnosis #{ref} is not a diagnosis of {state.slug}")
        if diagnosis["occurred_on"] > f["occurred_on"]:
            raise RuleViolation(
                f"diagnosis #{ref} occurred on {diagnosis['occurred_on']}, after this plan "
                f"({f['occurred_on']})"
            )


@rule(ev.PlanChanged, EPOCH)
def _plan_changed(state: EngagementState, f: dict[str, Any]) -> None:
    if state.plan is None:
        raise RuleViolation("no services plan to change: set direction first ('plan set')")
    last = max(h["on"] for h in state.plan_history)
    if f["occurred_on"] < last:
        raise RuleViolation(
            f"the plan last changed on {last}; a change on {f['occurred_on']} cannot occur "
            "before that"
        )
    require_text(f, "reason")
    _check_plan(state, f, state.plan)
    _check_cites(state, f)
    current = state.plan
    if (
        current["emphasis"] == f["emphasis"]
        and current["kind"] == f["kind"]
        and current["goals"] == [dict(g) for g in f["goals"]]
        and [plan_lines.comparable(s) for s in current["services"]]
        == [plan_lines.comparable(s) for s in f["services"]]
        and current["gans_addressed"] == list(f["gans_addressed"])
        and current.get("horizon") == (dict(f["horizon"]) if f["horizon"] else None)
    ):
        raise RuleViolation("the plan change changes nothing")


def _check_plan(state: EngagementState, f: dict[str, Any], current: Any) -> None:
    """What a plan event must satisfy, judging only what is new or changed against the plan
    in force (``current``; None for a plan being set)."""
    if f["kind"] == "support" and f["emphasis"] == "culture":
        raise RuleViolation(
            f"a support plan is achievement-based ({STEP3}: 'If achievement-based, the "
            "service plan is primarily a support plan'); a culture-based emphasis needs a "
            "transformation plan"
        )
    becomes_transformation = f["kind"] == "transformation" and (
        current is None or current["kind"] != "transformation"
    )
    if becomes_transformation:
        _we_on(state, f["occurred_on"])
    horizon = dict(f["horizon"]) if f["horizon"] else None
    if f["kind"] == "transformation" and (
        becomes_transformation or horizon != (current or {}).get("horizon")
    ):
        _transformation_horizon(horizon, f["occurred_on"])
    lines: set[str] = set()
    for line in f["services"]:
        if line["service_id"] in lines:
            raise InvalidValue(f"service {line['service_id']!r} appears twice in the plan")
        lines.add(line["service_id"])
    seen: set[str] = set()
    for goal in f["goals"]:
        if goal["goal_id"] in seen:
            raise InvalidValue(f"goal id {goal['goal_id']!r} is used twice")
        seen.add(goal["goal_id"])
    changes = goal_changes(current["goals"] if current else [], f["goals"])
    rated = {indicator for d in state.diagnoses for indicator in d["ratings"]}
    by_id = {g["goal_id"]: g for g in f["goals"]}
    for goal_id in changes.judged:
        goal = by_id[goal_id]
        if not goal["elements"]:
            raise RuleViolation(
                f"goal {goal_id!r} needs at least one Framework for Change element (Theory "
                "of Action: 'All four elements of the Framework for Change must be "
                "addressed')"
            )
        _gans_diagnosed(goal["gans"], rated)
    _gans_diagnosed(f["gans_addressed"], rated)
    plan_lines.check_plan_lines(state, f)


def _gans_diagnosed(gans: list[str], rated: set[str]) -> None:
    for gan in gans:
        if gan not in rated:
            where = "no diagnosis has been recorded" if not rated else "no diagnosis rated it"
            raise NotFound(f"GAN {gan!r} is not a diagnosed indicator: {where}")


def _we_on(state: EngagementState, on: date) -> None:
    """Theory of Action, Step 3: transformational change needs all three anchors."""
    latest = anchors_on(state, on)
    missing = [(a, r) for a, r in latest.items() if r is None or r["action"] != "committed"]
    if not missing:
        return
    why = "; ".join(
        f"the {v.ANCHOR.label(anchor)} has not committed"
        if record is None
        else f"the {v.ANCHOR.label(anchor)} has not committed (withdrawn {record['on']}"
        + (f" by {record['signatory']})" if record.get("signatory") else ")")
        for anchor, record in missing
    )
    raise RuleViolation(
        f"a transformation plan needs the commitment of all three anchors on its date ({STEP3}: "
        "'When such commitment is not present, successful transformational change is not "
        f"possible'); on {on} {why}"
    )


def _transformation_horizon(horizon: dict[str, str] | None, on: date) -> None:
    example = f"{school_year_of(on)}:{int(school_year_of(on)[:4]) + 2}-" + (
        f"{(int(school_year_of(on)[:4]) + 3) % 100:02d}"
    )
    advice = (
        f"a transformation plan is 'a multi-year commitment' ({STEP3}): give --horizon "
        f"{example} (at least two school years"
    )
    if horizon is None or years_spanned(horizon) < 2:
        raise RuleViolation(advice + ")")
    if horizon["first"] < school_year_of(on):
        raise RuleViolation(
            advice + f", from the plan's school year {school_year_of(on)} on; "
            f"{horizon['first']} has passed)"
        )


_LESSON = re.compile(r"^r(\d+)\.(\d+)$")


def _check_cites(state: EngagementState, f: dict[str, Any]) -> None:
    seen: set[str] = set()
    for ref in f["cites"]:
        if ref in seen:
            raise InvalidValue(f"lesson {ref} is cited twice")
        seen.add(ref)
        match = _LESSON.match(ref)
        assert match is not None  # the bounds checked the pattern
        number, k = int(match[1]), int(match[2])
        reflection = next((r for r in state.reflections if r.get("version") == number), None)
        if reflection is None:
            raise NotFound(f"lesson {ref} does not exist: #{number} is not a reflection")
        count = len(reflection["lessons_learned"])
        if k > count:
            raise NotFound(
                f"lesson {ref} does not exist: reflection #{number} has "
                f"{count} lesson{'' if count == 1 else 's'}"
            )
        if reflection["on"] > f["occurred_on"]:
            raise RuleViolation(
                f"lesson {ref} was recorded for {reflection['on']}, after this change "
                f"({f['occurred_on']})"
            )
