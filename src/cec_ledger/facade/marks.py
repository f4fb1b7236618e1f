"""The events a user marked in the TUI, written as JSONL: the lines ``export`` writes, for
just those events (an auditor's selection to attach to a finding, say).

Marked events are read again from the log by their position, not taken from the screen's
rows: what is written is what is stored. The file is a selection, not a backup: ``import``
wants a whole engagement from its opening event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cec_ledger.domain.errors import InvalidValue, NotFound
from cec_ledger.formats.lines import to_line, write_lines


def marked_lines(ledger: Any, positions: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The export line of the event at each log position, in log order."""
    mapper = ledger.app.mapper
    for position in sorted(set(positions)):
        found = [
            notification
            for batch in ledger.app.notifications(position - 1, stop=position, batch_size=1)
            for notification in batch
        ]
        if not found or found[0].id != position:
            raise NotFound(f"no event at log position {position}")
        event = mapper.to_domain_event(found[0])
        yield to_line(event, ledger.slug_of(event.originator_id), position)


def export_marked(ledger: Any, positions: Iterable[int], target: str | Path) -> int:
    """Write the marked events to ``target`` (a new file, written atomically); returns how
    many. An existing file is never overwritten."""
    path = Path(target).expanduser()
    wanted = sorted(set(positions))
    if not wanted:
        raise InvalidValue("no marked events to write")
    if path.exists():
        raise InvalidValue(f"{path} exists; choose another file name")
    if not path.parent.is_dir():
        raise InvalidValue(f"{path.parent} is not a directory")
    lines = list(marked_lines(ledger, wanted))  # every event found before anything is written
    return write_lines(lines, path, None)  # type: ignore[arg-type]
