"""A plan change citing lessons of a reflection (``r<N>.<k>``, rules epoch 3): a reflection with
one lesson is named in the singular, and a reflection recorded on the day of the change may be
cited (only a later one may not)."""

from __future__ import annotations

from datetime import date

import pytest

from cec_ledger.domain.errors import NotFound
from tests.domain.builders import ACTOR, TODAY, build, fields
from tests.domain.test_domain_cec_model import PLAN, REFLECTION

CHANGE_ON = date(2025, 10, 20)


def change(engagement, cites: list[str]):  # type: ignore[no-untyped-def]
    return engagement.record(
        "PlanChanged",
        {**fields("PlanChanged"), "cites": cites, "occurred_on": CHANGE_ON},
        recorded_by=ACTOR,
        today=TODAY,
    )


def test_a_reflection_with_one_lesson_is_named_in_the_singular() -> None:
    one = ("ReflectionRecorded", {**REFLECTION[1], "lessons_learned": ["Protect the agenda"]})
    engagement = build((one, PLAN))  # the reflection is #6
    with pytest.raises(NotFound) as refused:
        change(engagement, ["r6.2"])
    assert str(refused.value) == "lesson r6.2 does not exist: reflection #6 has 1 lesson"


def test_a_reflection_recorded_the_day_of_the_change_may_be_cited() -> None:
    same_day = ("ReflectionRecorded", {**REFLECTION[1], "occurred_on": CHANGE_ON})
    engagement = build((PLAN, same_day))  # the reflection is #7
    change(engagement, ["r7.1", "r7.2"])
    assert engagement.history[-1].cites == ["r7.1", "r7.2"]
