"""Comparing two diagnoses against one framework: per-indicator change and readiness trend
(``cec-ledger diagnosis compare``). Plugins need do nothing for it."""

from __future__ import annotations

from typing import Any

from cec_ledger.plugins.frameworks import NOT_OBSERVED, Framework, Ratings, get_framework


def compare_diagnoses(
    framework: Framework | str, before_ratings: Ratings, after_ratings: Ratings
) -> dict[str, Any]:
    """Per-indicator change between two diagnoses and the change in readiness.

    Each indicator row: ``indicator``, ``title``, ``group``, ``before``, ``after``, ``delta``
    (ordinal steps for named scales, points for numeric ones; None if rated only once) and
    ``change``: improved, declined, unchanged, added (rated only after) or dropped. A
    ``not_observed`` answer is shown as given but compares as no rating.
    """
    if isinstance(framework, str):
        framework = get_framework(framework)
    scale = framework.rating_scale
    before = framework.validate_ratings(before_ratings, require_all=False)
    after = framework.validate_ratings(after_ratings, require_all=False)
    rows: list[dict[str, Any]] = []
    counts = dict.fromkeys(("improved", "declined", "unchanged", "added", "dropped"), 0)
    for indicator in framework.indicators:
        old, new = before.get(indicator.id), after.get(indicator.id)
        old_seen = None if old == NOT_OBSERVED else old
        new_seen = None if new == NOT_OBSERVED else new
        if old_seen is None and new_seen is None:
            continue
        delta = None
        if old_seen is None:
            change = "added"
        elif new_seen is None:
            change = "dropped"
        else:
            delta = scale.ordinal_of(new_seen) - scale.ordinal_of(old_seen)
            change = "improved" if delta > 0 else "declined" if delta < 0 else "unchanged"
        counts[change] += 1
        rows.append(
            {
                "indicator": indicator.id,
                "title": indicator.title,
                "group": indicator.group,
                "before": old,
                "after": new,
                "delta": delta,
                "change": change,
            }
        )
    readiness_before = framework.readiness_baseline(before) if before else None
    readiness_after = framework.readiness_baseline(after) if after else None
    readiness_delta = None
    if readiness_before and readiness_after:
        readiness_delta = round(readiness_after["score"] - readiness_before["score"], 4)
    return {
        "framework_id": framework.id,
        "framework_version": framework.version,
        "indicators": rows,
        "summary": counts,
        "readiness": {
            "before": readiness_before,
            "after": readiness_after,
            "delta": readiness_delta,
        },
    }
