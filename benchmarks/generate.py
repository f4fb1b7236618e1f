"""A synthetic engagement ledger: export-format JSONL that ``cec-ledger import`` accepts.

Deterministic from a seed. Engagements follow the demo ledger's mix of event types
(``src/cec_ledger/data/demo.jsonl``) and obey every domain rule: dates never go back within an
engagement, anchors commit before they withdraw, teams are formed before anyone joins,
stages move one step at a time, a plan is set before it changes, vocabularies are the
canonical tokens, PLC diagnoses rate all 16 indicators A–P, ``recorded_at`` is after
``occurred_on`` and everything is before :data:`TODAY`. Event ids are
``uuid5(engagement_id, f"v{version}")`` and engagement ids come from their slugs, exactly
as the ledger makes them.

Engagements are interleaved by ``recorded_at`` (a k-way merge of per-engagement streams,
so memory stays small), like a shared ledger many consultants log into.

    python -m benchmarks.generate 10000            # -> benchmarks/data/ledger-10000-s1-<tag>.jsonl
    python -m benchmarks.generate 1000000 --seed 7
    python -m benchmarks.generate 10000 --single   # one engagement with 10,000 events

Over 400 lines: one generator per event type of the demo's mix, kept together so the
synthetic ledger's rules can be read against the domain's in one place.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.engagement import engagement_id
from cec_ledger.domain.events import EVENT_TYPES, payload_fields
from cec_ledger.formats.lines import event_id

TODAY = date(2026, 11, 23)
DATA_DIR = Path(__file__).resolve().parent / "data"

# Event-type weights: the demo ledger's counts (217 events over two engagements), without
# the once-per-engagement EngagementOpened/EngagementClosed (those are placed explicitly).
DEMO_MIX: dict[str, int] = {
    "SessionDelivered": 76,
    "TeamMemberJoined": 38,
    "ResponsibilityTransferred": 28,
    "TeamStageAdvanced": 17,
    "OutcomeObserved": 17,
    "AnchorCommitted": 7,
    "TeamFormed": 7,
    "ReflectionRecorded": 7,
    "PlanChanged": 4,
    "NeedsDiagnosed": 3,
    "TeamMemberLeft": 3,
    "EventCorrected": 2,
    "DirectionSet": 2,
    "ConsultantHandoff": 2,
    "CommitmentWithdrawn": 1,
}
MEAN_LENGTH = 108  # events per engagement, as in the demo
CLOSED_SHARE = 0.5  # the demo closes one engagement of two

INDICATORS = "ABCDEFGHIJKLMNOP"
PLC_SCALE = ("not_yet", "initiating", "developing", "sustaining")
PLC_LABELS = ("Not yet", "Initiating", "Developing", "Sustaining")
# (service id, name, max participants) from the cec-ledger-services catalogue; none of
# these has a prerequisite, and conflict-resolution-1 allows at most 50 participants.
SERVICES = (
    ("leadership-development", "Leadership Development", None),
    ("conflict-resolution-1", "Conflict Resolution, Session One", 50),
    ("dlt-slt-plc-integration", "DLT/SLT/PLC Integration", None),
    ("ibb-ibps", "Interest-Based Bargaining and Problem Solving", None),
)
FIRST = ("Dana", "Marcus", "Teresa", "Priya", "Luis", "Rosa", "Kenneth", "Tom", "Carla", "Helen")
LAST = ("Whitfield", "Oyelaran", "Kowalczyk", "Raman", "Ortega", "Alvarez", "Hale", "Becker")
TEAM_KINDS = v.TEAM_KIND.tokens
RESPONSIBILITIES = (
    "facilitate SLT meetings",
    "run the data cycle",
    "monitor the services plan",
    "lead PLC protocols",
    "plan professional learning",
    "chair the DLT",
)
TOPICS = (
    "Norms and consensus decision-making for the DLT",
    "Common formative assessments in grade-level PLCs",
    "Interest-based problem solving for the anchors",
    "Reading unit data together: the four critical questions",
    "Coaching the SLT chair on agenda design",
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


class EngagementStream:
    """The events of one engagement, generated one at a time, each obeying the rules."""

    def __init__(
        self,
        index: int,
        length: int,
        seed: int,
        start: date,
        *,
        step_days: int,
        open_: bool = False,
    ):
        self.rng = random.Random(seed * 1_000_003 + index)
        self.slug = f"bench-{index:07d}"
        self.id = engagement_id(self.slug)
        self.id_text = str(self.id)
        self.length = length
        self.day = start
        self.step_days = step_days
        self.recorded = datetime(start.year, start.month, start.day, 15, tzinfo=UTC)
        self.version = 0
        self.consultant = _person(self.rng)
        self.recorder = self.consultant
        self.anchors = dict.fromkeys(v.ANCHOR.tokens, False)
        self.diagnosed = False
        self.plan: dict[str, Any] | None = None
        self.teams: dict[str, dict[str, Any]] = {}  # id -> {"stage": int, "members": set}
        self.team_count = 0
        self.member_count = 0
        self.responsibilities: dict[str, tuple[int, str]] = {}
        self.sessions: list[int] = []  # versions of SessionDelivered events
        self.topics: dict[int, str] = {}
        # Drawn even when kept open, so the rest of the stream is the same either way.
        self.close = self.rng.random() < CLOSED_SHARE and not open_
        self.types = list(DEMO_MIX)
        self.weights = list(DEMO_MIX.values())

    # ------------------------------------------------------------------ the stream
    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        for n in range(1, self.length + 1):
            # The day moves first, so data that refers to it (an overlap) is built from it.
            if n > 1 and self.rng.random() < 0.7:
                self.day += timedelta(days=self.rng.randint(0, self.step_days))
            if n == 1:
                event_type, data = "EngagementOpened", self._opened()
            elif n == self.length and self.close and n > 2:
                event_type, data = "EngagementClosed", {"reason": "The services plan ended."}
            else:
                event_type, data = self._next()
            yield self._line(event_type, data)

    def _line(self, event_type: str, data: dict[str, Any]) -> tuple[str, bytes]:
        rng = self.rng
        self.version += 1
        occurred = self.day
        # Recorded the same day or a few days later, in working hours; never before the
        # previous event's record, never after today.
        recorded = datetime(occurred.year, occurred.month, occurred.day, 9, tzinfo=UTC)
        recorded += timedelta(days=rng.choice((0, 0, 0, 1, 2)), minutes=rng.randint(0, 540))
        if recorded <= self.recorded:
            recorded = self.recorded + timedelta(minutes=rng.randint(1, 30))
        self.recorded = recorded
        row = {
            "id": str(event_id(self.id, self.version)),
            "engagement_id": self.id_text,
            "engagement": self.slug,
            "version": self.version,
            "type": event_type,
            "occurred_on": occurred.isoformat(),
            "recorded_at": recorded.isoformat(),
            "recorded_by": self.recorder,
            "data": data,
        }
        return recorded.isoformat(), orjson.dumps(row)

    def _opened(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "slug": self.slug,
            "name": f"Bench District {self.slug[6:]}",
            "organisation": f"Bench CUSD {rng.randint(1, 400)} ({rng.randint(2, 30)} schools)",
            "level": rng.choice(v.LEVEL.tokens),
            "entry_point": rng.choice(v.ENTRY_POINT.tokens),
            "lead_consultant": self.consultant,
        }

    def _next(self) -> tuple[str, dict[str, Any]]:
        # Draw by the demo mix; an event whose precondition does not hold yet is replaced by
        # the one that establishes it (a team before a member, a plan before a change...).
        for _ in range(20):
            event_type = self.rng.choices(self.types, self.weights)[0]
            data = getattr(self, f"_{event_type}")()
            if data is not None:
                return event_type, data
        return "OutcomeObserved", self._OutcomeObserved()

    # ------------------------------------------------------------------ per type
    def _AnchorCommitted(self) -> dict[str, Any] | None:
        free = [a for a, committed in self.anchors.items() if not committed]
        if not free:
            return None
        anchor = self.rng.choice(free)
        self.anchors[anchor] = True
        return {
            "anchor": anchor,
            "signatory": _person(self.rng),
            "instrument": self.rng.choice(v.INSTRUMENT.tokens),
            "note": "Signed at a public meeting; copy filed with the compact.",
        }

    def _CommitmentWithdrawn(self) -> dict[str, Any] | None:
        held = [a for a, committed in self.anchors.items() if committed]
        if not held:
            return None
        anchor = self.rng.choice(held)
        self.anchors[anchor] = False
        return {
            "anchor": anchor,
            "signatory": _person(self.rng),
            "reason": "New leadership wants to review the compact before re-signing.",
        }

    def _NeedsDiagnosed(self) -> dict[str, Any]:
        rng = self.rng
        ratings = {i: rng.choice(PLC_SCALE) for i in INDICATORS}
        positions = [PLC_SCALE.index(r) / (len(PLC_SCALE) - 1) for r in ratings.values()]
        score = sum(positions) / len(positions)
        step = int(score * (len(PLC_SCALE) - 1) + 1e-9)
        gans = sorted(INDICATORS, key=lambda i: (PLC_SCALE.index(ratings[i]), i))[:5]
        self.diagnosed = True
        return {
            "framework_id": "plc",
            "framework_version": "2015.1",
            "ratings": ratings,
            "evidence": {gans[0]: "No common formative assessments; data not discussed."},
            "assessors": [self.consultant, _person(rng)],
            "readiness_score": str(round(score, 4)),
            "readiness_label": PLC_LABELS[step],
            "greatest_areas_of_need": gans,
        }

    def _services(self) -> list[dict[str, Any]]:
        chosen = self.rng.sample(SERVICES, self.rng.randint(1, len(SERVICES)))
        return [
            {
                "service_id": sid,
                "name": name,
                "hours": str(self.rng.choice((6, 12, 24))),
                "budget": str(self.rng.choice((0, 2500, 7500))),
            }
            for sid, name, _limit in chosen
        ]

    def _DirectionSet(self) -> dict[str, Any] | None:
        if self.plan is not None:
            return None
        if not self.diagnosed:
            return None
        self.plan = {
            "emphasis": self.rng.choice(v.EMPHASIS.tokens),
            "kind": self.rng.choice(v.PLAN_KIND.tokens),
            "goals": ["Build trust among the three anchors"],
            "services": self._services(),
            "gans_addressed": ["D", "G"],
        }
        return dict(self.plan)

    def _PlanChanged(self) -> dict[str, Any] | None:
        if self.plan is None:
            return None
        plan = dict(self.plan)
        plan["goals"] = [*plan["goals"], f"Goal {len(plan['goals']) + 1} set at a DLT review"]
        plan["services"] = self._services()
        self.plan = plan
        return {"reason": "Mid-year review with the DLT", **plan}

    def _TeamFormed(self) -> dict[str, Any]:
        self.team_count += 1
        team_id = f"team-{self.team_count}"
        self.teams[team_id] = {"stage": 0, "members": set()}
        kind = self.rng.choice(TEAM_KINDS)
        return {
            "team_id": team_id,
            "kind": kind,
            "name": f"{v.TEAM_KIND.label(kind)} {self.team_count}",
            "charge": "Align, support and monitor the work on the greatest areas of need.",
            "cadence": "monthly, second Tuesday",
            "school": None if kind == "dlt" else f"School {self.rng.randint(1, 9)}",
        }

    def _TeamMemberJoined(self) -> dict[str, Any] | None:
        if not self.teams:
            return None
        team_id = self.rng.choice(list(self.teams))
        self.member_count += 1
        member = f"{_person(self.rng)} ({self.member_count})"
        self.teams[team_id]["members"].add(member)
        return {
            "team_id": team_id,
            "member": member,
            "role": self.rng.choice(("teacher", "principal", "co-chair", "coach")),
            "represents": self.rng.choice((None, *v.ANCHOR.tokens)),
        }

    def _TeamMemberLeft(self) -> dict[str, Any] | None:
        staffed = [t for t, team in self.teams.items() if team["members"]]
        if not staffed:
            return None
        team_id = self.rng.choice(staffed)
        member = self.rng.choice(sorted(self.teams[team_id]["members"]))
        self.teams[team_id]["members"].discard(member)
        return {"team_id": team_id, "member": member, "reason": "Moved to another school."}

    def _TeamStageAdvanced(self) -> dict[str, Any] | None:
        growing = [t for t, team in self.teams.items() if team["stage"] < 3]
        if not growing:
            return None
        team_id = self.rng.choice(growing)
        self.teams[team_id]["stage"] += 1
        return {
            "team_id": team_id,
            "stage": v.TEAM_STAGE.tokens[self.teams[team_id]["stage"]],
            "reason": "Norms agreed and kept for a semester.",
        }

    def _SessionDelivered(self) -> dict[str, Any]:
        rng = self.rng
        service = rng.choice((None, *SERVICES))
        limit = service[2] if service else None
        topic = rng.choice(TOPICS)
        self.sessions.append(self.version + 1)
        self.topics[self.version + 1] = topic
        return {
            "delivery": rng.choice(v.DELIVERY.tokens),
            "topic": topic,
            "hours": rng.choice(("1.5", "2", "3", "6")),
            "participants": rng.randint(1, limit or 60),
            "consultant": self.consultant,
            "service_id": service[0] if service else None,
            "team_id": rng.choice([None, *self.teams]) if self.teams else None,
        }

    def _ConsultantHandoff(self) -> dict[str, Any]:
        previous = self.consultant
        while self.consultant == previous:
            self.consultant = f"{_person(self.rng)} ({self.version})"
        self.recorder = self.consultant
        overlap = self.day + timedelta(days=self.rng.randint(0, 60))
        return {
            "from_consultant": previous,
            "to_consultant": self.consultant,
            "content_area": "PLCs, SLT coaching and the data cycle",
            "overlap_until": overlap.isoformat() if self.rng.random() < 0.8 else None,
            "notes": "Joint visits through the overlap so the working relationships transfer.",
        }

    def _ResponsibilityTransferred(self) -> dict[str, Any] | None:
        rng = self.rng
        name = rng.choice(RESPONSIBILITIES)
        level, _holder = self.responsibilities.get(name, (-1, ""))
        if level >= 3:
            return None
        level += 1
        holder = self.consultant if level == 0 else f"{_person(rng)} ({self.version})"
        self.responsibilities[name] = (level, holder)
        return {
            "responsibility": name,
            "team_id": rng.choice([None, *self.teams]) if self.teams else None,
            "release_level": v.RELEASE_LEVEL.tokens[level],
            "holder": holder,
        }

    def _ReflectionRecorded(self) -> dict[str, Any]:
        return {
            "team_id": self.rng.choice([None, *self.teams]) if self.teams else None,
            "process_outcomes": "The team met on schedule and kept its norms.",
            "content_outcomes": "Priority set from benchmark data; monthly monitoring started.",
            "communication": "Minutes posted within two days.",
            "equitable_voice": "Round-robin for key decisions.",
            "psychological_safety": "Members disagreed openly without it becoming personal.",
            "lessons_learned": ["Start from the data before the solutions"],
        }

    def _OutcomeObserved(self) -> dict[str, Any]:
        dimension = self.rng.choice(v.OUTCOME_DIMENSION.tokens)
        data = {
            "tier": v.DIMENSION_TIER[dimension],
            "dimension": dimension,
            "evidence": "Minutes use the shared vocabulary without explanation.",
        }
        if "impact" in payload_fields("OutcomeObserved"):
            # System or people impact for short-term outcomes, null otherwise (seed 000).
            data["impact"] = v.SHORT_TERM_IMPACT.get(dimension)
        return data

    def _EventCorrected(self) -> dict[str, Any] | None:
        if not self.sessions:
            return None
        target = self.rng.choice(self.sessions[-50:])
        topic = f"{self.topics[target]} (corrected {self.version + 1})"
        self.topics[target] = topic
        return {
            "corrects_version": target,
            "corrects_type": "SessionDelivered",
            "reason": "Topic logged under the wrong agenda item.",
            "corrected_fields": {"topic": topic},
        }


def lengths(total: int, rng: random.Random) -> list[int]:
    """Engagement lengths around the demo's mean that add up to exactly ``total``."""
    out: list[int] = []
    left = total
    while left > 0:
        n = min(left, rng.randint(MEAN_LENGTH // 2, MEAN_LENGTH * 3 // 2))
        out.append(n)
        left -= n
    return out


def generate(total: int, seed: int = 1, *, single: bool = False) -> Iterator[bytes]:
    """The JSONL lines (without newlines) of a ledger of ``total`` events."""
    rng = random.Random(seed)
    if single:
        # One long engagement: opened far enough back that ~0.35 days/event fits before today.
        start = TODAY - timedelta(days=int(total * 0.7 * 0.5) + 30)
        # Never closed: the benchmark records one more event on it.
        stream = EngagementStream(0, total, seed, start, step_days=1, open_=True)
        yield from (line for _key, line in stream)
        return
    span = (TODAY - date(2018, 8, 1)).days - 400
    streams = [
        iter(
            EngagementStream(
                i,
                n,
                seed,
                date(2018, 8, 1) + timedelta(days=rng.randint(0, span)),
                step_days=5,
            )
        )
        for i, n in enumerate(lengths(total, rng), start=1)
    ]
    for _key, line in heapq.merge(*streams):
        yield line


def format_tag() -> str:
    """A short digest of every event type's fields and of this generator's source: a cached
    file is regenerated when the event catalogue (or the generator) changes."""
    text = repr({name: payload_fields(name) for name in EVENT_TYPES}) + Path(__file__).read_text()
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def ledger_file(total: int, seed: int = 1, *, single: bool = False) -> Path:
    """The cached JSONL file for a size and seed, generated on first use."""
    kind = "single" if single else "ledger"
    path = DATA_DIR / f"{kind}-{total}-s{seed}-{format_tag()}.jsonl"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as out:
            for line in generate(total, seed, single=single):
                out.write(line)
                out.write(b"\n")
        partial.rename(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=int, help="how many events in all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--single", action="store_true", help="one engagement with all events")
    parser.add_argument("-o", "--output", type=Path, help="write here (default: the cache)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.output:
        with args.output.open("wb") as out:
            for line in generate(args.events, args.seed, single=args.single):
                out.write(line + b"\n")
        path = args.output
    else:
        path = ledger_file(args.events, args.seed, single=args.single)
    print(f"{path} ({args.events} events, {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
