"""Checks of an engagement's structures and momentum: ``dlt-anchor-seats``, ``team-stalled``,
``engagement-stale``, ``handoff-without-overlap``, ``responsibility-stalled``,
``closed-without-reflection``.

The ones that measure time measure it up to the day judged: today, or ``--as-of``. Their
thresholds are settings (docs/auditors.md, "Settings").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cec_ledger.checks.model import WARNING, check, months_between, names, plural
from cec_ledger.checks.record import EngagementRecord
from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.structure import SEAT_NAMES, missing_anchors

Found = Iterator[tuple[str, list[int]]]

# What shows a team at work: its forming and stage changes, sessions with it, and its own
# recorded work (priorities, evidence of progress, reflections, requests for support).
TEAM_WORK = (
    "TeamFormed",
    "TeamStageAdvanced",
    "SessionDelivered",
    "TeamPrioritySet",
    "ProgressEvidenced",
    "ReflectionRecorded",
    "SupportRequested",
)


def _member_left(record: EngagementRecord, team_id: str, member: str, on: Any) -> int | None:
    for event in reversed(record.of_type("TeamMemberLeft")):
        if event.team_id == team_id and event.member == member and event.occurred_on == on:
            return int(event.originator_version)
    return None


def _formed(record: EngagementRecord, team_id: str) -> int | None:
    for event in record.of_type("TeamFormed"):
        if event.team_id == team_id:
            return int(event.originator_version)
    return None


@check("dlt-anchor-seats", WARNING)
def dlt_anchor_seats(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """A District Leadership Team without the three anchors seated.

    The Theory of Action, Step 4: the DLT is where the three anchors set the district's
    priorities together, so the ledger asks that its members on a date hold the board,
    administration and teachers' organization roles (docs/cec-model.md, "When Step 4 holds").
    Judged on the day checked; each empty seat says who left it and when.

    Example:
    warning: dlt-anchor-seats: maple-ridge#87, #88: on 2025-04-01 the DLT (dlt) has no teachers' organization member seated: Tom Becker and Lisa Chen left on 2025-03-14
    """
    if record.closed:
        return
    for team in record.state.teams.values():
        if team["kind"] != "dlt" or team["formed_on"] > record.day:
            continue
        empty = missing_anchors(team, record.day)
        if not empty:
            continue
        why, versions = [], []
        for anchor in empty:
            spans = [
                s
                for s in team.get("member_history") or ()
                if s["role"] == anchor and s["left_on"] is not None and s["left_on"] <= record.day
            ]
            if spans:
                on = max(s["left_on"] for s in spans)
                gone = [s["member"] for s in spans if s["left_on"] == on]
                why.append(f"{names(gone)} left on {on}")
                for member in gone:
                    left = _member_left(record, team["team_id"], member, on)
                    if left is not None:
                        versions.append(left)
            else:
                why.append(f"no {SEAT_NAMES[anchor]} member has joined it")
        if not versions:
            formed = _formed(record, team["team_id"])
            versions = [formed] if formed else []
        seats = names(SEAT_NAMES[a] for a in empty)
        yield (
            f"on {record.day} the DLT ({team['team_id']}) has no {seats} "
            f"{'member' if len(empty) == 1 else 'members'} seated: {'; '.join(why)}",
            sorted(set(versions)),
        )


@check("team-stalled", WARNING, thresholds={"months": 6})
def team_stalled(record: EngagementRecord, settings: dict[str, int]) -> Found:
    """A team with no stage change, no session and no work of its own for months.

    Teams grow through four stages (the ledger's labels: form, norm, perform, sustain) with
    the consultants' support. A team of an open engagement that has neither moved stage, nor
    had a session, nor recorded work of its own (a priority, evidence of progress, a
    reflection, a request for support) for ``months`` (default 6) may have stalled. A team
    that works without the consultants is where capacity transfer is meant to lead, so its
    own work counts; a team at *sustain* is left out.

    Example:
    warning: team-stalled: maple-ridge#144: team mentor-lincoln-1 (norm) has had no stage change, no session and no work of its own recorded since 2025-10-14 (8 months; team-stalled.months is 6)
    """
    if record.closed:
        return
    limit = settings["months"]
    last: dict[str, tuple[Any, int]] = {}
    for event in record.of_type(*TEAM_WORK):
        team_id = getattr(event, "team_id", None)
        mark = (event.occurred_on, event.originator_version)
        if team_id and (team_id not in last or mark > last[team_id]):
            last[team_id] = mark
    for team_id, (on, version) in sorted(last.items()):
        team = record.state.teams.get(team_id)
        if team is None or team["stage"] == "sustain":
            continue
        months = months_between(on, record.day)
        if months >= limit:
            yield (
                f"team {team_id} ({team['stage']}) has had no stage change, no session and no "
                f"work of its own recorded since {on} ({plural(months, 'month')}; "
                f"team-stalled.months is {limit})",
                [version],
            )


@check("engagement-stale", WARNING, thresholds={"days": 90})
def engagement_stale(record: EngagementRecord, settings: dict[str, int]) -> Found:
    """An open engagement with nothing recorded as occurring for a while.

    Consultants log events as they happen (often back-dated). An open engagement whose latest
    event occurred ``days`` (default 90) or more before the day checked is either quiet or
    not being logged;
    either way a lead consultant wants to know. Closed engagements are left out.

    Example:
    warning: engagement-stale: maple-ridge#211: maple-ridge is open and its latest event occurred on 2026-06-16, 164 days before 2026-11-27 (engagement-stale.days is 90)
    """
    if record.closed or not record.events:
        return
    latest = max(record.events, key=lambda e: (e.occurred_on, e.originator_version))
    days = (record.day - latest.occurred_on).days
    if days >= settings["days"]:
        yield (
            f"{record.slug} is open and its latest event occurred on {latest.occurred_on}, "
            f"{plural(days, 'day')} before {record.day} (engagement-stale.days is "
            f"{settings['days']})",
            [latest.originator_version],
        )


@check("handoff-without-overlap", WARNING)
def handoff_without_overlap(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """A handoff between consultants with no overlap.

    Transitions between consultants (and content areas) are built into delivery with an
    overlap, a time both work with the district. A handoff that records no overlap, or one
    that ends on or before the handoff itself, leaves the district between two consultants.

    Example:
    warning: handoff-without-overlap: oak-valley#20: Ana Reyes handed PLC coaching to Ben Cho on 2026-01-12 with no overlap
    """
    for event in record.of_type("ConsultantHandoff"):
        until = event.overlap_until
        if until is not None and until > event.occurred_on:
            continue
        how = "with no overlap" if until is None else f"with an overlap ending on {until}"
        yield (
            f"{event.from_consultant} handed {event.content_area} to {event.to_consultant} "
            f"on {event.occurred_on} {how}",
            [event.originator_version],
        )


@check("responsibility-stalled", WARNING, thresholds={"months": 6})
def responsibility_stalled(record: EngagementRecord, settings: dict[str, int]) -> Found:
    """A responsibility whose release level has not moved for months.

    Capacity transfer moves each responsibility from the consultant to the district through
    the release levels (consultant-led, co-led, district-led with coaching,
    district-independent). One that has not moved for ``months`` (default 6) in an open
    engagement, short of district-independent, may have stalled.

    Example:
    warning: responsibility-stalled: maple-ridge#174: 'monitor the services plan' has been district-led with coaching since 2026-01-13 (10 months; responsibility-stalled.months is 6)
    """
    if record.closed:
        return
    limit = settings["months"]
    transfers = record.of_type("ResponsibilityTransferred")
    for name, entry in sorted(record.state.responsibilities.items()):
        if entry["release_level"] == "district-independent":
            continue
        since = entry["history"][-1]["on"]
        months = months_between(since, record.day)
        if months < limit:
            continue
        version = next(
            (
                int(e.originator_version)
                for e in reversed(transfers)
                if e.responsibility == name and e.occurred_on == since
            ),
            None,
        )
        level = v.RELEASE_LEVEL.label(entry["release_level"]).lower()
        yield (
            f"'{name}' has been {level} since {since} ({plural(months, 'month')}; "
            f"responsibility-stalled.months is {limit})",
            [version] if version else [],
        )


@check("closed-without-reflection", WARNING)
def closed_without_reflection(record: EngagementRecord, _settings: dict[str, int]) -> Found:
    """A closed engagement with no reflection and no reason given for closing without one.

    The CEC Reflect phase guidance asks the team to "look back and see if you and your team
    were able to accomplish what you set out to do". Since rules epoch 3 closing with no
    reflection needs ``--without-reflection "reason"``; an engagement closed earlier may
    have neither.

    Example:
    warning: closed-without-reflection: oak-valley#31: oak-valley closed on 2026-03-02 with no reflection recorded and no reason given for closing without one
    """
    state = record.state
    if state.closed_on is None or state.reflections or state.closed_without_reflection:
        return
    closing = record.of_type("EngagementClosed")
    yield (
        f"{record.slug} closed on {state.closed_on} with no reflection recorded and no "
        "reason given for closing without one",
        [closing[-1].originator_version] if closing else [],
    )
