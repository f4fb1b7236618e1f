"""The plain-value facade the CLI and the TUI call: one open :class:`Ledger` and its
auditor operations (``audit``), import (``importer``) and backups (``backup``)."""

from cec_ledger.facade.ledger import Ledger, current_actor

__all__ = ["Ledger", "current_actor"]
