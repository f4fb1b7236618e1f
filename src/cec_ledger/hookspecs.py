"""Deprecated import path, kept for one release: use ``cec_ledger.plugins``."""

from cec_ledger._moved import deprecated_module

deprecated_module(__name__, "cec_ledger.plugins.hookspecs", globals())
