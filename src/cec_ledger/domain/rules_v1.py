"""Rules epoch 1: the rules as they were before rules epochs existed, frozen.

Every event stored before epochs (``rules_version`` 1 after upcasting) is judged by these,
on import and in the re-fold a correction triggers. Do not tighten them: add a rule for a
later epoch (``rules_v2``) instead, so recorded history is never re-judged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.events import EVENT_TYPES, given_fields
from cec_ledger.domain.rulebook import require_text as _require_text
from cec_ledger.domain.rulebook import rule
from cec_ledger.domain.state import EngagementState


def _shown(value: Any) -> str:
    """A value in a message as people write it: -3, 1.5 (never Decimal('-3')). The wording
    of these messages may improve; what the epoch-1 rules accept or refuse may not."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return repr(value)


@rule(ev.EngagementOpened)
def _opened(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "slug", "name", "organisation")
    slug = f["slug"]
    if not (slug.replace("-", "").isalnum() and slug == slug.lower() and len(slug) <= 60):
        raise InvalidValue(
            f"slug {slug!r} must be lower-case letters, digits and hyphens (at most 60)"
        )


@rule(ev.AnchorCommitted)
def _committed(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "signatory")
    entry = state.anchors[f["anchor"]]
    if entry["committed"]:
        raise RuleViolation(
            f"{f['anchor']} already committed on {entry['since']} ({entry['instrument']}, "
            f"{entry['signatory']}); withdraw first to record a new commitment"
        )


@rule(ev.CommitmentWithdrawn)
def _withdrawn(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "reason")
    if not state.anchors[f["anchor"]]["committed"]:
        raise RuleViolation(f"{f['anchor']} has no commitment to withdraw")


@rule(ev.NeedsDiagnosed)
def _diagnosed(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "framework_id", "framework_version")
    if not f["ratings"]:
        raise InvalidValue("a diagnosis needs at least one rating")
    if not f["assessors"]:
        raise InvalidValue("a diagnosis needs at least one assessor")


def _check_plan(state: EngagementState, f: dict[str, Any]) -> None:
    seen: set[str] = set()
    for service in f["services"]:
        sid = str(service.get("service_id") or "").strip()
        if not sid:
            raise InvalidValue("every planned service needs a service_id")
        if sid in seen:
            raise InvalidValue(f"service {sid!r} appears twice in the plan")
        seen.add(sid)
        for amount in ("hours", "budget"):
            value = service.get(amount)
            if not isinstance(value, Decimal) or value < 0:
                raise InvalidValue(
                    f"{amount} of {sid!r} must be a number >= 0, got {_shown(value)}"
                )
    rated = {indicator for d in state.diagnoses for indicator in d["ratings"]}
    for gan in f["gans_addressed"]:
        if gan not in rated:
            where = "no diagnosis has been recorded" if not rated else "no diagnosis rated it"
            raise NotFound(f"GAN {gan!r} is not a diagnosed indicator: {where}")


@rule(ev.DirectionSet)
def _direction_set(state: EngagementState, f: dict[str, Any]) -> None:
    if state.plan is not None:
        raise RuleViolation(
            f"a services plan was set on {state.plan['since']}; use 'plan change' with a reason"
        )
    _check_plan(state, f)


@rule(ev.PlanChanged)
def _plan_changed(state: EngagementState, f: dict[str, Any]) -> None:
    if state.plan is None:
        raise RuleViolation("no services plan to change: set direction first ('plan set')")
    _require_text(f, "reason")
    _check_plan(state, f)
    current = state.plan
    new_services = [dict(s) for s in f["services"]]
    if (
        current["emphasis"] == f["emphasis"]
        and current["kind"] == f["kind"]
        and current["goals"] == list(f["goals"])
        and current["services"] == new_services
        and current["gans_addressed"] == list(f["gans_addressed"])
    ):
        raise RuleViolation("the plan change changes nothing")


def _known_team(state: EngagementState, team_id: str | None) -> dict[str, Any] | None:
    if team_id is None:
        return None
    team = state.team(team_id)
    if team is None:
        known = ", ".join(sorted(state.teams)) or "none yet"
        raise NotFound(f"unknown team {team_id!r} (teams: {known})")
    return team


@rule(ev.TeamFormed)
def _team_formed(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "team_id", "name")
    if f["team_id"] in state.teams:
        raise RuleViolation(f"team {f['team_id']!r} already exists")


@rule(ev.TeamMemberJoined)
def _member_joined(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "member", "role")
    team = _known_team(state, f["team_id"])
    assert team is not None
    if f["occurred_on"] < team["formed_on"]:
        raise RuleViolation(
            f"{f['member']} cannot join {f['team_id']!r} on {f['occurred_on']}: "
            f"the team was formed on {team['formed_on']}"
        )
    if f["member"] in team["members"]:
        raise RuleViolation(f"{f['member']} is already a member of {f['team_id']!r}")


@rule(ev.TeamMemberLeft)
def _member_left(state: EngagementState, f: dict[str, Any]) -> None:
    team = _known_team(state, f["team_id"])
    assert team is not None
    if f["member"] not in team["members"]:
        members = ", ".join(sorted(team["members"])) or "no members"
        raise NotFound(f"unknown member {f['member']!r} of {f['team_id']!r} ({members})")


@rule(ev.TeamStageAdvanced)
def _stage_advanced(state: EngagementState, f: dict[str, Any]) -> None:
    team = _known_team(state, f["team_id"])
    assert team is not None
    current = v.TEAM_STAGE.index(team["stage"])
    wanted = v.TEAM_STAGE.index(f["stage"])
    if wanted == current:
        raise RuleViolation(f"team {f['team_id']!r} is already at stage {f['stage']!r}")
    if wanted > current + 1:
        skipped = ", ".join(v.TEAM_STAGE.tokens[current + 1 : wanted])
        raise RuleViolation(
            f"team {f['team_id']!r} cannot skip from {team['stage']!r} to {f['stage']!r} "
            f"(first: {skipped})"
        )
    if wanted < current and not f["reason"]:
        raise RuleViolation(
            f"moving team {f['team_id']!r} back from {team['stage']!r} to {f['stage']!r} "
            "needs a reason"
        )
    if f["occurred_on"] < team["stage_history"][-1]["on"]:
        raise RuleViolation(
            f"team {f['team_id']!r} reached {team['stage']!r} on "
            f"{team['stage_history'][-1]['on']}; a later stage cannot occur before that"
        )


@rule(ev.SessionDelivered)
def _session(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "topic", "consultant")
    if not isinstance(f["hours"], Decimal) or f["hours"] <= 0:
        raise InvalidValue(f"hours must be a number > 0, got {_shown(f['hours'])}")
    if not isinstance(f["participants"], int) or f["participants"] < 1:
        raise InvalidValue(
            f"participants must be a whole number >= 1, got {_shown(f['participants'])}"
        )
    _known_team(state, f["team_id"])


@rule(ev.ConsultantHandoff)
def _handoff(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "from_consultant", "to_consultant", "content_area")
    if f["from_consultant"] == f["to_consultant"]:
        raise RuleViolation("a handoff needs two different consultants")
    if f["overlap_until"] is not None and f["overlap_until"] < f["occurred_on"]:
        raise RuleViolation(
            f"overlap_until {f['overlap_until']} is before the handoff on {f['occurred_on']}"
        )


@rule(ev.ResponsibilityTransferred)
def _transferred(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "responsibility", "holder")
    _known_team(state, f["team_id"])
    current = state.responsibilities.get(f["responsibility"])
    if (
        current
        and current["release_level"] == f["release_level"]
        and current["holder"] == f["holder"]
    ):
        raise RuleViolation(
            f"{f['responsibility']!r} is already {f['release_level']} with {f['holder']}"
        )


@rule(ev.ReflectionRecorded)
def _reflected(state: EngagementState, f: dict[str, Any]) -> None:
    _known_team(state, f["team_id"])
    texts = [
        f[name]
        for name in (
            "process_outcomes",
            "content_outcomes",
            "communication",
            "equitable_voice",
            "psychological_safety",
        )
    ]
    if not any(texts) and not f["lessons_learned"]:
        raise InvalidValue("a reflection needs at least one outcome, observation or lesson")


@rule(ev.OutcomeObserved)
def _outcome(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "evidence")
    tier = v.DIMENSION_TIER[f["dimension"]]
    if tier != f["tier"]:
        raise InvalidValue(
            f"dimension {f['dimension']!r} belongs to the {tier} tier, not {f['tier']}"
        )


@rule(ev.EventCorrected)
def _corrected(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "reason")
    target = f["corrects_version"]
    actual = state.event_types.get(target)
    if actual is None:
        raise NotFound(f"engagement {state.slug!r} has no event #{target} to correct")
    if actual == "EventCorrected":
        raise RuleViolation(
            f"event #{target} is itself a correction; correct the original event instead"
        )
    if f["corrects_type"] != actual:
        raise RuleViolation(f"event #{target} is a {actual}, not a {f['corrects_type']}")
    if not f["corrected_fields"]:
        raise InvalidValue("a correction must change at least one field")
    cls = EVENT_TYPES[actual]
    # Who recorded an event is set by the system, never corrected after the fact.
    allowed = [
        name
        for name in given_fields(actual)
        if name not in cls.identity_fields and name != "recorded_by"
    ]
    for name in f["corrected_fields"]:
        if name not in allowed:
            raise InvalidValue(
                f"{actual} field {name!r} cannot be corrected (correctable: {', '.join(allowed)})"
            )


@rule(ev.EngagementClosed)
def _closed(state: EngagementState, f: dict[str, Any]) -> None:
    _require_text(f, "reason")
