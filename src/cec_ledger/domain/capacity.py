"""The capacity-transfer curve: how far responsibilities have moved to the district.

The Theory of Action's Coaching Delivery Model "hands more and more improvement responsibilities to
the district or school". Each responsibility sits at one of four release levels; we weight
them as equal steps along that continuum — consultant-led 0, co-led 1/3, district-led with
coaching 2/3, district-independent 1 — and the *capacity index* of a set of responsibilities
is the mean weight (0 = the consultant does everything, 1 = the district needs no one).
Equal steps because the CEC documents give no reason to value one hand-over more than another; the
*district-led share* (responsibilities at either district-led level) is reported beside it
as the cruder, weight-free measure.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cec_ledger.domain import vocabulary as v

RELEASE_WEIGHT: dict[str, Decimal] = {
    level: Decimal(i) / Decimal(len(v.RELEASE_LEVEL.tokens) - 1)
    for i, level in enumerate(v.RELEASE_LEVEL.tokens)
}
DISTRICT_LED = ("district-led-with-coaching", "district-independent")


def index_of(levels: list[str]) -> Decimal:
    """Mean release weight, rounded to 4 places; 0 when there are no responsibilities."""
    if not levels:
        return Decimal(0)
    total = sum((RELEASE_WEIGHT[level] for level in levels), Decimal(0))
    return (total / len(levels)).quantize(Decimal("0.0001"))


def district_led_share(levels: list[str]) -> Decimal:
    if not levels:
        return Decimal(0)
    led = sum(1 for level in levels if level in DISTRICT_LED)
    return (Decimal(led) / len(levels)).quantize(Decimal("0.0001"))


def curve(
    responsibilities: list[dict[str, Any]], as_of: date | None = None
) -> list[dict[str, Any]]:
    """The index after each day on which some responsibility changed level."""
    changes = sorted(
        (entry["on"], r["responsibility"], entry["release_level"])
        for r in responsibilities
        for entry in r["history"]
        if as_of is None or entry["on"] <= as_of
    )
    current: dict[str, str] = {}
    points: list[dict[str, Any]] = []
    for on, responsibility, level in changes:
        current[responsibility] = level
        levels = list(current.values())
        point = {
            "on": on,
            "index": index_of(levels),
            "district_led_share": district_led_share(levels),
            "responsibilities": len(levels),
        }
        if points and points[-1]["on"] == on:
            points[-1] = point
        else:
            points.append(point)
    return points


def capacity_history(
    responsibilities: list[dict[str, Any]], as_of: date | None = None
) -> dict[str, Any]:
    """Per responsibility its dated levels; per team and for the engagement, the curve."""
    rows = []
    for r in responsibilities:
        history = [h for h in r["history"] if as_of is None or h["on"] <= as_of]
        if not history:
            continue
        rows.append(
            {
                "responsibility": r["responsibility"],
                "team_id": history[-1]["team_id"],
                "release_level": history[-1]["release_level"],
                "holder": history[-1]["holder"],
                "history": history,
            }
        )
    teams: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        teams.setdefault(row["team_id"] or "(engagement-wide)", []).append(row)
    overall = curve(rows)
    return {
        "weights": {level: str(w) for level, w in RELEASE_WEIGHT.items()},
        "index": overall[-1]["index"] if overall else Decimal(0),
        "district_led_share": overall[-1]["district_led_share"] if overall else Decimal(0),
        "curve": overall,
        "teams": {team: curve(members) for team, members in sorted(teams.items())},
        "responsibilities": rows,
    }
