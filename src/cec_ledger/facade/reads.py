"""The facade's read side: engagements, states, timeline pages, capacity, raw events.

Mixed into :class:`cec_ledger.facade.ledger.Ledger`. Reads come from the projections (keyset-paged
SQL) while the views are current; a read-only ledger whose views lag the log reads the event
store directly, because an auditor must not be shown stale views. Also home of the plain-value
helpers every reader shares (:func:`plain`, :func:`event_to_dict`, :func:`event_id`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from cec_ledger.domain.capacity import capacity_history
from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.events import EVENT_TYPES
from cec_ledger.domain.state import EngagementState
from cec_ledger.domain.state_dict import panel_dict
from cec_ledger.facade.model import with_model_views
from cec_ledger.facade.parts import LedgerPart
from cec_ledger.formats.dates import parse_date, parse_timestamp
from cec_ledger.formats.lines import plain, to_line
from cec_ledger.plugins.reports import plugin_sections
from cec_ledger.plugins.validation import engagement_view
from cec_ledger.projections.search import matches
from cec_ledger.projections.views import (
    engagement_rows,
    iter_timeline,
    lines_at,
    ranked_positions,
    timeline_rows,
)


class ReadSide(LedgerPart):
    """Read methods of the facade."""

    def engagements(self) -> list[dict[str, Any]]:
        """Every engagement with its Pathway progress, capacity index and last activity."""
        if self.views_current:
            return engagement_rows(self.views)
        rows = []
        for eid in self.app.engagement_ids():
            state = self.app.get_engagement(eid).state
            self._slugs[eid] = state.slug
            rows.append(_summary(state))
        return rows

    def engagements_page(self, after: str | None = None, limit: int = 100) -> dict[str, Any]:
        """A page of engagements in slug order after ``after`` (keyset, as the timeline is
        paged): ``{"rows": [...], "more": bool}``."""
        if not self.views_current:
            rows = [e for e in self.engagements() if after is None or e["slug"] > after]
            rows.sort(key=lambda e: e["slug"])
            return {"rows": rows[:limit], "more": len(rows) > limit}
        rows = engagement_rows(self.views, after=after, limit=limit + 1)
        return {"rows": rows[:limit], "more": len(rows) > limit}

    def engagement(
        self,
        ref: str,
        *,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> dict[str, Any]:
        """An engagement's state, now or travelled in time (see EngagementApplication.state_at)."""
        target = self.resolve(ref)
        day = parse_date(as_of, today=self.today(), what="--as-of date") if as_of else None
        moment = parse_timestamp(known_at, what="--known-at") if known_at else None
        if day is None and moment is None:
            # The latest snapshot and the events after it (application.get_engagement).
            state = self.app.get_engagement(target).state
        else:
            state = self.app.state_at(target, as_of=day, known_at=moment)
        result = plain(state.to_dict())
        result["as_of"] = day.isoformat() if day else None
        result["known_at"] = moment.isoformat() if moment else None
        reference = day or (moment.date() if moment else self.today())
        return with_model_views(_with_open_handoffs(result, reference))

    def capacity(
        self,
        ref: str,
        *,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> dict[str, Any]:
        """The capacity-transfer history: per responsibility, per team, for the engagement;
        ``as_of`` what had occurred by a date, ``known_at`` as recorded by a moment."""
        target = self.resolve(ref)
        day = parse_date(as_of, today=self.today(), what="--as-of date") if as_of else None
        moment = parse_timestamp(known_at, what="--known-at") if known_at else None
        state = self._state(target, None, moment)
        result = capacity_history(list(state.responsibilities.values()), as_of=day)
        result["engagement"] = state.slug
        result["as_of"] = day
        result["known_at"] = moment
        return plain(result)

    def _state(self, target: Any, day: date | None, moment: datetime | None) -> EngagementState:
        if day is None and moment is None:
            return self.app.get_engagement(target).state
        return self.app.state_at(target, as_of=day, known_at=moment)

    def report_data(
        self,
        ref: str,
        *,
        as_of: str | date | None = None,
        known_at: str | datetime | None = None,
    ) -> dict[str, Any]:
        """What an engagement report shows, as plain values: the state, its reflections, the
        capacity history and the sections plugins add (``rendering.report`` lays it out);
        ``as_of`` / ``known_at`` travel in time as ``engagement show`` does."""
        target = self.resolve(ref)
        day = parse_date(as_of, today=self.today(), what="--as-of date") if as_of else None
        moment = parse_timestamp(known_at, what="--known-at") if known_at else None
        state = self._state(target, day, moment)
        plain_state = plain(state.to_dict())
        plain_state["as_of"] = day.isoformat() if day else None
        plain_state["known_at"] = moment.isoformat() if moment else None
        with_model_views(plain_state)
        view = plain(engagement_view(state))
        view.update(diagnoses=plain_state["diagnoses"], plan=plain_state["plan"])
        sections = [(title, body[0]) for title, body in plugin_sections(view)]
        return {
            "state": plain_state,
            "reflections": plain(state.reflections),
            "capacity": self.capacity(ref, as_of=day, known_at=moment),
            "plugin_sections": sections,
        }

    def state_after(self, ref: str, version: int) -> dict[str, Any]:
        """The engagement just after its event #version was recorded, as the TUI's state
        panel shows it (``domain.state_dict.panel_dict``: the parts of ``show`` it reads)."""
        target = self.resolve(ref)
        return with_model_views(
            plain(panel_dict(self.app.get_engagement(target, version=version).state))
        )

    def timeline_page(
        self,
        engagement: str | None = None,
        *,
        types: Iterable[str] = (),
        actor: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        text: str | None = None,
        after: int | None = None,
        before: int | None = None,
        limit: int = 100,
        newest_first: bool = False,
        recorded_since: str | datetime | None = None,
        recorded_until: str | datetime | None = None,
    ) -> dict[str, Any]:
        """One page of the timeline by keyset on log position: ``after``/``before`` are the
        positions of the last/first row already shown. Returns rows and cursors."""
        filters = self._filters(
            engagement, types, actor, since, until, text, recorded_since, recorded_until
        )
        if self._views_answer(filters):
            rows = timeline_rows(
                self.views,
                self.app.mapper,
                self.slug_of,
                filters,
                after=after,
                before=before,
                limit=limit + 1,
                newest_first=newest_first,
            )
            return {"rows": rows[:limit], "more": len(rows) > limit}
        rows = self._scan_timeline(filters, None)
        if newest_first:
            rows.reverse()
        rows = [
            r
            for r in rows
            if (after is None or (r["position"] < after if newest_first else r["position"] > after))
            and (
                before is None
                or (r["position"] > before if newest_first else r["position"] < before)
            )
        ]
        return {"rows": rows[:limit], "more": len(rows) > limit}

    def events(self, ref: str) -> list[dict[str, Any]]:
        """Every event of one engagement, in recorded order."""
        target = self.resolve(ref)
        slug = self.slug_of(target)
        return [to_line(e, slug) for e in self.app.engagement_events(target)]

    def all_events(self) -> Iterator[dict[str, Any]]:
        """Every event in log order, with its position (what ``export`` writes)."""
        mapper = self.app.mapper
        for batch in self.app.notifications():
            for notification in batch:
                event = mapper.to_domain_event(notification)
                if type(event).__name__ == "EngagementOpened":
                    self._slugs[event.originator_id] = event.slug
                yield to_line(event, self.slug_of(event.originator_id), notification.id)

    def timeline(
        self,
        engagement: str | None = None,
        *,
        types: Iterable[str] = (),
        since: str | date | None = None,
        until: str | date | None = None,
        actor: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        recorded_since: str | datetime | None = None,
        recorded_until: str | datetime | None = None,
        known_at: str | datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Events in log order, filtered by engagement, type, occurred dates, actor, text;
        ``known_at``: only what had been recorded by that moment (as ``show --known-at``)."""
        if known_at:
            bound = _utc(known_at, "--known-at", start_of_day=False)
            other = _utc(recorded_until, "--recorded-until", start_of_day=False)
            recorded_until = min(bound, other) if bound and other else bound
        filters = self._filters(
            engagement, types, actor, since, until, text, recorded_since, recorded_until
        )
        if not self._views_answer(filters):
            return self._scan_timeline(filters, limit)
        rows = []
        pages = iter_timeline(
            self.views, self.app.mapper, self.slug_of, filters, page=min(limit or 1000, 1000)
        )
        for row in pages:
            rows.append(row)
            if limit and len(rows) >= limit:
                break
        return rows

    def search(
        self,
        text: str,
        engagement: str | None = None,
        *,
        types: Iterable[str] = (),
        actor: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Events matching ``text``, most relevant first (among the newest
        ``projections.views.RANK_WINDOW`` matches; words in sequence, the last a prefix:
        see ``projections.search``). Without a search index (an encrypted ledger, or views
        behind the log), the newest matches first."""
        filters = self._filters(engagement, types, actor, since, until, text)
        if not filters["text"]:
            raise InvalidValue("search for what? give some words")
        if self._views_answer(filters):
            positions = ranked_positions(self.views, filters, limit)
            return lines_at(self.views, self.app.mapper, self.slug_of, positions)
        return list(reversed(self._scan_timeline(filters, None)))[:limit]

    def _filters(
        self,
        engagement: str | None,
        types: Iterable[str],
        actor: str | None,
        since: str | date | None,
        until: str | date | None,
        text: str | None,
        recorded_since: str | datetime | None = None,
        recorded_until: str | datetime | None = None,
    ) -> dict[str, Any]:
        wanted = list(types)
        unknown = sorted(set(wanted) - set(EVENT_TYPES))
        if unknown:
            raise InvalidValue(
                f"unknown event type {', '.join(unknown)} (types: {', '.join(EVENT_TYPES)})"
            )
        first = parse_date(since, today=self.today(), what="--since") if since else None
        last = parse_date(until, today=self.today(), what="--until") if until else None
        return {
            "engagement_id": str(self.resolve(engagement)) if engagement else None,
            "types": wanted,
            "actor": actor or None,
            "since": first.isoformat() if first else None,
            "until": last.isoformat() if last else None,
            "text": text or None,
            "recorded_since": _utc(recorded_since, "--recorded-since", start_of_day=True),
            "recorded_until": _utc(recorded_until, "--recorded-until", start_of_day=False),
        }

    def _views_answer(self, filters: dict[str, Any]) -> bool:
        """Whether the timeline view can answer: it must be current, and free text can only
        be searched there when the views are not encrypted (search text is not stored then)."""
        encrypted = getattr(self.views, "cipher", None) is not None if self.views_current else False
        return self.views_current and not (filters["text"] and encrypted)

    def _scan_timeline(self, filters: dict[str, Any], limit: int | None) -> list[dict[str, Any]]:
        """The timeline straight from the event store: for a read-only ledger whose views
        are behind the log (an auditor must not read stale views)."""
        needle = filters["text"]
        rows = []
        for row in self.all_events():
            if filters["engagement_id"] and row["engagement_id"] != filters["engagement_id"]:
                continue
            if filters["types"] and row["type"] not in filters["types"]:
                continue
            if filters["since"] and row["occurred_on"] < filters["since"]:
                continue
            if filters["until"] and row["occurred_on"] > filters["until"]:
                continue
            if filters["actor"] and row["recorded_by"] != filters["actor"]:
                continue
            if filters["recorded_since"] and row["recorded_at"] < filters["recorded_since"]:
                continue
            if filters["recorded_until"] and row["recorded_at"] > filters["recorded_until"]:
                continue
            if needle and not matches(needle, row):
                continue
            rows.append(row)
            if limit and len(rows) >= limit:
                break
        return rows

    def event_count(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def corrected_by(
        self, engagement: str | None = None, *, known_at: str | datetime | None = None
    ) -> dict[tuple[str, int], list[int]]:
        """(engagement id, version) -> the versions of the corrections that correct it (as
        recorded by ``known_at``, when given): the timeline marks corrected events."""
        rows = self.timeline(engagement, types=["EventCorrected"], known_at=known_at)
        found: dict[tuple[str, int], list[int]] = {}
        for row in rows:
            key = (row["engagement_id"], row["data"]["corrects_version"])
            found.setdefault(key, []).append(row["version"])
        return found


def _summary(state: EngagementState) -> dict[str, Any]:
    responsibilities = list(state.responsibilities.values())
    pathway = state.pathway()
    return plain(
        {
            "id": state.id,
            "slug": state.slug,
            "name": state.name,
            "organisation": state.organisation,
            "level": state.level,
            "status": "closed" if state.is_closed else "open",
            "step_reached": pathway["reached"],
            "pathway": pathway,
            "we_have_a_we": state.we_have_a_we,
            "events": state.events,
            "opened_on": state.opened_on,
            "last_occurred_on": state.last_occurred_on,
            "responsibilities": len(responsibilities),
        }
    )


def _with_open_handoffs(state: dict[str, Any], on: date) -> dict[str, Any]:
    """Handoffs still in their overlap on a date: both consultants are working together."""
    day = on.isoformat()
    state["open_handoffs"] = [
        h
        for h in state["handoffs"]
        if h["on"] <= day and h["overlap_until"] is not None and h["overlap_until"] >= day
    ]
    return state


def _utc(value: str | datetime | None, what: str, *, start_of_day: bool) -> str | None:
    """A recorded-time bound as stored (UTC ISO 8601); a bare date is that day's start or end."""
    if not value:
        return None
    if start_of_day and isinstance(value, str) and len(value.strip()) == 10:
        value = f"{value.strip()}T00:00:00+00:00"
    return parse_timestamp(value, what=what).astimezone(UTC).isoformat()
