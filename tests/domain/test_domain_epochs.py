"""Rules epochs: recorded history is never re-judged (issue 10).

Every event carries ``rules_version``; it is judged by the latest rule registered for an
epoch at or below it, when recorded, when imported and in the re-fold a correction triggers.
Epoch 1 is the rules as they were (frozen); epoch 2 adds the bounds and what-existed-on-a-date.
Also here: the bounds of epoch 2 and the published schema fragments agree, value by value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from cec_ledger.domain import bounds
from cec_ledger.domain import events as ev
from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.errors import DomainError, InvalidValue, RuleViolation
from cec_ledger.domain.events import RULES_EPOCH, OutcomeObserved, SessionDelivered
from cec_ledger.domain.rulebook import RULES, rule_for
from cec_ledger.domain.rules import check
from cec_ledger.formats.schema import kind_schema
from tests.domain.builders import ACTOR, TODAY, base, build, correct, fields, record, snapshot


def test_new_events_are_stamped_with_the_current_epoch() -> None:
    engagement = base()
    assert RULES_EPOCH == 3
    assert {e.rules_version for e in engagement.history} == {3}


def test_an_epoch_1_event_is_judged_by_epoch_1() -> None:
    engagement = base()
    old = {**fields("SessionDelivered", hours=Decimal("40")), "rules_version": 1}
    event = engagement.record("SessionDelivered", old, recorded_by=ACTOR, today=TODAY)
    assert event.rules_version == 1 and event.hours == Decimal("40")  # stored as it was
    with pytest.raises(InvalidValue, match="at most 24 for one session, got 40"):
        engagement.record(
            "SessionDelivered", fields("SessionDelivered", hours=Decimal("40")),
            recorded_by=ACTOR, today=TODAY,
        )  # fmt: skip


def test_a_correction_rechecks_history_by_each_events_own_epoch() -> None:
    """An epoch-1 session that named a team before it was formed stays valid history: a
    later correction re-folds it under epoch 1, not under today's rules."""
    engagement = base()
    early = fields("SessionDelivered", team_id="dlt", occurred_on=date(2025, 9, 1))
    engagement.record(
        "SessionDelivered", {**early, "rules_version": 1}, recorded_by=ACTOR, today=TODAY
    )
    correct(engagement, 2, "AnchorCommitted", signatory="R. Alvarez-Ruiz")
    assert engagement.state.anchors["board"]["signatory"] == "R. Alvarez-Ruiz"
    # Under epoch 2 the same session is refused, naming both dates.
    with pytest.raises(RuleViolation, match="team 'dlt' was formed on 2025-09-10; a session"):
        engagement.record("SessionDelivered", early, recorded_by=ACTOR, today=TODAY)


def test_a_correction_of_an_epoch_1_event_is_judged_by_epoch_1() -> None:
    engagement = base()
    old = {**fields("SessionDelivered", hours=Decimal("40")), "rules_version": 1}
    engagement.record("SessionDelivered", old, recorded_by=ACTOR, today=TODAY)
    correct(engagement, 6, "SessionDelivered", topic="Data cycle")  # 40 h stays acceptable
    correct(engagement, 6, "SessionDelivered", hours="30")  # epoch 1 had no upper bound
    before = snapshot(engagement)
    with pytest.raises(RuleViolation, match="event #5 would break a rule: hours must be more"):
        correct(engagement, 5, "SessionDelivered", hours="30")  # #5 is an epoch-2 session
    assert snapshot(engagement) == before


def test_corrected_values_take_the_scale_of_the_targets_epoch() -> None:
    engagement = base()
    event = correct(engagement, 5, "SessionDelivered", hours="3.5")
    assert str(event.corrected_fields["hours"]) == "3.50"


def test_the_fold_of_any_date_applies_every_event_of_that_date() -> None:
    engagement = build([("SessionDelivered", {"team_id": "dlt"})])
    for day in (date(2025, 9, 10), date(2025, 9, 20), date(2025, 10, 1)):
        state = fold_history(engagement.history, occurred_by=day)
        expected = [e for e in engagement.history if e.occurred_on <= day]
        assert state.events == len(expected)


def test_an_unknown_epoch_is_refused() -> None:
    for epoch in (0, RULES_EPOCH + 1):
        with pytest.raises(InvalidValue, match=f"rules_version {epoch} is not one"):
            check(None, "EngagementOpened", {**fields("EngagementOpened"), "recorded_by": ACTOR},
                  TODAY, epoch)  # fmt: skip


def test_the_rule_of_an_epoch_is_the_latest_registered_at_or_below_it() -> None:
    assert rule_for(ev.SessionDelivered, 1) is RULES[(ev.SessionDelivered, 1)]
    assert rule_for(ev.SessionDelivered, 2) is RULES[(ev.SessionDelivered, 2)]
    assert rule_for(ev.SessionDelivered, 3) is RULES[(ev.SessionDelivered, 3)]
    assert rule_for(ev.SessionDelivered, 7) is RULES[(ev.SessionDelivered, 3)]
    # A class whose rules epoch 3 does not tighten keeps its epoch-2 rule.
    assert rule_for(ev.ConsultantHandoff, 3) is RULES[(ev.ConsultantHandoff, 2)]


def test_upcasters_say_older_events_were_judged_by_epoch_1() -> None:
    state: dict[str, Any] = {"delivery": "coaching", "hours": "4"}
    SessionDelivered.upcast_v1_v2(state)
    assert state["rules_version"] == 1
    outcome: dict[str, Any] = {"tier": "short_term", "dimension": "policy_changes"}
    OutcomeObserved.upcast_v1_v2(outcome)
    OutcomeObserved.upcast_v2_v3(outcome)
    assert (outcome["impact"], outcome["rules_version"]) == ("system", 1)
    newer = {"rules_version": 2}
    SessionDelivered.upcast_v1_v2(newer)  # harmless on a newer line
    assert newer["rules_version"] == 2


def test_corrections_allowed_and_only_corrections_on_a_closed_engagement() -> None:
    engagement = build([("EngagementClosed", {})])
    with pytest.raises(DomainError, match="corrections stay possible"):
        record(engagement, "SessionDelivered")
    correct(engagement, 5, "SessionDelivered", hours="3")
    assert engagement.state.is_closed and engagement.state.events == 7


# ------------------------------------------------------------------ bounds and schemas agree
def _valid(kind: str, value: Any) -> bool:
    return Draft202012Validator(kind_schema(kind)).is_valid(value)


amounts = st.decimals(
    min_value=Decimal("-100"), max_value=Decimal("20000000"), allow_nan=False, places=3
) | st.sampled_from([Decimal("24"), Decimal("24.01"), Decimal("2000"), Decimal("0.01"), Decimal(0)])


@settings(max_examples=150, deadline=None)
@given(value=amounts, kind=st.sampled_from(["hours", "money", "score"]))
def test_an_amount_the_rules_accept_is_one_the_schema_accepts(value: Decimal, kind: str) -> None:
    rule = {"hours": bounds.SESSION_HOURS, "money": bounds.MONEY, "score": bounds.SCORE}[kind]
    try:
        stored = bounds.amount(rule, value, kind)
    except InvalidValue:
        text = f"{value:f}"
        assert not _valid(kind, text), f"the schema accepts {text} that the rules refuse"
        return
    assert _valid(kind, f"{stored:f}"), f"the schema refuses {stored} that the rules store"


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=220), kind=st.sampled_from(["name", "label", "text"]))
def test_text_the_rules_accept_is_text_the_schema_accepts(text: str, kind: str) -> None:
    try:
        stored = bounds.check_value(kind, text, "field")
    except InvalidValue:
        if text == text.strip() and "\r" not in text:
            assert not _valid(kind, text), repr(text)
        return
    assert _valid(kind, stored), repr(stored)


@pytest.mark.parametrize("value", [0, 1, 100_000, 100_001, -3])
def test_participants_bounds_agree(value: int) -> None:
    try:
        bounds.participants(value)
        accepted = True
    except InvalidValue:
        accepted = False
    assert accepted == _valid("participants", value)


def test_epoch_1_refusals_speak_in_users_words_too() -> None:
    engagement = base()
    old = {**fields("SessionDelivered", hours=Decimal("-3")), "rules_version": 1}
    with pytest.raises(InvalidValue) as refused:
        engagement.record("SessionDelivered", old, recorded_by=ACTOR, today=TODAY)
    assert str(refused.value) == "hours must be a number > 0, got -3"
