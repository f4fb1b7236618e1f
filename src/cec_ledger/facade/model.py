"""The facade's part of the CEC model in depth: entry points, diagnoses with their strengths and
recommended services, plans started from a diagnosis, and the views (Framework for Change
coverage) that need the installed catalogue.

Mixed into :class:`cec_ledger.facade.ledger.Ledger` (``ModelSide``); the module functions are
what ``writes`` and ``reads`` call where a diagnosis is derived or a state is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from cec_ledger.domain import vocabulary as v
from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.domain.model_views import coverage
from cec_ledger.facade.parts import LedgerPart
from cec_ledger.plugins.frameworks import NOT_OBSERVED, Framework, get_framework
from cec_ledger.plugins.services import list_services

# A diagnosis's strengths: at most this many (the mirror of the GANs' limit, the ledger's C15).
STRENGTHS_LIMIT = 5


def opening_entry_point(fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``engagement open --entry-point KIND``: the EntryPointAdded recorded with the opening
    (the opening itself names none from rules epoch 3 on). Only a system assessment can be
    added so (its framework may come with ``framework_id``, or from its first diagnosis);
    the other kinds have a structure of their own to give with ``entry-point add``. Pops the
    entry point fields from ``fields``."""
    kind = fields.pop("entry_point", None)
    framework_id = fields.pop("framework_id", None)
    if kind in (None, ""):
        return []
    token = v.ENTRY_POINT.normalise(kind)
    if token != "system_assessment":
        raise InvalidValue(
            f"{v.ENTRY_POINT.label(token).lower()} is recorded with its structure: open the "
            f"engagement, then 'cec-ledger entry-point add SLUG ID --kind {token} ...' "
            "(see 'entry-point add --help')"
        )
    if framework_id:
        framework_id = get_framework(str(framework_id)).id
    return [
        (
            "EntryPointAdded",
            {
                "entry_point_id": "system-assessment",
                "kind": token,
                "framework_id": framework_id,
                "assessment_version": "full",
                "occurred_on": fields.get("occurred_on"),
            },
        )
    ]


def strengths(framework: Framework, ratings: Mapping[str, Any], gans: Iterable[str]) -> list[str]:
    """Indicators rated in the upper half of the framework's scale (position >= 0.5) that are
    not greatest areas of need, strongest first, ties in framework order, at most 5 (the
    ledger's own rule, C15: the Theory of Action names "the strengths and deficits –
    'opportunities' according to CEC")."""
    rated = framework.observed(ratings)
    needs = set(gans)
    order = {i.id: n for n, i in enumerate(framework.indicators)}
    found = [
        (framework.rating_scale.position(value), iid)
        for iid, value in rated.items()
        if iid not in needs and framework.rating_scale.position(value) >= 0.5
    ]
    found.sort(key=lambda pair: (-round(pair[0], 9), order[pair[1]]))
    return [iid for _, iid in found[:STRENGTHS_LIMIT]]


def derived_diagnosis(
    framework: Framework, ratings: Mapping[str, Any], version: str = "full"
) -> dict[str, Any]:
    """Everything a diagnosis derives from its ratings: the readiness baseline, the GANs,
    the strengths, the indicators not observed and the services the framework recommends for
    the GANs (checked by the framework first: scale, version, completeness)."""
    normalised = framework.validate_ratings(ratings, version=version)
    baseline = framework.readiness_baseline(normalised) or {}
    score = baseline.get("score")
    gans = list(framework.greatest_areas_of_need(normalised))
    return {
        "ratings": normalised,
        "readiness_score": None if score is None else Decimal(str(round(score, 4))),
        "readiness_label": baseline.get("label"),
        "greatest_areas_of_need": gans,
        "strengths": strengths(framework, normalised, gans),
        "not_observed": [k for k, r in normalised.items() if r == NOT_OBSERVED],
        "recommended_services": framework.recommended_services(gans),
        "assessment_version": version,
    }


def diagnosis_entry_point(
    state: Any, entry_point_id: str | None, version: str | None
) -> tuple[str, str]:
    """The entry point a diagnosis goes through and the version of the assessment: the
    engagement's only entry point when none is named (so scripts written when an engagement
    had one keep working); the version a system assessment recorded unless one is given."""
    points = list(state.entry_points)
    if entry_point_id is None:
        if not points:
            raise NotFound(
                f"{state.slug} has no entry point yet: add one with 'cec-ledger entry-point "
                "add' (a diagnosis is made through a diagnostic entry point, Theory of "
                "Action, Step 2)"
            )
        if len(points) > 1:
            raise InvalidValue(
                f"{state.slug} has {len(points)} entry points ({', '.join(points)}): name the "
                "one this diagnosis was made through with --entry-point"
            )
        entry_point_id = points[0]
    entry = state.entry_points.get(entry_point_id)
    if version is None:
        version = "full"
        if entry is not None and entry["kind"] == "system_assessment":
            version = entry.get("assessment_version") or "full"
    return entry_point_id, v.ASSESSMENT_VERSION.normalise(version)


def service_elements() -> dict[str, tuple[str, ...]] | None:
    """Catalogue service id -> its Framework for Change elements, from the installed services
    plugins; None when no plugin registers a service (coverage then says so)."""
    found = list_services()
    if not found:
        return None
    return {s.id: tuple(getattr(s, "elements", ()) or ()) for s in found}


def with_model_views(state: dict[str, Any]) -> dict[str, Any]:
    """A plain engagement state with the views that need the catalogue: the Framework for
    Change coverage (``framework_coverage``)."""
    state["framework_coverage"] = coverage(state, service_elements())
    return state


class ModelSide(LedgerPart):
    """Write and read methods of the CEC model."""

    def add_entry_point(self, engagement: str, **fields: Any) -> dict[str, Any]:
        """Record an EntryPointAdded: for a system assessment the framework must be installed
        and, for a short version, declare one (Theory of Action, Step 2: "CEC can provide
        shorter or longer versions of system assessments")."""
        kind = v.ENTRY_POINT.normalise(fields.get("kind"))
        if kind == "system_assessment":
            version = v.ASSESSMENT_VERSION.normalise(fields.get("assessment_version") or "full")
            fields["assessment_version"] = version
            if fields.get("framework_id"):
                framework = get_framework(str(fields["framework_id"]))
                fields["framework_id"] = framework.id
                if version == "short" and not framework.short_version:
                    raise InvalidValue(
                        f"framework {framework.id!r} has no short version: the Theory of "
                        "Action allows 'shorter or longer versions of system assessments', "
                        "and a framework must declare which indicators its short version rates"
                    )
        elif kind == "strategic_planning" and not fields.get("planning_areas"):
            fields["planning_areas"] = list(v.PLANNING_AREA.tokens)
        return self.record(engagement, "EntryPointAdded", **fields)  # type: ignore[attr-defined]

    def diagnosis_for_plan(self, engagement: str, ref: int | None) -> dict[str, Any]:
        """``plan set --from-diagnosis [N]``: the diagnosis (the latest when N is not given)
        with its GANs and recommended services, as plain values."""
        state = self.app.get_engagement(self.resolve(engagement)).state
        if not state.diagnoses:
            raise NotFound(f"{state.slug} has no diagnosis to start a plan from")
        if ref is None:
            found = state.diagnoses[-1]
        else:
            found = next((d for d in state.diagnoses if d["version"] == ref), None)
            if found is None:
                raise NotFound(f"diagnosis #{ref} is not a diagnosis of {state.slug}")
        recommended = found.get("recommended_services")
        if recommended is None:  # an older diagnosis: ask its framework now
            try:
                recommended = get_framework(found["framework_id"]).recommended_services(
                    found["greatest_areas_of_need"]
                )
            except NotFound:
                recommended = []
        return {
            "version": found["version"],
            "occurred_on": found["occurred_on"],
            "framework_id": found["framework_id"],
            "greatest_areas_of_need": list(found["greatest_areas_of_need"]),
            "recommended_services": list(recommended),
        }


def school_years(text: str) -> dict[str, str]:
    """``--horizon 2024-25:2026-27`` as {first, last} (checked by the rules)."""
    first, colon, last = text.partition(":")
    if not colon:
        raise InvalidValue(
            f"horizon {text!r}: give the first and last school years, e.g. 2024-25:2026-27"
        )
    return {"first": first.strip(), "last": last.strip()}
