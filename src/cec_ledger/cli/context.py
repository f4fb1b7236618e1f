"""The ledger a command works on, opened on first use so ``--help`` never touches storage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cec_ledger.facade.ledger import Ledger


class CommandContext:
    """Global options (--ledger, --actor, --read-only) and the lazily opened Ledger."""

    def __init__(self, url: str | None, actor: str | None, read_only: bool) -> None:
        self.url = url
        self.actor = actor
        self.read_only = read_only
        self._ledger: Ledger | None = None

    def ledger(self, *, create: bool = False) -> Ledger:
        if self._ledger is None:
            # lazy: the facade loads eventsourcing and the storage drivers
            from cec_ledger.facade.ledger import Ledger  # lazy: --help opens no ledger

            self._ledger = Ledger.open(
                self.url, actor=self.actor, read_only=self.read_only, create=create
            )
            if self._ledger.views_problem:
                click.echo(
                    f"warning: {self._ledger.views_problem} (until then commands read the events)",
                    err=True,
                )
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None
