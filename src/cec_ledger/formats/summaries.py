"""One-line, human summaries of events: the timeline's SUMMARY column, the TUI, replay.

``SUMMARIES`` maps each event class to a function of its line's ``data``; a test checks that
every event class has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.events import EVENT_TYPES


def summary(event: dict[str, Any]) -> str:
    """A sentence-like summary of an event given as a line (see ``formats.lines.to_line``)."""
    cls = EVENT_TYPES.get(event["type"])
    if cls is None:  # a line of a type this version does not know: say what it is
        return str(event["type"])
    return SUMMARIES[cls](event["data"])


def _anchor(d: dict[str, Any]) -> str:
    return v.ANCHOR.label(d["anchor"])


def _dimension(token: str) -> str:
    """A Logic Model dimension in a line: the long-term outcome by its first words."""
    if token == "increased_system_capacity":
        return "increased system capacity"
    return v.OUTCOME_DIMENSION.label(token).lower()


def _entry_point_detail(d: dict[str, Any]) -> str:
    if d["kind"] == "system_assessment":
        return f" ({d['framework_id'] or 'framework not yet named'}, {d['assessment_version']})"
    if d["kind"] == "strategic_planning":
        return f" ({len(d['planning_group'])} in the planning group, owned by {d['plan_owner']})"
    if d["kind"] == "grant_criteria":
        return f" ({d['grant']}, {d['granting_state']}; plan due {d['plan_deadline']})"
    return f": {d['request']}" + (f" (deadline {d['deadline']})" if d["deadline"] else "")


SUMMARIES: dict[type, Callable[[dict[str, Any]], str]] = {
    ev.EngagementOpened: lambda d: (
        f"Opened {d['name']} ({v.LEVEL.label(d['level']).lower()})"
        + (f" via {v.ENTRY_POINT.label(d['entry_point']).lower()}" if d["entry_point"] else "")
    ),
    ev.EntryPointAdded: lambda d: (
        f"Entry point {d['entry_point_id']}: {v.ENTRY_POINT.label(d['kind']).lower()}"
        + _entry_point_detail(d)
    ),
    ev.AnchorCommitted: lambda d: (
        f"{_anchor(d)} committed: {v.INSTRUMENT.label(d['instrument'])} signed by {d['signatory']}"
    ),
    ev.CommitmentWithdrawn: lambda d: f"{_anchor(d)} withdrew its commitment: {d['reason']}",
    ev.NeedsDiagnosed: lambda d: (
        f"Diagnosed against {d['framework_id']} {d['framework_version']}: "
        f"{len(d['ratings'])} ratings, readiness {d['readiness_label'] or '-'}, "
        f"GANs {', '.join(d['greatest_areas_of_need']) or '-'}"
    ),
    ev.DirectionSet: lambda d: (
        f"Set a {d['kind']} plan ({d['emphasis']} emphasis) with {len(d['services'])} services"
    ),
    ev.PlanChanged: lambda d: f"Changed the plan: {d['reason']}",
    ev.TeamFormed: lambda d: (
        f"Formed {d['name']} ({d['team_id']}, {v.TEAM_KIND.label(d['kind'])})"
        + (f" under {d['parent_team_id']}" if d["parent_team_id"] else "")
    ),
    ev.TeamPrioritySet: lambda d: (
        f"{d['team_id']} set {v.PRIORITY_KIND.label(d['kind']).lower()} {d['priority_id']}: "
        f"{d['text']}"
    ),
    ev.ProgressEvidenced: lambda d: (
        f"Progress on {d['priority_id']} ({d['team_id']})"
        + (f", observed {d['observed']}" if d["observed"] is not None else "")
        + f": {d['evidence']}"
    ),
    ev.SupportRequested: lambda d: (
        f"{d['team_id']} asks the DLT for support ({d['priority_id']}): {d['request']}"
    ),
    ev.TeamMemberJoined: lambda d: (
        f"{d['member']} joined {d['team_id']} as {v.MEMBER_ROLE.label(d['role']).lower()}"
        + (f" ({d['title']})" if d["title"] else "")
    ),
    ev.TeamMemberLeft: lambda d: (
        f"{d['member']} left {d['team_id']}" + (f": {d['reason']}" if d["reason"] else "")
    ),
    ev.TeamStageAdvanced: lambda d: (
        f"{d['team_id']} moved to {d['stage']}" + (f": {d['reason']}" if d["reason"] else "")
    ),
    ev.SessionDelivered: lambda d: (
        f"{v.DELIVERY.label(d['delivery'])}: {d['topic']} — {d['hours']} h, "
        f"{d['participants']} participants, {d['consultant']}"
        + (f" [{d['service_id']}]" if d["service_id"] else "")
    ),
    ev.ConsultantHandoff: lambda d: (
        f"Handoff {d['from_consultant']} → {d['to_consultant']} ({d['content_area']})"
        + (f", overlap until {d['overlap_until']}" if d["overlap_until"] else "")
    ),
    ev.ResponsibilityTransferred: lambda d: (
        f"{d['responsibility']!r} now {v.RELEASE_LEVEL.label(d['release_level']).lower()}, "
        f"held by {d['holder']}"
    ),
    ev.ReflectionRecorded: lambda d: (
        "Reflection"
        + (f" ({d['team_id']})" if d["team_id"] else "")
        + ": "
        + (d["process_outcomes"] or d["content_outcomes"] or "; ".join(d["lessons_learned"]))
    ),
    ev.OutcomeObserved: lambda d: (
        f"Outcome ({v.OUTCOME_TIER.label(d['tier']).lower()}, {_dimension(d['dimension'])}"
        + (f"; {d['measure']} {d['observed']} {d['unit']}" if d.get("measure") else "")
        + f"): {d['evidence']}"
    ),
    ev.EventCorrected: lambda d: (
        f"Corrected #{d['corrects_version']} ({d['corrects_type']}): {d['reason']} — "
        + ", ".join(f"{k}={val}" for k, val in d["corrected_fields"].items())
    ),
    ev.EngagementClosed: lambda d: (
        f"Closed: {d['reason']}"
        + (f" (without a reflection: {d['without_reflection']})" if d["without_reflection"] else "")
    ),
}
