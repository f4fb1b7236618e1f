"""``plugin_info()``: one row per plugin, the same rows ``cec-ledger plugins --json`` prints."""

from __future__ import annotations

from typing import Any

from cec_ledger.plugins.checks import plugin_checks
from cec_ledger.plugins.frameworks import list_frameworks
from cec_ledger.plugins.manager import PluginRecord, get_plugin_manager, warnings_muted
from cec_ledger.plugins.services import list_services


def plugin_info(*, exercise: bool = True) -> list[dict[str, Any]]:
    """One dict per plugin, by name: ``name``, ``version``, ``distribution``, ``source``,
    ``hooks``, ``status`` (ok, failed or disabled), ``error`` (None or the failures joined
    by "; "), ``warnings`` (list), ``frameworks``, ``services`` and ``checks`` (the ids and
    check names it provides; a check that failed while ``check`` ran in this process is among
    the warnings).

    The collection hooks run first, so a plugin that fails only when registering frameworks
    or services shows as failed. ``exercise=False`` skips that (the frameworks and services
    lists are then empty unless already built). Failures are reported in the rows, not as
    warning lines on stderr.
    """
    with warnings_muted():
        pm = get_plugin_manager()
        frameworks = list_frameworks() if exercise else pm.cache.get("frameworks", [])
        services = list_services() if exercise else pm.cache.get("services", [])
        checks = plugin_checks() if exercise else pm.cache.get("checks", [])
    provided: dict[str, dict[str, list[str]]] = {}
    for framework in frameworks:
        provided.setdefault(framework.plugin, {}).setdefault("frameworks", []).append(framework.id)
    for service in services:
        provided.setdefault(service.plugin, {}).setdefault("services", []).append(service.id)
    for check in checks:
        provided.setdefault(check.plugin, {}).setdefault("checks", []).append(check.name)
    records = dict(pm.records)
    for name, _plugin in pm.list_name_plugin():
        records.setdefault(name, PluginRecord(name))
    rows = []
    for name in sorted(records):
        record = records[name]
        plugin = pm.get_plugin(name)
        callers = (pm.get_hookcallers(plugin) or []) if plugin is not None else []
        rows.append(
            {
                "name": name,
                "version": record.version,
                "distribution": record.distribution,
                "source": record.source,
                "hooks": sorted(caller.name for caller in callers),
                "status": record.status,
                "error": "; ".join(record.errors) or None,
                "warnings": list(record.warnings),
                "frameworks": provided.get(name, {}).get("frameworks", []),
                "services": provided.get(name, {}).get("services", []),
                "checks": provided.get(name, {}).get("checks", []),
            }
        )
    return rows


def plugin_warnings() -> list[str]:
    """Warnings about no plugin in particular (a disabled name that matches no plugin)."""
    with warnings_muted():
        return list(get_plugin_manager().warnings)
