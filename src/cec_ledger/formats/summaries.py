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


SUMMARIES: dict[type, Callable[[dict[str, Any]], str]] = {
    ev.EngagementOpened: lambda d: (
        f"Opened {d['name']} ({v.LEVEL.label(d['level']).lower()}) via "
        f"{v.ENTRY_POINT.label(d['entry_point']).lower()}"
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
    ev.TeamFormed: lambda d: f"Formed {d['name']} ({d['team_id']}, {v.TEAM_KIND.label(d['kind'])})",
    ev.TeamMemberJoined: lambda d: f"{d['member']} joined {d['team_id']} as {d['role']}",
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
        f"Outcome ({v.OUTCOME_TIER.label(d['tier']).lower()}, "
        f"{v.OUTCOME_DIMENSION.label(d['dimension']).lower()}): {d['evidence']}"
    ),
    ev.EventCorrected: lambda d: (
        f"Corrected #{d['corrects_version']} ({d['corrects_type']}): {d['reason']} — "
        + ", ".join(f"{k}={val}" for k, val in d["corrected_fields"].items())
    ),
    ev.EngagementClosed: lambda d: f"Closed: {d['reason']}",
}
