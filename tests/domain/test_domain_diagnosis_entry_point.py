"""Which entry point an older diagnosis was made through (Theory of Action, Step 2).

From rules epoch 3 a diagnosis names its entry point. An older one named none: it is read as
made through the engagement's own system assessment (the entry point named when it opened),
marked inferred (the ledger's choice C19); with no such assessment it has no entry point and
nothing is marked inferred.
"""

from __future__ import annotations

import pytest

from cec_ledger.domain.engagement import Engagement
from tests.domain.builders import ACTOR, TODAY, fields


@pytest.mark.parametrize(
    ("opened_through", "expected"),
    [
        pytest.param("system_assessment", ("entry-1", True), id="its-system-assessment"),
        pytest.param("strategic_planning", (None, False), id="another-entry-point"),
        pytest.param(None, (None, False), id="no-entry-point"),
    ],
)
def test_an_older_diagnosis_is_read_as_made_through_the_system_assessment_only(
    opened_through: str | None, expected: tuple[str | None, bool]
) -> None:
    engagement = Engagement.open(
        {**fields("EngagementOpened", entry_point=opened_through), "rules_version": 2},
        recorded_by=ACTOR,
        today=TODAY,
    )
    engagement.record(
        "NeedsDiagnosed",
        {**fields("NeedsDiagnosed", entry_point_id=None, strengths=None), "rules_version": 2},
        recorded_by=ACTOR,
        today=TODAY,
    )
    (diagnosis,) = engagement.state.diagnoses
    assert (diagnosis["entry_point_id"], diagnosis["entry_point_inferred"]) == expected
