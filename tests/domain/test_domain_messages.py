"""Every refusal's exact one-line message, word for word.

The refusal tables (test_domain_refusals.py, test_domain_cec_model.py) check the exception
class and a fragment a consultant can act on. The message is part of the behaviour (the CLI
prints it as the one line of its error, and a consultant acts on it), so here each case's
whole message is compared with the one recorded in ``refusal_messages.json``: a rule that
names the wrong field, drops a value from its message or swaps one word for another fails.

After changing a message on purpose, re-record the file and review its diff:

    CEC_RECORD_REFUSAL_MESSAGES=1 .venv/bin/python -m pytest tests/domain/test_domain_messages.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from cec_ledger.domain.engagement import Engagement
from tests.domain import test_domain_cec_model as cec_model
from tests.domain import test_domain_refusals as refusals
from tests.domain.builders import ACTOR, TODAY, build, fields

RECORDED = Path(__file__).with_name("refusal_messages.json")
RECORDING = os.environ.get("CEC_RECORD_REFUSAL_MESSAGES") == "1"


def _cases() -> list[Any]:
    out = []
    for table, params in (("refusals", refusals.CASES), ("cec-model", cec_model.CASES)):
        for param in params:
            setup, event_type, changes, _error, _fragment = param.values
            out.append(pytest.param(table, setup, event_type, changes, id=f"{table}:{param.id}"))
    for param in refusals.OPEN_CASES:
        changes, _error, _fragment = param.values
        out.append(
            pytest.param("opening", (), "EngagementOpened", changes, id=f"opening:{param.id}")
        )
    return out


CASES = _cases()


def command(table: str, event_type: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The fields each table's own test sends."""
    if table in ("refusals", "opening"):
        return refusals.command_fields(event_type, changes)
    return {**fields(event_type), **changes}


def refusal(table: str, setup: tuple, event_type: str, changes: dict[str, Any]) -> str:
    """``ExceptionClass: message`` of the refused command (``accepted`` if it was not)."""
    try:
        if table == "opening" or (table == "cec-model" and event_type == "EngagementOpened"):
            Engagement.open(command(table, event_type, changes), recorded_by=ACTOR, today=TODAY)
        else:
            engagement = build(setup)
            engagement.record(
                event_type, command(table, event_type, changes), recorded_by=ACTOR, today=TODAY
            )
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "accepted"


def _recorded() -> dict[str, str]:
    return json.loads(RECORDED.read_text()) if RECORDED.exists() else {}


@pytest.mark.skipif(not RECORDING, reason="only when re-recording the messages")
def test_record_the_messages() -> None:
    messages = {param.id: refusal(*param.values) for param in CASES if param.id is not None}
    RECORDED.write_text(json.dumps(messages, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


@pytest.mark.parametrize(("table", "setup", "event_type", "changes"), CASES)
def test_the_message_is_word_for_word_the_recorded_one(
    request: pytest.FixtureRequest,
    table: str,
    setup: tuple,
    event_type: str,
    changes: dict[str, Any],
) -> None:
    case_id = request.node.callspec.id
    expected = _recorded().get(case_id)
    assert expected is not None, f"{case_id} has no recorded message: re-record (see top)"
    assert refusal(table, setup, event_type, changes) == expected


def test_every_recorded_message_has_its_case() -> None:
    assert set(_recorded()) == {param.id for param in CASES}
