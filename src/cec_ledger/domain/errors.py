"""Domain errors: every broken rule is one of these, with a message a consultant can act on.

The CLI prints ``str(error)`` as one line on stderr and exits 1; the TUI shows it inline.
"""

from __future__ import annotations

import errno


class DomainError(Exception):
    """A domain rule was broken or the input data is bad. Nothing was written."""


class NotFound(DomainError):
    """An engagement, team, member, event or framework that the ledger does not know."""


class RuleViolation(DomainError):
    """The command is well formed but the engagement's history does not allow it."""


class InvalidValue(DomainError):
    """A value outside its vocabulary (anchor, stage, rating, date...)."""


class EngagementClosed(RuleViolation):
    """Writing to an engagement that has been closed."""


class ConcurrentWrite(DomainError):
    """Another writer changed the engagement first and the command no longer holds."""


class ReadOnlyLedger(DomainError):
    """A write was attempted on a ledger opened read-only (auditor mode)."""


class PluginError(DomainError):
    """A plugin raised or returned malformed data; the message names the plugin and hook."""


class FileProblem(DomainError):
    """A file or directory the ledger needs cannot be used; nothing was written."""


_OS_WORDS = {
    errno.ENOENT: "no such file or directory",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.EISDIR: "it is a directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENAMETOOLONG: "the name is too long",
}


def os_failure(error: OSError, what: str) -> FileProblem:
    """An operating-system failure as one line in a user's words: ``what`` ("cannot write
    report.md") and why; never an exception class name."""
    reason = _OS_WORDS.get(error.errno or 0) or (error.strerror or "the system refused").lower()
    return FileProblem(f"{what}: {reason}; nothing was written")


def printable(text: str) -> str:
    """A message with every control character escaped (a newline as ``\\n``): values read
    from a file or typed by a user cannot break the one line an error is."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
