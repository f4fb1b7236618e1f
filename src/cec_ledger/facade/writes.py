"""The facade's write side: recording events, diagnoses, plan changes, corrections, imports.

Mixed into :class:`cec_ledger.facade.ledger.Ledger`. Every method takes plain values (text as
typed, dates as ``2025-09-02`` or ``last tuesday``), turns them into the event's field types,
and lets the application check the domain rules and record; what comes back is the recorded
event as an export line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from uuid import UUID

from cec_ledger.domain.errors import InvalidValue, NotFound, ReadOnlyLedger
from cec_ledger.domain.events import EVENT_TYPES, payload_fields
from cec_ledger.domain.plan_goals import GoalEdits, edited_goals
from cec_ledger.domain.typed import coerce, field_types
from cec_ledger.facade.importer import import_lines
from cec_ledger.facade.model import (
    derived_diagnosis,
    diagnosis_entry_point,
    opening_entry_point,
    school_years,
)
from cec_ledger.facade.parts import LedgerPart
from cec_ledger.formats.dates import parse_date
from cec_ledger.formats.lines import event_id, plain, to_line
from cec_ledger.plugins.frameworks import get_framework


class WriteSide(LedgerPart):
    """Write methods of the facade."""

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyLedger("the ledger is open read-only (auditor mode); nothing was written")

    def prepare(self, event_type: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Fill defaults and turn typed-in strings into the field types of ``event_type``."""
        if event_type not in EVENT_TYPES:
            raise InvalidValue(f"unknown event type {event_type!r}")
        hints = field_types(EVENT_TYPES[event_type])
        unknown = sorted(set(fields) - set(payload_fields(event_type)))
        if unknown:
            raise InvalidValue(f"{event_type} has no field {', '.join(unknown)}")
        prepared: dict[str, Any] = {}
        for name in payload_fields(event_type):
            if name == "recorded_by":
                continue
            value = fields.get(name)
            if name == "occurred_on":
                prepared[name] = parse_date(
                    value if value is not None else "today", today=self.today(), what="date"
                )
                continue
            if value is None:
                value = _empty(hints[name])
            prepared[name] = coerce(hints[name], value, name)
        return prepared

    def open_engagement(self, **fields: Any) -> dict[str, Any]:
        """Open an engagement; returns the EngagementOpened event as plain values."""
        self._writable()
        fields = dict(fields)
        then = opening_entry_point(fields)
        prepared = self.prepare("EngagementOpened", fields)
        event = self.app.open_engagement(
            prepared,
            recorded_by=self.actor,
            today=self.today(),
            timestamp=self.clock(),
            then=[(event_type, self.prepare(event_type, more)) for event_type, more in then],
        )
        return to_line(event, event.slug)

    def record(self, engagement: str, event_type: str, **fields: Any) -> dict[str, Any]:
        """Record one event of ``event_type`` on an engagement (slug or id)."""
        self._writable()
        if event_type == "EngagementOpened":
            return self.open_engagement(**fields)
        target = self.resolve(engagement)
        prepared = self.prepare(event_type, fields)
        event = self.app.record(
            target,
            event_type,
            prepared,
            recorded_by=self.actor,
            today=self.today(),
            timestamp=self.clock(),
        )
        return to_line(event, self.slug_of(target))

    def diagnose(
        self,
        engagement: str,
        *,
        framework_id: str,
        ratings: dict[str, Any],
        evidence: dict[str, str] | None = None,
        assessors: Iterable[str] = (),
        occurred_on: str | date | None = None,
        entry_point_id: str | None = None,
        assessment_version: str | None = None,
    ) -> dict[str, Any]:
        """Record a diagnosis validated by its framework plugin, through an entry point (the
        engagement's only one when none is named): readiness, GANs, strengths, indicators
        not observed and the services recommended for the GANs are derived. The version is
        the entry point's (a system assessment's full or short version) unless given."""

        self._writable()
        framework = get_framework(framework_id)
        state = self.app.get_engagement(self.resolve(engagement)).state
        entry_point_id, version = diagnosis_entry_point(state, entry_point_id, assessment_version)
        derived = derived_diagnosis(framework, ratings, version)
        return self.record(
            engagement,
            "NeedsDiagnosed",
            framework_id=framework.id,
            framework_version=framework.version,
            evidence=dict(evidence or {}),
            assessors=list(assessors),
            entry_point_id=entry_point_id,
            occurred_on=occurred_on,
            **derived,
        )

    def change_plan(
        self,
        engagement: str,
        *,
        reason: str,
        occurred_on: str | date | None = None,
        emphasis: str | None = None,
        kind: str | None = None,
        add_goals: Iterable[str] = (),
        replace_goals: Iterable[str] = (),
        remove_goals: Iterable[str] = (),
        goal_elements: Iterable[str] = (),
        goal_gans: Iterable[str] = (),
        horizon: str | dict[str, str] | None = None,
        cites: Iterable[str] = (),
        add_services: Iterable[dict[str, Any]] = (),
        remove_services: Iterable[str] = (),
        gans_addressed: list[str] | None = None,
    ) -> dict[str, Any]:
        """Change the services plan: the new plan is the current one with these changes.
        Goals are edited by id (``add_goals``/``replace_goals`` as "ID:TEXT", ``remove_goals``
        as ids, ``goal_elements``/``goal_gans`` as "ID:VALUE"); ``horizon`` "2024-25:2026-27"
        replaces the plan's; ``cites`` names lessons acted on ("r58.2")."""
        self._writable()
        state = self.app.get_engagement(self.resolve(engagement)).state
        if state.plan is None:
            # Let the domain rule produce its message for a consistent error.
            current: dict[str, Any] = {
                "emphasis": "achievement",
                "kind": "support",
                "goals": [],
                "services": [],
                "gans_addressed": [],
                "horizon": None,
            }
        else:
            current = state.plan
        removing = set(remove_services)
        known = {s["service_id"] for s in current["services"]}
        missing = sorted(removing - known)
        if missing:
            raise NotFound(f"the plan has no service {', '.join(missing)} to remove")
        services = [plain(s) for s in current["services"] if s["service_id"] not in removing]
        replacing = {s["service_id"] for s in add_services}
        services = [s for s in services if s["service_id"] not in replacing]
        services.extend(add_services)
        return self.record(
            engagement,
            "PlanChanged",
            reason=reason,
            emphasis=emphasis or current["emphasis"],
            kind=kind or current["kind"],
            goals=edited_goals(
                current["goals"],
                GoalEdits(
                    add=list(add_goals),
                    replace=list(replace_goals),
                    remove=list(remove_goals),
                    elements=list(goal_elements),
                    gans=list(goal_gans),
                ),
            ),
            services=services,
            gans_addressed=(
                gans_addressed if gans_addressed is not None else list(current["gans_addressed"])
            ),
            horizon=(
                school_years(horizon)
                if isinstance(horizon, str)
                else horizon or current.get("horizon")
            ),
            cites=list(cites),
            occurred_on=occurred_on,
        )

    def correct(
        self,
        engagement: str,
        *,
        event: str | int,
        reason: str,
        fields: dict[str, Any],
        occurred_on: str | date | None = None,
    ) -> dict[str, Any]:
        """Correct an earlier event by its version (``12``, ``slug#12``) or event id."""
        self._writable()
        target = self.resolve(engagement)
        version = self._event_version(target, event)
        events = self.app.engagement_events(target)
        if version < 1 or version > len(events):
            raise NotFound(
                f"engagement {self.slug_of(target)!r} has no event #{version} to correct"
            )
        target_type = type(events[version - 1]).__name__
        if target_type == "NeedsDiagnosed":
            fields = self._rederived_diagnosis(target, version, fields)
        return self.record(
            engagement,
            "EventCorrected",
            corrects_version=version,
            corrects_type=target_type,
            reason=reason,
            corrected_fields=fields,
            occurred_on=occurred_on,
        )

    def _rederived_diagnosis(
        self, engagement: UUID, version: int, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """A corrected diagnosis is checked by its framework as a new one would be (every
        indicator rated, each on the scale), and its readiness baseline and greatest areas of
        need are derived again from the corrected ratings: nothing derived goes stale."""
        derived = sorted(set(fields) & set(DIAGNOSIS_DERIVED))
        if derived:
            raise InvalidValue(
                f"{', '.join(derived)} cannot be corrected directly: the framework derives "
                "them from the ratings (correct the ratings and they follow)"
            )
        if not set(fields) & {"ratings", "framework_id", "framework_version"}:
            return fields
        current = self.app.get_engagement(engagement).corrected_event(version)
        framework = get_framework(str(fields.get("framework_id", current.framework_id)))
        ratings = fields.get("ratings", current.ratings)
        derived = derived_diagnosis(
            framework, ratings, str(fields.get("assessment_version", current.assessment_version))
        )
        if current.strengths is None:
            # Older diagnoses recorded no strengths or recommendations: a correction of
            # their ratings keeps them unrecorded rather than inventing what they said.
            derived["strengths"] = derived["recommended_services"] = None
        score = derived["readiness_score"]
        return {
            **fields,
            **derived,
            "framework_id": framework.id,
            "framework_version": fields.get("framework_version", framework.version)
            if "framework_id" in fields
            else fields.get("framework_version", current.framework_version),
            "readiness_score": None if score is None else str(score),
        }

    def _event_version(self, engagement: UUID, ref: str | int) -> int:
        if isinstance(ref, int):
            return ref
        text = str(ref).strip().rsplit("#", 1)[-1]
        if text.isdigit():
            return int(text)
        try:
            wanted = UUID(text)
        except ValueError:
            raise InvalidValue(f"event {ref!r}: give its number (12, slug#12) or its id") from None
        for event in self.app.engagement_events(engagement):
            if event_id(engagement, event.originator_version) == wanted:
                return event.originator_version
        raise NotFound(f"no event with id {wanted} in engagement {self.slug_of(engagement)!r}")

    # ------------------------------------------------------------------ queries
    def import_lines(
        self,
        lines: Iterable[bytes | str],
        progress: Callable[[int], None] | None = None,
        *,
        accept_unverified: bool = False,
        strict: bool = False,
    ) -> dict[str, Any]:
        """Import a JSONL export: every line checked first, then all written or nothing.
        A file written by ``export --unverified`` is refused unless ``accept_unverified``.
        Today's plugin rules are reported as ``findings``, enforced only when ``strict``."""

        self._writable()
        report = import_lines(
            self.app,
            lines,
            today=self.today(),
            progress=progress,
            accept_unverified=accept_unverified,
            strict=strict,
        )
        return report.as_dict()


# What a framework derives from a diagnosis's ratings (never corrected by hand).
DIAGNOSIS_DERIVED = (
    "readiness_score",
    "readiness_label",
    "greatest_areas_of_need",
    "strengths",
    "not_observed",
    "recommended_services",
)


def _empty(hint: Any) -> Any:
    """The default for a field the user left out: None, '' or an empty list/dict."""
    text = str(hint)
    if "None" in text:
        return None
    if text.startswith("list"):
        return []
    if text.startswith("dict"):
        return {}
    if hint is str:
        return ""
    return None
