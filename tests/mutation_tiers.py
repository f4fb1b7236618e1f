"""pytest plugin for `make mutate`: per-target test tiers inside one mutmut run.

Loaded with ``-p tests.mutation_tiers`` from ``[tool.mutmut] pytest_add_cli_args``. mutmut
gives each mutant every selected test that called the mutated function; for targets listed
in ``[tool.cec-mutate.tiers]`` (mutant-name glob -> test path prefixes) this keeps only the
tests under those prefixes, so a domain mutant runs tests/domain/ (seconds) and not the
end-to-end tests that also call it through a ledger file.

Where the tier does not cover the mutated function (none of its tests called it), the
end-to-end tests that did are kept: the fast tier is used where it covers the code, and the
slower tests still judge the rest rather than leaving the mutant "no tests".

mutmut names the mutant in ``MUTANT_UNDER_TEST``; its own bookkeeping runs ("stats", "fail",
"", ...) are left alone. Outside a mutmut run the variable is unset and nothing changes.

Memoised functions: mutmut forks each mutant's test run from a process that has already run
the whole selection once (the stats and clean runs), so every ``functools.cache`` in the
ledger (``field_types``, ``_required``, ``stored_fields``, the lines and storage readers...)
is warm with the *original* code's answers. A mutant of a function that is only called while
filling such a cache (``json_passthrough``, ``exact_json_types``, ``_nullable``...) would then
never run and "survive" untested. So, for a mutant, every cache in ``cec_ledger`` modules is
cleared before its tests run: the mutated code is what fills them.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

_BOOKKEEPING = {"", "stats", "fail", "list_all_tests", "mutant_generation"}


@cache
def _tiers() -> dict[str, list[str]]:
    # mutmut runs pytest inside mutants/, where it copied pyproject.toml.
    data = tomllib.loads(Path("pyproject.toml").read_text())
    return data.get("tool", {}).get("cec-mutate", {}).get("tiers", {})


def clear_ledger_caches() -> int:
    """Clear every ``functools.cache``/``lru_cache`` held by a loaded ``cec_ledger`` module;
    returns how many were cleared."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "cec_ledger" or name.startswith("cec_ledger.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
                cleared += 1
    return cleared


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant in _BOOKKEEPING:
        return
    clear_ledger_caches()
    for pattern, prefixes in _tiers().items():
        if not fnmatch.fnmatch(mutant, pattern):
            continue
        keep = [i for i in items if i.nodeid.startswith(tuple(prefixes))]
        if not keep:
            return  # the tier does not reach this function: the slower tests judge it
        dropped = [i for i in items if not i.nodeid.startswith(tuple(prefixes))]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        return
