"""The plain-value facade that the CLI and the TUI both call.

Everything that crosses this boundary is plain data: strings, numbers, ISO dates, lists and
dicts that ``orjson`` can print. Engagements are addressed by slug or id. Errors are
:class:`~cec_ledger.domain.errors.DomainError` subclasses with one-line messages; storage
failures are turned into :class:`~cec_ledger.storage.LedgerUnavailable`.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from cec_ledger.application import EngagementApplication
from cec_ledger.domain.engagement import engagement_id
from cec_ledger.domain.errors import (
    DomainError,
    InvalidValue,
    NotFound,
    ReadOnlyLedger,
    os_failure,
)
from cec_ledger.facade.model import ModelSide
from cec_ledger.facade.reads import ReadSide
from cec_ledger.facade.writes import WriteSide
from cec_ledger.plugins.validation import plugin_validator
from cec_ledger.projections.projector import Projector, ViewsOutOfStep, views_format
from cec_ledger.storage.encryption import KEY_ENV, Encrypted, check_cipher_key, make_encrypted
from cec_ledger.storage.errors import LedgerUnavailable
from cec_ledger.storage.files import sqlite_file_problem
from cec_ledger.storage.location import (
    LedgerLocation,
    check_exists,
    eventsourcing_env,
    parse_ledger_url,
)
from cec_ledger.storage.locks import is_locked, write_refused


def current_actor(actor: str | None = None) -> str:
    """``--actor``, else ``CEC_LEDGER_ACTOR``, else the OS user."""
    if actor and actor.strip():
        return actor.strip()
    from_env = os.environ.get("CEC_LEDGER_ACTOR", "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class Ledger(ReadSide, ModelSide, WriteSide):
    """An open ledger. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, app: Any, location: LedgerLocation, actor: str, read_only: bool):
        self.app = app
        self.location = location
        self.actor = actor
        self.read_only = read_only
        # The recorded time of new events. Only the demo builder replaces it (to record a
        # two-year engagement as if it had been logged as it happened).
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._slugs: dict[UUID, str] = {}
        # Why the views could not be caught up (None: they could), for the CLI to say once.
        self.views_problem: str | None = None

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        actor: str | None = None,
        read_only: bool = False,
        create: bool = False,
    ) -> Ledger:
        """Open the ledger at ``url`` (a path or postgresql:// URL; None: the default file).

        ``create`` makes a new ledger where none exists; otherwise a missing SQLite file is
        an error, so a mistyped path never silently starts an empty ledger.
        """

        location = parse_ledger_url(url)
        if location.backend == "sqlite":
            assert location.path is not None
            if location.path.is_dir():
                raise LedgerUnavailable(
                    f"{location.path} is a directory, not a ledger file (give a file path, "
                    f"e.g. {location.path / 'ledger.db'})"
                )
            if create and not read_only:
                try:
                    location.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise os_failure(
                        error, f"cannot create the directory {location.path.parent}"
                    ) from None
            else:
                check_exists(location)
        env = eventsourcing_env(
            location,
            create=create,
            read_only=read_only,
            cipher_key=os.environ.get(KEY_ENV) or None,
        )
        try:
            app = EngagementApplication(env=env, validator=plugin_validator)
            if location.backend == "postgres" and not create:
                app.recorder.max_notification_id()  # fail now if the tables are missing
        except DomainError:
            raise
        except Exception as error:
            if location.backend == "sqlite":
                problem = sqlite_file_problem(location, create=create and not read_only)
                if problem is not None:
                    raise problem from None
                refused = write_refused(error)
                if refused is not None:
                    raise refused from None
            raise LedgerUnavailable(
                f"cannot open ledger {location.display}: {_first_line(error)}"
            ) from None
        ledger = cls(app, location, current_actor(actor), read_only)
        ledger._attach_projector()
        return ledger

    @classmethod
    def init_encrypted(
        cls, url: str | None, *, actor: str | None = None, read_only: bool = False
    ) -> Encrypted:
        """``init --encrypt``: make a new (empty) ledger encrypted with the key in
        ``CEC_LEDGER_KEY``, or a generated one (returned, to be shown once); confirm a ledger
        already encrypted with that key. The ledger is looked at without the key first, so
        an existing one is never read with a key that is not its own."""
        if read_only:
            raise ReadOnlyLedger("init --encrypt writes to the ledger; open it without --read-only")
        given = os.environ.pop(KEY_ENV, None)
        try:
            key = check_cipher_key(given) if given else None
            ledger = cls.open(url, actor=actor, create=True)
            try:
                done = make_encrypted(
                    ledger.app, ledger.location.display, ledger.event_count(), key
                )
                ledger.app.reload_settings()
            finally:
                ledger.close()
        finally:
            if given is not None:
                os.environ[KEY_ENV] = given
        return done

    def _attach_projector(self) -> None:
        """Views follow every save; a writable ledger catches up at once if it lags, and
        rebuilds its views once when the event classes' versions changed (an upgrade)."""

        try:
            self.projector: Any = Projector(self.app)
            lag = self.projector.lag()
            current_format = self.projector.views.max_tracking_id(views_format()) is not None
        except Exception:
            if not self.read_only:
                raise
            self.projector, self.views_current = None, False
            return
        if self.read_only:
            # An auditor cannot write views; stale or outdated views are not trusted.
            self.views_current = lag == 0 and current_format
            return
        self.app.after_save.append(self._catch_up)
        self.views_current = True
        if not current_format:
            self._upgrade_views()
        elif lag:
            self._catch_up()

    def _catch_up(self) -> None:
        """Bring the views up to the log; if another writer holds the lock past the busy
        timeout, read from the events instead and leave the catch-up to the next command
        (the event itself is already saved: failing the command now would misreport it)."""

        try:
            self.projector.catch_up()
        except ViewsOutOfStep as error:
            # Rows left past their position (a file edited by hand): the events are intact,
            # so reads come from them, and `rebuild` (which empties the views) can still run.
            self.views_current, self.views_problem = False, str(error)
        except Exception as error:
            # Another writer holding the lock, or a SELECT-only role (an auditor who forgot
            # --read-only) that cannot write views: read from the events instead.
            if not is_locked(error) and write_refused(error) is None:
                raise
            self.views_current = False

    def _upgrade_views(self) -> None:
        """Rows projected with older event classes have an older shape: rebuild them once."""

        try:
            if self.event_count():
                self.projector.rebuild()
            self.projector.views.insert_tracking(Tracking(views_format(), 1))
        except Exception as error:
            if write_refused(error) is None:
                raise
            self.views_current = False  # a read-only role: read from the events

    @property
    def views(self) -> Any:
        return self.projector.views

    def close(self) -> None:
        self.app.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def today(self) -> date:
        return self.clock().date()

    # ------------------------------------------------------------------ addressing
    def resolve(self, ref: str) -> UUID:
        """An engagement's id from its slug or id."""
        ref = (ref or "").strip()
        if not ref:
            raise InvalidValue("which engagement? give its slug or id")
        try:
            candidate = UUID(ref)
        except ValueError:
            candidate = engagement_id(ref)
        if not list(self.app.events.get(candidate, lte=1)):
            raise NotFound(f"unknown engagement {ref!r} (see 'cec-ledger engagement list')")
        return candidate

    def slug_of(self, engagement: UUID) -> str:
        if engagement not in self._slugs:
            opened = list(self.app.events.get(engagement, lte=1))
            if not opened:
                raise NotFound(f"unknown engagement {engagement}")
            self._slugs[engagement] = opened[0].slug
        return self._slugs[engagement]


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
