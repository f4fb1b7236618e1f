"""``plugin_info()``: one row per plugin, the same rows ``cec-ledger plugins --json`` prints."""

from __future__ import annotations

from typing import Any

from cec_ledger.plugins.frameworks import list_frameworks
from cec_ledger.plugins.manager import PluginRecord, get_plugin_manager
from cec_ledger.plugins.services import list_services


def plugin_info(*, exercise: bool = False) -> list[dict[str, Any]]:
    """One dict per plugin: name, version, distribution, hooks, status, error.

    With ``exercise=True`` the collection hooks run first (so a plugin that fails only when
    registering frameworks or services shows as failed) and each row also lists the
    ``frameworks`` and ``services`` it provides.
    """
    pm = get_plugin_manager()
    provided: dict[str, dict[str, list[str]]] = {}
    if exercise:
        for framework in list_frameworks():
            provided.setdefault(framework.plugin, {}).setdefault("frameworks", []).append(
                framework.id
            )
        for service in list_services():
            provided.setdefault(service.plugin, {}).setdefault("services", []).append(service.id)
    records = dict(pm.records)
    for name, _plugin in pm.list_name_plugin():
        records.setdefault(name, PluginRecord(name))
    rows = []
    for name in sorted(records):
        record = records[name]
        plugin = pm.get_plugin(name)
        callers = (pm.get_hookcallers(plugin) or []) if plugin is not None else []
        row: dict[str, Any] = {
            "name": name,
            "version": record.version,
            "distribution": record.distribution,
            "source": record.source,
            "hooks": sorted(caller.name for caller in callers),
            "status": record.status,
            "error": "; ".join(record.errors) or None,
        }
        if exercise:
            row["frameworks"] = provided.get(name, {}).get("frameworks", [])
            row["services"] = provided.get(name, {}).get("services", [])
        rows.append(row)
    return rows
