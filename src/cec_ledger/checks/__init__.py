"""``cec-ledger check``: named integrity checks of the log and the engagements.

hledger's ``check`` is the model: named checks, a default set, each check documented, one line
per finding and a non-zero exit when an error is found. Each check lives in a module of this
package with its doc as its docstring (``integrity``: chain, seal, schema; ``plan``: the
services plan; ``delivery``: targeted support; ``progress``: structures and momentum;
``history``: older history under today's rules); plugins add checks through
``cec_ledger_register_checks``. ``runner.run_checks`` runs them; ``settings`` says where
thresholds and the default set come from; ``reference`` writes their docs into
docs/auditors.md.

The package is its own layer, between the facade and ``rendering`` (pyproject's import
contracts): it takes an open ``Ledger``, reuses ``facade.audit.verify`` for ``chain`` and
``seal`` and reads each engagement's events from the event store once, shared by every
check; the CLI, the TUI's checks screen and ``report`` show its plain findings.
"""

from cec_ledger.checks.model import ERROR, WARNING, Check, EventRef, Finding
from cec_ledger.checks.runner import CheckRun, all_checks, load_settings, run_checks

__all__ = [
    "ERROR",
    "WARNING",
    "Check",
    "CheckRun",
    "EventRef",
    "Finding",
    "all_checks",
    "load_settings",
    "run_checks",
]
