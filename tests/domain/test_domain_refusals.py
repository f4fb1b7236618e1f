"""Every rule of domain/rules.py refused on the bare aggregate: the exception class, a message
fragment a consultant can act on, and nothing changed (version, history, state, no pending
event). The same rules run through the CLI in tests/test_cli_errors.py; here they take
microseconds, so each rule gets several cases.

Each case starts from ``builders.build(setup)``: the base engagement (opened 2025-08-18, board
committed #2, DLT formed #3 on 2025-09-10, Dana Whitfield joined #4, a training session #5)
plus the ``setup`` steps, then records ``event_type`` with the valid fields of
``builders.fields`` changed by ``changes`` (``DROP`` removes a field).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from cec_ledger.domain.errors import EngagementClosed, InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.rules import check
from cec_ledger.domain.state import EngagementState
from tests.domain.builders import (
    ACTOR,
    ENTRY_STEP,
    EVENT_TYPE_NAMES,
    OPENED_ON,
    TODAY,
    build,
    fields,
    goal,
    service,
    snapshot,
)

DROP = object()
CLOSED = ("EngagementClosed", {"occurred_on": date(2025, 12, 1)})
PLAN = ("DirectionSet", {})
DIAGNOSIS = ("NeedsDiagnosed", {})
NORM = ("TeamStageAdvanced", {"stage": "norm", "occurred_on": date(2025, 10, 1)})
PERFORM = ("TeamStageAdvanced", {"stage": "perform", "occurred_on": date(2025, 11, 1)})
WITHDRAWN = ("CommitmentWithdrawn", {"anchor": "board", "occurred_on": date(2025, 10, 1)})
TRANSFERRED = ("ResponsibilityTransferred", {})
CORRECTION = ("EventCorrected", {})


def case(
    case_id: str,
    event_type: str,
    changes: dict[str, Any],
    error: type[Exception],
    fragment: str,
    setup: tuple[tuple[str, dict[str, Any]], ...] = (),
) -> Any:
    return pytest.param(setup, event_type, changes, error, fragment, id=case_id)


def correct(version: int, event_type: str, **corrected: Any) -> dict[str, Any]:
    """The changes for an EventCorrected of ``version`` (a ``event_type``)."""
    return {
        "corrects_version": version,
        "corrects_type": event_type,
        "corrected_fields": corrected,
    }


def blank(*names: str) -> list[Any]:
    """One case per required text field: empty and whitespace-only are both refused."""
    return [(name, value) for name in names for value in ("", "   ")]


# The base engagement's stream: #1 opened, #2 board committed, #3 dlt formed, #4 Dana joined,
# #5 session. Setup steps add #6, #7...
CASES = [
    # ---------------------------------------------------------------- every event: check()
    case("unknown-event-type", "Nonsense", {}, InvalidValue, "unknown event type 'Nonsense'"),
    case("missing-field", "AnchorCommitted", {"note": DROP}, InvalidValue, "is missing note"),
    case(
        "missing-fields-sorted",
        "AnchorCommitted",
        {"note": DROP, "signatory": DROP},
        InvalidValue,
        "AnchorCommitted is missing note, signatory",
    ),
    case(
        "missing-optional-field",
        "SessionDelivered",
        {"team_id": DROP},
        InvalidValue,
        "SessionDelivered is missing team_id",
    ),
    case(
        "missing-occurred-on",
        "EngagementClosed",
        {"occurred_on": DROP},
        InvalidValue,
        "missing occurred_on",
    ),
    case("unknown-field", "AnchorCommitted", {"bogus": 1}, InvalidValue, "has no field bogus"),
    case(
        "occurred-on-a-string",
        "EngagementClosed",
        {"occurred_on": "2025-10-01"},
        InvalidValue,
        "occurred_on must be a date, got '2025-10-01'",
    ),
    case(
        "occurred-on-none",
        "EngagementClosed",
        {"occurred_on": None},
        InvalidValue,
        "occurred_on must be given",
    ),
    case(
        "tomorrow",
        "EngagementClosed",
        {"occurred_on": TODAY + timedelta(days=1)},
        RuleViolation,
        "occurred_on 2026-01-01 is in the future (today is 2025-12-31)",
    ),
    case(
        "far-future",
        "SessionDelivered",
        {"occurred_on": date(2999, 1, 1)},
        RuleViolation,
        "is in the future",
    ),
    case(
        "day-before-opened",
        "SessionDelivered",
        {"occurred_on": OPENED_ON - timedelta(days=1)},
        RuleViolation,
        "occurred_on 2025-08-17 is before engagement 'maple-ridge' opened on 2025-08-18",
    ),
    case(
        "years-before-opened",
        "AnchorCommitted",
        {"occurred_on": date(2020, 1, 1)},
        RuleViolation,
        "is before engagement 'maple-ridge' opened",
    ),
    case(
        "open-twice",
        "EngagementOpened",
        {},
        RuleViolation,
        "engagement 'maple-ridge' is already open",
    ),
    # ---------------------------------------------------------------- closed engagement
    *[
        case(
            f"closed-{event_type}",
            event_type,
            {"occurred_on": date(2025, 12, 15)},
            EngagementClosed,
            "engagement 'maple-ridge' was closed on 2025-12-01; nothing more can be recorded",
            setup=(CLOSED,),
        )
        for event_type in EVENT_TYPE_NAMES
        if event_type not in ("EngagementOpened", "EventCorrected")
    ],
    # ---------------------------------------------------------------- vocabularies
    case(
        "anchor-not-one-of-three",
        "AnchorCommitted",
        {"anchor": "union"},
        InvalidValue,
        "anchor 'union' is not one of: board, administration, teachers_organization",
    ),
    case(
        "anchor-half-a-label",
        "AnchorCommitted",
        {"anchor": "teachers"},
        InvalidValue,
        "anchor 'teachers' is not one of",
    ),
    case(
        "anchor-not-text",
        "AnchorCommitted",
        {"anchor": 3},
        InvalidValue,
        "anchor 3 is not one of",
    ),
    case(
        "anchor-empty",
        "AnchorCommitted",
        {"anchor": ""},
        InvalidValue,
        "anchor '' is not one of",
    ),
    case(
        "withdraw-anchor-unknown",
        "CommitmentWithdrawn",
        {"anchor": "superintendent"},
        InvalidValue,
        "anchor 'superintendent' is not one of",
    ),
    case(
        "instrument-letter",
        "AnchorCommitted",
        {"instrument": "letter"},
        InvalidValue,
        "instrument 'letter' is not one of: compact, constitution, mou, resolution",
    ),
    case(
        "emphasis",
        "DirectionSet",
        {"emphasis": "equity"},
        InvalidValue,
        "emphasis 'equity' is not one of: achievement, culture",
    ),
    case(
        "plan-kind-is-not-a-team-kind",
        "DirectionSet",
        {"kind": "dlt"},
        InvalidValue,
        "plan kind 'dlt' is not one of: support, transformation",
    ),
    case(
        "plan-change-kind",
        "PlanChanged",
        {"kind": "overhaul"},
        InvalidValue,
        "plan kind 'overhaul' is not one of",
        setup=(PLAN,),
    ),
    case(
        "team-kind-is-not-a-plan-kind",
        "TeamFormed",
        {"kind": "support"},
        InvalidValue,
        "team kind 'support' is not one of: dlt, slt, ilt-plc",
    ),
    case(
        "team-kind-squad",
        "TeamFormed",
        {"kind": "squad"},
        InvalidValue,
        "team kind 'squad' is not one of",
    ),
    case(
        "stage-storming",
        "TeamStageAdvanced",
        {"stage": "storming"},
        InvalidValue,
        "team stage 'storming' is not one of: form, norm, perform, sustain",
    ),
    case(
        "delivery-lecture",
        "SessionDelivered",
        {"delivery": "lecture"},
        InvalidValue,
        "delivery 'lecture' is not one of: training, facilitating, networking, mentoring, coaching",
    ),
    case(
        "release-level",
        "ResponsibilityTransferred",
        {"release_level": "mostly"},
        InvalidValue,
        "release level 'mostly' is not one of: consultant-led, co-led",
    ),
    case(
        "outcome-tier",
        "OutcomeObserved",
        {"tier": "medium_term"},
        InvalidValue,
        "outcome tier 'medium_term' is not one of: short_term, mid_term, long_term",
    ),
    case(
        "outcome-dimension",
        "OutcomeObserved",
        {"dimension": "happiness"},
        InvalidValue,
        "outcome dimension 'happiness' is not one of",
    ),
    case(
        "outcome-impact",
        "OutcomeObserved",
        {"impact": "planet"},
        InvalidValue,
        "outcome impact 'planet' is not one of: system, people",
    ),
    # ---------------------------------------------------------------- step 1: commitments
    *[
        case(
            f"signatory-{'blank' if value else 'empty'}",
            "AnchorCommitted",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("signatory")
    ],
    case(
        "board-already-committed",
        "AnchorCommitted",
        {"anchor": "board"},
        RuleViolation,
        "board already committed on 2025-09-02 (compact, R. Alvarez); withdraw first",
    ),
    case(
        "board-already-committed-by-label",
        "AnchorCommitted",
        {"anchor": "Board of Education"},
        RuleViolation,
        "board already committed on 2025-09-02",
    ),
    case(
        "administration-committed-twice",
        "AnchorCommitted",
        {"anchor": "administration", "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "administration already committed on 2025-10-01",
        setup=(("AnchorCommitted", {"anchor": "administration"}),),
    ),
    case(
        "withdraw-uncommitted",
        "CommitmentWithdrawn",
        {"anchor": "administration"},
        RuleViolation,
        "administration has no commitment to withdraw",
    ),
    case(
        "withdraw-twice",
        "CommitmentWithdrawn",
        {"anchor": "board", "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "board has no commitment to withdraw",
        setup=(WITHDRAWN,),
    ),
    *[
        case(
            f"withdraw-{name}-{'blank' if value else 'empty'}",
            "CommitmentWithdrawn",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("reason")
    ],
    # ---------------------------------------------------------------- step 2: diagnosis
    *[
        case(
            f"diagnosis-{name}-{'blank' if value else 'empty'}",
            "NeedsDiagnosed",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("framework_id", "framework_version")
    ],
    case(
        "diagnosis-without-ratings",
        "NeedsDiagnosed",
        {"ratings": {}, "strengths": []},
        InvalidValue,
        "a diagnosis needs at least one rating",
        setup=(ENTRY_STEP,),
    ),
    case(
        "diagnosis-without-assessors",
        "NeedsDiagnosed",
        {"assessors": []},
        InvalidValue,
        "a diagnosis needs at least one assessor",
        setup=(ENTRY_STEP,),
    ),
    case(
        "diagnosis-through-an-unknown-entry-point",
        "NeedsDiagnosed",
        {},
        NotFound,
        "unknown entry point 'sa-2025' (entry points: none yet: add one with 'entry-point add')",
    ),
    case(
        "entry-point-twice",
        "EntryPointAdded",
        {"occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "entry point 'sa-2025' already exists (added 2025-08-18)",
        setup=(ENTRY_STEP,),
    ),
    # ---------------------------------------------------------------- step 3: the plan
    case(
        "plan-set-twice",
        "DirectionSet",
        {"occurred_on": date(2025, 10, 5)},
        RuleViolation,
        "a services plan was set on 2025-10-01; use 'plan change' with a reason",
        setup=(PLAN,),
    ),
    case(
        "plan-set-after-a-change",
        "DirectionSet",
        {"occurred_on": date(2025, 10, 5)},
        RuleViolation,
        "a services plan was set on 2025-10-02",
        setup=(PLAN, ("PlanChanged", {})),
    ),
    case(
        "service-without-id",
        "DirectionSet",
        {"services": [service("  ")]},
        InvalidValue,
        "every planned service needs a service_id",
    ),
    case(
        "service-twice",
        "DirectionSet",
        {"services": [service("ibb-ibps"), service("ibb-ibps", hours="4")]},
        InvalidValue,
        "service 'ibb-ibps' appears twice in the plan",
    ),
    case(
        "service-negative-hours",
        "DirectionSet",
        {"services": [service(hours="-1")]},
        InvalidValue,
        "planned hours for ibb-ibps must be more than 0 and at most 2,000, got -1",
    ),
    case(
        "service-negative-budget",
        "DirectionSet",
        {"services": [service(budget="-5")]},
        InvalidValue,
        "budget for ibb-ibps must be between $0 and $10,000,000, got $-5",
    ),
    case(
        "service-hours-as-text",
        "DirectionSet",
        {"services": [{**service(), "hours": "8"}]},
        InvalidValue,
        "planned hours for ibb-ibps must be a plain number such as 4 or 1.5, got text '8'",
    ),
    case(
        # Epoch 3: a line snapshots the catalogue's kind and price rule (the facade fills them).
        "service-without-its-catalogue-snapshot",
        "DirectionSet",
        {"services": [{"service_id": "x", "name": "X", "hours": Decimal(1), "budget": None}]},
        InvalidValue,
        "the kind of x must be one of: targeted_support, step1_programme, unknown (filled from "
        "the CEC services catalogue)",
    ),
    case(
        "gan-without-any-diagnosis",
        "DirectionSet",
        {"gans_addressed": ["shared-mission"]},
        NotFound,
        "GAN 'shared-mission' is not a diagnosed indicator: no diagnosis has been recorded",
    ),
    case(
        "gan-not-rated",
        "DirectionSet",
        {"gans_addressed": ["Q"]},
        NotFound,
        "GAN 'Q' is not a diagnosed indicator: no diagnosis rated it",
        setup=(ENTRY_STEP, DIAGNOSIS),
    ),
    case(
        "plan-change-before-plan",
        "PlanChanged",
        {},
        RuleViolation,
        "no services plan to change: set direction first ('plan set')",
    ),
    *[
        case(
            f"plan-change-{name}-{'blank' if value else 'empty'}",
            "PlanChanged",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
            setup=(PLAN,),
        )
        for name, value in blank("reason")
    ],
    case(
        "plan-change-changes-nothing",
        "PlanChanged",
        {"goals": [goal("trust", "trust among anchors")]},
        RuleViolation,
        "the plan change changes nothing",
        setup=(PLAN,),
    ),
    case(
        "plan-change-checks-services",
        "PlanChanged",
        {"services": [service("a"), service("a")]},
        InvalidValue,
        "service 'a' appears twice in the plan",
        setup=(PLAN,),
    ),
    case(
        "plan-change-checks-gans",
        "PlanChanged",
        {"gans_addressed": ["nope"]},
        NotFound,
        "GAN 'nope' is not a diagnosed indicator",
        setup=(ENTRY_STEP, DIAGNOSIS, PLAN),
    ),
    # ---------------------------------------------------------------- step 4: teams
    *[
        case(
            f"team-{name}-{'blank' if value else 'empty'}",
            "TeamFormed",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("team_id", "name")
    ],
    case(
        "team-twice",
        "TeamFormed",
        {"team_id": "dlt"},
        RuleViolation,
        "team 'dlt' already exists",
    ),
    case(
        "team-id-padded",
        "TeamFormed",
        {"team_id": " dlt "},
        RuleViolation,
        "team 'dlt' already exists",
    ),
    case(
        "join-unknown-team",
        "TeamMemberJoined",
        {"team_id": "slt"},
        NotFound,
        "unknown team 'slt' (teams: dlt)",
    ),
    case(
        "join-before-team-formed",
        "TeamMemberJoined",
        {"occurred_on": date(2025, 9, 9)},
        RuleViolation,
        "Lee Park cannot join 'dlt' on 2025-09-09: the team was formed on 2025-09-10",
    ),
    case(
        "join-twice",
        "TeamMemberJoined",
        {"member": "Dana Whitfield"},
        RuleViolation,
        "Dana Whitfield is already a member of 'dlt'",
    ),
    *[
        case(
            f"join-{name}-{'blank' if value else 'empty'}",
            "TeamMemberJoined",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("member")
    ],
    case(
        "join-role-empty",
        "TeamMemberJoined",
        {"role": ""},
        InvalidValue,
        "role '' is not one of: board, administration, teachers_organization, principal",
    ),
    case(
        "join-role-outside-the-vocabulary",
        "TeamMemberJoined",
        {"role": "union president"},
        InvalidValue,
        "(put 'union president' in --title)",
    ),
    case(
        "evidence-for-an-unknown-priority",
        "ProgressEvidenced",
        {"team_id": "dlt", "priority_id": "nope"},
        NotFound,
        "priority 'nope' is not one of 'dlt''s priorities (none yet)",
    ),
    case(
        "support-requested-by-the-dlt",
        "SupportRequested",
        {"team_id": "dlt", "priority_id": "nope"},
        RuleViolation,
        "only an SLT documents 'the support needed from the DLT' (Theory of Action, Step 4)",
    ),
    case(
        "priority-of-a-mentoring-pair",
        "TeamPrioritySet",
        {"team_id": "pair"},
        RuleViolation,
        "Theory of Action, Step 4 gives priorities to DLTs (multi-year priorities), SLTs",
        setup=(
            (
                "TeamFormed",
                {"team_id": "pair", "kind": "mentoring-pair", "school": None},
            ),
        ),
    ),
    case(
        "leave-unknown-team",
        "TeamMemberLeft",
        {"team_id": "plc-9"},
        NotFound,
        "unknown team 'plc-9' (teams: dlt)",
    ),
    case(
        "leave-unknown-member",
        "TeamMemberLeft",
        {"member": "Nobody"},
        NotFound,
        "unknown member 'Nobody' of 'dlt' (Dana Whitfield)",
    ),
    case(
        "leave-twice",
        "TeamMemberLeft",
        {"occurred_on": date(2025, 10, 2)},
        NotFound,
        "unknown member 'Dana Whitfield' of 'dlt' (no members)",
        setup=(("TeamMemberLeft", {}),),
    ),
    case(
        "leave-a-member-of-another-team",
        "TeamMemberLeft",
        {"team_id": "slt-oak"},
        NotFound,
        "unknown member 'Dana Whitfield' of 'slt-oak' (no members)",
        setup=(("TeamFormed", {}),),
    ),
    case(
        "stage-unknown-team",
        "TeamStageAdvanced",
        {"team_id": "slt"},
        NotFound,
        "unknown team 'slt' (teams: dlt)",
    ),
    case(
        "stage-unknown-team-lists-every-team",
        "TeamStageAdvanced",
        {"team_id": "slt"},
        NotFound,
        "unknown team 'slt' (teams: dlt, slt-oak)",
        setup=(("TeamFormed", {}),),
    ),
    case(
        "stage-same",
        "TeamStageAdvanced",
        {"stage": "form"},
        RuleViolation,
        "team 'dlt' is already at stage 'form'",
    ),
    case(
        "stage-same-after-advancing",
        "TeamStageAdvanced",
        {"stage": "norm", "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "team 'dlt' is already at stage 'norm'",
        setup=(NORM,),
    ),
    case(
        "stage-skip-form-to-perform",
        "TeamStageAdvanced",
        {"stage": "perform"},
        RuleViolation,
        "team 'dlt' cannot skip from 'form' to 'perform' (first: norm)",
    ),
    case(
        "stage-skip-form-to-sustain",
        "TeamStageAdvanced",
        {"stage": "sustain"},
        RuleViolation,
        "cannot skip from 'form' to 'sustain' (first: norm, perform)",
    ),
    case(
        "stage-skip-norm-to-sustain",
        "TeamStageAdvanced",
        {"stage": "Sustain", "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "cannot skip from 'norm' to 'sustain' (first: perform)",
        setup=(NORM,),
    ),
    case(
        "stage-back-needs-reason",
        "TeamStageAdvanced",
        {"stage": "form", "reason": "", "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "moving team 'dlt' back from 'norm' to 'form' needs a reason",
        setup=(NORM,),
    ),
    case(
        "stage-back-blank-reason",
        "TeamStageAdvanced",
        {"stage": "norm", "reason": "  ", "occurred_on": date(2025, 11, 2)},
        RuleViolation,
        "moving team 'dlt' back from 'perform' to 'norm' needs a reason",
        setup=(NORM, PERFORM),
    ),
    case(
        "stage-before-the-last-stage",
        "TeamStageAdvanced",
        {"stage": "perform", "occurred_on": date(2025, 9, 30)},
        RuleViolation,
        "team 'dlt' reached 'norm' on 2025-10-01; a later stage cannot occur before that",
        setup=(NORM,),
    ),
    case(
        "stage-before-the-team-formed",
        "TeamStageAdvanced",
        {"stage": "norm", "occurred_on": date(2025, 9, 9)},
        RuleViolation,
        "team 'dlt' was formed on 2025-09-10; a stage change on 2025-09-09 cannot name it",
    ),
    # ---------------------------------------------------------------- step 5: sessions
    *[
        case(
            f"session-{name}-{'blank' if value else 'empty'}",
            "SessionDelivered",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("topic", "consultant")
    ],
    case(
        "hours-zero",
        "SessionDelivered",
        {"hours": Decimal(0)},
        InvalidValue,
        "hours must be more than 0 and at most 24 for one session, got 0",
    ),
    case(
        "hours-negative",
        "SessionDelivered",
        {"hours": Decimal("-1.5")},
        InvalidValue,
        "hours must be more than 0 and at most 24 for one session, got -1.5",
    ),
    case(
        "hours-as-text",
        "SessionDelivered",
        {"hours": "2"},
        InvalidValue,
        "hours must be a plain number such as 4 or 1.5, got text '2'",
    ),
    case(
        "hours-as-float",
        "SessionDelivered",
        {"hours": 2.0},
        InvalidValue,
        "hours must be a plain number such as 4 or 1.5, got 2.0",
    ),
    case(
        "participants-zero",
        "SessionDelivered",
        {"participants": 0},
        InvalidValue,
        "participants must be a whole number from 1 to 100,000, got 0",
    ),
    case(
        "participants-negative",
        "SessionDelivered",
        {"participants": -3},
        InvalidValue,
        "participants must be a whole number from 1 to 100,000, got -3",
    ),
    case(
        "participants-fraction",
        "SessionDelivered",
        {"participants": 2.5},
        InvalidValue,
        "participants must be a whole number from 1 to 100,000, got 2.5",
    ),
    case(
        "participants-as-text",
        "SessionDelivered",
        {"participants": "6"},
        InvalidValue,
        "participants must be a whole number from 1 to 100,000, got '6'",
    ),
    case(
        "session-unknown-team",
        "SessionDelivered",
        {"team_id": "plc-9"},
        NotFound,
        "unknown team 'plc-9' (teams: dlt)",
    ),
    # ---------------------------------------------------------------- handoffs
    *[
        case(
            f"handoff-{name}-{'blank' if value else 'empty'}",
            "ConsultantHandoff",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("from_consultant", "to_consultant", "content_area")
    ],
    case(
        "handoff-same-person",
        "ConsultantHandoff",
        {"to_consultant": "Ana Reyes"},
        RuleViolation,
        "a handoff needs two different consultants",
    ),
    case(
        "handoff-same-person-padded",
        "ConsultantHandoff",
        {"to_consultant": " Ana Reyes "},
        RuleViolation,
        "a handoff needs two different consultants",
    ),
    case(
        "handoff-overlap-before",
        "ConsultantHandoff",
        {"overlap_until": date(2025, 9, 30)},
        RuleViolation,
        "overlap_until 2025-09-30 is before the handoff on 2025-10-01",
    ),
    # ---------------------------------------------------------------- capacity transfer
    *[
        case(
            f"transfer-{name}-{'blank' if value else 'empty'}",
            "ResponsibilityTransferred",
            {name: value},
            InvalidValue,
            f"{name} must not be empty",
        )
        for name, value in blank("responsibility", "holder")
    ],
    case(
        "transfer-unknown-team",
        "ResponsibilityTransferred",
        {"team_id": "slt"},
        NotFound,
        "unknown team 'slt'",
    ),
    case(
        "transfer-changes-nothing",
        "ResponsibilityTransferred",
        {"occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "'facilitate DLT meetings' is already co-led with Dana Whitfield",
        setup=(TRANSFERRED,),
    ),
    case(
        "transfer-same-level-by-label",
        "ResponsibilityTransferred",
        {"release_level": "Co-Led", "occurred_on": date(2025, 10, 2)},
        RuleViolation,
        "is already co-led with Dana Whitfield",
        setup=(TRANSFERRED,),
    ),
    # ---------------------------------------------------------------- reflection, outcomes
    case(
        "reflection-unknown-team",
        "ReflectionRecorded",
        {"team_id": "slt"},
        NotFound,
        "unknown team 'slt'",
    ),
    case(
        "reflection-empty",
        "ReflectionRecorded",
        {"process_outcomes": ""},
        InvalidValue,
        "a reflection needs at least one outcome, observation, goal result or lesson",
    ),
    case(
        "reflection-whitespace-only",
        "ReflectionRecorded",
        {"process_outcomes": "  ", "communication": "\t"},
        InvalidValue,
        "a reflection needs at least one outcome",
    ),
    *[
        case(
            f"outcome-evidence-{'blank' if value else 'empty'}",
            "OutcomeObserved",
            {name: value},
            InvalidValue,
            "evidence must not be empty",
        )
        for name, value in blank("evidence")
    ],
    case(
        "outcome-short-dimension-long-tier",
        "OutcomeObserved",
        {"tier": "long_term"},
        InvalidValue,
        "dimension 'policy_changes' belongs to the short_term tier, not long_term",
    ),
    case(
        "outcome-mid-dimension-short-tier",
        "OutcomeObserved",
        {"dimension": "improved_alignment"},
        InvalidValue,
        "dimension 'improved_alignment' belongs to the mid_term tier, not short_term",
    ),
    case(
        "outcome-long-dimension-mid-tier",
        "OutcomeObserved",
        {"tier": "Mid-term", "dimension": "Increased system capacity"},
        InvalidValue,
        "dimension 'increased_system_capacity' belongs to the long_term tier, not mid_term",
    ),
    case(
        "outcome-impact-does-not-fit",
        "OutcomeObserved",
        {"impact": "people"},
        InvalidValue,
        "impact 'people' does not fit dimension 'policy_changes' (it is system)",
    ),
    case(
        "outcome-impact-on-mid-term",
        "OutcomeObserved",
        {"tier": "mid_term", "dimension": "sustaining_practice", "impact": "system"},
        InvalidValue,
        "impact 'system' does not fit dimension 'sustaining_practice' "
        "(it is not a short-term dimension)",
    ),
    # ---------------------------------------------------------------- corrections
    *[
        case(
            f"correction-reason-{'blank' if value else 'empty'}",
            "EventCorrected",
            {name: value},
            InvalidValue,
            "reason must not be empty",
        )
        for name, value in blank("reason")
    ],
    case(
        "correct-missing-event",
        "EventCorrected",
        correct(99, "AnchorCommitted", signatory="x"),
        NotFound,
        "engagement 'maple-ridge' has no event #99 to correct",
    ),
    case(
        "correct-version-zero",
        "EventCorrected",
        correct(0, "EngagementOpened", name="x"),
        NotFound,
        "has no event #0 to correct",
    ),
    case(
        "correct-a-correction",
        "EventCorrected",
        correct(6, "EventCorrected", reason="y"),
        RuleViolation,
        "event #6 is itself a correction; correct the original event instead",
        setup=(CORRECTION,),
    ),
    case(
        "correct-wrong-type",
        "EventCorrected",
        correct(2, "SessionDelivered", hours=Decimal(3)),
        RuleViolation,
        "event #2 is a AnchorCommitted, not a SessionDelivered",
    ),
    case(
        "correct-unknown-type",
        "EventCorrected",
        correct(2, "Nonsense", signatory="x"),
        RuleViolation,
        "event #2 is a AnchorCommitted, not a Nonsense",
    ),
    case(
        "correct-nothing-named",
        "EventCorrected",
        correct(2, "AnchorCommitted"),
        InvalidValue,
        "a correction must change at least one field",
    ),
    case(
        "correct-slug",
        "EventCorrected",
        correct(1, "EngagementOpened", slug="oak"),
        InvalidValue,
        "EngagementOpened field 'slug' cannot be corrected (correctable: ",
    ),
    case(
        "correct-team-id",
        "EventCorrected",
        correct(3, "TeamFormed", team_id="slt"),
        InvalidValue,
        "TeamFormed field 'team_id' cannot be corrected",
    ),
    case(
        "correct-member",
        "EventCorrected",
        correct(4, "TeamMemberJoined", member="Dana W."),
        InvalidValue,
        "TeamMemberJoined field 'member' cannot be corrected",
    ),
    case(
        "correct-member-team",
        "EventCorrected",
        correct(4, "TeamMemberJoined", team_id="slt"),
        InvalidValue,
        "TeamMemberJoined field 'team_id' cannot be corrected",
    ),
    case(
        "correct-responsibility",
        "EventCorrected",
        correct(6, "ResponsibilityTransferred", responsibility="run the data cycle"),
        InvalidValue,
        "ResponsibilityTransferred field 'responsibility' cannot be corrected",
        setup=(TRANSFERRED,),
    ),
    case(
        "correct-stage-team",
        "EventCorrected",
        correct(6, "TeamStageAdvanced", team_id="slt"),
        InvalidValue,
        "TeamStageAdvanced field 'team_id' cannot be corrected",
        setup=(NORM,),
    ),
    case(
        "correct-recorded-by",
        "EventCorrected",
        correct(2, "AnchorCommitted", recorded_by="mallory"),
        InvalidValue,
        "AnchorCommitted field 'recorded_by' cannot be corrected",
    ),
    case(
        "correct-unknown-field",
        "EventCorrected",
        correct(2, "AnchorCommitted", colour="red"),
        InvalidValue,
        "AnchorCommitted field 'colour' cannot be corrected (correctable: ",
    ),
    case(
        "correct-base-field",
        "EventCorrected",
        correct(2, "AnchorCommitted", originator_version=9),
        InvalidValue,
        "field 'originator_version' cannot be corrected",
    ),
    case(
        "correct-changes-nothing",
        "EventCorrected",
        correct(2, "AnchorCommitted", signatory="R. Alvarez"),
        RuleViolation,
        "the correction changes nothing: event #2 already has those values",
    ),
    case(
        "correct-changes-nothing-by-label",
        "EventCorrected",
        correct(2, "AnchorCommitted", instrument="Compact"),
        RuleViolation,
        "the correction changes nothing",
    ),
    case(
        "correct-changes-nothing-by-text",
        "EventCorrected",
        correct(5, "SessionDelivered", hours="4.0"),
        RuleViolation,
        "the correction changes nothing",
    ),
    case(
        "correct-value-of-wrong-type",
        "EventCorrected",
        correct(5, "SessionDelivered", hours="lots"),
        InvalidValue,
        "SessionDelivered.hours must be a number, got 'lots'",
    ),
    case(
        "correct-date-does-not-parse",
        "EventCorrected",
        correct(5, "SessionDelivered", occurred_on="next blursday"),
        InvalidValue,
        "SessionDelivered.occurred_on must be a date YYYY-MM-DD, got 'next blursday'",
    ),
    case(
        "correct-anchor-out-of-vocabulary",
        "EventCorrected",
        correct(2, "AnchorCommitted", anchor="union"),
        InvalidValue,
        "anchor 'union' is not one of",
    ),
    case(
        "correct-team-formed-after-its-member-joined",
        "EventCorrected",
        correct(3, "TeamFormed", occurred_on="2025-11-01"),
        RuleViolation,
        "correction refused: with it, event #4 would break a rule: Dana Whitfield cannot join",
    ),
    case(
        "correct-into-the-future",
        "EventCorrected",
        correct(5, "SessionDelivered", occurred_on="2026-01-01"),
        RuleViolation,
        "correction refused: with it, event #5 would break a rule: occurred_on 2026-01-01 is "
        "in the future (today is 2025-12-31)",
    ),
    case(
        "correct-before-opened",
        "EventCorrected",
        correct(5, "SessionDelivered", occurred_on="2025-08-01"),
        RuleViolation,
        "event #5 would break a rule: occurred_on 2025-08-01 is before engagement",
    ),
    case(
        "correct-opened-after-later-events",
        "EventCorrected",
        correct(1, "EngagementOpened", occurred_on="2025-09-15"),
        RuleViolation,
        "event #2 would break a rule: occurred_on 2025-09-02 is before engagement "
        "'maple-ridge' opened on 2025-09-15",
    ),
    case(
        "correct-session-to-zero-hours",
        "EventCorrected",
        correct(5, "SessionDelivered", hours="0"),
        RuleViolation,
        "event #5 would break a rule: hours must be more than 0 and at most 24",
    ),
    case(
        "correct-anchor-to-one-committed-later",
        "EventCorrected",
        correct(2, "AnchorCommitted", anchor="administration"),
        RuleViolation,
        "event #6 would break a rule: administration already committed on",
        setup=(("AnchorCommitted", {"anchor": "administration"}),),
    ),
    case(
        "correct-withdrawal-of-nothing",
        "EventCorrected",
        correct(2, "AnchorCommitted", anchor="administration"),
        RuleViolation,
        "event #6 would break a rule: board has no commitment to withdraw",
        setup=(WITHDRAWN,),
    ),
    case(
        "correct-session-onto-unknown-team",
        "EventCorrected",
        correct(5, "SessionDelivered", team_id="plc-9"),
        RuleViolation,
        "event #5 would break a rule: unknown team 'plc-9' (teams: dlt)",
    ),
    case(
        "correct-stage-into-a-skip",
        "EventCorrected",
        correct(6, "TeamStageAdvanced", stage="perform"),
        RuleViolation,
        "event #6 would break a rule: team 'dlt' cannot skip from 'form' to 'perform'",
        setup=(NORM,),
    ),
    case(
        "correct-outcome-tier-mismatch",
        "EventCorrected",
        correct(6, "OutcomeObserved", tier="long_term"),
        RuleViolation,
        "event #6 would break a rule: dimension 'policy_changes' belongs to the short_term tier",
        setup=(("OutcomeObserved", {}),),
    ),
    case(
        "correct-handoff-to-same-person",
        "EventCorrected",
        correct(6, "ConsultantHandoff", to_consultant="Ana Reyes"),
        RuleViolation,
        "event #6 would break a rule: a handoff needs two different consultants",
        setup=(("ConsultantHandoff", {}),),
    ),
    case(
        "correct-plan-change-to-no-change",
        "EventCorrected",
        correct(7, "PlanChanged", goals=[goal("trust", "trust among anchors")]),
        RuleViolation,
        "event #7 would break a rule: the plan change changes nothing",
        setup=(PLAN, ("PlanChanged", {})),
    ),
    case(
        "correct-signatory-to-blank",
        "EventCorrected",
        correct(2, "AnchorCommitted", signatory="  "),
        RuleViolation,
        "event #2 would break a rule: signatory must not be empty",
    ),
    # ---------------------------------------------------------------- closing
    *[
        case(
            f"close-reason-{'blank' if value else 'empty'}",
            "EngagementClosed",
            {name: value},
            InvalidValue,
            "reason must not be empty",
        )
        for name, value in blank("reason")
    ],
]


def command_fields(event_type: str, changes: dict[str, Any]) -> dict[str, Any]:
    if event_type not in EVENT_TYPE_NAMES:
        return dict(changes)
    merged = fields(event_type, **changes)
    return {name: value for name, value in merged.items() if value is not DROP}


@pytest.mark.parametrize(("setup", "event_type", "changes", "error", "fragment"), CASES)
def test_refused_and_nothing_changes(
    setup: tuple[tuple[str, dict[str, Any]], ...],
    event_type: str,
    changes: dict[str, Any],
    error: type[Exception],
    fragment: str,
) -> None:
    engagement = build(setup)
    engagement.collect_events()  # as a save would: nothing is pending before the command
    before = snapshot(engagement)
    with pytest.raises(error) as raised:
        engagement.record(
            event_type, command_fields(event_type, changes), recorded_by=ACTOR, today=TODAY
        )
    assert type(raised.value) is error, f"{type(raised.value).__name__}: {raised.value}"
    assert fragment in str(raised.value)
    assert "\n" not in str(raised.value)
    assert snapshot(engagement) == before
    assert engagement.collect_events() == []


def test_the_table_refuses_every_event_type() -> None:
    """Every event type has at least one refusal above beyond the closed-engagement one."""
    refused = {
        param.values[1]
        for param in CASES
        if param.values[3] is not EngagementClosed and param.values[1] in EVENT_TYPE_NAMES
    }
    assert refused == set(EVENT_TYPE_NAMES)


# ---------------------------------------------------------------- opening an engagement
OPEN_CASES = [
    pytest.param({"slug": ""}, InvalidValue, "slug must not be empty", id="slug-empty"),
    pytest.param({"name": "  "}, InvalidValue, "name must not be empty", id="name-blank"),
    pytest.param(
        {"organisation": ""}, InvalidValue, "organisation must not be empty", id="org-empty"
    ),
    *[
        pytest.param(
            {"slug": slug},
            InvalidValue,
            f"slug {slug!r} must be lower-case letters, digits and hyphens (at most 60)",
            id=f"slug-{reason}",
        )
        for slug, reason in [
            ("Maple-Ridge", "upper-case"),
            ("maple ridge", "space"),
            ("maple_ridge", "underscore"),
            ("maple-ridge!", "punctuation"),
            ("maple.ridge", "dot"),
            ("a" * 61, "61-long"),
            ("-", "hyphen-only"),
        ]
    ],
    pytest.param(
        {"level": "county"},
        InvalidValue,
        "level 'county' is not one of: district, school, state, labor_management_group",
        id="level",
    ),
    pytest.param(
        {"entry_point": "vibes"},
        InvalidValue,
        "diagnostic entry point 'vibes' is not one of: system_assessment",
        id="entry-point",
    ),
    pytest.param(
        {"occurred_on": TODAY + timedelta(days=1)},
        RuleViolation,
        "occurred_on 2026-01-01 is in the future (today is 2025-12-31)",
        id="opened-tomorrow",
    ),
    pytest.param(
        {"lead_consultant": DROP},
        InvalidValue,
        "EngagementOpened is missing lead_consultant",
        id="lead-consultant-missing",
    ),
    pytest.param(
        {"bogus": True}, InvalidValue, "EngagementOpened has no field bogus", id="unknown-field"
    ),
]


@pytest.mark.parametrize(("changes", "error", "fragment"), OPEN_CASES)
def test_opening_refused(changes: dict[str, Any], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as raised:
        Engagement.open(command_fields("EngagementOpened", changes), recorded_by=ACTOR, today=TODAY)
    assert type(raised.value) is error
    assert fragment in str(raised.value)


@pytest.mark.parametrize("state", [None, EngagementState()], ids=["no-state", "empty-state"])
@pytest.mark.parametrize("event_type", ["AnchorCommitted", "EventCorrected", "EngagementClosed"])
def test_nothing_but_opening_before_the_engagement_opened(
    state: EngagementState | None, event_type: str
) -> None:
    with pytest.raises(NotFound, match="engagement not opened"):
        check(state, event_type, {**fields(event_type), "recorded_by": ACTOR}, TODAY)


@pytest.mark.parametrize(
    ("event_type", "field"),
    [
        ("AnchorCommitted", "anchor"),
        ("TeamMemberJoined", "team_id"),
        ("TeamStageAdvanced", "stage"),
        ("OutcomeObserved", "dimension"),
    ],
)
def test_a_required_field_given_none_is_a_domain_error(event_type: str, field: str) -> None:
    engagement = build()
    before = snapshot(engagement)
    with pytest.raises(InvalidValue, match=field):
        engagement.record(
            event_type, fields(event_type, **{field: None}), recorded_by=ACTOR, today=TODAY
        )
    assert snapshot(engagement) == before
