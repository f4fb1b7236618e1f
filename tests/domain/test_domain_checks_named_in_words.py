"""What ``check`` and the rules of each epoch say when they refuse an event (one-line error
messages are a contract), when a consultant is on the engagement from, how a closed
vocabulary finds and remembers a token, and the programming errors of the typed layer and the
rulebook, named."""

from __future__ import annotations

import typing
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from cec_ledger.domain.errors import DomainError, InvalidValue, NotFound, RuleViolation
from cec_ledger.domain.folding import on_engagement
from cec_ledger.domain.rulebook import rule_for
from cec_ledger.domain.rules import check
from cec_ledger.domain.typed import coerce
from cec_ledger.domain.vocabulary import Vocabulary
from tests.domain.builders import ACTOR, TODAY, base, fields, opened, record


def given(event_type: str, **changes: Any) -> dict[str, Any]:
    """The fields ``check`` is handed: the event's own and who records it."""
    return {**fields(event_type, **changes), "recorded_by": ACTOR}


def refusal(error: type[DomainError], call: Any, *args: Any, **kwargs: Any) -> str:
    """The message of the ``error`` that ``call(*args, **kwargs)`` raises."""
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return str(caught.value)


# ------------------------------------------------------------------ check: epochs and order
@pytest.mark.parametrize(
    ("rules_version", "message"),
    [
        ("2", "rules_version must be a whole number, got '2'"),
        (
            99,
            "rules_version 99 is not one this ledger knows (1 to 3); "
            "was it written by a newer cec-ledger?",
        ),
    ],
)
def test_an_unknown_rules_version_is_refused_in_words(rules_version: Any, message: str) -> None:
    state = base().state
    session = given("SessionDelivered")
    assert refusal(
        InvalidValue, check, state, "SessionDelivered", session, TODAY, rules_version
    ) == (message)


def test_the_bounds_hold_from_rules_epoch_2() -> None:
    """Epoch 2 added the bounds: 40 hours in one session is refused under it."""
    session = given("SessionDelivered", hours=Decimal("40"))
    assert refusal(InvalidValue, check, base().state, "SessionDelivered", session, TODAY, 2) == (
        "hours must be more than 0 and at most 24 for one session, got 40"
    )


def test_an_event_before_the_engagement_opened_is_refused_as_not_opened() -> None:
    session = given("SessionDelivered")
    assert refusal(NotFound, check, None, "SessionDelivered", session, TODAY) == (
        "engagement not opened"
    )


def test_opening_an_open_engagement_again_is_refused_as_already_open_whatever_its_date() -> None:
    """The date rule (nothing before the opening) is not the opening's own: a second opening
    dated earlier is refused for being a second opening."""
    opening = given("EngagementOpened", occurred_on=date(2025, 1, 6))
    assert refusal(RuleViolation, check, base().state, "EngagementOpened", opening, TODAY) == (
        "engagement 'maple-ridge' is already open"
    )


# ------------------------------------------------------------------ the rules of each epoch
def test_an_epoch_1_session_naming_an_unknown_team_lists_none_yet() -> None:
    engagement = opened()
    old = {**fields("SessionDelivered", team_id="dlt"), "rules_version": 1}
    assert refusal(
        NotFound, engagement.record, "SessionDelivered", old, recorded_by=ACTOR, today=TODAY
    ) == ("unknown team 'dlt' (teams: none yet)")


def test_a_new_commitment_cannot_come_before_the_withdrawal_it_follows() -> None:
    engagement = base()
    record(engagement, "CommitmentWithdrawn", anchor="board", occurred_on=date(2025, 10, 1))
    assert refusal(
        RuleViolation,
        record,
        engagement,
        "AnchorCommitted",
        anchor="board",
        occurred_on=date(2025, 9, 15),
    ) == ("board withdrew on 2025-10-01; a new commitment on 2025-09-15 cannot come before that")


def test_coaching_naming_a_service_the_followed_session_lacks_says_outside_the_catalogue() -> None:
    engagement = base()
    outside = record(
        engagement,
        "SessionDelivered",
        service_id=None,
        unplanned="a request from the board",
        occurred_on=date(2025, 10, 1),
    ).originator_version
    assert refusal(
        RuleViolation,
        record,
        engagement,
        "SessionDelivered",
        delivery="coaching",
        follows=outside,
        service_id="dlt-slt-plc-integration",
        occurred_on=date(2025, 10, 2),
    ) == (
        f"coaching follows #{outside} (outside the catalogue); service "
        "dlt-slt-plc-integration does not match"
    )


def test_an_event_class_new_in_epoch_3_is_refused_under_an_earlier_epoch() -> None:
    engagement = base()
    old = {**fields("EntryPointAdded"), "rules_version": 1}
    assert refusal(
        InvalidValue, engagement.record, "EntryPointAdded", old, recorded_by=ACTOR, today=TODAY
    ) == (
        "EntryPointAdded exists from rules epoch 3 on; an event of an earlier epoch cannot be one"
    )


# ------------------------------------------------------------------ folding
def test_a_consultant_is_on_the_engagement_from_the_earliest_date_seen() -> None:
    """Events are not recorded in date order: an earlier date seen later moves it back, a
    later one never moves it forward."""
    state = SimpleNamespace(consultants=[], consultant_since={})
    for on in (date(2025, 10, 1), date(2025, 9, 1), date(2025, 11, 1)):
        on_engagement(state, "Ana Ruiz", on)
    assert state.consultants == ["Ana Ruiz"]
    assert state.consultant_since == {"Ana Ruiz": date(2025, 9, 1)}


# ------------------------------------------------------------------ vocabularies
def colours() -> Vocabulary:
    """A vocabulary of its own, so nothing another test normalised is remembered."""
    return Vocabulary("colour", {"red": "Red", "dark_blue": "Dark blue"}, {"crimson": "red"})


@pytest.mark.parametrize(
    ("typed", "token"),
    [("RED", "red"), ("Dark-Blue", "dark_blue"), ("dark blue", "dark_blue"), ("Crimson", "red")],
)
def test_a_vocabulary_takes_a_token_its_label_or_an_alias_as_typed(typed: str, token: str) -> None:
    vocabulary = colours()
    assert vocabulary.normalise(typed) == token
    assert vocabulary._normalised == {typed: token}  # remembered as the token it gave


def test_a_vocabulary_refuses_anything_else_listing_its_tokens() -> None:
    assert refusal(InvalidValue, colours().normalise, "green") == (
        "colour 'green' is not one of: red, dark_blue"
    )


def test_a_vocabulary_remembers_at_most_10000_spellings() -> None:
    """Free text cannot grow the memory of spellings without bound."""
    vocabulary = colours()
    marks = "-_ .,;:/"
    for n in range(10_001):
        spelling = "red" + "".join(marks[(n >> (3 * k)) & 7] for k in range(5))
        assert vocabulary.normalise(spelling) == "red"
    assert len(vocabulary._normalised) == 10_000


# ------------------------------------------------------------------ typed layer and rulebook
def test_an_optional_value_naming_none_first_still_takes_the_other_type() -> None:
    assert coerce(typing.Union[None, int], 5, "count") == 5  # noqa: UP007 - None first on purpose


def test_a_type_the_typed_layer_cannot_coerce_is_a_programming_error_named() -> None:
    with pytest.raises(TypeError) as caught:
        coerce(complex, 1, "count")
    assert str(caught.value) == "no coercion for <class 'complex'>"


def test_an_event_class_without_a_rule_is_a_programming_error_named() -> None:
    class Unruled:
        pass

    with pytest.raises(TypeError) as caught:
        rule_for(Unruled, 3)
    assert str(caught.value) == "no rule registered for Unruled"
