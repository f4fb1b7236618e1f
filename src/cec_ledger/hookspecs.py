"""Deprecated import path, kept for one release: use ``cec_ledger.plugins``.

Plugins written against the API documented before the plugin package existed import from
here; everything still works, with a DeprecationWarning naming the new path.
"""

import warnings

from cec_ledger.plugins import hookspecs as _moved
from cec_ledger.plugins.hookspecs import *  # noqa: F403

warnings.warn(
    "cec_ledger.hookspecs is deprecated; import from cec_ledger.plugins instead",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str) -> object:
    import cec_ledger.plugins as public

    try:
        return getattr(_moved, name)
    except AttributeError:
        return getattr(public, name)
