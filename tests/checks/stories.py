"""Small engagements written as export lines, imported into real ledgers for ``check``.

Most of what the checks find is refused by today's rules (rules epoch 3) when a consultant
records it, but older history holds it: an export line without today's guards imports under
the rules of its own epoch. So a story here is recorded as epoch-1 history (the rules as they
were before epochs existed) unless an event says otherwise, and imported through the
ordinary ``import`` (the same path ``cec-ledger demo`` takes). The fields come from
``tests.domain.builders.fields`` (one valid dict per event type), changed where a story needs.

Everything is judged ``--as-of`` :data:`AS_OF`, so no finding depends on the real date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson

from cec_ledger.domain.engagement import engagement_id
from cec_ledger.facade.services import plan_line
from cec_ledger.formats.lines import event_id
from tests.domain.builders import fields, goal

AS_OF = date(2025, 12, 31)
OPENED = date(2025, 8, 18)
ALL_ELEMENTS = (
    "fostering_labor_management_collaboration",
    "implementing_emerging_pedagogy",
    "empowering_students_through_learning",
    "transforming_the_profession",
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass
class Story:
    """One engagement: its events in recorded order (type, fields, rules epoch)."""

    slug: str
    events: list[tuple[str, dict[str, Any], int]] = field(default_factory=list)

    def add(self, event_type: str, on: date, *, epoch: int = 1, **changes: Any) -> int:
        """Record one event on ``on``; returns its number (``slug#N``)."""
        data = fields(event_type, **changes)
        data.pop("occurred_on")
        self.events.append((event_type, {**data, "occurred_on": on}, epoch))
        return len(self.events)


def opened(slug: str, on: date = OPENED, *, we: bool = True, dlt: bool = True) -> Story:
    """An engagement opened on ``on``; with ``we`` the three anchors commit the next day;
    with ``dlt`` a DLT forms with a member in each anchor seat."""
    story = Story(slug)
    story.add(
        "EngagementOpened", on, slug=slug, name=f"{slug} district", organisation=f"{slug} CUSD"
    )
    day = on + timedelta(days=1)
    if we:
        for anchor, who in (
            ("board", "R. Alvarez"),
            ("administration", "J. Okafor"),
            ("teachers_organization", "C. Jimenez"),
        ):
            story.add("AnchorCommitted", day, anchor=anchor, signatory=who)
    if dlt:
        story.add(
            "TeamFormed",
            day,
            team_id="dlt",
            kind="dlt",
            name="District Leadership Team",
            charge="district priorities",
            school=None,
            parent_team_id=None,
        )
        for member, role in (
            ("R. Alvarez", "board"),
            ("J. Okafor", "administration"),
            ("C. Jimenez", "teachers_organization"),
        ):
            story.add("TeamMemberJoined", day, team_id="dlt", member=member, role=role)
    return story


def plan(
    story: Story,
    on: date,
    *,
    lines: list[dict[str, Any]] | None = None,
    elements: tuple[str, ...] = ALL_ELEMENTS,
    kind: str = "support",
    emphasis: str = "achievement",
    epoch: int = 1,
) -> int:
    """A services plan (one goal naming ``elements``; ibb-ibps, 8 hours, unless ``lines``)."""
    return story.add(
        "DirectionSet",
        on,
        epoch=epoch,
        kind=kind,
        emphasis=emphasis,
        horizon={"first": "2025-26", "last": "2026-27"} if kind == "transformation" else None,
        goals=[goal("g1", "the plan's goal", *elements)],
        services=lines if lines is not None else [line("ibb-ibps", "8", "2500")],
    )


def line(service_id: str, hours: str, budget: str | None = None, **extra: Any) -> dict[str, Any]:
    """A plan line with the installed catalogue's snapshot, as ``plan set`` records it."""
    return plan_line(
        service_id, Decimal(hours), None if budget is None else Decimal(budget), **extra
    )


def session(story: Story, on: date, service_id: str = "ibb-ibps", **changes: Any) -> int:
    return story.add(
        "SessionDelivered",
        on,
        **{
            "service_id": service_id,
            "hours": Decimal("2"),
            "team_id": None,
            "delivery": "training",
            **changes,
        },
    )


def export_lines(*stories: Story) -> bytes:
    """The stories as one export (JSONL), in recorded order."""
    rows: list[tuple[datetime, bytes]] = []
    tick = 0
    for story in stories:
        eid = engagement_id(story.slug)
        for version, (event_type, data, epoch) in enumerate(story.events, start=1):
            tick += 1
            on = data["occurred_on"]
            recorded = datetime(on.year, on.month, on.day, 18, tzinfo=UTC) + timedelta(seconds=tick)
            payload = {k: v for k, v in data.items() if k != "occurred_on"}
            line = {
                "id": str(event_id(eid, version)),
                "engagement_id": str(eid),
                "engagement": story.slug,
                "version": version,
                "type": event_type,
                "occurred_on": on.isoformat(),
                "recorded_at": recorded.isoformat(),
                "recorded_by": "Ana Reyes",
                "data": {"rules_version": epoch, **_plain(payload)},
            }
            rows.append((recorded, orjson.dumps(line)))
    rows.sort(key=lambda row: row[0])
    return b"".join(line + b"\n" for _, line in rows)
