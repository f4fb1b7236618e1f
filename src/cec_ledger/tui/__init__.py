"""The terminal UI (``cec-ledger tui``): browse engagements and their timelines, log events.

Only the CLI command and tests import this package, so ``textual`` loads only for them.
"""

from cec_ledger.tui.app import CecLedgerApp, build_app

__all__ = ["CecLedgerApp", "build_app"]
