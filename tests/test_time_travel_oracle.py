"""Time travel proven against an oracle (issue 10).

The oracle is a deliberately simple reference fold written here, from the issue's words
alone: it reads an engagement's export lines (plain JSON) and shares nothing with the
projector, ``EngagementState``, ``fold_history`` or the Pathway module. For a date D and a
moment T, *as of D, known at T* means: the events recorded by T; the corrections among them
applied to the events they correct (later corrections of a field winning); then every event
that had occurred by D, in recorded order. The Pathway: step k holds on a date when steps
1..k all hold then (1: all three anchors' latest act is a commitment; 2: a diagnosis; 3: a
plan; 4: the structure of a district — a DLT on which members of the three anchors' roles sit
on the date, with an SLT under it, rules epoch 3 (docs/cec-model.md); 5: a session — not
coaching — of a targeted-support line of the plan in force on its date, rules epoch 3); ``current`` is that on D, ``reached`` the most that held
on any event date up to D; ``members``, who sits on each team on D (joined and not left).

Hypothesis generates histories through the real facade (back-dated events, withdrawals and
re-commitments, corrections of corrections and reverts, closes; whatever the rules refuse is
simply not recorded) and, for random dates and moments, ``show --as-of --known-at --json``
(``Ledger.engagement``, what the command prints) must equal the oracle. At least 500 examples
on SQLite per run (``ORACLE_EXAMPLES``), fewer on PostgreSQL. ``test_the_oracle_catches_an_off
_by_one_as_of`` shows it failing on a deliberately broken as-of.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cec_ledger.domain.errors import DomainError
from cec_ledger.facade.ledger import Ledger
from cec_ledger.facade.services import plan_line

ANCHORS = ("board", "administration", "teachers_organization")
LEVELS = ("consultant-led", "co-led", "district-led-with-coaching", "district-independent")
START = date(2025, 1, 1)
CLOCK_START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
SQLITE_EXAMPLES = 500
POSTGRES_EXAMPLES = 60


# ------------------------------------------------------------------ the oracle
def _day(text: str) -> date:
    return date.fromisoformat(text)


def _effective(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each line's type and fields (``occurred_on`` included) with corrections applied."""
    overrides: dict[int, dict[str, Any]] = {}
    for line in lines:
        if line["type"] == "EventCorrected":
            overrides.setdefault(line["data"]["corrects_version"], {}).update(
                line["data"]["corrected_fields"]
            )
    out = []
    for line in lines:
        fields = {**line["data"], "occurred_on": line["occurred_on"]}
        fields.update(overrides.get(line["version"], {}))
        out.append({"type": line["type"], "version": line["version"], **fields})
    return out


def _fold(events: list[dict[str, Any]], day: date) -> dict[str, Any]:
    view: dict[str, Any] = {
        "events": 0,
        "version": 0,
        "anchors": dict.fromkeys(ANCHORS),
        "sessions": 0,
        "hours": Decimal(0),
        "teams": set(),
        # Pathway step 4 (rules epoch 3): each team's kind and parent, and its members' spans
        # [member, role, joined, left] in recorded order.
        "structure": {},
        "plan_changes": None,
        "responsibilities": {},
        "closed": False,
        "corrections": 0,
        "diagnoses": 0,
        # Pathway step 5 (rules epoch 3): the plan events' targeted-support lines and the
        # sessions (date, service, delivery), to tell the sessions under the plan.
        "plans": [],
        "served": [],
    }
    for e in events:
        if _day(e["occurred_on"]) > day:
            continue
        view["events"] += 1
        view["version"] = max(view["version"], e["version"])
        kind = e["type"]
        if kind == "AnchorCommitted":
            view["anchors"][e["anchor"]] = ("committed", e["signatory"])
        elif kind == "CommitmentWithdrawn":
            view["anchors"][e["anchor"]] = ("withdrawn", None)
        elif kind == "SessionDelivered":
            view["sessions"] += 1
            view["hours"] += Decimal(str(e["hours"]))
            view["served"].append((_day(e["occurred_on"]), e["service_id"], e["delivery"]))
        elif kind == "TeamFormed":
            view["teams"].add(e["team_id"])
            view["structure"][e["team_id"]] = (e["kind"], e["parent_team_id"], [])
        elif kind == "TeamMemberJoined" and e["team_id"] in view["structure"]:
            spans = view["structure"][e["team_id"]][2]
            spans.append([e["member"], e["role"], _day(e["occurred_on"]), None])
        elif kind == "TeamMemberLeft" and e["team_id"] in view["structure"]:
            spans = view["structure"][e["team_id"]][2]
            for span in reversed(spans):
                if span[0] == e["member"] and span[3] is None:
                    span[3] = _day(e["occurred_on"])
                    break
        elif kind == "DirectionSet":
            view["plan_changes"] = 0
        elif kind == "PlanChanged":
            view["plan_changes"] = (view["plan_changes"] or 0) + 1
        if kind in ("DirectionSet", "PlanChanged"):
            targeted = {s["service_id"] for s in e["services"] if s["kind"] == "targeted_support"}
            view["plans"].append((_day(e["occurred_on"]), targeted))
        elif kind == "ResponsibilityTransferred":
            view["responsibilities"][e["responsibility"]] = e["release_level"]
        elif kind == "EngagementClosed":
            view["closed"] = True
        elif kind == "EventCorrected":
            view["corrections"] += 1
        elif kind == "NeedsDiagnosed":
            view["diagnoses"] += 1
    return view


def _current(view: dict[str, Any], day: date) -> int:
    holds = [
        all(a is not None and a[0] == "committed" for a in view["anchors"].values()),
        view["diagnoses"] > 0,
        view["plan_changes"] is not None,
        _structure_holds(view, day),
        any(_under_plan(view, *served) for served in view["served"]),
    ]
    return next((k for k, held in enumerate(holds) if not held), 5)


def _structure_holds(view: dict[str, Any], day: date) -> bool:
    """A district's structure on a day: a DLT whose members then hold the three anchors'
    roles, and an SLT under it."""
    for team_id, (kind, _parent, spans) in view["structure"].items():
        if kind != "dlt":
            continue
        seated = {
            role
            for _member, role, joined, left in spans
            if joined <= day and (left is None or left > day)
        }
        under = any(k == "slt" and p == team_id for k, p, _s in view["structure"].values())
        return set(ANCHORS) <= seated and under
    return False


def _under_plan(view: dict[str, Any], on: date, service: str | None, delivery: str) -> bool:
    """Targeted support delivered under the plan: a session (not coaching) of a
    targeted-support line of the plan in force on its date (the latest plan event by then)."""
    in_force: set[str] = set()
    for when, targeted in view["plans"]:
        if when <= on:
            in_force = targeted
    return delivery != "coaching" and service in in_force


def oracle(
    lines: list[dict[str, Any]], as_of: date | None, known_at: datetime | None
) -> dict[str, Any] | None:
    """The engagement as of ``as_of`` and known at ``known_at``; None if it did not exist."""
    known = [
        line
        for line in lines
        if known_at is None or datetime.fromisoformat(line["recorded_at"]) <= known_at
    ]
    if not known:
        return None
    events = _effective(known)
    if as_of is not None and _day(events[0]["occurred_on"]) > as_of:
        return None
    day = as_of or date.max
    view = _fold(events, day)
    dates = sorted({_day(e["occurred_on"]) for e in events if _day(e["occurred_on"]) <= day})
    view["current"] = _current(view, day)
    view["reached"] = max((_current(_fold(events, d), d) for d in dates), default=0)
    # Who sits on each team then: the members who joined and have not left by that day.
    view["members"] = {
        team_id: sorted((member, role) for member, role, _joined, left in spans if left is None)
        for team_id, (_kind, _parent, spans) in view["structure"].items()
    }
    # what the Pathway read, not what show prints
    del view["plans"], view["served"], view["structure"]
    return view


def observed(state: dict[str, Any]) -> dict[str, Any]:
    """The same facts read from ``show --json``."""
    return {
        "events": state["events"],
        "version": state["version"],
        "anchors": {
            a: None
            if not e["since"]
            else ("committed", e["signatory"])
            if e["committed"]
            else ("withdrawn", None)
            for a, e in state["anchors"].items()
        },
        "sessions": state["sessions"]["count"],
        "hours": Decimal(state["sessions"]["hours"]),
        "teams": {t["team_id"] for t in state["teams"]},
        "plan_changes": state["plan"]["changes"] if state["plan"] else None,
        "responsibilities": {
            r["responsibility"]: r["release_level"] for r in state["responsibilities"]
        },
        "closed": state["status"] == "closed",
        "corrections": len(state["corrections"]),
        "diagnoses": len(state["diagnoses"]),
        "current": state["pathway"]["current"],
        "reached": state["pathway"]["reached"],
        "members": {
            t["team_id"]: sorted((m["member"], m["role"]) for m in t["members"])
            for t in state["teams"]
        },
    }


# ------------------------------------------------------------------ histories
days = st.integers(min_value=0, max_value=150)
operation = st.one_of(
    st.tuples(st.just("commit"), st.sampled_from(ANCHORS), days),
    st.tuples(st.just("withdraw"), st.sampled_from(ANCHORS), days),
    st.tuples(st.just("diagnose"), st.just(0), days),
    st.tuples(st.just("plan"), st.just(0), days),
    st.tuples(st.just("team"), st.integers(0, 2), days),
    st.tuples(st.just("seat"), st.integers(0, 7), days),
    st.tuples(st.just("unseat"), st.integers(0, 7), days),
    st.tuples(st.just("session"), st.integers(0, 3), days),
    st.tuples(st.just("transfer"), st.integers(0, 5), days),
    st.tuples(st.just("correct-hours"), st.integers(0, 9), days),
    st.tuples(st.just("correct-date"), st.integers(0, 19), days),
    st.tuples(st.just("revert"), st.integers(0, 9), days),
    st.tuples(st.just("close"), st.just(0), days),
)
# Random operations rarely reach the later steps, so half the histories start from a
# foundation: the three commitments, a diagnosis, a plan, the DLT with the anchors' seats, an
# SLT under it, a team to work with and a session under the plan, on random days in that
# order (whatever the rules refuse is simply not recorded), then random operations.
FOUNDATION = (
    ("commit", "board"),
    ("commit", "administration"),
    ("commit", "teachers_organization"),
    ("diagnose", 0),
    ("plan", 0),
    ("team", 0),
    ("seat", 0),
    ("seat", 1),
    ("seat", 2),
    ("team", 1),
    ("team", 2),
    ("session", 2),
)
foundation = st.lists(days, min_size=len(FOUNDATION), max_size=len(FOUNDATION)).map(
    lambda when: [(k, a, d) for (k, a), d in zip(FOUNDATION, sorted(when), strict=True)]
)
histories = st.one_of(
    st.lists(operation, min_size=1, max_size=16),
    st.tuples(foundation, st.lists(operation, max_size=8)).map(lambda t: [*t[0], *t[1]]),
)
# A query: (as-of, known-at). As-of is none, a random day, or a day beside an event's own
# date (the boundaries: the day before, the day itself, the day after). Known-at is none, or
# a number of minutes after the first event was recorded (events are recorded a minute
# apart) plus 0 seconds (exactly when one was recorded: included) or 30 (between two).
as_of_query = st.one_of(
    st.none(),
    st.tuples(st.just("day"), st.integers(-5, 160)),
    st.tuples(st.just("event"), st.integers(0, 30), st.sampled_from((-1, 0, 1))),
)
known_at_query = st.one_of(st.none(), st.tuples(st.integers(-1, 40), st.sampled_from((0, 30))))
queries = st.lists(st.tuples(as_of_query, known_at_query), min_size=1, max_size=4)


class Recorder:
    """Records a generated history on one engagement through the facade."""

    def __init__(self, ledger: Ledger, slug: str) -> None:
        self.ledger = ledger
        self.slug = slug
        self.sessions: list[int] = []
        self.corrections: list[tuple[int, str, Any]] = []  # (target, field, original value)
        self.versions: list[int] = []

    def on(self, offset: int) -> str:
        return (START + timedelta(days=offset)).isoformat()

    def run(self, op: tuple[str, Any, int]) -> None:
        kind, arg, offset = op
        # Refused by the rules: not recorded, so not part of the history.
        with contextlib.suppress(DomainError):
            self._run(kind, arg, self.on(offset))

    def _record(self, event_type: str, **fields: Any) -> None:
        line = self.ledger.record(self.slug, event_type, **fields)
        if event_type == "SessionDelivered":
            self.sessions.append(line["version"])
        if event_type != "EventCorrected":
            self.versions.append(line["version"])

    def _correct(self, target: int, field: str, value: Any, on: str, original: Any) -> None:
        self.ledger.correct(
            self.slug, event=target, reason="oracle", fields={field: value}, occurred_on=on
        )
        self.corrections.append((target, field, original))

    def _run(self, kind: str, arg: Any, on: str) -> None:
        r = self._record
        if kind == "commit":
            r(
                "AnchorCommitted",
                anchor=arg,
                signatory=f"S {on}",
                instrument="compact",
                occurred_on=on,
            )
        elif kind == "withdraw":
            r("CommitmentWithdrawn", anchor=arg, signatory="x", reason="r", occurred_on=on)
        elif kind == "diagnose":
            r(
                "NeedsDiagnosed",
                framework_id="plc",
                framework_version="1",
                ratings={"A": "developing"},
                evidence={},
                assessors=["Ana"],
                readiness_score="0.5",
                readiness_label="developing",
                greatest_areas_of_need=["A"],
                entry_point_id="system-assessment",  # recorded with the opening
                assessment_version="full",
                occurred_on=on,
            )
        elif kind == "plan":
            state = self.ledger.engagement(self.slug)
            # A support plan is achievement-based (rules epoch 3); changes move its horizon.
            if state["plan"] is None:
                r(
                    "DirectionSet",
                    emphasis="achievement",
                    kind="support",
                    services=[plan_line("ibb-ibps", "32", "10000")],
                    occurred_on=on,
                )
            else:
                horizon = (
                    "2025-26:2027-28"
                    if (state["plan"]["horizon"] or {}).get("last") == "2026-27"
                    else "2025-26:2026-27"
                )
                self.ledger.change_plan(self.slug, reason="r", horizon=horizon, occurred_on=on)
                self.versions.append(self.ledger.engagement(self.slug)["version"])
        elif kind == "team":
            # t0 the DLT, t1 an SLT under it (refused before t0), t2 another kind of team.
            r(
                "TeamFormed",
                team_id=f"t{arg}",
                kind=("dlt", "slt", "common-planning")[arg],
                name=f"Team {arg}",
                school="S" if arg == 1 else "",
                parent_team_id="t0" if arg == 1 else None,
                occurred_on=on,
            )
        elif kind == "seat":
            # A member of the DLT: the three anchors' roles and one that is not an anchor's.
            r(
                "TeamMemberJoined",
                team_id="t0",
                member=f"m{arg}",
                role=(*ANCHORS, "parent")[arg % 4],
                occurred_on=on,
            )
        elif kind == "unseat":
            r("TeamMemberLeft", team_id="t0", member=f"m{arg}", reason="r", occurred_on=on)
        elif kind == "session":
            team = None if arg == 3 else f"t{arg}"
            # Rules epoch 3: targeted support under the plan (refused before any plan or over
            # its line's hours), or work outside the catalogue with its reason.
            planned = arg == 2
            r(
                "SessionDelivered",
                delivery="facilitating" if planned else "training",
                service_id="ibb-ibps" if planned else None,
                unplanned=None if planned else "outside the catalogue",
                topic="t",
                hours=str(1 + arg),
                participants=3,
                consultant="Ana",
                team_id=team,
                occurred_on=on,
            )
        elif kind == "transfer":
            r(
                "ResponsibilityTransferred",
                responsibility=f"r{arg % 2}",
                release_level=LEVELS[arg % 4],
                holder=f"h{arg}",
                occurred_on=on,
            )
        elif kind == "correct-hours" and self.sessions:
            target = self.sessions[arg % len(self.sessions)]
            original = self._original(target, "hours")
            self._correct(target, "hours", str(1 + arg % 5), on, original)
        elif kind == "correct-date" and self.versions:
            target = self.versions[arg % len(self.versions)]
            original = self._original(target, "occurred_on")
            self._correct(target, "occurred_on", self.on(arg * 7), on, original)
        elif kind == "revert" and self.corrections:
            target, field, original = self.corrections[arg % len(self.corrections)]
            self._correct(target, field, original, on, original)
        elif kind == "close":
            r("EngagementClosed", reason="done", without_reflection="x", occurred_on=on)

    def _original(self, version: int, field: str) -> Any:
        line = self.ledger.events(self.slug)[version - 1]
        return line["occurred_on"] if field == "occurred_on" else line["data"][field]


_slugs = itertools.count(1)


@pytest.fixture(scope="module")
def shared_ledger(tmp_path_factory: pytest.TempPathFactory, request) -> Iterator[Ledger]:
    """One SQLite ledger (and one PostgreSQL schema) for every example: each example opens
    its own engagement, so no example sees another's events."""
    yield from _shared(tmp_path_factory, "sqlite")


def _shared(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[Ledger]:
    import os

    from tests.conftest import postgres_schema, require_postgres_url

    clock = itertools.count()

    def tick() -> datetime:
        return CLOCK_START + timedelta(minutes=next(clock))

    def opened(url: str) -> Iterator[Ledger]:
        ledger = Ledger.open(url, actor="oracle", create=True)
        ledger.clock = tick
        try:
            yield ledger
        finally:
            ledger.close()

    if backend == "sqlite":
        yield from opened(str(tmp_path_factory.mktemp("oracle") / "oracle.db"))
    else:
        with postgres_schema(require_postgres_url(os.environ)) as url:
            yield from opened(url)


def check_history(ledger: Ledger, ops: list, asked: list, shift_as_of: int = 0) -> None:
    """Record ``ops`` on a new engagement, then compare show with the oracle for each query.
    ``shift_as_of`` breaks the as-of date on purpose (the oracle must notice)."""
    slug = f"h{next(_slugs)}"
    ledger.open_engagement(
        slug=slug,
        name="H",
        organisation="O",
        level="district",
        entry_point="system_assessment",
        lead_consultant="Ana",
        occurred_on=START.isoformat(),
    )
    history = Recorder(ledger, slug)
    for op in ops:
        history.run(op)
    lines = ledger.events(slug)
    first = datetime.fromisoformat(lines[0]["recorded_at"])
    dates = [_day(e["occurred_on"]) for e in _effective(lines)]
    for day_query, moment_query in asked:
        if day_query is None:
            as_of = None
        elif day_query[0] == "day":
            as_of = START + timedelta(days=day_query[1])
        else:
            as_of = dates[day_query[1] % len(dates)] + timedelta(days=day_query[2])
        known_at = None
        if moment_query is not None:
            minutes, seconds = moment_query
            known_at = first + timedelta(minutes=minutes, seconds=seconds)
        expected = oracle(lines, as_of, known_at)
        asked_day = None if as_of is None else as_of + timedelta(days=shift_as_of)
        try:
            state = ledger.engagement(slug, as_of=asked_day, known_at=known_at)
        except DomainError:
            assert expected is None, f"show refused what existed: {as_of} {known_at}"
            continue
        assert expected is not None, f"show answered for a date before the engagement: {as_of}"
        assert observed(state) == expected, (as_of, known_at)


def oracle_settings(examples: int, **more: Any) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        **more,
    )


@pytest.mark.slow
@oracle_settings(SQLITE_EXAMPLES)
@given(ops=histories, asked=queries)
def test_show_as_of_and_known_at_equal_the_oracle_on_sqlite(
    shared_ledger: Ledger, ops: list, asked: list
) -> None:
    check_history(shared_ledger, ops, asked)


@pytest.fixture(scope="module")
def shared_postgres_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    yield from _shared(tmp_path_factory, "postgres")


@pytest.mark.slow
@pytest.mark.postgres
@oracle_settings(POSTGRES_EXAMPLES)
@given(ops=histories, asked=queries)
def test_show_as_of_and_known_at_equal_the_oracle_on_postgres(
    shared_postgres_ledger: Ledger, ops: list, asked: list
) -> None:
    check_history(shared_postgres_ledger, ops, asked)


@pytest.mark.slow
def test_the_oracle_catches_an_off_by_one_as_of(shared_ledger: Ledger) -> None:
    """A deliberately broken as-of (one day late) is caught: the property fails."""

    @oracle_settings(200, report_multiple_bugs=False)
    @given(ops=histories, asked=queries)
    def broken(ops: list, asked: list) -> None:
        check_history(shared_ledger, ops, asked, shift_as_of=1)

    with pytest.raises(AssertionError):
        broken()
