"""cec-ledger: an event-sourced engagement ledger for education-improvement consultants."""

__version__ = "0.1.0"
