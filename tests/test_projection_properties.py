"""Property: for any valid sequence of commands, the incrementally maintained views equal a
full rebuild, and the current state equals ``--as-of`` the last date — on both backends.

Hypothesis draws a sequence of commands from a small model of what is valid next (teams
that exist, members on a team, the next stage, an anchor not yet committed...), runs them
through the facade one by one (each save updates the views incrementally), then compares."""

from __future__ import annotations

from datetime import date, timedelta

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cec_ledger.domain.engagement import fold_history
from cec_ledger.facade import Ledger
from cec_ledger.facade.audit import rebuild
from cec_ledger.facade.model import with_model_views
from cec_ledger.facade.services import plan_line
from cec_ledger.formats.lines import plain

STAGES = ["form", "norm", "perform", "sustain"]
LEVELS = ["consultant-led", "co-led", "district-led-with-coaching", "district-independent"]
ANCHORS = ["board", "administration", "teachers_organization"]


class Model:
    """Just enough state to generate valid commands."""

    def __init__(self) -> None:
        self.committed: set[str] = set()
        self.teams: dict[str, int] = {}
        self.members: dict[str, set[str]] = {}
        self.plan = False
        self.goals = 0  # goals the plan changes added (ids are never reused)
        self.levels: dict[str, int] = {}

    def options(self) -> list[str]:
        options = ["session", "outcome", "reflect", "form"]
        options += ["commit"] if len(self.committed) < 3 else []
        options += ["withdraw"] if self.committed else []
        options += ["plan-set"] if not self.plan else ["plan-change"]
        options += ["join", "stage", "transfer"] if self.teams else []
        options += ["leave"] if any(self.members.values()) else []
        return options


def run_command(ledger: Ledger, model: Model, choice: str, pick: int, on: date) -> None:
    e, day = "p", on.isoformat()
    if choice == "commit":
        anchor = sorted(set(ANCHORS) - model.committed)[pick % (3 - len(model.committed))]
        ledger.record(
            e,
            "AnchorCommitted",
            anchor=anchor,
            signatory=f"S{pick}",
            instrument="compact",
            occurred_on=day,
        )
        model.committed.add(anchor)
    elif choice == "withdraw":
        anchor = sorted(model.committed)[pick % len(model.committed)]
        ledger.record(e, "CommitmentWithdrawn", anchor=anchor, reason="review", occurred_on=day)
        model.committed.discard(anchor)
    elif choice == "plan-set":
        ledger.record(
            e,
            "DirectionSet",
            emphasis="achievement",
            kind="support",
            goals=[{"goal_id": "g", "text": "g", "elements": ["ESTL"], "gans": []}],
            services=[plan_line("ibb-ibps", "8", "2500")],
            occurred_on=day,
        )
        model.plan = True
    elif choice == "plan-change":
        goal = f"goal-{model.goals}"
        ledger.change_plan(
            e,
            reason=f"change {pick}",
            add_goals=[f"{goal}:goal {pick}"],
            goal_elements=[f"{goal}:IEP"],
            occurred_on=day,
        )
        model.goals += 1
    elif choice == "form":
        team = f"t{len(model.teams)}"
        ledger.record(
            e,
            "TeamFormed",
            team_id=team,
            kind=["common-planning", "mentoring-pair", "cross-role-problem-solving"][pick % 3],
            name=f"Team {team}",
            occurred_on=day,
        )
        model.teams[team] = 0
        model.members[team] = set()
    elif choice == "join":
        team = sorted(model.teams)[pick % len(model.teams)]
        member = f"m{pick}"
        if member in model.members[team]:
            return
        ledger.record(
            e, "TeamMemberJoined", team_id=team, member=member, role="teacher", occurred_on=day
        )
        model.members[team].add(member)
    elif choice == "leave":
        team = sorted(t for t, m in model.members.items() if m)[0]
        member = sorted(model.members[team])[pick % len(model.members[team])]
        ledger.record(e, "TeamMemberLeft", team_id=team, member=member, occurred_on=day)
        model.members[team].discard(member)
    elif choice == "stage":
        team = sorted(model.teams)[pick % len(model.teams)]
        current = model.teams[team]
        target = current + 1 if current < 3 else current - 1
        ledger.record(
            e,
            "TeamStageAdvanced",
            team_id=team,
            stage=STAGES[target],
            reason="" if target > current else "setback",
            occurred_on=day,
        )
        model.teams[team] = target
    elif choice == "transfer":
        name = f"resp{pick % 3}"
        level = (model.levels.get(name, -1) + 1) % 4
        ledger.record(
            e,
            "ResponsibilityTransferred",
            responsibility=name,
            team_id=sorted(model.teams)[0],
            release_level=LEVELS[level],
            holder=f"h{level}",
            occurred_on=day,
        )
        model.levels[name] = level
    elif choice == "session":
        ledger.record(
            e,
            "SessionDelivered",
            delivery="training",
            topic=f"s{pick}",
            hours=str(1 + pick % 4),
            participants=1 + pick % 30,
            consultant="c",
            # Rules epoch 3: work outside the catalogue says why it is outside the plan.
            unplanned="outside the catalogue",
            occurred_on=day,
        )
    elif choice == "outcome":
        ledger.record(
            e,
            "OutcomeObserved",
            tier="short_term",
            dimension="decision_making",
            evidence=f"e{pick}",
            occurred_on=day,
        )
    elif choice == "reflect":
        ledger.record(e, "ReflectionRecorded", process_outcomes=f"p{pick}", occurred_on=day)


ENGAGEMENT_VIEW = (
    "engagement_id",
    "slug",
    "status",
    "step_reached",
    "events",
    "last_occurred_on",
    "capacity_index",
    "state_json",
)


def views_snapshot(ledger: Ledger) -> tuple[bytes, bytes]:
    timeline = ledger.views.query("SELECT row_json FROM {p}cec_timeline ORDER BY position")
    engagements = ledger.views.query(
        f"SELECT {', '.join(ENGAGEMENT_VIEW)} FROM {{p}}cec_engagements ORDER BY engagement_id"
    )
    return (
        orjson.dumps([r["row_json"] for r in timeline]),
        orjson.dumps([[r[k] for k in ENGAGEMENT_VIEW] for r in engagements]),
    )


commands = st.lists(
    st.tuples(st.integers(0, 20), st.integers(0, 1000), st.integers(0, 20)), min_size=1, max_size=25
)


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=commands)
def test_incremental_views_equal_rebuild_and_as_of(ledger_url: str, steps) -> None:
    ledger = Ledger.open(ledger_url, actor="prop", create=True)
    try:
        # Each example starts from an empty ledger: clear what an earlier example wrote.
        _reset(ledger, ledger_url)
        ledger.open_engagement(
            slug="p",
            name="P",
            organisation="P District",
            level="district",
            occurred_on="2024-01-01",
        )
        model = Model()
        day = date(2024, 1, 1)
        for choice_index, pick, gap in steps:
            day += timedelta(days=gap)
            options = model.options()
            run_command(ledger, model, options[choice_index % len(options)], pick, day)
        incremental = views_snapshot(ledger)
        now = ledger.engagement("p")
        # The views against the source of truth: the stored events, folded independently.
        assert ledger.timeline() == list(ledger.all_events())
        events = ledger.app.engagement_events(ledger.resolve("p"))
        folded = {**plain(fold_history(events).to_dict()), "as_of": None, "known_at": None}
        folded = with_model_views(folded)  # the Framework for Change coverage show adds
        assert {k: v for k, v in now.items() if k != "open_handoffs"} == folded
        rebuild(ledger)
        assert views_snapshot(ledger) == incremental
        as_of = ledger.engagement("p", as_of=day.isoformat())
        for key in (
            "anchors",
            "plan",
            "teams",
            "responsibilities",
            "sessions",
            "outcomes",
            "step_reached",
            "version",
        ):
            assert as_of[key] == now[key], key
    finally:
        ledger.close()


def _reset(ledger: Ledger, url: str) -> None:
    tables = ["stored_events", "cec_timeline", "cec_engagements", "cec_chain"]
    if url.startswith("postgresql://"):
        tables[0] = "cec_ledger_events"
        tracking = ledger.views.tracking_table
    else:
        tracking = "tracking"
    with ledger.views.writing() as cursor:
        for table in tables:
            ledger.views.execute(cursor, f"DELETE FROM {{p}}{table}")
        ledger.views.execute(
            cursor, f"DELETE FROM {{p}}{tracking} WHERE application_name IN ('views', 'chain')"
        )
    ledger.projector._states.clear()
