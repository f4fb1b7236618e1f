"""The Pathway's progress (domain/pathway.py) at its edges: a state with no event yet, a step
first reached on the date a member joins the DLT (Theory of Action, Step 4: the anchors seated
on the DLT) and the We broken right after step 1 was reached."""

from __future__ import annotations

from datetime import date

from cec_ledger.domain.pathway import describe, dots
from cec_ledger.domain.state import EngagementState
from cec_ledger.domain.vocabulary import PATHWAY_STEPS
from tests.domain.builders import ENTRY_STEP, build

# The two anchors base() has not committed yet (base(): the board, on 2025-09-02).
ANCHORS = [
    ("AnchorCommitted", {"anchor": "administration"}),
    ("AnchorCommitted", {"anchor": "teachers_organization"}),
]
# An SLT under base()'s DLT (which seats the teachers' organization from 2025-09-10).
SLT = ("TeamFormed", {})
# Targeted support delivered under the plan's line ibb-ibps (Pathway step 5, the ledger's C4).
SERVED = ("SessionDelivered", {"service_id": "ibb-ibps", "delivery": "facilitating"})


def test_a_state_with_no_event_has_reached_no_step_and_shows_every_step_undecided() -> None:
    """Before its first event an engagement has no date to judge a step on: nothing is
    reached, nothing is at risk, and each of the five steps reads "-"."""
    pathway = EngagementState().pathway()
    assert pathway == {
        "reached": 0,
        "current": 0,
        "reached_on": {},
        "at_risk": [],
        "we_broken": None,
        "steps": [
            {"step": number, "name": name, "holds": False, "evidence": "-"}
            for number, name in zip(range(1, 6), PATHWAY_STEPS, strict=True)
        ],
    }
    assert [step["step"] for step in pathway["steps"]] == [1, 2, 3, 4, 5]
    assert describe(pathway) == "step 0 of 5 reached"
    assert dots(pathway) == "○○○○○ 0/5"


def test_step_four_is_reached_on_the_date_the_last_anchor_takes_a_dlt_seat() -> None:
    """Members joining seat the anchors on the DLT (Theory of Action, Step 4): the day the
    administration joins (2025-10-10, no other event's date) is the day step 4 is reached,
    not the date of the next event."""
    engagement = build(
        [
            *ANCHORS,
            ENTRY_STEP,
            ("NeedsDiagnosed", {}),
            ("DirectionSet", {}),
            SLT,
            ("TeamMemberJoined", {"member": "R. Alvarez", "role": "board"}),
            (
                "TeamMemberJoined",
                {
                    "member": "J. Okafor",
                    "role": "administration",
                    "occurred_on": date(2025, 10, 10),
                },
            ),
            (SERVED[0], {**SERVED[1], "occurred_on": date(2025, 10, 20)}),
        ]
    )
    pathway = engagement.state.pathway()
    assert pathway["reached_on"] == {
        "1": date(2025, 10, 1),
        "2": date(2025, 10, 1),
        "3": date(2025, 10, 1),
        "4": date(2025, 10, 10),
        "5": date(2025, 10, 20),
    }


def test_the_we_broken_after_only_step_one_was_reached_says_since_when_and_by_whom() -> None:
    """Step 1 reached (the three anchors committed on 2025-10-01), then the board withdraws
    on 2025-11-01 before anything else held: step 1 is at risk and the We is broken."""
    withdrawn = ("CommitmentWithdrawn", {"anchor": "board", "occurred_on": date(2025, 11, 1)})
    pathway = build([*ANCHORS, withdrawn]).state.pathway()
    assert (pathway["reached"], pathway["current"], pathway["at_risk"]) == (1, 0, [1])
    assert pathway["we_broken"] == {
        "since": date(2025, 11, 1),
        "by": [{"anchor": "board", "signatory": "R. Alvarez", "on": date(2025, 11, 1)}],
    }
    assert describe(pathway) == (
        "step 1 of 5 reached (2025-10-01) · We broken since 2025-11-01 by the Board of "
        "education (R. Alvarez) · at risk: step 1"
    )
