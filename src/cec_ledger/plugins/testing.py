"""pytest fixtures for plugin authors (and the core's own plugin tests).

Needs pytest (``pip install "cec-ledger[testing]"``, or pytest in your plugin's test
dependencies); cec-ledger itself does not. pytest loads this module by itself wherever
cec-ledger is installed (a ``pytest11`` entry point), so the fixtures and the
``cec_ledger_plugins`` marker work in any test module, also under ``--strict-markers``. Where
plugin autoloading is off (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), name it in your root
``conftest.py``::

    pytest_plugins = ["cec_ledger.plugins.testing"]

Then, in a test module::

    import my_plugin
    import pytest

    from cec_ledger.plugins import get_framework


    @pytest.fixture
    def cec_ledger_plugins():
        return [my_plugin]  # what the plugin_manager fixture registers


    def test_framework(plugin_manager):
        assert get_framework("strategic-plan").name == "Strategic Plan"

Fixtures:

* ``plugin_manager``: a fresh ``PluginManager`` with ``cec_ledger_plugins``
  registered, installed as the process-wide manager for the test (so ``get_framework``,
  ``list_services``, ``validate_event`` and the CLI see exactly it) and removed afterwards.
  Entry points are *not* loaded (hermetic) unless ``cec_ledger_load_entrypoints`` returns
  True. The marker ``@pytest.mark.cec_ledger_plugins(plugin, ..., load_entrypoints=False)``
  overrides both for one test.
* ``make_plugin_manager``: the same as a factory, ``make_plugin_manager(*plugins,
  load_entrypoints=False, disabled=())``, for tests that need several managers.
* ``temporary_ledger``: a new SQLite ledger in ``tmp_path`` (actor ``test``), closed after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

try:
    import pytest
except ModuleNotFoundError as missing:  # pragma: no cover - depends on the environment
    raise ModuleNotFoundError(
        'cec_ledger.plugins.testing needs pytest: pip install "cec-ledger[testing]"'
    ) from missing

from cec_ledger.plugins.manager import PluginManager, build_plugin_manager, set_plugin_manager


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "cec_ledger_plugins(*plugins, load_entrypoints=False): plugins registered by the "
        "plugin_manager fixture for this test",
    )


@pytest.fixture
def cec_ledger_plugins() -> list[Any]:
    """Plugins (modules or objects) for ``plugin_manager``; override in your tests."""
    return []


@pytest.fixture
def cec_ledger_load_entrypoints() -> bool:
    """Whether ``plugin_manager`` also loads installed plugins; override to opt in."""
    return False


@pytest.fixture
def make_plugin_manager() -> Iterator[Callable[..., PluginManager]]:
    """A factory installing a fresh manager; the previous one is restored after the test."""
    previous = set_plugin_manager(None)

    def make(
        *plugins: Any, load_entrypoints: bool = False, disabled: Iterable[str] = ()
    ) -> PluginManager:
        pm = build_plugin_manager(
            *plugins, load_entrypoints=load_entrypoints, disabled=disabled, trace=None
        )
        set_plugin_manager(pm)
        return pm

    try:
        yield make
    finally:
        set_plugin_manager(previous)


@pytest.fixture
def plugin_manager(
    request: pytest.FixtureRequest,
    make_plugin_manager: Callable[..., PluginManager],
    cec_ledger_plugins: list[Any],
    cec_ledger_load_entrypoints: bool,
) -> PluginManager:
    """A fresh manager with ``cec_ledger_plugins`` registered (see the module docstring)."""
    marker = request.node.get_closest_marker("cec_ledger_plugins")
    if marker is not None:
        return make_plugin_manager(
            *marker.args, load_entrypoints=marker.kwargs.get("load_entrypoints", False)
        )
    return make_plugin_manager(*cec_ledger_plugins, load_entrypoints=cec_ledger_load_entrypoints)


@pytest.fixture
def temporary_ledger(tmp_path: Path) -> Iterator[Any]:
    """A new, empty SQLite ledger in ``tmp_path``, opened as actor ``test``."""
    # Imported here so plugin authors can use the plugin fixtures without the storage
    # stack (eventsourcing) being importable or configured.
    # Lazy on purpose: this fixture sits above the whole stack (the one import the layer
    # contracts allow upward), and plugin tests that never open a ledger need not load it.
    from cec_ledger.facade.ledger import Ledger

    ledger = Ledger.open(str(tmp_path / "ledger.db"), actor="test", create=True)
    try:
        yield ledger
    finally:
        ledger.close()
