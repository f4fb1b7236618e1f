"""The auditor's operations behind the facade: verify, seal, rebuild, replay, diff, capacity.

Kept apart from :mod:`cec_ledger.facade.ledger` so the everyday facade stays small; every function
takes an open :class:`~cec_ledger.facade.ledger.Ledger` and returns plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from eventsourcing.persistence import PersistenceError

from cec_ledger.application import OPENED_TOPIC
from cec_ledger.domain import vocabulary
from cec_ledger.domain.engagement import corrected, corrections_in, fold_history
from cec_ledger.domain.errors import InvalidValue, NotFound, ReadOnlyLedger
from cec_ledger.domain.events import EventCorrected
from cec_ledger.domain.pathway import describe
from cec_ledger.domain.state import EngagementState
from cec_ledger.facade.ledger import Ledger
from cec_ledger.formats.changes import state_changes
from cec_ledger.formats.dates import parse_date, parse_timestamp
from cec_ledger.formats.lines import plain, to_line
from cec_ledger.projections.chain import (
    format_seal,
    parse_seal,
    recompute,
    verify_log,
)
from cec_ledger.storage.locks import write_refused
from cec_ledger.storage.snapshots import forged_snapshots


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
    # Snapshots are outside the chain: each one a command would use must be its events' fold.
    forged = forged_snapshots(ledger.app)
    if forged:
        eid, version = forged[0]
        report.update(
            ok=False,
            problem="snapshot",
            message=f"the snapshot of {names.get(str(eid), eid)} at #{version} is not what its "
            "events fold to (it was changed); 'cec-ledger rebuild' drops the snapshots",
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


def _moment(known_at: str | datetime | None) -> datetime | None:
    return parse_timestamp(known_at, what="--known-at") if known_at else None


def replay(
    ledger: Ledger, ref: str, *, known_at: str | datetime | None = None
) -> list[dict[str, Any]]:
    """Each event of an engagement with the state change it caused, in recorded order;
    ``known_at``: only the events recorded by then (as ``show --known-at``)."""
    target = ledger.resolve(ref)
    slug = ledger.slug_of(target)
    events = ledger.app.events_known_at(target, _moment(known_at))
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


def diff(
    ledger: Ledger,
    ref: str,
    start: str | date,
    end: str | date,
    *,
    known_at: str | datetime | None = None,
) -> dict[str, Any]:
    """What changed in an engagement between what had occurred by two dates (as the ledger
    knows it now, or as it was recorded by ``known_at``), with the reasons given for
    withdrawals and plan changes in between, and the Pathway on both dates."""
    first = parse_date(start, today=ledger.today(), what="--from")
    last = parse_date(end, today=ledger.today(), what="--to")
    if last < first:
        raise InvalidValue(f"--to {last} is before --from {first}")
    target = ledger.resolve(ref)
    events = ledger.app.events_known_at(target, _moment(known_at))
    overrides = corrections_in(events)
    opened = corrected(events[0], overrides).occurred_on
    before_state = fold_history(events, occurred_by=first) if first >= opened else None
    if last < opened:
        raise NotFound(f"the engagement had not opened by {last} (opened {opened})")
    after_state = fold_history(events, occurred_by=last)
    before = plain(before_state.to_dict()) if before_state is not None else None
    after = plain(after_state.to_dict())
    slug = ledger.slug_of(target)
    between = [
        corrected(e, overrides)
        for e in events
        if first < corrected(e, overrides).occurred_on <= last
    ]
    changes = state_changes(before, after)
    pathway_before = describe(before["pathway"]) if before else "not opened"
    pathway_after = describe(after["pathway"])
    if pathway_before != pathway_after:
        changes.insert(0, f"pathway: {pathway_before} → {pathway_after}")
    return {
        "engagement": slug,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "known_at": _moment(known_at).isoformat() if known_at else None,  # type: ignore[union-attr]
        "events": len(between),
        "changes": changes,
        "reasons": [_reason(e) for e in between if type(e).__name__ in _WITH_REASONS],
        "pathway": {"from": before["pathway"] if before else None, "to": after["pathway"]},
    }


# Events whose reason a reader of a diff needs beside the change itself.
_WITH_REASONS = ("CommitmentWithdrawn", "PlanChanged")


def _reason(event: Any) -> dict[str, Any]:
    if type(event).__name__ == "CommitmentWithdrawn":
        what = f"{vocabulary.ANCHOR.label(event.anchor)} withdrew its commitment" + (
            f" ({event.signatory})" if event.signatory else ""
        )
    else:
        what = "the plan changed"
    return {
        "version": event.originator_version,
        "on": event.occurred_on.isoformat(),
        "type": type(event).__name__,
        "what": what,
        "reason": event.reason,
    }
