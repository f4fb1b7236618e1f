"""The CEC services catalogue and the rules of delivering it (plugin ``cec-ledger-services``).

The entries are data, in ``catalogue.py`` beside this module: what the CEC services
catalogue publishes about each of its services, and the Theory of Action's Step 1
programmes. Their rules (``rules.py``) judge sessions, plan lines, transfers and outcomes
recorded under rules epoch 3 or later: unknown services, the two series' parts, cohorts,
lengths, participant limits and Session Two, targeted support before any plan, and the
price rules of plan lines. Disabling this plugin disables those rules (and plan lines get
the price rule "unknown"): the core's rules still run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cec_ledger.bundled.services import rules
from cec_ledger.bundled.services.catalogue import CATALOGUE
from cec_ledger.plugins import hookimpl

__all__ = ["CATALOGUE", "cec_ledger_register_services", "cec_ledger_validate_event"]


@hookimpl
def cec_ledger_register_services(register: Callable[..., None]) -> None:
    for service in CATALOGUE:
        register(service)


@hookimpl
def cec_ledger_validate_event(
    event_type: str, fields: dict[str, Any], engagement: dict[str, Any]
) -> None:
    rules.validate(event_type, fields, engagement)
