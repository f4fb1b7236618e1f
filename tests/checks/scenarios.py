"""For each engagement check: a story that trips it and the same story, put right, that does
not. ``TRIPS[check]`` and ``CLEAN[check]`` build them; ``EXPECTED[check]`` is what the check
says of the tripping one (the events it names and words of its message)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from tests.checks.stories import ALL_ELEMENTS, Story, line, opened, plan, session

D = date

# PLC Appendix C's sixteen indicators, every one rated (the PLC plugin's scale).
PLC_RATINGS = {letter: "developing" for letter in "ABCDEFGHIJKLMNOP"}


def _transformation_without_we(trip: bool) -> Story:
    s = opened("t-we")
    if trip:
        s.add(
            "CommitmentWithdrawn",
            D(2025, 9, 10),
            anchor="teachers_organization",
            signatory="C. Jimenez",
            reason="new union leadership",
        )
    plan(s, D(2025, 9, 15), kind="transformation", emphasis="culture")
    return s


def _plan_without_diagnosis(trip: bool) -> Story:
    s = opened("p-dx")
    if not trip:
        _diagnose(s, D(2025, 9, 1))
    plan(s, D(2025, 9, 15))
    return s


def _diagnose(s: Story, on: date, gans: tuple[str, ...] = ("J",)) -> int:
    return s.add(
        "NeedsDiagnosed",
        on,
        framework_id="plc",
        framework_version="1",
        ratings=PLC_RATINGS,
        evidence={},
        readiness_score=Decimal("0.5"),
        readiness_label="developing",
        greatest_areas_of_need=list(gans),
        strengths=[],
        recommended_services=[],
        entry_point_id=None,
    )


def _framework_coverage(trip: bool) -> Story:
    s = opened("f-cov")
    plan(s, D(2025, 9, 15), elements=ALL_ELEMENTS[:1] if trip else ALL_ELEMENTS)
    return s


def _price_rules(trip: bool) -> Story:
    s = opened("price")
    bad = line("foo-bar", "8", "900") if trip else line("ibb-ibps", "8", "2500")
    plan(s, D(2025, 9, 15), lines=[bad])
    return s


def _unplanned_sessions(trip: bool) -> Story:
    s = opened("unplanned")
    plan(s, D(2025, 9, 15))
    session(s, D(2025, 9, 20), "leadership-development" if trip else "ibb-ibps")
    return s


def _over_delivery(trip: bool) -> Story:
    s = opened("over")
    plan(s, D(2025, 9, 15))
    for day in (20, 22, 24, 26):
        session(s, D(2025, 9, day))  # 2 hours each: 8 of 8 planned
    if trip:
        session(s, D(2025, 9, 29))
    return s


def _cohort_prerequisites(trip: bool) -> Story:
    s = opened("cohort")
    plan(
        s,
        D(2025, 9, 15),
        lines=[
            line("conflict-resolution", "8", "2500", cohorts=1),
        ],
    )
    if not trip:
        session(
            s,
            D(2025, 9, 20),
            "conflict-resolution",
            hours=Decimal("4"),
            participants=20,
            cohort="staff-a",
            part="session_one",
        )
    session(
        s,
        D(2025, 10, 1),
        "conflict-resolution",
        hours=Decimal("4"),
        participants=20,
        cohort="staff-a",
        part="session_two",
    )
    return s


def _coaching_without_antecedent(trip: bool) -> Story:
    s = opened("coach")
    plan(s, D(2025, 9, 15))
    if not trip:
        session(s, D(2025, 9, 20))
    session(
        s,
        D(2025, 9, 25),
        delivery="coaching",
        hours=Decimal("1"),
        participants=2,
        follows=None if trip else len(s.events),
        purpose="reflection_and_support",
    )
    return s


def _dlt_anchor_seats(trip: bool) -> Story:
    s = opened("seats")
    if trip:
        s.add(
            "TeamMemberLeft",
            D(2025, 10, 1),
            team_id="dlt",
            member="C. Jimenez",
            reason="stepped down",
        )
    return s


def _team_stalled(trip: bool) -> Story:
    s = opened("stalled", D(2025, 1, 6))
    # The DLT formed on 2025-01-07; six months before 2025-12-31 is 2025-06-30.
    if not trip:
        s.add("TeamStageAdvanced", D(2025, 11, 1), team_id="dlt", stage="norm")
    return s


def _responsibility_stalled(trip: bool) -> Story:
    s = opened("resp", D(2025, 1, 6))
    s.add(
        "ResponsibilityTransferred",
        D(2025, 2, 3),
        responsibility="facilitate DLT meetings",
        team_id="dlt",
        release_level="co-led",
        holder="J. Okafor",
    )
    if not trip:
        s.add(
            "ResponsibilityTransferred",
            D(2025, 12, 1),
            responsibility="facilitate DLT meetings",
            team_id="dlt",
            release_level="district-led with coaching",
            holder="J. Okafor",
        )
    return s


def _handoff_without_overlap(trip: bool) -> Story:
    s = opened("handoff")
    s.add(
        "ConsultantHandoff",
        D(2025, 10, 1),
        from_consultant="Ana Reyes",
        to_consultant="Priya Raman",
        content_area="PLC facilitation",
        overlap_until=None if trip else D(2025, 10, 31),
    )
    return s


def _engagement_stale(trip: bool) -> Story:
    s = opened("stale")
    s.add(
        "TeamStageAdvanced", D(2025, 9, 1) if trip else D(2025, 12, 1), team_id="dlt", stage="norm"
    )
    return s


def _closed_without_reflection(trip: bool) -> Story:
    s = opened("closed")
    if not trip:
        s.add("ReflectionRecorded", D(2025, 11, 1))
    s.add("EngagementClosed", D(2025, 11, 15), reason="contract ended", without_reflection=None)
    return s


def _history_under_todays_rules(trip: bool) -> Story:
    s = opened("history")
    plan(s, D(2025, 9, 15))
    session(s, D(2025, 9, 20))
    # Epoch 1 let coaching name no session it follows; today's rules ask for --follows N.
    session(
        s,
        D(2025, 9, 25),
        delivery="coaching",
        hours=Decimal("1"),
        participants=2,
        follows=None if trip else len(s.events),
        purpose="reflection_and_support",
    )
    return s


def _plc_gan_without_service(trip: bool) -> Story:
    s = opened("plc-gan")
    _diagnose(s, D(2025, 9, 1), gans=("J",))
    # GAN J (Systematic Interventions): the PLC plugin recommends plc-development for it.
    lines = [line("ibb-ibps", "8", "2500")]
    if not trip:
        lines.append(line("leadership-development", "8", "1200", price_note="as quoted"))
    plan(s, D(2025, 9, 15), lines=lines)
    return s


def _baldrige_never_assessed(trip: bool) -> Story:
    s = opened("baldrige")
    items = [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "4.1",
        "4.2",
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "7.1",
        "7.2",
        "7.3",
        "7.4",
        "7.5",
    ]
    ratings = {item: 3 for item in items if not (trip and item.startswith("7."))}
    s.add(
        "NeedsDiagnosed",
        D(2025, 9, 1),
        framework_id="baldrige",
        framework_version="1",
        ratings=ratings,
        evidence={},
        readiness_score=Decimal("0.6"),
        readiness_label="developing",
        greatest_areas_of_need=[],
        strengths=[],
        recommended_services=[],
        entry_point_id=None,
        not_observed=[],
    )
    return s


BUILD: dict[str, Callable[[bool], Story]] = {
    "transformation-without-we": _transformation_without_we,
    "plan-without-diagnosis": _plan_without_diagnosis,
    "framework-coverage": _framework_coverage,
    "price-rules": _price_rules,
    "unplanned-sessions": _unplanned_sessions,
    "over-delivery": _over_delivery,
    "cohort-prerequisites": _cohort_prerequisites,
    "coaching-without-antecedent": _coaching_without_antecedent,
    "dlt-anchor-seats": _dlt_anchor_seats,
    "team-stalled": _team_stalled,
    "responsibility-stalled": _responsibility_stalled,
    "handoff-without-overlap": _handoff_without_overlap,
    "engagement-stale": _engagement_stale,
    "closed-without-reflection": _closed_without_reflection,
    "history-under-todays-rules": _history_under_todays_rules,
    "plc-gan-without-service": _plc_gan_without_service,
    "baldrige-category-never-assessed": _baldrige_never_assessed,
}
