"""The shortcuts taken for ``check``'s speed (issue 13) give what the long way gives: ``chain``
read off the sealed ``verify``, the plugins' engagement view built when read, ``plain_copy``."""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from cec_ledger.plugins import build_plugin_manager, hookimpl, set_plugin_manager
from cec_ledger.plugins.validation import plain_copy
from tests.clihelp import base_engagement, invoke, ok
from tests.test_tamper import flip_one_byte, tamper


class Tagged(dict):  # type: ignore[type-arg]
    pass


class Text(str):
    pass


SAMPLES: list[Any] = [
    None,
    True,
    3,
    2.5,
    "text",
    b"bytes",
    date(2025, 9, 1),
    datetime(2025, 9, 1, 12, tzinfo=UTC),
    Decimal("1.50"),
    UUID(int=7),
    {"a": [1, {"b": [date(2025, 1, 1), ("t", [2])]}], "c": None},
    [[], {}, (), [Decimal("2")]],
    Tagged(x=[1, 2]),
    OrderedDict(y={"z": [3]}),
    Text("sub"),
    ({"in": ["a", "tuple"]},),
]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_plain_copy_is_a_deep_copy_sharing_nothing_changeable(value: Any) -> None:
    copied = plain_copy(value)
    assert copied == copy.deepcopy(value)
    assert type(copied) is (dict if isinstance(value, dict) else type(value))

    def containers(x: Any) -> list[int]:
        if isinstance(x, dict):
            return [id(x), *(i for v in x.values() for i in containers(v))]
        if isinstance(x, list | tuple):
            own = [id(x)] if isinstance(x, list) else []
            return [*own, *(i for v in x for i in containers(v))]
        return []

    assert not set(containers(copied)) & set(containers(value))


@pytest.mark.parametrize("damage", ["none", "changed", "forged seal", "chain rewritten"])
def test_chain_and_seal_together_say_what_verify_says_of_each(ledger_url: str, damage: str) -> None:
    """With a seal, ``chain`` is read off the one sealed ``verify`` run (the log is walked
    once, not twice): it must still say exactly what ``verify`` without the seal says, and
    ``seal`` what ``verify --seal`` says."""
    base_engagement(ledger_url)
    seal = ok(ledger_url, "seal").out.strip()
    if damage == "forged seal":
        seal = seal[:-1] + ("0" if seal[-1] != "0" else "1")
    if damage in ("changed", "chain rewritten"):
        flip_one_byte(ledger_url, 2)
    if damage == "chain rewritten":
        tamper(ledger_url, ["DELETE FROM cec_chain"])
    plain = invoke(ledger_url, "verify", "--json").json()
    sealed = invoke(ledger_url, "verify", "--seal", seal, "--json").json()
    outcome = invoke(ledger_url, "check", "chain", "seal", "--seal", seal, "--json")
    by_check = {
        c: [f for f in outcome.json()["findings"] if f["check"] == c] for c in ("chain", "seal")
    }
    assert [f["message"] for f in by_check["chain"]] == ([] if plain["ok"] else [plain["message"]])
    if sealed["ok"]:
        assert by_check["seal"] == []
    elif sealed["problem"] == "seal":
        assert [f["message"] for f in by_check["seal"]] == [sealed["message"]]
    else:
        assert [f["message"] for f in by_check["seal"]] == [
            f"the seal could not be checked: the chain fails first ({sealed['message']})"
        ]
    assert outcome.code == (0 if plain["ok"] and sealed["ok"] else 1)
    expected = {"none": (True, True), "changed": (False, False), "forged seal": (True, False)}
    assert (plain["ok"], sealed["ok"]) == expected.get(damage, (True, False))


@pytest.fixture
def plugins() -> Iterator[Any]:
    previous = set_plugin_manager(None)

    def use(*installed: Any) -> None:
        set_plugin_manager(build_plugin_manager(*installed, load_entrypoints=False, disabled=()))

    yield use
    set_plugin_manager(previous)


class ReadsTheEngagement:
    """Refuses every event but the opening, saying what it read of the engagement, and
    tries to change what it was handed."""

    plugin_name = "reads-the-engagement"

    @hookimpl
    def cec_ledger_validate_event(self, event_type: str, engagement: Any) -> None:
        from cec_ledger.domain.errors import RuleViolation

        if event_type == "EngagementOpened":
            return
        try:
            engagement["slug"] = "changed"  # type: ignore[index]
        except TypeError:
            changed = "refused"
        else:
            changed = "allowed"
        committed = sorted(a for a, e in engagement["anchors"].items() if e["since"])
        raise RuleViolation(
            f"{engagement['slug']}: committed {committed}, teams "
            f"{list(engagement['teams'])}, {len(engagement)} keys, a change {changed}"
        )


def test_history_hands_plugins_the_engagement_as_it_stood_before_each_event(
    ledger_url: str, plugins: Any
) -> None:
    """history-under-todays-rules builds the engagement a plugin reads only when it reads
    it: it must still be the read-only engagement as it stood before the event."""
    base_engagement(ledger_url)
    plugins(ReadsTheEngagement())
    outcome = invoke(ledger_url, "check", "history-under-todays-rules", "--json")
    said = [
        (f["events"], f["message"].rpartition("would refuse it: ")[2]) for f in findings_of(outcome)
    ]
    from cec_ledger.domain.state import EngagementState
    from cec_ledger.plugins.validation import engagement_view

    keys = len(engagement_view(EngagementState()))
    tail = f"{keys} keys, a change refused (plugin reads-the-engagement)"
    assert said == [
        (["maple-ridge#2"], f"maple-ridge: committed [], teams [], {tail}"),
        (["maple-ridge#3"], f"maple-ridge: committed ['board'], teams [], {tail}"),
        (["maple-ridge#4"], f"maple-ridge: committed ['board'], teams ['dlt'], {tail}"),
        (["maple-ridge#5"], f"maple-ridge: committed ['board'], teams ['dlt'], {tail}"),
    ]


def findings_of(outcome: Any) -> list[dict[str, Any]]:
    return list(outcome.json()["findings"])
