"""The current picture of one engagement, folded from its events.

:class:`EngagementState` is plain data (dicts, lists, strings, dates, decimals) so the same
fold serves the aggregate's invariants, the projections, ``show --as-of`` / ``--known-at``
time travel and ``replay``'s narration. It performs no checks: :mod:`rules` does that before
an event is recorded, so folding history never fails on data the ledger accepted.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain import events as ev
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.dispatch import registrar
from cec_ledger.domain.entries import (
    AnchorEntry,
    CommitmentRecord,
    CorrectionEntry,
    DiagnosisEntry,
    HandoffEntry,
    OutcomeEntry,
    PlanEntry,
    PlanHistoryEntry,
    ReflectionEntry,
    ResponsibilityEntry,
    SessionEntry,
    TeamEntry,
)
from cec_ledger.domain.pathway import progress
from cec_ledger.domain.state_dict import state_dict

Fold = Callable[["EngagementState", Any], None]
# Event class -> how it folds into the state; one entry per event class (a test checks).
FOLDS: dict[type, Fold] = {}
folds = registrar(FOLDS)


class EngagementState:
    """Everything known about one engagement after folding a prefix of its events."""

    def __init__(self) -> None:
        self.id: str = ""
        self.slug: str = ""
        self.name: str = ""
        self.organisation: str = ""
        self.level: str = ""
        self.entry_point: str = ""
        self.lead_consultant: str | None = None
        self.opened_on: date | None = None
        self.closed_on: date | None = None
        self.close_reason: str = ""
        self.version: int = 0
        # How many events were folded: an as-of view counts only what had occurred by its
        # date, while ``version`` is the highest event number among them.
        self.events: int = 0
        self.last_occurred_on: date | None = None
        self.anchors: dict[str, AnchorEntry] = {
            anchor: {"committed": False, "signatory": "", "instrument": "", "since": None}
            for anchor in v.ANCHOR.tokens
        }
        self.commitment_history: list[CommitmentRecord] = []
        self.diagnoses: list[DiagnosisEntry] = []
        self.plan: PlanEntry | None = None
        self.plan_history: list[PlanHistoryEntry] = []
        self.teams: dict[str, TeamEntry] = {}
        self.sessions: list[SessionEntry] = []
        self.consultants: list[str] = []
        # Consultant -> the first date they were on the engagement (lead, session, handoff).
        self.consultant_since: dict[str, date] = {}
        self.handoffs: list[HandoffEntry] = []
        self.responsibilities: dict[str, ResponsibilityEntry] = {}
        self.reflections: list[ReflectionEntry] = []
        self.outcomes: list[OutcomeEntry] = []
        self.corrections: list[CorrectionEntry] = []
        # An as-of view: corrections that occurred after its date but changed what it shows.
        self.corrected_later: list[CorrectionEntry] = []
        self.event_types: dict[int, str] = {}

    # ------------------------------------------------------------------ derived facts
    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def we_have_a_we(self) -> bool:
        """Seed 003, step 1: only when all three anchors have committed."""
        return all(entry["committed"] for entry in self.anchors.values())

    def pathway(self) -> dict[str, Any]:
        """Pathway progress: reached, current, at risk, the We broken (``domain.pathway``)."""
        return progress(self)

    def step_reached(self) -> int:
        """The Pathway step reached (see :mod:`domain.pathway`)."""
        return int(progress(self)["reached"])

    def _on_engagement(self, consultant: str | None, on: date) -> None:
        if not consultant:
            return
        if consultant not in self.consultants:
            self.consultants.append(consultant)
        known = self.consultant_since.get(consultant)
        if known is None or on < known:
            self.consultant_since[consultant] = on

    def team(self, team_id: str) -> dict[str, Any] | None:
        return self.teams.get(team_id)

    def copy(self) -> EngagementState:
        return copy.deepcopy(self)

    # ------------------------------------------------------------------ the fold
    def apply(self, event: Any) -> None:
        """Fold one event into the state (dispatched on the event's class, see ``FOLDS``)."""
        cls = type(event)
        fold = FOLDS.get(cls)
        if fold is None:
            raise TypeError(f"no fold registered for {cls.__name__}")
        fold(self, event)
        self.version = event.originator_version
        self.events += 1
        self.event_types[event.originator_version] = cls.__name__
        if self.last_occurred_on is None or event.occurred_on > self.last_occurred_on:
            self.last_occurred_on = event.occurred_on

    @folds(ev.EngagementOpened)
    def _fold_EngagementOpened(self, e: ev.EngagementOpened) -> None:
        self.id = str(e.originator_id)
        self.slug = e.slug
        self.name = e.name
        self.organisation = e.organisation
        self.level = e.level
        self.entry_point = e.entry_point
        self.lead_consultant = e.lead_consultant
        self.opened_on = e.occurred_on
        self._on_engagement(e.lead_consultant, e.occurred_on)

    @folds(ev.AnchorCommitted)
    def _fold_AnchorCommitted(self, e: ev.AnchorCommitted) -> None:
        self.anchors[e.anchor] = {
            "committed": True,
            "signatory": e.signatory,
            "instrument": e.instrument,
            "since": e.occurred_on,
        }
        self.commitment_history.append(
            {
                "anchor": e.anchor,
                "action": "committed",
                "on": e.occurred_on,
                "signatory": e.signatory,
                "instrument": e.instrument,
            }
        )

    @folds(ev.CommitmentWithdrawn)
    def _fold_CommitmentWithdrawn(self, e: ev.CommitmentWithdrawn) -> None:
        entry = self.anchors[e.anchor]
        entry.update(committed=False, since=e.occurred_on)
        self.commitment_history.append(
            {
                "anchor": e.anchor,
                "action": "withdrawn",
                "on": e.occurred_on,
                "signatory": e.signatory,
                "reason": e.reason,
            }
        )

    @folds(ev.NeedsDiagnosed)
    def _fold_NeedsDiagnosed(self, e: ev.NeedsDiagnosed) -> None:
        self.diagnoses.append(
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

    def _plan_from(self, e: ev.DirectionSet | ev.PlanChanged, changes: int) -> PlanEntry:
        services = [dict(s) for s in e.services]
        return {
            "emphasis": e.emphasis,
            "kind": e.kind,
            "goals": list(e.goals),
            "services": services,
            "gans_addressed": list(e.gans_addressed),
            "total_hours": sum((Decimal(s["hours"]) for s in services), Decimal(0)),
            "total_budget": sum((Decimal(s["budget"]) for s in services), Decimal(0)),
            "since": e.occurred_on,
            "changes": changes,
        }

    @folds(ev.DirectionSet)
    def _fold_DirectionSet(self, e: ev.DirectionSet) -> None:
        self.plan = self._plan_from(e, changes=0)
        self.plan_history.append({"on": e.occurred_on, "action": "set", "reason": ""})

    @folds(ev.PlanChanged)
    def _fold_PlanChanged(self, e: ev.PlanChanged) -> None:
        changes = self.plan["changes"] + 1 if self.plan else 1
        self.plan = self._plan_from(e, changes)
        self.plan_history.append({"on": e.occurred_on, "action": "changed", "reason": e.reason})

    @folds(ev.TeamFormed)
    def _fold_TeamFormed(self, e: ev.TeamFormed) -> None:
        self.teams[e.team_id] = {
            "team_id": e.team_id,
            "kind": e.kind,
            "name": e.name,
            "charge": e.charge,
            "cadence": e.cadence,
            "school": e.school,
            "stage": "form",
            "formed_on": e.occurred_on,
            "active": True,
            "members": {},
            "stage_history": [{"stage": "form", "on": e.occurred_on, "reason": ""}],
        }

    @folds(ev.TeamMemberJoined)
    def _fold_TeamMemberJoined(self, e: ev.TeamMemberJoined) -> None:
        team = self.teams.get(e.team_id)
        if team is not None:
            team["members"][e.member] = {
                "role": e.role,
                "represents": e.represents,
                "since": e.occurred_on,
            }

    @folds(ev.TeamMemberLeft)
    def _fold_TeamMemberLeft(self, e: ev.TeamMemberLeft) -> None:
        team = self.teams.get(e.team_id)
        if team is not None:
            team["members"].pop(e.member, None)

    @folds(ev.TeamStageAdvanced)
    def _fold_TeamStageAdvanced(self, e: ev.TeamStageAdvanced) -> None:
        team = self.teams.get(e.team_id)
        if team is not None:
            team["stage"] = e.stage
            team["stage_history"].append(
                {"stage": e.stage, "on": e.occurred_on, "reason": e.reason}
            )

    @folds(ev.SessionDelivered)
    def _fold_SessionDelivered(self, e: ev.SessionDelivered) -> None:
        self.sessions.append(
            {
                "version": e.originator_version,
                "delivery": e.delivery,
                "topic": e.topic,
                "hours": e.hours,
                "participants": e.participants,
                "consultant": e.consultant,
                "service_id": e.service_id,
                "team_id": e.team_id,
                "occurred_on": e.occurred_on,
            }
        )
        self._on_engagement(e.consultant, e.occurred_on)

    @folds(ev.ConsultantHandoff)
    def _fold_ConsultantHandoff(self, e: ev.ConsultantHandoff) -> None:
        self.handoffs.append(
            {
                "from_consultant": e.from_consultant,
                "to_consultant": e.to_consultant,
                "content_area": e.content_area,
                "on": e.occurred_on,
                "overlap_until": e.overlap_until,
                "notes": e.notes,
            }
        )
        self._on_engagement(e.to_consultant, e.occurred_on)

    @folds(ev.ResponsibilityTransferred)
    def _fold_ResponsibilityTransferred(self, e: ev.ResponsibilityTransferred) -> None:
        entry = self.responsibilities.setdefault(
            e.responsibility, {"responsibility": e.responsibility, "history": []}
        )
        entry.update(
            team_id=e.team_id,
            release_level=e.release_level,
            holder=e.holder,
            since=e.occurred_on,
        )
        entry["history"].append(
            {
                "on": e.occurred_on,
                "release_level": e.release_level,
                "holder": e.holder,
                "team_id": e.team_id,
            }
        )

    @folds(ev.ReflectionRecorded)
    def _fold_ReflectionRecorded(self, e: ev.ReflectionRecorded) -> None:
        self.reflections.append(
            {
                "on": e.occurred_on,
                "team_id": e.team_id,
                "process_outcomes": e.process_outcomes,
                "content_outcomes": e.content_outcomes,
                "communication": e.communication,
                "equitable_voice": e.equitable_voice,
                "psychological_safety": e.psychological_safety,
                "lessons_learned": list(e.lessons_learned),
            }
        )

    @folds(ev.OutcomeObserved)
    def _fold_OutcomeObserved(self, e: ev.OutcomeObserved) -> None:
        self.outcomes.append(
            {
                "on": e.occurred_on,
                "tier": e.tier,
                "dimension": e.dimension,
                "impact": e.impact,
                "evidence": e.evidence,
            }
        )

    @folds(ev.EventCorrected)
    def _fold_EventCorrected(self, e: ev.EventCorrected) -> None:
        # The aggregate refolds history with the corrected fields; here we only keep the
        # record of the correction itself so it stays visible beside what it corrects.
        self.corrections.append(
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
    def _fold_EngagementClosed(self, e: ev.EngagementClosed) -> None:
        self.closed_on = e.occurred_on
        self.close_reason = e.reason
        for team in self.teams.values():
            team["active"] = False

    # ------------------------------------------------------------------ plain values
    def to_dict(self) -> dict[str, Any]:
        """The state as plain values: what ``engagement show --json`` prints."""
        return state_dict(self)
