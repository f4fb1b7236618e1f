"""Domain errors: every broken rule is one of these, with a message a consultant can act on.

The CLI prints ``str(error)`` as one line on stderr and exits 1; the TUI shows it inline.
"""

from __future__ import annotations


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
