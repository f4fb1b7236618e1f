"""The engagement's own facts: opening, the anchors' commitments (Theory of Action, Step 1),
diagnoses (Step 2), corrections and closing.

Each function folds one event class into an ``EngagementState`` (typed ``Any`` here: the state
module imports this one to register the folds).
"""

from __future__ import annotations

from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain.folding import folds, on_engagement


@folds(ev.EngagementOpened)
def fold_engagement_opened(state: Any, e: ev.EngagementOpened) -> None:
    state.id = str(e.originator_id)
    state.slug = e.slug
    state.name = e.name
    state.organisation = e.organisation
    state.level = e.level
    state.entry_point = e.entry_point
    state.lead_consultant = e.lead_consultant
    state.opened_on = e.occurred_on
    on_engagement(state, e.lead_consultant, e.occurred_on)


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


@folds(ev.NeedsDiagnosed)
def fold_needs_diagnosed(state: Any, e: ev.NeedsDiagnosed) -> None:
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
        }
    )


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
    for team in state.teams.values():
        team["active"] = False
