"""Each plan goal's history as the fold keeps it (domain/folds_plan.py, ``state.goals``): a
goal keeps its id across plan changes (Theory of Action, Step 3), its text, Framework for
Change elements and GANs follow the plan in force, its earlier texts are kept, and a goal
removed and later brought back starts a new stretch in the plan without losing its earlier
texts nor its rating by a reflection."""

from __future__ import annotations

from datetime import date
from typing import Any

from cec_ledger.domain.engagement import Engagement
from tests.domain.builders import ENTRY_STEP, build, goal, record

SET_ON = date(2025, 10, 1)
CHANGED_ON = date(2025, 10, 2)
RATED_ON = date(2025, 10, 3)
REMOVED_ON = date(2025, 10, 4)
BACK_ON = date(2025, 10, 5)
REFLECTION = 10  # base() is #1-#5, the entry point #6, the diagnosis #7, the plan #8, its change #9
TRUST = goal("trust", "Build trust among the anchors", "FLMC", "IEP", gans=("shared-mission",))
TIME_BACK = goal("time", "Protected time, written into the MOU", "TtP")


def history() -> Engagement:
    """A plan with two goals (after a diagnosis, so goals may name GANs), then: both goals
    replaced and ``trust`` retagged; ``time`` rated by a reflection; ``time`` removed; ``time``
    brought back."""
    engagement = build([ENTRY_STEP, ("NeedsDiagnosed", {"occurred_on": SET_ON})])
    record(
        engagement,
        "DirectionSet",
        goals=[goal("trust", "Build trust"), goal("time", "Protected time", "TtP")],
        occurred_on=SET_ON,
    )
    record(
        engagement,
        "PlanChanged",
        goals=[TRUST, goal("time", "Protected time for every team", "TtP")],
        occurred_on=CHANGED_ON,
    )
    record(
        engagement,
        "ReflectionRecorded",
        goals=[{"goal_id": "time", "result": "met", "evidence": "the MOU"}],
        occurred_on=RATED_ON,
    )
    record(engagement, "PlanChanged", goals=[TRUST], occurred_on=REMOVED_ON)
    record(engagement, "PlanChanged", goals=[TRUST, TIME_BACK], occurred_on=BACK_ON)
    return engagement


def test_a_changed_goal_takes_the_new_text_elements_and_gans_and_keeps_the_old_text() -> None:
    trust: dict[str, Any] = history().state.goals["trust"]
    assert trust == {
        **TRUST,  # the text, elements and GANs of the plan in force
        "added_on": SET_ON,
        "replaced": [{"on": CHANGED_ON, "old_text": "Build trust"}],
        "removed_on": None,
        "removal_reason": "",
        "result": None,
    }


def test_a_goal_brought_back_keeps_its_earlier_texts_and_its_rating() -> None:
    """Brought back, the goal is in the plan again from that day (no removal date), and what
    was said of it before (its earlier texts, a reflection's rating) still belongs to it."""
    time: dict[str, Any] = history().state.goals["time"]
    assert time == {
        **TIME_BACK,
        "added_on": BACK_ON,
        "replaced": [{"on": CHANGED_ON, "old_text": "Protected time"}],
        "removed_on": None,
        "removal_reason": "",
        "result": {
            "on": RATED_ON,
            "result": "met",
            "evidence": "the MOU",
            "reflection": REFLECTION,
        },
    }
