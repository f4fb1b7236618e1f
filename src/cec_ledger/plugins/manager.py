"""The one plugin manager: loading, disabling, tracing and fault isolation.

Plugins are found through the ``cec_ledger`` entry-point group. Unlike pluggy's own
``load_setuptools_entrypoints``, a distribution that fails to import or register is recorded
(``plugin_info()`` shows it as failed, with the error) instead of stopping the ledger: a
consultant with one broken plugin can still record events.

Hooks are called one implementation at a time (``call_impl``), not through ``pm.hook``, so a
plugin that raises or registers malformed data becomes a ``PluginError`` naming the plugin
and the hook, is marked failed, and the other plugins' answers are still used.

The policies (docs/plugins.md says the same to plugin authors):

* **Order.** Plugins are called in the order of their names, except that pluggy's
  ``tryfirst`` and ``trylast`` marks move an implementation to the front or the back. When two
  plugins register the same framework or service id, the first in that order keeps it (the
  other is failed); report sections appear in that order.
* **Failure.** A failed plugin is inactive in every hook from then on: its frameworks,
  services and report sections are left out, and a plugin that checks events
  (``cec_ledger_validate_event``) refuses every event while failed, because a rule that
  cannot run must not let events through unchecked. Each failure is written once to stderr
  as a ``warning:`` line (except inside ``plugin_info()``, which reports them as rows).
* **What counts as a hook.** A function marked ``@hookimpl``, or an unmarked function whose
  name is a hook's name. Any other ``cec_ledger_*`` function is a helper and is ignored;
  when its name is close to a hook's (a likely misspelling) the plugin gets a warning.

Environment:

* ``CEC_LEDGER_DISABLE_PLUGINS=a,b`` blocks plugins by entry-point or distribution name (a
  name that matches no plugin gets a warning);
* ``CEC_LEDGER_TRACE_PLUGINS=1`` writes every hook call and its outcome to stderr.

Over 400 lines because loading, disabling, ordering and fault isolation are one policy
(docs/plugins.md, "Order and failures"): split, each half would need the other's state.
"""

from __future__ import annotations

import difflib
import inspect
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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

# An unmarked function whose name is a hook's counts as its implementation (pytest does the
# same with ``pytest_``). Other ``cec_ledger_*`` names are helpers, never hooks: a plugin's
# ``cec_ledger_version()`` must not fail the plugin as an "unknown hook".
HOOK_NAMES = frozenset(name for name in vars(hookspecs) if name.startswith(f"{PROJECT_NAME}_"))
_FLAGS = ("wrapper", "hookwrapper", "optionalhook", "tryfirst", "trylast")
_DEFAULT_IMPL_OPTS: dict[str, Any] = {**dict.fromkeys(_FLAGS, False), "specname": None}
# How close an unmarked helper's name must be to a hook's to be warned about as a misspelling.
_MISSPELLING_CUTOFF = 0.85


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
    warnings: list[str] = field(default_factory=list)
    entry_point: str | None = None  # the entry-point name, when loaded from one


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


_muted = threading.local()


@contextmanager
def warnings_muted() -> Iterator[None]:
    """Keep ``warning:`` lines off stderr (failures are still recorded): for callers such as
    ``plugin_info()`` that report every failure themselves."""
    depth = getattr(_muted, "depth", 0)
    _muted.depth = depth + 1
    try:
        yield
    finally:
        _muted.depth = depth


class PluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers each plugin's version, status and failures."""

    def __init__(self, *, disabled: Iterable[str] = (), trace: bool = False) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self.cache: dict[str, Any] = {}
        self.disabled = frozenset(_normalise_name(n) for n in disabled)
        self.tracing = trace
        # Warnings about no plugin in particular (an unknown name in the disable list).
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        if trace:
            self.trace.root.setwriter(sys.stderr.write)
            self.enable_tracing()

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name in HOOK_NAMES:
            candidate = getattr(plugin, name, None)
            if inspect.isroutine(candidate):
                return dict(_DEFAULT_IMPL_OPTS)
        return opts

    def warn(self, message: str, plugin: str | None = None) -> None:
        """Record ``message`` (on ``plugin``'s record, or the manager's) and write it to stderr
        as one ``warning:`` line, once per manager, unless warnings are muted."""
        if plugin is not None:
            record = self.records.setdefault(plugin, PluginRecord(plugin))
            if message not in record.warnings:
                record.warnings.append(message)
        elif message not in self.warnings:
            self.warnings.append(message)
        self.show(message)

    def show(self, message: str) -> None:
        """Write ``warning: message`` to stderr once per manager, unless muted."""
        if message in self._warned or getattr(_muted, "depth", 0):
            return
        self._warned.add(message)
        sys.stderr.write(f"warning: {message}\n")
        sys.stderr.flush()

    def _misspellings(self, plugin: Any, name: str) -> None:
        """Warn about unmarked ``cec_ledger_*`` helpers whose names are close to a hook's."""
        for attribute in dir(plugin):
            if not attribute.startswith(f"{PROJECT_NAME}_") or attribute in HOOK_NAMES:
                continue
            if not inspect.isroutine(getattr(plugin, attribute, None)):
                continue
            close = difflib.get_close_matches(
                attribute, sorted(HOOK_NAMES), n=1, cutoff=_MISSPELLING_CUTOFF
            )
            if close:
                self.warn(
                    f"plugin {name!r}: {attribute} is not a hook (did you mean {close[0]}?); "
                    "it is ignored",
                    plugin=name,
                )

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
            self.fail(
                name,
                f"plugin {name!r} could not be registered: {_describe(error)}",
                consequence="it is not loaded",
            )
            return False
        self._misspellings(plugin, name)
        return True

    def fail(self, name: str, message: str, *, consequence: str | None = None) -> PluginError:
        """Mark ``name`` failed with ``message``; returns the error for the caller to raise.

        A failed plugin is inactive in every hook from now on, so whatever was cached from it
        (frameworks, services) is forgotten and rebuilt without it. With ``consequence`` the
        failure is also shown as a warning line (for failures the caller does not raise).
        """
        record = self.records.setdefault(name, PluginRecord(name))
        record.status = "failed"
        if message not in record.errors:
            record.errors.append(message)
        self.cache.clear()
        if consequence is not None:
            self.show(f"{message}; {consequence} (see 'cec-ledger plugins')")
        return PluginError(message)

    def is_failed(self, name: str) -> bool:
        record = self.records.get(name)
        return record is not None and record.status == "failed"

    def unavailable(self) -> tuple[list[str], list[str]]:
        """The names of the failed and of the disabled plugins, each sorted."""
        failed = sorted(n for n, r in self.records.items() if r.status == "failed")
        disabled = sorted(n for n, r in self.records.items() if r.status == "disabled")
        return failed, disabled

    def check_disabled_names(self, source: str = DISABLE_ENV) -> None:
        """Warn (one line) about disabled names that match no plugin: a typo there would
        otherwise leave the plugin silently enabled."""
        known = set()
        for record in self.records.values():
            known.update(
                _normalise_name(n)
                for n in (record.name, record.distribution, record.entry_point)
                if n
            )
        unknown = sorted(self.disabled - known)
        if unknown:
            names = ", ".join(repr(n) for n in unknown)
            installed = ", ".join(sorted(self.records)) or "none"
            self.warn(f"{source} names no installed plugin: {names} (installed: {installed})")

    def check_pending_plugins(self) -> None:
        """Unregister (and record) every plugin implementing a hook that has no spec."""
        for _ in range(len(self.get_plugins()) + 1):
            try:
                self.check_pending()
                return
            except pluggy.PluginValidationError as error:
                name = self.get_name(error.plugin) or repr(error.plugin)
                self.fail(
                    name,
                    f"plugin {name!r} failed validation: {_describe(error)}",
                    consequence="it is not loaded",
                )
                self.unregister(error.plugin)

    def load_entrypoints(self, group: str = ENTRY_POINT_GROUP) -> None:
        """Load every entry point of ``group``, recording per-distribution failures.

        Entry points are loaded in the order of their names (then distribution names), not in
        the order distributions happen to be found on ``sys.path``, so which of two plugins
        with the same name keeps it is the same on every machine.
        """
        found: dict[tuple[str, str], tuple[metadata.Distribution, metadata.EntryPoint]] = {}
        for dist in metadata.distributions():
            for entry_point in dist.entry_points:
                if entry_point.group == group:
                    # The same distribution found twice on sys.path counts once.
                    found.setdefault((entry_point.name, entry_point.value), (dist, entry_point))
        for dist, entry_point in sorted(
            found.values(), key=lambda pair: (pair[1].name, pair[0].metadata["Name"] or "")
        ):
            self._load_one(dist, entry_point)

    def _load_one(self, dist: metadata.Distribution, entry_point: metadata.EntryPoint) -> None:
        dist_name = dist.metadata["Name"]
        name = entry_point.name
        if name in self.records:  # two distributions chose the same plugin name
            name = f"{dist_name}:{name}"
        record = PluginRecord(
            name, dist.version, dist_name, entry_point.value, entry_point=entry_point.name
        )
        if self.is_disabled(name, entry_point.name, dist_name):
            record.status = "disabled"
            self.records[name] = record
            return
        try:
            plugin = entry_point.load()
        except Exception as error:
            self.records[name] = record
            self.fail(
                name,
                f"plugin {name!r} failed to load {entry_point.value}: {_describe(error)}",
                consequence="it is not loaded",
            )
            return
        if self.register_plugin(
            plugin, name, version=dist.version, distribution=dist_name, source=entry_point.value
        ):
            self.records[name].entry_point = entry_point.name


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
    ``CEC_LEDGER_TRACE_PLUGINS``. A disabled name that matches no plugin gets a warning.
    """
    source = "disabled plugin names"
    if disabled is None:
        disabled = _parse_disabled(os.environ.get(DISABLE_ENV))
        source = DISABLE_ENV
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
    pm.check_disabled_names(source)
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
    consequence: str | None = None,
) -> Any:
    """Call one hook implementation; any fault becomes a recorded, named ``PluginError``.

    Exceptions in ``passthrough`` are legitimate answers (a ``RuleViolation`` refusing an
    event) and propagate unchanged. ``consequence`` (what the caller does without this
    plugin) makes a fault a warning line too, for callers that carry on without raising.
    """
    name = impl.plugin_name
    if pm.tracing:
        _trace(pm, f"{hook_name} -> {name}({', '.join(impl.argnames)})")
    if impl.wrapper or impl.hookwrapper:
        raise pm.fail(
            name,
            f"plugin {name!r} failed in {hook_name}: hook wrappers are not supported",
            consequence=consequence,
        )
    try:
        result = impl.function(*(kwargs[arg] for arg in impl.argnames))
    except passthrough as refusal:
        if pm.tracing:
            _trace(pm, f"{hook_name} <- {name}: {type(refusal).__name__}: {refusal}")
        raise
    except Exception as error:
        _trace(pm, f"{hook_name} <- {name}: failed: {_describe(error)}")
        raise pm.fail(
            name,
            f"plugin {name!r} failed in {hook_name}: {_describe(error)}",
            consequence=consequence,
        ) from error
    if pm.tracing:  # (the messages are built only when traced: this runs once per event)
        _trace(pm, f"{hook_name} <- {name}: {result!r}")
    return result


def _call_order(impl: Any) -> tuple[int, str]:
    return (0 if impl.tryfirst else 2 if impl.trylast else 1, impl.plugin_name)


def hook_impls(pm: PluginManager, hook_name: str, *, include_failed: bool = False) -> list[Any]:
    """Implementations of ``hook_name`` in call order: by plugin name, with ``tryfirst`` ones
    first and ``trylast`` ones last. Failed plugins are left out unless ``include_failed``."""
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    if not include_failed:
        impls = [impl for impl in impls if not pm.is_failed(impl.plugin_name)]
    return sorted(impls, key=_call_order)


def collect(
    hook_name: str,
    coerce: Callable[..., T],
    *,
    key: Callable[[T], str] | None = None,
    what: str = "item",
    pm: PluginManager | None = None,
    **kwargs: Any,
) -> list[T]:
    """Run a ``register(...)`` collection hook plugin by plugin, in call order.

    ``coerce(plugin_name, *args, **kwargs)`` turns each ``register`` call into a value (raise
    ``Malformed`` for bad data). A plugin that raises, registers malformed data or registers
    an id (``key``) an earlier plugin already has is failed and contributes nothing at all;
    the failure is shown as a warning line. Answers are in call order.
    """
    pm = pm or get_plugin_manager()
    items: list[T] = []
    owners: dict[str, str] = {}
    left_out = f"its {what}s are left out"
    for impl in hook_impls(pm, hook_name):
        calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

        def register(*args: Any, _calls: list[Any] = calls, **kw: Any) -> None:
            _calls.append((args, kw))

        name = impl.plugin_name
        try:
            call_impl(pm, impl, hook_name, {**kwargs, "register": register}, consequence=left_out)
        except PluginError:
            continue
        _trace(pm, f"{hook_name} <- {name}: register() called {len(calls)} time(s)")
        try:
            coerced = [coerce(name, *args, **kw) for args, kw in calls]
            claimed: dict[str, str] = {}
            for item in coerced if key is not None else ():
                item_id = key(item)  # type: ignore[misc]
                if item_id in owners or item_id in claimed:
                    owner = f"plugin {owners[item_id]!r}" if item_id in owners else "itself"
                    raise Malformed(f"{what} {item_id!r} is already registered by {owner}")
                claimed[item_id] = name
        except (Malformed, DomainError, TypeError, ValueError) as error:
            pm.fail(
                name,
                f"plugin {name!r} failed in {hook_name}: {_describe(error)}",
                consequence=left_out,
            )
            continue
        owners.update(claimed)
        items.extend(coerced)
    return items


def call_each(
    hook_name: str,
    *,
    passthrough: tuple[type[BaseException], ...] = (),
    expect_none: bool = False,
    pm: PluginManager | None = None,
    **kwargs: Any,
) -> list[tuple[str, Any]]:
    """Call every implementation in turn; the first fault raises its ``PluginError``.

    For hooks whose every answer is needed (event validation): a plugin that implements the
    hook but has failed (in this hook or any other) cannot answer, so the call is refused
    with a ``PluginError`` naming it rather than made without it.
    """
    pm = pm or get_plugin_manager()
    for impl in hook_impls(pm, hook_name, include_failed=True):
        name = impl.plugin_name
        if pm.is_failed(name):
            earlier = "; ".join(pm.records[name].errors)
            raise PluginError(
                f"plugin {name!r} cannot run {hook_name}: it failed earlier ({earlier}); "
                f"disable it ({DISABLE_ENV}={name}) to go on without it"
            )
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
    """Why a framework or service may be missing: failed and disabled plugins, or ``""``.

    Appended to "unknown framework/service" errors, e.g. `` (plugin 'x' failed; see
    'cec-ledger plugins')`` or `` (plugin 'cec-ledger-plc' is disabled by
    CEC_LEDGER_DISABLE_PLUGINS; see 'cec-ledger plugins')``: the likeliest causes.
    """
    failed, disabled = get_plugin_manager().unavailable()
    reasons = []
    if failed:
        names = ", ".join(repr(n) for n in failed)
        reasons.append(f"{'plugin' if len(failed) == 1 else 'plugins'} {names} failed")
    if disabled:
        names = ", ".join(repr(n) for n in disabled)
        verb = "is" if len(disabled) == 1 else "are"
        noun = "plugin" if len(disabled) == 1 else "plugins"
        reasons.append(f"{noun} {names} {verb} disabled by {DISABLE_ENV}")
    if not reasons:
        return ""
    return f" ({'; '.join(reasons)}; see 'cec-ledger plugins')"
