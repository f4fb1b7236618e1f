"""The demo story: a fictional district through the whole Collaborative Pathway.

Writes the demo export that ``cec-ledger demo`` imports (package data)::

    .venv/bin/python scripts/demo_story.py src/cec_ledger/data/demo.jsonl   # make demo-data

It records every event of the story through the facade (``cec_ledger.facade.Ledger``) into
a temporary SQLite ledger, with a fixed clock, and writes that ledger's export to OUTPUT
(atomically). It needs the bundled plugins (the PLC framework, the services catalogue):
their rules check the story as it is recorded. ``tests/test_demo.py`` fails when the
packaged file differs from what this script writes.

**Maple Ridge Community Unit School District 7** (``maple-ridge``) is a fictional district
that CEC enters through a *system assessment* in August 2024 and still serves at the end of
June 2026, two school years later. Its engagement shows everything the ledger records:

* Step 1 — the three anchors (board, superintendent and administration, the Maple Ridge
  Education Association) sign the Collaboration Compact ("Do we have a *We*?"); after a
  change of union leadership in spring 2025 the MREA withdraws, and re-commits in June
  with an MOU after interest-based problem solving;
* Step 2 — two PLC "Focus on Learning" diagnoses (Appendix C, indicators A–P): a fall 2024
  baseline and a spring 2026 re-assessment that shows the growth;
* Step 3 — a culture-emphasis transformation services plan from the seed 004 catalogue,
  changed three times with reasons (IBB/IBPS added during the withdrawal; the emphasis
  shifted to achievement for year two; IBB hours added for the successor contract);
* Step 4 — a District Leadership Team, School Leadership Teams at Lincoln Elementary and
  Maple Ridge Middle School, two PLCs, a mentoring pair and a cross-role problem-solving
  team, with members joining and leaving and stages from form to sustain (and one setback);
* Step 5 — training, facilitating, networking and mentoring, each followed by coaching (the
  Capacity-Building Coaching Delivery Model), two consultant handoffs, and responsibilities
  released from consultant-led to district-independent;
* reflections (seed 002), logic-model outcomes in every tier (seed 000) and corrections.

A second, smaller engagement, **Cedar Grove Elementary** (``cedar-grove``), reaches step 3
and is closed, so the engagement list shows two rows in different states.

Everything is deterministic: each event is recorded with a fixed recorded time (a few hours
to a few days after it occurred, strictly increasing) by a named consultant, so the export of
the story is the same bytes on every run.

Over 400 lines on purpose: it is the demo's story told event by event, in order, as data;
splitting it would only scatter the story.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from cec_ledger.domain.errors import DomainError
from cec_ledger.facade.demo import DEMO_SLUG
from cec_ledger.facade.ledger import Ledger
from cec_ledger.facade.services import plan_line

CEDAR_SLUG = "cedar-grove"
# Why Cedar Grove's Conflict Resolution sessions are outside its services plan.
CEDAR_REQUEST = (
    "Cedar Grove's own request (entry point cg-request), delivered before the services plan"
)

# CEC consultants (they record the events they are part of).
DANA = "Dana Whitfield"  # lead consultant: labor-management, DLT, leadership development
MARCUS = "Marcus Oyelaran"  # team structures and PLCs in year one
PRIYA = "Priya Raman"  # conflict resolution, IBB/IBPS
TERESA = "Teresa Kowalczyk"  # PLC data cycle and assessment from August 2025
LUIS = "Luis Ortega"  # takes over labor-management and DLT coaching in January 2026

# Maple Ridge people.
ALVAREZ = "Rosa Alvarez"  # board president
HALE = "Dr. Kenneth Hale"  # superintendent
BROOKS = "Dr. Angela Brooks"  # assistant superintendent for teaching and learning
BECKER = "Tom Becker"  # MREA president until March 2025
JIMENEZ = "Carla Jimenez"  # MREA president from March 2025
ORTIZ = "Janelle Ortiz"  # principal, Lincoln Elementary
SANDOVAL = "Greg Sandoval"  # principal, Maple Ridge Middle School
CHEN = "Lisa Chen"  # Lincoln grade 3 teacher, MREA building representative, mentor
NGUYEN = "Kim Nguyen"  # Lincoln grade 3 team lead
REYES = "Daniel Reyes"  # MRMS grade 7 math teacher and PLC lead
WRIGHT = "Devon Wright"  # parent, PTO president

LINCOLN = "Lincoln Elementary"
MRMS = "Maple Ridge Middle School"

INDICATORS = "ABCDEFGHIJKLMNOP"

# The Framework for Change elements, as goals, priorities and outcomes are tagged.
ESTL = "empowering_students_through_learning"
IEP = "implementing_emerging_pedagogy"
TTP = "transforming_the_profession"
FLMC = "fostering_labor_management_collaboration"


def _goal(goal_id: str, text: str, *elements: str, gans: list[str] | None = None) -> dict:
    """A plan goal: its id (later events cite it), its text, its elements, the GANs it answers."""
    return {"goal_id": goal_id, "text": text, "elements": list(elements), "gans": gans or []}


@dataclass
class _Step:
    on: date
    actor: str
    call: str  # "open", "record", "diagnose", "change_plan", "correct"
    slug: str
    event_type: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    label: str = ""


class _Script:
    """The events of one engagement, authored in any order and run sorted by date."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.steps: list[_Step] = []

    def _add(self, on: str, actor: str, call: str, event_type: str = "", **data: Any) -> None:
        label = data.pop("label", "")
        day = date.fromisoformat(on)
        data["occurred_on"] = day
        self.steps.append(_Step(day, actor, call, self.slug, event_type, data, label))

    def open(self, on: str, actor: str, **fields: Any) -> None:
        self._add(on, actor, "open", "EngagementOpened", slug=self.slug, **fields)

    def record(self, on: str, actor: str, event_type: str, **fields: Any) -> None:
        self._add(on, actor, "record", event_type, **fields)

    def diagnose(self, on: str, actor: str, **fields: Any) -> None:
        self._add(on, actor, "diagnose", "NeedsDiagnosed", **fields)

    def change_plan(self, on: str, actor: str, **fields: Any) -> None:
        self._add(on, actor, "change_plan", "PlanChanged", **fields)

    def correct(self, on: str, actor: str, *, target: str, reason: str, **fields: Any) -> None:
        self._add(on, actor, "correct", "EventCorrected", target=target, reason=reason, **fields)

    # Shorthands -------------------------------------------------------------------------
    def commit(
        self,
        on: str,
        actor: str,
        anchor: str,
        signatory: str,
        instrument: str,
        note: str,
        label: str = "",
    ) -> None:
        self.record(
            on,
            actor,
            "AnchorCommitted",
            anchor=anchor,
            signatory=signatory,
            instrument=instrument,
            note=note,
            label=label,
        )

    def team(
        self,
        on: str,
        actor: str,
        team_id: str,
        kind: str,
        name: str,
        charge: str,
        cadence: str,
        school: str | None = None,
        parent: str | None = None,
    ) -> None:
        self.record(
            on,
            actor,
            "TeamFormed",
            team_id=team_id,
            kind=kind,
            name=name,
            charge=charge,
            cadence=cadence,
            school=school,
            parent_team_id=parent,
        )

    def join(
        self,
        on: str,
        actor: str,
        team_id: str,
        member: str,
        role: str,
        title: str = "",
    ) -> None:
        """A member joins in a role (board, administration, teachers_organization,
        principal, teacher...), with a title in words."""
        self.record(
            on,
            actor,
            "TeamMemberJoined",
            team_id=team_id,
            member=member,
            role=role,
            title=title,
        )

    def leave(self, on: str, actor: str, team_id: str, member: str, reason: str) -> None:
        self.record(on, actor, "TeamMemberLeft", team_id=team_id, member=member, reason=reason)

    def stage(self, on: str, actor: str, team_id: str, stage: str, reason: str) -> None:
        self.record(on, actor, "TeamStageAdvanced", team_id=team_id, stage=stage, reason=reason)

    def session(
        self,
        on: str,
        consultant: str,
        delivery: str,
        service_id: str | None,
        topic: str,
        hours: str,
        participants: int,
        team_id: str | None = None,
        actor: str | None = None,
        label: str = "",
        *,
        cohort: str | None = None,
        part: str | None = None,
        unplanned: str | None = None,
        beyond_plan: str | None = None,
        follows: str | None = None,
    ) -> None:
        """A session of a catalogue service. Coaching follows a session (the Coaching Delivery
        Model): the one labelled ``follows``, else the latest earlier session of its service,
        on the same team when there is one (the rule the ledger uses for older coaching)."""
        self.record(
            on,
            actor or consultant,
            "SessionDelivered",
            delivery=delivery,
            topic=topic,
            hours=hours,
            participants=participants,
            consultant=consultant,
            service_id=service_id,
            team_id=team_id,
            cohort=cohort,
            part=part,
            unplanned=unplanned,
            beyond_plan=beyond_plan,
            follows=follows,
            label=label,
        )

    def transfer(
        self,
        on: str,
        actor: str,
        responsibility: str,
        release_level: str,
        holder: str,
        team_id: str | None = None,
        *,
        service_id: str | None = None,
        prepared_by: tuple[str, ...] = (),
    ) -> None:
        """A responsibility moves; ``prepared_by`` names (by label) the sessions that
        prepared local trainers to deliver ``service_id``."""
        self.record(
            on,
            actor,
            "ResponsibilityTransferred",
            responsibility=responsibility,
            release_level=release_level,
            holder=holder,
            team_id=team_id,
            service_id=service_id,
            prepared_by=list(prepared_by),
        )

    def outcome(
        self, on: str, actor: str, tier: str, dimension: str, evidence: str, **measured: Any
    ) -> None:
        """An outcome; ``measured``: measure, unit, baseline, target, observed (numbers as
        text), sessions (labels), teams, services, goals, elements."""
        for name in ("baseline", "target", "observed"):
            if name in measured:
                measured[name] = Decimal(measured[name])
        self.record(
            on,
            actor,
            "OutcomeObserved",
            tier=tier,
            dimension=dimension,
            evidence=evidence,
            **measured,
        )

    def entry_point(
        self, on: str, actor: str, entry_point_id: str, kind: str, **structure: Any
    ) -> None:
        """A diagnostic entry point with the structure of its kind (Theory of Action, Step 2)."""
        self.record(
            on,
            actor,
            "EntryPointAdded",
            entry_point_id=entry_point_id,
            kind=kind,
            **structure,
        )

    def priority(
        self, on: str, actor: str, team_id: str, priority_id: str, kind: str, text: str, **more: Any
    ) -> None:
        """A team's priority: a DLT's (with its horizon), an SLT's within the DLT's, an
        ILT/PLC's measurable goal."""
        if "horizon" in more:
            first, last = more["horizon"].split(":")
            more["horizon"] = {"first": first, "last": last}
        for name in ("baseline", "target"):
            if name in more:
                more[name] = Decimal(more[name])
        self.record(
            on,
            actor,
            "TeamPrioritySet",
            team_id=team_id,
            priority_id=priority_id,
            kind=kind,
            text=text,
            **more,
        )

    def evidence(
        self,
        on: str,
        actor: str,
        team_id: str,
        priority_id: str,
        evidence: str,
        observed: str | None = None,
    ) -> None:
        self.record(
            on,
            actor,
            "ProgressEvidenced",
            team_id=team_id,
            priority_id=priority_id,
            evidence=evidence,
            observed=None if observed is None else Decimal(observed),
        )


def _service(
    service_id: str,
    hours: str,
    budget: str | None = None,
    *,
    cohorts: int | None = None,
    price_note: str | None = None,
) -> dict[str, Any]:
    """A plan line: name, kind and price rule come from the CEC services catalogue."""
    return plan_line(service_id, hours, budget, cohorts=cohorts, price_note=price_note)


def build_demo(ledger: Ledger) -> int:
    """Record the demo engagements on ``ledger``; returns the number of events written."""
    steps = _maple_ridge().steps + _cedar_grove().steps
    steps.sort(key=lambda step: step.on)  # stable: same-day events keep their authored order
    saved_clock, saved_actor = ledger.clock, ledger.actor
    versions: dict[str, int] = {}
    sessions: dict[str, list[dict[str, Any]]] = {}
    previous: datetime | None = None
    try:
        for index, step in enumerate(steps):
            recorded = _recorded_at(step.on, index, previous)
            previous = recorded
            ledger.clock = lambda at=recorded: at
            ledger.actor = step.actor
            result = _run(ledger, step, versions, sessions.setdefault(step.slug, []))
            if step.label:
                versions[step.label] = result["version"]
            if step.event_type == "SessionDelivered":
                sessions[step.slug].append(
                    {
                        **result["data"],
                        "occurred_on": result["occurred_on"],
                        "version": result["version"],
                    }
                )
    finally:
        ledger.clock, ledger.actor = saved_clock, saved_actor
    return len(steps)


def _recorded_at(on: date, index: int, previous: datetime | None) -> datetime:
    """When the event was logged: in working hours, the same evening to four days after it
    occurred, and always after the previous event (a batch is logged minutes apart)."""
    days = _LOG_DELAYS[index % len(_LOG_DELAYS)]
    hour = 16 + index % 4 if days == 0 else 8 + (index * 7) % 11
    recorded = datetime.combine(on + timedelta(days=days), time(hour, (index * 17) % 60), UTC)
    if previous is not None and recorded <= previous:
        recorded = previous + timedelta(minutes=7 + index % 11)
    return recorded


# Days between an event and its logging, cycled: most are logged within a day or two.
_LOG_DELAYS = (0, 1, 2, 1, 3, 0, 1, 2, 4, 1, 0, 2)


def _run(
    ledger: Ledger, step: _Step, versions: dict[str, int], sessions: list[dict[str, Any]]
) -> dict[str, Any]:
    fields = dict(step.fields)
    if step.event_type == "SessionDelivered" and fields["delivery"] == "coaching":
        fields["follows"] = (
            versions[fields["follows"]] if fields["follows"] else _followed(fields, sessions)
        )
    if step.event_type == "ResponsibilityTransferred":
        fields["prepared_by"] = [versions[label] for label in fields["prepared_by"]]
    # Labels stand for the event numbers later events cite (issue 12's links).
    if fields.get("from_diagnosis"):
        fields["from_diagnosis"] = versions[fields["from_diagnosis"]]
    if fields.get("cites"):
        fields["cites"] = [
            f"r{versions[label]}.{k}"
            for label, k in (ref.rsplit(".", 1) for ref in fields["cites"])
        ]
    if step.event_type == "OutcomeObserved" and fields.get("sessions"):
        fields["sessions"] = [versions[label] for label in fields["sessions"]]
    if step.call == "open":
        return ledger.open_engagement(**fields)
    if step.call == "diagnose":
        return ledger.diagnose(step.slug, **fields)
    if step.call == "change_plan":
        return ledger.change_plan(step.slug, **fields)
    if step.call == "correct":
        target = fields.pop("target")
        return ledger.correct(step.slug, event=versions[target], **fields)
    return ledger.record(step.slug, step.event_type, **fields)


def _followed(coaching: dict[str, Any], sessions: list[dict[str, Any]]) -> int:
    """The session a coaching follows when the story does not name it: the latest earlier
    session of its service, on the same team when there is one."""
    candidates = [
        s
        for s in sessions
        if s["delivery"] != "coaching"
        and s["service_id"] == coaching["service_id"]
        and s["occurred_on"] <= coaching["occurred_on"].isoformat()
    ]
    same_team = [s for s in candidates if s["team_id"] == coaching["team_id"]]
    pool = same_team if coaching["team_id"] is not None and same_team else candidates
    return max(pool, key=lambda s: (s["occurred_on"], s["version"]))["version"]


# ----------------------------------------------------------------------------- Maple Ridge
def _maple_ridge() -> _Script:
    s = _Script(DEMO_SLUG)
    s.open(
        "2024-08-06",
        DANA,
        name="Maple Ridge Community Unit School District 7",
        organisation="Maple Ridge CUSD 7 (4 schools, about 2,900 students)",
        level="district",
        lead_consultant=DANA,
    )
    s.entry_point(
        "2024-08-06",
        DANA,
        "sa-2024",
        "system_assessment",
        framework_id="plc",
        assessment_version="full",
        note="A full PLC 'Focus on Learning' system assessment of the four schools by a team of "
        "CEC-trained outside educators.",
    )
    _step1_commitments(s)
    _step2_diagnoses(s)
    _step3_plan(s)
    _step4_teams(s)
    _step5_sessions(s)
    _handoffs(s)
    _capacity_transfer(s)
    _reflections(s)
    _outcomes(s)
    _corrections(s)
    return s


def _step1_commitments(s: _Script) -> None:
    s.commit(
        "2024-08-20",
        DANA,
        "board",
        "Rosa Alvarex",
        "resolution",
        "Board Resolution 24-31 adopts the Maple Ridge Collaboration Compact and commits "
        "the board to labor-management collaboration for at least three years.",
        label="board-commit",
    )
    s.commit(
        "2024-08-22",
        DANA,
        "administration",
        HALE,
        "compact",
        "Superintendent signs the Collaboration Compact for the administration and "
        "commits central office time to the DLT.",
    )
    s.commit(
        "2024-08-27",
        DANA,
        "teachers_organization",
        BECKER,
        "compact",
        "MREA executive board ratifies the Compact 9-2. Do we have a We? Yes: all three "
        "anchors have signed.",
    )
    s.record(
        "2025-03-14",
        DANA,
        "CommitmentWithdrawn",
        anchor="teachers_organization",
        signatory=JIMENEZ,
        reason="New MREA leadership elected in March wants to review the Compact: "
        "members say PLC time was added without bargaining. The MREA suspends "
        "its signature until the teacher-time question is resolved.",
    )
    s.commit(
        "2025-06-05",
        PRIYA,
        "teachers_organization",
        JIMENEZ,
        "mou",
        "After two IBPS sessions the MREA and the administration sign an MOU on "
        "protected PLC time (45 minutes weekly, inside the contract day); the MREA "
        "re-commits to the Compact. We have a We again.",
    )


def _step2_diagnoses(s: _Script) -> None:
    baseline = dict(
        zip(
            INDICATORS,
            [
                "initiating",
                "not_yet",
                "initiating",
                "not_yet",
                "initiating",
                "initiating",
                "not_yet",
                "developing",
                "initiating",
                "not_yet",
                "initiating",
                "developing",
                "initiating",
                "initiating",
                "initiating",
                "not_yet",
            ],
            strict=True,
        )
    )
    s.diagnose(
        "2024-10-15",
        MARCUS,
        framework_id="plc",
        ratings=baseline,
        evidence={
            "A": "District curriculum guides exist for ELA and math only; no shared "
            "learning outcomes across the four schools.",
            "B": "Unit plans sampled at Lincoln and MRMS do not name priority outcomes.",
            "D": "No common formative assessments; benchmark data arrive three times a year "
            "and are not discussed in teams.",
            "G": "Teachers interviewed could not describe using unit data to regroup students.",
            "J": "Interventions depend on the classroom teacher; no guaranteed time in the "
            "schedule.",
            "L": "Climate survey: 71% of students feel safe and respected.",
            "P": "Grade-level teams have no common planning time in the master schedule.",
        },
        assessors=[MARCUS, DANA, "Dr. Helen Park (CEC trained assessor)"],
        entry_point_id="sa-2024",
        label="dx-2024",
    )
    spring = dict(
        zip(
            INDICATORS,
            [
                "sustaining",
                "developing",
                "developing",
                "developing",
                "developing",
                "sustaining",
                "developing",
                "sustaining",
                "developing",
                "developing",
                "initiating",
                "sustaining",
                "developing",
                "developing",
                "sustaining",
                "developing",
            ],
            strict=True,
        )
    )
    s.diagnose(
        "2026-04-28",
        TERESA,
        framework_id="plc",
        ratings=spring,
        evidence={
            "A": "K-8 priority standards adopted by the DLT in September 2025 and posted in "
            "every classroom.",
            "D": "Common formative assessments in grade 3 and grade 7 math every unit.",
            "G": "Grade 3 PLC minutes show regrouping from unit data in 9 of 10 cycles.",
            "J": "WIN (What I Need) intervention block in the Lincoln schedule since January 2026.",
            "K": "Enrichment is still left to individual teachers.",
            "P": "Board approved a late-start Wednesday for PLC time in the 2026-27 calendar.",
        },
        assessors=[TERESA, LUIS, "Dr. Helen Park (CEC trained assessor)"],
        entry_point_id="sa-2024",
        label="dx-2026",
    )


def _step3_plan(s: _Script) -> None:
    # Planned hours include the coaching that follows each training or facilitation.
    s.record(
        "2024-10-29",
        DANA,
        "DirectionSet",
        emphasis="culture",
        kind="transformation",
        horizon={"first": "2024-25", "last": "2026-27"},
        from_diagnosis="dx-2024",
        goals=[
            _goal(
                "trust-anchors",
                "Build trust and a shared way of working among the three anchors",
                FLMC,
            ),
            _goal(
                "structures",
                "Stand up a DLT, SLTs at Lincoln and MRMS and teacher-led PLCs",
                TTP,
                FLMC,
            ),
            _goal(
                "protected-time",
                "Give every grade-level team protected collaboration time (indicator P)",
                TTP,
                gans=["P"],
            ),
            _goal(
                "data-cycle",
                "Begin a PLC data cycle with common formative assessments (indicators D, G)",
                IEP,
                ESTL,
                gans=["D", "G"],
            ),
        ],
        services=[
            _service(
                "leadership-development",
                "24",
                "7500",
                price_note="CEC's written quote of 2024-10-22 (the catalogue publishes no price)",
            ),
            _service("conflict-resolution", "12", "2500", cohorts=1),
            _service("dlt-slt-plc-integration", "64", "20000"),
            _service("labor-management-series", "24", "7500", cohorts=1),
        ],
        gans_addressed=["B", "D", "G", "J", "P"],
    )
    s.change_plan(
        "2025-04-08",
        DANA,
        reason="The MREA withdrew its commitment on March 14 over PLC time; add interest-based "
        "problem solving so the anchors can resolve the teacher-time question jointly.",
        add_services=[_service("ibb-ibps", "16", "5000")],
        add_goals=[
            "resolve-plc-time:Resolve protected PLC time through interest-based problem solving"
        ],
        goal_elements=["resolve-plc-time:FLMC"],
    )
    s.change_plan(
        "2025-08-12",
        DANA,
        reason="Year two: the anchors are aligned again and the DLT, SLTs and PLCs perform; "
        "shift the emphasis to achievement (assessment and intervention GANs), add coaching "
        "hours for the PLC data cycle, a second Conflict Resolution cohort for MRMS and "
        "leadership development for the new MREA officers. The data-cycle goal becomes "
        "common formative assessments every unit; the PLC-time goal was met by the MOU of "
        "2025-06-05; union leadership work acts on the lesson of the June reflection.",
        emphasis="achievement",
        remove_goals=["data-cycle", "resolve-plc-time"],
        cites=["refl-2025-06-12.2"],
        add_services=[
            _service("dlt-slt-plc-integration", "96", "30000"),
            _service("conflict-resolution", "24", "5000", cohorts=2),
            # Step 1 programmes: the catalogue publishes no price, and none was agreed.
            _service("union-leadership-development", "8"),
            _service("shared-leadership", "6"),
        ],
        add_goals=[
            "cfa-every-unit:Common formative assessments every unit in grade 3 and grade 7 math "
            "(E, G)",
            "intervention-block:A guaranteed intervention block at Lincoln (J)",
        ],
        goal_elements=["cfa-every-unit:IEP", "cfa-every-unit:ESTL", "intervention-block:ESTL"],
        goal_gans=["cfa-every-unit:E", "cfa-every-unit:G", "intervention-block:J"],
        gans_addressed=["B", "D", "E", "G", "J", "P"],
    )
    s.entry_point(
        "2025-12-09",
        LUIS,
        "ibb-request-2025",
        "individual_district_request",
        request="The board, the superintendent and the MREA ask CEC to facilitate "
        "interest-based bargaining of the successor contract.",
        deadline=date(2026, 6, 30),
        follow_up="The DLT adopts IBPS for its own problem solving; joint IBPS training for new "
        "DLT members in 2026-27.",
        note="The deadline is the current contract's expiry.",
    )
    s.change_plan(
        "2025-12-09",
        LUIS,
        reason="The MREA contract expires in June 2026; the board, the superintendent and the "
        "MREA asked CEC to facilitate interest-based bargaining of the successor contract.",
        add_services=[_service("ibb-ibps", "32", "10000")],
        add_goals=["successor-contract:Bargain the successor contract through IBB"],
        goal_elements=["successor-contract:FLMC"],
    )


def _step4_teams(s: _Script) -> None:
    # District Leadership Team
    s.team(
        "2024-11-05",
        DANA,
        "dlt",
        "dlt",
        "Maple Ridge District Leadership Team",
        "Define and protect the district's multi-year priorities; align, support and "
        "monitor the work of the SLTs; broadcast results system-wide.",
        "monthly, second Tuesday, 4-6 pm",
    )
    # The three anchors hold seats (Theory of Action, Step 4: "board, administration,
    # teacher organization, parent and, occasionally, community and/or student").
    for member, title, role in [
        (HALE, "superintendent, co-chair", "administration"),
        (BECKER, "MREA president, co-chair", "teachers_organization"),
        (ALVAREZ, "board president", "board"),
        (BROOKS, "assistant superintendent, teaching and learning", "administration"),
        (ORTIZ, "principal, Lincoln Elementary", "principal"),
        (SANDOVAL, "principal, Maple Ridge Middle School", "principal"),
        (CHEN, "teacher, MREA building representative", "teachers_organization"),
        (WRIGHT, "parent, PTO president", "parent"),
    ]:
        s.join("2024-11-05", DANA, "dlt", member, role, title)
    s.stage(
        "2024-12-10",
        DANA,
        "dlt",
        "norm",
        "Norms, consensus decision-making and purposes/non-purposes agreed.",
    )
    s.stage(
        "2025-02-11",
        DANA,
        "dlt",
        "perform",
        "DLT adopted two district priorities and a monitoring calendar.",
    )
    s.leave(
        "2025-03-14",
        DANA,
        "dlt",
        BECKER,
        "Term as MREA president ended; the new MREA leadership withdrew from the Compact.",
    )
    s.leave(
        "2025-03-14",
        DANA,
        "dlt",
        CHEN,
        "The MREA withdrew its representatives with its signature.",
    )
    s.stage(
        "2025-03-18",
        DANA,
        "dlt",
        "norm",
        "Setback: with the MREA seats empty after the withdrawal the DLT cannot decide "
        "by consensus; it returns to norming on decision-making and membership.",
    )
    s.join("2025-06-10", DANA, "dlt", JIMENEZ, "teachers_organization", "MREA president, co-chair")
    s.join(
        "2025-06-10",
        DANA,
        "dlt",
        CHEN,
        "teachers_organization",
        "teacher, MREA building representative",
    )
    s.stage(
        "2025-09-09",
        DANA,
        "dlt",
        "perform",
        "Co-chairs restored; DLT set year-two achievement priorities by consensus.",
    )
    s.stage(
        "2026-03-10",
        LUIS,
        "dlt",
        "sustain",
        "Agenda building, facilitation and progress monitoring now rotate among members; "
        "the DLT ran its February retreat without CEC.",
    )

    # School Leadership Team, Lincoln Elementary
    s.team(
        "2024-12-03",
        MARCUS,
        "slt-lincoln",
        "slt",
        "Lincoln Elementary SLT",
        "Set Lincoln's achievement and culture priorities within the DLT's; document the "
        "support needed from the DLT; produce evidence of progress.",
        "twice monthly, Thursday after school",
        LINCOLN,
        parent="dlt",
    )
    for member, title, role in [
        (ORTIZ, "principal, chair", "principal"),
        (CHEN, "grade 3 teacher, MREA building representative", "teachers_organization"),
        (NGUYEN, "grade 3 team lead", "teacher"),
        ("Maria Lopez", "grade 1 teacher", "teacher"),
        ("Robert Fields", "grade 5 teacher", "teacher"),
        ("Aisha Coleman", "school social worker", "support_staff"),
    ]:
        s.join("2024-12-03", MARCUS, "slt-lincoln", member, role, title)
    s.stage(
        "2025-01-21",
        MARCUS,
        "slt-lincoln",
        "norm",
        "Team norms co-created; decision-making by fist-to-five.",
    )
    s.stage(
        "2025-05-06",
        MARCUS,
        "slt-lincoln",
        "perform",
        "SLT set a literacy priority from winter benchmark data and monitors it monthly.",
    )
    s.leave("2025-06-13", MARCUS, "slt-lincoln", "Robert Fields", "Retired in June 2025.")
    s.join("2025-08-26", TERESA, "slt-lincoln", "Erin Walsh", "teacher", "grade 5 teacher")
    s.stage(
        "2026-02-03",
        TERESA,
        "slt-lincoln",
        "sustain",
        "Facilitation rotates; the SLT reports to staff and the DLT each month without "
        "consultant preparation.",
    )

    # School Leadership Team, Maple Ridge Middle School
    s.team(
        "2025-01-14",
        MARCUS,
        "slt-mrms",
        "slt",
        "Maple Ridge Middle School SLT",
        "Set MRMS priorities within the DLT's; align grade-level and content teams; "
        "communicate progress to staff and families.",
        "monthly, first Wednesday",
        MRMS,
        parent="dlt",
    )
    for member, title, role in [
        (SANDOVAL, "principal, chair", "principal"),
        (REYES, "grade 7 math teacher", "teacher"),
        (
            "Beth Kaminski",
            "grade 8 ELA teacher, MREA building representative",
            "teachers_organization",
        ),
        ("Omar Haddad", "assistant principal", "principal"),
        ("Jenna Park", "counselor", "support_staff"),
    ]:
        s.join("2025-01-14", MARCUS, "slt-mrms", member, role, title)
    s.stage("2025-03-04", MARCUS, "slt-mrms", "norm", "Norms and a shared agenda template agreed.")
    s.stage(
        "2025-10-07",
        TERESA,
        "slt-mrms",
        "perform",
        "SLT uses attendance and grade 7 math data to set two school goals.",
    )

    # PLC: Lincoln grade 3
    s.team(
        "2025-01-28",
        MARCUS,
        "plc-lincoln-g3",
        "ilt-plc",
        "Lincoln Grade 3 PLC",
        "Improve student learning in grade 3 reading and math through common formative "
        "assessments and the four PLC questions.",
        "weekly, Tuesday 45 minutes",
        LINCOLN,
        parent="slt-lincoln",
    )
    for member, title in [
        (NGUYEN, "team lead"),
        (CHEN, "teacher"),
        ("Paul Ibsen", "teacher"),
        ("Grace Tan", "teacher"),
        ("Hector Ruiz", "reading interventionist"),
    ]:
        s.join("2025-01-28", MARCUS, "plc-lincoln-g3", member, "teacher", title)
    s.stage(
        "2025-03-11",
        MARCUS,
        "plc-lincoln-g3",
        "norm",
        "Norms, rotating facilitator and shared agenda adopted.",
    )
    s.leave("2025-08-15", TERESA, "plc-lincoln-g3", "Paul Ibsen", "Moved to a grade 4 position.")
    s.join("2025-08-15", TERESA, "plc-lincoln-g3", "Nora Fitzgerald", "teacher", "teacher")
    s.stage(
        "2025-10-21",
        TERESA,
        "plc-lincoln-g3",
        "perform",
        "Team runs its own data cycle on common formative assessments every unit.",
    )
    s.stage(
        "2026-04-14",
        TERESA,
        "plc-lincoln-g3",
        "sustain",
        "Data cycle embedded in routines; leadership rotates; wins celebrated monthly.",
    )

    # PLC: MRMS grade 7 math
    s.team(
        "2025-02-04",
        MARCUS,
        "plc-mrms-math7",
        "ilt-plc",
        "MRMS Grade 7 Math PLC",
        "Raise grade 7 math proficiency through common unit assessments and targeted re-teaching.",
        "weekly, Thursday 45 minutes",
        MRMS,
        parent="slt-mrms",
    )
    for member, title in [
        (REYES, "team lead"),
        ("Sofia Marquez", "teacher"),
        ("Ben Okafor", "teacher"),
        ("Lauren Schultz", "special education co-teacher"),
    ]:
        s.join("2025-02-04", MARCUS, "plc-mrms-math7", member, "teacher", title)
    s.stage(
        "2025-04-22",
        MARCUS,
        "plc-mrms-math7",
        "norm",
        "Norms agreed; the team chose its first common unit assessment.",
    )
    s.stage(
        "2026-01-13",
        TERESA,
        "plc-mrms-math7",
        "perform",
        "Team regroups students for re-teaching from its own unit data.",
    )

    # Mentoring pair and a cross-role problem-solving team (year two)
    s.team(
        "2025-09-02",
        TERESA,
        "mentor-lincoln-1",
        "mentoring-pair",
        "Lincoln new-teacher mentoring pair",
        "Non-evaluative coaching cycles for a first-year teacher: observe, reflect, set a "
        "goal, follow up.",
        "weekly, 30 minutes",
        LINCOLN,
        parent="slt-lincoln",
    )
    s.join(
        "2025-09-02",
        TERESA,
        "mentor-lincoln-1",
        CHEN,
        "teacher",
        "mentor; MREA building representative",
    )
    s.join(
        "2025-09-02",
        TERESA,
        "mentor-lincoln-1",
        "Sam Patel",
        "teacher",
        "mentee (first-year teacher)",
    )
    s.stage(
        "2025-10-14",
        TERESA,
        "mentor-lincoln-1",
        "norm",
        "Pair agreed its coaching-cycle calendar and confidentiality norms.",
    )
    s.team(
        "2025-11-04",
        TERESA,
        "mrms-attendance",
        "cross-role-problem-solving",
        "MRMS attendance problem-solving team",
        "Reduce chronic absence at MRMS; decide within the SLT's bounds; sponsor: the principal.",
        "every other Monday",
        MRMS,
        parent="slt-mrms",
    )
    for member, title, role in [
        ("Jenna Park", "counselor, chair", "support_staff"),
        ("Omar Haddad", "assistant principal, sponsor's delegate", "principal"),
        ("Beth Kaminski", "teacher", "teachers_organization"),
        ("Luz Herrera", "attendance clerk", "support_staff"),
        ("Marcus Bell", "parent", "parent"),
    ]:
        s.join("2025-11-04", TERESA, "mrms-attendance", member, role, title)
    _priorities(s)
    s.stage(
        "2026-01-20",
        TERESA,
        "mrms-attendance",
        "norm",
        "Team agreed norms and a weekly absence data review.",
    )


def _priorities(s: _Script) -> None:
    """Theory of Action, Step 4: the DLT's multi-year priorities, the SLTs' achievement and
    culture priorities within them, the PLCs' measurable goals; evidence of progress; an
    SLT's request for support from the DLT."""
    s.priority(
        "2025-02-11",
        DANA,
        "dlt",
        "collaboration-time",
        "district_priority",
        "Protected collaboration time for every grade-level team",
        horizon="2024-25:2026-27",
        elements=[TTP, FLMC],
    )
    s.priority(
        "2025-02-11",
        DANA,
        "dlt",
        "guaranteed-curriculum",
        "district_priority",
        "A guaranteed and viable curriculum with common formative assessments, K-8",
        horizon="2024-25:2026-27",
        elements=[IEP, ESTL],
    )
    s.priority(
        "2025-05-06",
        MARCUS,
        "slt-lincoln",
        "lincoln-literacy",
        "achievement",
        "Every Lincoln student reading at benchmark",
        within=["guaranteed-curriculum"],
        elements=[ESTL],
    )
    s.evidence(
        "2025-05-27",
        MARCUS,
        "slt-lincoln",
        "lincoln-literacy",
        "Monthly monitoring of the benchmark data since March; the SLT reviews it each month.",
    )
    s.priority(
        "2025-09-09",
        DANA,
        "dlt",
        "student-engagement",
        "district_priority",
        "Every student present and engaged: attendance and intervention",
        horizon="2025-26:2026-27",
        elements=[ESTL],
    )
    s.priority(
        "2025-09-16",
        TERESA,
        "plc-lincoln-g3",
        "g3-reading",
        "measurable_goal",
        "Fewer grade 3 students below benchmark in reading",
        within=["lincoln-literacy"],
        measure="Grade 3 students below benchmark in reading (screener)",
        unit="%",
        baseline="38",
        target="25",
        target_by=date(2026, 5, 29),
        elements=[ESTL],
    )
    s.priority(
        "2025-10-07",
        TERESA,
        "slt-mrms",
        "mrms-math7",
        "achievement",
        "Grade 7 students proficient in math",
        within=["guaranteed-curriculum"],
        elements=[ESTL],
    )
    s.priority(
        "2025-10-07",
        TERESA,
        "slt-mrms",
        "mrms-chronic-absence",
        "culture",
        "Reduce chronic absence",
        within=["student-engagement"],
        elements=[ESTL],
    )
    s.priority(
        "2025-10-21",
        TERESA,
        "plc-mrms-math7",
        "g7-math",
        "measurable_goal",
        "More grade 7 students proficient on common unit assessments",
        within=["mrms-math7"],
        measure="Grade 7 students proficient on common unit assessments",
        unit="%",
        baseline="41",
        target="60",
        target_by=date(2026, 5, 29),
        elements=[ESTL, IEP],
    )
    s.record(
        "2025-11-06",
        TERESA,
        "SupportRequested",
        team_id="slt-lincoln",
        priority_id="lincoln-literacy",
        request="Fund and schedule a daily WIN (What I Need) intervention block from January 2026.",
    )
    s.evidence("2025-12-16", TERESA, "plc-lincoln-g3", "g3-reading", "Winter screener", "29")
    s.evidence("2026-04-28", TERESA, "plc-mrms-math7", "g7-math", "Unit 6 common assessment", "55")
    s.evidence("2026-05-19", TERESA, "plc-lincoln-g3", "g3-reading", "Spring screener", "24")
    s.evidence(
        "2026-05-19",
        TERESA,
        "slt-mrms",
        "mrms-chronic-absence",
        "Chronic absence down 4 points since October (attendance team's weekly review).",
    )


def _step5_sessions(s: _Script) -> None:
    # Step 1 programmes, before the plan: labor-management capacity for the anchors.
    s.session(
        "2024-08-28",
        DANA,
        "training",
        "union-leadership-development",
        "Union leadership development for the MREA executive board and building reps",
        "6",
        14,
    )
    s.session(
        "2024-09-04",
        DANA,
        "coaching",
        "union-leadership-development",
        "Coaching MREA officers on their role in the Compact",
        "2",
        5,
    )
    s.session(
        "2024-09-10",
        DANA,
        "training",
        "shared-leadership",
        "Shared (distributive) leadership for administrators and union leaders",
        "6",
        32,
    )
    s.session(
        "2024-09-17",
        DANA,
        "coaching",
        "shared-leadership",
        "Coaching the superintendent's cabinet and MREA officers on shared leadership",
        "2",
        8,
    )
    s.session(
        "2024-09-24",
        PRIYA,
        "training",
        "ibb-team-training",
        "Interest-based bargaining team training for the joint bargaining teams",
        "8",
        18,
    )
    s.session(
        "2024-10-01",
        PRIYA,
        "coaching",
        "ibb-team-training",
        "Coaching the joint team on interest statements",
        "2",
        10,
    )

    # Year one: DLT/SLT/PLC integration, conflict resolution, the labor-management series.
    s.session(
        "2024-11-12",
        DANA,
        "training",
        "dlt-slt-plc-integration",
        "Effective team practices and decision-making for the DLT",
        "6",
        8,
        "dlt",
    )
    s.session(
        "2024-11-19",
        PRIYA,
        "training",
        "conflict-resolution",
        "Conflict Resolution Session One: when a difficult conversation is needed",
        "4",
        # Mistyped (corrected below): the sign-in sheet has 42 names. A 40-hour session, the
        # demo's first typo, is refused since rules epoch 2 and a 14-hour one since epoch 3
        # (Conflict Resolution sessions are four hours), so the typo is the head count.
        24,
        label="cr1-2024",
        cohort="district-2024",
        part="session_one",
    )
    s.session(
        "2024-11-26",
        DANA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching DLT co-chairs on agenda design",
        "2",
        2,
        "dlt",
    )
    s.session(
        "2024-12-03",
        PRIYA,
        "coaching",
        "conflict-resolution",
        "Coaching administrators and MREA reps preparing a difficult conversation",
        "1.5",
        9,
    )
    s.session(
        "2024-12-10",
        MARCUS,
        "training",
        "dlt-slt-plc-integration",
        "SLT training: shared goals aligned to the DLT priorities",
        "4",
        6,
        "slt-lincoln",
    )
    s.session(
        "2024-12-17",
        MARCUS,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the Lincoln principal and SLT chair on progress monitoring",
        "1.5",
        2,
        "slt-lincoln",
    )
    s.session(
        "2025-01-09",
        PRIYA,
        "training",
        "conflict-resolution",
        "Conflict Resolution Session Two: interest-based problem solving and dialogue",
        "4",
        38,
        cohort="district-2024",
        part="session_two",
        label="cr2-2024",
    )
    s.session(
        "2025-01-14",
        DANA,
        "facilitating",
        "dlt-slt-plc-integration",
        "Facilitating the DLT's priority-setting meeting",
        "3",
        8,
        "dlt",
    )
    s.session(
        "2025-01-16",
        DANA,
        "training",
        "labor-management-series",
        "Listen to Learn to Lead, day 1: labor-management collaboration and partnerships",
        "6",
        34,
        cohort="leaders-2025",
        part="full_day",
    )
    s.session(
        "2025-01-23",
        PRIYA,
        "coaching",
        "conflict-resolution",
        "Coaching participants through their prepared difficult conversations",
        "2",
        7,
    )
    s.session(
        "2025-01-28",
        DANA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching DLT co-chairs after the priority-setting meeting",
        "1.5",
        2,
        "dlt",
    )
    s.session(
        "2025-01-30",
        DANA,
        "coaching",
        "labor-management-series",
        "Coaching district and school teams on roles and mutual accountability",
        "2",
        12,
    )
    s.session(
        "2025-02-06",
        DANA,
        "training",
        "labor-management-series",
        "Listen to Learn to Lead, day 2: leadership strategies for shared vision",
        "6",
        33,
        cohort="leaders-2025",
        part="full_day",
    )
    s.session(
        "2025-02-18",
        MARCUS,
        "training",
        "dlt-slt-plc-integration",
        "PLC training: the four questions and the data cycle",
        "6",
        9,
        "plc-lincoln-g3",
    )
    s.session(
        "2025-02-20",
        DANA,
        "coaching",
        "labor-management-series",
        "Coaching the SLT chairs on assessing their teams",
        "2",
        6,
    )
    s.session(
        "2025-02-25",
        MARCUS,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the grade 3 PLC through its first data cycle",
        "1.5",
        5,
        "plc-lincoln-g3",
    )
    s.session(
        "2025-02-27",
        DANA,
        "training",
        "labor-management-series",
        "Listen to Learn to Lead, day 3: coherence of district and school initiatives",
        "6",
        31,
        cohort="leaders-2025",
        part="full_day",
    )
    s.session(
        "2025-03-06",
        DANA,
        "coaching",
        "labor-management-series",
        "Coaching the DLT on integrating school priorities",
        "2",
        8,
        "dlt",
    )
    s.session(
        "2025-03-11",
        MARCUS,
        "training",
        "dlt-slt-plc-integration",
        "PLC training: common formative assessments in grade 7 math",
        "4",
        4,
        "plc-mrms-math7",
    )
    s.session(
        "2025-03-25",
        MARCUS,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the grade 7 math PLC on its first common assessment",
        "1.5",
        4,
        "plc-mrms-math7",
    )
    s.session(
        "2025-04-24",
        PRIYA,
        "facilitating",
        "ibb-ibps",
        "IBPS on protected PLC time: interests of the MREA and the administration",
        "6",
        12,
    )
    s.session(
        "2025-05-01",
        PRIYA,
        "coaching",
        "ibb-ibps",
        "Coaching the joint team on options and standards",
        "2",
        6,
    )
    s.session(
        "2025-05-13",
        MARCUS,
        "networking",
        "dlt-slt-plc-integration",
        "Lincoln SLT visits a CEC member district's SLT and PLCs",
        "5",
        7,
        "slt-lincoln",
    )
    s.session(
        "2025-05-15",
        PRIYA,
        "facilitating",
        "ibb-ibps",
        "IBPS on protected PLC time: agreement on the MOU language",
        "6",
        12,
    )
    s.session(
        "2025-05-20",
        MARCUS,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the Lincoln SLT on what it learned from the network visit",
        "1.5",
        6,
        "slt-lincoln",
    )
    s.session(
        "2025-05-22",
        PRIYA,
        "coaching",
        "ibb-ibps",
        "Coaching MREA and administration leaders to carry the MOU to their members",
        "2",
        4,
    )
    s.session(
        "2025-06-17",
        DANA,
        "training",
        "leadership-development",
        "Summer leadership institute: distributed leadership from boardroom to classroom",
        "12",
        36,
    )
    s.session(
        "2025-06-24",
        DANA,
        "coaching",
        "leadership-development",
        "Coaching principals on their year-two leadership plans",
        "2",
        4,
    )

    # Year two: achievement emphasis, new MREA leaders, mentoring, the data cycle.
    s.session(
        "2025-08-19",
        DANA,
        "training",
        "union-leadership-development",
        "Union leadership development for the new MREA officers",
        "6",
        11,
    )
    s.session(
        "2025-08-21",
        TERESA,
        "training",
        "dlt-slt-plc-integration",
        "Back-to-school PLC training for all Lincoln and MRMS teams",
        "6",
        46,
        label="back-to-school-2025",
    )
    s.session(
        "2025-08-28",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching PLC leads on unit planning",
        "2",
        9,
    )
    s.session(
        "2025-09-03",
        DANA,
        "coaching",
        "union-leadership-development",
        "Coaching the MREA president on co-chairing the DLT",
        "1.5",
        1,
    )
    s.session(
        "2025-09-09",
        DANA,
        "facilitating",
        "dlt-slt-plc-integration",
        "Co-facilitating the DLT's year-two priority setting",
        "3",
        9,
        "dlt",
    )
    s.session(
        "2025-09-16",
        TERESA,
        "mentoring",
        "dlt-slt-plc-integration",
        "Mentor training: non-evaluative coaching cycles",
        "3",
        6,
        "mentor-lincoln-1",
        label="mentor-training-2025",
    )
    s.session(
        "2025-09-23",
        DANA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching DLT co-chairs on the monitoring calendar",
        "1.5",
        2,
        "dlt",
    )
    s.session(
        "2025-09-30",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the mentor on her role and responsibilities",
        "1",
        1,
        "mentor-lincoln-1",
    )
    s.session(
        "2025-10-02",
        DANA,
        "training",
        "shared-leadership",
        "Shared leadership for the MRMS staff",
        "3",
        41,
    )
    s.session(
        "2025-10-07",
        TERESA,
        "training",
        "dlt-slt-plc-integration",
        "SLT training: using data on learning to set school goals",
        "4",
        5,
        "slt-mrms",
    )
    s.session(
        "2025-10-09",
        DANA,
        "coaching",
        "shared-leadership",
        "Coaching MRMS teacher leaders on leading teams",
        "2",
        6,
    )
    s.session(
        "2025-10-16",
        PRIYA,
        "training",
        "conflict-resolution",
        "Conflict Resolution Session One for MRMS staff and new administrators",
        "4",
        29,
        cohort="mrms-2025",
        part="session_one",
    )
    s.session(
        "2025-10-21",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the MRMS SLT chair on goal monitoring",
        "1.5",
        2,
        "slt-mrms",
    )
    s.session(
        "2025-10-28",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the grade 3 PLC lead to facilitate the data cycle",
        "1.5",
        1,
        "plc-lincoln-g3",
        # It follows the back-to-school training of the whole staff, not the grade 3 PLC's
        # own training of February (which the rule for older coaching would pick).
        follows="back-to-school-2025",
    )
    s.session(
        "2025-10-30",
        PRIYA,
        "coaching",
        "conflict-resolution",
        "Coaching MRMS participants preparing difficult conversations",
        "1.5",
        6,
    )
    s.session(
        "2025-11-13",
        PRIYA,
        "training",
        "conflict-resolution",
        "Conflict Resolution Session Two for the MRMS cohort",
        "4",
        27,
        cohort="mrms-2025",
        part="session_two",
    )
    s.session(
        "2025-11-18",
        TERESA,
        "facilitating",
        "dlt-slt-plc-integration",
        "Facilitating the attendance team's root-cause analysis",
        "2",
        5,
        "mrms-attendance",
    )
    s.session(
        "2025-12-02",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the attendance team chair on progress monitoring",
        "1",
        1,
        "mrms-attendance",
    )
    s.session(
        "2025-12-04",
        PRIYA,
        "coaching",
        "conflict-resolution",
        "Coaching MRMS leaders on dialogue skills in team meetings",
        "1.5",
        5,
    )
    s.session(
        "2026-01-13",
        LUIS,
        "facilitating",
        "ibb-ibps",
        "IBB facilitation: successor contract, first joint session",
        "6",
        14,
    )
    s.session(
        "2026-01-15",
        TERESA,
        "training",
        "dlt-slt-plc-integration",
        "PLC training: re-teaching and enrichment from unit data (J, K)",
        "3",
        9,
        "plc-mrms-math7",
    )
    s.session(
        "2026-01-22",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the grade 7 math PLC lead on regrouping",
        "1.5",
        1,
        "plc-mrms-math7",
    )
    s.session(
        "2026-01-27",
        LUIS,
        "coaching",
        "ibb-ibps",
        "Coaching the bargaining co-chairs between IBB sessions",
        "2",
        4,
    )
    s.session(
        "2026-02-10",
        LUIS,
        "facilitating",
        "ibb-ibps",
        "IBB facilitation: successor contract, tentative agreement",
        "6",
        14,
    )
    s.session(
        "2026-02-17",
        LUIS,
        "coaching",
        "ibb-ibps",
        "Coaching the joint team on communicating the tentative agreement",
        "1.5",
        4,
    )
    s.session(
        "2026-02-24",
        LUIS,
        "training",
        "leadership-development",
        "Leadership development for new teacher leaders and the board",
        "6",
        24,
    )
    s.session(
        "2026-03-03",
        LUIS,
        "coaching",
        "leadership-development",
        "Coaching board members on monitoring district priorities",
        "1.5",
        3,
    )
    s.session(
        "2026-03-19",
        TERESA,
        "networking",
        "dlt-slt-plc-integration",
        "Grade 3 and grade 7 PLCs share practice with a neighbouring CEC district",
        "4",
        11,
        "plc-lincoln-g3",
    )
    s.session(
        "2026-03-26",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching PLC leads to spread what they learned across teams",
        "1.5",
        3,
        "plc-lincoln-g3",
    )
    s.session(
        "2026-04-21",
        LUIS,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the assistant superintendent, now leading the DLT",
        "1",
        1,
        "dlt",
    )
    s.session(
        "2026-05-05",
        TERESA,
        "mentoring",
        "dlt-slt-plc-integration",
        "Mentoring Lincoln teachers who will mentor next year's new hires",
        "2",
        4,
        label="mentor-the-mentors-2026",
    )
    s.session(
        "2026-05-12",
        TERESA,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the lead mentor on the onboarding plan",
        "1",
        1,
    )


def _handoffs(s: _Script) -> None:
    s.record(
        "2025-08-08",
        MARCUS,
        "ConsultantHandoff",
        from_consultant=MARCUS,
        to_consultant=TERESA,
        content_area="PLCs, SLT coaching and the data cycle (achievement emphasis)",
        overlap_until=date(2025, 10, 31),
        notes="Marcus moves to a new district; Teresa's assessment expertise fits the "
        "year-two emphasis. Joint visits to both SLTs and PLCs through October so "
        "the working relationships transfer.",
    )
    s.record(
        "2025-12-15",
        DANA,
        "ConsultantHandoff",
        from_consultant=DANA,
        to_consultant=LUIS,
        content_area="Labor-management collaboration, IBB and DLT coaching",
        overlap_until=date(2026, 2, 28),
        notes="Dana remains lead consultant but steps back from weekly work; Luis "
        "facilitates the successor-contract IBB and coaches the DLT. Dana attends "
        "the January and February DLT meetings with him.",
    )


def _capacity_transfer(s: _Script) -> None:
    r = "facilitate DLT meetings"
    s.transfer("2024-11-12", DANA, r, "consultant-led", DANA, "dlt")
    s.transfer("2025-02-11", DANA, r, "co-led", f"{DANA} with {BROOKS}", "dlt")
    s.transfer("2025-10-14", DANA, r, "district-led-with-coaching", BROOKS, "dlt")
    s.transfer("2026-04-14", LUIS, r, "district-independent", BROOKS, "dlt")

    r = "facilitate SLT meetings at Lincoln"
    s.transfer("2024-12-10", MARCUS, r, "consultant-led", MARCUS, "slt-lincoln")
    s.transfer("2025-03-04", MARCUS, r, "co-led", f"{MARCUS} with {ORTIZ}", "slt-lincoln")
    s.transfer("2025-09-16", TERESA, r, "district-led-with-coaching", ORTIZ, "slt-lincoln")
    s.transfer("2026-03-03", TERESA, r, "district-independent", ORTIZ, "slt-lincoln")

    r = "facilitate SLT meetings at Maple Ridge Middle"
    s.transfer("2025-01-14", MARCUS, r, "consultant-led", MARCUS, "slt-mrms")
    s.transfer("2025-08-26", TERESA, r, "consultant-led", TERESA, "slt-mrms")
    s.transfer("2025-11-04", TERESA, r, "co-led", f"{TERESA} with {SANDOVAL}", "slt-mrms")
    s.transfer("2026-05-06", TERESA, r, "district-led-with-coaching", SANDOVAL, "slt-mrms")

    r = "run the PLC data cycle"
    s.transfer("2025-02-18", MARCUS, r, "consultant-led", MARCUS, "plc-lincoln-g3")
    s.transfer("2025-08-26", TERESA, r, "consultant-led", TERESA, "plc-lincoln-g3")
    s.transfer("2025-10-21", TERESA, r, "co-led", f"{TERESA} with {NGUYEN}", "plc-lincoln-g3")
    s.transfer("2026-02-10", TERESA, r, "district-led-with-coaching", NGUYEN, "plc-lincoln-g3")
    s.transfer("2026-05-19", TERESA, r, "district-independent", NGUYEN, "plc-lincoln-g3")

    r = "plan PLC agendas"
    s.transfer("2025-03-11", MARCUS, r, "consultant-led", MARCUS, "plc-mrms-math7")
    s.transfer("2025-11-11", TERESA, r, "co-led", f"{TERESA} with {REYES}", "plc-mrms-math7")
    s.transfer("2026-03-24", TERESA, r, "district-led-with-coaching", REYES, "plc-mrms-math7")

    r = "monitor the services plan"
    s.transfer("2024-11-05", DANA, r, "consultant-led", DANA)
    s.transfer("2025-09-09", DANA, r, "co-led", f"{DANA} with {HALE} and {JIMENEZ}", "dlt")
    s.transfer("2026-01-13", LUIS, r, "district-led-with-coaching", f"{HALE} and {JIMENEZ}", "dlt")

    r = "onboard new mentors"
    s.transfer("2025-09-02", TERESA, r, "consultant-led", TERESA)
    s.transfer("2026-01-27", TERESA, r, "co-led", f"{TERESA} with {CHEN}")
    # Training local trainers (the Coaching Delivery Model): Lisa Chen now onboards new
    # mentors, prepared by the two mentoring sessions of the DLT/SLT/PLC work.
    s.transfer(
        "2026-05-12",
        TERESA,
        r,
        "district-led-with-coaching",
        CHEN,
        service_id="dlt-slt-plc-integration",
        prepared_by=("mentor-training-2025", "mentor-the-mentors-2026"),
    )


def _reflections(s: _Script) -> None:
    s.record(
        "2025-05-27",
        MARCUS,
        "ReflectionRecorded",
        team_id="slt-lincoln",
        process_outcomes="The SLT met 11 times and kept its norms; decisions by "
        "fist-to-five took longer but stuck.",
        content_outcomes="Literacy priority set from winter benchmark data; monthly "
        "monitoring started in March.",
        communication="Minutes posted within two days; staff asked for a one-page summary instead.",
        equitable_voice="Support staff spoke less than teachers; the team now uses "
        "round-robin for key decisions.",
        psychological_safety="Members disagreed openly about the literacy block "
        "without it becoming personal.",
        lessons_learned=[
            "Start from the data before the solutions",
            "A one-page summary reaches more staff than minutes",
        ],
    )
    s.record(
        "2025-06-12",
        DANA,
        "ReflectionRecorded",
        team_id=None,
        process_outcomes="The withdrawal and re-commitment showed the Compact depends on "
        "each anchor's own process, not on its signatories.",
        content_outcomes="An MOU on protected PLC time, reached through IBPS, that all "
        "three anchors own.",
        communication="The MREA's members heard about PLC time from rumours before the "
        "Compact was explained to them.",
        equitable_voice="Building representatives now sit on every SLT.",
        psychological_safety="The IBPS sessions let both sides name their interests "
        "without positions hardening.",
        lessons_learned=[
            "Bring teacher-time questions to the table before implementation",
            "Brief new union leadership on the Compact as soon as they are elected",
            "Any anchor can stop the work; keep all three at the table",
        ],
        goals=[
            {
                "goal_id": "resolve-plc-time",
                "result": "met",
                "evidence": "MOU on protected PLC time signed 2025-06-05",
            },
            {
                "goal_id": "data-cycle",
                "result": "partly_met",
                "evidence": "The grade 3 PLC ran its first cycles; grade 7 has one common "
                "assessment",
            },
        ],
        next_steps=["Brief the new MREA officers on the Compact in August"],
        label="refl-2025-06-12",
    )
    s.record(
        "2025-06-10",
        DANA,
        "ReflectionRecorded",
        team_id="dlt",
        process_outcomes="The DLT lost consensus when the MREA seats were empty and "
        "rebuilt it in June.",
        content_outcomes="Two district priorities adopted; one monitored monthly.",
        communication="Joint broadcasts after each meeting by both co-chairs from "
        "February; paused during the withdrawal.",
        equitable_voice="The parent representative asked for materials in advance so "
        "she could take part.",
        psychological_safety="Low in March and April; restored after the MOU.",
        lessons_learned=[
            "Membership is a decision of each anchor, not of the chair",
            "Send materials a week ahead",
        ],
    )
    s.record(
        "2025-12-16",
        TERESA,
        "ReflectionRecorded",
        team_id="plc-lincoln-g3",
        process_outcomes="Rotating facilitation works; the data cycle takes two meetings per unit.",
        content_outcomes="Students below benchmark in reading fell from 38% to 29% "
        "between September and December.",
        communication="The team shares its regrouping plan with the interventionist every Friday.",
        equitable_voice="The new teacher leads one data meeting a month.",
        psychological_safety="Teachers bring their lowest class results without fear of judgement.",
        lessons_learned=[
            "Use data for learning, not judgement",
            "Plan re-teaching before the next unit starts",
        ],
    )
    s.record(
        "2026-01-20",
        LUIS,
        "ReflectionRecorded",
        team_id="dlt",
        process_outcomes="Members rotate agenda building; the assistant superintendent "
        "leads with coaching.",
        content_outcomes="Priority standards adopted K-8; intervention block funded at Lincoln.",
        communication="Monthly joint broadcast by the superintendent and the MREA president.",
        equitable_voice="Board, union, administration and parent members each lead one "
        "agenda item per meeting.",
        psychological_safety="The team discussed the contract settlement openly while "
        "bargaining was going on.",
        lessons_learned=[
            "Rotate leadership before the consultant steps back",
            "Keep bargaining and the DLT's work connected but separate",
        ],
    )
    s.record(
        "2026-05-19",
        TERESA,
        "ReflectionRecorded",
        team_id="slt-mrms",
        process_outcomes="The SLT performs; the principal chairs, teachers facilitate.",
        content_outcomes="Grade 7 math common assessments every unit; chronic absence "
        "down 4 points.",
        communication="Family newsletter section written by the SLT each month.",
        equitable_voice="Counselor and attendance clerk bring the attendance team's "
        "findings directly.",
        psychological_safety="Members name problems early; the attendance data review "
        "became routine.",
        lessons_learned=[
            "Cross-role teams find causes a single role misses",
            "Sustain: put routines in the master schedule",
        ],
    )
    s.record(
        "2026-06-16",
        LUIS,
        "ReflectionRecorded",
        team_id="dlt",
        content_outcomes="The DLT looked back on the services plan goal by goal at its last "
        "meeting of the year.",
        lessons_learned=["Enrichment (K) is still left to teachers: plan it for 2026-27"],
        goals=[
            {
                "goal_id": "trust-anchors",
                "result": "met",
                "evidence": "Successor contract reached through IBB, no grievances",
            },
            {
                "goal_id": "structures",
                "result": "met",
                "evidence": "The DLT and the Lincoln SLT sustain; the MRMS SLT and both PLCs "
                "perform",
            },
            {
                "goal_id": "protected-time",
                "result": "met",
                "evidence": "MOU 2025; late-start Wednesday in the 2026-27 calendar",
            },
            {
                "goal_id": "cfa-every-unit",
                "result": "met",
                "evidence": "Every unit in grade 3 and grade 7 math since January",
            },
            {
                "goal_id": "intervention-block",
                "result": "met",
                "evidence": "WIN block since January 2026",
            },
            {
                "goal_id": "successor-contract",
                "result": "met",
                "evidence": "Tentative agreement 2026-02-10, ratified",
            },
        ],
        next_steps=["Extend common assessments to grades 4-6 and 8"],
    )


def _outcomes(s: _Script) -> None:
    st, mt, lt = "short_term", "mid_term", "long_term"
    s.outcome(
        "2025-01-21",
        DANA,
        st,
        "common_language",
        "DLT and SLT members use 'GANs', 'norms' and 'the four questions' in minutes "
        "without explanation.",
    )
    s.outcome(
        "2025-02-11",
        DANA,
        st,
        "decision_making",
        "The DLT adopted two district priorities by consensus of all three anchors.",
    )
    s.outcome(
        "2025-03-04",
        PRIYA,
        st,
        "new_knowledge_or_skills",
        "31 of 38 Conflict Resolution participants prepared and held a difficult "
        "conversation (follow-up survey).",
        measure="Session Two participants who held a prepared difficult conversation",
        unit="participants",
        observed="31",
        sessions=["cr2-2024"],
        services=["conflict-resolution"],
    )
    s.outcome(
        "2025-06-05",
        PRIYA,
        st,
        "policy_changes",
        "MOU on protected PLC time: 45 minutes weekly inside the contract day.",
    )
    s.outcome(
        "2025-06-19",
        DANA,
        st,
        "attitude_shifts",
        "Staff survey: 'administration and the union work together' rose from 34% to "
        "58% agreement.",
        measure="Staff agreeing 'administration and the union work together'",
        unit="%",
        baseline="34",
        target="50",
        observed="58",
        services=["labor-management-series", "conflict-resolution"],
        elements=[FLMC],
    )
    s.outcome(
        "2025-08-12",
        DANA,
        st,
        "resource_flow",
        "Board reallocated two instructional coach positions to PLC support in the FY26 budget.",
    )
    s.outcome(
        "2025-11-18",
        TERESA,
        st,
        "adapting_practice",
        "Grade 3 teachers regroup students from common formative assessment data every unit.",
        teams=["plc-lincoln-g3"],
        goals=["cfa-every-unit"],
    )
    s.outcome(
        "2026-01-20",
        LUIS,
        mt,
        "improved_alignment",
        "Lincoln and MRMS SLT goals now cite the DLT priorities; PLC goals cite the SLT goals.",
        teams=["dlt", "slt-lincoln", "slt-mrms", "plc-lincoln-g3", "plc-mrms-math7"],
    )
    s.outcome(
        "2026-02-24",
        LUIS,
        mt,
        "strengthened_culture",
        "Successor contract reached through IBB in two sessions, with no grievances "
        "filed during bargaining.",
        services=["ibb-ibps"],
        goals=["successor-contract"],
    )
    s.outcome(
        "2026-03-10",
        LUIS,
        mt,
        "sustaining_practice",
        "The DLT ran its February retreat without CEC facilitation.",
    )
    s.outcome(
        "2026-04-14",
        TERESA,
        mt,
        "empowered_educators",
        "Teacher leads facilitate all PLC data meetings at Lincoln; two teachers "
        "presented at the regional network.",
    )
    s.outcome(
        "2026-05-12",
        TERESA,
        mt,
        "sustaining_practice",
        "Mentor onboarding for 2026-27 planned and led by Lisa Chen.",
    )
    s.outcome(
        "2026-06-09",
        DANA,
        lt,
        "increased_system_capacity",
        "All seven responsibilities are district-led, three of them district-independent; "
        "the DLT, the Lincoln SLT and the grade 3 PLC sustain their work; the PLC "
        "re-assessment rose on 15 of the 16 indicators.",
        teams=["dlt"],
        elements=[ESTL, IEP, TTP, FLMC],
    )


def _corrections(s: _Script) -> None:
    s.correct(
        "2024-09-03",
        DANA,
        target="board-commit",
        reason="Signatory misspelled when logged: the board president is Rosa Alvarez "
        "(checked against Board Resolution 24-31).",
        fields={"signatory": ALVAREZ},
    )
    s.correct(
        "2024-11-25",
        PRIYA,
        target="cr1-2024",
        reason="Participants mistyped: the sign-in sheet has 42 names",
        fields={"participants": 42},
    )


# ----------------------------------------------------------------------------- Cedar Grove
def _cedar_grove() -> _Script:
    """A school that asked for conflict resolution, was diagnosed and planned, then closed."""
    s = _Script(CEDAR_SLUG)
    frey = "Angela Frey"  # principal
    hollis = "Janet Hollis"  # association building chair
    s.open(
        "2025-03-10",
        PRIYA,
        name="Cedar Grove Elementary",
        organisation="Cedar Grove Elementary School, Cedar Grove SD 44",
        level="school",
        lead_consultant=PRIYA,
    )
    s.entry_point(
        "2025-03-10",
        PRIYA,
        "cg-request",
        "individual_district_request",
        request="Conflict resolution training for the whole staff",
        follow_up="A PLC diagnosis and a services plan for reading interventions",
    )
    s.commit(
        "2025-03-18",
        PRIYA,
        "administration",
        "Dr. Walter Simms",
        "mou",
        "Superintendent and principal sign an MOU for a school-level partnership after "
        "requesting conflict resolution training for the staff.",
    )
    s.commit(
        "2025-03-24",
        PRIYA,
        "teachers_organization",
        hollis,
        "mou",
        "Cedar Grove Education Association building committee co-signs the MOU.",
    )
    s.commit(
        "2025-04-01",
        PRIYA,
        "board",
        "Frank Delgado",
        "resolution",
        "Board Resolution 25-07 endorses the Cedar Grove partnership. Do we have a We? Yes.",
    )
    s.session(
        "2025-03-27",
        PRIYA,
        "training",
        "union-leadership-development",
        "Union leadership development for the association building committee",
        "3",
        6,
    )
    s.session(
        "2025-04-08",
        PRIYA,
        "coaching",
        "union-leadership-development",
        "Coaching the association building chair on her role in the partnership",
        "1",
        1,
    )
    s.session(
        "2025-04-03",
        PRIYA,
        "training",
        "conflict-resolution",
        "Conflict Resolution Session One for the whole Cedar Grove staff",
        "4",
        27,
        cohort="cg-staff-2025",
        part="session_one",
        unplanned=CEDAR_REQUEST,
        label="cg-cr1",
    )
    s.session(
        "2025-04-10",
        PRIYA,
        "coaching",
        "conflict-resolution",
        "Coaching the principal and association reps on an upcoming conversation",
        "1.5",
        3,
    )
    ratings = dict(
        zip(
            INDICATORS,
            [
                "developing",
                "developing",
                "initiating",
                "initiating",
                "developing",
                "developing",
                "initiating",
                "developing",
                "developing",
                "not_yet",
                "initiating",
                "sustaining",
                "initiating",
                "initiating",
                "developing",
                "initiating",
            ],
            strict=True,
        )
    )
    s.diagnose(
        "2025-04-15",
        PRIYA,
        framework_id="plc",
        ratings=ratings,
        evidence={
            "J": "No intervention time in the schedule; interventions depend on "
            "the reading specialist's caseload.",
            "L": "Climate survey: 88% of students feel safe and respected.",
        },
        assessors=[PRIYA, MARCUS],
        entry_point_id="cg-request",
        label="cg-dx-2025",
    )
    s.session(
        "2025-04-17",
        PRIYA,
        "training",
        "conflict-resolution",
        "Conflict Resolution Session Two for the Cedar Grove staff",
        "4",
        25,
        cohort="cg-staff-2025",
        part="session_two",
        unplanned=CEDAR_REQUEST,
    )
    s.session(
        "2025-04-24",
        PRIYA,
        "coaching",
        "conflict-resolution",
        "Coaching the principal and association chair on dialogue in staff meetings",
        "1",
        2,
    )
    s.record(
        "2025-04-29",
        PRIYA,
        "DirectionSet",
        emphasis="achievement",
        kind="support",
        from_diagnosis="cg-dx-2025",
        goals=[
            _goal(
                "intervention-block",
                "A guaranteed intervention block for reading (J)",
                ESTL,
                gans=["J"],
            ),
            _goal(
                "cfa-grades-2-4",
                "Common formative assessments in grades 2-4 (D, G)",
                IEP,
                ESTL,
                gans=["D", "G"],
            ),
        ],
        # Conflict Resolution was delivered before the plan, as the school's own request:
        # it is not a line of the plan.
        services=[
            _service("dlt-slt-plc-integration", "24", "7500"),
            _service("ibb-ibps", "8", "2500"),
        ],
        gans_addressed=["D", "G", "J"],
    )
    s.session(
        "2025-05-06",
        PRIYA,
        "facilitating",
        "ibb-ibps",
        "IBPS on the intervention block: the association's and the principal's "
        "interests in the schedule",
        "4",
        9,
    )
    s.session(
        "2025-05-13",
        PRIYA,
        "coaching",
        "ibb-ibps",
        "Coaching the principal and association chair on the schedule options",
        "1",
        2,
    )
    s.transfer(
        "2025-05-06", PRIYA, "facilitate staff problem-solving meetings", "consultant-led", PRIYA
    )
    s.session(
        "2025-05-15",
        MARCUS,
        "training",
        "dlt-slt-plc-integration",
        "Effective team practices for the staff who will form the SLT",
        "4",
        8,
    )
    s.session(
        "2025-05-22",
        MARCUS,
        "coaching",
        "dlt-slt-plc-integration",
        "Coaching the principal on a school leadership team charter",
        "1",
        1,
    )
    s.change_plan(
        "2025-06-03",
        PRIYA,
        reason="The district announced the consolidation of Cedar Grove with "
        "Oakview Elementary; SLT and PLC work is cut back to what can "
        "finish by June.",
        add_services=[_service("dlt-slt-plc-integration", "8", "2500")],
    )
    s.transfer(
        "2025-06-03",
        PRIYA,
        "facilitate staff problem-solving meetings",
        "co-led",
        f"{PRIYA} with {frey} and {hollis}",
    )
    s.outcome(
        "2025-05-20",
        PRIYA,
        "short_term",
        "new_knowledge_or_skills",
        "22 of 25 staff used the difficult-conversation planner from Session One.",
        measure="Staff who used the difficult-conversation planner",
        unit="staff",
        observed="22",
        sessions=["cg-cr1"],
    )
    s.outcome(
        "2025-06-05",
        PRIYA,
        "short_term",
        "decision_making",
        "Principal and association agreed the intervention block schedule through IBPS.",
    )
    s.outcome(
        "2025-06-10",
        PRIYA,
        "short_term",
        "attitude_shifts",
        "End-of-year staff survey: 'I can raise a problem with the principal' rose from "
        "41% to 67%.",
        measure="Staff agreeing 'I can raise a problem with the principal'",
        unit="%",
        baseline="41",
        observed="67",
    )
    s.outcome(
        "2025-05-28",
        PRIYA,
        "short_term",
        "common_language",
        "Staff meeting notes use 'interests, not positions' and 'the four questions'.",
    )
    s.record(
        "2025-06-12",
        PRIYA,
        "ReflectionRecorded",
        team_id=None,
        process_outcomes="Conflict resolution first, then IBPS, let the staff and the "
        "principal solve the schedule together.",
        content_outcomes="Reading intervention block designed for 2025-26; passed on to "
        "the consolidated school.",
        communication="The principal shared the plan at the last staff meeting.",
        equitable_voice="Support staff took part in the IBPS session for the first time.",
        psychological_safety="Staff named the reading specialist's overload openly.",
        lessons_learned=[
            "A school-level partnership needs the district office at the table too",
            "Leverage a single request into a diagnosis early",
        ],
        goals=[
            {
                "goal_id": "intervention-block",
                "result": "partly_met",
                "evidence": "Designed for 2025-26, passed to Oakview",
            },
            {
                "goal_id": "cfa-grades-2-4",
                "result": "not_met",
                "evidence": "The consolidation ended the work before assessments were written",
            },
        ],
    )
    s.record(
        "2025-08-29",
        PRIYA,
        "EngagementClosed",
        reason="Cedar Grove SD 44 consolidated Cedar Grove Elementary with Oakview "
        "Elementary over the summer; the services plan ended with the school "
        "year and the intervention design passed to Oakview.",
    )
    return s


# ----------------------------------------------------------------------------- entry point
def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: python scripts/demo_story.py OUTPUT.jsonl", file=sys.stderr)
        return 2
    target = Path(argv[0])
    if not target.parent.is_dir():
        print(f"error: no directory {target.parent} for {target.name}", file=sys.stderr)
        return 1
    try:
        export = story_export()
    except DomainError as error:
        print(f"error: the story breaks a rule: {error}", file=sys.stderr)
        return 1
    write_atomically(target, export)
    print(f"Wrote {len(export.splitlines())} events to {target}", file=sys.stderr)
    return 0


def story_export() -> bytes:
    """Record the story into a temporary ledger; its export, as ``cec-ledger export`` writes it."""
    with (
        tempfile.TemporaryDirectory(prefix="demo-story-") as folder,
        Ledger.open(str(Path(folder) / "demo.db"), actor="demo-story", create=True) as ledger,
    ):
        build_demo(ledger)
        return b"".join(orjson.dumps(row) + b"\n" for row in ledger.all_events())


def write_atomically(target: Path, content: bytes) -> None:
    """Write beside ``target`` and rename: a failed run never leaves half a file."""
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(partial, 0o644)  # mkstemp makes it private; this is a file for the repository
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
