"""``rules.check`` reads the fields of an event before any rule: every field must be there,
no other field may be, and a field whose type does not allow null must not be null (an
optional one may). Refusals word for word."""

from __future__ import annotations

import pytest

from cec_ledger.domain.errors import InvalidValue
from cec_ledger.domain.rules import check
from tests.domain.builders import ACTOR, TODAY, base, fields


def given(event_type: str, **changes: object) -> dict:
    return {**fields(event_type), "recorded_by": ACTOR, **changes}


@pytest.mark.parametrize(
    ("event_type", "field"),
    [
        ("SessionDelivered", "topic"),
        ("SessionDelivered", "hours"),
        ("SessionDelivered", "participants"),
        ("AnchorCommitted", "anchor"),
        ("TeamFormed", "name"),
        ("EventCorrected", "corrected_fields"),
    ],
)
def test_a_required_field_given_as_null_is_refused(event_type: str, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check(base().state, event_type, given(event_type, **{field: None}), TODAY)
    assert str(refused.value) == f"{field} must be given ({event_type} cannot leave it empty)"


@pytest.mark.parametrize(
    ("event_type", "field"),
    [
        ("SessionDelivered", "cohort"),
        ("SessionDelivered", "follows"),
        ("SessionDelivered", "purpose"),
    ],
)
def test_an_optional_field_may_be_null(event_type: str, field: str) -> None:
    checked = check(base().state, event_type, given(event_type, **{field: None}), TODAY)
    assert checked[field] is None


def test_missing_and_unknown_fields_are_named_in_order() -> None:
    state = base().state
    event = given("SessionDelivered")
    del event["topic"], event["hours"]
    with pytest.raises(InvalidValue) as missing:
        check(state, "SessionDelivered", event, TODAY)
    assert str(missing.value) == "SessionDelivered is missing hours, topic"
    with pytest.raises(InvalidValue) as unknown:
        check(state, "SessionDelivered", given("SessionDelivered", zeta=1, alpha=2), TODAY)
    assert str(unknown.value) == "SessionDelivered has no field alpha, zeta"
