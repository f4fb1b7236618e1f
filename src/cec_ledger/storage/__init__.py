"""Storage: where a ledger lives and how its bytes are kept.

``location`` (path or URL -> eventsourcing settings), ``codec`` (orjson and typed decoding
through eventsourcing's seams), ``settings`` (the ledger's own settings table),
``encryption`` (keys, fingerprints, the view cipher, ``init --encrypt``), ``locks`` (locked
and refused writes as one line). Nothing above this package writes SQL for events.
"""

from cec_ledger.storage.errors import LedgerUnavailable
from cec_ledger.storage.location import (
    BUSY_ENV,
    LedgerLocation,
    busy_seconds,
    check_exists,
    default_ledger_path,
    eventsourcing_env,
    parse_ledger_url,
)

__all__ = [
    "BUSY_ENV",
    "LedgerLocation",
    "LedgerUnavailable",
    "busy_seconds",
    "check_exists",
    "default_ledger_path",
    "eventsourcing_env",
    "parse_ledger_url",
]
