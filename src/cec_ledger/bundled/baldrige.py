"""Plugin ``cec-ledger-baldrige``: the Baldrige Excellence Framework (Education), 2023–2024.

Indicators are the seventeen Criteria items, each weighted by its point value (1,000 in all).
Every item is scored 0–100 % in steps of 5, as Baldrige examiners do: process items
(categories 1–6) on ADLI, results items (category 7) on LeTCI. Readiness is the point-weighted
score out of 1,000; the greatest areas of need are the items with the most points left on the
table (largest ``points × (100 − score)``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cec_ledger.plugins import Check, CheckFinding, Framework, Indicator, RatingScale, hookimpl

__all__ = [
    "CATEGORIES_NEVER_ASSESSED",
    "EDITION",
    "FRAMEWORK",
    "ITEMS",
    "cec_ledger_register_checks",
    "cec_ledger_register_frameworks",
]

EDITION = "2023-2024"

ADLI = (
    "Process item: score on ADLI (Approach, Deployment, Learning, Integration) in the bands "
    "0–5, 10–25, 30–45, 50–65, 70–85, 90–100 %."
)
LETCI = (
    "Results item: score on LeTCI (Levels, Trends, Comparisons, Integration) in the bands "
    "0–5, 10–25, 30–45, 50–65, 70–85, 90–100 %."
)

CATEGORIES = {
    "1": "1 Leadership",
    "2": "2 Strategy",
    "3": "3 Customers",
    "4": "4 Measurement, Analysis, and Knowledge Management",
    "5": "5 Workforce",
    "6": "6 Operations",
    "7": "7 Results",
}

# (item, title, points) of the 2023–2024 Baldrige Excellence Framework (Education).
ITEMS: tuple[tuple[str, str, int], ...] = (
    ("1.1", "Senior Leadership", 70),
    ("1.2", "Governance and Societal Contributions", 50),
    ("2.1", "Strategy Development", 45),
    ("2.2", "Strategy Implementation", 40),
    ("3.1", "Customer Expectations", 40),
    ("3.2", "Customer Engagement", 45),
    ("4.1", "Measurement, Analysis, Review, and Improvement of Organizational Performance", 45),
    ("4.2", "Information and Knowledge Management", 45),
    ("5.1", "Workforce Environment", 40),
    ("5.2", "Workforce Engagement", 45),
    ("6.1", "Work Processes", 45),
    ("6.2", "Operational Effectiveness", 40),
    ("7.1", "Student Learning and Process Results", 120),
    ("7.2", "Customer Results", 80),
    ("7.3", "Workforce Results", 80),
    ("7.4", "Leadership and Governance Results", 80),
    ("7.5", "Budgetary, Financial, Market, and Strategy Results", 90),
)
TOTAL_POINTS = sum(points for _, _, points in ITEMS)

# Category -> CEC services (ids of the cec-ledger-services catalogue).
SERVICE_MAP: dict[str, tuple[str, ...]] = {
    CATEGORIES["1"]: ("leadership-development", "shared-leadership"),
    CATEGORIES["2"]: ("dlt-slt-plc-integration",),
    CATEGORIES["3"]: ("dlt-slt-plc-integration", "shared-accountability"),
    CATEGORIES["4"]: ("dlt-slt-plc-integration",),
    CATEGORIES["5"]: ("labor-management-series", "conflict-resolution", "ibb-ibps"),
    CATEGORIES["6"]: ("dlt-slt-plc-integration",),
    CATEGORIES["7"]: ("shared-accountability", "leadership-development"),
}


def readiness(framework: Framework, ratings: Mapping[str, Any]) -> dict[str, Any]:
    """Point-weighted score out of 1,000 (unrated items count as 0)."""
    earned = sum(
        i.weight * int(ratings[i.id]) / 100 for i in framework.indicators if i.id in ratings
    )
    points = round(earned)
    return {
        "score": earned / TOTAL_POINTS,
        "label": f"{points} of {TOTAL_POINTS} points",
        "points": points,
    }


FRAMEWORK = Framework(
    id="baldrige",
    name="Baldrige Excellence Framework (Education)",
    version=EDITION,
    description=(
        "The seven categories and seventeen items of the Baldrige Excellence Framework "
        f"(Education), {EDITION}, with their point values (1,000 in all). Process items are "
        "scored on ADLI, results items on LeTCI, each 0–100 % in steps of 5."
    ),
    indicators=tuple(
        Indicator(
            id=item,
            title=title,
            group=CATEGORIES[item.split(".")[0]],
            guidance=LETCI if item.startswith("7.") else ADLI,
            weight=float(points),
        )
        for item, title, points in ITEMS
    ),
    rating_scale=RatingScale.numeric(0, 100, 5),
    service_map=SERVICE_MAP,
    readiness=readiness,
)


@hookimpl
def cec_ledger_register_frameworks(register: Callable[..., None]) -> None:
    register(FRAMEWORK)


def categories_never_assessed(engagement: Mapping[str, Any], _settings: Mapping[str, int]) -> Any:
    """The categories none of whose items any Baldrige diagnosis of the engagement rated."""
    diagnoses = [d for d in engagement["diagnoses"] if d["framework_id"] == FRAMEWORK.id]
    if not diagnoses:
        return
    rated = {
        item
        for d in diagnoses
        for item, value in d["ratings"].items()
        if value not in (None, "not_observed")
    }
    for key, category in CATEGORIES.items():
        items = [item for item, _, _ in ITEMS if item.split(".")[0] == key]
        if any(item in rated for item in items):
            continue
        count = len(diagnoses)
        yield CheckFinding(
            f"Baldrige category {category} (items {', '.join(items)}) was never assessed in "
            f"the engagement's {count} Baldrige diagnos{'i' if count == 1 else 'e'}s",
            tuple(d["version"] for d in diagnoses),
        )


CATEGORIES_NEVER_ASSESSED = Check(
    name="baldrige-category-never-assessed",
    purpose="A Baldrige category none of whose items any Baldrige diagnosis rated.",
    severity="warning",
    run=categories_never_assessed,
    doc="""A Baldrige category none of whose items any Baldrige diagnosis rated.

    The Baldrige Excellence Framework assesses an organization in seven categories, and the
    results category (7) carries 450 of the 1,000 points. An engagement diagnosed with the
    Baldrige framework whose diagnoses, taken together, never rated any item of a category
    (diagnoses recorded before every item had to be rated, or imported from another tool)
    has a blind spot there.

    Example:
    warning: baldrige-category-never-assessed: oak-valley#3, #9: Baldrige category 7 Results (items 7.1, 7.2, 7.3, 7.4, 7.5) was never assessed in the engagement's 2 Baldrige diagnoses
    """,
)


@hookimpl
def cec_ledger_register_checks(register: Callable[..., None]) -> None:
    register(CATEGORIES_NEVER_ASSESSED)
