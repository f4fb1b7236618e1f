"""Three small domain contracts that the storage and the checks lean on:

* an engagement restored from a snapshot is the same engagement at the same version (id,
  version, times, state) and reads its earlier history through its loader;
* ``plan_lines.line_on``: the line of a service in the plan in force on a date, or None;
* which field types allow null (``rules._nullable``): the one place ``check`` learns which
  fields an event may leave empty.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Optional

import pytest

from cec_ledger.domain.engagement import Engagement, fold_history
from cec_ledger.domain.plan_lines import line_on
from cec_ledger.domain.rules import _nullable
from tests.domain.builders import ENTRY_STEP, base, build, record, service

CREATED = datetime(2025, 8, 18, 9, 0, tzinfo=UTC)
MODIFIED = datetime(2025, 9, 20, 17, 30, tzinfo=UTC)


def restored_at(engagement: Engagement, version: int) -> Engagement:
    """``engagement`` as a snapshot at ``version`` would bring it back, with a loader that
    reads the first ``n`` events of the original (as the event store does)."""
    history = engagement.history
    aggregate = Engagement.restored(
        engagement.id,
        version,
        fold_history(history[:version]),
        created_on=CREATED,
        modified_on=MODIFIED,
    )
    aggregate.history_loader = lambda n: history[:n]
    return aggregate


def test_a_restored_engagement_is_the_same_engagement_at_the_snapshot_version() -> None:
    original = base()  # five events
    restored = restored_at(original, 5)
    assert restored.id == original.id
    assert restored.version == 5
    assert restored.created_on == CREATED
    assert restored.modified_on == MODIFIED
    assert restored.state.to_dict() == original.state.to_dict()
    # Its history before the snapshot is read through the loader, all five events of it.
    assert [type(e).__name__ for e in restored.history] == [
        type(e).__name__ for e in original.history
    ]


def test_an_event_recorded_after_a_restore_continues_the_stream() -> None:
    original = base()
    restored = restored_at(original, 5)
    record(restored, "SessionDelivered", topic="Data cycle, second round")
    assert restored.version == 6
    assert restored.history[-1].originator_version == 6
    assert len(restored.history) == 6
    assert restored.state.to_dict()["sessions"]["count"] == 2


def test_a_restored_engagement_without_its_store_cannot_read_its_history() -> None:
    original = base()
    restored = Engagement.restored(
        original.id,
        5,
        fold_history(original.history),
        created_on=CREATED,
        modified_on=MODIFIED,
    )
    with pytest.raises(RuntimeError) as refused:
        _ = restored.history
    assert str(refused.value) == "this engagement was restored from a snapshot without its store"


PLAN_ON = date(2025, 10, 1)


def planned() -> Engagement:
    """base() with a support plan of two lines from 2025-10-01."""
    return build(
        [
            ENTRY_STEP,
            ("NeedsDiagnosed", {}),
            (
                "DirectionSet",
                {
                    "services": [service("ibb-ibps"), service("dlt-slt-plc-integration", "12")],
                    "occurred_on": PLAN_ON,
                },
            ),
        ]
    )


@pytest.mark.parametrize(
    ("service_id", "on", "hours"),
    [
        ("ibb-ibps", PLAN_ON, "8.00"),
        ("dlt-slt-plc-integration", date(2025, 12, 1), "12.00"),
        ("ibb-ibps", date(2025, 9, 30), None),  # the day before the plan: no plan in force
        ("lead-the-way", PLAN_ON, None),  # a service the plan does not hold
        (None, PLAN_ON, None),  # a session under no service
    ],
)
def test_the_line_of_a_service_in_the_plan_in_force_on_a_date(
    service_id: str | None, on: date, hours: str | None
) -> None:
    line = line_on(planned().state, service_id, on)
    if hours is None:
        assert line is None
    else:
        assert line is not None
        assert (line["service_id"], str(line["hours"])) == (service_id, hours)


@pytest.mark.parametrize(
    ("hint", "nullable"),
    [
        (Any, True),
        (int | None, True),
        (Optional[str], True),  # noqa: UP045 - the typing.Union spelling must be read too
        (str | int | None, True),
        (str, False),
        (int | str, False),
        (list[str], False),
        (dict[str, Any], False),
    ],
)
def test_a_field_may_be_null_only_when_its_type_says_so(hint: Any, nullable: bool) -> None:
    assert _nullable(hint) is nullable
