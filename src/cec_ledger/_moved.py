"""Old import paths of the plugin API, kept working for one release.

Plugins written before the plugin package existed import ``cec_ledger.frameworks``,
``.hookspecs``, ``.services`` and ``.testing``. Each of those modules is now a shim that
forwards every name to its new home (and to the public ``cec_ledger.plugins`` surface) and
warns once, naming the new path.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any


def deprecated_module(old: str, new: str, namespace: dict[str, Any]) -> None:
    """Fill ``namespace`` (the old module's globals) with the public names of module ``new``,
    install a ``__getattr__`` that forwards anything else, and warn."""
    moved = importlib.import_module(new)
    public = importlib.import_module("cec_ledger.plugins")
    names = getattr(moved, "__all__", None) or [n for n in vars(moved) if not n.startswith("_")]
    namespace.update({name: getattr(moved, name) for name in names})

    def __getattr__(name: str) -> Any:
        try:
            return getattr(moved, name)
        except AttributeError:
            return getattr(public, name)

    namespace["__getattr__"] = __getattr__
    warnings.warn(
        f"{old} is deprecated; import from cec_ledger.plugins instead",
        DeprecationWarning,
        stacklevel=3,
    )
