"""The demo's two engagements, replayed through the bare aggregate, read exactly as recorded.

The demo (``src/cec_ledger/data/demo.jsonl``, 237 events: withdrawals and re-commitments,
corrections of corrections, plan changes, handoffs, the CEC model's structure, priorities,
goals, reflections and outcomes) is the richest history the project has. Every event is
replayed through ``Engagement.open``/``record`` (so through every rule of its epoch), then the
state is read as ``engagement show --json`` does, as of a series of dates through each
engagement's history and at its end, with the views built on it: the Pathway, planned versus
delivered on the date, the team tree on the date, the capacity history, the Framework for
Change coverage and the logic model.

Each top-level part of each reading is compared by digest with ``demo_views.json``: a change
to a fold, a view or a key of the plain state shows up here as "part P of slug@date changed"
(with the value it now has). The rules that decide each value are tested case by case in the
other files of this tier; this one catches what those cases do not reach. After an intended
change of what show prints, re-record and review which parts moved:

    CEC_RECORD_DEMO_VIEWS=1 .venv/bin/python -m pytest tests/domain/test_domain_demo_views.py
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from cec_ledger.domain.capacity import capacity_history
from cec_ledger.domain.delivery import planned_vs_delivered
from cec_ledger.domain.engagement import Engagement, fold_history
from cec_ledger.domain.model_views import coverage, logic_model
from cec_ledger.domain.pathway import describe, dots
from cec_ledger.domain.structure import structure_holds, team_tree
from cec_ledger.formats.lines import from_line, plain

RECORDED = Path(__file__).with_name("demo_views.json")
RECORDING = os.environ.get("CEC_RECORD_DEMO_VIEWS") == "1"
READINGS = 8  # dates per engagement, spread over its event dates, besides its end


@cache
def parsed_demo() -> list[Any]:
    """The demo's lines, typed (no rule runs here: the test ids are made of their dates)."""
    raw = files("cec_ledger").joinpath("data/demo.jsonl").read_bytes().splitlines()
    return [p for n, line in enumerate(raw, start=1) if (p := from_line(line, n))]


@cache
def demo() -> dict[str, Engagement]:
    """slug -> the engagement, every demo event recorded through the rules (once per run:
    nothing here changes an engagement)."""
    parsed = parsed_demo()
    today = max(p.fields["occurred_on"] for p in parsed) + timedelta(days=1)
    engagements: dict[str, Engagement] = {}
    for p in parsed:
        if p.event_type == "EngagementOpened":
            engagements[p.fields["slug"]] = Engagement.open(
                p.fields, recorded_by=p.recorded_by, today=today, timestamp=p.timestamp
            )
            continue
        (engagement,) = [e for e in engagements.values() if e.id == p.engagement]
        engagement.record(
            p.event_type, p.fields, recorded_by=p.recorded_by, today=today, timestamp=p.timestamp
        )
    return engagements


def reading_dates(slug: str) -> list[date | None]:
    opened = next(p.engagement for p in parsed_demo() if p.fields.get("slug") == slug)
    days = sorted({p.fields["occurred_on"] for p in parsed_demo() if p.engagement == opened})
    step = max(1, len(days) // READINGS)
    return [*days[::step], days[-1] + timedelta(days=1), None]


def views(engagement: Engagement, on: date | None) -> dict[str, Any]:
    """What the ledger shows of the engagement as of ``on`` (None: now), part by part."""
    state = engagement.state if on is None else fold_history(engagement.history, occurred_by=on)
    shown = state.to_dict()
    reference = on or max(e.occurred_on for e in engagement.history)
    parts: dict[str, Any] = {f"show.{key}": value for key, value in shown.items()}
    parts["pathway.describe"] = describe(shown["pathway"])
    parts["pathway.dots"] = dots(shown["pathway"])
    parts["planned_vs_delivered.on"] = planned_vs_delivered(state, on=reference)
    parts["team_tree.on"] = team_tree(state, on=reference)
    parts["structure_holds.on"] = structure_holds(state, reference)
    parts["capacity"] = capacity_history(shown["responsibilities"], as_of=on)
    parts["coverage"] = coverage(shown, None)
    parts["logic_model"] = logic_model(shown)
    return parts


def digest(value: Any) -> str:
    text = json.dumps(plain(value), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def readings() -> list[Any]:
    out = []
    slugs = [p.fields["slug"] for p in parsed_demo() if p.event_type == "EngagementOpened"]
    for slug in slugs:
        for on in reading_dates(slug):
            out.append(pytest.param(slug, on, id=f"{slug}@{on or 'now'}"))
    return out


def _recorded() -> dict[str, dict[str, str]]:
    return json.loads(RECORDED.read_text()) if RECORDED.exists() else {}


@pytest.mark.skipif(not RECORDING, reason="only when re-recording the demo's views")
def test_record_the_demo_views() -> None:
    engagements = demo()
    recorded = {
        param.id: {part: digest(value) for part, value in views(engagements[slug], on).items()}
        for param in readings()
        for slug, on in [param.values]
    }
    RECORDED.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")


@pytest.mark.parametrize(("slug", "on"), readings())
def test_the_demo_reads_as_recorded(
    request: pytest.FixtureRequest, slug: str, on: date | None
) -> None:
    expected = _recorded().get(request.node.callspec.id)
    assert expected is not None, "no recorded reading: re-record (see top)"
    shown = views(demo()[slug], on)
    assert sorted(shown) == sorted(expected), "the parts shown changed"
    changed = {
        part: json.dumps(plain(value), default=str)[:300]
        for part, value in shown.items()
        if digest(value) != expected[part]
    }
    assert not changed, f"parts changed: {changed}"


def test_the_demo_is_replayed_whole() -> None:
    engagements = demo()
    assert sorted(engagements) == ["cedar-grove", "maple-ridge"]
    assert sum(e.version for e in engagements.values()) == 237
