"""The engagement's own facts: opening, the anchors' commitments (Theory of Action, Step 1),
entry points and diagnoses (Step 2), corrections and closing.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.folding import folds, on_engagement

# The id of the entry point an engagement opened before rules epoch 3 names (one, with no
# structure recorded).
LEGACY_ENTRY_POINT = "entry-1"

# The structure fields of an entry point, as EntryPointAdded records them.
ENTRY_POINT_FIELDS: tuple[str, ...] = (
    "note",
    "framework_id",
    "assessment_version",
    "planning_group",
    "planning_areas",
    "plan_owner",
    "grant",
    "granting_state",
    "criteria",
    "plan_deadline",
    "request",
    "mandate",
    "deadline",
    "follow_up",
)


@folds(ev.EngagementOpened)
def fold_engagement_opened(state: Any, e: ev.EngagementOpened) -> None:
    state.id = str(e.originator_id)
    state.slug = e.slug
    state.name = e.name
    state.organisation = e.organisation
    state.level = e.level
    state.entry_point = e.entry_point or ""
    state.lead_consultant = e.lead_consultant
    state.opened_on = e.occurred_on
    on_engagement(state, e.lead_consultant, e.occurred_on)
    if e.entry_point:
        # Before epoch 3 an engagement named one entry point when it opened.
        state.entry_points[LEGACY_ENTRY_POINT] = {
            "entry_point_id": LEGACY_ENTRY_POINT,
            "kind": e.entry_point,
            "added_on": e.occurred_on,
            "version": e.originator_version,
            "structure_recorded": False,
            "diagnoses": [],
        }


@folds(ev.EntryPointAdded)
def fold_entry_point_added(state: Any, e: ev.EntryPointAdded) -> None:
    entry: dict[str, Any] = {
        "entry_point_id": e.entry_point_id,
        "kind": e.kind,
        "added_on": e.occurred_on,
        "version": e.originator_version,
        "structure_recorded": True,
        "diagnoses": [],
    }
    for name in ENTRY_POINT_FIELDS:
        value = getattr(e, name)
        entry[name] = (
            [dict(v) if isinstance(v, dict) else v for v in value]
            if isinstance(value, list)
            else value
        )
    state.entry_points[e.entry_point_id] = entry
    if not state.entry_point:
        state.entry_point = e.kind


@folds(ev.AnchorCommitted)
def fold_anchor_committed(state: Any, e: ev.AnchorCommitted) -> None:
    state.anchors[e.anchor] = {
        "committed": True,
        "signatory": e.signatory,
        "instrument": e.instrument,
        "since": e.occurred_on,
    }
    state.commitment_history.append(
        {
            "anchor": e.anchor,
            "action": "committed",
            "on": e.occurred_on,
            "signatory": e.signatory,
            "instrument": e.instrument,
        }
    )


@folds(ev.CommitmentWithdrawn)
def fold_commitment_withdrawn(state: Any, e: ev.CommitmentWithdrawn) -> None:
    entry = state.anchors[e.anchor]
    entry.update(committed=False, since=e.occurred_on)
    state.commitment_history.append(
        {
            "anchor": e.anchor,
            "action": "withdrawn",
            "on": e.occurred_on,
            "signatory": e.signatory,
            "reason": e.reason,
        }
    )


def _diagnosis_entry_point(state: Any, e: ev.NeedsDiagnosed) -> tuple[str | None, bool]:
    """The entry point a diagnosis was made through; for an older diagnosis (none recorded)
    the engagement's own system assessment, marked inferred (the ledger's choice, C19)."""
    if e.entry_point_id:
        return e.entry_point_id, False
    legacy = state.entry_points.get(LEGACY_ENTRY_POINT)
    if legacy is not None and legacy["kind"] == "system_assessment":
        return LEGACY_ENTRY_POINT, True
    return None, False


@folds(ev.NeedsDiagnosed)
def fold_needs_diagnosed(state: Any, e: ev.NeedsDiagnosed) -> None:
    entry_point_id, inferred = _diagnosis_entry_point(state, e)
    state.diagnoses.append(
        {
            "version": e.originator_version,
            "framework_id": e.framework_id,
            "framework_version": e.framework_version,
            "occurred_on": e.occurred_on,
            "ratings": dict(e.ratings),
            "evidence": dict(e.evidence),
            "assessors": list(e.assessors),
            "readiness_score": e.readiness_score,
            "readiness_label": e.readiness_label,
            "greatest_areas_of_need": list(e.greatest_areas_of_need),
            "entry_point_id": entry_point_id,
            "entry_point_inferred": inferred,
            "assessment_version": e.assessment_version,
            "strengths": None if e.strengths is None else list(e.strengths),
            "not_observed": list(e.not_observed),
            "recommended_services": (
                None if e.recommended_services is None else list(e.recommended_services)
            ),
        }
    )
    entry_point = state.entry_points.get(entry_point_id) if entry_point_id else None
    if entry_point is not None:
        entry_point["diagnoses"].append(e.originator_version)


@folds(ev.EventCorrected)
def fold_event_corrected(state: Any, e: ev.EventCorrected) -> None:
    # The aggregate refolds history with the corrected fields; here we only keep the
    # record of the correction itself so it stays visible beside what it corrects.
    state.corrections.append(
        {
            "version": e.originator_version,
            "corrects_version": e.corrects_version,
            "corrects_type": e.corrects_type,
            "reason": e.reason,
            "corrected_fields": dict(e.corrected_fields),
            "on": e.occurred_on,
        }
    )


@folds(ev.EngagementClosed)
def fold_engagement_closed(state: Any, e: ev.EngagementClosed) -> None:
    state.closed_on = e.occurred_on
    state.close_reason = e.reason
    state.closed_without_reflection = e.without_reflection
    for team in state.teams.values():
        team["active"] = False
