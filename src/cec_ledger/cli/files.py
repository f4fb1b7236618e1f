"""Output files of CLI commands (``export -o``, ``report -o``): checked before any work, and
operating-system failures reported as one line in a user's words."""

from __future__ import annotations

from cec_ledger.formats.oserrors import checked_output, os_failure

__all__ = ["checked_output", "os_error"]

os_error = os_failure
