"""The one plugin manager: loading, disabling, tracing and fault isolation.

Plugins are found through the ``cec_ledger`` entry-point group. Unlike pluggy's own
``load_setuptools_entrypoints``, a distribution that fails to import or register is recorded
(``plugin_info()`` shows it as failed, with the error) instead of stopping the ledger: a
consultant with one broken plugin can still record events.

Hooks are called one implementation at a time (``call_impl``), not through ``pm.hook``, so a
plugin that raises or registers malformed data becomes a ``PluginError`` naming the plugin
and the hook, is marked failed, and the other plugins' answers are still used.

Environment:

* ``CEC_LEDGER_DISABLE_PLUGINS=a,b`` blocks plugins by entry-point or distribution name;
* ``CEC_LEDGER_TRACE_PLUGINS=1`` writes every hook call and its outcome to stderr.
"""

from __future__ import annotations

import inspect
import os
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, TypeVar

import pluggy

from cec_ledger.domain.errors import DomainError, PluginError
from cec_ledger.plugins import hookspecs

# ``hookimpl`` is re-exported: plugins import it from here or from cec_ledger.plugins.hookspecs.
from cec_ledger.plugins.hookspecs import PROJECT_NAME
from cec_ledger.plugins.hookspecs import hookimpl as hookimpl

ENTRY_POINT_GROUP = "cec_ledger"
DISABLE_ENV = "CEC_LEDGER_DISABLE_PLUGINS"
TRACE_ENV = "CEC_LEDGER_TRACE_PLUGINS"

T = TypeVar("T")

# Functions named like hooks count as hook implementations even without @hookimpl (pytest
# does the same with ``pytest_``), so check_pending() also catches unmarked misspellings.
_FLAGS = ("wrapper", "hookwrapper", "optionalhook", "tryfirst", "trylast")
_DEFAULT_IMPL_OPTS: dict[str, Any] = {**dict.fromkeys(_FLAGS, False), "specname": None}


class Malformed(ValueError):
    """Data a plugin registered or returned does not have the documented shape."""


@dataclass
class PluginRecord:
    """What the manager knows about one plugin, including why it failed."""

    name: str
    version: str | None = None
    distribution: str | None = None
    source: str = ""
    status: str = "ok"  # ok | failed | disabled
    errors: list[str] = field(default_factory=list)


def _normalise_name(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _parse_disabled(text: str | None) -> frozenset[str]:
    return frozenset(_normalise_name(n) for n in (text or "").split(",") if n.strip())


def _describe(error: BaseException) -> str:
    # Our own errors already read as sentences; anything else keeps its type for debugging.
    text = " ".join(str(error).split())
    if isinstance(error, Malformed | DomainError):
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class PluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers each plugin's version, status and failures."""

    def __init__(self, *, disabled: Iterable[str] = (), trace: bool = False) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self.cache: dict[str, Any] = {}
        self.disabled = frozenset(_normalise_name(n) for n in disabled)
        self.tracing = trace
        if trace:
            self.trace.root.setwriter(sys.stderr.write)
            self.enable_tracing()

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(f"{PROJECT_NAME}_"):
            candidate = getattr(plugin, name, None)
            if inspect.isroutine(candidate):
                return dict(_DEFAULT_IMPL_OPTS)
        return opts

    def is_disabled(self, *names: str | None) -> bool:
        return any(n and _normalise_name(n) in self.disabled for n in names)

    def register_plugin(
        self,
        plugin: Any,
        name: str,
        *,
        version: str | None = None,
        distribution: str | None = None,
        source: str = "",
    ) -> bool:
        """Register ``plugin`` under ``name`` unless disabled; a failure is recorded."""
        record = PluginRecord(name, version, distribution, source)
        self.records[name] = record
        if self.is_disabled(name, distribution):
            record.status = "disabled"
            return False
        try:
            self.register(plugin, name=name)
        except Exception as error:
            self.fail(name, f"plugin {name!r} could not be registered: {_describe(error)}")
            return False
        return True

    def fail(self, name: str, message: str) -> PluginError:
        """Mark ``name`` failed with ``message``; returns the error for the caller to raise."""
        record = self.records.setdefault(name, PluginRecord(name))
        record.status = "failed"
        if message not in record.errors:
            record.errors.append(message)
        return PluginError(message)

    def check_pending_plugins(self) -> None:
        """Unregister (and record) every plugin implementing a hook that has no spec."""
        for _ in range(len(self.get_plugins()) + 1):
            try:
                self.check_pending()
                return
            except pluggy.PluginValidationError as error:
                name = self.get_name(error.plugin) or repr(error.plugin)
                self.fail(name, f"plugin {name!r} failed validation: {_describe(error)}")
                self.unregister(error.plugin)

    def load_entrypoints(self, group: str = ENTRY_POINT_GROUP) -> None:
        """Load every entry point of ``group``, recording per-distribution failures."""
        seen: set[tuple[str, str]] = set()
        for dist in metadata.distributions():
            for entry_point in dist.entry_points:
                if entry_point.group != group:
                    continue
                if (entry_point.name, entry_point.value) in seen:
                    continue  # the same distribution found twice on sys.path
                seen.add((entry_point.name, entry_point.value))
                self._load_one(dist, entry_point)

    def _load_one(self, dist: metadata.Distribution, entry_point: metadata.EntryPoint) -> None:
        dist_name = dist.metadata["Name"]
        name = entry_point.name
        if name in self.records:  # two distributions chose the same plugin name
            name = f"{dist_name}:{name}"
        if self.is_disabled(name, entry_point.name, dist_name):
            self.records[name] = PluginRecord(
                name, dist.version, dist_name, entry_point.value, status="disabled"
            )
            return
        try:
            plugin = entry_point.load()
        except Exception as error:
            self.records[name] = PluginRecord(name, dist.version, dist_name, entry_point.value)
            self.fail(
                name, f"plugin {name!r} failed to load {entry_point.value}: {_describe(error)}"
            )
            return
        self.register_plugin(
            plugin, name, version=dist.version, distribution=dist_name, source=entry_point.value
        )


def build_plugin_manager(
    *plugins: Any,
    load_entrypoints: bool = True,
    disabled: Iterable[str] | None = None,
    trace: bool | None = None,
) -> PluginManager:
    """A fresh manager: ``plugins`` (modules or objects) registered, then entry points.

    A plugin's name is its ``plugin_name`` attribute, else its ``__name__`` (modules), else
    its class name.

    ``disabled`` and ``trace`` default to ``CEC_LEDGER_DISABLE_PLUGINS`` and
    ``CEC_LEDGER_TRACE_PLUGINS``.
    """
    if disabled is None:
        disabled = _parse_disabled(os.environ.get(DISABLE_ENV))
    if trace is None:
        trace = os.environ.get(TRACE_ENV, "").strip().lower() in {"1", "true", "yes"}
    pm = PluginManager(disabled=disabled, trace=trace)
    for plugin in plugins:
        # A ``plugin_name`` attribute names objects (test plugins); modules use __name__.
        name = (
            getattr(plugin, "plugin_name", None)
            or getattr(plugin, "__name__", None)
            or type(plugin).__name__
        )
        pm.register_plugin(plugin, name, source=name)
    if load_entrypoints:
        pm.load_entrypoints()
    pm.check_pending_plugins()
    return pm


_lock = threading.Lock()
_manager: PluginManager | None = None


def get_plugin_manager() -> PluginManager:
    """The process-wide manager, built on first use (entry points loaded once)."""
    global _manager
    with _lock:
        if _manager is None:
            _manager = build_plugin_manager()
        return _manager


def reset_plugin_manager() -> None:
    """Forget the manager and its caches; the next use rebuilds it (tests, env changes)."""
    set_plugin_manager(None)


def set_plugin_manager(pm: PluginManager | None) -> PluginManager | None:
    """Install ``pm`` as the process-wide manager; returns the previous one."""
    global _manager
    with _lock:
        previous, _manager = _manager, pm
    return previous


def _trace(pm: PluginManager, message: str) -> None:
    if pm.tracing:
        sys.stderr.write(f"cec_ledger.plugins: {message}\n")


def call_impl(
    pm: PluginManager,
    impl: Any,
    hook_name: str,
    kwargs: dict[str, Any],
    passthrough: tuple[type[BaseException], ...] = (),
) -> Any:
    """Call one hook implementation; any fault becomes a recorded, named ``PluginError``.

    Exceptions in ``passthrough`` are legitimate answers (a ``RuleViolation`` refusing an
    event) and propagate unchanged.
    """
    name = impl.plugin_name
    _trace(pm, f"{hook_name} -> {name}({', '.join(impl.argnames)})")
    if impl.wrapper or impl.hookwrapper:
        raise pm.fail(
            name, f"plugin {name!r} failed in {hook_name}: hook wrappers are not supported"
        )
    try:
        result = impl.function(*(kwargs[arg] for arg in impl.argnames))
    except passthrough as refusal:
        _trace(pm, f"{hook_name} <- {name}: {type(refusal).__name__}: {refusal}")
        raise
    except Exception as error:
        _trace(pm, f"{hook_name} <- {name}: failed: {_describe(error)}")
        raise pm.fail(name, f"plugin {name!r} failed in {hook_name}: {_describe(error)}") from (
            error
        )
    _trace(pm, f"{hook_name} <- {name}: {result!r}")
    return result


def hook_impls(pm: PluginManager, hook_name: str) -> list[Any]:
    """Implementations of ``hook_name`` in pluggy's call order (last registered first)."""
    return list(reversed(getattr(pm.hook, hook_name).get_hookimpls()))


def collect(
    hook_name: str,
    coerce: Callable[..., T],
    *,
    key: Callable[[T], str] | None = None,
    what: str = "item",
    pm: PluginManager | None = None,
    **kwargs: Any,
) -> list[T]:
    """Run a ``register(...)`` collection hook plugin by plugin.

    ``coerce(plugin_name, *args, **kwargs)`` turns each ``register`` call into a value (raise
    ``Malformed`` for bad data). A plugin that raises or registers malformed data is recorded
    as failed and contributes nothing; ``key`` rejects duplicate ids across plugins.
    """
    pm = pm or get_plugin_manager()
    items: list[T] = []
    owners: dict[str, str] = {}
    for impl in hook_impls(pm, hook_name):
        calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

        def register(*args: Any, _calls: list[Any] = calls, **kw: Any) -> None:
            _calls.append((args, kw))

        name = impl.plugin_name
        try:
            call_impl(pm, impl, hook_name, {**kwargs, "register": register})
            _trace(pm, f"{hook_name} <- {name}: register() called {len(calls)} time(s)")
            coerced = []
            for args, kw in calls:
                try:
                    coerced.append(coerce(name, *args, **kw))
                except (Malformed, DomainError, TypeError, ValueError) as error:
                    raise pm.fail(
                        name, f"plugin {name!r} failed in {hook_name}: {_describe(error)}"
                    ) from error
        except PluginError:
            continue
        for item in coerced:
            if key is not None:
                item_id = key(item)
                if item_id in owners:
                    pm.fail(
                        name,
                        f"plugin {name!r} failed in {hook_name}: {what} "
                        f"{item_id!r} is already registered by plugin {owners[item_id]!r}",
                    )
                    continue
                owners[item_id] = name
            items.append(item)
    return items


def call_each(
    hook_name: str,
    *,
    passthrough: tuple[type[BaseException], ...] = (),
    expect_none: bool = False,
    pm: PluginManager | None = None,
    **kwargs: Any,
) -> list[tuple[str, Any]]:
    """Call every implementation in turn; the first fault raises its ``PluginError``."""
    pm = pm or get_plugin_manager()
    results = []
    for impl in hook_impls(pm, hook_name):
        result = call_impl(pm, impl, hook_name, kwargs, passthrough)
        if expect_none and result is not None:
            raise pm.fail(
                impl.plugin_name,
                f"plugin {impl.plugin_name!r} failed in {hook_name}"
                f": returned {result!r}; this hook must return None (raise "
                "RuleViolation to refuse)",
            )
        results.append((impl.plugin_name, result))
    return results


def cached(key: str, build: Callable[[], T]) -> T:
    """A per-manager cache, so a reset manager (tests, fixtures) never sees stale answers."""
    pm = get_plugin_manager()
    if key not in pm.cache:
        pm.cache[key] = build()
    return pm.cache[key]


def failure_hint() -> str:
    """`` (plugin 'x' failed; see 'cec-ledger plugins')`` when any plugin failed, else ``""``.

    Appended to "unknown framework/service" errors: the likeliest cause is a broken plugin.
    """
    failed = sorted(n for n, r in get_plugin_manager().records.items() if r.status == "failed")
    if not failed:
        return ""
    names = ", ".join(repr(n) for n in failed)
    return (
        f" ({'plugin' if len(failed) == 1 else 'plugins'} {names} failed; see 'cec-ledger plugins')"
    )
