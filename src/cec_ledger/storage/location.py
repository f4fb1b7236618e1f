"""Where the ledger lives: a path (an SQLite file, the default) or a PostgreSQL URL, turned
into eventsourcing's persistence settings.

A ledger is named by a path (an SQLite file, no server needed) or a
``postgresql://user:password@host:port/dbname[?schema=name]`` URL (a shared, multi-user
ledger). Both go through eventsourcing's own persistence modules; nothing here writes SQL for
storing events.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cec_ledger.domain.errors import NotFound
from cec_ledger.storage.encryption import check_cipher_key
from cec_ledger.storage.errors import LedgerUnavailable

APP_NAME = "cec_ledger"
DEFAULT_FILENAME = "ledger.db"
BUSY_ENV = "CEC_LEDGER_BUSY_TIMEOUT"
DEFAULT_BUSY_SECONDS = 30
# Set on every connection of a read-only PostgreSQL ledger: the server itself refuses writes.
READ_ONLY_OPTIONS = "-c default_transaction_read_only=on"


def default_ledger_path() -> Path:
    """``ledger.db`` in the user data directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("cec-ledger", appauthor=False)) / DEFAULT_FILENAME


@dataclass(frozen=True)
class LedgerLocation:
    """A parsed ledger URL."""

    backend: str  # "sqlite" | "postgres"
    path: Path | None = None
    dbname: str = ""
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    schema: str = ""

    @property
    def display(self) -> str:
        if self.backend == "sqlite":
            return str(self.path)
        schema = f"?schema={self.schema}" if self.schema else ""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}{schema}"


def parse_ledger_url(url: str | None) -> LedgerLocation:
    """Parse ``--ledger`` / ``CEC_LEDGER_URL``; None means the default SQLite file."""
    if not url:
        return LedgerLocation("sqlite", path=default_ledger_path())
    if url.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        dbname = parts.path.lstrip("/")
        if not dbname or not parts.hostname:
            raise LedgerUnavailable(f"ledger URL {url!r} needs a host and a database name")
        schema = (query.get("schema") or [""])[0]
        if schema and not schema.replace("_", "").isalnum():
            raise LedgerUnavailable(f"schema {schema!r} must be letters, digits and underscores")
        try:
            port = parts.port or 5432
        except ValueError:
            raise LedgerUnavailable(f"ledger URL {url!r} has a bad port") from None
        return LedgerLocation(
            "postgres",
            dbname=unquote(dbname),
            host=parts.hostname,
            port=port,
            user=unquote(parts.username or os.environ.get("PGUSER", "")),
            password=unquote(parts.password or os.environ.get("PGPASSWORD", "")),
            schema=schema,
        )
    if "://" in url:
        raise LedgerUnavailable(f"ledger {url!r}: use a file path or a postgresql:// URL")
    return LedgerLocation("sqlite", path=Path(url).expanduser().resolve())


def busy_seconds() -> int:
    """How long a writer waits for a locked ledger before giving up with one clear line
    (``CEC_LEDGER_BUSY_TIMEOUT``, seconds; default 30)."""
    text = os.environ.get(BUSY_ENV, "").strip()
    if not text:
        return DEFAULT_BUSY_SECONDS
    if not text.isdigit() or int(text) < 1:
        raise LedgerUnavailable(f"{BUSY_ENV}={text!r}: give a whole number of seconds (>= 1)")
    return int(text)


def eventsourcing_env(
    location: LedgerLocation, *, create: bool, read_only: bool, cipher_key: str | None = None
) -> dict[str, str]:
    """The eventsourcing settings for a ledger location."""
    env = {
        "TRANSCODER_TOPIC": "cec_ledger.storage.codec:OrjsonTranscoder",
        "MAPPER_TOPIC": "cec_ledger.storage.codec:TypedMapper",
        "CREATE_TABLE": "y" if create and not read_only else "n",
    }
    if cipher_key:
        env["CIPHER_TOPIC"] = "eventsourcing.cipher:AESCipher"
        env["CIPHER_KEY"] = check_cipher_key(cipher_key)
    # EngagementApplication.construct_factory reads this (PostgreSQL: a read-only session).
    # Always set, either way: eventsourcing also reads the process environment, so a
    # LEDGER_READ_ONLY left in a shell must not turn a writable open read-only.
    env["LEDGER_READ_ONLY"] = "y" if read_only else "n"
    busy = str(busy_seconds())
    if location.backend == "sqlite":
        assert location.path is not None
        if read_only:
            # mode=ro makes SQLite itself refuse writes: auditors cannot alter the file.
            dbname = f"file:{location.path}?mode=ro"
        else:
            dbname = str(location.path)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=dbname,
            # Concurrent writers wait for the WAL write lock instead of failing at once.
            SQLITE_LOCK_TIMEOUT=busy,
        )
    else:
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=location.dbname,
            POSTGRES_HOST=location.host,
            POSTGRES_PORT=str(location.port),
            POSTGRES_USER=location.user,
            POSTGRES_PASSWORD=location.password,
            POSTGRES_SCHEMA=location.schema,
            # An unreachable server fails within about two seconds, not five or more.
            POSTGRES_CONNECT_TIMEOUT="2",
            POSTGRES_POOL_SIZE="2",
            POSTGRES_MAX_OVERFLOW="4",
            POSTGRES_LOCK_TIMEOUT=busy,
        )
    return env


def check_exists(location: LedgerLocation) -> None:
    """Refuse to silently create a new ledger where a typo'd path points."""
    if location.backend == "sqlite":
        assert location.path is not None
        if not location.path.exists():
            raise NotFound(
                f"no ledger at {location.path}; create one with 'cec-ledger init' "
                "(or 'cec-ledger demo')"
            )
