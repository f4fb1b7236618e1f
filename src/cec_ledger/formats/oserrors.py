"""Output files (``export -o``, ``report -o``): checked before any work is done, so a
missing directory is one line in a user's words, never an exception class name."""

from __future__ import annotations

from pathlib import Path

from cec_ledger.domain.errors import FileProblem, os_failure

__all__ = ["checked_output", "os_failure"]


def checked_output(path: str | Path) -> Path:
    """An output file's path, refused at once when its directory is missing."""
    target = Path(path).expanduser()
    parent = target.parent
    if target.is_dir():
        raise FileProblem(f"cannot write {target}: it is a directory; nothing was written")
    if not parent.exists():
        raise FileProblem(f"cannot write {target}: no directory {parent}; nothing was written")
    if not parent.is_dir():
        raise FileProblem(
            f"cannot write {target}: {parent} is not a directory; nothing was written"
        )
    return target
