"""The domain tier's fixtures: pure in-memory tests that touch no files."""

from __future__ import annotations

import os

import pytest

# The variables tests/conftest.py removes: the ledger's, eventsourcing's (the application reads
# PERSISTENCE_MODULE, CIPHER_*... from os.environ too) and libpq's.
ISOLATED_PREFIXES = (
    "CEC_LEDGER_",
    "PERSISTENCE_MODULE",
    "INFRASTRUCTURE_FACTORY",
    "SQLITE_",
    "POSTGRES_",
    "CIPHER_",
    "COMPRESSOR_TOPIC",
    "TRANSCODER_TOPIC",
    "MAPPER_TOPIC",
    "IS_SNAPSHOTTING_ENABLED",
    "PG",
)


@pytest.fixture(autouse=True)
def env_isolation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Overrides the suite-wide fixture of the same name: the same variables removed, but no
    HOME in a fresh ``tmp_path`` per test (nothing here reads or writes files, and making
    hundreds of directories would cost more than the tests themselves)."""
    for name in list(os.environ):
        if name.startswith(ISOLATED_PREFIXES):
            monkeypatch.delenv(name)
