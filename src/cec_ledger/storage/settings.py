"""The ledger's own settings table (``cec_ledger_settings``), beside eventsourcing's tables.

It holds what must travel with the ledger rather than with a user's shell: whether it is
encrypted and the fingerprint of its key. Most ledgers have no such table; reading one that
does not exist gives no settings. In-memory (POPO) persistence has no table at all.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError

SETTINGS_TABLE = "cec_ledger_settings"


def _datastore(factory: Any) -> Any:
    return getattr(factory, "datastore", None)


def _table(datastore: Any) -> str:
    schema = getattr(datastore, "schema", None)
    return f'"{schema}".{SETTINGS_TABLE}' if schema else SETTINGS_TABLE


def _placeholder(datastore: Any) -> str:
    return "?" if type(datastore).__name__.startswith("SQLite") else "%s"


def read_settings(factory: Any) -> dict[str, str]:
    """The ledger's settings ({} when the table does not exist, or without a datastore)."""
    datastore = _datastore(factory)
    if datastore is None:
        return {}
    try:
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT name, value FROM {_table(datastore)}")
            return {row["name"]: row["value"] for row in cursor.fetchall()}
    except PersistenceError:
        return {}


def write_settings(factory: Any, values: dict[str, str]) -> None:
    """Insert or replace settings, creating the table on first use, in one transaction."""
    datastore = _datastore(factory)
    if datastore is None:
        raise TypeError("this persistence module keeps no settings table")
    mark = _placeholder(datastore)
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {_table(datastore)} "
            "(name TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        for name, value in values.items():
            cursor.execute(
                f"INSERT INTO {_table(datastore)} (name, value) VALUES ({mark}, {mark}) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )
