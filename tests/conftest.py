"""Fixtures shared by every test: the two ledger backends and an isolated environment.

Backends. A test that takes ``ledger_url`` runs twice, with ids ``[sqlite]`` and ``[postgres]``:

* ``sqlite``: ``str(tmp_path / "ledger.db")``, a file that does not exist yet;
* ``postgres``: ``<CEC_TEST_POSTGRES_URL>?schema=t_<16 hex>``, a fresh, empty schema created
  for this test in the test database and dropped (CASCADE) after it. The ledger's URL parser
  reads ``schema`` and hands it to eventsourcing as ``POSTGRES_SCHEMA``.

``sqlite_url`` and ``postgres_url`` give one backend each, for backend-specific tests. Every
PostgreSQL test also gets the ``postgres`` marker, so ``-m "not postgres"`` leaves them out.

``make test`` starts the server (``scripts/postgres.sh``) and sets ``CEC_TEST_POSTGRES_URL``.
Without that variable the PostgreSQL tests skip, except under ``CI=true``, where they fail:
in CI the PostgreSQL tests never skip.

``env_isolation`` (autouse) removes every ``CEC_LEDGER_*`` variable (``CEC_LEDGER_URL``,
``CEC_LEDGER_ACTOR``, ``CEC_LEDGER_KEY``...), eventsourcing's and libpq's settings, and points ``HOME`` and the ``XDG_*`` directories
into ``tmp_path``, so no test reads or writes the user's real ledger or settings.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

# Fixture packages (a plugin written against an older API) carry their own tests; a test
# installs and runs them on purpose, the main collection must not import them.
collect_ignore = ["fixtures"]

POSTGRES_URL_ENV = "CEC_TEST_POSTGRES_URL"

_BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def is_ci(environ: Mapping[str, str]) -> bool:
    """True when running under CI (``CI=true``, or ``1``/``yes``)."""
    return environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def postgres_action(environ: Mapping[str, str]) -> Literal["run", "skip", "fail"]:
    """What a PostgreSQL test does: run with the URL, skip (no URL, local) or fail (no URL, CI)."""
    if environ.get(POSTGRES_URL_ENV, "").strip():
        return "run"
    return "fail" if is_ci(environ) else "skip"


def require_postgres_url(environ: Mapping[str, str]) -> str:
    """The server URL from the environment, or skip / fail the calling test."""
    action = postgres_action(environ)
    if action == "fail":
        pytest.fail(
            f"{POSTGRES_URL_ENV} is not set and CI=true: PostgreSQL tests never skip in CI. "
            "Run the tests with `make test` (it starts scripts/postgres.sh and sets the URL).",
            pytrace=False,
        )
    if action == "skip":
        pytest.skip(f"{POSTGRES_URL_ENV} is not set (use `make test` to run PostgreSQL tests)")
    return environ[POSTGRES_URL_ENV].strip()


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``schema=<schema>`` in its query string (replacing any earlier one)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"] + [("schema", schema)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def connect(url: str):  # -> psycopg.Connection
    """An autocommit psycopg connection to ``url`` (any ``schema`` query parameter ignored)."""
    import psycopg  # imported here so sqlite-only runs never load it

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "schema"]
    conninfo = urlunsplit(parts._replace(query=urlencode(query)))
    try:
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        pytest.fail(
            f"cannot connect to {POSTGRES_URL_ENV} ({parts.hostname}:{parts.port}): "
            f"{first_line}. Is the server running? (scripts/postgres.sh start)",
            pytrace=False,
        )


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """Create schema ``t_<hex>`` in ``base_url``'s database; yield its URL; drop it after."""
    from psycopg import sql

    schema = f"t_{secrets.token_hex(8)}"
    with connect(base_url) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield with_schema(base_url, schema)
    finally:
        with connect(base_url) as conn:
            # A connection the test left inside a transaction would block the drop forever.
            conn.execute("SET lock_timeout = '10s'")
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def _backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "ledger.db")
    else:
        with postgres_schema(require_postgres_url(os.environ)) as url:
            yield url


@pytest.fixture(params=_BACKENDS)
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty ledger location on each backend: ids ``sqlite`` and ``postgres``."""
    yield from _backend_url(request.param, tmp_path)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite ledger path inside ``tmp_path`` (the file does not exist yet)."""
    yield from _backend_url("sqlite", tmp_path)


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL ledger URL, ``<server url>?schema=t_<hex>``, dropped afterwards."""
    yield from _backend_url("postgres", tmp_path)


# Removed by env_isolation: the ledger's own settings; eventsourcing's settings, which it also
# reads from os.environ (PERSISTENCE_MODULE, SQLITE_*, POSTGRES_*...); libpq's PG* defaults.
_ISOLATED_PREFIXES = (
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


def isolate_environment(monkeypatch: pytest.MonkeyPatch, base: Path) -> Path:
    """Remove the variables above; put ``HOME`` and ``XDG_*`` under ``base``. Returns HOME."""
    for name in list(os.environ):
        if name.startswith(_ISOLATED_PREFIXES):
            monkeypatch.delenv(name)
    home = base / "_home"
    home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    for name, sub in [
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ]:
        monkeypatch.setenv(name, str(home / sub))
    return home


@pytest.fixture(autouse=True)
def env_isolation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No ``CEC_LEDGER_*`` (nor eventsourcing/libpq) variables; ``HOME`` and ``XDG_*`` inside
    ``tmp_path`` (HOME is ``tmp_path / "_home"``, returned)."""
    return isolate_environment(monkeypatch, tmp_path)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that use ``postgres_url`` as ``postgres`` (``ledger_url`` marks its own)."""
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
