"""What the facade's read and write halves share: the open ledger's attributes and the
addressing methods :class:`~cec_ledger.facade.ledger.Ledger` provides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID


class LedgerPart:
    """A half of the facade, mixed into ``Ledger``, which sets these and defines the methods."""

    app: Any
    views: Any
    views_current: bool
    actor: str
    read_only: bool
    clock: Callable[[], datetime]
    _slugs: dict[UUID, str]

    def resolve(self, ref: str) -> UUID:  # pragma: no cover - provided by Ledger
        raise NotImplementedError

    def slug_of(self, engagement: UUID) -> str:  # pragma: no cover - provided by Ledger
        raise NotImplementedError

    def today(self) -> date:  # pragma: no cover - provided by Ledger
        raise NotImplementedError
