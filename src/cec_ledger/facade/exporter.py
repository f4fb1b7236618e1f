"""``export``: verify the hash chain first, then write every event, and seal what was written.

An export is how history leaves the ledger, so it must not launder tampering: a ledger whose
chain fails verification is refused (one line naming the first bad event). ``unverified``
exports it anyway, and the file's first line then says so (``UNVERIFIED_KEY``): ``import``
refuses such a file unless told ``accept_unverified``, and older versions refuse it too (the
line is not an event). The seal of what was written (position and chain link of the last
event, computed while writing) lets the file be matched later to a seal kept elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cec_ledger.domain.errors import RuleViolation
from cec_ledger.facade.audit import verify
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.lines import UNVERIFIED_KEY, to_line
from cec_ledger.projections.chain import GENESIS, format_seal, link_of


@dataclass
class Export:
    """What an export wrote: the lines (a generator, consumed once), then its figures."""

    verified: bool
    problem: str | None
    marker: dict[str, Any] | None
    lines: Iterator[dict[str, Any]] = field(default_factory=lambda: iter(()))
    events: int = 0
    position: int = 0
    link: str = GENESIS

    @property
    def seal(self) -> str | None:
        return format_seal(self.position, self.link) if self.events else None

    def summary(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "position": self.position,
            "seal": self.seal,
            "verified": self.verified,
            "problem": self.problem,
        }


def export(ledger: Ledger, *, unverified: bool = False) -> Export:
    """Verify, then hand out the lines to write (``Export.lines``); raise when verification
    fails and ``unverified`` was not asked for."""
    report = verify(ledger)
    if not report["ok"] and not unverified:
        raise RuleViolation(
            f"refusing to export: verification failed: {report['message']}; nothing was "
            "written (--unverified exports anyway and marks the file)"
        )
    marker = None
    if not report["ok"]:
        marker = {
            UNVERIFIED_KEY: True,
            "problem": report["message"],
            "note": "exported with --unverified: import refuses this file unless given "
            "--accept-unverified",
        }
    done = Export(verified=report["ok"], problem=report["message"], marker=marker)
    done.lines = _lines(ledger, done)
    return done


def _lines(ledger: Ledger, done: Export) -> Iterator[dict[str, Any]]:
    mapper = ledger.app.mapper
    for batch in ledger.app.notifications():
        for notification in batch:
            event = mapper.to_domain_event(notification)
            if type(event).__name__ == "EngagementOpened":
                ledger._slugs[event.originator_id] = event.slug
            done.link = link_of(done.link, notification)
            done.position = notification.id
            done.events += 1
            yield to_line(event, ledger.slug_of(event.originator_id), notification.id)
