"""The auditor's operations behind the facade: verify, seal, rebuild, replay, diff, capacity.

Kept apart from :mod:`cec_ledger.facade.ledger` so the everyday facade stays small; every function
takes an open :class:`~cec_ledger.facade.ledger.Ledger` and returns plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from eventsourcing.persistence import PersistenceError

from cec_ledger.application import OPENED_TOPIC
from cec_ledger.domain.engagement import fold_history
from cec_ledger.domain.errors import InvalidValue, NotFound, ReadOnlyLedger
from cec_ledger.domain.events import EventCorrected
from cec_ledger.domain.state import EngagementState
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.changes import state_changes
from cec_ledger.formats.dates import parse_date
from cec_ledger.formats.lines import plain, to_line
from cec_ledger.projections.chain import (
    format_seal,
    parse_seal,
    recompute,
    verify_log,
)
from cec_ledger.storage.locks import write_refused


def _names(ledger: Ledger) -> dict[str, str]:
    """engagement id -> slug, read from the opened events themselves (not from a view)."""
    names = {}
    for batch in ledger.app.notifications(topics=[OPENED_TOPIC], batch_size=1000):
        for notification in batch:
            try:
                event = ledger.app.mapper.to_domain_event(notification)
                names[str(notification.originator_id)] = event.slug
            except Exception:
                continue
    return names


def _views(ledger: Ledger) -> Any:
    if ledger.projector is None:
        raise NotFound("this ledger has no hash chain yet: open it once without --read-only")
    return ledger.views


def verify(ledger: Ledger, seal: str | None = None) -> dict[str, Any]:
    """Recompute the chain; with a seal, also prove history up to it is unchanged."""
    names = _names(ledger)
    result = verify_log(ledger.app, _views(ledger), names=names)
    report: dict[str, Any] = {
        "ok": result.ok,
        "checked": result.checked,
        "head": result.head,
        "unchained": result.unchained,
        "problem": None,
        "message": None,
        "seal": None,
    }
    if result.finding:
        report.update(
            problem=result.finding.problem,
            position=result.finding.position,
            message=result.finding.message,
        )
        return report
    if seal is not None:
        position, prefix = parse_seal(seal)
        last, link, count = recompute(ledger.app, position)
        if last != position:
            report.update(
                ok=False,
                problem="seal",
                message=f"the seal is at position {position} but history now ends "
                f"at {last}: events were removed",
            )
        elif not link.startswith(prefix):
            report.update(
                ok=False,
                problem="seal",
                message=f"history up to position {position} differs from the seal "
                "(it was rewritten, chain table included)",
            )
        else:
            report["seal"] = {"position": position, "events": count, "matches": True}
    return report


def seal(ledger: Ledger, position: int | None = None) -> dict[str, Any]:
    """A short digest of the log up to ``position`` (default: its end), after verifying."""
    checked = verify(ledger)
    if not checked["ok"]:
        raise InvalidValue(f"refusing to seal a log that fails verification: {checked['message']}")
    head = ledger.app.recorder.max_notification_id() or 0
    if position is None:
        position = head
    if position < 1 or position > head:
        raise InvalidValue(f"position must be between 1 and {head}, got {position}")
    last, link, count = recompute(ledger.app, position)
    return {"seal": format_seal(last, link), "position": last, "events": count}


def rebuild(ledger: Ledger, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    check_can_rebuild(ledger)
    try:
        count = ledger.projector.rebuild(progress)
    except PersistenceError as error:
        refused = write_refused(error)
        if refused is None:
            raise
        raise refused from None
    return {"events": count}


def check_can_rebuild(ledger: Ledger) -> None:
    """Rebuilding writes the views: refuse at once in auditor mode."""
    if ledger.read_only or ledger.projector is None:
        raise ReadOnlyLedger("rebuild writes the views; open the ledger without --read-only")


def replay(ledger: Ledger, ref: str) -> list[dict[str, Any]]:
    """Each event of an engagement with the state change it caused, in recorded order."""
    target = ledger.resolve(ref)
    slug = ledger.slug_of(target)
    events = ledger.app.engagement_events(target)
    steps = []
    before: dict[str, Any] | None = None
    state = EngagementState()
    for n, event in enumerate(events, start=1):
        if isinstance(event, EventCorrected):
            # A correction re-folds the history, so its step shows what it changed.
            state = fold_history(events[:n])
        else:
            state.apply(event)
        after = plain(state.to_dict())
        steps.append({"event": to_line(event, slug), "changes": state_changes(before, after)})
        before = after
    return steps


def diff(ledger: Ledger, ref: str, start: str | date, end: str | date) -> dict[str, Any]:
    """What changed in an engagement between what had occurred by two dates."""
    first = parse_date(start, today=ledger.today(), what="--from")
    last = parse_date(end, today=ledger.today(), what="--to")
    if last < first:
        raise InvalidValue(f"--to {last} is before --from {first}")
    target = ledger.resolve(ref)
    events = ledger.app.engagement_events(target)
    opened = events[0].occurred_on
    before = plain(fold_history(events, occurred_by=first).to_dict()) if first >= opened else None
    after = plain(fold_history(events, occurred_by=last).to_dict()) if last >= opened else None
    if after is None:
        raise NotFound(f"the engagement had not opened by {last} (opened {opened})")
    between = [to_line(e, ledger.slug_of(target)) for e in events if first < e.occurred_on <= last]
    return {
        "engagement": ledger.slug_of(target),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "events": len(between),
        "changes": state_changes(before, after),
    }
