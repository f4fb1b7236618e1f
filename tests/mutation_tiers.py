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
"""

from __future__ import annotations

import fnmatch
import os
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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant in _BOOKKEEPING:
        return
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
