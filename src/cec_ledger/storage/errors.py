"""The one storage error users see: a ledger that cannot be opened or written."""

from __future__ import annotations

from cec_ledger.domain.errors import DomainError


class LedgerUnavailable(DomainError):
    """The ledger cannot be opened: missing file, bad URL, server down, wrong key."""
