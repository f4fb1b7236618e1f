"""Every event class has a rule, a fold, a summary and a published schema.

Dispatch is by class (``RULES`` by class and rules epoch, ``FOLDS``, ``SUMMARIES``), so a new
event class that misses one of them fails here, by name, instead of falling back silently at
run time. Every class has a rule for epoch 1 (the frozen rules), so every epoch finds one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cec_ledger.domain.events import EVENT_TYPES, RULES_EPOCH
from cec_ledger.domain.rulebook import rule_for
from cec_ledger.domain.rules import RULES
from cec_ledger.domain.state import FOLDS
from cec_ledger.formats.schema import all_schemas, class_version
from cec_ledger.formats.summaries import SUMMARIES

EVENTS_DIR = Path(__file__).resolve().parents[1] / "events"


@pytest.mark.parametrize("name", sorted(EVENT_TYPES))
def test_each_event_class_has_rule_fold_summary_and_schema(name: str) -> None:
    cls = EVENT_TYPES[name]
    assert (cls, 1) in RULES, f"{name} has no epoch-1 rule (domain/rules_v1.py @rule)"
    assert rule_for(cls, RULES_EPOCH) is RULES.get(
        (cls, RULES_EPOCH), rule_for(cls, RULES_EPOCH - 1)
    )
    assert cls in FOLDS, f"{name} has no fold (domain/state.py @folds)"
    assert cls in SUMMARIES, f"{name} has no summary (formats/summaries.py)"
    schema_file = EVENTS_DIR / f"{name}.v{class_version(name)}.schema.json"
    assert schema_file.is_file(), f"{name} has no published schema {schema_file.name}"
    assert schema_file.name in all_schemas()


def test_registries_hold_only_event_classes() -> None:
    classes = set(EVENT_TYPES.values())
    assert {cls for cls, _epoch in RULES} == classes
    assert {epoch for _cls, epoch in RULES} == set(range(1, RULES_EPOCH + 1))
    assert set(FOLDS) == classes
    assert set(SUMMARIES) == classes
