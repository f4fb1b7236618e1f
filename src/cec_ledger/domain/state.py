"""The current picture of one engagement, folded from its events.

:class:`EngagementState` is plain data (dicts, lists, strings, dates, decimals) so the same
fold serves the aggregate's invariants, the projections, ``show --as-of`` / ``--known-at``
time travel and ``replay``'s narration. It performs no checks: :mod:`rules` does that before
an event is recorded, so folding history never fails on data the ledger accepted.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

# The folds register themselves in FOLDS when their modules are imported (one per concern).
from cec_ledger.domain import (  # noqa: F401 - imported to register the folds
    folds_delivery,
    folds_engagement,
    folds_plan,
    folds_reflection,
    folds_teams,
)
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.entries import (
    AnchorEntry,
    CommitmentRecord,
    CorrectionEntry,
    DiagnosisEntry,
    EntryPointEntry,
    GoalEntry,
    HandoffEntry,
    LessonEntry,
    OutcomeEntry,
    PlanEntry,
    PlanHistoryEntry,
    PriorityEntry,
    ReflectionEntry,
    ResponsibilityEntry,
    SessionEntry,
    TeamEntry,
)
from cec_ledger.domain.folding import FOLDS
from cec_ledger.domain.pathway import progress
from cec_ledger.domain.state_dict import state_dict


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
        # The CEC model in depth (rules epoch 3): entry points by id, plan goals by id over the
        # plan's history, lessons by reference (rN.k), team priorities by id, and why an
        # engagement closed without a reflection.
        self.entry_points: dict[str, EntryPointEntry] = {}
        self.goals: dict[str, GoalEntry] = {}
        self.lessons: dict[str, LessonEntry] = {}
        self.priorities: dict[str, PriorityEntry] = {}
        self.closed_without_reflection: str | None = None
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
        """Theory of Action, Step 1: only when all three anchors have committed."""
        return all(entry["committed"] for entry in self.anchors.values())

    def pathway(self) -> dict[str, Any]:
        """Pathway progress: reached, current, at risk, the We broken (``domain.pathway``)."""
        return progress(self)

    def step_reached(self) -> int:
        """The Pathway step reached (see :mod:`domain.pathway`)."""
        return int(progress(self)["reached"])

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

    # ------------------------------------------------------------------ plain values
    def to_dict(self) -> dict[str, Any]:
        """The state as plain values: what ``engagement show --json`` prints."""
        return state_dict(self)
