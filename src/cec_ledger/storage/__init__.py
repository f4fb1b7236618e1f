"""Where the ledger lives: a ledger URL turned into eventsourcing settings, and orjson JSON.

A ledger is named by a path (an SQLite file, the default, no server needed) or a
``postgresql://user:password@host:port/dbname[?schema=name]`` URL (a shared, multi-user
ledger). Both go through eventsourcing's own persistence modules; this module writes no SQL
for storing events. JSON goes through eventsourcing's seams (``TRANSCODER_TOPIC`` and
``MAPPER_TOPIC``): orjson encodes and decodes, and :class:`TypedMapper` turns the plain JSON
back into the dates and decimals each event class declares, so stored events are plain JSON
that an auditor can read without this code.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin
from urllib.parse import parse_qs, unquote, urlsplit

import orjson
from eventsourcing.persistence import Mapper, MapperDeserialisationError, Transcoder
from eventsourcing.utils import resolve_topic

from cec_ledger.domain.errors import DomainError, InvalidValue, NotFound
from cec_ledger.domain.typed import coerce, field_types

APP_NAME = "cec_ledger"
DEFAULT_FILENAME = "ledger.db"
KEY_ENV = "CEC_LEDGER_KEY"
BUSY_ENV = "CEC_LEDGER_BUSY_TIMEOUT"
DEFAULT_BUSY_SECONDS = 30
# Set on every connection of a read-only PostgreSQL ledger: the server itself refuses writes.
READ_ONLY_OPTIONS = "-c default_transaction_read_only=on"


class LedgerUnavailable(DomainError):
    """The ledger cannot be opened: missing file, bad URL, server down, wrong key."""


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


def check_cipher_key(key: str) -> str:
    """A key as ``init --encrypt`` prints it (base64 of 16, 24 or 32 bytes), or one line why not."""
    import base64
    import binascii

    try:
        raw = base64.b64decode(key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in (16, 24, 32):
        raise LedgerUnavailable(
            f"{KEY_ENV} is not an AES key (expected base64 of 16, 24 or 32 bytes, as printed "
            "by 'cec-ledger init --encrypt')"
        )
    return key.strip()


def eventsourcing_env(
    location: LedgerLocation, *, create: bool, read_only: bool, cipher_key: str | None = None
) -> dict[str, str]:
    """The eventsourcing settings for a ledger location."""
    env = {
        "TRANSCODER_TOPIC": f"{__name__}:OrjsonTranscoder",
        "MAPPER_TOPIC": f"{__name__}:TypedMapper",
        "CREATE_TABLE": "y" if create and not read_only else "n",
    }
    if cipher_key:
        env["CIPHER_TOPIC"] = "eventsourcing.cipher:AESCipher"
        env["CIPHER_KEY"] = check_cipher_key(cipher_key)
    if read_only:
        # EngagementApplication.construct_factory reads this (PostgreSQL: a read-only session).
        env["LEDGER_READ_ONLY"] = "y"
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
            POSTGRES_CONNECT_TIMEOUT="5",
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


# ---------------------------------------------------------------------- JSON
def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot store {type(value).__name__} in an event")


def dumps(value: Any) -> bytes:
    """orjson with decimals as exact strings; keys sorted so bytes are stable."""
    return orjson.dumps(value, default=_default, option=orjson.OPT_SORT_KEYS)


class OrjsonTranscoder(Transcoder):
    """Plain JSON via orjson: dates and datetimes as ISO 8601, decimals as strings."""

    def encode(self, obj: Any) -> bytes:
        try:
            return dumps(obj)
        except orjson.JSONEncodeError as error:
            # Before anything is written: e.g. a number beyond 64 bits typed or imported.
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "bad value"
            if "64-bit" in reason:
                reason = "a whole number in it is too large (more than 64 bits)"
            raise InvalidValue(f"cannot store this event: {reason}; nothing was written") from None

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


@functools.cache
def _converters(cls: type) -> tuple[tuple[str, Any], ...]:
    """Per event class, the fields whose JSON form differs from their Python type."""
    converters = []
    for name, hint in field_types(cls).items():
        if name in ("originator_id", "originator_version"):
            continue
        if _is_plain_json(hint):
            continue
        if hint is date:
            converters.append((name, date.fromisoformat))
        elif hint is datetime:
            converters.append((name, datetime.fromisoformat))
        else:
            converters.append((name, functools.partial(_coerce_field, hint, name)))
    return tuple(converters)


def _coerce_field(hint: Any, name: str, value: Any) -> Any:
    return coerce(hint, value, name)


def _is_plain_json(hint: Any) -> bool:
    if hint in (str, int, bool, Any):
        return True
    origin = get_origin(hint)
    if origin in (list, dict):
        return all(_is_plain_json(arg) or arg is str for arg in get_args(hint))
    args = get_args(hint)
    return bool(args) and all(arg in (str, int, type(None)) for arg in args)


class TypedMapper(Mapper):
    """eventsourcing's mapper, plus typed fields restored from their JSON form."""

    def to_domain_event(self, stored_event: Any) -> Any:
        try:
            event = super().to_domain_event(stored_event)
        except MapperDeserialisationError:
            raise LedgerUnavailable(self.explain_unreadable(stored_event)) from None
        cls = type(event)
        state = event.__dict__
        try:
            for name, convert in _converters(cls):
                value = state.get(name)
                if (
                    value is not None and not isinstance(value, date | Decimal | list | dict)
                ) or isinstance(value, list | dict):
                    state[name] = convert(value)
        except (ValueError, DomainError) as error:
            raise MapperDeserialisationError(
                f"stored event {stored_event.originator_id} v{stored_event.originator_version} "
                f"has a bad field: {error}"
            ) from error
        return event

    def explain_unreadable(self, stored_event: Any) -> str:
        """One line on why a stored event cannot be read: the key is missing, wrong or not
        needed (the events are plaintext), or the stored bytes were damaged."""
        where = f"stored event {stored_event.originator_id} v{stored_event.originator_version}"
        state = bytes(stored_event.state)
        plaintext = is_plaintext(state)
        if self.cipher is None:
            if plaintext:
                return f"{where} is not valid JSON (damaged? run 'cec-ledger verify')"
            return (
                f"this ledger is encrypted: set {KEY_ENV} to its key to read it "
                "('cec-ledger verify' works without the key)"
            )
        if plaintext:
            return (
                f"this ledger's events are not encrypted, but {KEY_ENV} is set: unset it to "
                "read them (an encrypted ledger starts empty: 'cec-ledger init --encrypt')"
            )
        return (
            f"{KEY_ENV} does not decrypt {where}: wrong key (or the stored bytes were "
            "changed; run 'cec-ledger verify')"
        )


# ---------------------------------------------------------------------- view encryption
VIEW_CIPHER_PREFIX = "cec-enc-v1:"


def encrypt_view_text(cipher: Any, text: str) -> str:
    """A view column (a timeline row's JSON, an engagement's state JSON) encrypted with the
    ledger's own cipher (``app.mapper.cipher``), as text for a TEXT column. With no cipher
    (an unencrypted ledger) the text is returned unchanged."""
    if cipher is None:
        return text
    import base64

    return VIEW_CIPHER_PREFIX + base64.b64encode(cipher.encrypt(text.encode())).decode("ascii")


def decrypt_view_text(cipher: Any, text: str) -> str:
    """The inverse of :func:`encrypt_view_text`; plaintext columns pass through, so views
    written before encryption was turned on (or by an unencrypted ledger) still read."""
    if not text.startswith(VIEW_CIPHER_PREFIX):
        return text
    if cipher is None:
        raise LedgerUnavailable(
            f"this ledger's views are encrypted: set {KEY_ENV} to its key to read them"
        )
    import base64

    try:
        raw = cipher.decrypt(base64.b64decode(text[len(VIEW_CIPHER_PREFIX) :]))
    except ValueError:
        raise LedgerUnavailable(
            f"{KEY_ENV} does not decrypt this ledger's views: wrong key (or a changed view "
            "row; 'cec-ledger rebuild' rewrites the views from the events)"
        ) from None
    return raw.decode()


def is_plaintext(state: bytes) -> bool:
    """True when stored event state is plain JSON (an unencrypted ledger)."""
    try:
        return isinstance(orjson.loads(state), dict)
    except orjson.JSONDecodeError:
        return False


def event_class(topic: str) -> type:
    """The event class for a stored topic (used by projections and verify)."""
    return resolve_topic(topic)
