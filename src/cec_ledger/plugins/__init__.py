"""The plugin system: one manager, the hook specifications, frameworks and the service catalogue."""

from cec_ledger.plugins.manager import *  # noqa: F403
from cec_ledger.plugins.manager import (
    DISABLE_ENV,
    ENTRY_POINT_GROUP,
    TRACE_ENV,
    Malformed,
    PluginManager,
    PluginRecord,
    build_plugin_manager,
    cached,
    call_each,
    call_impl,
    collect,
    failure_hint,
    get_plugin_manager,
    hook_impls,
    hookimpl,
    plugin_info,
    reset_plugin_manager,
    set_plugin_manager,
)
