"""The plain-value facade that the CLI and the TUI both call.

Everything that crosses this boundary is plain data: strings, numbers, ISO dates, lists and
dicts that ``orjson`` can print. Engagements are addressed by slug or id. Errors are
:class:`~cec_ledger.domain.errors.DomainError` subclasses with one-line messages; storage
failures are turned into :class:`~cec_ledger.storage.LedgerUnavailable`.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from cec_ledger.application import EngagementApplication
from cec_ledger.domain.engagement import engagement_id
from cec_ledger.domain.errors import DomainError, InvalidValue, NotFound, ReadOnlyLedger
from cec_ledger.domain.events import EVENT_TYPES, payload_fields
from cec_ledger.domain.typed import coerce, field_types
from cec_ledger.facade.importer import import_lines
from cec_ledger.facade.reads import ReadSide
from cec_ledger.formats.dates import parse_date
from cec_ledger.formats.lines import event_id, plain, to_line
from cec_ledger.plugins.frameworks import get_framework
from cec_ledger.plugins.validation import plugin_validator
from cec_ledger.projections.projector import Projector, views_format
from cec_ledger.storage.encryption import KEY_ENV, Encrypted, check_cipher_key, make_encrypted
from cec_ledger.storage.errors import LedgerUnavailable
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


class Ledger(ReadSide):
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
            if create and not read_only:
                location.path.parent.mkdir(parents=True, exist_ok=True)
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

    # ------------------------------------------------------------------ commands
    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyLedger("the ledger is open read-only (auditor mode); nothing was written")

    def prepare(self, event_type: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Fill defaults and turn typed-in strings into the field types of ``event_type``."""
        if event_type not in EVENT_TYPES:
            raise InvalidValue(f"unknown event type {event_type!r}")
        hints = field_types(EVENT_TYPES[event_type])
        unknown = sorted(set(fields) - set(payload_fields(event_type)))
        if unknown:
            raise InvalidValue(f"{event_type} has no field {', '.join(unknown)}")
        prepared: dict[str, Any] = {}
        for name in payload_fields(event_type):
            if name == "recorded_by":
                continue
            value = fields.get(name)
            if name == "occurred_on":
                prepared[name] = parse_date(
                    value if value is not None else "today", today=self.today(), what="date"
                )
                continue
            if value is None:
                value = _empty(hints[name])
            prepared[name] = coerce(hints[name], value, name)
        return prepared

    def open_engagement(self, **fields: Any) -> dict[str, Any]:
        """Open an engagement; returns the EngagementOpened event as plain values."""
        self._writable()
        prepared = self.prepare("EngagementOpened", fields)
        event = self.app.open_engagement(
            prepared, recorded_by=self.actor, today=self.today(), timestamp=self.clock()
        )
        return to_line(event, event.slug)

    def record(self, engagement: str, event_type: str, **fields: Any) -> dict[str, Any]:
        """Record one event of ``event_type`` on an engagement (slug or id)."""
        self._writable()
        if event_type == "EngagementOpened":
            return self.open_engagement(**fields)
        target = self.resolve(engagement)
        prepared = self.prepare(event_type, fields)
        event = self.app.record(
            target,
            event_type,
            prepared,
            recorded_by=self.actor,
            today=self.today(),
            timestamp=self.clock(),
        )
        return to_line(event, self.slug_of(target))

    def diagnose(
        self,
        engagement: str,
        *,
        framework_id: str,
        ratings: dict[str, Any],
        evidence: dict[str, str] | None = None,
        assessors: Iterable[str] = (),
        occurred_on: str | date | None = None,
    ) -> dict[str, Any]:
        """Record a diagnosis validated by its framework plugin (readiness and GANs computed)."""

        self._writable()
        framework = get_framework(framework_id)
        normalised = framework.validate_ratings(ratings)
        baseline = framework.readiness_baseline(normalised) or {}
        score = baseline.get("score")
        return self.record(
            engagement,
            "NeedsDiagnosed",
            framework_id=framework.id,
            framework_version=framework.version,
            ratings=normalised,
            evidence=dict(evidence or {}),
            assessors=list(assessors),
            readiness_score=None if score is None else Decimal(str(round(score, 4))),
            readiness_label=baseline.get("label"),
            greatest_areas_of_need=list(framework.greatest_areas_of_need(normalised)),
            occurred_on=occurred_on,
        )

    def change_plan(
        self,
        engagement: str,
        *,
        reason: str,
        occurred_on: str | date | None = None,
        emphasis: str | None = None,
        kind: str | None = None,
        goals: list[str] | None = None,
        add_goals: Iterable[str] = (),
        add_services: Iterable[dict[str, Any]] = (),
        remove_services: Iterable[str] = (),
        gans_addressed: list[str] | None = None,
    ) -> dict[str, Any]:
        """Change the services plan: the new plan is the current one with these changes."""
        self._writable()
        state = self.app.get_engagement(self.resolve(engagement)).state
        if state.plan is None:
            # Let the domain rule produce its message for a consistent error.
            current: dict[str, Any] = {
                "emphasis": "culture",
                "kind": "support",
                "goals": [],
                "services": [],
                "gans_addressed": [],
            }
        else:
            current = state.plan
        removing = set(remove_services)
        known = {s["service_id"] for s in current["services"]}
        missing = sorted(removing - known)
        if missing:
            raise NotFound(f"the plan has no service {', '.join(missing)} to remove")
        services = [plain(s) for s in current["services"] if s["service_id"] not in removing]
        replacing = {s["service_id"] for s in add_services}
        services = [s for s in services if s["service_id"] not in replacing]
        services.extend(add_services)
        return self.record(
            engagement,
            "PlanChanged",
            reason=reason,
            emphasis=emphasis or current["emphasis"],
            kind=kind or current["kind"],
            goals=(goals if goals is not None else list(current["goals"])) + list(add_goals),
            services=services,
            gans_addressed=(
                gans_addressed if gans_addressed is not None else list(current["gans_addressed"])
            ),
            occurred_on=occurred_on,
        )

    def correct(
        self,
        engagement: str,
        *,
        event: str | int,
        reason: str,
        fields: dict[str, Any],
        occurred_on: str | date | None = None,
    ) -> dict[str, Any]:
        """Correct an earlier event by its version (``12``, ``slug#12``) or event id."""
        self._writable()
        target = self.resolve(engagement)
        version = self._event_version(target, event)
        events = self.app.engagement_events(target)
        if version > len(events):
            raise NotFound(
                f"engagement {self.slug_of(target)!r} has no event #{version} to correct"
            )
        return self.record(
            engagement,
            "EventCorrected",
            corrects_version=version,
            corrects_type=type(events[version - 1]).__name__,
            reason=reason,
            corrected_fields=fields,
            occurred_on=occurred_on,
        )

    def _event_version(self, engagement: UUID, ref: str | int) -> int:
        if isinstance(ref, int):
            return ref
        text = str(ref).strip().rsplit("#", 1)[-1]
        if text.isdigit():
            return int(text)
        try:
            wanted = UUID(text)
        except ValueError:
            raise InvalidValue(f"event {ref!r}: give its number (12, slug#12) or its id") from None
        for event in self.app.engagement_events(engagement):
            if event_id(engagement, event.originator_version) == wanted:
                return event.originator_version
        raise NotFound(f"no event with id {wanted} in engagement {self.slug_of(engagement)!r}")

    # ------------------------------------------------------------------ queries
    def import_lines(
        self, lines: Iterable[bytes | str], progress: Callable[[int], None] | None = None
    ) -> dict[str, Any]:
        """Import a JSONL export: every line checked first, then all written or nothing."""

        self._writable()
        report = import_lines(self.app, lines, today=self.today(), progress=progress)
        return report.as_dict()


def _empty(hint: Any) -> Any:
    """The default for a field the user left out: None, '' or an empty list/dict."""
    text = str(hint)
    if "None" in text:
        return None
    if text.startswith("list"):
        return []
    if text.startswith("dict"):
        return {}
    if hint is str:
        return ""
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
